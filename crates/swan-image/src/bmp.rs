//! BMP: file header, DIB header, and proof that the declared pixel data is really there.
//!
//! BMP has no end marker, so completeness is judged from the header: the pixel array must fit in
//! the file. The `bfSize` field is ignored because writers often get it wrong.

use crate::format::BMP_DIB_SIZES;
use crate::tee::Input;
use crate::{Format, ImageError, Limits, Parsed};

const BI_RGB: u32 = 0;
const BI_RLE8: u32 = 1;
const BI_RLE4: u32 = 2;
const BI_BITFIELDS: u32 = 3;
const BI_JPEG: u32 = 4;
const BI_PNG: u32 = 5;
const BI_ALPHABITFIELDS: u32 = 6;
/// OS/2 2.x header: same layout as BITMAPINFOHEADER but compression 3 means Huffman there.
const OS2_V2: u32 = 64;

pub(crate) fn check(input: &mut Input, limits: &Limits) -> Result<Parsed, ImageError> {
    let [b, m, _, _, _, _, _, _, _, _, o0, o1, o2, o3] = input.array::<14>()?;
    if [b, m] != *b"BM" {
        return Err(input.corrupt("bad signature"));
    }
    let pixel_offset = u64::from(u32::from_le_bytes([o0, o1, o2, o3]));
    let dib = input.le32()?;
    if !BMP_DIB_SIZES.contains(&dib) {
        return Err(input.corrupt(format!("unknown DIB header size {dib}")));
    }
    let (width, height, planes, bpp, compression, size_image) = if dib == 12 {
        let w = i64::from(input.le16()?);
        let h = i64::from(input.le16()?);
        (w, h, input.le16()?, input.le16()?, BI_RGB, 0)
    } else {
        let w = i64::from(input.le32()? as i32);
        let h = i64::from(input.le32()? as i32);
        let planes = input.le16()?;
        let bpp = input.le16()?;
        (w, h, planes, bpp, input.le32()?, input.le32()?)
    };
    // biClrUsed follows the resolution fields (not in the 12-byte OS/2 header).
    let colors = if dib >= 40 {
        input.skip(8)?;
        input.le32()?
    } else {
        0
    };
    if width <= 0 || height == 0 {
        return Err(input.corrupt("invalid dimensions"));
    }
    if planes != 1 {
        return Err(input.corrupt("planes must be 1"));
    }
    // Fits: |i32| and u16 values always convert.
    let (w, h) = (width as u32, height.unsigned_abs() as u32);
    limits.check_pixels(w, h)?;
    check_compression(input, dib, compression, bpp)?;
    let uncompressed = compression == BI_RGB
        || (dib != OS2_V2 && matches!(compression, BI_BITFIELDS | BI_ALPHABITFIELDS));
    let data_len = if uncompressed {
        if !matches!(bpp, 1 | 2 | 4 | 8 | 16 | 24 | 32 | 64) {
            return Err(input.corrupt(format!("invalid bit depth {bpp}")));
        }
        let stride = (u64::from(w) * u64::from(bpp)).div_ceil(32) * 4;
        stride
            .checked_mul(u64::from(h))
            .ok_or_else(|| input.corrupt("pixel data size overflows"))?
    } else {
        if size_image == 0 {
            return Err(input.corrupt("compressed bitmap without image size"));
        }
        u64::from(size_image)
    };
    if pixel_offset < 14 + u64::from(dib) {
        return Err(input.corrupt("pixel data overlaps the headers"));
    }
    check_palette(input, dib, compression, colors, pixel_offset)?;
    let end = pixel_offset
        .checked_add(data_len)
        .ok_or_else(|| input.corrupt("pixel data size overflows"))?;
    input.skip(end.saturating_sub(input.pos()))?;
    input.drain()?;
    Ok(Parsed {
        format: Format::Bmp,
        width: w,
        height: h,
        animated: false,
        exif: None,
        orientation: None,
    })
}

/// A declared palette must fit between the headers and the pixel data: decoders read that many
/// entries (or refuse the count outright), so an absurd `biClrUsed` is no picture. A palette
/// larger than the bit depth needs but present in the file is read fine and accepted.
fn check_palette(
    input: &Input,
    dib: u32,
    compression: u32,
    colors: u32,
    pixel_offset: u64,
) -> Result<(), ImageError> {
    if colors == 0 {
        return Ok(());
    }
    // BITMAPINFOHEADER keeps its bit masks after the header, before the palette.
    let masks = match (dib, compression) {
        (40, BI_BITFIELDS) => 12,
        (40, BI_ALPHABITFIELDS) => 16,
        _ => 0,
    };
    let room = pixel_offset.saturating_sub(14 + u64::from(dib) + masks);
    if u64::from(colors) * 4 > room {
        return Err(input.corrupt(format!(
            "palette of {colors} colors does not fit before the pixel data"
        )));
    }
    Ok(())
}

/// Only the defined methods, at the bit depths they are defined for: no decoder can read
/// anything else, so it is not a picture.
fn check_compression(
    input: &Input,
    dib: u32,
    compression: u32,
    bpp: u16,
) -> Result<(), ImageError> {
    let fits = match compression {
        BI_RGB => true,
        BI_RLE8 => bpp == 8,
        BI_RLE4 => bpp == 4,
        // OS/2 2.x: 3 is Huffman 1D (1 bpp), 4 is RLE24 (24 bpp).
        BI_BITFIELDS if dib == OS2_V2 => bpp == 1,
        BI_JPEG if dib == OS2_V2 => bpp == 24,
        BI_BITFIELDS | BI_ALPHABITFIELDS => matches!(bpp, 16 | 32),
        BI_JPEG | BI_PNG => bpp == 0,
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(input.corrupt(format!(
            "compression {compression} is not defined for {bpp} bits per pixel"
        )))
    }
}
