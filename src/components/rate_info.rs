//! Rate, reserve, limits and flags of the chosen direction.

use yew::prelude::*;

use crate::core_api::{self, Direction, Lang};
use crate::i18n::Strings;

/// Props of [`RateInfo`].
#[derive(Properties, PartialEq)]
pub struct RateInfoProps {
    /// The direction shown.
    pub direction: Direction,
    /// UI language.
    pub lang: Lang,
    /// UI texts.
    pub strings: &'static Strings,
}

/// The facts line.
#[function_component]
pub fn RateInfo(props: &RateInfoProps) -> Html {
    let d = &props.direction;
    let s = props.strings;
    let limits = core_api::limits_text(d, props.lang);
    html! {
        <div class="rl-info">
            <p class="rl-rate" part="rate">{ core_api::format_rate(d, props.lang) }</p>
            if let Some(reserve) = d.reserve {
                <p class="rl-reserve" part="reserve">
                    { format!("{}: {} {}", s.reserve, core_api::format_amount(&reserve, core_api::precision_for(&d.to), props.lang), d.to) }
                </p>
            }
            if !limits.is_empty() {
                <p class="rl-limits" part="limits">{ limits }</p>
            }
            if !d.flags.is_empty() {
                <ul class="rl-flags" part="flags" aria-label={s.flags}>
                    { for d.flags.iter().map(|f| html! {
                        <li class={classes!("rl-flag", format!("rl-flag-{}", f.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>()))}>
                            { core_api::flag_label(f, props.lang) }
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}
