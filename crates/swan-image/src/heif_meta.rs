//! The in-memory part of HEIF/AVIF validation: the `meta` box.
//!
//! Only what proves the file usable is extracted: the PRIMARY item's `ispe` (a coded tile or a
//! thumbnail has its own `ispe`, and taking the first one found reports the wrong size), where the
//! item data ends (to catch truncation) and where the Exif item lives. Nothing here allocates in
//! proportion to a count read from the file, and every loop consumes bytes.

use crate::exif::MAX_EXIF;

/// A failure inside `meta`; the caller turns it into `Corrupt`.
pub(crate) type MetaError = &'static str;

pub(crate) struct MetaInfo {
    /// Displayed size: `ispe` after the primary item's `clap` and `irot`.
    pub width: u32,
    pub height: u32,
    /// EXIF-style orientation (1..=8) equivalent to the primary item's `irot`/`imir`, if any.
    pub orientation: Option<u16>,
    /// Largest end offset of any item extent stored in the file itself.
    pub data_end: u64,
    pub exif: ExifLoc,
}

pub(crate) enum ExifLoc {
    None,
    /// Exif item data held in the `idat` box.
    InMeta(Vec<u8>),
    /// Exif item data at this absolute file range.
    InFile {
        start: u64,
        len: u64,
    },
}

/// Parses the payload of a top-level `meta` box (after its size and type).
pub(crate) fn parse(payload: &[u8]) -> Result<MetaInfo, MetaError> {
    let mut cur = Cur(payload);
    cur.take(4).ok_or("meta header")?;
    let (mut hdlr, mut pitm, mut iinf, mut iloc, mut iprp, mut idat, mut iref) =
        (None, None, None, None, None, None, None);
    while let Some((kind, body)) = next_box(&mut cur)? {
        let slot = match &kind {
            b"hdlr" => &mut hdlr,
            b"pitm" => &mut pitm,
            b"iinf" => &mut iinf,
            b"iloc" => &mut iloc,
            b"iprp" => &mut iprp,
            b"idat" => &mut idat,
            b"iref" => &mut iref,
            _ => continue,
        };
        if slot.replace(body).is_some() {
            return Err("duplicate box in meta");
        }
    }
    let mut h = Cur(hdlr.ok_or("no hdlr box")?);
    h.take(8).ok_or("hdlr")?;
    if h.take(4) != Some(b"pict".as_slice()) {
        return Err("handler is not pict");
    }
    let mut p = Cur(pitm.ok_or("no pitm box")?);
    let primary = if p.u8().ok_or("pitm")? == 0 {
        p.take(3).ok_or("pitm")?;
        u32::from(p.u16().ok_or("pitm")?)
    } else {
        p.take(3).ok_or("pitm")?;
        p.u32().ok_or("pitm")?
    };
    let view = primary_view(iprp.ok_or("no iprp box")?, primary)?;
    let iinf = iinf.ok_or("no iinf box")?;
    let exif_id = first_item_of_type(iinf, b"Exif")?;
    let all = items(iinf)?;
    let primary_type = all.iter().find(|(i, _)| *i == primary).map(|(_, t)| *t);
    let refs = match iref {
        Some(b) => dimg_refs(b)?,
        None => Vec::new(),
    };
    if !decodable(&all, &refs, primary, 0) {
        return Err("primary image is not coded with HEVC or AV1");
    }
    let idat = idat.unwrap_or(&[]);
    if primary_type == Some(*b"grid") {
        check_grid(iloc, idat, primary, view.ispe)?;
    }
    let (data_end, exif_ext) = match iloc {
        Some(b) => locations(b, idat, exif_id)?,
        None => (0, None),
    };
    let exif = match exif_ext {
        Some(Extent {
            method: 1,
            start,
            len,
        }) if len <= MAX_EXIF => usize::try_from(start)
            .ok()
            .and_then(|s| idat.get(s..s.checked_add(usize::try_from(len).ok()?)?))
            .map_or(ExifLoc::None, |d| ExifLoc::InMeta(d.to_vec())),
        Some(Extent {
            method: 0,
            start,
            len,
        }) if len <= MAX_EXIF => ExifLoc::InFile { start, len },
        _ => ExifLoc::None,
    };
    Ok(MetaInfo {
        width: view.width,
        height: view.height,
        orientation: view.orientation,
        data_end,
        exif,
    })
}

/// Coding formats a phone's libheif decodes: HEVC (libde265) and AV1 (dav1d/aom). JPEG-, AVC-,
/// JPEG 2000-, VVC-coded and uncompressed items need plugins a phone does not ship.
const CODED: [&[u8; 4]; 2] = [b"hvc1", b"av01"];
/// Derived images, decodable when every image they are derived from is.
const DERIVED: [&[u8; 4]; 3] = [b"grid", b"iovl", b"iden"];

