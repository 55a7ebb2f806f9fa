//! TXT export: `FROM;TO;IN;OUT;AMOUNT;CITY;` lines (§8) and its one-line maintenance document.

use super::item::{ItemBuilder, Kind};
use super::{maintenance, Out};
use crate::model::{Feed, FeedFormat};

/// Reads TXT lines; `None` when the text does not look like a TXT feed at all.
pub(super) fn read(text: &str) -> Option<Feed> {
    crate::work::scanned(text.len());
    let trimmed = text.trim();
    if !trimmed.contains(';') {
        // A single short line of words is Premium's maintenance document ("Maintenance",
        // possibly translated); anything longer is not a feed.
        let one_line = !trimmed.contains(['\n', '\r']) && trimmed.chars().count() <= 200;
        return (one_line
            && !trimmed
                .chars()
                .any(|c| c.is_control() || c == '<' || c == '{'))
        .then(|| maintenance(FeedFormat::Txt, trimmed));
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
