//! The one place the widget touches ratelink-core's quote, link, currency and format APIs.
//!
//! Core's modules are being written in parallel; until each lands, the function here carries a
//! small local stand-in with the agreed signature, so switching to core is a one-file change.

pub use ratelink_core::Rounding;

pub use ratelink_core::{parse_feed, Decimal, Direction, Feed, FeedError, FeedStatus};

/// UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Russian.
    Ru,
}

impl Lang {
    /// `en`/`ru` from a language tag (`ru-RU` → Ru); `None` for anything else.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("ru") {
            Some(Lang::Ru)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

/// Broad kind of a currency, for grouping the pickers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Cryptocurrencies and tokens.
    Crypto,
    /// Electronic money (Perfect Money, Payeer, ...).
    Emoney,
    /// Bank transfers and internet banking.
    Bank,
    /// Card payments.
    Card,
    /// Cash in a city.
    Cash,
    /// Money transfer systems.
    Transfer,
    /// Anything not catalogued.
    Other,
}

impl Category {
    /// Group label shown in the pickers.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Category::Crypto, Lang::En) => "Crypto",
            (Category::Crypto, Lang::Ru) => "Криптовалюты",
            (Category::Emoney, Lang::En) => "E-money",
            (Category::Emoney, Lang::Ru) => "Электронные деньги",
            (Category::Bank, Lang::En) => "Banks",
            (Category::Bank, Lang::Ru) => "Банки",
            (Category::Card, Lang::En) => "Cards",
            (Category::Card, Lang::Ru) => "Карты",
            (Category::Cash, Lang::En) => "Cash",
            (Category::Cash, Lang::Ru) => "Наличные",
            (Category::Transfer, Lang::En) => "Money transfers",
            (Category::Transfer, Lang::Ru) => "Денежные переводы",
            (Category::Other, Lang::En) => "Other",
            (Category::Other, Lang::Ru) => "Другое",
        }
    }
}

/// What the widget shows about a currency code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrencyInfo {
    /// The code as in the feed.
    pub code: String,
    /// English name (the code itself when unknown).
    pub name_en: String,
    /// Russian name (the code itself when unknown).
    pub name_ru: String,
    /// Group.
    pub category: Category,
    /// Network/chain label (`TRC20`, ...), when the code names one.
    pub network: Option<String>,
}

impl CurrencyInfo {
    /// Name in the given language.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.name_en,
            Lang::Ru => &self.name_ru,
        }
    }
}

// Stand-in catalogue until core's `currency::lookup` lands: a few codes used by the demo.
const KNOWN: &[(&str, &str, &str, Category, Option<&str>)] = &[
    ("BTC", "Bitcoin", "Биткоин", Category::Crypto, None),
    ("ETH", "Ethereum", "Эфириум", Category::Crypto, None),
    ("LTC", "Litecoin", "Лайткоин", Category::Crypto, None),
    ("XMR", "Monero", "Монеро", Category::Crypto, None),
    ("USDTTRC20", "Tether USDT", "Tether USDT", Category::Crypto, Some("TRC20")),
    ("USDTERC20", "Tether USDT", "Tether USDT", Category::Crypto, Some("ERC20")),
    ("PMUSD", "Perfect Money USD", "Perfect Money USD", Category::Emoney, None),
    ("PRUSD", "Payeer USD", "Payeer USD", Category::Emoney, None),
    ("SBERRUB", "Sberbank RUB", "Сбербанк RUB", Category::Bank, None),
    ("TCSBRUB", "T-Bank RUB", "Т-Банк RUB", Category::Bank, None),
    ("CARDRUB", "Visa/MasterCard RUB", "Visa/MasterCard RUB", Category::Card, None),
    ("CASHUSD", "Cash USD", "Наличные USD", Category::Cash, None),
    ("CASHRUB", "Cash RUB", "Наличные RUB", Category::Cash, None),
    ("WIREUSD", "Wire transfer USD", "Банковский перевод USD", Category::Transfer, None),
];

