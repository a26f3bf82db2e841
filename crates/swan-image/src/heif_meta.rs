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
    pub width: u32,
    pub height: u32,
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
    let (mut hdlr, mut pitm, mut iinf, mut iloc, mut iprp, mut idat) =
        (None, None, None, None, None, None);
    while let Some((kind, body)) = next_box(&mut cur)? {
        let slot = match &kind {
            b"hdlr" => &mut hdlr,
            b"pitm" => &mut pitm,
            b"iinf" => &mut iinf,
            b"iloc" => &mut iloc,
            b"iprp" => &mut iprp,
            b"idat" => &mut idat,
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
    let (width, height) = primary_ispe(iprp.ok_or("no iprp box")?, primary)?;
    let exif_id = match iinf {
        Some(b) => first_item_of_type(b, b"Exif")?,
        None => None,
    };
    let primary_is_grid = match iinf {
        Some(b) => item_type(b, primary)? == Some(*b"grid"),
        None => false,
    };
    let idat = idat.unwrap_or(&[]);
    if primary_is_grid {
        check_grid(iloc, idat, primary, (width, height))?;
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
        width,
        height,
        data_end,
        exif,
    })
}

/// Follows `ipma` for the primary item to its `ispe` in `ipco`.
fn primary_ispe(iprp: &[u8], primary: u32) -> Result<(u32, u32), MetaError> {
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
    for want in indices {
        let mut cur = Cur(ipco);
        let mut index = 0u32;
        while let Some((kind, body)) = next_box(&mut cur)? {
            index += 1;
            if index == u32::from(want) && &kind == b"ispe" {
                let mut c = Cur(body);
                c.take(4).ok_or("ispe")?;
                let (w, h) = (c.u32().ok_or("ispe")?, c.u32().ok_or("ispe")?);
                if w == 0 || h == 0 {
                    return Err("zero width or height");
                }
                return Ok((w, h));
            }
        }
    }
    Err("primary item has no ispe property")
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

/// The type of item `id`, if `iinf` describes it.
fn item_type(iinf: &[u8], id: u32) -> Result<Option<[u8; 4]>, MetaError> {
    Ok(items(iinf)?
        .into_iter()
        .find(|(i, _)| *i == id)
        .map(|(_, t)| t))
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
