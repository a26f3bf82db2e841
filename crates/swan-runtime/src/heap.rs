//! The engine's allocator, watched: when page code runs the JavaScript heap out, QuickJS may
//! have no memory left to build the error and throws `null`. Knowing that the heap came close
//! to its cap lets the run say "out of memory" instead of `Uncaught null`.

use crate::limits::MEMORY_LIMIT;
use rquickjs::allocator::{Allocator, RustAllocator};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// QuickJS counts this much per allocation on top of its usable size.
const PER_ALLOCATION: usize = 8;
/// How close to the cap counts as full.
const NEAR: usize = 4 * 1024 * 1024;

pub(crate) struct WatchedHeap {
    inner: RustAllocator,
    bytes: usize,
    count: usize,
    near_full: Arc<AtomicBool>,
}

impl WatchedHeap {
    pub fn new(near_full: Arc<AtomicBool>) -> WatchedHeap {
        WatchedHeap {
            inner: RustAllocator,
            bytes: 0,
            count: 0,
            near_full,
        }
    }

    fn grew(&mut self, ptr: *mut u8) {
        if ptr.is_null() {
            return;
        }
        // SAFETY: `ptr` was just returned by `inner`.
        self.bytes += unsafe { RustAllocator::usable_size(ptr) };
        self.count += 1;
        if self.bytes + self.count * PER_ALLOCATION > MEMORY_LIMIT - NEAR {
            self.near_full.store(true, Ordering::Relaxed);
        }
    }
}

// SAFETY: every call goes to `RustAllocator`, which upholds the contract; this only counts.
unsafe impl Allocator for WatchedHeap {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        let ptr = self.inner.alloc(size);
        self.grew(ptr);
        ptr
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        let ptr = self.inner.calloc(count, size);
        self.grew(ptr);
        ptr
    }

    unsafe fn dealloc(&mut self, ptr: *mut u8) {
        // SAFETY: the caller gives a pointer from this allocator.
        unsafe {
            self.bytes = self.bytes.saturating_sub(RustAllocator::usable_size(ptr));
            self.count = self.count.saturating_sub(1);
            self.inner.dealloc(ptr)
        }
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        // SAFETY: the caller gives a pointer from this allocator.
        unsafe {
            let old = RustAllocator::usable_size(ptr);
            let new = self.inner.realloc(ptr, new_size);
            if !new.is_null() {
                self.bytes = self.bytes.saturating_sub(old);
                self.count = self.count.saturating_sub(1);
                self.grew(new);
            }
            new
        }
    }

    unsafe fn usable_size(ptr: *mut u8) -> usize {
        // SAFETY: the caller gives a pointer from this allocator.
        unsafe { RustAllocator::usable_size(ptr) }
    }
}