/// Catalogue entry for a code; unknown codes fall back to the code itself.
pub fn lookup(code: &str) -> CurrencyInfo {
    let upper = code.to_ascii_uppercase();
    match KNOWN.iter().find(|k| k.0 == upper) {
        Some(&(_, en, ru, category, network)) => CurrencyInfo {
            code: code.to_string(),
            name_en: en.to_string(),
            name_ru: ru.to_string(),
            category,
            network: network.map(str::to_string),
        },
        None => CurrencyInfo {
            code: code.to_string(),
            name_en: code.to_string(),
            name_ru: code.to_string(),
            category: if upper.starts_with("CASH") { Category::Cash } else { Category::Other },
            network: None,
        },
    }
}

/// How well `query` matches a code or its names: lower is better, `None` is no match.
pub fn match_rank(code: &str, query: &str) -> Option<u32> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Some(0);
    }
    let c = code.to_lowercase();
    if c == q {
        return Some(0);
    }
    if c.starts_with(&q) {
        return Some(1);
    }
    let info = lookup(code);
    let en = info.name_en.to_lowercase();
    let ru = info.name_ru.to_lowercase();
    if en.starts_with(&q) || ru.starts_with(&q) {
        return Some(2);
    }
    if c.contains(&q) {
        return Some(3);
    }
    if en.contains(&q) || ru.contains(&q) {
        return Some(4);
    }
    None
}

/// Fraction digits shown for amounts in a currency.
pub fn precision_for(code: &str) -> u32 {
    let upper = code.to_ascii_uppercase();
    let fiat = ["RUB", "USD", "EUR", "UAH", "KZT", "GBP", "CNY", "TRY", "BYN", "UZS"];
    if fiat.iter().any(|f| upper.ends_with(f)) || upper.starts_with("USDT") || upper.starts_with("USDC") {
        2
    } else {
        8
    }
}

/// Formats an amount to `precision` fraction digits (rounded down), trailing zeros trimmed
/// beyond two places, grouped per language: `5,749,836.50` (en), `5 749 836,50` (ru).
pub fn format_amount(value: &Decimal, precision: u32, lang: Lang) -> String {
    let v = value.round_dp(precision, Rounding::Down);
    let text = v.to_string();
    let (sign, text) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, f),
        None => (text, ""),
    };
    // Two-place currencies keep their cents ("836.50"); finer ones drop trailing zeros.
    let mut frac = if precision <= 2 { frac.to_string() } else { frac.trim_end_matches('0').to_string() };
    while precision <= 2 && frac.len() < precision as usize {
        frac.push('0');
    }
    let (group_sep, dec_sep) = match lang {
        Lang::En => (",", "."),
        Lang::Ru => ("\u{202f}", ","),
    };
    let mut out = String::with_capacity(int.len() + frac.len() + 8);
    out.push_str(sign);
    let first = int.len() % 3;
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (i + 3 - first) % 3 == 0 {
            out.push_str(group_sep);
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push_str(dec_sep);
        out.push_str(&frac);
    }
    out
}

/// Formats a rate with enough significant digits to be useful.
pub fn format_rate(value: &Decimal, lang: Lang) -> String {
    let int_digits = value.round_dp(0, Rounding::Down).significant_digits();
    let precision = if value.round_dp(0, Rounding::Down).is_zero() {
        // Keep 6 significant digits of a small rate.
        let mut p = 2;
        while p < 18 && value.round_dp(p, Rounding::Down).significant_digits() < 6 && p < 18 {
            p += 1;
        }
        p
    } else if int_digits >= 4 {
        2
    } else {
        6
    };
    format_amount(value, precision, lang)
}

/// Reads what a visitor typed: spaces and group separators ignored, `,` or `.` as decimal
/// point. `None` when it is not a non-negative number.
pub fn parse_amount_input(text: &str) -> Option<Decimal> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '\u{a0}' && *c != '\'')
        .collect();
    let normalized = if cleaned.contains('.') && cleaned.contains(',') {
        cleaned.replace(',', "")
    } else {
        cleaned.replace(',', ".")
    };
    if normalized.is_empty() {
        return None;
    }
    let d = Decimal::parse(&normalized).ok()?;
    if d.is_negative() {
        None
    } else {
        Some(d)
    }
}

