//! Placeholder of about the final height while the feed loads.

use yew::prelude::*;

/// The loading skeleton with a "Loading rates…" line.
pub fn skeleton(text: &'static str) -> Html {
    html! {
        <div class="rl-skeleton">
            <div class="rl-skel-field" aria-hidden="true"></div>
            <div class="rl-skel-field" aria-hidden="true"></div>
            <div class="rl-skel-line" aria-hidden="true"></div>
            <div class="rl-skel-button" aria-hidden="true"></div>
            <p class="rl-loading">{ text }</p>
        </div>
    }
}
