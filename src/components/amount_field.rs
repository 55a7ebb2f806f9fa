//! An amount input for one side of the exchange.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::Side;

/// What [`amount_field`] shows.
pub struct AmountFieldProps {
    /// Give or get.
    pub side: Side,
    /// Element id of the input.
    pub id: String,
    /// Visible label.
    pub label: &'static str,
    /// Currency code shown beside the input.
    pub code: String,
    /// The text in the input.
    pub value: String,
    /// Marks the value as not acceptable.
    pub invalid: bool,
    /// Id of the element explaining the problem.
    pub describedby: Option<String>,
    /// The visitor typed.
    pub oninput: Callback<String>,
}

/// A labelled decimal input with its currency code.
pub fn amount_field(props: AmountFieldProps) -> Html {
    let cb = props.oninput;
    let oninput = Callback::from(move |e: InputEvent| {
        if let Some(input) = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        {
            cb.emit(input.value());
        }
    });
    let part = match props.side {
        Side::Give => "amount-give",
        Side::Get => "amount-get",
    };
    html! {
        <div class="rl-amount">
            <label class="rl-label" for={props.id.clone()}>{ props.label }</label>
            <div class="rl-amount-box">
                <input id={props.id} class="rl-amount-input" part={part} type="text"
                       inputmode="decimal" autocomplete="off" spellcheck="false"
                       aria-invalid={if props.invalid { "true" } else { "false" }}
                       aria-describedby={props.describedby}
                       value={props.value} {oninput} />
                <span class="rl-amount-code" aria-hidden="true">{ props.code }</span>
            </div>
        </div>
    }
}
