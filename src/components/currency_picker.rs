//! A currency picker following the WAI-ARIA combobox pattern (input + grouped listbox).

use wasm_bindgen::JsCast;
use web_sys::{
    Element, HtmlElement, HtmlInputElement, InputEvent, KeyboardEvent, ScrollIntoViewOptions,
    ScrollLogicalPosition,
};
use yew::prelude::*;

use std::rc::Rc;

use crate::core_api::{CurrencyInfo, Lang};
use crate::state::{Market, Move, PickerAction, PickerState, Side};

/// The market a picker lists, compared by identity (one market per loaded feed), so a
/// picker's props stay cheap to compare.
#[derive(Clone)]
pub struct MarketRef(pub Rc<Market>);

impl PartialEq for MarketRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What a [`CurrencyPicker`] shows: plain data and a callback, so it re-renders only when its
/// own data changes (not when the amount, the other picker or the rate do). Its query,
/// highlight and window are its own state: typing re-renders the picker, not the App.
#[derive(Properties, PartialEq)]
pub struct CurrencyPickerProps {
    /// Give or get.
    pub side: Side,
    /// Per-instance id prefix (ids must be unique on the page).
    pub id: AttrValue,
    /// Visible label.
    pub label: &'static str,
    /// Draw currency icons (the feed's sprite is in place).
    pub icons: bool,
    /// UI language.
    pub lang: Lang,
    /// The market (and its search index) the options come from.
    pub market: MarketRef,
    /// The chosen give currency (the get side lists what it reaches).
    pub give: Option<String>,
    /// The chosen currency.
    pub selected: Option<CurrencyInfo>,
    /// A note under the input (e.g. how many currencies are reachable).
    pub note: Option<String>,
    /// Text shown when nothing matches.
    pub empty_text: &'static str,
    /// A currency was chosen (by pointer or Enter).
    pub onchoose: Callback<String>,
}

/// Scroll distance from the end of the list (px) at which the next page is rendered.
const MORE_AT_PX: i32 = 200;

/// The icon of `code` from the feed's sprite (symbol `rl-i-CODE`), decorative.
pub fn currency_icon(code: &str) -> Html {
    html! {
        <svg class="rl-icon" aria-hidden="true" focusable="false">
            <use href={format!("#rl-i-{code}")}></use>
        </svg>
    }
}

/// Option element id for the `n`th option of a picker.
pub fn option_id(prefix: &str, side: Side, n: usize) -> String {
    format!("{prefix}-{}-opt-{n}", side.as_str())
}

