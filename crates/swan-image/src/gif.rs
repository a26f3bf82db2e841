//! GIF: header, logical screen, then extensions and images with their sub-blocks, up to the
//! trailer. Reaching the trailer is what proves the file is complete.

use crate::gif_lzw::Lzw;
use crate::tee::Input;
use crate::{Format, ImageError, Limits, Parsed};

const EXTENSION: u8 = 0x21;
const IMAGE: u8 = 0x2C;
const TRAILER: u8 = 0x3B;

pub(crate) fn check(input: &mut Input, limits: &Limits) -> Result<Parsed, ImageError> {
    let header = input.array::<6>()?;
    if &header != b"GIF87a" && &header != b"GIF89a" {
        return Err(input.corrupt("bad header"));
    }
    let mut width = u32::from(input.le16()?);
    let mut height = u32::from(input.le16()?);
    let [packed, _background, _aspect] = input.array::<3>()?;
    limits.check_pixels(width, height)?;
    skip_color_table(input, packed)?;
    let mut images = 0u64;
    loop {
        match input.u8()? {
            EXTENSION => {
                let _label = input.u8()?;
                sub_blocks(input, |_| {})?;
            }
            IMAGE => {
                let [_, _, _, _, w0, w1, h0, h1, packed] = input.array::<9>()?;
                let (w, h) = (
                    u32::from(u16::from_le_bytes([w0, w1])),
                    u32::from(u16::from_le_bytes([h0, h1])),
                );
                limits.check_pixels(w, h)?;
                // giflib has no way past a frame without pixels: it reads its LZW data as the
                // next record and fails.
                if w == 0 || h == 0 {
                    return Err(input.corrupt("frame of zero width or height"));
                }
                // Some encoders leave the logical screen at 0x0; viewers then use the first frame.
                if images == 0 && (width == 0 || height == 0) {
                    (width, height) = (w, h);
                }
                skip_color_table(input, packed)?;
                let lzw_min = input.u8()?;
                // giflib and wuffs take at most 8-bit literals.
                if !(1..=8).contains(&lzw_min) {
                    return Err(input.corrupt("invalid LZW code size"));
                }
                let mut lzw = Lzw::new(lzw_min, u64::from(w) * u64::from(h));
                sub_blocks(input, |s| lzw.feed(s))?;
                lzw.finish().map_err(|why| input.corrupt(why))?;
                images += 1;
            }
            TRAILER => break,
            b => return Err(input.corrupt(format!("unexpected block {b:#04x}"))),
        }
    }
    if images == 0 {
        return Err(input.corrupt("no image"));
    }
    if width == 0 || height == 0 {
        return Err(input.corrupt("zero width or height"));
    }
    input.drain()?;
    Ok(Parsed {
        format: Format::Gif,
        width,
        height,
        animated: images > 1,
        exif: None,
        orientation: None,
    })
}

/// Global and local color tables share the same flag layout.
fn skip_color_table(input: &mut Input, packed: u8) -> Result<(), ImageError> {
    if packed & 0x80 != 0 {
        input.skip(3u64 << ((packed & 0x07) + 1))?;
    }
    Ok(())
}

/// Data sub-blocks: a size byte then that many bytes, ended by a zero size.
fn sub_blocks(input: &mut Input, mut visit: impl FnMut(&[u8])) -> Result<(), ImageError> {
    loop {
        match input.u8()? {
            0 => return Ok(()),
            n => input.skip_with(u64::from(n), &mut visit)?,
        }
    }
}
