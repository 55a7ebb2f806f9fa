//! The widget's English and Russian texts.

use crate::core_api::Lang;

/// Every fixed text the widget shows, in one language.
pub struct Strings {
    pub give: &'static str,
    pub get: &'static str,
    pub amount_give: &'static str,
    pub amount_get: &'static str,
    pub swap: &'static str,
    pub search_give: &'static str,
    pub search_get: &'static str,
    pub no_match: &'static str,
    pub reserve: &'static str,
    pub min: &'static str,
    pub max: &'static str,
    pub city: &'static str,
    pub go: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub copy_failed: &'static str,
    pub loading: &'static str,
    pub stale: &'static str,
    pub updated: &'static str,
    pub seconds_ago: &'static str,
    pub minutes_ago: &'static str,
    pub just_now: &'static str,
    pub you_get: &'static str,
    pub you_give: &'static str,
    pub approximate: &'static str,
    pub fallback: &'static str,
    pub config_title: &'static str,
    pub network_title: &'static str,
    pub cors_title: &'static str,
    pub maintenance_title: &'static str,
    pub empty_title: &'static str,
    pub parse_title: &'static str,
    pub refresh_failed: &'static str,
    pub no_directions_for: &'static str,
    pub flags: &'static str,
    pub retry_in: &'static str,
    pub seconds: &'static str,
    pub offers: &'static str,
    pub best_offer: &'static str,
    pub none_fits: &'static str,
    pub unavailable: &'static str,
    pub stale_offer: &'static str,
    pub go_at: &'static str,
}

// The two tables are statics: the same language is the same table.
impl PartialEq for Strings {
    fn eq(&self, other: &Strings) -> bool {
        std::ptr::eq(self, other)
    }
}

/// English.
pub static EN: Strings = Strings {
    give: "You give",
    get: "You get",
    amount_give: "Amount you give",
    amount_get: "Amount you get",
    swap: "Swap currencies",
    search_give: "Currency you give",
    search_get: "Currency you get",
    no_match: "No currency matches",
    reserve: "Reserve",
    min: "Min",
    max: "Max",
    city: "City",
    go: "Exchange",
    copy: "Copy link",
    copied: "Link copied",
    copy_failed: "Could not copy; select the link and copy it:",
    loading: "Loading rates…",
    stale: "Rates may be out of date",
    updated: "Updated",
    seconds_ago: "s ago",
    minutes_ago: "min ago",
    just_now: "just now",
    you_get: "You get",
    you_give: "You give",
    approximate: "≈ Approximate: the exchanger's fee rules leave room for a small difference",
    fallback: "Go to the exchanger",
    config_title: "The widget is not configured correctly",
    network_title: "Rates could not be loaded",
    cors_title: "Rates could not be loaded from another site",
    maintenance_title: "The exchanger is under maintenance",
    empty_title: "No exchange directions are available right now",
    parse_title: "The rates feed could not be read",
    refresh_failed: "Last refresh failed",
    no_directions_for: "No direction from",
    flags: "Conditions",
    retry_in: "Trying again in",
    seconds: "s",
    offers: "Offers",
    best_offer: "Best offer",
    none_fits: "No exchanger takes this amount",
    unavailable: "Unavailable",
    stale_offer: "may be out of date",
    go_at: "Exchange at",
};

/// Russian.
pub static RU: Strings = Strings {
    give: "Отдаёте",
    get: "Получаете",
    amount_give: "Сумма, которую отдаёте",
    amount_get: "Сумма, которую получаете",
    swap: "Поменять валюты местами",
    search_give: "Валюта, которую отдаёте",
    search_get: "Валюта, которую получаете",
    no_match: "Ничего не найдено",
    reserve: "Резерв",
    min: "Мин.",
    max: "Макс.",
    city: "Город",
    go: "Обменять",
    copy: "Копировать ссылку",
    copied: "Ссылка скопирована",
    copy_failed: "Не удалось скопировать; выделите ссылку и скопируйте:",
    loading: "Загрузка курсов…",
    stale: "Курсы могли устареть",
    updated: "Обновлено",
    seconds_ago: "с назад",
    minutes_ago: "мин назад",
    just_now: "только что",
    you_get: "Вы получите",
    you_give: "Вы отдадите",
    approximate: "≈ Примерно: правила комиссий обменника допускают небольшую разницу",
    fallback: "Перейти на сайт обменника",
    config_title: "Виджет настроен неверно",
    network_title: "Не удалось загрузить курсы",
    cors_title: "Не удалось загрузить курсы с другого сайта",
    maintenance_title: "Обменник на техническом обслуживании",
    empty_title: "Сейчас нет доступных направлений обмена",
    parse_title: "Не удалось прочитать файл курсов",
    refresh_failed: "Последнее обновление не удалось",
    no_directions_for: "Нет направлений из",
    flags: "Условия",
    retry_in: "Повторная попытка через",
    seconds: "с",
    offers: "Предложения",
    best_offer: "Лучшее предложение",
    none_fits: "Ни один обменник не примет эту сумму",
    unavailable: "Нет данных",
    stale_offer: "курс мог устареть",
    go_at: "Обменять в",
};

/// The texts for a language.
pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::En => &EN,
        Lang::Ru => &RU,
    }
}

/// "3 currencies available for BTC" / "3 валюты доступны для BTC", plural forms agreed.
pub fn targets_note(n: usize, code: &str, lang: Lang) -> String {
    match lang {
        Lang::En => {
            let word = if n == 1 { "currency" } else { "currencies" };
            format!("{n} {word} available for {code}")
        }
        Lang::Ru => {
            let words = match (n % 10, n % 100) {
                (1, m) if m != 11 => "валюта доступна",
                (2..=4, m) if !(12..=14).contains(&m) => "валюты доступны",
                _ => "валют доступно",
            };
            format!("{n} {words} для {code}")
        }
    }
}

/// "Trying again in 4 s…" / "Повторная попытка через 4 с…" (whole seconds, at least 1).
pub fn retry_note(in_ms: u32, s: &Strings) -> String {
    let secs = in_ms.div_ceil(1000).max(1);
    format!("{} {secs} {}…", s.retry_in, s.seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_notes_name_the_wait() {
        assert_eq!(retry_note(1000, &EN), "Trying again in 1 s…");
        assert_eq!(retry_note(3500, &RU), "Повторная попытка через 4 с…");
        assert_eq!(retry_note(0, &EN), "Trying again in 1 s…");
    }

    #[test]
    fn target_notes_agree_in_number() {
        assert_eq!(
            targets_note(1, "BTC", Lang::Ru),
            "1 валюта доступна для BTC"
        );
        assert_eq!(
            targets_note(3, "BTC", Lang::Ru),
            "3 валюты доступны для BTC"
        );
        assert_eq!(
            targets_note(11, "BTC", Lang::Ru),
            "11 валют доступно для BTC"
        );
        assert_eq!(
            targets_note(22, "BTC", Lang::Ru),
            "22 валюты доступны для BTC"
        );
        assert_eq!(
            targets_note(25, "BTC", Lang::Ru),
            "25 валют доступно для BTC"
        );
        assert_eq!(
            targets_note(1, "BTC", Lang::En),
            "1 currency available for BTC"
        );
        assert_eq!(
            targets_note(5, "BTC", Lang::En),
            "5 currencies available for BTC"
        );
    }
}
