//! "Updated N s ago" and the stale marker.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::i18n::Strings;

/// Props of [`Freshness`].
#[derive(Properties, PartialEq)]
pub struct FreshnessProps {
    /// When the data was loaded (ms since the epoch).
    pub updated_at: Option<f64>,
    /// Data is marked stale.
    pub stale: bool,
    /// The last refresh failed (message shown as a tooltip-free note).
    #[prop_or_default]
    pub problem: Option<AttrValue>,
    /// UI texts.
    pub strings: &'static Strings,
}

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

/// The freshness line; keeps its own clock so the rest of the widget does not re-render.
#[function_component]
pub fn Freshness(props: &FreshnessProps) -> Html {
    let now = use_state(js_sys::Date::now);
    {
        let now = now.clone();
        use_effect_with((), move |_| {
            let interval = Interval::new(1000, move || now.set(js_sys::Date::now()));
            move || drop(interval)
        });
    }
    let s = props.strings;
    html! {
        <p class={classes!("rl-fresh", props.stale.then_some("rl-is-stale"))}>
            if let Some(at) = props.updated_at {
                <span class="rl-updated">{ format!("{} {}", s.updated, ago_text(*now - at, s)) }</span>
            }
            if props.stale {
                <span class="rl-stale">{ s.stale }</span>
            }
            if let Some(p) = &props.problem {
                <span class="rl-refresh-failed">{ format!("{}: {p}", s.refresh_failed) }</span>
            }
        </p>
    }
}
