//! Rate, reserve, limits and flags of the chosen direction.

use yew::prelude::*;

use crate::components::currency_picker::currency_icon;
use crate::core_api::{self, Direction, Lang};
use crate::i18n::Strings;

/// The facts of a direction: rate line (with both currencies' icons once `icons` are loaded),
/// reserve, limits up front (`limits`, from [`crate::state::State::limits_text`]), flags as
/// badges.
pub fn rate_info(d: &Direction, limits: String, lang: Lang, s: &Strings, icons: bool) -> Html {
    html! {
        <div class="rl-info">
            <p class="rl-rate" part="rate">
                if icons {
                    { currency_icon(&d.from) }{ currency_icon(&d.to) }
                }
                { core_api::format_rate(d, lang) }
            </p>
            if let Some(reserve) = d.reserve {
                <p class="rl-reserve" part="reserve">
                    { format!("{}: {} {}", s.reserve, core_api::format_amount(&reserve, core_api::precision_for(&d.to), lang), d.to) }
                </p>
            }
            if !limits.is_empty() {
                <p class="rl-limits" part="limits">{ limits }</p>
            }
            if !d.flags.is_empty() {
                <ul class="rl-flags" part="flags" aria-label={s.flags}>
                    { for d.flags.iter().map(|f| html! {
                        <li class="rl-flag" data-flag={f.clone()}>
                            { core_api::flag_label(f, lang) }
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}
