//! Side effects of the widget: feed fetching and refresh, host events, clipboard.

pub mod clipboard;
pub mod events;
pub mod feed;
pub mod idle;
pub mod perf;