/// Why an amount cannot be exchanged as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimitProblem {
    /// Below the minimum, in `from`.
    BelowMin(Decimal),
    /// Above the maximum, in `from`.
    AboveMax(Decimal),
    /// Receives less than the minimum in `to`.
    BelowToMin(Decimal),
    /// Receives more than the maximum in `to`.
    AboveToMax(Decimal),
    /// Receives more than the exchanger holds, in `to`.
    OverReserve(Decimal),
}

impl LimitProblem {
    /// "minimum 0.001 BTC" and friends, for the direction's currencies.
    pub fn message(&self, dir: &Direction, lang: Lang) -> String {
        let (word, value, code) = match (self, lang) {
            (LimitProblem::BelowMin(v), Lang::En) => ("minimum", v, &dir.from),
            (LimitProblem::BelowMin(v), Lang::Ru) => ("минимум", v, &dir.from),
            (LimitProblem::AboveMax(v), Lang::En) => ("maximum", v, &dir.from),
            (LimitProblem::AboveMax(v), Lang::Ru) => ("максимум", v, &dir.from),
            (LimitProblem::BelowToMin(v), Lang::En) => ("minimum to receive", v, &dir.to),
            (LimitProblem::BelowToMin(v), Lang::Ru) => ("минимум к получению", v, &dir.to),
            (LimitProblem::AboveToMax(v), Lang::En) => ("maximum to receive", v, &dir.to),
            (LimitProblem::AboveToMax(v), Lang::Ru) => ("максимум к получению", v, &dir.to),
            (LimitProblem::OverReserve(v), Lang::En) => ("exceeds the reserve of", v, &dir.to),
            (LimitProblem::OverReserve(v), Lang::Ru) => ("больше резерва", v, &dir.to),
        };
        format!("{word} {} {code}", format_amount(value, 18, lang))
    }
}

/// An amount on both sides with what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// What the visitor gives, in `from`.
    pub give: Decimal,
    /// What the visitor gets, in `to`, after fees.
    pub get: Decimal,
    /// True when fees could only be estimated.
    pub approximate: bool,
    /// Limit and reserve problems, most important first.
    pub problems: Vec<LimitProblem>,
}

fn fee_rate(percent: &Decimal) -> Option<Decimal> {
    // 1 - percent/100, as a multiplier.
    Decimal::ONE.checked_sub(&percent.checked_div(&Decimal::HUNDRED, 20, Rounding::HalfUp)?)
}

fn problems(dir: &Direction, give: &Decimal, get: &Decimal) -> Vec<LimitProblem> {
    let mut out = Vec::new();
    if let Some(min) = dir.min.filter(|m| give < m) {
        out.push(LimitProblem::BelowMin(min));
    }
    if let Some(max) = dir.max.filter(|m| give > m && m.is_positive()) {
        out.push(LimitProblem::AboveMax(max));
    }
    if let Some(min) = dir.to_min.filter(|m| get < m) {
        out.push(LimitProblem::BelowToMin(min));
    }
    if let Some(max) = dir.to_max.filter(|m| get > m && m.is_positive()) {
        out.push(LimitProblem::AboveToMax(max));
    }
    if let Some(res) = dir.reserve.filter(|r| get > r) {
        out.push(LimitProblem::OverReserve(res));
    }
    out
}

