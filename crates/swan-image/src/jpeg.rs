//! JPEG: marker segments, then entropy-coded scans searched for the next marker, up to EOI.
//!
//! Reaching EOI is what proves the file is complete; a file cut inside the scan data still has a
//! valid header and would otherwise look fine. Bytes after EOI are common (camera trailers,
//! appended data) and are kept as they are.

use crate::jpeg_arith::{ArithWalker, Conditioning};
use crate::jpeg_huff::Huff;
use crate::jpeg_walk::{End, Kind, Walker};
use crate::tee::Input;
use crate::{Format, ImageError, Limits, Parsed};

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const DQT: u8 = 0xDB;
const DHT: u8 = 0xC4;
const DAC: u8 = 0xCC;
const APP1: u8 = 0xE1;

/// Start-of-frame markers carry the dimensions; C4 (DHT), C8 (JPG) and CC (DAC) share the range.
fn is_sof(m: u8) -> bool {
    matches!(m, 0xC0..=0xCF) && !matches!(m, 0xC4 | 0xC8 | 0xCC)
}

/// Frame types a phone's libjpeg-turbo decodes: baseline, extended and progressive, Huffman or
/// arithmetic. Lossless (C3, CB) and hierarchical (C5-C7, CD-CF) frames are refused by it.
fn sof_supported(m: u8) -> bool {
    matches!(m, 0xC0 | 0xC1 | 0xC2 | 0xC9 | 0xCA)
}

/// Markers that stand alone, without a length.
fn is_standalone(m: u8) -> bool {
    matches!(m, 0x01 | 0xD0..=0xD7)
}

/// Markers with a length that libjpeg-turbo reads or skips: frames, tables, DRI, DNL, APPn and
/// COM. Any other code (reserved, JPG, DHP, EXP, JPGn) stops it with "unsupported marker".
fn is_known_segment(m: u8) -> bool {
    is_sof(m) || matches!(m, DHT | DAC | SOS | DQT | 0xDC | 0xDD | 0xE0..=0xEF | 0xFE)
}

/// A Huffman table slot: whether a DHT defined it, and whether libjpeg-turbo can build it.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Table {
    #[default]
    Undefined,
    Ok,
    /// Codes overflow their lengths, or (DC tables) a symbol above 15: fatal once a scan uses it.
    Bad,
}

/// What the frame header declared, for checking scans against it.
struct Frame {
    progressive: bool,
    arithmetic: bool,
    /// (id, h, v, quant table) per component.
    comps: Vec<(u8, u8, u8, u8)>,
    width: u32,
    height: u32,
}

#[derive(Default)]
struct Tables {
    quant: [bool; 4],
    /// [DC, AC] x 4 slots.
    huff: [[Table; 4]; 2],
    /// The tables themselves, for walking scans (standard ones put in undefined slots 0 and 1).
    defs: [[Option<Huff>; 4]; 2],
    /// MCUs per restart interval (DRI), 0 for none.
    restart: u64,
    /// Arithmetic coding conditioning (DAC).
    cond: Conditioning,
}

/// What the walks of the scans so far say about a file that ends without EOI.
#[derive(Default)]
struct Walked {
    /// The last scan was walked to its last MCU on real bits.
    last_complete: bool,
    /// Per frame component, the coefficients (bit k for zig-zag index k) that a complete scan
    /// gave in full precision (successive approximation bit 0).
    full: [u64; 4],
    /// Per frame component, one word per block: which coefficients progressive AC scans have
    /// made non-zero (what a refinement scan's bit count depends on). Empty until the
    /// component's first AC scan is walked.
    nonzero: [Vec<u64>; 4],
    /// Blocks the walks have visited so far, scan after scan.
    visits: u64,
}