/// Whether item `id` decodes on a phone: coded with HEVC or AV1, or derived (grid, overlay,
/// identity) only from such items.
fn decodable(items: &[(u32, [u8; 4])], refs: &[(u32, Vec<u32>)], id: u32, depth: u8) -> bool {
    let Some((_, kind)) = items.iter().find(|(i, _)| *i == id) else {
        return false;
    };
    if CODED.contains(&kind) {
        return true;
    }
    if !DERIVED.contains(&kind) || depth > 2 {
        return false;
    }
    let mut from = refs.iter().filter(|(f, _)| *f == id).flat_map(|(_, to)| to);
    let mut any = false;
    from.all(|&t| {
        any = true;
        decodable(items, refs, t, depth + 1)
    }) && any
}

/// Every `dimg` reference in `iref`: (from item, to items).
fn dimg_refs(iref: &[u8]) -> Result<Vec<(u32, Vec<u32>)>, MetaError> {
    let mut c = Cur(iref);
    let version = c.u8().ok_or("iref")?;
    c.take(3).ok_or("iref")?;
    let id = |c: &mut Cur| -> Option<u32> {
        if version == 0 {
            c.u16().map(u32::from)
        } else {
            c.u32()
        }
    };
    let mut out = Vec::new();
    while let Some((kind, body)) = next_box(&mut c)? {
        if &kind != b"dimg" {
            continue;
        }
        let mut b = Cur(body);
        let from = id(&mut b).ok_or("iref")?;
        let n = b.u16().ok_or("iref")?;
        let mut to = Vec::new();
        for _ in 0..n {
            to.push(id(&mut b).ok_or("iref")?);
        }
        out.push((from, to));
    }
    Ok(out)
}

/// How the primary item is shown: its coded size (`ispe`), and the displayed size and
/// orientation once its transforms (`clap`, `irot`, `imir`, in `ipma` order) are applied.
struct View {
    ispe: (u32, u32),
    width: u32,
    height: u32,
    orientation: Option<u16>,
}

/// Follows `ipma` for the primary item to its properties in `ipco`.
fn primary_view(iprp: &[u8], primary: u32) -> Result<View, MetaError> {
    let (mut ipco, mut indices) = (None, Vec::new());
    let mut cur = Cur(iprp);
    while let Some((kind, body)) = next_box(&mut cur)? {
        match &kind {
            b"ipco" if ipco.is_none() => ipco = Some(body),
            b"ipma" if indices.is_empty() => indices = ipma_indices(body, primary)?,
            _ => {}
        }
    }
    let ipco = ipco.ok_or("no ipco box")?;
    let mut props = Vec::new();
    let mut cur = Cur(ipco);
    while let Some(p) = next_box(&mut cur)? {
        props.push(p);
    }
    let mut ispe = None;
    let mut transforms = Vec::new();
    for want in indices {
        let Some(&(kind, body)) = usize::from(want).checked_sub(1).and_then(|i| props.get(i))
        else {
            continue;
        };
        match &kind {
            b"ispe" if ispe.is_none() => {
                let mut c = Cur(body);
                c.take(4).ok_or("ispe")?;
                let (w, h) = (c.u32().ok_or("ispe")?, c.u32().ok_or("ispe")?);
                if w == 0 || h == 0 {
                    return Err("zero width or height");
                }
                ispe = Some((w, h));
            }
            b"clap" | b"irot" | b"imir" => transforms.push((kind, body)),
            _ => {}
        }
    }
    let ispe = ispe.ok_or("primary item has no ispe property")?;
    let (mut w, mut h) = ispe;
    // (x, y) -> (a x + b y, c x + d y), screen coordinates (y down).
    let mut m = [1i8, 0, 0, 1];
    let mut oriented = false;
    for (kind, body) in transforms {
        match &kind {
            b"clap" => {
                let mut c = Cur(body);
                let (wn, wd) = (c.u32().ok_or("clap")?, c.u32().ok_or("clap")?);
                let (hn, hd) = (c.u32().ok_or("clap")?, c.u32().ok_or("clap")?);
                if wd == 0 || hd == 0 || (wn as i32) <= 0 || (hn as i32) <= 0 {
                    return Err("bad clap box");
                }
                // libheif rounds half up; a crop never grows the picture.
                let round = |n: u32, d: u32| (2 * u64::from(n) + u64::from(d)) / (2 * u64::from(d));
                let cw = u32::try_from(round(wn, wd)).unwrap_or(u32::MAX).clamp(1, w);
                let ch = u32::try_from(round(hn, hd)).unwrap_or(u32::MAX).clamp(1, h);
                (w, h) = (cw, ch);
            }
            b"irot" => {
                let turns = body.first().ok_or("irot")? & 3;
                for _ in 0..turns {
                    // A quarter turn anticlockwise: (x, y) -> (y, -x).
                    m = [m[2], m[3], -m[0], -m[1]];
                    (w, h) = (h, w);
                }
                oriented = true;
            }
            _ => {
                let axis = body.first().ok_or("imir")? & 1;
                m = if axis == 0 {
                    [-m[0], -m[1], m[2], m[3]]
                } else {
                    [m[0], m[1], -m[2], -m[3]]
                };
                oriented = true;
            }
        }
    }
    const EXIF: [[i8; 4]; 8] = [
        [1, 0, 0, 1],
        [-1, 0, 0, 1],
        [-1, 0, 0, -1],
        [1, 0, 0, -1],
        [0, 1, 1, 0],
        [0, -1, 1, 0],
        [0, -1, -1, 0],
        [0, 1, -1, 0],
    ];
    let orientation = oriented
        .then(|| EXIF.iter().position(|e| *e == m))
        .flatten()
        .map(|i| i as u16 + 1);
    Ok(View {
        ispe,
        width: w,
        height: h,
        orientation,
    })
}

