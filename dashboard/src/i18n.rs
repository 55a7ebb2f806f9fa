//! The dashboard's English and Russian texts, as typed tables (like the widget's `src/i18n.rs`).

pub use ratelink_core::format::Lang;

/// Every fixed text the dashboard shows, in one language.
pub struct Strings {
    /// "Partner dashboard"
    pub title: &'static str,
    /// "Log in"
    pub login: &'static str,
    /// "Dashboard password"
    pub password: &'static str,
    /// "Log out"
    pub logout: &'static str,
    /// "Logging in…"
    pub logging_in: &'static str,
    /// "Use a partner API key directly (advanced)"
    pub direct_mode: &'static str,
    /// "Log in through the relay"
    pub relay_mode: &'static str,
    /// "Direct mode sends your partner API key from this browser str…"
    pub direct_warning: &'static str,
    /// "Partner API"
    pub api_family: &'static str,
    /// "API endpoint URL"
    pub endpoint: &'static str,
    /// "Partner API key"
    pub api_key: &'static str,
    /// "Keep the key until this tab closes (sessionStorage)"
    pub remember_tab: &'static str,
    /// "Connect"
    pub connect: &'static str,
    /// "Forget the key"
    pub forget_key: &'static str,
    /// "Overview"
    pub overview: &'static str,
    /// "Clicks"
    pub clicks: &'static str,
    /// "Exchanges"
    pub exchanges: &'static str,
    /// "Payouts"
    pub payouts: &'static str,
    /// "Balance"
    pub balance: &'static str,
    /// "site currency"
    pub currency_unknown: &'static str,
    /// "Referral percent"
    pub reward_percent: &'static str,
    /// "Referrals"
    pub referrals: &'static str,
    /// "Total received"
    pub total_received: &'static str,
    /// "Total withdrawn"
    pub total_withdrawn: &'static str,
    /// "Minimum payout"
    pub min_payout: &'static str,
    /// "Referral link"
    pub referral_link: &'static str,
    /// "Link to a currency pair"
    pub link_builder: &'static str,
    /// "Give (cur_from)"
    pub cur_from: &'static str,
    /// "Get (cur_to)"
    pub cur_to: &'static str,
    /// "Copy"
    pub copy: &'static str,
    /// "Copied"
    pub copied: &'static str,
    /// "Select the text and copy it"
    pub copy_failed: &'static str,
    /// "This API does not tell the referral code."
    pub no_referral_code: &'static str,
    /// "From"
    pub from: &'static str,
    /// "To"
    pub to: &'static str,
    /// "7 days"
    pub last_7: &'static str,
    /// "30 days"
    pub last_30: &'static str,
    /// "90 days"
    pub last_90: &'static str,
    /// "Loading…"
    pub loading: &'static str,
    /// "Try again"
    pub retry: &'static str,
    /// "Nothing in this period."
    pub empty: &'static str,
    /// "Clicks per day"
    pub clicks_per_day: &'static str,
    /// "Exchanges per day"
    pub exchanges_per_day: &'static str,
    /// "Credited earnings per day"
    pub earnings_per_day: &'static str,
    /// "Not credited yet"
    pub not_credited: &'static str,
    /// "without an exact date (not in the chart)"
    pub undated: &'static str,
    /// "Referrers"
    pub referrers: &'static str,
    /// "Browsers"
    pub browsers: &'static str,
    /// "This partner API does not report clicks."
    pub clicks_unsupported: &'static str,
    /// "Date"
    pub date: &'static str,
    /// "Give"
    pub give: &'static str,
    /// "Get"
    pub get: &'static str,
    /// "Reward"
    pub reward: &'static str,
    /// "Status"
    pub status: &'static str,
    /// "Credited"
    pub accrued: &'static str,
    /// "yes"
    pub yes: &'static str,
    /// "no"
    pub no: &'static str,
    /// "done"
    pub done: &'static str,
    /// "pending"
    pub pending: &'static str,
    /// "failed"
    pub failed: &'static str,
    /// "paid"
    pub paid: &'static str,
    /// "cancelled"
    pub cancelled: &'static str,
    /// "Page"
    pub page: &'static str,
    /// "Previous"
    pub prev: &'static str,
    /// "Next"
    pub next: &'static str,
    /// "Totals"
    pub totals: &'static str,
    /// "exchanges"
    pub count: &'static str,
    /// "completed"
    pub completed: &'static str,
    /// "(this page)"
    pub totals_page_only: &'static str,
    /// "Export CSV"
    pub export_csv: &'static str,
    /// "IP"
    pub ip: &'static str,
    /// "Referrer"
    pub referrer: &'static str,
    /// "Browser"
    pub browser: &'static str,
    /// "Amount"
    pub amount: &'static str,
    /// "Method"
    pub method: &'static str,
    /// "Account"
    pub account: &'static str,
    /// "Request a payout"
    pub request_payout: &'static str,
    /// "A payout always takes the whole balance."
    pub payout_whole_balance: &'static str,
    /// "Commission"
    pub commission: &'static str,
    /// "You receive"
    pub you_receive: &'static str,
    /// "in the method's currency" (after an amount whose currency nothing names)
    pub in_method_currency: &'static str,
    /// "Continue"
    pub continue_: &'static str,
    /// "Confirm the payout"
    pub confirm_payout: &'static str,
    /// "Confirm payout"
    pub confirm: &'static str,
    /// "Cancel"
    pub cancel: &'static str,
    /// "Sending…"
    pub sending: &'static str,
    /// "Payout requested"
    pub payout_requested: &'static str,
    /// "This partner API cannot request payouts; use the exchanger's…"
    pub reason_unsupported: &'static str,
    /// "There is nothing to pay out yet."
    pub reason_zero: &'static str,
    /// "The balance is below the minimum payout"
    pub reason_below_min: &'static str,
    /// "No payout method can cover the balance right now."
    pub reason_no_methods: &'static str,
    /// "Enter the account to pay to."
    pub reason_no_account: &'static str,
    /// "The session has ended; log in again."
    pub session_expired: &'static str,
    /// "not available"
    pub not_available: &'static str,
    /// "Showing the latest"
    pub showing_first: &'static str,
    /// "Export CSV for every row."
    pub export_for_all: &'static str,
    /// "Dashboard password (again, to send money)"
    pub payout_password: &'static str,
    /// "No payout was requested: check the password and confirm again."
    pub payout_refused: &'static str,
    /// "Enter the dashboard password to confirm."
    pub reason_no_password: &'static str,
    /// "Put the widget on your site"
    pub embed_title: &'static str,
    /// "Feed"
    pub embed_feed: &'static str,
    /// "Give"
    pub embed_from: &'static str,
    /// "Get"
    pub embed_to: &'static str,
    /// "Content-Security-Policy your page needs…"
    pub embed_csp: &'static str,
    /// "Copy the code"
    pub embed_copy: &'static str,
    /// "Copying was refused…"
    pub embed_copy_failed: &'static str,
    /// "Placements"
    pub placements: &'static str,
    /// "Widget"
    pub widget: &'static str,
    /// "Placement"
    pub placement: &'static str,
    /// "Visitors"
    pub visitors: &'static str,
    /// "Conversion"
    pub conversion: &'static str,
    /// "Completed"
    pub completed_col: &'static str,
    /// "(no placement)"
    pub no_placement: &'static str,
    /// "Placements are not supported by this exchanger's API: it does not report clicks, so exchanges cannot be traced to a widget."
    pub placements_unsupported: &'static str,
    /// "Each exchange is credited to the visitor's last click before it. Choose a placement to see its pairs."
    pub placements_note: &'static str,
    /// "Exchanges without a click"
    pub unattributed: &'static str,
    /// "Pairs:"
    pub pairs_of: &'static str,
    /// "Pair"
    pub pair: &'static str,
    /// "(no pair)"
    pub no_pair: &'static str,
    /// "Widget builder"
    pub builder_title: &'static str,
    /// "The preview is the real widget, loaded from this relay the way a visitor gets it. Paste the code below into your page."
    pub builder_note: &'static str,
    /// "The widget builder needs the relay, which serves the widget: log in through the relay."
    pub builder_direct: &'static str,
    /// "This relay serves no feeds."
    pub no_feeds: &'static str,
    /// "Starting pair"
    pub start_pair: &'static str,
    /// "Visitor's choice"
    pub visitor_choice: &'static str,
    /// "Theme"
    pub theme: &'static str,
    /// "Auto (visitor's system)"
    pub theme_auto: &'static str,
    /// "Light"
    pub theme_light: &'static str,
    /// "Dark"
    pub theme_dark: &'static str,
    /// "Language"
    pub widget_lang: &'static str,
    /// "Page language"
    pub lang_page: &'static str,
    /// "English"
    pub lang_en: &'static str,
    /// "Russian"
    pub lang_ru: &'static str,
    /// "Layout"
    pub layout: &'static str,
    /// "Full"
    pub layout_full: &'static str,
    /// "Compact"
    pub layout_compact: &'static str,
    /// Layout name: several exchangers' offers side by side (the relay's `/compare`).
    pub layout_compare: &'static str,
    /// Under the disabled feed choice in the compare layout.
    pub compare_feeds: &'static str,
    /// "Names this spot on your site: links carry it as utm_content and the Placements tab counts it. Optional."
    pub placement_hint: &'static str,
    /// "Use 1 to 64 characters: A–Z, a–z, 0–9, '.', '_' and '-'."
    pub placement_bad: &'static str,
    /// "Preview"
    pub preview: &'static str,
    /// "Widget preview"
    pub preview_title: &'static str,
    /// "Embed code"
    pub embed_code: &'static str,
}

