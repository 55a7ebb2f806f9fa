//! ratelink's pure core: everything the widget, the dashboard and the relay decide.
//!
//! No web dependencies: this crate builds and is tested on the host, and compiles to wasm
//! unchanged.

pub mod compare;
pub mod currency;
pub mod decimal;
pub mod feed;
pub mod format;
pub mod json;
pub mod link;
pub mod model;
pub mod partner;
pub mod quote;
pub mod search;
pub mod snippet;
#[cfg(feature = "testgen")]
pub mod testgen;
pub mod work;
pub mod xml;

pub use decimal::{Decimal, NumberError, Rounding};
pub use feed::{parse_feed, to_feed_json, to_normalized_json};
pub use model::{
    Direction, Fee, FeeSide, FeeStep, Feed, FeedError, FeedFormat, FeedStatus, Skipped,
};