/// How many times over its blocks the scans of a picture without EOI may be walked. A walk's
/// time follows the blocks it visits, not the bytes: an AC scan codes a run of up to 32,767
/// empty blocks in two bytes (in a fraction of a byte, arithmetic-coded), and a file may hold
/// thousands of scans, so a small file could otherwise keep the check busy for minutes.
/// Encoders' scripts visit every block 1 to 10 times (cjpeg's progressive script: 5 to 6).
const MAX_PASSES: u64 = 64;

/// The most memory the non-zero bits of a progressive picture may take: 8 bytes per block of
/// every component. The default 100-megapixel limit needs at most about 50 MiB (four
/// full-resolution components, blocks rounded up at the edges), so it is never reached with
/// it; a caller allowing more pixels gets a refusal rather than an allocation it did not
/// plan for.
pub(crate) const MAX_NONZERO_BYTES: u64 = 64 * 1024 * 1024;

/// Blocks of each frame component: what its non-zero bits take, one word each.
fn component_blocks(f: &Frame) -> Vec<u64> {
    let max_h = u32::from(f.comps.iter().map(|c| c.1).max().unwrap_or(1));
    let max_v = u32::from(f.comps.iter().map(|c| c.2).max().unwrap_or(1));
    f.comps
        .iter()
        .map(|&(_, h, v, _)| {
            let bw = (f.width * u32::from(h)).div_ceil(max_h * 8);
            let bh = (f.height * u32::from(v)).div_ceil(max_v * 8);
            u64::from(bw) * u64::from(bh)
        })
        .collect()
}

