//! TXT export: `FROM;TO;IN;OUT;AMOUNT;CITY;` lines (§8) and its one-line maintenance document.

use super::item::{ItemBuilder, Kind};
use super::{maintenance, Out};
use crate::model::{Feed, FeedFormat};

/// Word stems of "maintenance" (and "technical works") in the languages exchanger scripts are
/// set up in, lower case. Premium's TXT maintenance document is the one word `Maintenance`,
/// translated with the site; its *shape* (a line without `;`) is also that of a host name, a
/// `404 page not found` or an `Unauthorized`, so the line must say maintenance too.
const MAINTENANCE_WORDS: [&str; 13] = [
    "maintenance",   // en, fr
    "техническ",     // ru: технические работы, техническое обслуживание
    "техработ",      // ru: техработы
    "обслуживани",   // ru: обслуживание
    "технічн",       // uk: технічні роботи
    "обслуговуванн", // uk: обслуговування
    "mantenimiento", // es
    "manuten",       // pt manutenção, it manutenzione
    "wartung",       // de
    "techniczn",     // pl: przerwa techniczna
    "konserwac",     // pl: konserwacja
    "bakım",         // tr
    "bakim",         // tr, without the dotless i
];

/// True for one short line of text that says the site is in maintenance (§9), in any of the
/// languages of [`MAINTENANCE_WORDS`].
fn is_maintenance_notice(text: &str) -> bool {
    let one_line = !text.contains(['\n', '\r']) && text.chars().count() <= 200;
    if !one_line || text.chars().any(|c| c.is_control() || c == '<' || c == '{') {
        return false;
    }
    let lower = text.to_lowercase();
    MAINTENANCE_WORDS.iter().any(|w| lower.contains(w))
}

/// Reads TXT lines; `None` when the text does not look like a TXT feed at all.
pub(super) fn read(text: &str) -> Option<Feed> {
    crate::work::scanned(text.len());
    let trimmed = text.trim();
    if !trimmed.contains(';') {
        // Premium's maintenance document ("Maintenance", possibly translated); any other text
        // without a `;` is not a feed.
        return is_maintenance_notice(trimmed).then(|| maintenance(FeedFormat::Txt, trimmed));
    }
    let mut out = Out::default();
    let mut looked_like_txt = false;
    // Physical line numbers (0-based); a lone '\r' (old Mac endings) also ends a line.
    let lines = text
        .split('\n')
        .enumerate()
        .flat_map(|(i, l)| l.split('\r').map(move |p| (i, p)));
    for (index, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
        let mut fields: Vec<&str> = line.split(';').map(str::trim).collect();
        while fields.last().is_some_and(|f| f.is_empty()) {
            fields.pop();
        }
        if fields.len() < 4 {
            out.skip(
                index,
                None,
                Some(line.trim()),
                "not a FROM;TO;IN;OUT line".into(),
            );
            continue;
        }
        looked_like_txt = true;
        let mut item = ItemBuilder::new(index);
        let kinds = [
            Kind::From,
            Kind::To,
            Kind::In,
            Kind::Out,
            Kind::Amount,
            Kind::City,
        ];
        for (k, f) in kinds.iter().zip(&fields) {
            item.text(&mut out, *k, "", f, None, None);
        }
        if fields.len() > kinds.len() {
            out.warnings.push(format!(
                "line {index}: {} extra fields ignored",
                fields.len() - kinds.len()
            ));
        }
        item.finish(&mut out);
    }
    looked_like_txt.then(|| out.into_feed(FeedFormat::Txt))
}
