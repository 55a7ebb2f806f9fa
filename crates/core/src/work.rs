//! A count of the bytes the feed readers scan, so tests can assert that reading stays linear.
//!
//! The count exists with `cfg(test)` and the `testgen` feature; otherwise [`scanned`] compiles
//! to nothing.

#[cfg(any(test, feature = "testgen"))]
thread_local! {
    static SCANNED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Records that a reader looked at `bytes` bytes of its input.
#[inline]
pub(crate) fn scanned(bytes: usize) {
    #[cfg(any(test, feature = "testgen"))]
    SCANNED.with(|c| c.set(c.get().saturating_add(bytes as u64)));
    #[cfg(not(any(test, feature = "testgen")))]
    let _ = bytes;
}

/// The bytes scanned on this thread since the previous call (`testgen` feature only).
#[cfg(any(test, feature = "testgen"))]
pub fn take_scanned() -> u64 {
    SCANNED.with(|c| c.replace(0))
}
