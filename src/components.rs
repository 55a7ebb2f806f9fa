//! The widget's components and views, one per file (views without state are plain functions).

pub mod amount_field;
pub mod app;
pub mod city_select;
pub mod currency_picker;
pub mod error_state;
pub mod freshness;
pub mod go_link;
pub mod rate_info;
pub mod skeleton;

pub use amount_field::{amount_field, AmountFieldProps};
pub use app::{App, AppProps};
pub use city_select::{city_select, CitySelectProps};
pub use currency_picker::CurrencyPicker;
pub use error_state::{error_state, ErrorStateProps};
pub use freshness::Freshness;
pub use go_link::GoLink;
pub use rate_info::rate_info;
pub use skeleton::skeleton;
