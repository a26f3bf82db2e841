//! Walks a Huffman-coded scan MCU by MCU (symbols, coefficient bits skipped or read as values;
//! no pixels), to know whether a file that ends without EOI ends after the scan's last MCU.
//!
//! It reads what libjpeg-turbo reads: a bad code is 17 bits and symbol 0, a marker or the end
//! of the file yields zero bits, restart markers end intervals. Progressive AC scans also keep
//! one bit per coefficient (whether it is non-zero: a refinement scan has a correction bit for
//! each one, and only zero ones count in its runs), 64 bits per block of the component, given
//! by the caller, which caps it. A progressive DC sum overflowing `int` is libjpeg-turbo's one
//! fatal error inside scan data (JERR_BAD_DCT_COEF): it is refused here too.

use crate::ImageError;
use crate::jpeg_huff::Huff;
use crate::tee::Input;

/// Bytes buffered before an MCU is decoded: more than the largest MCU can take (10 blocks of
/// 64 codes of at most 31 bits, every byte stuffed: about 5 KiB), so a decode never runs past
/// the buffer unless the file ends there.
const MARGIN: usize = 8 * 1024;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    /// Baseline or extended: DC and AC 1..=63 of each block.
    Sequential,
    DcFirst,
    DcRefine,
    AcFirst {
        ss: u8,
        se: u8,
    },
    /// Successive approximation of AC coefficients `ss..=se`.
    AcRefine {
        ss: u8,
        se: u8,
    },
}

/// One scan to walk: its geometry and the tables of each block of an MCU.
pub(crate) struct Walker<'t> {
    kind: Kind,
    /// (component in the scan, DC table, AC table) of each block of an MCU, in order.
    blocks: Vec<(usize, &'t Huff, &'t Huff)>,
    /// Successive approximation bit position (Al) of the scan.
    al: u8,
    mcus: u64,
    mcus_left: u64,
    /// Progressive AC scans: per block of the component (the scan's MCUs), bit k set when the
    /// coefficient at zig-zag index k is non-zero.
    nonzero: Vec<u64>,
    /// Progressive DC first scans: the DC value so far of each component of the scan.
    last_dc: [i32; 4],
    /// A DC sum left `int` (libjpeg-turbo stops: "DCT coefficient out of range").
    dc_overflow: bool,
    /// MCUs per restart interval (0: none), and those left in the current one.
    interval: u64,
    to_restart: u64,
    eobrun: u32,
    /// Some MCUs were taken as zeros because a marker came first.
    filled: bool,
    acc: u64,
    nbits: u32,
    /// Zero bits appended at the end of `acc` because a marker or the end of the file came.
    pad: u32,
}

/// How a walk ended.
pub(crate) enum End {
    /// A marker (consumed) ends the scan, after its last MCU or before.
    Marker(u8),
    /// The file ends (whether after the last MCU: [`Walker::complete`]).
    Eof,
}

