//! An amount input for one side of the exchange.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::Side;

/// Props of [`AmountField`].
#[derive(Properties, PartialEq)]
pub struct AmountFieldProps {
    /// Give or get.
    pub side: Side,
    /// Element id of the input.
    pub id: AttrValue,
    /// Visible label.
    pub label: AttrValue,
    /// Currency code shown beside the input.
    pub code: AttrValue,
    /// The text in the input.
    pub value: AttrValue,
    /// Marks the value as not acceptable.
    pub invalid: bool,
    /// Id of the element explaining the problem.
    #[prop_or_default]
    pub describedby: Option<AttrValue>,
    /// The visitor typed.
    pub oninput: Callback<String>,
}

/// The amount input.
#[function_component]
pub fn AmountField(props: &AmountFieldProps) -> Html {
    let oninput = {
        let cb = props.oninput.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
                cb.emit(input.value());
            }
        })
    };
    let part = match props.side {
        Side::Give => "amount-give",
        Side::Get => "amount-get",
    };
    html! {
        <div class={classes!("rl-amount", format!("rl-amount-{}", props.side.as_str()))}>
            <label class="rl-label" for={props.id.clone()}>{ &props.label }</label>
            <div class="rl-amount-box">
                <input id={props.id.clone()} class="rl-amount-input" part={part} type="text"
                       inputmode="decimal" autocomplete="off" spellcheck="false"
                       aria-invalid={if props.invalid { "true" } else { "false" }}
                       aria-describedby={props.describedby.clone()}
                       value={props.value.clone()} {oninput} />
                <span class="rl-amount-code" aria-hidden="true">{ &props.code }</span>
            </div>
        </div>
    }
}
