//! TODO: module quote.