/// Property indices (1-based into `ipco`) associated with `item`.
fn ipma_indices(body: &[u8], item: u32) -> Result<Vec<u16>, MetaError> {
    let mut c = Cur(body);
    let version = c.u8().ok_or("ipma")?;
    let flags = c.take(3).ok_or("ipma")?;
    let wide = flags[2] & 1 != 0;
    let count = c.u32().ok_or("ipma")?;
    for _ in 0..count {
        let id = if version < 1 {
            u32::from(c.u16().ok_or("ipma")?)
        } else {
            c.u32().ok_or("ipma")?
        };
        let n = c.u8().ok_or("ipma")?;
        let mut out = Vec::new();
        for _ in 0..n {
            let idx = if wide {
                c.u16().ok_or("ipma")? & 0x7FFF
            } else {
                u16::from(c.u8().ok_or("ipma")? & 0x7F)
            };
            out.push(idx);
        }
        if id == item {
            return Ok(out);
        }
    }
    Ok(Vec::new())
}

/// Id of the first item of type `kind`.
fn first_item_of_type(iinf: &[u8], kind: &[u8; 4]) -> Result<Option<u32>, MetaError> {
    Ok(items(iinf)?
        .into_iter()
        .find(|(_, t)| t == kind)
        .map(|(id, _)| id))
}

/// (id, type) of every `infe` of version 2 or 3.
fn items(iinf: &[u8]) -> Result<Vec<(u32, [u8; 4])>, MetaError> {
    let mut c = Cur(iinf);
    let version = c.u8().ok_or("iinf")?;
    c.take(if version == 0 { 5 } else { 7 }).ok_or("iinf")?;
    let mut found = Vec::new();
    while let Some((kind, body)) = next_box(&mut c)? {
        if &kind != b"infe" {
            continue;
        }
        let mut e = Cur(body);
        let v = e.u8().ok_or("infe")?;
        e.take(3).ok_or("infe")?;
        let id = match v {
            2 => u32::from(e.u16().ok_or("infe")?),
            3 => e.u32().ok_or("infe")?,
            _ => continue,
        };
        e.take(2).ok_or("infe")?;
        let t = e.take(4).ok_or("infe")?;
        found.push((id, [t[0], t[1], t[2], t[3]]));
    }
    Ok(found)
}

/// A grid's canvas is what a decoder allocates, and it is declared in the grid descriptor,
/// not in `ispe`: a tiny file could declare a gigantic one. It must be the `ispe` size (which
/// the pixel limit has checked). A descriptor stored in the file rather than in `idat` is read
/// by decoders later and is not checked here.
fn check_grid(
    iloc: Option<&[u8]>,
    idat: &[u8],
    grid: u32,
    ispe: (u32, u32),
) -> Result<(), MetaError> {
    let Some(iloc) = iloc else {
        return Err("grid item without location");
    };
    let Some(Extent {
        method: 1,
        start,
        len,
    }) = locations(iloc, idat, Some(grid))?.1
    else {
        return Ok(());
    };
    let data = usize::try_from(start)
        .ok()
        .and_then(|s| idat.get(s..s.checked_add(usize::try_from(len).ok()?)?))
        .ok_or("grid descriptor outside idat")?;
    let mut c = Cur(data);
    let _version = c.u8().ok_or("grid")?;
    let flags = c.u8().ok_or("grid")?;
    c.take(2).ok_or("grid")?;
    let size = if flags & 1 == 0 {
        (
            u32::from(c.u16().ok_or("grid")?),
            u32::from(c.u16().ok_or("grid")?),
        )
    } else {
        (c.u32().ok_or("grid")?, c.u32().ok_or("grid")?)
    };
    if size != ispe {
        return Err("grid output size differs from the primary item's ispe");
    }
    Ok(())
}

