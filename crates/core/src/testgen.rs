//! Generated feeds of any size in every format, for tests and benchmarks (feature `testgen`).

use crate::decimal::Decimal;
use crate::feed::to_feed_json;
use crate::json::write_str;
use crate::model::{Direction, Fee, FeeSide, FeeStep, Feed, FeedFormat, FeedStatus, Floating};
use std::fmt::Write;

const REAL_CODES: [&str; 24] = [
    "BTC",
    "ETH",
    "LTC",
    "XMR",
    "USDTTRC20",
    "USDTERC20",
    "PMUSD",
    "SBERRUB",
    "TCSBRUB",
    "QWRUB",
    "CASHRUB",
    "CASHUSD",
    "CARDUAH",
    "ADVCUSD",
    "YAMRUB",
    "TRX",
    "DOGE",
    "BNB",
    "WIRERUB",
    "CARDRUB",
    "PRUSD",
    "XRP",
    "SOL",
    "CASHEUR",
];
const FLAGS: [&str; 5] = ["manual", "verifying", "juridical", "reg", "cardverify"];
const CITIES: [&str; 4] = ["MSK", "SPB", "KIEV", "NSK"];

/// A small deterministic pseudo-random generator (xorshift*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// A positive decimal with up to `max_scale` fractional digits, below `10^int_digits`.
    fn decimal(&mut self, int_digits: u32, max_scale: u32) -> Decimal {
        let scale = self.below(max_scale as u64 + 1) as u32;
        let limit = 10u64.pow(int_digits + scale).max(2);
        let m = 1 + self.below(limit - 1);
        Decimal::new(m as i128, scale)
            .unwrap_or(Decimal::ONE)
            .normalized()
    }
}

/// Currency codes used by the generator (real-looking ones first, then `CUR25`...).
pub fn codes(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            REAL_CODES
                .get(i)
                .map_or_else(|| format!("CUR{i}"), |c| c.to_string())
        })
        .collect()
}

fn is_cash(code: &str) -> bool {
    code.starts_with("CASH")
}

