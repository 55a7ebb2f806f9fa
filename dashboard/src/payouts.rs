//! The payouts tab: the payout request (method, account, confirmation with the dashboard
//! password) and the payouts of the window with a CSV export.

use crate::app::Ctx;
use crate::backend::Summary;
use crate::i18n::Strings;
use crate::load::{state_view, use_loader, Load};
use crate::util::{self, DayRange};
use ratelink_core::partner::{csv, mask_account, Payout, PayoutMethod};
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`PayoutsView`].
#[derive(Properties, PartialEq)]
pub struct PayoutsProps {
    /// Balance, payout methods, features.
    pub summary: Rc<Summary>,
    /// The chosen days.
    pub range: DayRange,
    /// Called after a payout was requested (the balance changed).
    pub on_requested: Callback<()>,
}

/// The payouts tab: the request form, then the payouts of the window with a CSV export.
#[function_component(PayoutsView)]
pub fn payouts_view(props: &PayoutsProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by Dashboard");
    let t = ctx.t;
    let reload = use_state(|| 0u32);
    let backend = ctx.backend.clone();
    let (data, retry) = use_loader(
        (props.range, *reload),
        move |(range, _): (DayRange, u32)| {
            let backend = backend.clone();
            async move { backend.payouts(range.window()).await }
        },
    );
    let on_requested = {
        let reload = reload.clone();
        let parent = props.on_requested.clone();
        Callback::from(move |_| {
            reload.set(*reload + 1);
            parent.emit(());
        })
    };
    let list_view = match &*data {
        Load::Ready(list) if list.is_empty() => {
            html! { <p class="rd-empty" part="empty">{ t.empty }</p> }
        }
        Load::Ready(list) => {
            let export = {
                let list: Rc<Vec<Payout>> = list.clone();
                let range = props.range;
                Callback::from(move |_| {
                    let _ = util::download_csv(
                        &format!("payouts_{}.csv", util::range_tag(&range)),
                        &csv::payouts_csv(&list),
                    );
                })
            };
            html! {
                <>
                <div class="rd-actions"><button type="button" class="rd-export" onclick={export}>{ t.export_csv }</button></div>
                <div class="rd-table-wrap" role="region" tabindex="0" aria-label={t.payouts}>
                    <table class="rd-table rd-payouts-table" part="table">
                        <thead><tr><th>{ t.date }</th><th class="rd-num">{ t.amount }</th><th>{ t.method }</th><th>{ t.account }</th><th>{ t.status }</th></tr></thead>
                        <tbody>
                            { for list.iter().map(|p| {
                                let short = p.status.short().to_string();
                                html! {
                                    <tr data-id={p.id.clone()}>
                                        <td class="rd-nowrap">{ p.date.clone().unwrap_or_else(|| p.at.display()) }</td>
                                        <td class="rd-num">{ p.amount.to_string() }</td>
                                        <td>{ p.method.clone().or_else(|| p.method_id.clone().map(|m| method_title(&props.summary, &m))).unwrap_or_default() }</td>
                                        <td class="rd-nowrap">{ p.account.clone().unwrap_or_default() }</td>
                                        <td><span class={classes!("rd-status", format!("rd-status-{short}"))}>{ t.status(&short) }</span></td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
                </>
            }
        }
        other => state_view(t, other, retry).unwrap_or_default(),
    };
    html! {
        <div class="rd-payouts">
            <PayoutRequest summary={props.summary.clone()} on_requested={on_requested} />
            { list_view }
        </div>
    }
}

fn method_title(summary: &Summary, id: &str) -> String {
    summary
        .summary
        .payout_methods
        .iter()
        .find(|m| m.id == id)
        .map(|m| m.title.clone())
        .unwrap_or_else(|| format!("#{id}"))
}

/// Why a payout cannot be requested now, if it cannot.
pub fn payout_blocked(summary: &Summary, t: &Strings) -> Option<String> {
    let s = &summary.summary;
    if !summary.extras.payout_request {
        return Some(t.reason_unsupported.into());
    }
    let balance = s.balance.as_ref().map(|b| b.amount).unwrap_or_default();
    if !balance.is_positive() {
        return Some(t.reason_zero.into());
    }
    if let Some(min) = &s.min_payout {
        if balance < min.amount {
            return Some(format!(
                "{}: {} < {}.",
                t.reason_below_min,
                util::money(s.balance.as_ref()),
                min
            ));
        }
    }
    if s.payout_methods.is_empty() {
        return Some(t.reason_no_methods.into());
    }
    None
}

/// What the partner receives with a method: the amount and the method's currency
/// ([`PayoutMethod::currency`]: the source's code, else the one ending the method's name), or,
/// when neither says it, the amount "in the method's currency"; "—" without an amount.
pub fn you_receive(m: &PayoutMethod, t: &Strings) -> String {
    match (&m.you_receive, m.currency()) {
        (None, _) => "—".to_string(),
        (Some(r), Some(code)) => format!("{} {code}", r.amount),
        (Some(r), None) => format!("{} ({})", r.amount, t.in_method_currency),
    }
}

#[derive(Properties, PartialEq)]
struct RequestProps {
    summary: Rc<Summary>,
    on_requested: Callback<()>,
}

#[derive(Clone, PartialEq)]
enum Step {
    /// Choosing the method and the account.
    Edit,
    /// The confirmation dialog, with why the last try was refused (a wrong password), if so.
    Confirm(Option<String>),
    /// The request is under way.
    Sending,
    /// Requested: the payout id.
    Done(String),
    /// Failed for another reason: back to the form with the message.
    Failed(String),
}

/// Requesting a payout of the whole balance: method and account, then an explicit confirmation.
#[function_component(PayoutRequest)]
fn payout_request(props: &RequestProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by Dashboard");
    let t = ctx.t;
    let s = &props.summary.summary;
    let method = use_state(|| {
        s.payout_methods
            .first()
            .map(|m| m.id.clone())
            .unwrap_or_default()
    });
    let account = use_state(String::new);
    let step = use_state(|| Step::Edit);
    let password = use_node_ref();
    // Guards a double click between "confirm" and the state change.
    let in_flight = use_mut_ref(|| false);
    let blocked = payout_blocked(&props.summary, t);
    let chosen = s.payout_methods.iter().find(|m| m.id == *method).cloned();
    let header = html! {
        <>
            <h3 class="rd-h3">{ t.request_payout }</h3>
            <p class="rd-note">{ t.payout_whole_balance }{ " " }{ format!("{}: {}", t.balance, util::money(s.balance.as_ref())) }</p>
        </>
    };
    let done = match &*step {
        Step::Done(id) => Some(
            html! { <p class="rd-success" role="status">{ format!("{} #{id} → {}", t.payout_requested, mask_account(&account)) }</p> },
        ),
        _ => None,
    };
    if let Some(reason) = blocked {
        return html! {
            <section class="rd-request" part="payout-request">
                { header }
                { for done }
                <button type="button" class="rd-primary" disabled=true aria-describedby="rd-payout-reason">{ t.request_payout }</button>
                <p id="rd-payout-reason" class="rd-reason" role="note">{ reason }</p>
            </section>
        };
    }
    let on_method = {
        let method = method.clone();
        Callback::from(move |e: Event| {
            method.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let on_account = {
        let account = account.clone();
        Callback::from(move |e: InputEvent| {
            account.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let to_confirm = {
        let step = step.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            step.set(Step::Confirm(None));
        })
    };
    let cancel = {
        let step = step.clone();
        Callback::from(move |_| step.set(Step::Edit))
    };
    // The relay asks for the dashboard password again; direct mode has none (the key is it).
    let asks_password = !ctx.backend.is_direct();
    let confirm = {
        let step = step.clone();
        let backend = ctx.backend.clone();
        let method = method.clone();
        let account = account.clone();
        let password_input = password.clone();
        let on_requested = props.on_requested.clone();
        let in_flight = in_flight.clone();
        let expired = ctx.expired.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let typed = password_input
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            if asks_password && typed.is_empty() {
                return step.set(Step::Confirm(Some(t.reason_no_password.to_string())));
            }
            if std::mem::replace(&mut *in_flight.borrow_mut(), true) {
                return;
            }
            step.set(Step::Sending);
            let (step, backend, on_requested, in_flight, expired, password_input) = (
                step.clone(),
                backend.clone(),
                on_requested.clone(),
                in_flight.clone(),
                expired.clone(),
                password_input.clone(),
            );
            let (m, a) = ((*method).clone(), (*account).trim().to_string());
            spawn_local(async move {
                let result = backend.request_payout(&m, &a, &typed).await;
                *in_flight.borrow_mut() = false;
                match result {
                    Ok(id) => {
                        step.set(Step::Done(id));
                        on_requested.emit(());
                    }
                    Err(f) if f.forbidden => {
                        // Refused before anything was sent: the dialog stays, the password is
                        // typed again.
                        if let Some(i) = password_input.cast::<HtmlInputElement>() {
                            i.set_value("");
                        }
                        step.set(Step::Confirm(Some(format!(
                            "{} {}",
                            f.message, t.payout_refused
                        ))));
                    }
                    Err(f) => {
                        if f.unauthorized {
                            expired.emit(());
                        }
                        step.set(Step::Failed(f.message));
                    }
                }
            });
        })
    };
    let account_missing = account.trim().is_empty();
    let details = chosen.as_ref().map(|m| {
        html! {
            <dl class="rd-details">
                <dt>{ t.commission }</dt><dd data-field="commission">{ m.commission.clone() }</dd>
                <dt>{ t.you_receive }</dt><dd data-field="you-receive">{ you_receive(m, t) }</dd>
            </dl>
        }
    });
    let body = match &*step {
        Step::Edit | Step::Failed(_) => html! {
            <form class="rd-form" onsubmit={to_confirm}>
                <label class="rd-label" for="rd-method">{ t.method }</label>
                <select id="rd-method" class="rd-input" onchange={on_method}>
                    { for s.payout_methods.iter().map(|m| html! { <option value={m.id.clone()} selected={m.id == *method}>{ format!("{} ({})", m.title, m.commission) }</option> }) }
                </select>
                { for details.clone() }
                <label class="rd-label" for="rd-account">{ t.account }</label>
                <input id="rd-account" class="rd-input" type="text" autocomplete="off" spellcheck="false" value={(*account).clone()} oninput={on_account} />
                <button type="submit" class="rd-primary" disabled={account_missing}>{ t.continue_ }</button>
                if account_missing { <p class="rd-reason">{ t.reason_no_account }</p> }
                if let Step::Failed(message) = &*step { <p class="rd-error-text" role="alert">{ message.clone() }</p> }
            </form>
        },
        Step::Confirm(_) | Step::Sending => {
            let sending = *step == Step::Sending;
            html! {
                <form class="rd-confirm" role="alertdialog" aria-labelledby="rd-confirm-title" part="confirm" onsubmit={confirm}>
                    <p id="rd-confirm-title" class="rd-h3">{ t.confirm_payout }</p>
                    <dl class="rd-details">
                        <dt>{ t.balance }</dt><dd>{ util::money(s.balance.as_ref()) }</dd>
                        <dt>{ t.method }</dt><dd data-field="method">{ chosen.as_ref().map(|m| m.title.clone()).unwrap_or_default() }</dd>
                        <dt>{ t.account }</dt><dd data-field="account">{ (*account).trim().to_string() }</dd>
                        <dt>{ t.commission }</dt><dd>{ chosen.as_ref().map(|m| m.commission.clone()).unwrap_or_default() }</dd>
                        <dt>{ t.you_receive }</dt><dd data-field="you-receive">{ chosen.as_ref().map(|m| you_receive(m, t)).unwrap_or_else(|| "—".to_string()) }</dd>
                    </dl>
                    if asks_password {
                        <label class="rd-label" for="rd-payout-password">{ t.payout_password }</label>
                        <input id="rd-payout-password" class="rd-input" type="password" name="password" autocomplete="current-password" ref={password.clone()} disabled={sending} />
                    }
                    if let Step::Confirm(Some(message)) = &*step {
                        <p class="rd-error-text" role="alert">{ message.clone() }</p>
                    }
                    <div class="rd-row">
                        <button type="submit" class="rd-primary rd-confirm-button" disabled={sending}>{ if sending { t.sending } else { t.confirm } }</button>
                        <button type="button" onclick={cancel} disabled={sending}>{ t.cancel }</button>
                    </div>
                </form>
            }
        }
        Step::Done(_) => html! { { for done } },
    };
    html! {
        <section class="rd-request" part="payout-request">
            { header }
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, RU};
    use ratelink_core::partner::wire::SummaryExtras;
    use ratelink_core::partner::{Money, PartnerSummary, PayoutMethod};
    use ratelink_core::Decimal;

    fn summary(balance: &str, min: Option<&str>, methods: usize, can_request: bool) -> Summary {
        let money = |s: &str| Money::new(Decimal::parse(s).unwrap(), Some("USD"));
        Summary {
            summary: PartnerSummary {
                balance: Some(money(balance)),
                min_payout: min.map(money),
                payout_methods: (0..methods)
                    .map(|i| PayoutMethod {
                        id: i.to_string(),
                        title: "USDT".into(),
                        commission: "2%".into(),
                        you_receive: None,
                    })
                    .collect(),
                ..PartnerSummary::default()
            },
            extras: SummaryExtras {
                payout_request: can_request,
                ..SummaryExtras::default()
            },
        }
    }

    #[test]
    fn you_receive_names_the_methods_currency() {
        let method = |title: &str, amount: Option<&str>, code: Option<&str>| PayoutMethod {
            id: "7".into(),
            title: title.into(),
            commission: "2%".into(),
            you_receive: amount.map(|a| Money::new(Decimal::parse(a).unwrap(), code)),
        };
        let m = method("Tether TRC20 USDT", Some("120.98"), None);
        assert_eq!(you_receive(&m, &EN), "120.98 USDT");
        let m = method("Bitcoin BTC", Some("0.00125982"), None);
        assert_eq!(you_receive(&m, &EN), "0.00125982 BTC");
        let m = method("Sberbank", Some("11732.68"), Some("rub"));
        assert_eq!(you_receive(&m, &RU), "11732.68 RUB", "the source's code");
        let m = method("Visa/MasterCard", Some("11732.68"), None);
        assert_eq!(you_receive(&m, &EN), "11732.68 (in the method's currency)");
        assert_eq!(you_receive(&m, &RU), "11732.68 (в валюте способа)");
        assert_eq!(you_receive(&method("Bitcoin BTC", None, None), &EN), "—");
    }

    #[test]
    fn payout_is_blocked_with_a_reason() {
        let en = &EN;
        assert_eq!(
            payout_blocked(&summary("60", Some("50"), 1, true), en),
            None
        );
        assert_eq!(
            payout_blocked(&summary("50", Some("50"), 1, true), en),
            None,
            "exactly the minimum is allowed"
        );
        assert_eq!(
            payout_blocked(&summary("49.99", Some("50"), 1, true), en).as_deref(),
            Some("The balance is below the minimum payout: 49.99 USD < 50 USD.")
        );
        assert_eq!(
            payout_blocked(&summary("0", Some("50"), 1, true), en).as_deref(),
            Some("There is nothing to pay out yet.")
        );
        assert_eq!(
            payout_blocked(&summary("60", None, 0, true), en).as_deref(),
            Some("No payout method can cover the balance right now.")
        );
        assert!(payout_blocked(&summary("60", None, 1, false), en)
            .unwrap()
            .contains("cannot request payouts"));
        assert_eq!(
            payout_blocked(&summary("10", Some("50"), 1, true), &RU).as_deref(),
            Some("Баланс меньше минимальной выплаты: 10 USD < 50 USD.")
        );
    }
}
