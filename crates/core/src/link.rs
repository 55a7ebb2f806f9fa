//! TODO: module link.