/// `walk`: decode the scans (Huffman or arithmetic) so that a file ending without EOI can be
/// judged; without it such a file is refused as cut.
pub(crate) fn check(input: &mut Input, limits: &Limits, walk: bool) -> Result<Parsed, ImageError> {
    if input.array::<2>()? != [0xFF, SOI] {
        return Err(input.corrupt("missing SOI"));
    }
    let mut frame: Option<Frame> = None;
    let mut dims: Option<(u32, u32)> = None;
    let mut tables = Tables::default();
    let mut seen_sos = false;
    let mut exif: Option<Vec<u8>> = None;
    let mut walked = Walked::default();
    let mut marker = next_marker(input)?.ok_or_else(|| input.truncated())?;
    let ended_without_eoi = loop {
        match marker {
            EOI => break false,
            SOI => return Err(input.corrupt("second SOI")),
            m if is_standalone(m) => {
                match next_marker(input)? {
                    Some(m) => marker = m,
                    None => break true,
                }
                continue;
            }
            m if !is_known_segment(m) => {
                return Err(input.corrupt(format!("unsupported marker {m:#04x}")));
            }
            _ => {}
        }
        let len = input.be16()?;
        if len < 2 {
            return Err(input.corrupt("segment length below 2"));
        }
        let body = u64::from(len - 2);
        if is_sof(marker) {
            if frame.is_some() {
                return Err(input.corrupt("second frame header"));
            }
            if !sof_supported(marker) {
                return Err(input.corrupt(format!(
                    "frame type {marker:#04x} (lossless or hierarchical) is not supported"
                )));
            }
            let data = input.read_vec(body)?;
            let f = sof(input, marker, &data)?;
            let (w, h) = (
                u32::from(u16::from_be_bytes([data[3], data[4]])),
                u32::from(u16::from_be_bytes([data[1], data[2]])),
            );
            if w == 0 || h == 0 {
                return Err(input.corrupt("zero width or height"));
            }
            limits.check_pixels(w, h)?;
            dims = Some((w, h));
            frame = Some(Frame {
                width: w,
                height: h,
                ..f
            });
        } else if marker == DQT {
            let data = input.read_vec(body)?;
            dqt(input, &data, &mut tables)?;
        } else if marker == DHT {
            let data = input.read_vec(body)?;
            dht(input, &data, &mut tables)?;
        } else if marker == DAC {
            let data = input.read_vec(body)?;
            dac(input, &data, &mut tables.cond)?;
        } else if marker == SOS {
            let Some(f) = frame.as_ref() else {
                return Err(input.corrupt("scan before frame header"));
            };
            let data = input.read_vec(body)?;
            sos(input, f, &tables, &data)?;
            seen_sos = true;
            walked.last_complete = false;
            let end = match walk.then(|| walker(f, &mut tables, &data)).flatten() {
                Some((mut w, cover, cost)) => {
                    walked.visits += cost;
                    let picture: u64 = component_blocks(f).iter().sum();
                    if walked.visits > MAX_PASSES * picture {
                        return Err(ImageError::TooCostly(
                            Format::Jpeg,
                            format!(
                                "without EOI its scans would be walked over more than \
                                 {MAX_PASSES} times its blocks"
                            ),
                        ));
                    }
                    // A progressive AC scan (Ss above 0) reads and records non-zero bits.
                    let ac = (f.progressive && data[1 + 2 * usize::from(data[0])] != 0)
                        .then(|| cover.first().map(|c| c.0))
                        .flatten();
                    if let Some(i) = ac {
                        let blocks = component_blocks(f);
                        if walked.nonzero[i].is_empty() {
                            let bytes = blocks.iter().sum::<u64>() * 8;
                            if bytes > MAX_NONZERO_BYTES {
                                return Err(ImageError::TooCostly(
                                    Format::Jpeg,
                                    format!(
                                        "without EOI its progressive scans need {} MiB of \
                                         coefficient state, more than {} MiB",
                                        bytes.div_ceil(1 << 20),
                                        MAX_NONZERO_BYTES >> 20
                                    ),
                                ));
                            }
                            walked.nonzero[i] = vec![0; blocks[i] as usize];
                        }
                        w.set_nonzero(std::mem::take(&mut walked.nonzero[i]));
                    }
                    let end = w.walk(input);
                    if let Some(i) = ac {
                        walked.nonzero[i] = w.take_nonzero();
                    }
                    let end = end?;
                    if w.complete() {
                        walked.last_complete = true;
                        for (i, mask) in cover {
                            walked.full[i] |= mask;
                        }
                    }
                    end
                }
                None => match scan(input)? {
                    Some(m) => End::Marker(m),
                    None => End::Eof,
                },
            };
            match end {
                End::Marker(m) => marker = m,
                End::Eof => break true,
            }
            continue;
        } else if marker == 0xDD {
            // libjpeg-turbo stops on any other length ("Bogus marker length").
            if body != 2 {
                return Err(input.corrupt("DRI segment length is not 4"));
            }
            tables.restart = u64::from(input.be16()?);
        } else if marker == APP1 && exif.is_none() {
            // A segment is at most 64 KiB, so keeping it is bounded by construction.
            let data = input.read_vec(body)?;
            if let Some(tiff) = data.strip_prefix(b"Exif\0\0") {
                exif = Some(tiff.to_vec());
            }
        } else {
            input.skip(body)?;
        }
        match next_marker(input)? {
            Some(m) => marker = m,
            None => break true,
        }
    };
    if ended_without_eoi {
        // A file without EOI is kept only when it holds the whole picture: the last scan ended
        // on its last MCU, and every coefficient of every component came in full.
        let n = frame.as_ref().map_or(0, |f| f.comps.len());
        if !(walked.last_complete && walked.full[..n].iter().all(|&m| m == u64::MAX)) {
            return Err(input.truncated());
        }
    }
    let Some((width, height)) = dims else {
        return Err(input.corrupt("no frame header"));
    };
    if !seen_sos {
        return Err(input.corrupt("no scan"));
    }
    input.drain()?;
    Ok(Parsed {
        format: Format::Jpeg,
        width,
        height,
        animated: false,
        exif,
        orientation: None,
    })
}