/// `n` distinct directions (no duplicates; cash pairs get a city) with varied limits, fees,
/// flags and rate layouts. The same `seed` gives the same directions.
pub fn directions(n: usize, seed: u64) -> Vec<Direction> {
    let m = 100usize.max(((n as f64).sqrt() as usize) + 2);
    let codes = codes(m);
    let mut rng = Rng(seed | 1);
    (0..n)
        .map(|k| {
            let from = &codes[k % m];
            let to = &codes[(k % m + 1 + k / m) % m];
            let value = rng.decimal(6, 6);
            let (r#in, out) = if rng.chance(60) {
                (Decimal::ONE, value)
            } else {
                (value, Decimal::ONE)
            };
            let mut d = Direction::new(from.clone(), to.clone(), r#in, out);
            d.reserve = rng.chance(90).then(|| rng.decimal(7, 2));
            d.min = rng.chance(70).then(|| rng.decimal(2, 4));
            d.max = rng.chance(60).then(|| {
                rng.decimal(3, 2)
                    .checked_add(&Decimal::from_i64(100))
                    .unwrap_or(Decimal::ONE)
            });
            if rng.chance(30) {
                d.to_min = Some(rng.decimal(2, 2));
                d.to_max = Some(
                    rng.decimal(3, 2)
                        .checked_add(&Decimal::from_i64(100))
                        .unwrap_or(Decimal::ONE),
                );
            }
            if rng.chance(40) {
                d.from_fee = Fee {
                    percent: rng.decimal(1, 2),
                    fixed: if rng.chance(50) {
                        rng.decimal(1, 3)
                    } else {
                        Decimal::ZERO
                    },
                };
            }
            if rng.chance(30) {
                d.to_fee = Fee {
                    percent: if rng.chance(50) {
                        rng.decimal(1, 2)
                    } else {
                        Decimal::ZERO
                    },
                    fixed: rng.decimal(1, 2),
                };
            }
            d.min_fee = rng.chance(15).then(|| rng.decimal(1, 2));
            if rng.chance(10) {
                let mid = rng.decimal(2, 2);
                d.fee_steps = vec![
                    FeeStep {
                        from_min: None,
                        from_max: Some(mid),
                        side: FeeSide::To,
                        fee: Fee {
                            percent: rng.decimal(1, 2),
                            fixed: Decimal::ZERO,
                        },
                    },
                    FeeStep {
                        from_min: Some(mid),
                        from_max: None,
                        side: FeeSide::To,
                        fee: Fee {
                            percent: rng.decimal(1, 1),
                            fixed: rng.decimal(1, 1),
                        },
                    },
                ];
            }
            for f in FLAGS {
                if rng.chance(if f == "manual" { 50 } else { 12 }) {
                    d.flags.push(f.to_string());
                }
            }
            if is_cash(from) || is_cash(to) {
                d.city = Some(CITIES[rng.below(CITIES.len() as u64) as usize].to_string());
            }
            if rng.chance(15) {
                d.floating = Some(if rng.chance(50) {
                    Floating {
                        minutes: Some(Decimal::from_i64(5 + rng.below(30) as i64)),
                        percent: None,
                    }
                } else {
                    Floating {
                        minutes: None,
                        percent: Some(rng.decimal(1, 1)),
                    }
                });
            }
            d.delay = rng
                .chance(8)
                .then(|| Decimal::from_i64(10 + rng.below(50) as i64));
            d
        })
        .collect()
}

/// What reading `d` back from a feed in `format` gives: the fields the format cannot carry
/// removed.
pub fn expected(format: FeedFormat, d: &Direction) -> Direction {
    let mut e = d.clone();
    match format {
        FeedFormat::Txt => {
            let mut t = Direction::new(d.from.clone(), d.to.clone(), d.r#in, d.out);
            t.reserve = d.reserve;
            t.city = d.city.clone();
            return t;
        }
        FeedFormat::XmlV10 => {
            e.to_min = None;
            e.to_max = None;
            e.fee_steps.clear();
        }
        FeedFormat::PremiumJson | FeedFormat::JsonItems => {
            e.fee_steps.clear();
            if format == FeedFormat::PremiumJson {
                e.to_min = None;
                e.to_max = None;
                e.min_fee = None;
                e.floating = None;
                e.delay = None;
            }
        }
        FeedFormat::XmlV11 | FeedFormat::Normalized => {}
    }
    e
}

fn fee_text(f: &Fee, unit: &str) -> String {
    match (f.percent.is_zero(), f.fixed.is_zero()) {
        (false, false) => format!("{} {unit}, {} %", f.fixed, f.percent),
        (false, true) => format!("{}%", f.percent),
        _ => format!("{} {unit}", f.fixed),
    }
}

fn xml_v10(dirs: &[Direction]) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rates>\n");
    for d in dirs {
        let _ = write!(
            s,
            "<item>\n<from>{}</from>\n<to>{}</to>\n<in>{}</in>\n<out>{}</out>\n",
            d.from, d.to, d.r#in, d.out
        );
        if let Some(r) = d.reserve {
            let _ = writeln!(s, "<amount>{r}</amount>");
        }
        if let Some(v) = d.min {
            let _ = writeln!(s, "<minamount>{v} {}</minamount>", d.from);
        }
        if let Some(v) = d.max {
            let _ = writeln!(s, "<maxamount>{v} {}</maxamount>", d.from);
        }
        if let Some(v) = d.min_fee {
            let _ = writeln!(s, "<minfee>{v} {}</minfee>", d.from);
        }
        if !d.from_fee.is_zero() {
            let _ = writeln!(s, "<fromfee>{}</fromfee>", fee_text(&d.from_fee, &d.from));
        }
        if !d.to_fee.is_zero() {
            let _ = writeln!(s, "<tofee>{}</tofee>", fee_text(&d.to_fee, &d.to));
        }
        if let Some(f) = &d.floating {
            match (f.minutes, f.percent) {
                (Some(m), _) => {
                    let _ = writeln!(s, "<floating>{m}</floating>");
                }
                (None, Some(p)) => {
                    let _ = writeln!(s, "<floating>{p}%</floating>");
                }
                _ => {}
            }
        }
        if let Some(v) = d.delay {
            let _ = writeln!(s, "<delay>{v}</delay>");
        }
        if !d.flags.is_empty() {
            let _ = writeln!(s, "<param>{}</param>", d.flags.join(", "));
        }
        if let Some(c) = &d.city {
            let _ = writeln!(s, "<city>{c}</city>");
        }
        s.push_str("</item>\n");
    }
    s.push_str("</rates>\n");
    s
}

fn typed_fees(s: &mut String, tag: &str, f: &Fee) {
    if !f.percent.is_zero() {
        let _ = writeln!(s, "    <{tag} type=\"%\">{}</{tag}>", f.percent);
    }
    if !f.fixed.is_zero() {
        let _ = writeln!(s, "    <{tag} type=\"abs\">{}</{tag}>", f.fixed);
    }
}

fn xml_v11(dirs: &[Direction]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rates xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"https://docs.bestchange.biz/schema/1.1.xsd\">\n",
    );
    for d in dirs {
        let _ = write!(
            s,
            "  <item>\n    <from>{}</from>\n    <to>{}</to>\n    <in>{}</in>\n    <out>{}</out>\n",
            d.from, d.to, d.r#in, d.out
        );
        for (tag, v) in [
            ("amount", d.reserve),
            ("frommin", d.min),
            ("frommax", d.max),
            ("tomin", d.to_min),
            ("tomax", d.to_max),
            ("minfee", d.min_fee),
            ("delay", d.delay),
        ] {
            if let Some(v) = v {
                let _ = writeln!(s, "    <{tag}>{v}</{tag}>");
            }
        }
        typed_fees(&mut s, "fromfee", &d.from_fee);
        typed_fees(&mut s, "tofee", &d.to_fee);
        for st in &d.fee_steps {
            s.push_str("    <step");
            if let Some(v) = st.from_min {
                let _ = write!(s, " frommin=\"{v}\"");
            }
            if let Some(v) = st.from_max {
                let _ = write!(s, " frommax=\"{v}\"");
            }
            s.push_str(">\n");
            typed_fees(
                &mut s,
                if st.side == FeeSide::From {
                    "fromfee"
                } else {
                    "tofee"
                },
                &st.fee,
            );
            s.push_str("    </step>\n");
        }
        if let Some(f) = &d.floating {
            s.push_str("    <floating");
            if let Some(m) = f.minutes {
                let _ = write!(s, " minutes=\"{m}\"");
            }
            if let Some(p) = f.percent {
                let _ = write!(s, " percent=\"{p}\"");
            }
            s.push_str("/>\n");
        }
        for f in &d.flags {
            let _ = writeln!(s, "    <{f}>true</{f}>");
        }
        if let Some(c) = &d.city {
            let _ = writeln!(s, "    <city>{c}</city>");
        }
        s.push_str("  </item>\n");
    }
    s.push_str("</rates>\n");
    s
}

