//! Issue 14-A2: config files are capped at 4 MiB and scripts at 16 MiB, and an oversized file
//! is refused without ever being allocated (an 80 MB app.json took 3 GB before).

mod common;

use common::Fixture;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use swan_project::{MAX_CONFIG_BYTES, MAX_SCRIPT_BYTES, Project, ProjectError};

/// Records the largest single allocation, so a test can see a file was never read whole.
struct Largest;

static LARGEST: AtomicUsize = AtomicUsize::new(0);
/// Tests that measure [`LARGEST`] run one at a time.
static MEASURING: Mutex<()> = Mutex::new(());

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Largest {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Largest = Largest;

/// Makes `rel` a sparse file of `len` bytes (no disk used).
fn sparse(f: &Fixture, rel: &str, len: u64) {
    let file = std::fs::File::create(f.root().join(rel)).unwrap();
    file.set_len(len).unwrap();
}

fn assert_too_large(e: &ProjectError, file: &str, limit: u64) {
    match e {
        ProjectError::TooLarge { file: f, limit: l } => assert_eq!((f.as_str(), *l), (file, limit)),
        other => panic!("expected TooLarge for {file}, got {other:?}"),
    }
    assert!(e.to_string().contains(file), "{e}");
    assert!(e.to_string().contains("MiB"), "{e}");
}

/// Runs `f` and returns the largest single allocation made meanwhile.
fn largest_allocation<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let _one_at_a_time = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    LARGEST.store(0, Ordering::Relaxed);
    let out = f();
    (out, LARGEST.load(Ordering::Relaxed))
}

#[test]
fn eighty_megabyte_app_json_is_refused_without_allocating_it() {
    let f = Fixture::new();
    sparse(&f, "app.json", 80_000_000);
    let (result, largest) = largest_allocation(|| Project::load(&f.root()));
    assert_too_large(&result.unwrap_err(), "app.json", MAX_CONFIG_BYTES);
    assert!(largest < 1 << 20, "largest allocation {largest} bytes");
}

#[test]
fn oversized_swan_album_json_is_refused() {
    let f = Fixture::new();
    sparse(&f, "swan-album.json", MAX_CONFIG_BYTES + 1);
    let (result, largest) = largest_allocation(|| Project::load(&f.root()));
    assert_too_large(&result.unwrap_err(), "swan-album.json", MAX_CONFIG_BYTES);
    assert!(largest < 1 << 20, "largest allocation {largest} bytes");
}

#[test]
fn oversized_scripts_are_refused_without_allocating_them() {
    let f = Fixture::new();
    sparse(&f, "app.js", 1 << 30);
    sparse(&f, "pages/index/index.js", MAX_SCRIPT_BYTES + 1);
    let project = Project::load(&f.root()).unwrap();
    let (result, largest) = largest_allocation(|| project.app_script());
    assert_too_large(&result.unwrap_err(), "app.js", MAX_SCRIPT_BYTES);
    assert!(largest < 1 << 20, "largest allocation {largest} bytes");
    let (result, largest) = largest_allocation(|| project.page_script("pages/index/index"));
    assert_too_large(
        &result.unwrap_err(),
        "pages/index/index.js",
        MAX_SCRIPT_BYTES,
    );
    assert!(largest < 1 << 20, "largest allocation {largest} bytes");
}

/// Files at the limit still load: the caps refuse only what is over them.
#[test]
fn files_at_the_limit_load() {
    // Its big buffers must not land in another test's measurement.
    let _one_at_a_time = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let f = Fixture::new();
    let mut json = r#"{"pages": ["pages/index/index"]}"#.to_string();
    json.push_str(&" ".repeat(MAX_CONFIG_BYTES as usize - json.len()));
    f.write("app.json", &json);
    let mut script = "Page({});".to_string();
    script.push_str(&"\n".repeat(MAX_SCRIPT_BYTES as usize - script.len()));
    f.write("pages/index/index.js", &script);
    let project = Project::load(&f.root()).unwrap();
    assert_eq!(project.pages, ["pages/index/index"]);
    let page = project.page_script("pages/index/index").unwrap();
    assert_eq!(page.source.len() as u64, MAX_SCRIPT_BYTES);
}