/// Checks a frame header the way libjpeg-turbo does before decoding: 8-bit precision only (12-
/// and 16-bit need builds a phone does not have), 1 to 4 components with sampling factors 1..=4
/// that divide the largest ones (fractional upsampling is not implemented there).
fn sof(input: &Input, marker: u8, d: &[u8]) -> Result<Frame, ImageError> {
    if d.len() < 6 {
        return Err(input.corrupt("short SOF segment"));
    }
    if d[0] != 8 {
        return Err(input.corrupt(format!("{}-bit samples are not supported", d[0])));
    }
    let n = usize::from(d[5]);
    if !(1..=4).contains(&n) || d.len() != 6 + 3 * n {
        return Err(input.corrupt("bad component count in SOF"));
    }
    let comps: Vec<(u8, u8, u8, u8)> = d[6..]
        .chunks_exact(3)
        .map(|c| (c[0], c[1] >> 4, c[1] & 15, c[2]))
        .collect();
    if comps
        .iter()
        .any(|&(_, h, v, tq)| !(1..=4).contains(&h) || !(1..=4).contains(&v) || tq > 3)
    {
        return Err(input.corrupt("bad sampling factors or quantization table in SOF"));
    }
    let max_h = comps.iter().map(|c| c.1).max().unwrap_or(1);
    let max_v = comps.iter().map(|c| c.2).max().unwrap_or(1);
    if comps
        .iter()
        .any(|&(_, h, v, _)| max_h % h != 0 || max_v % v != 0)
    {
        return Err(input.corrupt("fractional sampling factors"));
    }
    Ok(Frame {
        progressive: matches!(marker, 0xC2 | 0xCA),
        arithmetic: marker >= 0xC8,
        comps,
        width: 0,
        height: 0,
    })
}

fn dqt(input: &Input, mut d: &[u8], t: &mut Tables) -> Result<(), ImageError> {
    while let Some((&pq_tq, rest)) = d.split_first() {
        let (pq, tq) = (pq_tq >> 4, usize::from(pq_tq & 15));
        // libjpeg-turbo reads any precision other than 0 as 16-bit values.
        let size = if pq == 0 { 64 } else { 128 };
        if tq > 3 || rest.len() < size {
            return Err(input.corrupt("bad DQT segment"));
        }
        t.quant[tq] = true;
        d = &rest[size..];
    }
    Ok(())
}

/// Reads arithmetic coding conditioning as libjpeg-turbo's `get_dac`: (slot, value) pairs,
/// slots 0-15 DC (L in the low nibble, at most U in the high one), 16-31 AC (K).
fn dac(input: &Input, d: &[u8], cond: &mut Conditioning) -> Result<(), ImageError> {
    if !d.len().is_multiple_of(2) {
        return Err(input.corrupt("bad DAC length"));
    }
    for pair in d.chunks_exact(2) {
        let (slot, v) = (usize::from(pair[0]), pair[1]);
        match slot {
            0..=15 if v & 15 <= v >> 4 => (cond.dc_l[slot], cond.dc_u[slot]) = (v & 15, v >> 4),
            16..=31 => cond.ac_k[slot - 16] = v,
            _ => return Err(input.corrupt("bad DAC table index or value")),
        }
    }
    Ok(())
}

/// Reads each table and judges it as libjpeg-turbo's `jpeg_make_d_derived_tbl` will: canonical
/// codes must fit their lengths, and a DC table's symbols must be at most 15.
fn dht(input: &Input, mut d: &[u8], t: &mut Tables) -> Result<(), ImageError> {
    while !d.is_empty() {
        if d.len() < 17 {
            return Err(input.corrupt("short DHT segment"));
        }
        let (tc, th) = (usize::from(d[0] >> 4), usize::from(d[0] & 15));
        if tc > 1 || th > 3 {
            return Err(input.corrupt("bad DHT class or index"));
        }
        let counts = &d[1..17];
        let total: usize = counts.iter().map(|&c| usize::from(c)).sum();
        if total > 256 || d.len() < 17 + total {
            return Err(input.corrupt("bad DHT counts"));
        }
        let symbols = &d[17..17 + total];
        let mut code = 0u32;
        let mut ok = true;
        for (i, &c) in counts.iter().enumerate() {
            code += u32::from(c);
            // libjpeg-turbo also refuses the all-ones code, hence `>=`.
            if code >= 1 << (i + 1) {
                ok = false;
            }
            code <<= 1;
        }
        if tc == 0 && symbols.iter().any(|&s| s > 15) {
            ok = false;
        }
        t.huff[tc][th] = if ok { Table::Ok } else { Table::Bad };
        t.defs[tc][th] = ok.then(|| Huff::new(counts, symbols));
        d = &d[17 + total..];
    }
    Ok(())
}

