//! What the widget shows when nothing usable can be shown, with the fallback link.

use yew::prelude::*;

/// What [`error_state`] shows.
pub struct ErrorStateProps {
    /// `config`, `network`, ... (also a class suffix).
    pub kind: &'static str,
    /// Short explanation.
    pub title: &'static str,
    /// The cause.
    pub message: String,
    /// When the widget tries again by itself ("Trying again in 2 s…"), if it does.
    pub retry: Option<String>,
    /// The affiliate link, when it can be built.
    pub href: Option<String>,
    /// Text of the fallback link.
    pub link_text: &'static str,
    /// `target` of the link.
    pub target: String,
}

/// A blocking error (role=alert) with the fallback affiliate link when there is one.
pub fn error_state(props: ErrorStateProps) -> Html {
    html! {
        <div class="rl-error" data-kind={props.kind} role="alert">
            <p class="rl-error-title">{ props.title }</p>
            <p class="rl-error-message">{ props.message }</p>
            if let Some(retry) = props.retry {
                <p class="rl-retry">{ retry }</p>
            }
            if let Some(href) = props.href {
                <a class="rl-go rl-fallback" part="go" href={href} target={props.target}
                   rel="sponsored noopener">{ props.link_text }</a>
            }
        </div>
    }
}