impl<'t> Walker<'t> {
    pub(crate) fn new(
        kind: Kind,
        blocks: Vec<(usize, &'t Huff, &'t Huff)>,
        al: u8,
        mcus: u64,
        interval: u64,
    ) -> Walker<'t> {
        Walker {
            kind,
            blocks,
            al,
            mcus,
            mcus_left: mcus,
            nonzero: Vec::new(),
            last_dc: [0; 4],
            dc_overflow: false,
            interval,
            to_restart: if interval == 0 { u64::MAX } else { interval },
            eobrun: 0,
            filled: false,
            acc: 0,
            nbits: 0,
            pad: 0,
        }
    }

    /// Hands a progressive AC scan its component's non-zero bits, one `u64` per block (as many
    /// as the scan has MCUs).
    pub(crate) fn set_nonzero(&mut self, nonzero: Vec<u64>) {
        self.nonzero = nonzero;
    }

    /// Gives the non-zero bits back after the walk, for the next scans of the component.
    pub(crate) fn take_nonzero(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.nonzero)
    }

    /// Every MCU of the scan was decoded from the file's bits.
    pub(crate) fn complete(&self) -> bool {
        self.mcus_left == 0 && !self.filled
    }

    /// Walks the scan from the first byte after its header to the marker that ends it.
    pub(crate) fn walk(&mut self, input: &mut Input) -> Result<End, ImageError> {
        loop {
            if self.mcus_left == 0 {
                return Ok(match crate::jpeg::scan(input)? {
                    Some(m) => End::Marker(m),
                    None => End::Eof,
                });
            }
            if self.to_restart == 0 {
                // libjpeg-turbo drops the bits left and reads the next marker, skipping bytes.
                self.acc = 0;
                self.nbits = 0;
                self.pad = 0;
                match crate::jpeg::next_marker(input)? {
                    Some(0xD0..=0xD7) => {
                        self.eobrun = 0;
                        self.last_dc = [0; 4];
                        self.to_restart = self.interval;
                        continue;
                    }
                    Some(m) => return Ok(End::Marker(m)),
                    None => return Ok(End::Eof),
                }
            }
            let eof = !input.ensure(MARGIN)? || input.source_ended();
            let buf = input.buffered();
            let mut r = Bits {
                buf,
                pos: 0,
                acc: self.acc,
                nbits: self.nbits,
                pad: self.pad,
                eof,
                starved: false,
            };
            let (mut ran_out, mut starved) = (false, false);
            while self.mcus_left > 0 && self.to_restart > 0 && (eof || r.pos + MARGIN <= buf.len())
            {
                let saved = (r.pos, r.acc, r.nbits, r.pad, self.eobrun, self.last_dc);
                self.mcu(&mut r);
                if r.starved {
                    (r.pos, r.acc, r.nbits, r.pad, self.eobrun, self.last_dc) = saved;
                    self.dc_overflow = false;
                    starved = true;
                    break;
                }
                if self.dc_overflow {
                    return Err(input.corrupt("DCT coefficient out of range"));
                }
                self.mcus_left -= 1;
                self.to_restart -= 1;
                if r.nbits < r.pad {
                    ran_out = true;
                    break;
                }
            }
            let pos = r.pos;
            (self.acc, self.nbits, self.pad) = (r.acc, r.nbits, r.pad);
            let have = buf.len();
            input.consume(pos);
            if ran_out {
                self.filled = true;
                if eof && pos >= have {
                    return Ok(End::Eof);
                }
                // A marker came inside the scan: libjpeg-turbo decodes the rest of the interval
                // (or of the scan) as zeros, then reads that marker.
                if self.interval > 0 {
                    self.mcus_left = self.mcus_left.saturating_sub(self.to_restart);
                    self.to_restart = 0;
                    if self.mcus_left > 0 {
                        continue;
                    }
                }
                return Ok(match crate::jpeg::next_marker(input)? {
                    Some(m) => End::Marker(m),
                    None => End::Eof,
                });
            }
            if starved {
                // Runs of 0xFF fill bytes took the margin: read further before retrying.
                let left = have - pos;
                if left >= input.capacity() {
                    return Err(input.corrupt("fill bytes without end inside scan data"));
                }
                input.ensure(left + MARGIN)?;
            }
        }
    }

    #[inline]
    fn mcu(&mut self, r: &mut Bits) {
        match self.kind {
            Kind::Sequential => {
                for &(_, dc, ac) in &self.blocks {
                    r.refill();
                    let (len, s) = dc.decode(r.acc);
                    r.skip(len + u32::from(s & 15));
                    let mut k = 1u32;
                    while k < 64 {
                        r.refill();
                        let (len, sym) = ac.decode(r.acc);
                        let (run, size) = (u32::from(sym >> 4), u32::from(sym & 15));
                        r.skip(len + size);
                        if size != 0 {
                            k += run + 1;
                        } else if run == 15 {
                            k += 16;
                        } else {
                            break;
                        }
                    }
                }
            }
            Kind::DcFirst => {
                for &(c, dc, _) in &self.blocks {
                    r.refill();
                    let (len, s) = dc.decode(r.acc);
                    r.skip(len);
                    let size = u32::from(s & 15);
                    let diff = extend(r.take(size), size);
                    // As libjpeg-turbo's decode_mcu_DC_first: the sum must stay an `int`.
                    match self.last_dc[c].checked_add(diff) {
                        Some(v) => self.last_dc[c] = v,
                        None => self.dc_overflow = true,
                    }
                }
            }
            Kind::DcRefine => {
                r.refill();
                r.skip(self.blocks.len() as u32);
            }
            Kind::AcFirst { ss, se } => self.ac_first(r, u32::from(ss), u32::from(se)),
            Kind::AcRefine { ss, se } => self.ac_refine(r, u32::from(ss), u32::from(se)),
        }
    }

    /// The non-zero bits of the block this MCU is (AC scans are never interleaved), and where
    /// they are kept; a zero word stands in if the caller gave none (nothing is recorded then).
    fn block_bits(&self) -> (u64, Option<usize>) {
        let i = (self.mcus - self.mcus_left) as usize;
        match self.nonzero.get(i) {
            Some(&bits) => (bits, Some(i)),
            None => (0, None),
        }
    }

    /// libjpeg-turbo's decode_mcu_AC_first, recording which coefficients become non-zero.
    fn ac_first(&mut self, r: &mut Bits, ss: u32, se: u32) {
        if self.eobrun > 0 {
            self.eobrun -= 1;
            return;
        }
        let (mut bits, at) = self.block_bits();
        let ac = self.blocks[0].2;
        let mut k = ss;
        while k <= se {
            r.refill();
            let (len, sym) = ac.decode(r.acc);
            let (run, size) = (u32::from(sym >> 4), u32::from(sym & 15));
            r.skip(len);
            if size != 0 {
                k += run;
                let v = extend(r.take(size), size);
                // Stored as `(JCOEF)(v << Al)`: a 16-bit value, which may wrap to zero.
                if (v as u32).wrapping_shl(u32::from(self.al)) as u16 != 0 {
                    bits |= 1 << k.min(63);
                }
                k += 1;
            } else if run == 15 {
                k += 16;
            } else {
                let extra = r.take(run);
                self.eobrun = (1u32 << run) + extra - 1;
                break;
            }
        }
        if let Some(i) = at.filter(|_| !r.starved) {
            self.nonzero[i] = bits;
        }
    }

    /// libjpeg-turbo's decode_mcu_AC_refine: a correction bit for each non-zero coefficient
    /// of the band passed over, runs counting only zero ones, newly non-zero ones recorded.
    fn ac_refine(&mut self, r: &mut Bits, ss: u32, se: u32) {
        let (mut bits, at) = self.block_bits();
        let ac = self.blocks[0].2;
        let mut k = ss;
        if self.eobrun == 0 {
            while k <= se {
                r.refill();
                let (len, sym) = ac.decode(r.acc);
                let (mut run, size) = (i32::from(sym >> 4), sym & 15);
                r.skip(len);
                if size != 0 {
                    // The new coefficient's sign (a size other than 1 only draws a warning).
                    r.skip(1);
                } else if run != 15 {
                    self.eobrun = (1u32 << run) + r.take(run as u32);
                    break;
                }
                loop {
                    if bits >> k & 1 != 0 {
                        r.refill();
                        r.skip(1);
                    } else {
                        run -= 1;
                        if run < 0 {
                            break;
                        }
                    }
                    k += 1;
                    if k > se {
                        break;
                    }
                }
                if size != 0 {
                    // Past the band (a corrupt run), libjpeg-turbo's natural-order table maps
                    // every index from 64 on to 63.
                    bits |= 1 << k.min(63);
                }
                k += 1;
            }
        }
        if self.eobrun > 0 {
            // Correction bits for the non-zero coefficients left in the band.
            let mut n = (bits & band(k, se)).count_ones();
            while n > 0 {
                r.refill();
                let m = n.min(32);
                r.skip(m);
                n -= m;
            }
            self.eobrun -= 1;
        }
        if let Some(i) = at.filter(|_| !r.starved) {
            self.nonzero[i] = bits;
        }
    }
}

