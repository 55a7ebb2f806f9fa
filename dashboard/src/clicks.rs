//! The clicks tab (pp only): per-day chart, referrer and browser breakdowns, table, CSV.

use crate::app::{Ctx, ViewProps};
use crate::charts::{BarChart, Breakdown, Measure};
use crate::load::{state_view, use_clicks_loader, Load};
use crate::util;
use ratelink_core::partner::{csv, stats, Click};
use std::rc::Rc;
use yew::prelude::*;

/// Clicks listed in the table (the chart, breakdowns and CSV use them all).
const CLICK_ROWS: usize = 50;

/// The clicks tab: per-day chart, referrer and browser breakdowns, the latest rows, CSV.
#[function_component(ClicksView)]
pub fn clicks_view(props: &ViewProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by Dashboard");
    let t = ctx.t;
    let supported = props.summary.extras.clicks;
    let (data, retry) = use_clicks_loader(props, |backend, window| async move {
        backend.clicks(window).await
    });
    if !supported {
        return html! { <p class="rd-empty" part="empty">{ t.clicks_unsupported }</p> };
    }
    let list: Rc<Vec<Click>> = match &*data {
        Load::Ready(l) => l.clone(),
        other => return state_view(t, other, retry).unwrap_or_default(),
    };
    // The window's days, every one (a click dated outside it widens the axis).
    let (days, undated) = stats::clicks_per_day(&list, Some(props.range.span()));
    let export = {
        let list = list.clone();
        let range = props.range;
        Callback::from(move |_| {
            let _ = util::download_csv(
                &format!("clicks_{}.csv", util::range_tag(&range)),
                &csv::clicks_csv(&list),
            );
        })
    };
    html! {
        <div class="rd-clicks">
            <BarChart title={t.clicks_per_day} points={days} measure={Measure::Count} undated={undated} undated_text={t.undated} empty_text={t.empty} />
            if !list.is_empty() {
                <div class="rd-two">
                    <Breakdown title={t.referrers} rows={stats::referrer_breakdown(&list)} />
                    <Breakdown title={t.browsers} rows={stats::browser_breakdown(&list)} />
                </div>
                <div class="rd-actions"><button type="button" class="rd-export" onclick={export}>{ t.export_csv }</button></div>
                <div class="rd-table-wrap" role="region" tabindex="0" aria-label={t.clicks}>
                    <table class="rd-table" part="table">
                        <thead><tr><th>{ t.date }</th><th>{ t.referrer }</th><th>{ t.browser }</th><th>{ t.ip }</th></tr></thead>
                        <tbody>
                            { for list.iter().take(CLICK_ROWS).map(|c| html! {
                                <tr>
                                    <td class="rd-nowrap">{ c.date.clone().unwrap_or_else(|| c.at.display()) }</td>
                                    <td>{ stats::referrer_host(c.referrer.as_deref()) }</td>
                                    <td>{ stats::browser_family(c.browser.as_deref()) }</td>
                                    <td class="rd-nowrap">{ c.ip.clone().unwrap_or_default() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                if list.len() > CLICK_ROWS {
                    <p class="rd-note">{ format!("{} {CLICK_ROWS} / {}. {}", t.showing_first, list.len(), t.export_for_all) }</p>
                }
            } else {
                <p class="rd-empty" part="empty">{ t.empty }</p>
            }
        </div>
    }
}
