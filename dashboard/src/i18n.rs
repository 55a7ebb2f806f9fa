//! The dashboard's texts in English and Russian.

/// Interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Russian.
    Ru,
}

impl Lang {
    /// `ru*` is Russian; everything else English.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("ru") {
            Lang::Ru
        } else {
            Lang::En
        }
    }

    /// The text for `key` (the key itself if missing, so a gap shows rather than breaks).
    pub fn t(self, key: &'static str) -> &'static str {
        TEXTS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, en, ru)| if self == Lang::Ru { *ru } else { *en })
            .unwrap_or(key)
    }
}

const TEXTS: &[(&str, &str, &str)] = &[
    ("title", "Partner dashboard", "Кабинет партнёра"),
    ("login", "Log in", "Войти"),
    ("password", "Dashboard password", "Пароль кабинета"),
    ("logout", "Log out", "Выйти"),
    ("logging_in", "Logging in…", "Вход…"),
    ("direct_mode", "Use a partner API key directly (advanced)", "Ввести ключ API партнёра напрямую (для опытных)"),
    ("relay_mode", "Log in through the relay", "Войти через relay"),
    ("direct_warning", "Direct mode sends your partner API key from this browser straight to the exchanger. The key is kept in this tab's memory only and is never put into the page. Anyone who can run scripts on this page could read it, and a pp key can request payouts. Prefer the relay, which keeps the key on the server. The exchanger must allow cross-origin requests for this to work.", "В прямом режиме ключ API партнёра отправляется из этого браузера прямо обменнику. Ключ хранится только в памяти этой вкладки и никогда не попадает в страницу. Любой скрипт на этой странице может его прочитать, а ключ pp позволяет заказывать выплаты. Лучше используйте relay: он хранит ключ на сервере. Обменник должен разрешать кросс-доменные запросы."),
    ("api_family", "Partner API", "API партнёра"),
    ("endpoint", "API endpoint URL", "Адрес API"),
    ("api_key", "Partner API key", "Ключ API партнёра"),
    ("remember_tab", "Keep the key until this tab closes (sessionStorage)", "Хранить ключ до закрытия вкладки (sessionStorage)"),
    ("connect", "Connect", "Подключиться"),
    ("forget_key", "Forget the key", "Забыть ключ"),
    ("overview", "Overview", "Обзор"),
    ("clicks", "Clicks", "Переходы"),
    ("exchanges", "Exchanges", "Обмены"),
    ("payouts", "Payouts", "Выплаты"),
    ("balance", "Balance", "Баланс"),
    ("currency_unknown", "site currency", "валюта сайта"),
    ("reward_percent", "Referral percent", "Процент партнёра"),
    ("referrals", "Referrals", "Рефералы"),
    ("total_received", "Total received", "Всего получено"),
    ("total_withdrawn", "Total withdrawn", "Всего выведено"),
    ("min_payout", "Minimum payout", "Минимальная выплата"),
    ("referral_link", "Referral link", "Партнёрская ссылка"),
    ("link_builder", "Link to a currency pair", "Ссылка на направление обмена"),
    ("cur_from", "Give (cur_from)", "Отдаёте (cur_from)"),
    ("cur_to", "Get (cur_to)", "Получаете (cur_to)"),
    ("copy", "Copy", "Копировать"),
    ("copied", "Copied", "Скопировано"),
    ("copy_failed", "Select the text and copy it", "Выделите текст и скопируйте"),
    ("no_referral_code", "This API does not tell the referral code.", "Этот API не сообщает партнёрский код."),
    ("from", "From", "С"),
    ("to", "To", "По"),
    ("last_7", "7 days", "7 дней"),
    ("last_30", "30 days", "30 дней"),
    ("last_90", "90 days", "90 дней"),
    ("loading", "Loading…", "Загрузка…"),
    ("retry", "Try again", "Повторить"),
    ("empty", "Nothing in this period.", "За этот период ничего нет."),
    ("clicks_per_day", "Clicks per day", "Переходы по дням"),
    ("exchanges_per_day", "Exchanges per day", "Обмены по дням"),
    ("earnings_per_day", "Earnings per day", "Заработок по дням"),
    ("undated", "without an exact date (not in the chart)", "без точной даты (не на графике)"),
    ("referrers", "Referrers", "Источники"),
    ("browsers", "Browsers", "Браузеры"),
    ("clicks_unsupported", "This partner API does not report clicks.", "Этот API партнёра не сообщает о переходах."),
    ("date", "Date", "Дата"),
    ("give", "Give", "Отдал"),
    ("get", "Get", "Получил"),
    ("reward", "Reward", "Вознаграждение"),
    ("status", "Status", "Статус"),
    ("accrued", "Credited", "Начислено"),
    ("yes", "yes", "да"),
    ("no", "no", "нет"),
    ("done", "done", "выполнен"),
    ("pending", "pending", "в ожидании"),
    ("failed", "failed", "не выполнен"),
    ("paid", "paid", "выплачено"),
    ("cancelled", "cancelled", "отменено"),
    ("page", "Page", "Страница"),
    ("prev", "Previous", "Назад"),
    ("next", "Next", "Дальше"),
    ("totals", "Totals", "Итого"),
    ("count", "exchanges", "обменов"),
    ("completed", "completed", "выполнено"),
    ("totals_page_only", "(this page)", "(эта страница)"),
    ("export_csv", "Export CSV", "Выгрузить CSV"),
    ("ip", "IP", "IP"),
    ("referrer", "Referrer", "Источник"),
    ("browser", "Browser", "Браузер"),
    ("amount", "Amount", "Сумма"),
    ("method", "Method", "Способ"),
    ("account", "Account", "Счёт"),
    ("request_payout", "Request a payout", "Заказать выплату"),
    ("payout_whole_balance", "A payout always takes the whole balance.", "Выплата всегда забирает весь баланс."),
    ("commission", "Commission", "Комиссия"),
    ("you_receive", "You receive", "Вы получите"),
    ("continue", "Continue", "Продолжить"),
    ("confirm_payout", "Confirm the payout", "Подтвердите выплату"),
    ("confirm", "Confirm payout", "Подтвердить выплату"),
    ("cancel", "Cancel", "Отмена"),
    ("sending", "Sending…", "Отправка…"),
    ("payout_requested", "Payout requested", "Выплата заказана"),
    ("reason_unsupported", "This partner API cannot request payouts; use the exchanger's site.", "Этот API не умеет заказывать выплаты; воспользуйтесь сайтом обменника."),
    ("reason_zero", "There is nothing to pay out yet.", "Пока нечего выводить."),
    ("reason_below_min", "The balance is below the minimum payout", "Баланс меньше минимальной выплаты"),
    ("reason_no_methods", "No payout method can cover the balance right now.", "Сейчас ни один способ выплаты не покрывает баланс."),
    ("reason_no_account", "Enter the account to pay to.", "Укажите счёт для выплаты."),
    ("session_expired", "The session has ended; log in again.", "Сессия закончилась; войдите снова."),
    ("not_available", "not available", "нет данных"),
    ("showing_first", "Showing the latest", "Показаны последние"),
    ("export_for_all", "Export CSV for every row.", "Все строки — в выгрузке CSV."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages_and_is_unique() {
        let mut keys = std::collections::HashSet::new();
        for (k, en, ru) in TEXTS {
            assert!(keys.insert(*k), "duplicate key {k}");
            assert!(!en.is_empty() && !ru.is_empty(), "{k}");
        }
        assert_eq!(Lang::from_tag("ru-RU").t("payouts"), "Выплаты");
        assert_eq!(Lang::from_tag("de").t("payouts"), "Payouts");
    }
}
