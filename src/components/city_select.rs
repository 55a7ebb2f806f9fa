//! City choice for cash directions.

use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// What [`city_select`] shows.
pub struct CitySelectProps {
    /// Element id of the select.
    pub id: String,
    /// Visible label.
    pub label: &'static str,
    /// City codes offered.
    pub cities: Vec<String>,
    /// The chosen city.
    pub selected: Option<String>,
    /// A city was chosen.
    pub onchoose: Callback<String>,
}

/// A labelled `<select>` of cities.
pub fn city_select(props: CitySelectProps) -> Html {
    let cb = props.onchoose;
    let onchange = Callback::from(move |e: Event| {
        if let Some(select) = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
        {
            cb.emit(select.value());
        }
    });
    html! {
        <div class="rl-city">
            <label class="rl-label" for={props.id.clone()}>{ props.label }</label>
            <select id={props.id} class="rl-city-select" {onchange}>
                { for props.cities.iter().map(|c| html! {
                    <option value={c.clone()} selected={props.selected.as_ref() == Some(c)}>{ c }</option>
                }) }
            </select>
        </div>
    }
}