fn json_num(s: &mut String, v: Decimal, quoted: bool) {
    if quoted {
        let _ = write!(s, "\"{v}\"");
    } else {
        let _ = write!(s, "{v}");
    }
}

fn json_fee(s: &mut String, f: &Fee, k: usize) {
    match (f.percent.is_zero(), f.fixed.is_zero()) {
        (false, false) => {
            let _ = write!(s, "[\"+\", {{\"%\": \"{}\"}}, \"{}\"]", f.percent, f.fixed);
        }
        (false, true) => {
            let _ = write!(s, "{{\"%\": \"{}\"}}", f.percent);
        }
        _ => json_num(s, f.fixed, k & 1 == 0),
    }
}

/// Base-36 currency ids as Premium writes them (`1`..`9`, `a`..`z`, `10`...).
fn currency_id(i: usize) -> String {
    let mut n = i + 1;
    let mut digits = Vec::new();
    while n > 0 {
        digits.push(char::from_digit((n % 36) as u32, 36).unwrap_or('0'));
        n /= 36;
    }
    digits.iter().rev().collect()
}

fn premium_json(dirs: &[Direction]) -> String {
    let mut codes: Vec<&str> = Vec::new();
    for d in dirs {
        for c in [&d.from, &d.to] {
            if !codes.contains(&c.as_str()) {
                codes.push(c);
            }
        }
    }
    let id = |c: &str| currency_id(codes.iter().position(|x| *x == c).unwrap_or(0));
    let mut s = String::from("{\"version\": \"1.3\",\n\"currencies\": {\"list\": {");
    for (i, c) in codes.iter().enumerate() {
        let _ = write!(
            s,
            "{}\"{}\": \"{c}\"",
            if i > 0 { ", " } else { "" },
            currency_id(i)
        );
    }
    s.push_str("}, \"amounts\": {}},\n\"exchange\": {");
    let mut first_from = true;
    for from in &codes {
        let mine: Vec<(usize, &Direction)> = dirs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.from == *from)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let _ = write!(
            s,
            "{}\n\"{}\": {{\"to\": {{",
            if first_from { "" } else { "," },
            id(from)
        );
        first_from = false;
        for (j, (k, d)) in mine.iter().enumerate() {
            let quoted = k % 2 == 0;
            let _ = write!(s, "{}\n  \"{}\": ", if j > 0 { "," } else { "" }, id(&d.to));
            // xr: X means X:1, -X means 1:X.
            let xr = if d.r#in == Decimal::ONE {
                d.out.neg()
            } else {
                d.r#in
            };
            s.push_str("{\"xr\": ");
            json_num(&mut s, xr, quoted);
            if let Some(r) = d.reserve {
                s.push_str(", \"amount\": ");
                json_num(&mut s, r, quoted);
            }
            if let Some(v) = d.min {
                let _ = write!(s, ", \"min\": \"{v}\"");
            }
            if let Some(v) = d.max {
                let _ = write!(s, ", \"max\": \"{v}\"");
            }
            if !d.from_fee.is_zero() {
                s.push_str(", \"inFee\": ");
                json_fee(&mut s, &d.from_fee, *k);
            }
            if !d.to_fee.is_zero() {
                s.push_str(", \"outFee\": ");
                json_fee(&mut s, &d.to_fee, *k);
            }
            if !d.flags.is_empty() {
                s.push_str(", \"options\": {");
                for (i, f) in d.flags.iter().enumerate() {
                    let name = if f == "verifying" {
                        "ident"
                    } else {
                        f.as_str()
                    };
                    let _ = write!(s, "{}\"{name}\": 1", if i > 0 { ", " } else { "" });
                }
                s.push('}');
            }
            if let Some(c) = &d.city {
                let _ = write!(s, ", \"cities\": [\"{c}\"]");
            }
            s.push('}');
        }
        s.push_str("}}");
    }
    s.push_str("\n}}\n");
    s
}

