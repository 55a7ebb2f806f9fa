//! TODO: module json.
