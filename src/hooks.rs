//! Side effects of the widget: feed fetching and refresh, host events (the clipboard helper is
//! shared with the dashboard in `ratelink-browser`).

pub mod events;
pub mod feed;
pub mod icons;