fn json_items(dirs: &[Direction]) -> String {
    let mut s = String::from("[\n");
    for (k, d) in dirs.iter().enumerate() {
        let quoted = k % 2 == 0;
        s.push_str(if k > 0 { ",\n{" } else { "{" });
        s.push_str("\"from\": ");
        write_str(&mut s, &d.from);
        s.push_str(", \"to\": ");
        write_str(&mut s, &d.to);
        for (key, v) in [
            ("in", Some(d.r#in)),
            ("out", Some(d.out)),
            ("amount", d.reserve),
            ("minamount", d.min),
            ("maxamount", d.max),
            ("tomin", d.to_min),
            ("tomax", d.to_max),
            ("minfee", d.min_fee),
            ("delay", d.delay),
        ] {
            if let Some(v) = v {
                let _ = write!(s, ", \"{key}\": ");
                json_num(&mut s, v, quoted);
            }
        }
        if !d.from_fee.is_zero() {
            s.push_str(", \"fromfee\": ");
            json_fee(&mut s, &d.from_fee, k);
        }
        if !d.to_fee.is_zero() {
            s.push_str(", \"tofee\": ");
            json_fee(&mut s, &d.to_fee, k);
        }
        if let Some(f) = &d.floating {
            s.push_str(", \"floating\": {");
            let mut sep = "";
            if let Some(m) = f.minutes {
                let _ = write!(s, "\"minutes\": \"{m}\"");
                sep = ", ";
            }
            if let Some(p) = f.percent {
                let _ = write!(s, "{sep}\"percent\": \"{p}\"");
            }
            s.push('}');
        }
        if !d.flags.is_empty() {
            if quoted {
                let _ = write!(s, ", \"param\": \"{}\"", d.flags.join(", "));
            } else {
                let list: Vec<String> = d.flags.iter().map(|f| format!("\"{f}\"")).collect();
                let _ = write!(s, ", \"param\": [{}]", list.join(", "));
            }
        }
        if let Some(c) = &d.city {
            let _ = write!(s, ", \"city\": \"{c}\"");
        }
        s.push('}');
    }
    s.push_str("\n]\n");
    s
}

fn txt(dirs: &[Direction]) -> String {
    let mut s = String::new();
    for d in dirs {
        let reserve = d.reserve.map(|r| r.to_string()).unwrap_or_default();
        let _ = writeln!(
            s,
            "{};{};{};{};{reserve};{};",
            d.from,
            d.to,
            d.r#in,
            d.out,
            d.city.as_deref().unwrap_or("")
        );
    }
    s
}

/// `dirs` written as a feed in `format`.
pub fn write(format: FeedFormat, dirs: &[Direction]) -> String {
    match format {
        FeedFormat::XmlV10 => xml_v10(dirs),
        FeedFormat::XmlV11 => xml_v11(dirs),
        FeedFormat::PremiumJson => premium_json(dirs),
        FeedFormat::JsonItems => json_items(dirs),
        FeedFormat::Txt => txt(dirs),
        FeedFormat::Normalized => {
            let mut feed = Feed {
                format: FeedFormat::Normalized,
                status: if dirs.is_empty() {
                    FeedStatus::Empty
                } else {
                    FeedStatus::Ok
                },
                directions: dirs.to_vec(),
                skipped: Vec::new(),
                warnings: Vec::new(),
                names: Vec::new(),
            };
            feed.name_currencies();
            to_feed_json(&feed, &[])
        }
    }
}

/// Every format, in a stable order.
pub const FORMATS: [FeedFormat; 6] = FeedFormat::ALL;

/// A feed of `n` generated directions in `format` (seed 1).
pub fn feed(format: FeedFormat, n: usize) -> String {
    write(format, &directions(n, 1))
}
