//! Raw wasm exports (no wasm-bindgen) for bench/read-wasm.mjs: a buffer for the feed text and
//! one call per reader, returning the directions read (so the work cannot be skipped).

use std::cell::RefCell;

thread_local! {
    static BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    // The last feed read, kept until the next `buffer` call: the widget keeps the feed it reads,
    // so dropping it is no part of a read.
    static LAST: RefCell<Option<ratelink_core::model::Feed>> = const { RefCell::new(None) };
}

/// A buffer of `len` bytes for the feed text; returns its address.
#[no_mangle]
pub extern "C" fn buffer(len: usize) -> *mut u8 {
    LAST.with(|l| l.borrow_mut().take());
    BUF.with(|b| {
        let mut b = b.borrow_mut();
        b.resize(len, 0);
        b.as_mut_ptr()
    })
}

/// Reads the buffer as the widget does: UTF-8 check, then reader 0 (direct, what
/// `parse_normalized` ships) or 1 (the JSON tree, `parse_normalized_via_tree`). Directions
/// read, or -1 on an error.
#[no_mangle]
pub extern "C" fn read(which: u32) -> i32 {
    BUF.with(|b| {
        let b = b.borrow();
        let Ok(text) = std::str::from_utf8(&b) else {
            return -1;
        };
        let feed = if which == 0 {
            ratelink_core::feed::parse_normalized(text)
        } else {
            ratelink_core::feed::parse_normalized_via_tree(text)
        };
        match feed {
            Ok(f) => {
                let count = f.directions.len() as i32;
                LAST.with(|l| *l.borrow_mut() = Some(f));
                count
            }
            Err(_) => -1,
        }
    })
}