// The two tables are statics: the same language is the same table.
impl PartialEq for Strings {
    fn eq(&self, other: &Strings) -> bool {
        std::ptr::eq(self, other)
    }
}

/// English.
pub static EN: Strings = Strings {
    title: "Partner dashboard",
    login: "Log in",
    password: "Dashboard password",
    logout: "Log out",
    logging_in: "Logging in…",
    direct_mode: "Use a partner API key directly (advanced)",
    relay_mode: "Log in through the relay",
    direct_warning: "Direct mode sends your partner API key from this browser straight to the exchanger. The key is kept in this tab's memory only and is never put into the page. Anyone who can run scripts on this page could read it, and a pp key can request payouts. Prefer the relay, which keeps the key on the server. The exchanger must allow cross-origin requests for this to work.",
    api_family: "Partner API",
    endpoint: "API endpoint URL",
    api_key: "Partner API key",
    remember_tab: "Keep the key until this tab closes (sessionStorage)",
    connect: "Connect",
    forget_key: "Forget the key",
    overview: "Overview",
    clicks: "Clicks",
    exchanges: "Exchanges",
    payouts: "Payouts",
    balance: "Balance",
    currency_unknown: "site currency",
    reward_percent: "Referral percent",
    referrals: "Referrals",
    total_received: "Total received",
    total_withdrawn: "Total withdrawn",
    min_payout: "Minimum payout",
    referral_link: "Referral link",
    link_builder: "Link to a currency pair",
    cur_from: "Give (cur_from)",
    cur_to: "Get (cur_to)",
    copy: "Copy",
    copied: "Copied",
    copy_failed: "Select the text and copy it",
    no_referral_code: "This API does not tell the referral code.",
    from: "From",
    to: "To",
    last_7: "7 days",
    last_30: "30 days",
    last_90: "90 days",
    loading: "Loading…",
    retry: "Try again",
    empty: "Nothing in this period.",
    clicks_per_day: "Clicks per day",
    exchanges_per_day: "Exchanges per day",
    earnings_per_day: "Credited earnings per day",
    not_credited: "Not credited yet",
    undated: "without an exact date (not in the chart)",
    referrers: "Referrers",
    browsers: "Browsers",
    clicks_unsupported: "This partner API does not report clicks.",
    date: "Date",
    give: "Give",
    get: "Get",
    reward: "Reward",
    status: "Status",
    accrued: "Credited",
    yes: "yes",
    no: "no",
    done: "done",
    pending: "pending",
    failed: "failed",
    paid: "paid",
    cancelled: "cancelled",
    page: "Page",
    prev: "Previous",
    next: "Next",
    totals: "Totals",
    count: "exchanges",
    completed: "completed",
    totals_page_only: "(this page)",
    export_csv: "Export CSV",
    ip: "IP",
    referrer: "Referrer",
    browser: "Browser",
    amount: "Amount",
    method: "Method",
    account: "Account",
    request_payout: "Request a payout",
    payout_whole_balance: "A payout always takes the whole balance.",
    commission: "Commission",
    you_receive: "You receive",
    in_method_currency: "in the method's currency",
    continue_: "Continue",
    confirm_payout: "Confirm the payout",
    confirm: "Confirm payout",
    cancel: "Cancel",
    sending: "Sending…",
    payout_requested: "Payout requested",
    reason_unsupported: "This partner API cannot request payouts; use the exchanger's site.",
    reason_zero: "There is nothing to pay out yet.",
    reason_below_min: "The balance is below the minimum payout",
    reason_no_methods: "No payout method can cover the balance right now.",
    reason_no_account: "Enter the account to pay to.",
    session_expired: "The session has ended; log in again.",
    not_available: "not available",
    showing_first: "Showing the latest",
    export_for_all: "Export CSV for every row.",
    payout_password: "Dashboard password (again, to send money)",
    payout_refused: "No payout was requested: check the password and confirm again.",
    reason_no_password: "Enter the dashboard password to confirm.",
    embed_title: "Put the widget on your site",
    embed_feed: "Feed",
    embed_from: "Give",
    embed_to: "Get",
    embed_csp: "Content-Security-Policy your page needs (merge into its own):",
    embed_copy: "Copy the code",
    embed_copy_failed: "Copying was refused: the code is selected, press Ctrl+C",
    placements: "Placements",
    widget: "Widget",
    placement: "Placement",
    visitors: "Visitors",
    conversion: "Conversion",
    completed_col: "Completed",
    no_placement: "(no placement)",
    placements_unsupported: "Placements are not supported by this exchanger's API: it does not report clicks, so exchanges cannot be traced to a widget.",
    placements_note: "Each exchange is credited to the visitor's last click before it. Choose a placement to see its pairs.",
    unattributed: "Exchanges without a click",
    pairs_of: "Pairs:",
    pair: "Pair",
    no_pair: "(no pair)",
    builder_title: "Widget builder",
    builder_note: "The preview is the real widget, loaded from this relay the way a visitor gets it. Paste the code below into your page.",
    builder_direct: "The widget builder needs the relay, which serves the widget: log in through the relay.",
    no_feeds: "This relay serves no feeds.",
    start_pair: "Starting pair",
    visitor_choice: "Visitor's choice",
    theme: "Theme",
    theme_auto: "Auto (visitor's system)",
    theme_light: "Light",
    theme_dark: "Dark",
    widget_lang: "Language",
    lang_page: "Page language",
    lang_en: "English",
    lang_ru: "Russian",
    layout: "Layout",
    layout_full: "Full",
    layout_compact: "Compact",
    layout_compare: "Compare exchangers",
    compare_feeds: "The compare layout shows the offers of every feed of this relay.",
    placement_hint: "Names this spot on your site: links carry it as utm_content and the Placements tab counts it. Optional.",
    placement_bad: "Use 1 to 64 characters: A–Z, a–z, 0–9, '.', '_' and '-'.",
    preview: "Preview",
    preview_title: "Widget preview",
    embed_code: "Embed code",
};