/// Checks a scan header against the frame and the tables defined so far, as libjpeg-turbo does
/// when the scan starts.
fn sos(input: &Input, f: &Frame, t: &Tables, d: &[u8]) -> Result<(), ImageError> {
    let bad = |why: &str| Err(input.corrupt(why.to_string()));
    let Some(&ns) = d.first() else {
        return bad("short SOS segment");
    };
    let ns = usize::from(ns);
    if !(1..=4).contains(&ns) || d.len() != 4 + 2 * ns {
        return bad("bad component count in SOS");
    }
    let (ss, se, ah, al) = (
        d[1 + 2 * ns],
        d[2 + 2 * ns],
        d[3 + 2 * ns] >> 4,
        d[3 + 2 * ns] & 15,
    );
    let mut blocks = 0u32;
    for c in d[1..1 + 2 * ns].chunks_exact(2) {
        let Some(&(_, h, v, tq)) = f.comps.iter().find(|fc| fc.0 == c[0]) else {
            return bad("scan names a component the frame lacks");
        };
        blocks += u32::from(h) * u32::from(v);
        if !t.quant[usize::from(tq)] {
            return bad("component's quantization table is not defined");
        }
        let (td, ta) = (usize::from(c[1] >> 4), usize::from(c[1] & 15));
        let dc_used = !f.progressive || (ss == 0 && ah == 0);
        let ac_used = !f.progressive || ss != 0;
        if f.arithmetic {
            // Arithmetic coding has 16 conditioning slots, all defined by default.
            continue;
        }
        for (used, class, slot) in [(dc_used, 0, td), (ac_used, 1, ta)] {
            if !used {
                continue;
            }
            // Undefined tables 0 and 1 get the standard tables (Motion-JPEG files omit them).
            match t.huff[class].get(slot) {
                Some(Table::Ok) => {}
                Some(Table::Undefined) if slot < 2 => {}
                _ => return bad("scan uses a missing or broken Huffman table"),
            }
        }
    }
    if ns > 1 && blocks > 10 {
        return bad("sampling factors too large for an interleaved scan");
    }
    if f.progressive {
        let band_ok = if ss == 0 {
            se == 0
        } else {
            ss <= se && se < 64 && ns == 1
        };
        if !band_ok || (ah != 0 && al != ah - 1) || al > 13 {
            return bad("bad progressive scan parameters");
        }
    }
    Ok(())
}

/// What walking a scan (already checked by [`sos`]) takes: its kind, successive approximation
/// bit, MCU count, (component in the scan, DC table, AC table) of each block of an MCU, and the
/// coefficients a complete walk gives each frame component in full.
struct Plan {
    kind: Kind,
    al: u8,
    mcus: u64,
    blocks: Vec<(usize, usize, usize)>,
    cover: Cover,
}

/// (frame component, mask of the coefficients a complete scan gives it in full) per component
/// of a scan.
type Cover = Vec<(usize, u64)>;

