//! ratelink-relay library.

pub mod partner;
