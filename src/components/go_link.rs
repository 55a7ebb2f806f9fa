//! The affiliate link and the copy-link button.

use yew::prelude::*;

use crate::hooks::clipboard::copy_text;
use crate::i18n::Strings;

/// Props of [`GoLink`].
#[derive(Properties, PartialEq)]
pub struct GoLinkProps {
    /// The affiliate URL.
    pub href: AttrValue,
    /// `target` from the configuration.
    pub target: AttrValue,
    /// Link text.
    pub text: AttrValue,
    /// UI texts.
    pub strings: &'static Strings,
    /// The link was activated.
    pub ongo: Callback<()>,
}

#[derive(Clone, Copy, PartialEq)]
enum Copied {
    Not,
    Done,
    Failed,
}

/// A real `<a href>` to the exchanger plus "copy link".
#[function_component]
pub fn GoLink(props: &GoLinkProps) -> Html {
    let copied = use_state(|| Copied::Not);
    {
        let copied = copied.clone();
        use_effect_with(props.href.clone(), move |_| copied.set(Copied::Not));
    }
    let onclick = {
        let ongo = props.ongo.clone();
        // Navigation itself is the browser's: the click is only reported.
        Callback::from(move |_: MouseEvent| ongo.emit(()))
    };
    let oncopy = {
        let (copied, href) = (copied.clone(), props.href.clone());
        Callback::from(move |_: MouseEvent| {
            let (copied, href) = (copied.clone(), href.clone());
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(if copy_text(&href).await { Copied::Done } else { Copied::Failed });
            });
        })
    };
    let s = props.strings;
    html! {
        <div class="rl-actions">
            <a class="rl-go" part="go" href={props.href.clone()} target={props.target.clone()}
               rel="sponsored noopener" {onclick}>{ &props.text }</a>
            <button type="button" class="rl-copy" onclick={oncopy}>{ s.copy }</button>
            <p class="rl-copy-note" role="status">
                { match *copied {
                    Copied::Not => html! {},
                    Copied::Done => html! { s.copied },
                    Copied::Failed => html! {
                        <>
                            { s.copy_failed }{ " " }
                            <input class="rl-copy-field" type="text" readonly=true value={props.href.clone()}
                                   aria-label={s.copy} onfocus={Callback::from(|e: FocusEvent| {
                                       use wasm_bindgen::JsCast;
                                       if let Some(i) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) { i.select(); }
                                   })} />
                        </>
                    },
                } }
            </p>
        </div>
    }
}
