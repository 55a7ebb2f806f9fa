//! TODO: module currency.
