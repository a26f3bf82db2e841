//! Hostile inputs through the real `swan-album` binary.
//!
//! Every case runs the binary as page code would drive it (`save --project DIR -- PATH`, which
//! passes PATH verbatim as the swan `filePath`, or `run` for JavaScript values), asserts the
//! documented errCode and errMsg (spec §2 table, `--json` output), and asserts that the album
//! folder is byte for byte what it was before the case (every file under it, the hidden
//! `.swan-album/` included, except SQLite's own `index.sqlite*` files).
//!
//! Groups (each its own `#[test]`, its own album and data folder, so the harness runs them in
//! parallel; cases inside a group run one after another so a change is pinned to its case):
//! - `paths`: the table in `tests/hostile/paths.txt` (traversal in every area, encoded variants,
//!   control characters, backslashes, empty, absolute host paths, other apps' files, Unicode) plus
//!   computed ones (very long names and paths, absolute paths of real files on this machine);
//! - `symlinks`: links made by the test pointing outside, to another app's files, in loops;
//!   FIFOs, sockets and directories;
//! - `urls`: the table in `tests/hostile/urls.txt`, URLs of every scheme;
//! - `non_images`: text, HTML, PDF, TIFF, SVG, zip, ELF (the binary itself), empty, random…;
//! - `truncated` and `flipped`: every fixture cut at several offsets; every byte of the PNG
//!   flipped (its CRCs catch each one), structural bytes of the others;
//! - `huge_dimensions`: headers patched to declare gigantic (or zero) canvases;
//! - `js_types`: wrong JavaScript types (and strings no path can hold) through `swan-album run`;
//! - `command_line`: what never reaches the API (non-UTF-8 PATH, hostile `--app`): exit 2.
//!
//! `hostile/regressions.rs` pins the bugs found while writing these (all fixed). The harness is
//! `hostile/world.rs`; the data tables are in `hostile/`.

#[path = "hostile/world.rs"]
mod world;

#[path = "hostile/paths.rs"]
mod paths;

#[path = "hostile/content.rs"]
mod content;

#[path = "hostile/js_and_cli.rs"]
mod js_and_cli;

#[path = "hostile/regressions.rs"]
mod regressions;
