//! Compare layout: the offers for the chosen pair, best first, and the unavailable exchangers.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::rate_info;
use crate::core_api::{self, Exchanger};
use crate::i18n;
use crate::state::{OfferRow, State};

/// The ranked offers as a list (`role="list"`, one `part="offer"` item each: exchanger, amount
/// received, the single view's facts (rate, reserve, limits, flags), a stale mark, its own link);
/// offers that cannot take the amount follow, greyed, with the reason; then the exchangers without
/// data. `ongo` gets the link and exchanger id of an offer followed. Few nodes per row: each
/// `html!` branch costs wasm.
pub fn offer_list(
    state: &State,
    rows: &[OfferRow<'_>],
    unavailable: &[(&Exchanger, &str)],
    ongo: Callback<(String, Option<String>)>,
) -> Html {
    let lang = state.lang();
    let s = i18n::strings(lang);
    // One listener for the list: the link followed names its exchanger.
    let onclick = Callback::from(move |e: MouseEvent| {
        let link = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("a[data-exchanger]").ok().flatten());
        if let Some(a) = link {
            if let (Some(id), Some(href)) =
                (a.get_attribute("data-exchanger"), a.get_attribute("href"))
            {
                ongo.emit((href, Some(id)));
            }
        }
    });
    // An offer whose amount could not be worked out says why in its reason, not with a zero.
    let amount = |q: &core_api::Quote, code: &str| {
        if !q.computed() {
            return String::new();
        }
        let mut t = core_api::format_amount(&q.get, core_api::precision_for(code), lang);
        t.push(' ');
        t.push_str(code);
        t
    };
    let items = rows.iter().map(|r| {
        let (e, d) = (r.exchanger, r.direction);
        let mut reasons = String::new();
        for p in &r.quote.problems {
            if !reasons.is_empty() {
                reasons.push_str("; ");
            }
            reasons.push_str(&p.message(d, lang));
        }
        let mut label = String::from(s.go_at);
        label.push(' ');
        label.push_str(&e.title);
        html! {
            <li class="rl-offer" part="offer" data-fits={if r.fits() { "true" } else { "false" }}>
                <span class="rl-offer-name" part="offer-exchanger">{ &e.title }</span>
                <span class="rl-offer-receive" part="offer-receive">{ amount(&r.quote, &d.to) }</span>
                { rate_info(d, core_api::limits_text(d, lang), lang, s, state.icons_ready) }
                if e.stale {
                    <span class="rl-offer-stale">{ s.stale_offer }</span>
                }
                <span class="rl-offer-reason">{ reasons }</span>
                <a class="rl-go rl-offer-go" part="offer-go" href={state.offer_href(e, d).unwrap_or_default()}
                   target={state.config.target.clone()} rel="sponsored noopener"
                   data-exchanger={e.id.clone()} aria-label={label}>{ s.go }</a>
            </li>
        }
    });
    let off = unavailable.iter().map(|(e, why)| {
        html! {
            <li class="rl-offer" data-fits="false">
                <span class="rl-offer-name">{ &e.title }</span>
                <span class="rl-offer-reason">{ s.unavailable }{ ": " }{ why }</span>
            </li>
        }
    });
    html! {
        <>
            <ul class="rl-offers" role="list" aria-label={s.offers} {onclick}>{ for items }</ul>
            <ul class="rl-offers rl-unavailable" role="list" aria-label={s.unavailable}>{ for off }</ul>
        </>
    }
}