/// Amount received for `give` of `dir.from`, fees applied, rounded down to `to`'s precision.
pub fn quote_give(dir: &Direction, give: &Decimal) -> Option<Quote> {
    let after_from = give
        .checked_mul(&fee_rate(&dir.from_fee.percent)?, Rounding::Down)?
        .checked_sub(&dir.from_fee.fixed)?;
    let gross = after_from.checked_mul(&dir.out, Rounding::Down)?.checked_div(&dir.r#in, 18, Rounding::Down)?;
    let get = gross
        .checked_mul(&fee_rate(&dir.to_fee.percent)?, Rounding::Down)?
        .checked_sub(&dir.to_fee.fixed)?
        .max(Decimal::ZERO)
        .round_dp(precision_for(&dir.to), Rounding::Down)
        .normalized();
    let problems = problems(dir, give, &get);
    Some(Quote { give: *give, get, approximate: !dir.fee_steps.is_empty() || dir.min_fee.is_some(), problems })
}

/// Amount to give so that `get` of `dir.to` is received, fees applied, rounded up.
pub fn quote_get(dir: &Direction, get: &Decimal) -> Option<Quote> {
    let gross = get
        .checked_add(&dir.to_fee.fixed)?
        .checked_div(&fee_rate(&dir.to_fee.percent)?, 18, Rounding::Up)?;
    let before_from = gross.checked_mul(&dir.r#in, Rounding::Up)?.checked_div(&dir.out, 18, Rounding::Up)?;
    let give = before_from
        .checked_add(&dir.from_fee.fixed)?
        .checked_div(&fee_rate(&dir.from_fee.percent)?, 18, Rounding::Up)?
        .round_dp(precision_for(&dir.from), Rounding::Up)
        .normalized();
    let problems = problems(dir, &give, get);
    Some(Quote { give, get: *get, approximate: !dir.fee_steps.is_empty() || dir.min_fee.is_some(), problems })
}

/// "Min 0.001739 BTC · Max 13.89 BTC" (plus receive-side limits); `None` without limits.
pub fn limits_text(dir: &Direction, lang: Lang) -> Option<String> {
    let (min, max, rmin, rmax) = match lang {
        Lang::En => ("Min", "Max", "receive min", "receive max"),
        Lang::Ru => ("Мин.", "Макс.", "получить мин.", "получить макс."),
    };
    let mut parts = Vec::new();
    let mut push = |label: &str, v: Option<Decimal>, code: &str| {
        if let Some(v) = v.filter(|v| v.is_positive()) {
            parts.push(format!("{label} {} {code}", format_amount(&v, 18, lang)));
        }
    };
    push(min, dir.min, &dir.from);
    push(max, dir.max, &dir.from);
    push(rmin, dir.to_min, &dir.to);
    push(rmax, dir.to_max, &dir.to);
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(" · "))
    }
}

/// A reasonable starting amount to give: the minimum when there is one, else 1.
pub fn suggested_amount(dir: &Direction) -> Decimal {
    dir.min.filter(|m| m.is_positive()).unwrap_or(Decimal::ONE).normalized()
}

/// Human label for a feed flag (`manual` → "Manual"); unknown flags are shown as written.
pub fn flag_label(flag: &str, lang: Lang) -> String {
    let label = match (flag.to_ascii_lowercase().as_str(), lang) {
        ("manual", Lang::En) => "Manual",
        ("manual", Lang::Ru) => "Ручной обмен",
        ("verifying" | "kyc", Lang::En) => "KYC",
        ("verifying" | "kyc", Lang::Ru) => "Верификация",
        ("juridical", Lang::En) => "Legal entities",
        ("juridical", Lang::Ru) => "Юрлица",
        ("reg", Lang::En) => "Registration required",
        ("reg", Lang::Ru) => "Нужна регистрация",
        ("cardverify", Lang::En) => "Card verification",
        ("cardverify", Lang::Ru) => "Верификация карты",
        ("floating", Lang::En) => "Floating rate",
        ("floating", Lang::Ru) => "Плавающий курс",
        ("otherin", Lang::En) => "Third-party payments in",
        ("otherin", Lang::Ru) => "Оплата с чужих счетов",
        ("otherout", Lang::En) => "Third-party payouts",
        ("otherout", Lang::Ru) => "Выплата на чужие счета",
        _ => return flag.to_string(),
    };
    label.to_string()
}

/// Why the affiliate link cannot be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// The exchanger base is not an absolute http(s) URL.
    BadBase(String),
    /// No partner code.
    MissingRef,
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::BadBase(b) => write!(f, "{b:?} is not an http(s) URL"),
            LinkError::MissingRef => f.write_str("the partner code is empty"),
        }
    }
}

