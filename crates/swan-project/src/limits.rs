//! How big a project file may be. Files are read with these caps, so an oversized file is
//! refused before it is allocated (issue 14-A2: an 80 MB `app.json` took 3 GB).

/// The largest `app.json` or `swan-album.json` read: 4 MiB. Baidu caps a whole package at
/// 2 MB, and real config files are a few KiB.
pub const MAX_CONFIG_BYTES: u64 = 4 << 20;

/// The largest script (`app.js`, a page's `.js`) read: 16 MiB. Eight times Baidu's 2 MB
/// package cap, so unminified development builds with bundled vendors still load.
pub const MAX_SCRIPT_BYTES: u64 = 16 << 20;
