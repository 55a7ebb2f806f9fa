//! The exchanges tab: totals, a page of partner exchanges with a pager, CSV of the window.

use crate::app::{Ctx, ViewProps};
use crate::load::{state_view, use_loader, Load};
use crate::overview::reward_unit;
use crate::util::{self, DayRange};
use ratelink_core::partner::csv;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// The exchanges tab: totals, one page of rows with a pager, CSV of the whole window.
#[function_component(ExchangesView)]
pub fn exchanges_view(props: &ViewProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by Dashboard");
    let t = ctx.t;
    let page = use_state(|| 1u32);
    {
        let page = page.clone();
        use_effect_with(props.range, move |_| page.set(1));
    }
    let backend = ctx.backend.clone();
    let (data, retry) = use_loader(
        (props.range, *page),
        move |(range, page): (DayRange, u32)| {
            let backend = backend.clone();
            async move { backend.exchanges_page(range.window(), page).await }
        },
    );
    let exporting = use_state(|| false);
    let export = {
        let backend = ctx.backend.clone();
        let range = props.range;
        let exporting = exporting.clone();
        Callback::from(move |_| {
            let backend = backend.clone();
            let exporting = exporting.clone();
            exporting.set(true);
            spawn_local(async move {
                if let Ok(all) = backend.all_exchanges(range.window()).await {
                    let _ = util::download_csv(
                        &format!("exchanges_{}.csv", util::range_tag(&range)),
                        &csv::exchanges_csv(&all),
                    );
                }
                exporting.set(false);
            });
        })
    };
    let p = match &*data {
        Load::Ready(p) => p.clone(),
        other => return state_view(t, other, retry).unwrap_or_default(),
    };
    if p.items.is_empty() && p.page == 1 {
        return html! { <p class="rd-empty" part="empty">{ t.empty }</p> };
    }
    let unit = reward_unit(&props.summary, &p.items)
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let go = |target: Option<u32>| {
        let page = page.clone();
        Callback::from(move |_| {
            if let Some(t) = target {
                page.set(t);
            }
        })
    };
    let prev = (p.page > 1).then(|| p.page - 1);
    let side = |m: &Option<ratelink_core::partner::Money>| {
        m.as_ref()
            .map(|m| m.to_string())
            .unwrap_or_else(|| "—".into())
    };
    html! {
        <div class="rd-exchanges">
            <p class="rd-totals" part="totals">
                <strong>{ t.totals }{ ": " }</strong>
                { format!("{} {}, {} {}, {} {}{}", p.count, t.count, p.done, t.completed, t.reward.to_lowercase(), p.reward, unit) }
                if !p.whole_window { { " " }{ t.totals_page_only } }
            </p>
            <div class="rd-actions"><button type="button" class="rd-export" onclick={export} disabled={*exporting}>{ t.export_csv }</button></div>
            <div class="rd-table-wrap" role="region" tabindex="0" aria-label={t.exchanges}>
                <table class="rd-table" part="table">
                    <thead><tr><th>{ t.date }</th><th>{ t.give }</th><th>{ t.get }</th><th class="rd-num">{ t.reward }</th><th>{ t.status }</th><th>{ t.accrued }</th></tr></thead>
                    <tbody>
                        { for p.items.iter().map(|e| {
                            let short = e.state.short();
                            html! {
                                <tr data-id={e.id.clone()}>
                                    <td class="rd-nowrap">{ e.date.clone().unwrap_or_else(|| e.at.display()) }</td>
                                    <td>{ side(&e.give) }</td>
                                    <td>{ side(&e.get) }</td>
                                    <td class="rd-num">{ side(&e.reward) }</td>
                                    <td><span class={classes!("rd-status", format!("rd-status-{short}"))} title={e.state.raw().to_string()}>{ t.status(short) }</span></td>
                                    <td>{ match e.reward_accrued { Some(true) => t.yes, Some(false) => t.no, None => "—" } }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            <nav class="rd-pager" aria-label={t.page}>
                <button type="button" class="rd-prev" disabled={prev.is_none()} onclick={go(prev)}>{ t.prev }</button>
                <span class="rd-page" aria-live="polite">{ format!("{} {}", t.page, p.page) }</span>
                <button type="button" class="rd-next" disabled={p.next_page.is_none()} onclick={go(p.next_page)}>{ t.next }</button>
            </nav>
        </div>
    }
}
