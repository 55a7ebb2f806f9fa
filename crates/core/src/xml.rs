//! TODO: module xml.
