//! Loading a view's data: the [`Load`] state and the [`use_loader`] hook (newest answer wins).

use crate::app::{Ctx, ViewProps};
use crate::backend::{Backend, Failure};
use crate::i18n::Strings;
use crate::util::DayRange;
use ratelink_core::partner::Window;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// A value being loaded.
#[derive(Clone, PartialEq)]
pub enum Load<T> {
    /// Under way.
    Loading,
    /// Arrived.
    Ready(Rc<T>),
    /// Failed, with the reason.
    Failed(Failure),
}

/// Loading and error states (with a retry button); `None` when ready.
pub fn state_view<T>(t: &Strings, load: &Load<T>, retry: Callback<MouseEvent>) -> Option<Html> {
    match load {
        Load::Loading => Some(
            html! { <p class="rd-loading" role="status" aria-live="polite"><span class="rd-spinner" aria-hidden="true"></span>{ t.loading }</p> },
        ),
        Load::Failed(f) => Some(html! {
            <div class="rd-error" role="alert" part="error">
                <p>{ f.message.clone() }</p>
                <button type="button" onclick={retry}>{ t.retry }</button>
            </div>
        }),
        Load::Ready(_) => None,
    }
}

/// Runs `fetch` whenever `deps` change, keeping only the newest answer; a 401 ends the session.
#[hook]
pub fn use_loader<D, T, F, Fut>(
    deps: D,
    fetch: F,
) -> (UseStateHandle<Load<T>>, Callback<MouseEvent>)
where
    D: PartialEq + Clone + 'static,
    T: 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<T, Failure>> + 'static,
{
    let ctx = use_context::<Ctx>();
    let state = use_state(|| Load::<T>::Loading);
    let generation = use_mut_ref(|| 0u32);
    let retry_count = use_state(|| 0u32);
    let fetch = Rc::new(fetch);
    {
        let state = state.clone();
        let expired = ctx.map(|c| c.expired);
        use_effect_with((deps, *retry_count), move |(deps, _)| {
            *generation.borrow_mut() += 1;
            let mine = *generation.borrow();
            state.set(Load::Loading);
            let fut = fetch(deps.clone());
            spawn_local(async move {
                let result = fut.await;
                if *generation.borrow() != mine {
                    return;
                }
                match result {
                    Ok(v) => state.set(Load::Ready(Rc::new(v))),
                    Err(f) => {
                        if f.unauthorized {
                            if let Some(e) = &expired {
                                e.emit(());
                            }
                        }
                        state.set(Load::Failed(f));
                    }
                }
            });
        });
    }
    let retry = {
        let retry_count = retry_count.clone();
        Callback::from(move |_| retry_count.set(*retry_count + 1))
    };
    (state, retry)
}

/// [`use_loader`] for a tab built on the partner API's clicks: `fetch` for the chosen days, or an
/// empty `T` without asking when the API has no clicks (iEXExchanger v2).
#[hook]
pub fn use_clicks_loader<T, F, Fut>(
    props: &ViewProps,
    fetch: F,
) -> (UseStateHandle<Load<T>>, Callback<MouseEvent>)
where
    T: Default + 'static,
    F: Fn(Rc<Backend>, Window) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<T, Failure>> + 'static,
{
    let ctx = use_context::<Ctx>().expect("Ctx is provided by Dashboard");
    let backend = ctx.backend.clone();
    use_loader(
        (props.range, props.summary.extras.clicks),
        move |(range, supported): (DayRange, bool)| {
            let fetch = supported.then(|| fetch(backend.clone(), range.window()));
            async move {
                match fetch {
                    Some(fetch) => fetch.await,
                    None => Ok(T::default()),
                }
            }
        },
    )
}
