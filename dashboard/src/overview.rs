//! The overview tab: balance cards, the referral link and pair-link builder, and the charts.

use crate::app::{Ctx, ViewProps};
use crate::backend::Summary;
use crate::charts::{BarChart, Measure};
use crate::i18n::Strings;
use crate::load::{state_view, use_loader, Load};
use crate::util::DayRange;
use ratelink_browser::copy_text;
use ratelink_core::partner::{pair_link, stats, PartnerExchange};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The reward's currency: the first row that names one, else the balance's.
pub fn reward_unit(summary: &Summary, list: &[PartnerExchange]) -> Option<AttrValue> {
    list.iter()
        .find_map(|e| e.reward.as_ref()?.currency.clone())
        .or_else(|| summary.summary.balance.as_ref()?.currency.clone())
        .map(AttrValue::from)
}

/// Balance cards, the referral links and the charts of the window.
#[function_component(Overview)]
pub fn overview(props: &ViewProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by Dashboard");
    let t = ctx.t;
    let s = &props.summary.summary;
    let extras = &props.summary.extras;
    let backend = ctx.backend.clone();
    let want_clicks = extras.clicks;
    let (data, retry) = use_loader(props.range, move |range: DayRange| {
        let backend = backend.clone();
        async move {
            let w = range.window();
            let exchanges = backend.all_exchanges(w).await?;
            let clicks = if want_clicks {
                Some(backend.clicks(w).await?)
            } else {
                None
            };
            Ok((range, exchanges, clicks))
        }
    });
    let card = |label: &'static str, value: String, part: &'static str| {
        html! { <div class="rd-card" part="card" data-field={part}><p class="rd-card-label">{ label }</p><p class="rd-card-value">{ value }</p></div> }
    };
    let balance = match &s.balance {
        Some(b) => format!(
            "{} {}",
            b.amount,
            b.currency
                .clone()
                .unwrap_or_else(|| t.currency_unknown.to_string())
        ),
        None => t.not_available.to_string(),
    };
    let charts = match &*data {
        Load::Ready(d) => {
            let (range, exchanges, clicks) = &**d;
            let unit = reward_unit(&props.summary, exchanges);
            // One day axis for all three: the window's days (widened alike when a record's
            // site-local date falls outside it), empty days as zero.
            let span = Some(range.span());
            let (mut ex_days, ex_undated) = stats::exchanges_per_day(exchanges, span);
            let (mut earn_days, earn_undated) = stats::earnings_per_day(exchanges, span);
            let (mut click_days, click_undated) = clicks
                .as_ref()
                .map(|c| stats::clicks_per_day(c, span))
                .unwrap_or_default();
            stats::align(&mut [&mut ex_days, &mut earn_days, &mut click_days]);
            // Earnings count credited rewards only; what is not credited yet is named under it,
            // so the two add up to the Exchanges tab's reward.
            let (pending_n, pending) = stats::not_credited(exchanges);
            let earn_note = (pending_n > 0).then(|| {
                let unit = unit.as_ref().map(|u| format!(" {u}")).unwrap_or_default();
                AttrValue::from(format!(
                    "{}: {pending}{unit} ({}: {pending_n})",
                    t.not_credited, t.count
                ))
            });
            let clicks_chart = clicks.is_some().then(|| {
                html! { <BarChart title={t.clicks_per_day} points={click_days} measure={Measure::Count} undated={click_undated} undated_text={t.undated} empty_text={t.empty} /> }
            });
            html! {
                <div class="rd-charts">
                    { for clicks_chart }
                    <BarChart title={t.exchanges_per_day} points={ex_days} measure={Measure::Count} undated={ex_undated} undated_text={t.undated} empty_text={t.empty} />
                    <BarChart title={t.earnings_per_day} points={earn_days} measure={Measure::Amount} unit={unit} undated={earn_undated} undated_text={t.undated} empty_text={t.empty} note={earn_note} />
                </div>
            }
        }
        other => state_view(t, other, retry).unwrap_or_default(),
    };
    html! {
        <div class="rd-overview">
            <div class="rd-cards">
                { card(t.balance, balance, "balance") }
                if let Some(m) = &s.min_payout { { card(t.min_payout, m.to_string(), "min_payout") } }
                if let Some(p) = &s.reward_percent { { card(t.reward_percent, format!("{p}%"), "reward_percent") } }
                if let Some(n) = s.referrals { { card(t.referrals, n.to_string(), "referrals") } }
                if let Some(m) = &s.total_received { { card(t.total_received, m.to_string(), "total_received") } }
                if let Some(m) = &s.total_withdrawn { { card(t.total_withdrawn, m.to_string(), "total_withdrawn") } }
            </div>
            <LinkBuilder t={t} link={extras.referral_link.clone()} />
            <crate::embed::EmbedSnippet />
            { charts }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct LinkProps {
    t: &'static Strings,
    link: Option<String>,
}

#[function_component(LinkBuilder)]
fn link_builder(props: &LinkProps) -> Html {
    let t = props.t;
    let from = use_state(String::new);
    let to = use_state(String::new);
    let Some(base) = props.link.clone() else {
        return html! { <section class="rd-links"><h3 class="rd-h3">{ t.referral_link }</h3><p class="rd-note">{ t.no_referral_code }</p></section> };
    };
    let built = pair_link(&base, &from.to_ascii_uppercase(), &to.to_ascii_uppercase());
    let code_input = |state: &UseStateHandle<String>,
                      id: &'static str,
                      label: &'static str,
                      example: &'static str| {
        let state = state.clone();
        let value = (*state).clone();
        html! {
            <label class="rd-inline" for={id}>{ label }
                <input id={id} class="rd-input rd-code" type="text" maxlength="32" spellcheck="false" placeholder={example} value={value}
                    oninput={Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value().trim().to_string()))} />
            </label>
        }
    };
    html! {
        <section class="rd-links" part="links">
            <h3 class="rd-h3">{ t.referral_link }</h3>
            <CopyField t={t} value={base.clone()} name="referral" />
            <h3 class="rd-h3">{ t.link_builder }</h3>
            <div class="rd-row">
                { code_input(&from, "rd-cur-from", t.cur_from, "USDTTRC20") }
                { code_input(&to, "rd-cur-to", t.cur_to, "BTC") }
            </div>
            <CopyField t={t} value={built} name="pair" />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CopyProps {
    t: &'static Strings,
    value: String,
    name: &'static str,
}

#[function_component(CopyField)]
fn copy_field(props: &CopyProps) -> Html {
    let t = props.t;
    let note = use_state(|| None::<&'static str>);
    let input = use_node_ref();
    let onclick = {
        let value = props.value.clone();
        let note = note.clone();
        let input = input.clone();
        Callback::from(move |_| {
            let value = value.clone();
            let note = note.clone();
            let input = input.clone();
            spawn_local(async move {
                if copy_text(&value).await {
                    note.set(Some(t.copied));
                } else {
                    if let Some(i) = input.cast::<HtmlInputElement>() {
                        i.select();
                    }
                    note.set(Some(t.copy_failed));
                }
            });
        })
    };
    html! {
        <div class="rd-copy">
            <input class="rd-input rd-copy-value" type="text" readonly=true value={props.value.clone()} ref={input} data-name={props.name} aria-label={t.referral_link} />
            <button type="button" onclick={onclick}>{ t.copy }</button>
            if let Some(text) = *note { <span class="rd-note" role="status">{ text }</span> }
        </div>
    }
}
