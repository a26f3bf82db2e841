//! Prints the verdict of the image check for each file named on the command line, and how fast
//! it ran (used to build and judge the test corpus; not part of the album).

use std::time::Instant;
use swan_image::{Limits, check_bytes};

fn main() {
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            println!("{path}\tunreadable");
            continue;
        };
        let t = Instant::now();
        let r = check_bytes(&bytes, &Limits::default());
        let el = t.elapsed();
        match r {
            Ok(i) => println!(
                "{path}\taccept\t{} {}x{} o={:?}\t{:.1} MB/s",
                i.format.name(),
                i.width,
                i.height,
                i.orientation,
                bytes.len() as f64 / el.as_secs_f64() / 1e6
            ),
            Err(e) => println!("{path}\trefuse\t{e}"),
        }
    }
}
