//! The widget tab: the builder. Feed, starting pair, theme, language, layout and placement; a live preview of the real widget; the relay's embed code with a copy button.

use crate::app::Ctx;
use crate::backend::{FeedPairs, SnippetRequest};
use crate::embed::{copy_code, Note};
use crate::i18n::Strings;
use crate::load::{state_view, use_loader, Load};
use crate::wire::SnippetAnswer;
use ratelink_core::link::is_placement_name;
use ratelink_core::snippet::{COMPARE, LAYOUTS, THEMES};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlIFrameElement, HtmlInputElement, HtmlSelectElement, ResizeObserver};
use yew::prelude::*;

/// The page the preview frame shows: the embed code alone, as on a blank partner page.
/// `color-scheme` lets the frame's canvas follow the chosen theme (no inline style needed).
fn preview_page(code: &str, lang: &str, theme: &str) -> String {
    let scheme = match theme {
        "light" => "light",
        "dark" => "dark",
        _ => "light dark",
    };
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"color-scheme\" content=\"{scheme}\"><title>ratelink</title></head>\
         <body>\n{code}</body></html>"
    )
}

/// What keeps the preview frame as tall as its page: the observer and its callback.
type Fit = (ResizeObserver, Closure<dyn FnMut(js_sys::Array)>);

/// Sizes the preview frame to its page, now and whenever the widget in it grows or shrinks
/// (the page is the dashboard's origin, so its size can be read from here).
fn fit_preview(frame: &NodeRef, fit: &RefCell<Option<Fit>>) {
    if let Some((old, _)) = fit.borrow_mut().take() {
        old.disconnect();
    }
    let Some(iframe) = frame.cast::<HtmlIFrameElement>() else {
        return;
    };
    let Some(root) = iframe.content_document().and_then(|d| d.document_element()) else {
        return;
    };
    let measured = root.clone();
    let target = iframe.clone();
    let resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |_| {
        // The root box holds the body and its margins, and shrinks with them.
        let height = measured.get_bounding_client_rect().height().ceil();
        if height > 0.0 {
            let _ = target
                .style()
                .set_property("height", &format!("{height}px"));
        }
    });
    if let Ok(observer) = ResizeObserver::new(resize.as_ref().unchecked_ref()) {
        observer.observe(&root);
        *fit.borrow_mut() = Some((observer, resize));
    }
}

/// Codes to give, in feed order, each once.
fn give_codes(pairs: &FeedPairs) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for (from, _) in &pairs.pairs {
        if !out.contains(&from.as_str()) {
            out.push(from);
        }
    }
    out
}

/// Codes to get for `from`, in feed order, each once.
fn get_codes<'a>(pairs: &'a FeedPairs, from: &str) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for (f, to) in &pairs.pairs {
        if f == from && !out.contains(&to.as_str()) {
            out.push(to);
        }
    }
    out
}

/// `BTC — Bitcoin` in the dashboard's language (the code alone when the feed names none).
fn code_label(pairs: &FeedPairs, code: &str, ru: bool) -> String {
    match pairs.names.iter().find(|(c, _, _)| c == code) {
        Some((_, en, r)) => {
            let name = if ru { r } else { en };
            if name.is_empty() || name == code {
                code.to_string()
            } else {
                format!("{code} — {name}")
            }
        }
        None => code.to_string(),
    }
}

/// A labelled `<select>` over `(value, label)` options.
fn select(
    id: &'static str,
    label: &str,
    value: &str,
    options: Vec<(String, String)>,
    state: &UseStateHandle<String>,
) -> Html {
    select_with(id, label, value, options, state, None)
}

/// [`select`], disabled with `why` shown under it when `why` is given.
fn select_with(
    id: &'static str,
    label: &str,
    value: &str,
    options: Vec<(String, String)>,
    state: &UseStateHandle<String>,
    why: Option<&str>,
) -> Html {
    let state = state.clone();
    let onchange = Callback::from(move |e: Event| {
        state.set(e.target_unchecked_into::<HtmlSelectElement>().value())
    });
    html! {
        <label class="rd-field" for={id}>
            <span>{ label.to_string() }</span>
            <select id={id} class="rd-input" onchange={onchange} disabled={why.is_some()}
                aria-describedby={why.map(|_| format!("{id}-why"))}>
                { for options.into_iter().map(|(v, l)| {
                    let selected = v == value;
                    html! { <option value={v} selected={selected}>{ l }</option> }
                }) }
            </select>
            if let Some(why) = why {
                <small id={format!("{id}-why")} class="rd-hint">{ why.to_string() }</small>
            }
        </label>
    }
}