/// Russian.
pub static RU: Strings = Strings {
    title: "Кабинет партнёра",
    login: "Войти",
    password: "Пароль кабинета",
    logout: "Выйти",
    logging_in: "Вход…",
    direct_mode: "Ввести ключ API партнёра напрямую (для опытных)",
    relay_mode: "Войти через relay",
    direct_warning: "В прямом режиме ключ API партнёра отправляется из этого браузера прямо обменнику. Ключ хранится только в памяти этой вкладки и никогда не попадает в страницу. Любой скрипт на этой странице может его прочитать, а ключ pp позволяет заказывать выплаты. Лучше используйте relay: он хранит ключ на сервере. Обменник должен разрешать кросс-доменные запросы.",
    api_family: "API партнёра",
    endpoint: "Адрес API",
    api_key: "Ключ API партнёра",
    remember_tab: "Хранить ключ до закрытия вкладки (sessionStorage)",
    connect: "Подключиться",
    forget_key: "Забыть ключ",
    overview: "Обзор",
    clicks: "Переходы",
    exchanges: "Обмены",
    payouts: "Выплаты",
    balance: "Баланс",
    currency_unknown: "валюта сайта",
    reward_percent: "Процент партнёра",
    referrals: "Рефералы",
    total_received: "Всего получено",
    total_withdrawn: "Всего выведено",
    min_payout: "Минимальная выплата",
    referral_link: "Партнёрская ссылка",
    link_builder: "Ссылка на направление обмена",
    cur_from: "Отдаёте (cur_from)",
    cur_to: "Получаете (cur_to)",
    copy: "Копировать",
    copied: "Скопировано",
    copy_failed: "Выделите текст и скопируйте",
    no_referral_code: "Этот API не сообщает партнёрский код.",
    from: "С",
    to: "По",
    last_7: "7 дней",
    last_30: "30 дней",
    last_90: "90 дней",
    loading: "Загрузка…",
    retry: "Повторить",
    empty: "За этот период ничего нет.",
    clicks_per_day: "Переходы по дням",
    exchanges_per_day: "Обмены по дням",
    earnings_per_day: "Начисленный заработок по дням",
    not_credited: "Ещё не начислено",
    undated: "без точной даты (не на графике)",
    referrers: "Источники",
    browsers: "Браузеры",
    clicks_unsupported: "Этот API партнёра не сообщает о переходах.",
    date: "Дата",
    give: "Отдал",
    get: "Получил",
    reward: "Вознаграждение",
    status: "Статус",
    accrued: "Начислено",
    yes: "да",
    no: "нет",
    done: "выполнен",
    pending: "в ожидании",
    failed: "не выполнен",
    paid: "выплачено",
    cancelled: "отменено",
    page: "Страница",
    prev: "Назад",
    next: "Дальше",
    totals: "Итого",
    count: "обменов",
    completed: "выполнено",
    totals_page_only: "(эта страница)",
    export_csv: "Выгрузить CSV",
    ip: "IP",
    referrer: "Источник",
    browser: "Браузер",
    amount: "Сумма",
    method: "Способ",
    account: "Счёт",
    request_payout: "Заказать выплату",
    payout_whole_balance: "Выплата всегда забирает весь баланс.",
    commission: "Комиссия",
    you_receive: "Вы получите",
    in_method_currency: "в валюте способа",
    continue_: "Продолжить",
    confirm_payout: "Подтвердите выплату",
    confirm: "Подтвердить выплату",
    cancel: "Отмена",
    sending: "Отправка…",
    payout_requested: "Выплата заказана",
    reason_unsupported: "Этот API не умеет заказывать выплаты; воспользуйтесь сайтом обменника.",
    reason_zero: "Пока нечего выводить.",
    reason_below_min: "Баланс меньше минимальной выплаты",
    reason_no_methods: "Сейчас ни один способ выплаты не покрывает баланс.",
    reason_no_account: "Укажите счёт для выплаты.",
    session_expired: "Сессия закончилась; войдите снова.",
    not_available: "нет данных",
    showing_first: "Показаны последние",
    export_for_all: "Все строки — в выгрузке CSV.",
    payout_password: "Пароль кабинета (ещё раз, чтобы отправить деньги)",
    payout_refused: "Выплата не заказана: проверьте пароль и подтвердите снова.",
    reason_no_password: "Введите пароль кабинета для подтверждения.",
    embed_title: "Виджет на вашем сайте",
    embed_feed: "Курсы",
    embed_from: "Отдаёте",
    embed_to: "Получаете",
    embed_csp: "Content-Security-Policy, нужная странице (добавьте к своей):",
    embed_copy: "Скопировать код",
    embed_copy_failed: "Браузер не дал скопировать: код выделен, нажмите Ctrl+C",
    placements: "Размещения",
    widget: "Виджет",
    placement: "Размещение",
    visitors: "Посетители",
    conversion: "Конверсия",
    completed_col: "Завершено",
    no_placement: "(без размещения)",
    placements_unsupported: "Размещения не поддерживаются API этого обменника: он не сообщает о переходах, поэтому обмены нельзя связать с виджетом.",
    placements_note: "Каждый обмен засчитан последнему переходу посетителя перед ним. Выберите размещение, чтобы увидеть его пары.",
    unattributed: "Обмены без перехода",
    pairs_of: "Пары:",
    pair: "Пара",
    no_pair: "(без пары)",
    builder_title: "Конструктор виджета",
    builder_note: "В предпросмотре настоящий виджет, загруженный с этого relay так же, как у посетителя. Вставьте код ниже в свою страницу.",
    builder_direct: "Конструктору виджета нужен relay, который раздаёт виджет: войдите через relay.",
    no_feeds: "Этот relay не раздаёт курсы.",
    start_pair: "Начальная пара",
    visitor_choice: "На выбор посетителя",
    theme: "Тема",
    theme_auto: "Авто (как в системе)",
    theme_light: "Светлая",
    theme_dark: "Тёмная",
    widget_lang: "Язык",
    lang_page: "Язык страницы",
    lang_en: "Английский",
    lang_ru: "Русский",
    layout: "Вид",
    layout_full: "Полный",
    layout_compact: "Компактный",
    layout_compare: "Сравнение обменников",
    compare_feeds: "В режиме сравнения виджет показывает предложения всех курсов этого relay.",
    placement_hint: "Название места на вашем сайте: ссылки несут его в utm_content, вкладка «Размещения» считает по нему. Необязательно.",
    placement_bad: "Допустимо от 1 до 64 символов: A–Z, a–z, 0–9, «.», «_» и «-».",
    preview: "Предпросмотр",
    preview_title: "Предпросмотр виджета",
    embed_code: "Код для вставки",
};

