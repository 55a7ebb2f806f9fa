//! The affiliate link and the copy-link button.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::Strings;

/// What [`go_link`] shows.
pub struct GoLinkProps {
    /// The affiliate URL.
    pub href: String,
    /// `target` from the configuration.
    pub target: String,
    /// Link text.
    pub text: String,
    /// UI texts.
    pub strings: &'static Strings,
    /// Result of the last copy (`None` before any).
    pub copied: Option<bool>,
    /// The link was activated (navigation itself is the browser's): gets the link and no
    /// exchanger (the App's one `ratelink:go` callback, shared with the compare offers).
    pub ongo: Callback<(String, Option<String>)>,
    /// The copy button was pressed.
    pub oncopy: Callback<()>,
}

/// A real `<a href>` to the exchanger plus "copy link" with a select-and-copy fallback.
pub fn go_link(props: GoLinkProps) -> Html {
    let s = props.strings;
    let (ongo, href) = (props.ongo, props.href.clone());
    let oncopy = props.oncopy;
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(i) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            i.select();
        }
    });
    html! {
        <div class="rl-actions">
            <a class="rl-go" part="go" href={props.href.clone()} target={props.target}
               rel="sponsored noopener" onclick={move |_: MouseEvent| ongo.emit((href.clone(), None))}>{ props.text }</a>
            <button type="button" class="rl-copy" onclick={move |_: MouseEvent| oncopy.emit(())}>{ s.copy }</button>
            <p class="rl-copy-note" role="status">
                { match props.copied {
                    None => html! {},
                    Some(true) => html! { s.copied },
                    Some(false) => html! {
                        <>
                            { s.copy_failed }{ " " }
                            <input class="rl-copy-field" type="text" readonly=true value={props.href}
                                   aria-label={s.copy} onfocus={select_all} />
                        </>
                    },
                } }
            </p>
        </div>
    }
}