/// Builds affiliate links for one exchanger and partner code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkBuilder {
    base: String,
    reference: String,
    template: Option<String>,
}

fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[(b >> 4) as usize]));
            out.push(char::from(b"0123456789ABCDEF"[(b & 15) as usize]));
        }
    }
    out
}

impl LinkBuilder {
    /// Checks the base URL (http or https with a host) and keeps the parts.
    pub fn new(base: &str, reference: &str, template: Option<&str>) -> Result<LinkBuilder, LinkError> {
        let base = base.trim();
        let rest = base
            .strip_prefix("https://")
            .or_else(|| base.strip_prefix("http://"))
            .ok_or_else(|| LinkError::BadBase(base.to_string()))?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(LinkError::BadBase(base.to_string()));
        }
        if reference.trim().is_empty() {
            return Err(LinkError::MissingRef);
        }
        Ok(LinkBuilder {
            base: base.trim_end_matches('/').to_string(),
            reference: reference.trim().to_string(),
            template: template.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string),
        })
    }

    /// The affiliate URL for a pair.
    pub fn href(&self, from: &str, to: &str) -> String {
        let (f, t, r) = (encode_component(from), encode_component(to), encode_component(&self.reference));
        match &self.template {
            Some(tpl) => tpl
                .replace("{base}", &self.base)
                .replace("{ref}", &r)
                .replace("{from}", &f)
                .replace("{to}", &t),
            None => format!("{}/ref/{}/?cur_from={}&cur_to={}", self.base, r, f, t),
        }
    }

    /// The affiliate URL without a pair (the exchanger's front page through the partner code).
    pub fn home(&self) -> String {
        match &self.template {
            Some(_) => self.base.clone(),
            None => format!("{}/ref/{}/", self.base, encode_component(&self.reference)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn formats_grouped_per_language() {
        assert_eq!(format_amount(&d("5749836.5"), 2, Lang::En), "5,749,836.50");
        assert_eq!(format_amount(&d("5749836.5"), 2, Lang::Ru), "5\u{202f}749\u{202f}836,50");
        assert_eq!(format_amount(&d("0.00173900"), 8, Lang::En), "0.001739");
        assert_eq!(format_amount(&d("123"), 8, Lang::En), "123");
    }

    #[test]
    fn reads_typed_amounts() {
        assert_eq!(parse_amount_input("1 000,5"), Some(d("1000.5")));
        assert_eq!(parse_amount_input("1,000.5"), Some(d("1000.5")));
        assert_eq!(parse_amount_input("abc"), None);
        assert_eq!(parse_amount_input("-1"), None);
    }

    #[test]
    fn builds_ref_links_and_rejects_bad_bases() {
        let b = LinkBuilder::new("https://ex.example/", "R1", None).unwrap();
        assert_eq!(b.href("BTC", "SBER RUB"), "https://ex.example/ref/R1/?cur_from=BTC&cur_to=SBER%20RUB");
        assert!(matches!(LinkBuilder::new("javascript:alert(1)", "R1", None), Err(LinkError::BadBase(_))));
        assert_eq!(LinkBuilder::new("https://ex.example", " ", None), Err(LinkError::MissingRef));
    }

    #[test]
    fn quotes_both_ways_with_limits() {
        let mut dir = Direction::new("BTC", "SBERRUB", d("1"), d("5749836.5"));
        dir.min = Some(d("0.001"));
        dir.reserve = Some(d("1000000"));
        let q = quote_give(&dir, &d("0.1")).unwrap();
        assert_eq!(q.get, d("574983.65"));
        assert!(q.problems.is_empty());
        let q = quote_give(&dir, &d("0.0001")).unwrap();
        assert_eq!(q.problems, vec![LimitProblem::BelowMin(d("0.001"))]);
        assert_eq!(q.problems[0].message(&dir, Lang::En), "minimum 0.001 BTC");
        let back = quote_get(&dir, &d("574983.65")).unwrap();
        assert_eq!(back.give, d("0.1"));
    }
}
