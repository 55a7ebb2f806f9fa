//! Placeholder of about the final height while the feed loads.

use yew::prelude::*;

/// Props of [`Skeleton`].
#[derive(Properties, PartialEq)]
pub struct SkeletonProps {
    /// "Loading rates…" in the UI language.
    pub text: AttrValue,
}

/// The loading skeleton.
#[function_component]
pub fn Skeleton(props: &SkeletonProps) -> Html {
    html! {
        <div class="rl-skeleton">
            <div class="rl-skel-field" aria-hidden="true"></div>
            <div class="rl-skel-field" aria-hidden="true"></div>
            <div class="rl-skel-line" aria-hidden="true"></div>
            <div class="rl-skel-button" aria-hidden="true"></div>
            <p class="rl-loading">{ &props.text }</p>
        </div>
    }
}
