//! XML exports v1.0 and v1.1 (all spellings of §3–§6), maintenance `<error>` and HTML pages.

use super::item::{kind, ItemBuilder, Kind};
use super::{maintenance, start_of, Out};
use crate::model::{Feed, FeedError, FeedFormat};
use crate::xml::{Event, Scanner};
use std::borrow::Cow;

/// The field element being read inside an item.
struct Field<'a> {
    kind: Kind,
    name: &'a str,
    ty: Option<Cow<'a, str>>,
    text: Cow<'a, str>,
    /// Inline elements open inside the field (`<city><b>MSK</b></city>`).
    nested: u32,
    /// True once the field held markup: then it is no flag element.
    had_markup: bool,
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn close(
    field: &mut Option<Field<'_>>,
    item: &mut ItemBuilder,
    step: Option<usize>,
    out: &mut Out,
) {
    if let Some(f) = field.take() {
        let in_step = step.is_some();
        // Inside <step> only fees count; anything else there is not the item's own data.
        let structure = f.had_markup && f.kind == Kind::Other;
        if !structure && (!in_step || matches!(f.kind, Kind::FromFee | Kind::ToFee)) {
            item.text(out, f.kind, f.name, &f.text, f.ty.as_deref(), step);
        }
    }
}

/// Reads an XML document. `html` is true when the body starts like an HTML page; the page is
/// still searched for items (a feed wrapped in HTML) before being reported as an HTML page.
pub(super) fn read(text: &str, html: bool) -> Result<Feed, FeedError> {
    let mut out = Out::default();
    let mut item: Option<ItemBuilder> = None;
    let mut field: Option<Field> = None;
    let mut step: Option<usize> = None;
    let mut items = 0usize;
    let mut root: Option<&str> = None;
    let mut saw_rates = false;
    let mut v11 = false;
    let mut error_text: Option<String> = None;
    let mut in_error = false;
    let mut title: Option<String> = None;
    let mut in_title = false;
    for event in Scanner::new(text) {
        match event {
            Event::Start {
                name,
                attrs,
                self_closing,
            } => {
                let name = local(name);
                root.get_or_insert(name);
                if name.eq_ignore_ascii_case("item") {
                    if let Some(mut it) = item.take() {
                        close(&mut field, &mut it, step, &mut out);
                        out.warnings.push(format!(
                            "item {} was not closed before the next <item>",
                            it.index
                        ));
                        v11 |= it.v11;
                        it.finish(&mut out);
                    }
                    step = None;
                    let mut it = ItemBuilder::new(items);
                    items += 1;
                    // Some producers put the data in attributes: <item from=".." to=".." ../>.
                    for (n, v) in attrs.iter() {
                        let (k, _) = kind(n);
                        if k != Kind::Other {
                            it.text(&mut out, k, n, &v, None, None);
                        }
                    }
                    if self_closing {
                        it.finish(&mut out);
                    } else {
                        item = Some(it);
                    }
                    continue;
                }
                let Some(it) = item.as_mut() else {
                    if name.eq_ignore_ascii_case("rates") {
                        saw_rates = true;
                    } else if name.eq_ignore_ascii_case("error") && !self_closing {
                        in_error = true;
                        error_text.get_or_insert_with(String::new);
                    } else if name.eq_ignore_ascii_case("error") {
                        error_text.get_or_insert_with(String::new);
                    } else if name.eq_ignore_ascii_case("title") {
                        in_title = !self_closing;
                    }
                    continue;
                };
                let (k, is_v11) = kind(name);
                // Markup inside a field that has no text yet is part of the field; anything
                // else means the field was never closed.
                if let Some(f) = field
                    .as_mut()
                    .filter(|f| k == Kind::Other && f.text.trim().is_empty())
                {
                    f.nested += u32::from(!self_closing);
                    f.had_markup = true;
                    continue;
                }
                close(&mut field, it, step, &mut out);
                it.v11 |= is_v11;
                if k == Kind::Step {
                    if !self_closing {
                        let lo = attrs
                            .get("frommin")
                            .or_else(|| attrs.get("min"))
                            .or_else(|| attrs.get("minamount"));
                        let hi = attrs
                            .get("frommax")
                            .or_else(|| attrs.get("max"))
                            .or_else(|| attrs.get("maxamount"));
                        step = Some(it.step(&mut out, lo.as_deref(), hi.as_deref()));
                    }
                    continue;
                }
                if k == Kind::Floating && !attrs.is_empty() {
                    it.v11 = true;
                    it.floating(
                        &mut out,
                        attrs.get("minutes").as_deref(),
                        attrs.get("percent").as_deref(),
                    );
                }
                let ty = if matches!(k, Kind::FromFee | Kind::ToFee) {
                    attrs.get("type")
                } else {
                    None
                };
                it.v11 |= ty.is_some();
                if !self_closing {
                    field = Some(Field {
                        kind: k,
                        name,
                        ty,
                        text: Cow::Borrowed(""),
                        nested: 0,
                        had_markup: false,
                    });
                }
            }
            Event::Text(t) => {
                if let Some(f) = field.as_mut() {
                    let piece = t.decoded();
                    if f.text.is_empty() {
                        f.text = piece;
                    } else {
                        f.text.to_mut().push_str(&piece);
                    }
                } else if in_error {
                    if let Some(e) = error_text.as_mut() {
                        e.push_str(&t.decoded());
                    }
                } else if in_title && title.is_none() {
                    title = Some(t.decoded().trim().to_string());
                }
            }
            Event::End { name } => {
                let name = local(name);
                if let Some(f) = field.as_mut().filter(|f| f.nested > 0) {
                    f.nested -= 1;
                    continue;
                }
                if let Some(it) = item.as_mut() {
                    close(&mut field, it, step, &mut out);
                    if name.eq_ignore_ascii_case("item") {
                        if let Some(it) = item.take() {
                            v11 |= it.v11;
                            it.finish(&mut out);
                        }
                        step = None;
                    } else if name.eq_ignore_ascii_case("step") {
                        step = None;
                    }
                } else if name.eq_ignore_ascii_case("error") {
                    in_error = false;
                } else if name.eq_ignore_ascii_case("title") {
                    in_title = false;
                }
            }
        }
    }
    if let Some(mut it) = item.take() {
        close(&mut field, &mut it, step, &mut out);
        out.warnings.push(format!(
            "item {} was not closed before the end of the document",
            it.index
        ));
        v11 |= it.v11;
        it.finish(&mut out);
    }
    let root_is_html = root.is_some_and(|r| {
        ["html", "head", "body"]
            .iter()
            .any(|h| r.eq_ignore_ascii_case(h))
    });
    if (html || root_is_html) && out.directions.is_empty() {
        return Err(FeedError::HtmlPage {
            title: title.filter(|t| !t.is_empty()),
        });
    }
    if html || root_is_html {
        out.warnings
            .insert(0, "the feed was wrapped in an HTML page".into());
    }
    let format = if v11 {
        FeedFormat::XmlV11
    } else {
        FeedFormat::XmlV10
    };
    if items == 0 {
        // Premium's maintenance document is an `<error>` root (§9); an `<error>` inside another
        // document is no such answer.
        let error_root = root.is_some_and(|r| r.eq_ignore_ascii_case("error"));
        if let Some(e) = error_text.filter(|_| error_root) {
            return Ok(maintenance(format, &e));
        }
        if !saw_rates {
            return Err(FeedError::NotAFeed {
                looked_like: "XML",
                reason: "no <rates> or <item> elements".into(),
                start: start_of(text),
            });
        }
    }
    Ok(out.into_feed(format))
}
