//! "Put the widget on your site": the relay's embed snippet (`GET /snippet`, the code behind `ratelink-relay snippet`) for a feed and pair, with a copy button.

use crate::app::Ctx;
use crate::backend::SnippetRequest;
use crate::i18n::Strings;
use crate::load::{use_loader, Load};
use crate::wire::SnippetAnswer;
use ratelink_browser::copy_text;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Which note follows the copy button.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Note {
    Copied,
    CopyFailed,
}

impl Note {
    /// The note's words.
    pub(crate) fn text(self, t: &Strings) -> &'static str {
        match self {
            Note::Copied => t.copied,
            Note::CopyFailed => t.embed_copy_failed,
        }
    }
}

/// The copy button's click: copies `code`; when the browser refuses, selects the code in
/// `area` (a `<textarea>`) for the visitor to copy by hand. `note` says which happened.
pub(crate) fn copy_code(
    code: &str,
    note: &UseStateHandle<Option<Note>>,
    area: &NodeRef,
) -> Callback<MouseEvent> {
    let (code, note, area) = (code.to_string(), note.clone(), area.clone());
    Callback::from(move |_| {
        let (code, note, area) = (code.clone(), note.clone(), area.clone());
        spawn_local(async move {
            if copy_text(&code).await {
                note.set(Some(Note::Copied));
            } else {
                if let Some(a) = area.cast::<HtmlTextAreaElement>() {
                    a.select();
                }
                note.set(Some(Note::CopyFailed));
            }
        });
    })
}

/// The embed snippet for one of the relay's feeds (chosen here) and an optional pair. Shown in
/// relay mode only: direct mode has no relay to serve the widget.
#[function_component(EmbedSnippet)]
pub fn embed_snippet() -> Html {
    let ctx = use_context::<Ctx>();
    let feeds = use_state(Vec::<String>::new);
    let feed = use_state(String::new);
    let from = use_state(String::new);
    let to = use_state(String::new);
    let note = use_state(|| None::<Note>);
    let area = use_node_ref();
    let backend = ctx.as_ref().map(|c| c.backend.clone());

    {
        let (backend, feeds, feed) = (backend.clone(), feeds.clone(), feed.clone());
        use_effect_with((), move |_| {
            if let Some(backend) = backend.filter(|b| !b.is_direct()) {
                spawn_local(async move {
                    if let Ok(names) = backend.feed_names().await {
                        if let Some(first) = names.first() {
                            feed.set(first.clone());
                        }
                        feeds.set(names);
                    }
                });
            }
        });
    }
    // Newest answer wins: a slow answer to an earlier choice never replaces a later one.
    let want = (!feed.is_empty()).then(|| {
        let (from, to) = (from.to_ascii_uppercase(), to.to_ascii_uppercase());
        SnippetRequest {
            feed: (*feed).clone(),
            pair: (!from.is_empty() && !to.is_empty()).then_some((from, to)),
            ..SnippetRequest::default()
        }
    });
    let (got, _) = use_loader(want, move |want: Option<SnippetRequest>| {
        let backend = backend.clone().filter(|b| !b.is_direct());
        async move {
            match (want, backend) {
                (Some(w), Some(backend)) => backend.snippet(&w).await.map(Some),
                _ => Ok(None::<SnippetAnswer>),
            }
        }
    });

    let Some(ctx) = ctx else { return html! {} };
    if ctx.backend.is_direct() || feeds.is_empty() {
        return html! {};
    }
    let t = ctx.t;
    let text_input = |state: &UseStateHandle<String>, id: &'static str, label: &'static str| {
        let state = state.clone();
        html! {
            <label class="rd-inline" for={id}>{ label }
                <input id={id} class="rd-input rd-code" type="text" maxlength="32" spellcheck="false" value={(*state).clone()}
                    oninput={Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value().trim().to_string()))} />
            </label>
        }
    };
    let on_feed = {
        let feed = feed.clone();
        Callback::from(move |e: Event| {
            feed.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let answer = match &*got {
        Load::Ready(answer) => answer.as_ref().as_ref(),
        _ => None,
    };
    let body = match (&*got, answer) {
        (Load::Failed(why), _) => {
            html! { <p class="rd-note" role="alert">{ why.message.clone() }</p> }
        }
        (_, None) => html! { <p class="rd-note">{ t.loading }</p> },
        (_, Some(SnippetAnswer { html: code, csp })) => {
            let onclick = copy_code(code, &note, &area);
            let rows = (code.lines().count() + 1).to_string();
            html! {
                <>
                    <textarea class="rd-input rd-copy-value" part="snippet" readonly=true rows={rows} spellcheck="false"
                        aria-label={t.embed_title} ref={area} value={code.clone()} />
                    <div class="rd-copy">
                        <button type="button" onclick={onclick}>{ t.embed_copy }</button>
                        if let Some(n) = *note { <span class="rd-note" role="status">{ n.text(t) }</span> }
                    </div>
                    <p class="rd-note">{ t.embed_csp }</p>
                    <code class="rd-copy-value" part="snippet-csp">{ csp.clone() }</code>
                </>
            }
        }
    };
    html! {
        <section class="rd-links" part="embed">
            <h3 class="rd-h3">{ t.embed_title }</h3>
            <div class="rd-row">
                <label class="rd-inline" for="rd-embed-feed">{ t.embed_feed }
                    <select id="rd-embed-feed" class="rd-input" onchange={on_feed}>
                        { for feeds.iter().map(|f| html! { <option value={f.clone()} selected={*f == *feed}>{ f.clone() }</option> }) }
                    </select>
                </label>
                { text_input(&from, "rd-embed-from", t.embed_from) }
                { text_input(&to, "rd-embed-to", t.embed_to) }
            </div>
            { body }
        </section>
    }
}
