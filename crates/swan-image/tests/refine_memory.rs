//! The one place the check's memory grows with the picture: a progressive JPEG without EOI,
//! walked to tell it from a cut one, keeps one 64-bit word per block of every component (which
//! coefficients are non-zero, what AC refinement scans depend on). Measured here for the
//! largest picture the default limits allow, and capped (alone in its own test binary, so the
//! counting allocator sees nothing else).

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use swan_image::{Format, ImageError, Limits, check_bytes};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const MIB: usize = 1024 * 1024;

#[test]
fn largest_allowed_progressive_picture_stays_under_the_cap_and_a_larger_one_is_refused() {
    // 10000 x 10000 with four full-resolution components: exactly the default 100 megapixels,
    // 4 x 1,562,500 blocks, 47.7 MiB of non-zero words.
    let jpeg = common::progressive_no_eoi(10000, 10000, 4);
    let base = LIVE.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let info = check_bytes(&jpeg, &Limits::default()).expect("whole picture without EOI");
    let peak = PEAK.load(Ordering::SeqCst) - base;
    assert_eq!(
        (info.format, info.width, info.height),
        (Format::Jpeg, 10000, 10000)
    );
    assert!(peak > 47 * MIB, "the words are really kept: peak {peak}");
    assert!(peak < 64 * MIB, "peak {} MiB", peak / MIB);

    // A caller allowing more pixels: a 16000 x 16000 four-component picture would need 125 MiB
    // of words; it is refused before any of them is allocated.
    let big = common::progressive_no_eoi(16000, 16000, 4);
    let limits = Limits {
        max_pixels: u64::MAX,
        ..Limits::default()
    };
    let base = LIVE.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let err = check_bytes(&big, &limits).unwrap_err();
    let peak = PEAK.load(Ordering::SeqCst) - base;
    assert!(
        matches!(&err, ImageError::TooCostly(Format::Jpeg, why) if why.contains("123 MiB")),
        "{err:?}"
    );
    assert!(err.to_string().contains("too costly to verify"), "{err}");
    assert!(peak < MIB, "peak {peak}");
    // With its EOI the same picture needs no walk, and no words.
    let mut whole = big.clone();
    whole.extend_from_slice(&[0xFF, 0xD9]);
    assert!(check_bytes(&whole, &limits).is_ok());
}