/// The widget builder. Relay mode only: the relay serves the widget and makes the code.
#[function_component(WidgetBuilder)]
pub fn widget_builder() -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by Dashboard");
    let t: &'static Strings = ctx.t;
    let ru = std::ptr::eq(t, &crate::i18n::RU);
    let direct = ctx.backend.is_direct();
    let feed = use_state(String::new);
    let from = use_state(String::new);
    let to = use_state(String::new);
    let theme = use_state(|| THEMES[0].to_string());
    let lang = use_state(String::new);
    let layout = use_state(|| LAYOUTS[0].to_string());
    let placement = use_state(String::new);
    let note = use_state(|| None::<Note>);
    let area = use_node_ref();
    let frame = use_node_ref();
    let shown = use_mut_ref(|| None::<Rc<Option<SnippetAnswer>>>);
    let fit = use_mut_ref(|| None::<Fit>);
    {
        let fit = fit.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some((observer, _)) = fit.borrow_mut().take() {
                    observer.disconnect();
                }
            }
        });
    }

    let backend = ctx.backend.clone();
    let (feeds, retry_feeds) = use_loader(direct, move |direct: bool| {
        let backend = backend.clone();
        async move {
            if direct {
                return Ok(Vec::new());
            }
            backend.feed_names().await
        }
    });
    // The first feed until one is chosen.
    let feed_name = match (&*feeds, feed.is_empty()) {
        (Load::Ready(names), true) => names.first().cloned().unwrap_or_default(),
        _ => (*feed).clone(),
    };
    let backend = ctx.backend.clone();
    let (pairs, retry_pairs) = use_loader(feed_name.clone(), move |name: String| {
        let backend = backend.clone();
        async move {
            if name.is_empty() {
                return Ok(FeedPairs::default());
            }
            backend.feed_pairs(&name).await
        }
    });
    {
        // Another feed: its pairs differ, start over with the visitor's choice.
        let (from, to) = (from.clone(), to.clone());
        use_effect_with(feed_name.clone(), move |_| {
            from.set(String::new());
            to.set(String::new());
        });
    }
    let feed_pairs: Option<Rc<FeedPairs>> = match &*pairs {
        Load::Ready(p) => Some(p.clone()),
        _ => None,
    };
    // The pair goes in only when the feed has it (a stale choice from another feed does not).
    let pair = feed_pairs.as_ref().and_then(|p| {
        p.pairs
            .iter()
            .find(|(f, to_code)| *f == *from && *to_code == *to)
            .cloned()
    });
    let placement_text = placement.trim().to_string();
    let placement_ok = placement_text.is_empty() || is_placement_name(&placement_text);
    // Compare layout: the widget reads every feed of the relay (`/compare`); the pair offered
    // is still the chosen feed's (each of its pairs is in the comparison).
    let compare = *layout == COMPARE;
    let want = (!feed_name.is_empty() && placement_ok).then(|| SnippetRequest {
        feed: if compare {
            String::new()
        } else {
            feed_name.clone()
        },
        pair: pair.clone(),
        theme: Some((*theme).clone()).filter(|v| v != THEMES[0]),
        lang: Some((*lang).clone()).filter(|v| !v.is_empty()),
        layout: Some((*layout).clone()).filter(|v| v != LAYOUTS[0]),
        placement: Some(placement_text.clone()).filter(|v| !v.is_empty()),
    });
    let backend = ctx.backend.clone();
    let (snippet, retry_snippet) = use_loader(want.clone(), move |want: Option<SnippetRequest>| {
        let backend = backend.clone();
        async move {
            match want {
                Some(w) => backend.snippet(&w).await.map(Some),
                None => Ok(None::<SnippetAnswer>),
            }
        }
    });
    {
        let note = note.clone();
        use_effect_with(want, move |_| note.set(None));
    }

    if direct {
        return html! { <p class="rd-empty" part="empty" role="note">{ t.builder_direct }</p> };
    }
    let names = match &*feeds {
        Load::Ready(n) => n.clone(),
        other => return state_view(t, other, retry_feeds).unwrap_or_default(),
    };
    if names.is_empty() {
        return html! { <p class="rd-empty" part="empty">{ t.no_feeds }</p> };
    }

    let feed_options = names.iter().map(|n| (n.clone(), n.clone())).collect();
    let pair_fields = match (&*pairs, &feed_pairs) {
        (_, Some(p)) => {
            let mut gives = vec![(String::new(), t.visitor_choice.to_string())];
            gives.extend(
                give_codes(p)
                    .into_iter()
                    .map(|c| (c.to_string(), code_label(p, c, ru))),
            );
            let on_from = {
                let (from, to, p) = (from.clone(), to.clone(), p.clone());
                Callback::from(move |e: Event| {
                    let code = e.target_unchecked_into::<HtmlSelectElement>().value();
                    // The first pair of that currency, so the choice is a pair at once.
                    to.set(
                        get_codes(&p, &code)
                            .first()
                            .map(|c| c.to_string())
                            .unwrap_or_default(),
                    );
                    from.set(code);
                })
            };
            let gets: Vec<(String, String)> = get_codes(p, &from)
                .into_iter()
                .map(|c| (c.to_string(), code_label(p, c, ru)))
                .collect();
            html! {
                <>
                    <label class="rd-field" for="rd-builder-from">
                        <span>{ format!("{}: {}", t.start_pair, t.give) }</span>
                        <select id="rd-builder-from" class="rd-input" onchange={on_from}>
                            { for gives.into_iter().map(|(v, l)| {
                                let selected = v == *from;
                                html! { <option value={v} selected={selected}>{ l }</option> }
                            }) }
                        </select>
                    </label>
                    if pair.is_some() {
                        { select("rd-builder-to", &format!("{}: {}", t.start_pair, t.get), &to, gets, &to) }
                    }
                </>
            }
        }
        (other, None) => state_view(t, other, retry_pairs).unwrap_or_default(),
    };
    let theme_options = THEMES
        .iter()
        .map(|v| (v.to_string(), t.theme_name(v).to_string()))
        .collect();
    let lang_options = vec![
        (String::new(), t.lang_page.to_string()),
        ("en".to_string(), t.lang_en.to_string()),
        ("ru".to_string(), t.lang_ru.to_string()),
    ];
    let layout_options = LAYOUTS
        .iter()
        .map(|v| (v.to_string(), t.layout_name(v).to_string()))
        .collect();
    let on_placement = {
        let placement = placement.clone();
        Callback::from(move |e: InputEvent| {
            placement.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };

    // While the next code is on its way the last one stays (the preview frame is kept, not
    // torn down and rebuilt on every choice); copying waits for the new one.
    let loading = matches!(&*snippet, Load::Loading);
    let current = match &*snippet {
        Load::Ready(got) => {
            *shown.borrow_mut() = Some(got.clone());
            Some(got.clone())
        }
        Load::Loading => shown.borrow().clone(),
        Load::Failed(_) => None,
    };
    let result = match current {
        Some(got) => match got.as_ref() {
            Some(s) => {
                let code = s.html.clone();
                let page_lang = if lang.is_empty() {
                    if ru {
                        "ru"
                    } else {
                        "en"
                    }
                } else {
                    lang.as_str()
                };
                let doc = preview_page(&code, page_lang, &theme);
                let onload = {
                    let (frame, fit) = (frame.clone(), fit.clone());
                    Callback::from(move |_: Event| fit_preview(&frame, &fit))
                };
                let onclick = copy_code(&code, &note, &area);
                let rows = (code.lines().count() + 1).to_string();
                html! {
                    <>
                        <section class="rd-preview-box" part="preview-box" aria-busy={loading.to_string()}>
                            <h3 class="rd-h3">{ t.preview }</h3>
                            <iframe class="rd-preview" part="preview" ref={frame.clone()} onload={onload}
                                title={t.preview_title} srcdoc={doc} loading="eager" referrerpolicy="no-referrer"></iframe>
                        </section>
                        <section class="rd-links" part="builder-code">
                            <h3 class="rd-h3">{ t.embed_code }</h3>
                            <textarea class="rd-input rd-copy-value" part="builder-snippet" readonly=true rows={rows} spellcheck="false"
                                aria-label={t.embed_code} ref={area.clone()} value={code.clone()} />
                            <div class="rd-copy">
                                <button type="button" class="rd-builder-copy" onclick={onclick} disabled={loading}>{ t.embed_copy }</button>
                                if let Some(n) = *note {
                                    <span class="rd-note" role="status">{ n.text(t) }</span>
                                }
                            </div>
                            <p class="rd-note">{ t.embed_csp }</p>
                            <code class="rd-copy-value" part="builder-csp">{ s.csp.clone() }</code>
                        </section>
                    </>
                }
            }
            None => html! {},
        },
        None => state_view(t, &snippet, retry_snippet).unwrap_or_default(),
    };

    html! {
        <div class="rd-builder">
            <h3 class="rd-h3">{ t.builder_title }</h3>
            <p class="rd-note">{ t.builder_note }</p>
            <div class="rd-form-grid" part="builder-form">
                { select_with("rd-builder-feed", t.embed_feed, &feed_name, feed_options, &feed, compare.then_some(t.compare_feeds)) }
                { pair_fields }
                { select("rd-builder-theme", t.theme, &theme, theme_options, &theme) }
                { select("rd-builder-lang", t.widget_lang, &lang, lang_options, &lang) }
                { select("rd-builder-layout", t.layout, &layout, layout_options, &layout) }
                <label class="rd-field rd-field-wide" for="rd-builder-placement">
                    <span>{ t.placement }</span>
                    <input id="rd-builder-placement" class="rd-input" type="text" maxlength="64" spellcheck="false"
                        autocomplete="off" placeholder="sidebar" value={(*placement).clone()} oninput={on_placement}
                        aria-invalid={(!placement_ok).to_string()} aria-describedby="rd-builder-placement-hint" />
                    <small id="rd-builder-placement-hint" class={classes!("rd-hint", (!placement_ok).then_some("rd-error-text"))}>
                        { if placement_ok { t.placement_hint } else { t.placement_bad } }
                    </small>
                </label>
            </div>
            { result }
        </div>
    }
}
