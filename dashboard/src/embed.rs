//! "Put the widget on your site": the relay's embed snippet (`GET /snippet`, the code behind `ratelink-relay snippet`) for a feed and pair, with a copy button.

use crate::app::Ctx;
use crate::i18n::Lang;
use crate::util;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// This view's texts (English, Russian).
fn t(lang: Lang, key: &str) -> &'static str {
    let (en, ru) = match key {
        "title" => ("Put the widget on your site", "Виджет на вашем сайте"),
        "feed" => ("Feed", "Курсы"),
        "from" => ("Give", "Отдаёте"),
        "to" => ("Get", "Получаете"),
        "csp" => (
            "Content-Security-Policy your page needs (merge into its own):",
            "Content-Security-Policy, нужная странице (добавьте к своей):",
        ),
        "copy" => ("Copy the code", "Скопировать код"),
        "copied" => ("Copied", "Скопировано"),
        "copy_failed" => (
            "Copying was refused: the code is selected, press Ctrl+C",
            "Браузер не дал скопировать: код выделен, нажмите Ctrl+C",
        ),
        "loading" => ("Loading…", "Загрузка…"),
        _ => ("", ""),
    };
    if lang == Lang::Ru {
        ru
    } else {
        en
    }
}

/// What the relay answered.
#[derive(Clone, PartialEq)]
enum Got {
    Loading,
    Snippet { html: String, csp: String },
    Failed(String),
}

fn read_snippet(text: &str) -> Got {
    let Ok(v) = ratelink_core::json::parse(text) else {
        return Got::Failed("the relay's answer is not JSON".into());
    };
    match (
        v.get("html").and_then(|h| h.as_str()),
        v.get("csp").and_then(|c| c.as_str()),
    ) {
        (Some(html), Some(csp)) => Got::Snippet {
            html: html.to_string(),
            csp: csp.to_string(),
        },
        _ => Got::Failed("the relay's answer has no snippet".into()),
    }
}

fn read_feeds(text: &str) -> Vec<String> {
    let Ok(v) = ratelink_core::json::parse(text) else {
        return Vec::new();
    };
    v.get("feeds")
        .and_then(|f| f.as_array())
        .unwrap_or(&[])
        .iter()
        .filter_map(|f| f.get("name")?.as_str().map(str::to_string))
        .collect()
}

fn query_part(s: &str) -> String {
    ratelink_core::link::encode_component(s)
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
    let got = use_state(|| Got::Loading);
    let note = use_state(|| None::<&'static str>);
    let area = use_node_ref();
    let backend = ctx.as_ref().map(|c| c.backend.clone());

    {
        let (backend, feeds, feed) = (backend.clone(), feeds.clone(), feed.clone());
        use_effect_with((), move |_| {
            if let Some(backend) = backend.filter(|b| !b.is_direct()) {
                spawn_local(async move {
                    if let Ok(text) = backend.relay_get("/config").await {
                        let names = read_feeds(&text);
                        if let Some(first) = names.first() {
                            feed.set(first.clone());
                        }
                        feeds.set(names);
                    }
                });
            }
        });
    }
    {
        let (backend, got) = (backend.clone(), got.clone());
        let pair = (
            (*feed).clone(),
            from.to_ascii_uppercase(),
            to.to_ascii_uppercase(),
        );
        use_effect_with(pair, move |(feed, from, to)| {
            if let (Some(backend), false) = (backend, feed.is_empty()) {
                let mut path = format!("/snippet?feed={}", query_part(feed));
                if !from.is_empty() && !to.is_empty() {
                    path.push_str(&format!("&from={}&to={}", query_part(from), query_part(to)));
                }
                got.set(Got::Loading);
                spawn_local(async move {
                    got.set(match backend.relay_get(&path).await {
                        Ok(text) => read_snippet(&text),
                        Err(f) => Got::Failed(f.message),
                    });
                });
            }
        });
    }

    let Some(ctx) = ctx else { return html! {} };
    if ctx.backend.is_direct() || feeds.is_empty() {
        return html! {};
    }
    let lang = ctx.lang;
    let text_input = |state: &UseStateHandle<String>, id: &'static str, key: &'static str| {
        let state = state.clone();
        html! {
            <label class="rd-inline" for={id}>{ t(lang, key) }
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
    let body = match &*got {
        Got::Loading => html! { <p class="rd-note">{ t(lang, "loading") }</p> },
        Got::Failed(why) => html! { <p class="rd-note" role="alert">{ why.clone() }</p> },
        Got::Snippet { html: code, csp } => {
            let onclick = {
                let (code, note, area) = (code.clone(), note.clone(), area.clone());
                Callback::from(move |_| {
                    let (code, note, area) = (code.clone(), note.clone(), area.clone());
                    spawn_local(async move {
                        if util::copy(&code).await {
                            note.set(Some("copied"));
                        } else {
                            if let Some(a) = area.cast::<HtmlTextAreaElement>() {
                                a.select();
                            }
                            note.set(Some("copy_failed"));
                        }
                    });
                })
            };
            let rows = (code.lines().count() + 1).to_string();
            html! {
                <>
                    <textarea class="rd-input rd-copy-value" part="snippet" readonly=true rows={rows} spellcheck="false"
                        aria-label={t(lang, "title")} ref={area} value={code.clone()} />
                    <div class="rd-copy">
                        <button type="button" onclick={onclick}>{ t(lang, "copy") }</button>
                        if let Some(k) = *note { <span class="rd-note" role="status">{ t(lang, k) }</span> }
                    </div>
                    <p class="rd-note">{ t(lang, "csp") }</p>
                    <code class="rd-copy-value" part="snippet-csp">{ csp.clone() }</code>
                </>
            }
        }
    };
    html! {
        <section class="rd-links" part="embed">
            <h3 class="rd-h3">{ t(lang, "title") }</h3>
            <div class="rd-row">
                <label class="rd-inline" for="rd-embed-feed">{ t(lang, "feed") }
                    <select id="rd-embed-feed" class="rd-input" onchange={on_feed}>
                        { for feeds.iter().map(|f| html! { <option value={f.clone()} selected={*f == *feed}>{ f.clone() }</option> }) }
                    </select>
                </label>
                { text_input(&from, "rd-embed-from", "from") }
                { text_input(&to, "rd-embed-to", "to") }
            </div>
            { body }
        </section>
    }
}
