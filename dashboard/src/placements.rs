//! The placements tab (pp only): clicks and exchanges per widget placement, by reward, with conversion bars, the pairs of the one chosen, CSV.

use crate::app::{Ctx, ViewProps};
use crate::load::{state_view, use_clicks_loader, Load};
use crate::overview::reward_unit;
use crate::util;
use ratelink_core::partner::csv;
use ratelink_core::partner::placements::{PlacementReport, PlacementRow};
use std::rc::Rc;
use yew::prelude::*;

/// Rows by reward, highest first; ties by exchanges, then clicks (a stable order).
fn by_reward(items: &[PlacementRow]) -> Vec<&PlacementRow> {
    let mut rows: Vec<&PlacementRow> = items.iter().collect();
    rows.sort_by(|a, b| {
        b.reward
            .cmp(&a.reward)
            .then(b.exchanges.cmp(&a.exchanges))
            .then(b.clicks.cmp(&a.clicks))
    });
    rows
}

/// The placements tab: a table by reward with conversion bars; choosing a placement shows its
/// pairs. On an API without clicks (iEXExchanger v2) it says placements are not supported.
#[function_component(PlacementsView)]
pub fn placements_view(props: &ViewProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by Dashboard");
    let t = ctx.t;
    let supported = props.summary.extras.clicks;
    let (data, retry) = use_clicks_loader(props, |backend, window| async move {
        backend.placements(window).await
    });
    // `Some(None)`: the row of clicks without a placement; `None`: the first row.
    let chosen = use_state(|| None::<Option<String>>);
    let unsupported = html! {
        <p class="rd-empty rd-unsupported" part="empty" role="note">{ t.placements_unsupported }</p>
    };
    if !supported {
        return unsupported;
    }
    let report: Rc<PlacementReport> = match &*data {
        Load::Ready(r) => r.clone(),
        // The relay answers 501 when its partner API has no clicks.
        Load::Failed(f) if f.unsupported => return unsupported,
        other => return state_view(t, other, retry).unwrap_or_default(),
    };
    if report.items.is_empty() && report.unattributed.exchanges == 0 {
        return html! { <p class="rd-empty" part="empty">{ t.empty }</p> };
    }
    let unit = reward_unit(&props.summary, &[])
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let rows = by_reward(&report.items);
    let selected: Option<Option<String>> = match &*chosen {
        Some(p) if rows.iter().any(|r| &r.placement == p) => Some(p.clone()),
        _ => rows.first().map(|r| r.placement.clone()),
    };
    let max_conversion = rows
        .iter()
        .filter_map(|r| r.conversion.map(|c| c.to_f64()))
        .fold(0.0_f64, f64::max);
    let name = |p: &Option<String>| p.clone().unwrap_or_else(|| t.no_placement.to_string());
    let export = {
        let report = report.clone();
        let range = props.range;
        Callback::from(move |_| {
            let _ = util::download_csv(
                &format!("placements_{}.csv", util::range_tag(&range)),
                &csv::placements_csv(&report),
            );
        })
    };
    let pairs: Vec<_> = match &selected {
        Some(p) => {
            let mut list: Vec<_> = report
                .pairs
                .iter()
                .filter(|pair| &pair.placement == p)
                .collect();
            list.sort_by(|a, b| b.exchanges.cmp(&a.exchanges).then(b.clicks.cmp(&a.clicks)));
            list
        }
        None => Vec::new(),
    };
    let pair_name = |from: &Option<String>, to: &Option<String>| match (from, to) {
        (None, None) => t.no_pair.to_string(),
        (f, to) => format!(
            "{} → {}",
            f.as_deref().unwrap_or("?"),
            to.as_deref().unwrap_or("?")
        ),
    };
    html! {
        <div class="rd-placements">
            <p class="rd-note">{ t.placements_note }</p>
            <div class="rd-actions"><button type="button" class="rd-export" onclick={export}>{ t.export_csv }</button></div>
            <div class="rd-table-wrap" role="region" tabindex="0" aria-label={t.placements}>
                <table class="rd-table" part="table placements">
                    <thead><tr>
                        <th>{ t.placement }</th>
                        <th class="rd-num">{ t.clicks }</th>
                        <th class="rd-num">{ t.visitors }</th>
                        <th class="rd-num">{ t.exchanges }</th>
                        <th class="rd-num">{ t.completed_col }</th>
                        <th class="rd-num">{ t.reward }</th>
                        <th>{ t.conversion }</th>
                    </tr></thead>
                    <tbody>
                        { for rows.iter().map(|r| {
                            let is_selected = selected.as_ref() == Some(&r.placement);
                            let onclick = {
                                let chosen = chosen.clone();
                                let p = r.placement.clone();
                                Callback::from(move |_| chosen.set(Some(p.clone())))
                            };
                            let conversion = r.conversion.map(|c| c.to_f64());
                            let share = match conversion {
                                Some(c) if max_conversion > 0.0 => c * 100.0 / max_conversion,
                                _ => 0.0,
                            };
                            html! {
                                <tr class={classes!(is_selected.then_some("rd-selected"))} data-placement={r.placement.clone().unwrap_or_default()}>
                                    <td class="rd-name">
                                        <button type="button" class="rd-pick" aria-pressed={is_selected.to_string()} onclick={onclick}>{ name(&r.placement) }</button>
                                    </td>
                                    <td class="rd-num">{ r.clicks }</td>
                                    <td class="rd-num">{ r.visitors }</td>
                                    <td class="rd-num">{ r.exchanges }</td>
                                    <td class="rd-num">{ r.done }</td>
                                    <td class="rd-num" data-field="reward">{ format!("{}{unit}", r.reward) }</td>
                                    <td class="rd-share" data-field="conversion">
                                        <svg class="rd-meter" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                                            <rect class="rd-meter-track" width="100" height="8" />
                                            <rect class="rd-meter-fill" width={format!("{share:.1}")} height="8" />
                                        </svg>
                                        <span class="rd-pct">{ r.conversion.map(|c| format!("{c}%")).unwrap_or_else(|| "—".into()) }</span>
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            <p class="rd-totals" part="unattributed">
                { format!("{}: {}, {} {}{unit}", t.unattributed, report.unattributed.exchanges, t.reward.to_lowercase(), report.unattributed.reward) }
            </p>
            if let Some(p) = &selected {
                <section class="rd-pairs" part="pairs" aria-live="polite">
                    <h3 class="rd-h3">{ format!("{} {}", t.pairs_of, name(p)) }</h3>
                    <div class="rd-table-wrap" role="region" tabindex="0" aria-label={format!("{} {}", t.pairs_of, name(p))}>
                        <table class="rd-table">
                            <thead><tr><th>{ t.pair }</th><th class="rd-num">{ t.clicks }</th><th class="rd-num">{ t.exchanges }</th></tr></thead>
                            <tbody>
                                { for pairs.iter().map(|pair| html! {
                                    <tr>
                                        <td class="rd-nowrap">{ pair_name(&pair.from, &pair.to) }</td>
                                        <td class="rd-num">{ pair.clicks }</td>
                                        <td class="rd-num">{ pair.exchanges }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                </section>
            }
        </div>
    }
}