/// The texts for a language.
pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::En => &EN,
        Lang::Ru => &RU,
    }
}

impl Strings {
    /// A record's short status (`done`, `pending`, `failed`, `paid`, `cancelled`) in words;
    /// anything else as written.
    pub fn status<'a>(&self, short: &'a str) -> &'a str {
        match short {
            "done" => self.done,
            "pending" => self.pending,
            "failed" => self.failed,
            "paid" => self.paid,
            "cancelled" => self.cancelled,
            other => other,
        }
    }

    /// A widget layout's name in words (a layout without one here: its attribute value).
    pub fn layout_name<'a>(&self, layout: &'a str) -> &'a str {
        match layout {
            "full" => self.layout_full,
            "compact" => self.layout_compact,
            "compare" => self.layout_compare,
            other => other,
        }
    }

    /// A widget theme's name in words.
    pub fn theme_name<'a>(&self, theme: &'a str) -> &'a str {
        match theme {
            "auto" => self.theme_auto,
            "light" => self.theme_light,
            "dark" => self.theme_dark,
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_pick_their_table() {
        assert_eq!(strings(Lang::from_tag("ru-RU")).payouts, "Выплаты");
        assert_eq!(strings(Lang::from_tag("de")).payouts, "Payouts");
        assert!(strings(Lang::Ru) == &RU && strings(Lang::En) != &RU);
    }

    #[test]
    fn statuses_are_translated_and_unknown_ones_kept() {
        assert_eq!(RU.status("pending"), "в ожидании");
        assert_eq!(EN.status("paid"), "paid");
        assert_eq!(EN.status("on hold"), "on hold");
    }
}