/// The single extent of an item.
struct Extent {
    /// 0: in the file, 1: in `idat`.
    method: u16,
    start: u64,
    len: u64,
}

/// Walks `iloc`: returns where stored item data ends, and the Exif item's single extent.
fn locations(
    iloc: &[u8],
    idat: &[u8],
    exif_id: Option<u32>,
) -> Result<(u64, Option<Extent>), MetaError> {
    let mut c = Cur(iloc);
    let version = c.u8().ok_or("iloc")?;
    if version > 2 {
        return Err("unknown iloc version");
    }
    c.take(3).ok_or("iloc")?;
    let [a, b] = [c.u8().ok_or("iloc")?, c.u8().ok_or("iloc")?];
    let (off_size, len_size, base_size) = (a >> 4, a & 15, b >> 4);
    let idx_size = if version == 0 { 0 } else { b & 15 };
    let count = if version < 2 {
        u32::from(c.u16().ok_or("iloc")?)
    } else {
        c.u32().ok_or("iloc")?
    };
    let (mut data_end, mut exif) = (0u64, None);
    for _ in 0..count {
        let id = if version < 2 {
            u32::from(c.u16().ok_or("iloc")?)
        } else {
            c.u32().ok_or("iloc")?
        };
        let method = if version == 0 {
            0
        } else {
            c.u16().ok_or("iloc")? & 15
        };
        let dref = c.u16().ok_or("iloc")?;
        let base = c.uint(base_size).ok_or("iloc")?;
        let extents = c.u16().ok_or("iloc")?;
        // Extents of zero bytes each are all identical: look at one rather than loop 65535 times.
        let empty_extents = idx_size == 0 && off_size == 0 && len_size == 0;
        let n = if empty_extents {
            extents.min(1)
        } else {
            extents
        };
        for _ in 0..n {
            c.uint(idx_size).ok_or("iloc")?;
            let off = c.uint(off_size).ok_or("iloc")?;
            let len = c.uint(len_size).ok_or("iloc")?;
            let start = base.checked_add(off).ok_or("iloc offset overflows")?;
            let end = start.checked_add(len).ok_or("iloc length overflows")?;
            match (method, dref) {
                (0, 0) => data_end = data_end.max(end),
                (1, _) if end > idat.len() as u64 => return Err("iloc extent outside idat"),
                _ => {}
            }
            let local = method != 0 || dref == 0;
            if Some(id) == exif_id && extents == 1 && len > 0 && local {
                exif = Some(Extent { method, start, len });
            }
        }
    }
    Ok((data_end, exif))
}

/// A child box: type and payload.
type Child<'a> = ([u8; 4], &'a [u8]);

/// Next child box of a container held in memory: (type, payload).
fn next_box<'a>(c: &mut Cur<'a>) -> Result<Option<Child<'a>>, MetaError> {
    if c.0.is_empty() {
        return Ok(None);
    }
    let size = c.u32().ok_or("box header")?;
    let kind: [u8; 4] = c
        .take(4)
        .ok_or("box header")?
        .try_into()
        .map_err(|_| "box header")?;
    let payload = match size {
        0 => c.0.len() as u64,
        1 => c
            .u64()
            .ok_or("box header")?
            .checked_sub(16)
            .ok_or("box size")?,
        s => u64::from(s).checked_sub(8).ok_or("box size")?,
    };
    let payload = c.take(usize::try_from(payload).map_err(|_| "box size")?);
    Ok(Some((
        kind,
        payload.ok_or("box larger than its container")?,
    )))
}

/// Bounds-checked big-endian reader over a slice.
struct Cur<'a>(&'a [u8]);

impl<'a> Cur<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_be_bytes(self.take(8)?.try_into().ok()?))
    }
    /// ISOBMFF variable-size field: 0, 4 or 8 bytes.
    fn uint(&mut self, size: u8) -> Option<u64> {
        match size {
            0 => Some(0),
            4 => self.u32().map(u64::from),
            8 => self.u64(),
            _ => None,
        }
    }
}