/// The combobox: a labelled input (role=combobox) controlling a grouped listbox, which keeps
/// the highlighted option scrolled into view.
#[function_component(CurrencyPicker)]
pub fn currency_picker(props: &CurrencyPickerProps) -> Html {
    let state = use_reducer(PickerState::default);
    let picker = state.0.as_ref();
    // A pair chosen elsewhere (swap, the page's setPair) closes the list.
    {
        let (state, code) = (
            state.dispatcher(),
            props.selected.as_ref().map(|c| c.code.clone()),
        );
        use_effect_with(code, move |_| state.dispatch(PickerAction::Close));
    }
    // The match list depends on the index and the query only: moving the highlight or
    // scrolling for more does not search again.
    let groups = use_memo(
        (
            props.market.clone(),
            props.side,
            props.give.clone(),
            picker.map(|p| p.filter.clone()),
        ),
        |(market, side, give, filter)| match filter {
            Some(f) => market.0.options(*side, give.as_deref(), f),
            None => Vec::new(),
        },
    );
    let open = picker.is_some();
    let filter = picker.map(|p| p.filter.clone()).unwrap_or_default();
    let highlighted = picker.map_or(0, |p| p.highlighted);
    let shown_count = picker.map_or(0, |p| p.shown);
    let count: usize = groups.iter().map(|g| g.options.len()).sum();
    let d = state.dispatcher();
    let side = props.side.as_str();
    let list_ref = use_node_ref();
    // Whether the list is scrolled away from its top (set by its scroll events), so a new
    // filter puts it back at the top without a forced layout when it is not.
    let scrolled = use_mut_ref(|| false);
    {
        let (list_ref, scrolled) = (list_ref.clone(), scrolled.clone());
        let filter = picker.map(|p| p.filter.clone());
        let previous = use_mut_ref(|| None::<String>);
        use_effect_with((open, highlighted, filter), move |(open, _, filter)| {
            let new_filter = previous.borrow().as_ref() != filter.as_ref();
            *previous.borrow_mut() = filter.clone();
            let Some(list) = list_ref.cast::<Element>().filter(|_| *open) else {
                return;
            };
            if new_filter && filter.as_deref() != Some("") {
                // A new filter highlights the first option: the top of the list.
                if scrolled.replace(false) {
                    list.set_scroll_top(0);
                }
            } else if let Ok(Some(active)) = list.query_selector(".rl-option[data-active]") {
                // Opening, or moving the highlight through a long list.
                let opts = ScrollIntoViewOptions::new();
                opts.set_block(ScrollLogicalPosition::Nearest);
                active.scroll_into_view_with_scroll_into_view_options(&opts);
            }
        });
    }
    let input_id = format!("{}-{side}-input", props.id);
    let list_id = format!("{}-{side}-list", props.id);
    let label_id = format!("{}-{side}-label", props.id);
    let note_id = format!("{}-{side}-note", props.id);

    // Where the current value is in the unfiltered list (highlighted when the list opens).
    let open_at = {
        let (market, side, give) = (props.market.clone(), props.side, props.give.clone());
        let code = props.selected.as_ref().map(|c| c.code.clone());
        move || market.0.place(side, give.as_deref(), code.as_deref())
    };
    let onkeydown = {
        let (open, d, open_at) = (open, d.clone(), open_at.clone());
        let chosen = groups
            .iter()
            .flat_map(|g| g.options.iter())
            .nth(highlighted)
            .map(|c| c.code.clone());
        let onchoose = props.onchoose.clone();
        let step = {
            let d = d.clone();
            move |mv| d.dispatch(PickerAction::Move(mv, count))
        };
        Callback::from(move |e: KeyboardEvent| {
            let handled = match e.key().as_str() {
                "ArrowDown" if !open => {
                    d.dispatch(PickerAction::Open(open_at()));
                    true
                }
                "ArrowDown" => {
                    step(Move::Down);
                    true
                }
                "ArrowUp" if open => {
                    step(Move::Up);
                    true
                }
                "Home" if open => {
                    step(Move::Home);
                    true
                }
                "End" if open => {
                    step(Move::End);
                    true
                }
                "Enter" if open => {
                    d.dispatch(PickerAction::Close);
                    if let Some(code) = chosen.clone() {
                        onchoose.emit(code);
                    }
                    true
                }
                "Escape" if open => {
                    d.dispatch(PickerAction::Close);
                    true
                }
                _ => false,
            };
            if handled {
                e.prevent_default();
            }
        })
    };
    let oninput = {
        let (open, d) = (open, d.clone());
        Callback::from(move |e: InputEvent| {
            let value = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                .map(|i| i.value())
                .unwrap_or_default();
            // Typing into a closed picker starts a new search with what was typed, not with the
            // shown currency plus the key.
            let text = if open {
                value
            } else {
                e.data().unwrap_or(value)
            };
            d.dispatch(PickerAction::Filter(text));
        })
    };
    let onfocus = Callback::from(|e: FocusEvent| {
        if let Some(input) = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        {
            input.select();
        }
    });
    let onblur = {
        let d = d.clone();
        Callback::from(move |_: FocusEvent| d.dispatch(PickerAction::Close))
    };
    // A press anywhere in the box (name, padding, chevron) acts like one on a native select:
    // focus goes to the input (the combobox), and the list opens; the chevron toggles it.
    let onboxdown = Callback::from(|e: MouseEvent| {
        let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        if target.dyn_ref::<HtmlInputElement>().is_some() {
            return;
        }
        // No default: focus is not taken from the input (its blur would close the list).
        e.prevent_default();
        if let Some(input) = target
            .closest(".rl-combo")
            .ok()
            .flatten()
            .and_then(|b| b.query_selector(".rl-combo-input").ok().flatten())
            .and_then(|i| i.dyn_into::<HtmlElement>().ok())
        {
            let _ = input.focus();
        }
    });
    let onboxclick = {
        let (open, d) = (open, d.clone());
        Callback::from(move |e: MouseEvent| {
            let on_toggle = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest(".rl-combo-toggle").ok().flatten())
                .is_some();
            if open && on_toggle {
                d.dispatch(PickerAction::Close);
            } else if !open {
                d.dispatch(PickerAction::Open(open_at()));
            }
        })
    };
    // Keeps focus in the input when an option is pressed.
    let keep_focus = Callback::from(|e: MouseEvent| e.prevent_default());

    // One listener for the whole list (not two per option): the option clicked names its code.
    let onpick = {
        let (onchoose, d) = (props.onchoose.clone(), d.clone());
        Callback::from(move |e: MouseEvent| {
            let option = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("[data-code]").ok().flatten());
            if let Some(code) = option.and_then(|o| o.get_attribute("data-code")) {
                d.dispatch(PickerAction::Close);
                onchoose.emit(code);
            }
        })
    };

    let onscroll = {
        let (d, more) = (d.clone(), shown_count < count);
        let scrolled = scrolled.clone();
        Callback::from(move |e: Event| {
            let Some(list) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            *scrolled.borrow_mut() = list.scroll_top() > 0;
            if more && list.scroll_top() + list.client_height() + MORE_AT_PX >= list.scroll_height()
            {
                d.dispatch(PickerAction::ShowMore(count));
            }
        })
    };

    let shown = props
        .selected
        .as_ref()
        .map(|c| c.code.clone())
        .unwrap_or_default();
    let selected_name = props
        .selected
        .as_ref()
        .map(|c| c.name(props.lang).to_string())
        .unwrap_or_default();
    let value = if open { filter } else { shown.clone() };
    let active_id =
        (open && count > 0).then(|| option_id(&props.id, props.side, highlighted.min(count - 1)));

    // Each group with the flat index of its first option; groups past the window are skipped.
    let mut next = 0usize;
    let starts: Vec<usize> = groups
        .iter()
        .map(|g| {
            next += g.options.len();
            next - g.options.len()
        })
        .collect();
    let list = if open {
        groups
            .iter()
            .zip(starts)
            .enumerate()
            .filter(|(_, (_, first))| *first < shown_count)
            .map(|(gi, (g, first))| {
                let gid = format!("{}-{side}-grp-{gi}", props.id);
                let options = g
                    .options
                    .iter()
                    .take(shown_count - first)
                    .enumerate()
                    .map(|(k, c)| {
                        let i = first + k;
                        let is_active = i == highlighted;
                        let is_selected = props.selected.as_ref().is_some_and(|s| s.code == c.code);
                        html! {
                            <div key={c.code.as_str()} role="option" id={option_id(&props.id, props.side, i)}
                                 class="rl-option" data-active={is_active.then_some("true")}
                                 data-code={c.code.clone()}
                                 aria-setsize={count.to_string()} aria-posinset={(i + 1).to_string()}
                                 aria-selected={if is_selected { "true" } else { "false" }}>
                                if props.icons {
                                    { currency_icon(&c.code) }
                                }
                                <span class="rl-option-code">{ &c.code }</span>
                                <span class="rl-option-name">{ c.name(props.lang) }</span>
                                if let Some(net) = &c.network {
                                    <span class="rl-network">{ &**net }</span>
                                }
                            </div>
                        }
                    })
                    .collect::<Html>();
                html! {
                    <div key={g.category.label(Lang::En)} role="group" class="rl-group" aria-labelledby={gid.clone()}>
                        <div role="presentation" class="rl-group-label" id={gid}>{ g.category.label(props.lang) }</div>
                        { options }
                    </div>
                }
            })
            .collect::<Html>()
    } else {
        Html::default()
    };

    html! {
        <div class="rl-picker" part={side}>
            <label class="rl-label" id={label_id.clone()} for={input_id.clone()}>{ props.label }</label>
            <div class="rl-combo" data-open={open.then_some("true")}
                 onmousedown={onboxdown} onclick={onboxclick}>
                if props.icons && !open && !shown.is_empty() {
                    { currency_icon(&shown) }
                }
                <input id={input_id} class="rl-combo-input" type="text" role="combobox"
                       autocomplete="off" spellcheck="false" autocapitalize="characters"
                       aria-autocomplete="list"
                       aria-expanded={if open { "true" } else { "false" }}
                       aria-controls={list_id.clone()}
                       aria-activedescendant={active_id}
                       aria-describedby={note_id.clone()}
                       placeholder={shown.clone()}
                       value={value}
                       {oninput} {onkeydown} {onfocus} {onblur} />
                <span class="rl-combo-name" aria-hidden="true">{ selected_name }</span>
                <button type="button" class="rl-combo-toggle" tabindex="-1" aria-label={props.label}
                        aria-controls={list_id.clone()}
                        aria-expanded={if open { "true" } else { "false" }}>
                    <span class="rl-chevron" aria-hidden="true"></span>
                </button>
            </div>
            <div role="listbox" id={list_id} ref={list_ref} class="rl-listbox" aria-labelledby={label_id} hidden={!open}
                 onmousedown={keep_focus} onclick={onpick} {onscroll}>
                { list }
                if open && count == 0 {
                    <div class="rl-empty" role="presentation">{ props.empty_text }</div>
                }
            </div>
            <div class="rl-note" id={note_id}>{ props.note.clone().unwrap_or_default() }</div>
        </div>
    }
}
