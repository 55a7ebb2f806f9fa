//! SVG charts drawn by the dashboard itself (no chart library), themed by CSS classes.

use ratelink_core::partner::stats::DayPoint;
use yew::prelude::*;

/// Which value of a [`DayPoint`] a chart shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// The count of records.
    Count,
    /// The summed amount.
    Amount,
}

/// Props of [`BarChart`].
#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    /// Heading and accessible name.
    pub title: AttrValue,
    /// One point per day, oldest first (charts shown together share the same days).
    pub points: Vec<DayPoint>,
    /// What to draw.
    pub measure: Measure,
    /// Unit shown after amounts (a currency code), if any.
    #[prop_or_default]
    pub unit: Option<AttrValue>,
    /// Records that had no usable date.
    #[prop_or_default]
    pub undated: usize,
    /// Text after the undated count.
    #[prop_or_default]
    pub undated_text: AttrValue,
    /// A line under the chart saying what it leaves out, if anything.
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// Shown when no day has a record.
    pub empty_text: AttrValue,
}

const W: f64 = 640.0;
const H: f64 = 150.0;
const PAD_L: f64 = 8.0;
const PAD_R: f64 = 8.0;
const PAD_T: f64 = 4.0;
const PAD_B: f64 = 2.0;

fn value(p: &DayPoint, m: Measure) -> f64 {
    match m {
        Measure::Count => p.count as f64,
        Measure::Amount => p.amount.to_f64(),
    }
}

fn label(p: &DayPoint, m: Measure) -> String {
    match m {
        Measure::Count => p.count.to_string(),
        Measure::Amount => p.amount.to_string(),
    }
}

/// A bar per day with the total, the peak and the first/last dates.
#[function_component(BarChart)]
pub fn bar_chart(props: &BarChartProps) -> Html {
    let unit = props
        .unit
        .as_ref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let undated = (props.undated > 0).then(
        || html! { <p class="rd-note">{ format!("{} {}", props.undated, props.undated_text) }</p> },
    );
    let note = props
        .note
        .clone()
        .map(|n| html! { <p class="rd-note" part="chart-note">{ n }</p> });
    // No record on any day (a window's days are all there, as zeros): say so instead of a flat line.
    if props.points.iter().all(|p| p.count == 0) {
        return html! {
            <figure class="rd-chart-box" part="chart">
                <figcaption class="rd-chart-title">{ props.title.clone() }</figcaption>
                <p class="rd-empty">{ props.empty_text.clone() }</p>
                { for undated }
                { for note }
            </figure>
        };
    }
    let max = props
        .points
        .iter()
        .map(|p| value(p, props.measure))
        .fold(0.0_f64, f64::max);
    let total: String = match props.measure {
        Measure::Count => props
            .points
            .iter()
            .map(|p| p.count)
            .sum::<u64>()
            .to_string(),
        Measure::Amount => props
            .points
            .iter()
            .fold(ratelink_core::Decimal::default(), |acc, p| {
                acc.checked_add(&p.amount).unwrap_or(acc)
            })
            .to_string(),
    };
    let n = props.points.len() as f64;
    let slot = (W - PAD_L - PAD_R) / n;
    let bar_w = (slot * 0.78).max(1.0);
    let chart_h = H - PAD_T - PAD_B;
    let bars = props.points.iter().enumerate().map(|(i, p)| {
        let v = value(p, props.measure);
        let h = if max > 0.0 { (v / max * chart_h).max(if v > 0.0 { 1.5 } else { 0.0 }) } else { 0.0 };
        let x = PAD_L + i as f64 * slot + (slot - bar_w) / 2.0;
        let y = PAD_T + chart_h - h;
        html! {
            <g class="rd-bar-slot">
                <rect class="rd-bar-hit" x={format!("{:.2}", PAD_L + i as f64 * slot)} y={format!("{PAD_T}")} width={format!("{slot:.2}")} height={format!("{chart_h}")}>
                    <title>{ format!("{}: {}{}", p.day, label(p, props.measure), unit) }</title>
                </rect>
                <rect class="rd-bar" x={format!("{x:.2}")} y={format!("{y:.2}")} width={format!("{bar_w:.2}")} height={format!("{h:.2}")} />
            </g>
        }
    });
    let first = props
        .points
        .first()
        .map(|p| p.day.clone())
        .unwrap_or_default();
    let last = props
        .points
        .last()
        .map(|p| p.day.clone())
        .unwrap_or_default();
    let peak = match props.measure {
        Measure::Count => format!("{}", max as u64),
        Measure::Amount => props
            .points
            .iter()
            .map(|p| p.amount)
            .max()
            .map(|d| d.to_string())
            .unwrap_or_default(),
    };
    html! {
        <figure class="rd-chart-box" part="chart">
            <figcaption class="rd-chart-title">
                { props.title.clone() }
                <span class="rd-chart-total">{ format!("Σ {total}{unit}") }</span>
            </figcaption>
            <p class="rd-chart-peak">{ format!("max {peak}{unit}") }</p>
            <svg class="rd-chart" viewBox={format!("0 0 {W} {H}")} role="img" aria-label={format!("{}: {}{}", props.title, total, unit)} preserveAspectRatio="none">
                <line class="rd-axis" x1={format!("{PAD_L}")} x2={format!("{}", W - PAD_R)} y1={format!("{}", PAD_T + chart_h)} y2={format!("{}", PAD_T + chart_h)} />
                <line class="rd-grid" x1={format!("{PAD_L}")} x2={format!("{}", W - PAD_R)} y1={format!("{PAD_T}")} y2={format!("{PAD_T}")} />
                { for bars }
            </svg>
            <p class="rd-chart-days"><span>{ first }</span><span>{ last }</span></p>
            { for undated }
            { for note }
        </figure>
    }
}

/// Props of [`Breakdown`].
#[derive(Properties, PartialEq)]
pub struct BreakdownProps {
    /// Heading.
    pub title: AttrValue,
    /// (name, count), largest first.
    pub rows: Vec<(String, u64)>,
    /// Most rows shown (the rest summed as "…").
    #[prop_or(8)]
    pub limit: usize,
}

/// A ranked list with share bars (SVG, so no inline styles are needed under a strict CSP).
#[function_component(Breakdown)]
pub fn breakdown(props: &BreakdownProps) -> Html {
    let total: u64 = props.rows.iter().map(|r| r.1).sum();
    let mut rows: Vec<(String, u64)> = props.rows.iter().take(props.limit).cloned().collect();
    let rest: u64 = props.rows.iter().skip(props.limit).map(|r| r.1).sum();
    if rest > 0 {
        rows.push(("…".to_string(), rest));
    }
    html! {
        <section class="rd-breakdown" part="breakdown">
            <h3 class="rd-h3">{ props.title.clone() }</h3>
            <table class="rd-table rd-table-compact">
                <tbody>
                    { for rows.into_iter().map(|(name, count)| {
                        let share = if total > 0 { count as f64 * 100.0 / total as f64 } else { 0.0 };
                        html! {
                            <tr>
                                <td class="rd-name">{ name }</td>
                                <td class="rd-num">{ count }</td>
                                <td class="rd-share">
                                    <svg class="rd-meter" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                                        <rect class="rd-meter-track" width="100" height="8" />
                                        <rect class="rd-meter-fill" width={format!("{share:.1}")} height="8" />
                                    </svg>
                                    <span class="rd-pct">{ format!("{share:.0}%") }</span>
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </section>
    }
}
