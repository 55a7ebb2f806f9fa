//! CSV export of the dashboard's tables (RFC 4180, formula-safe).

use super::model::{Click, Money, PartnerExchange, Payout};

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Appends one field: quoted when it holds `,`, `"`, CR or LF. In a text field, a formula start
/// (`=`, `+`, `-`, `@`, tab, CR) at the beginning or after a `;`, `,` or tab (where a spreadsheet
/// importing with that separator starts a new cell; spaces skipped) gets a `'` before it.
pub fn push_field(out: &mut String, field: &str, is_text: bool) {
    let guarded = if is_text {
        guard_formulas(field)
    } else {
        field.to_string()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&guarded.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&guarded);
    }
}

fn guard_formulas(field: &str) -> String {
    let mut out = String::with_capacity(field.len() + 1);
    // True at the start of a (spreadsheet) cell, until its first character other than a space.
    let mut cell_start = true;
    for c in field.chars() {
        if cell_start && FORMULA_STARTS.contains(&c) {
            out.push('\'');
            cell_start = false;
        } else if c != ' ' {
            cell_start = false;
        }
        out.push(c);
        if matches!(c, ';' | ',' | '\t') {
            cell_start = true;
        }
    }
    out
}

fn row(out: &mut String, fields: &[(&str, bool)]) {
    for (i, (f, is_text)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, f, *is_text);
    }
    out.push_str("\r\n");
}

fn amount(m: Option<&Money>) -> String {
    m.map(|m| m.amount.to_string()).unwrap_or_default()
}

fn code(m: Option<&Money>) -> String {
    m.and_then(|m| m.currency.clone()).unwrap_or_default()
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

fn date(at: &super::When, date: &Option<String>) -> String {
    date.clone().unwrap_or_else(|| at.display())
}

/// Clicks as CSV with a header row.
pub fn clicks_csv(clicks: &[Click]) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            ("id", true),
            ("date", true),
            ("ip", true),
            ("browser", true),
            ("referrer", true),
            ("query", true),
        ],
    );
    for c in clicks {
        let d = date(&c.at, &c.date);
        row(
            &mut out,
            &[
                (&c.id, true),
                (&d, true),
                (opt(&c.ip), true),
                (opt(&c.browser), true),
                (opt(&c.referrer), true),
                (opt(&c.query), true),
            ],
        );
    }
    out
}

/// Exchanges as CSV with a header row.
pub fn exchanges_csv(list: &[PartnerExchange]) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            ("id", true),
            ("date", true),
            ("give_amount", true),
            ("give_code", true),
            ("get_amount", true),
            ("get_code", true),
            ("reward", true),
            ("reward_currency", true),
            ("status", true),
            ("accrued", true),
            ("order", true),
        ],
    );
    for e in list {
        let d = date(&e.at, &e.date);
        let accrued = match e.reward_accrued {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        };
        let cells = [
            amount(e.give.as_ref()),
            code(e.give.as_ref()),
            amount(e.get.as_ref()),
            code(e.get.as_ref()),
            amount(e.reward.as_ref()),
            code(e.reward.as_ref()),
        ];
        row(
            &mut out,
            &[
                (&e.id, true),
                (&d, true),
                (&cells[0], false),
                (&cells[1], true),
                (&cells[2], false),
                (&cells[3], true),
                (&cells[4], false),
                (&cells[5], true),
                (e.state.short(), true),
                (accrued, true),
                (opt(&e.order_ref), true),
            ],
        );
    }
    out
}

/// Payouts as CSV with a header row (accounts masked to their last four characters).
pub fn payouts_csv(list: &[Payout]) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            ("id", true),
            ("date", true),
            ("amount", true),
            ("currency", true),
            ("original_amount", true),
            ("original_currency", true),
            ("method", true),
            ("account", true),
            ("status", true),
        ],
    );
    for p in list {
        let d = date(&p.at, &p.date);
        let account = p
            .account
            .as_deref()
            .map(super::mask_account)
            .unwrap_or_default();
        let method = p
            .method
            .clone()
            .or_else(|| p.method_id.clone())
            .unwrap_or_default();
        let cells = [
            p.amount.amount.to_string(),
            code(Some(&p.amount)),
            amount(p.original.as_ref()),
            code(p.original.as_ref()),
        ];
        row(
            &mut out,
            &[
                (&p.id, true),
                (&d, true),
                (&cells[0], false),
                (&cells[1], true),
                (&cells[2], false),
                (&cells[3], true),
                (&method, true),
                (&account, true),
                (p.status.short(), true),
            ],
        );
    }
    out
}

/// The placements table as CSV with a header row: one row per placement (an empty `placement`
/// is the clicks that carried none), in the report's order; `conversion` is a percentage.
pub fn placements_csv(report: &super::placements::PlacementReport) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            ("placement", true),
            ("clicks", true),
            ("visitors", true),
            ("exchanges", true),
            ("done", true),
            ("reward", true),
            ("conversion", true),
        ],
    );
    for r in &report.items {
        let cells = [
            r.clicks.to_string(),
            r.visitors.to_string(),
            r.exchanges.to_string(),
            r.done.to_string(),
            r.reward.to_string(),
            r.conversion.map(|c| c.to_string()).unwrap_or_default(),
        ];
        row(
            &mut out,
            &[
                (opt(&r.placement), true),
                (&cells[0], false),
                (&cells[1], false),
                (&cells[2], false),
                (&cells[3], false),
                (&cells[4], false),
                (&cells[5], false),
            ],
        );
    }
    out
}
