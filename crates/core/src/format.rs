//! TODO: module format.
