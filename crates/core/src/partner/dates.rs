//! Dates as the partner APIs print them: unix seconds, site-local text, Russian human dates.

use super::model::When;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a count of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `YYYY-MM-DD` of a day number.
pub fn day_string(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The day number of a `YYYY-MM-DD` prefix (anything may follow), if it is a real date.
pub fn day_of_text(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year: i64 = text.get(0..4)?.parse().ok()?;
    let month: u32 = text.get(5..7)?.parse().ok()?;
    let day: u32 = text.get(8..10)?.parse().ok()?;
    valid_date(year, month, day).then(|| days_from_civil(year, month, day))
}

/// Unix seconds of a `YYYY-MM-DD[ HH:MM[:SS]]` text read as UTC (for windows only; the text is
/// site-local time, so this may be off by the site's offset).
pub fn unix_of_text(text: &str) -> Option<i64> {
    let days = day_of_text(text)?;
    let rest = text.get(10..).unwrap_or("").trim_start_matches(['T', ' ']);
    let (h, m, s) = parse_clock(rest).unwrap_or((0, 0, 0));
    Some(days * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s))
}

/// The UTC day number of a unix timestamp.
pub fn day_of_unix(unix: i64) -> i64 {
    unix.div_euclid(86_400)
}

fn valid_date(year: i64, month: u32, day: u32) -> bool {
    if !(1..=12).contains(&month) || day == 0 || !(1900..=9999).contains(&year) {
        return false;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let len = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month as usize - 1];
    day <= len
}

/// `HH:MM` or `HH:MM:SS` at the start of `text` (anything after is ignored).
fn parse_clock(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text
        .split(|c: char| !c.is_ascii_digit() && c != ':')
        .next()?
        .split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let s: u32 = match parts.next() {
        Some(s) => s.parse().ok()?,
        None => 0,
    };
    (h < 24 && m < 60 && s < 61).then_some((h, m, s))
}

/// The month number of a Russian month name in any case form ("мая", "май", "Января", "янв.").
fn russian_month(word: &str) -> Option<u32> {
    let lower: String = word
        .trim_end_matches('.')
        .chars()
        .flat_map(char::to_lowercase)
        .collect();
    let prefix: String = lower.chars().take(3).collect();
    let month = match prefix.as_str() {
        "янв" => 1,
        "фев" => 2,
        "мар" => 3,
        "апр" => 4,
        "мая" | "май" => 5,
        "июн" => 6,
        "июл" => 7,
        "авг" => 8,
        "сен" => 9,
        "окт" => 10,
        "ноя" => 11,
        "дек" => 12,
        _ => return None,
    };
    Some(month)
}

/// Reads a date the iEXExchanger v2 API prints in `created_at`.
///
/// "11 мая 2024 09:42" (optionally "в 09:42", "2024 г.", seconds) and ISO-like
/// "2024-05-11 09:42[:SS]" / "2024-05-11T09:42:00Z" become [`When::LocalDateTime`]
/// (`"YYYY-MM-DD HH:MM:SS"`, the site's time); anything else, such as the relative
/// "3 недели назад", is kept as [`When::Text`]. Never fails.
pub fn parse_human_date(text: &str) -> When {
    let trimmed = text.trim();
    if let Some(days) = day_of_text(trimmed) {
        let rest = trimmed
            .get(10..)
            .unwrap_or("")
            .trim_start_matches(['T', ' ']);
        let (h, m, s) = parse_clock(rest).unwrap_or((0, 0, 0));
        return When::LocalDateTime(format!("{} {h:02}:{m:02}:{s:02}", day_string(days)));
    }
    if let Some(when) = parse_russian(trimmed) {
        return when;
    }
    When::Text(trimmed.to_string())
}

fn parse_russian(text: &str) -> Option<When> {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| *w != "в" && *w != "г." && *w != "г")
        .collect();
    if words.len() < 3 {
        return None;
    }
    let day: u32 = words[0].trim_end_matches(['.', ',']).parse().ok()?;
    let month = russian_month(words[1])?;
    let year: i64 = words[2]
        .trim_end_matches(['.', ','])
        .trim_end_matches('г')
        .parse()
        .ok()?;
    if !valid_date(year, month, day) {
        return None;
    }
    let (h, m, s) = match words.get(3) {
        Some(clock) => parse_clock(clock)?,
        None => (0, 0, 0),
    };
    Some(When::LocalDateTime(format!(
        "{year:04}-{month:02}-{day:02} {h:02}:{m:02}:{s:02}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-1_000_000, -1, 0, 1, 19_000, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(day_string(0), "1970-01-01");
        assert_eq!(day_string(day_of_unix(1_590_356_264)), "2020-05-24");
    }

    #[test]
    fn russian_absolute_and_relative() {
        assert_eq!(
            parse_human_date("11 мая 2024 09:42"),
            When::LocalDateTime("2024-05-11 09:42:00".into())
        );
        assert_eq!(
            parse_human_date("1 Января 2025 г. в 23:05:07"),
            When::LocalDateTime("2025-01-01 23:05:07".into())
        );
        assert_eq!(
            parse_human_date("3 недели назад"),
            When::Text("3 недели назад".into())
        );
        assert_eq!(
            parse_human_date("31 февраля 2024 10:00"),
            When::Text("31 февраля 2024 10:00".into())
        );
        assert_eq!(
            parse_human_date("11 мая 2024 25:99"),
            When::Text("11 мая 2024 25:99".into())
        );
        assert_eq!(
            parse_human_date("2024-05-11T09:42:00Z"),
            When::LocalDateTime("2024-05-11 09:42:00".into())
        );
        assert_eq!(parse_human_date(""), When::Text(String::new()));
    }

    #[test]
    fn text_to_unix() {
        assert_eq!(unix_of_text("2020-05-24 21:37:44"), Some(1_590_356_264));
        assert_eq!(unix_of_text("2020-13-24"), None);
    }
}
