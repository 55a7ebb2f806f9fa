//! Compare layout: the offers for the chosen pair, best first, and the unavailable exchangers.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::core_api::{self, Exchanger};
use crate::i18n;
use crate::state::{OfferRow, State};

/// The ranked offers as a list (`role="list"`, one `part="offer"` item each: exchanger, amount
/// received, rate, reserve, limits, flags, its own link); offers that cannot take the amount
/// follow, greyed, with the reason; then the exchangers without data. `ongo` gets the exchanger
/// id and link of an offer followed.
pub fn offer_list(
    state: &State,
    rows: &[OfferRow<'_>],
    unavailable: &[(&Exchanger, String)],
    ongo: Callback<(String, String)>,
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
                ongo.emit((id, href));
            }
        }
    });
    let amount = |v: &core_api::Decimal, code: &str| {
        let mut t = core_api::format_amount(v, core_api::precision_for(code), lang);
        t.push(' ');
        t.push_str(code);
        t
    };
    let items = rows.iter().map(|r| {
        let (e, d) = (r.exchanger, r.direction);
        let reasons: Vec<String> = r
            .quote
            .iter()
            .flat_map(|q| q.problems.iter().map(|p| p.message(d, lang)))
            .collect();
        let limits = core_api::limits_text(d, lang);
        let href = state.offer_href(e, d);
        html! {
            <li class="rl-offer" part="offer" data-fits={if r.fits() { "true" } else { "false" }}>
                <span class="rl-offer-name" part="offer-exchanger">{ &e.title }</span>
                <span class="rl-offer-receive" part="offer-receive">
                    { r.quote.as_ref().map(|q| amount(&q.get, &d.to)).unwrap_or_default() }
                </span>
                <span class="rl-offer-rate">{ core_api::format_rate(d, lang) }</span>
                if let Some(reserve) = d.reserve {
                    <span class="rl-offer-fact">{ s.reserve }{ ": " }{ amount(&reserve, &d.to) }</span>
                }
                if !limits.is_empty() {
                    <span class="rl-offer-fact">{ limits }</span>
                }
                if !d.flags.is_empty() || e.stale {
                    <span class="rl-flags">
                        if e.stale {
                            <span class="rl-flag rl-offer-stale">{ s.stale_offer }</span>
                        }
                        { for d.flags.iter().map(|f| html! {
                            <span class="rl-flag" data-flag={f.clone()}>{ core_api::flag_label(f, lang) }</span>
                        }) }
                    </span>
                }
                if !reasons.is_empty() {
                    <span class="rl-offer-reason">{ reasons.join("; ") }</span>
                }
                if let Some(href) = href {
                    <a class="rl-go rl-offer-go" part="offer-go" href={href} target={state.config.target.clone()}
                       rel="sponsored noopener" data-exchanger={e.id.clone()}
                       aria-label={format!("{} {}", s.go_at, e.title)}>{ s.go }</a>
                }
            </li>
        }
    });
    html! {
        <>
            <ul class="rl-offers" role="list" aria-label={s.offers} {onclick}>
                { for items }
            </ul>
            if !unavailable.is_empty() {
                <ul class="rl-offers rl-unavailable" role="list" aria-label={s.unavailable}>
                    { for unavailable.iter().map(|(e, why)| html! {
                        <li class="rl-offer" data-fits="false">
                            <span class="rl-offer-name">{ &e.title }</span>
                            <span class="rl-offer-reason">{ s.unavailable }{ ": " }{ why }</span>
                        </li>
                    }) }
                </ul>
            }
        </>
    }
}