fn plan(f: &Frame, d: &[u8]) -> Option<Plan> {
    let ns = usize::from(d[0]);
    let (ss, se, ah, al) = (
        d[1 + 2 * ns],
        d[2 + 2 * ns],
        d[3 + 2 * ns] >> 4,
        d[3 + 2 * ns] & 15,
    );
    let kind = match (f.progressive, ss, ah) {
        (false, ..) => Kind::Sequential,
        (true, 0, 0) => Kind::DcFirst,
        (true, 0, _) => Kind::DcRefine,
        (true, _, 0) => Kind::AcFirst { ss, se },
        (true, _, _) => Kind::AcRefine { ss, se },
    };
    let mask = match kind {
        Kind::Sequential => u64::MAX,
        _ if al != 0 => 0,
        _ => (u64::MAX >> (63 - u32::from(se.min(63)))) & (u64::MAX << ss.min(63)),
    };
    let max_h = u32::from(f.comps.iter().map(|c| c.1).max().unwrap_or(1));
    let max_v = u32::from(f.comps.iter().map(|c| c.2).max().unwrap_or(1));
    let mut blocks = Vec::new();
    let mut cover = Vec::new();
    let mut mcus = 0u64;
    for (n, c) in d[1..1 + 2 * ns].chunks_exact(2).enumerate() {
        let i = f.comps.iter().position(|fc| fc.0 == c[0])?;
        let (_, h, v, _) = f.comps[i];
        let (td, ta) = (usize::from(c[1] >> 4), usize::from(c[1] & 15));
        cover.push((i, mask));
        if ns == 1 {
            // A non-interleaved scan covers the component's own blocks, one per MCU.
            let bw = (f.width * u32::from(h)).div_ceil(max_h * 8);
            let bh = (f.height * u32::from(v)).div_ceil(max_v * 8);
            mcus = u64::from(bw) * u64::from(bh);
            blocks.push((n, td, ta));
        } else {
            for _ in 0..u32::from(h) * u32::from(v) {
                blocks.push((n, td, ta));
            }
            mcus = u64::from(f.width.div_ceil(max_h * 8)) * u64::from(f.height.div_ceil(max_v * 8));
        }
    }
    Some(Plan {
        kind,
        al,
        mcus,
        blocks,
        cover,
    })
}

/// The Huffman walker for a planned scan, or None if a table it reads is missing.
fn huffman<'t>(p: &Plan, t: &'t mut Tables, restart: u64) -> Option<Walker<'t>> {
    for (class, slots) in t.defs.iter_mut().enumerate() {
        for (slot, def) in slots.iter_mut().enumerate().take(2) {
            if def.is_none() {
                *def = Some(Huff::standard(class == 1, slot));
            }
        }
    }
    let t: &'t Tables = t;
    // A scan may name an undefined table it never reads; any table stands in for it.
    let any = t.defs[0][0].as_ref()?;
    let mut blocks = Vec::new();
    for &(n, td, ta) in &p.blocks {
        let dc = t.defs[0].get(td).and_then(Option::as_ref);
        let ac = t.defs[1].get(ta).and_then(Option::as_ref);
        let (dc, ac) = match p.kind {
            Kind::Sequential => (dc?, ac?),
            Kind::DcFirst => (dc?, any),
            Kind::DcRefine => (any, any),
            Kind::AcFirst { .. } | Kind::AcRefine { .. } => (any, ac?),
        };
        blocks.push((n, dc, ac));
    }
    Some(Walker::new(p.kind, blocks, p.al, p.mcus, restart))
}

/// A scan walker of either coding.
enum ScanWalker<'t> {
    Huffman(Walker<'t>),
    Arithmetic(Box<ArithWalker>),
}

impl ScanWalker<'_> {
    fn walk(&mut self, input: &mut Input) -> Result<End, ImageError> {
        match self {
            ScanWalker::Huffman(w) => w.walk(input),
            ScanWalker::Arithmetic(w) => w.walk(input),
        }
    }
    fn complete(&self) -> bool {
        match self {
            ScanWalker::Huffman(w) => w.complete(),
            ScanWalker::Arithmetic(w) => w.complete(),
        }
    }
    fn set_nonzero(&mut self, nonzero: Vec<u64>) {
        match self {
            ScanWalker::Huffman(w) => w.set_nonzero(nonzero),
            ScanWalker::Arithmetic(w) => w.set_nonzero(nonzero),
        }
    }
    fn take_nonzero(&mut self) -> Vec<u64> {
        match self {
            ScanWalker::Huffman(w) => w.take_nonzero(),
            ScanWalker::Arithmetic(w) => w.take_nonzero(),
        }
    }
}

