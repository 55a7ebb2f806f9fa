//! Rate, reserve, limits and flags of the chosen direction.

use yew::prelude::*;

use crate::core_api::{self, Decimal, Direction, Lang, Rounding};
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

/// "1 BTC = 5,749,836.50 SBERRUB", or the inverse when the direct rate is below 1.
pub fn rate_text(dir: &Direction, lang: Lang) -> Option<String> {
    let rate = dir.rate()?;
    if rate < Decimal::ONE {
        let inverse = dir.r#in.div_significant(&dir.out, 16, Rounding::HalfUp)?;
        Some(format!("1 {} = {} {}", dir.to, core_api::format_rate(&inverse, lang), dir.from))
    } else {
        Some(format!("1 {} = {} {}", dir.from, core_api::format_rate(&rate, lang), dir.to))
    }
}

/// The facts line.
#[function_component]
pub fn RateInfo(props: &RateInfoProps) -> Html {
    let d = &props.direction;
    let s = props.strings;
    html! {
        <div class="rl-info">
            <p class="rl-rate" part="rate">{ rate_text(d, props.lang).unwrap_or_default() }</p>
            if let Some(reserve) = d.reserve {
                <p class="rl-reserve" part="reserve">
                    { format!("{}: {} {}", s.reserve, core_api::format_amount(&reserve, core_api::precision_for(&d.to), props.lang), d.to) }
                </p>
            }
            if let Some(limits) = core_api::limits_text(d, props.lang) {
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
