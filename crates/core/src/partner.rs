//! TODO: module partner.
