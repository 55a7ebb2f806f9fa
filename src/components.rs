//! The widget's components, one per file.

pub mod amount_field;
pub mod app;
pub mod city_select;
pub mod currency_picker;
pub mod error_state;
pub mod freshness;
pub mod go_link;
pub mod rate_info;
pub mod skeleton;

pub use amount_field::AmountField;
pub use app::{App, AppProps};
pub use city_select::CitySelect;
pub use currency_picker::CurrencyPicker;
pub use error_state::ErrorState;
pub use freshness::Freshness;
pub use go_link::GoLink;
pub use rate_info::RateInfo;
pub use skeleton::Skeleton;