/// The walker for a scan (already checked by [`sos`]), the coefficients it gives each frame
/// component in full, and the blocks it visits. A progressive AC scan's walker still needs its
/// component's non-zero bits ([`Walked::nonzero`]).
fn walker<'t>(f: &Frame, t: &'t mut Tables, d: &[u8]) -> Option<(ScanWalker<'t>, Cover, u64)> {
    let p = plan(f, d)?;
    let restart = t.restart;
    let cost = p.mcus * p.blocks.len() as u64;
    let w = if f.arithmetic {
        ScanWalker::Arithmetic(Box::new(ArithWalker::new(
            p.kind, p.blocks, p.al, t.cond, p.mcus, restart,
        )))
    } else {
        ScanWalker::Huffman(huffman(&p, t, restart)?)
    };
    Some((w, p.cover, cost))
}

/// Reads the next marker between segments as libjpeg-turbo does: bytes before an 0xFF are
/// skipped (it warns "extraneous bytes before marker" and goes on), then 0xFF fill bytes; an
/// `FF 00` pair is skipped the same way.
pub(crate) fn next_marker(input: &mut Input) -> Result<Option<u8>, ImageError> {
    loop {
        loop {
            let buf = input.fill()?;
            if buf.is_empty() {
                return Ok(None);
            }
            match find_ff(buf) {
                Some(i) => {
                    input.consume(i + 1);
                    break;
                }
                None => {
                    let n = buf.len();
                    input.consume(n);
                }
            }
        }
        let mut m = 0xFF;
        while m == 0xFF {
            if input.at_end()? {
                return Ok(None);
            }
            m = input.u8()?;
        }
        if m != 0x00 {
            return Ok(Some(m));
        }
    }
}

/// Skips entropy-coded data and returns the marker that ends it. Works on whole buffered slices
/// because this is where nearly all of a JPEG's bytes are: stuffed bytes (`FF 00`) and restart
/// markers, about one every few hundred bytes, are stepped over inside the slice, and the input
/// is only told how far the scan got once per slice.
pub(crate) fn scan(input: &mut Input) -> Result<Option<u8>, ImageError> {
    loop {
        let buf = input.fill()?;
        if buf.is_empty() {
            return Ok(None);
        }
        let mut from = 0;
        let end = loop {
            let Some(i) = find_ff(&buf[from..]) else {
                break Scan::Consumed(buf.len());
            };
            let at = from + i;
            match buf.get(at + 1) {
                // Stuffed 0xFF byte or restart marker: still inside the scan.
                Some(0x00 | 0xD0..=0xD7) => from = at + 2,
                // Fill byte: the next search finds it again as the next 0xFF.
                Some(0xFF) => from = at + 1,
                Some(&m) => break Scan::Marker(at + 2, m),
                // The 0xFF is the last buffered byte: decide once more is read.
                None => break Scan::Split(at + 1),
            }
        };
        match end {
            Scan::Consumed(n) => input.consume(n),
            Scan::Marker(n, m) => {
                input.consume(n);
                return Ok(Some(m));
            }
            Scan::Split(n) => {
                input.consume(n);
                if input.at_end()? {
                    return Ok(None);
                }
                match input.peek_u8()? {
                    0x00 | 0xD0..=0xD7 => input.consume(1),
                    0xFF => {}
                    m => {
                        input.consume(1);
                        return Ok(Some(m));
                    }
                }
            }
        }
    }
}

/// Where one pass over the buffered bytes of a scan ended.
enum Scan {
    /// No marker: all `n` bytes belong to the scan.
    Consumed(usize),
    /// A marker `m` ends the scan; `n` bytes (the marker included) are used up.
    Marker(usize, u8),
    /// The slice ended on an 0xFF; `n` bytes (it included) are used up.
    Split(usize),
}

