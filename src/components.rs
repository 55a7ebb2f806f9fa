//! The widget's views, one per file: `App` and the `CurrencyPicker` (which re-renders only
//! when its own props change) are components; the others are functions of plain data.
//! `offer_list` (compare layout) exists with the `compare` feature only.

pub mod amount_field;
pub mod app;
pub mod city_select;
pub mod currency_picker;
pub mod error_state;
pub mod freshness;
pub mod go_link;
#[cfg(feature = "compare")]
pub mod offer_list;
pub mod rate_info;
pub mod skeleton;

pub use amount_field::{amount_field, AmountFieldProps};
pub use app::{App, AppProps};
pub use city_select::{city_select, CitySelectProps};
pub use currency_picker::{CurrencyPicker, CurrencyPickerProps, MarketRef};
pub use error_state::{error_state, ErrorStateProps};
pub use freshness::freshness;
pub use go_link::{go_link, GoLinkProps};
#[cfg(feature = "compare")]
pub use offer_list::offer_list;
pub use rate_info::rate_info;
pub use skeleton::skeleton;