/// Bits `from..=to` of a block's non-zero word (empty when `from > to`).
pub(crate) fn band(from: u32, to: u32) -> u64 {
    if from > to || from > 63 {
        return 0;
    }
    (u64::MAX >> (63 - to.min(63))) & (u64::MAX << from)
}

/// HUFF_EXTEND: `size` bits `v` as the signed value they code.
fn extend(v: u32, size: u32) -> i32 {
    if size == 0 {
        return 0;
    }
    let v = v as i32;
    if v < 1 << (size - 1) {
        v - (1 << size) + 1
    } else {
        v
    }
}

/// A big-endian bit reader over the buffered bytes, unstuffing `FF 00`, stopping at markers.
struct Bits<'a> {
    buf: &'a [u8],
    pos: usize,
    /// Valid bits left-aligned; bits below `nbits` may hold the next byte's first bits.
    acc: u64,
    nbits: u32,
    pad: u32,
    eof: bool,
    /// Needed bytes past the end of `buf` before the file's end: the MCU must be retried.
    starved: bool,
}

impl Bits<'_> {
    /// Ensures at least 32 bits (real or padding) are in `acc`.
    #[inline(always)]
    fn refill(&mut self) {
        if self.nbits >= 32 {
            return;
        }
        if let Some(w) = self.buf.get(self.pos..self.pos + 8) {
            let w = u64::from_be_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
            // No 0xFF byte among the eight: take whole bytes while they fit.
            let x = !w;
            if x.wrapping_sub(0x0101_0101_0101_0101) & !x & 0x8080_8080_8080_8080 == 0
                && self.pad == 0
            {
                self.acc |= w >> self.nbits;
                self.pos += ((63 - self.nbits) >> 3) as usize;
                self.nbits |= 56;
                return;
            }
        }
        self.refill_slow();
    }

    #[cold]
    fn refill_slow(&mut self) {
        // Drop the look-ahead bits below `nbits`: bytes are now added one at a time.
        self.acc &= if self.nbits == 0 {
            0
        } else {
            !0u64 << (64 - self.nbits)
        };
        while self.nbits <= 56 {
            let byte;
            if self.pad == 0 {
                let mut i = self.pos;
                let next = loop {
                    match self.buf.get(i) {
                        None => break None,
                        Some(0xFF) => match self.buf.get(i + 1) {
                            // Fill bytes before a stuffed zero or a marker.
                            Some(0xFF) => i += 1,
                            Some(0x00) => break Some((0xFF, i + 2)),
                            Some(_) => break Some((0, i)),
                            None => break None,
                        },
                        Some(&b) => break Some((b, i + 1)),
                    }
                };
                match next {
                    Some((b, at)) if at > i || b != 0 => {
                        byte = b;
                        self.pos = at;
                    }
                    Some(_) => {
                        // A marker at `i`: zeros from here on, the marker left unread.
                        self.pos = i;
                        self.pad = 8;
                        self.nbits += 8;
                        continue;
                    }
                    None if self.eof => {
                        self.pos = i;
                        self.pad = 8;
                        self.nbits += 8;
                        continue;
                    }
                    None => {
                        self.starved = true;
                        self.pad = 8;
                        self.nbits += 8;
                        continue;
                    }
                }
            } else {
                self.pad += 8;
                self.nbits += 8;
                continue;
            }
            self.acc |= u64::from(byte) << (56 - self.nbits);
            self.nbits += 8;
        }
    }

    #[inline(always)]
    fn skip(&mut self, n: u32) {
        // `n` is at most 32 and `refill` gave 32 (a bad code plus its size bits can ask for a
        // few more: the shortfall reads as padding, as zero bits would).
        let n = n.min(self.nbits);
        self.acc = if n >= 64 { 0 } else { self.acc << n };
        self.nbits -= n;
    }

    /// Takes `n` (at most 15) bits as a number.
    fn take(&mut self, n: u32) -> u32 {
        if n == 0 {
            return 0;
        }
        let v = (self.acc >> (64 - n)) as u32;
        self.skip(n);
        v
    }
}