/// Position of the first 0xFF: `memchr`'s SIMD search, since nearly every byte of a JPEG is
/// scanned here.
fn find_ff(s: &[u8]) -> Option<usize> {
    memchr::memchr(0xFF, s)
}

#[cfg(test)]
mod tests {
    use super::find_ff;

    #[test]
    fn find_ff_matches_naive_search() {
        for len in 0..40 {
            for at in 0..=len {
                let mut v = vec![0x7Fu8; len];
                if at < len {
                    v[at] = 0xFF;
                }
                let expect = v.iter().position(|&b| b == 0xFF);
                assert_eq!(find_ff(&v), expect, "len {len} at {at}");
            }
        }
        let v = [0xFE, 0x00, 0xFF, 0xFF, 0x01, 0x02, 0x03, 0x04, 0xFF];
        assert_eq!(find_ff(&v), Some(2));
    }

    /// Bytes next to 0xFF that could fool a word-at-a-time test (0xFE borrows, 0x00, 0x01), at
    /// every position of 32-byte blocks and their tails.
    #[test]
    fn find_ff_is_exact_next_to_tricky_bytes() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let alphabet = [0xFF, 0xFE, 0x00, 0x01, 0x7F, 0x80];
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 80) as usize;
            let v: Vec<u8> = (0..len)
                .map(|i| {
                    let r = state.rotate_left(i as u32 * 3) as usize;
                    // Mostly 0xFE-ish noise, sometimes 0xFF.
                    if r.is_multiple_of(11) {
                        0xFF
                    } else {
                        alphabet[1 + r % 5]
                    }
                })
                .collect();
            assert_eq!(find_ff(&v), v.iter().position(|&b| b == 0xFF), "{v:02x?}");
        }
    }

    /// The scan, fed through the streaming input in pieces of every size, ends where a
    /// byte-by-byte reading of the rules says and returns the same marker (or the same error).
    #[test]
    fn scan_matches_a_byte_by_byte_reading() {
        use crate::tee::Input;
        use std::io::Read;

        /// The rules, one byte at a time: (marker, offset just past it) or None if truncated.
        fn reference(d: &[u8]) -> Option<(u8, usize)> {
            let mut i = 0;
            loop {
                while *d.get(i)? != 0xFF {
                    i += 1;
                }
                match *d.get(i + 1)? {
                    0x00 | 0xD0..=0xD7 => i += 2,
                    0xFF => i += 1,
                    m => return Some((m, i + 2)),
                }
            }
        }
        struct Pieces<'a>(&'a [u8], usize);
        impl Read for Pieces<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(buf.len()).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let pick = [0xFF, 0x00, 0xD3, 0xD9, 0xC4, 0x12, 0xFF, 0xFF];
        for case in 0..3000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = 1 + (state % 300) as usize;
            let data: Vec<u8> = (0..len)
                .map(|i| {
                    let r = state.rotate_left((i * 7) as u32) ^ (i as u64).wrapping_mul(0x9E37);
                    if r.is_multiple_of(5) {
                        pick[(r >> 8) as usize % pick.len()]
                    } else {
                        (r >> 16) as u8 & 0x7F
                    }
                })
                .collect();
            let expect = reference(&data);
            for piece in [1, 2, 3, 7, 64, 1000] {
                let mut src = Pieces(&data, piece);
                let mut sink = std::io::sink();
                let mut input = Input::new(&mut src, &mut sink, u64::MAX);
                let got = super::scan(&mut input);
                match expect {
                    Some((m, end)) => {
                        assert_eq!(got.ok(), Some(Some(m)), "case {case} piece {piece}");
                        assert_eq!(input.pos(), end as u64, "case {case} piece {piece}");
                    }
                    None => assert!(matches!(got, Ok(None)), "case {case} piece {piece}"),
                }
            }
        }
    }
}
