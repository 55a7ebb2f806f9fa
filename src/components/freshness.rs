//! "Updated N s ago" and the stale marker.

use yew::prelude::*;

use crate::i18n::Strings;

/// "N s ago" in the UI language.
pub fn ago_text(age_ms: f64, s: &Strings) -> String {
    let secs = (age_ms / 1000.0).max(0.0) as u64;
    if secs < 5 {
        s.just_now.to_string()
    } else if secs < 120 {
        format!("{secs} {}", s.seconds_ago)
    } else {
        format!("{} {}", secs / 60, s.minutes_ago)
    }
}

/// The freshness line: age of the data (by the widget's clock), stale marker, last failure.
pub fn freshness(
    updated_at: Option<f64>,
    now: f64,
    stale: bool,
    problem: Option<&str>,
    s: &Strings,
) -> Html {
    html! {
        <p class="rl-fresh" data-stale={stale.then_some("true")}>
            if let Some(at) = updated_at {
                <span class="rl-updated">{ format!("{} {}", s.updated, ago_text(now - at, s)) }</span>
            }
            if stale {
                <span class="rl-stale">{ s.stale }</span>
            }
            if let Some(p) = problem {
                <span class="rl-refresh-failed">{ format!("{}: {p}", s.refresh_failed) }</span>
            }
        </p>
    }
}
