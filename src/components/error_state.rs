//! What the widget shows when nothing usable can be shown, with the fallback link.

use yew::prelude::*;

/// Props of [`ErrorState`].
#[derive(Properties, PartialEq)]
pub struct ErrorStateProps {
    /// `config`, `network`, ... (also a class suffix).
    pub kind: AttrValue,
    /// Short explanation.
    pub title: AttrValue,
    /// The cause.
    pub message: AttrValue,
    /// The affiliate link, when it can be built.
    #[prop_or_default]
    pub href: Option<AttrValue>,
    /// Text of the fallback link.
    pub link_text: AttrValue,
    /// `target` of the link.
    pub target: AttrValue,
}

/// A blocking error.
#[function_component]
pub fn ErrorState(props: &ErrorStateProps) -> Html {
    html! {
        <div class={classes!("rl-error", format!("rl-error-{}", props.kind))} role="alert">
            <p class="rl-error-title">{ &props.title }</p>
            <p class="rl-error-message">{ &props.message }</p>
            if let Some(href) = &props.href {
                <a class="rl-go rl-fallback" part="go" href={href.clone()} target={props.target.clone()}
                   rel="sponsored noopener">{ &props.link_text }</a>
            }
        </div>
    }
}
