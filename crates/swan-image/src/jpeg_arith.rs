//! Walks an arithmetic-coded scan (ITU T.81 Annex D and F.2.4/G.1.3, as libjpeg-turbo's
//! `jdarith.c` decodes it) decision by decision: no coefficient values beyond what the coding
//! contexts and the progressive non-zero bits need, no pixels.
//!
//! Unlike Huffman data, an arithmetic-coded segment normally ends by running into the next
//! marker: the encoder leaves out the zero bytes its last bytes end with, and the decoder
//! supplies zeros from the marker on. So "came from real bytes" cannot mean "no zero was
//! supplied": an interval counts as whole when the decoder needed at most [`IMPLICIT_ZEROS`]
//! made-up bytes to finish it (what a whole segment needs; a cut one needs more).

use crate::ImageError;
use crate::jpeg_walk::{End, Kind};
use crate::tee::Input;

/// Made-up zero bytes a whole interval may need after its last real byte. libjpeg-turbo's
/// encoder ends a segment with at most two bytes of its code register, left out when zero
/// (and zero bytes just before them, kept pending, likewise); the decoder reads two bytes ahead.
pub(crate) const IMPLICIT_ZEROS: u32 = 4;

/// DAC conditioning per table slot (16 of each class), as libjpeg-turbo defaults them (L 0,
/// U 1, K 5).
#[derive(Clone, Copy)]
pub(crate) struct Conditioning {
    pub dc_l: [u8; 16],
    pub dc_u: [u8; 16],
    pub ac_k: [u8; 16],
}

impl Default for Conditioning {
    fn default() -> Self {
        Conditioning {
            dc_l: [0; 16],
            dc_u: [1; 16],
            ac_k: [5; 16],
        }
    }
}

/// One arithmetic-coded scan to walk.
pub(crate) struct ArithWalker {
    kind: Kind,
    /// (component in the scan, DC table, AC table) of each block of an MCU, in order.
    blocks: Vec<(usize, usize, usize)>,
    al: u8,
    cond: Conditioning,
    mcus: u64,
    mcus_left: u64,
    interval: u64,
    to_restart: u64,
    /// Progressive AC scans: the component's non-zero bits, one word per block.
    nonzero: Vec<u64>,
    /// Statistics bins of the 16 table slots.
    dc_stats: [[u8; 64]; 16],
    ac_stats: [[u8; 256]; 16],
    fixed: u8,
    dc_context: [usize; 4],
    c: i64,
    a: i64,
    ct: i32,
    /// A bad code stopped this interval (libjpeg-turbo's `ct == -1`: the rest decodes as zero).
    error: bool,
    /// Where the decoder ran out of data: a marker (consumed) or the end of the file.
    stop: Option<End>,
    /// Zero bytes supplied since the marker, in this interval.
    zeros: u32,
    /// Some interval was not whole.
    filled: bool,
}

impl ArithWalker {
    pub(crate) fn new(
        kind: Kind,
        blocks: Vec<(usize, usize, usize)>,
        al: u8,
        cond: Conditioning,
        mcus: u64,
        interval: u64,
    ) -> ArithWalker {
        ArithWalker {
            kind,
            blocks,
            al,
            cond,
            mcus,
            mcus_left: mcus,
            interval,
            to_restart: if interval == 0 { u64::MAX } else { interval },
            nonzero: Vec::new(),
            dc_stats: [[0; 64]; 16],
            ac_stats: [[0; 256]; 16],
            fixed: 113,
            dc_context: [0; 4],
            c: 0,
            a: 0,
            ct: -16,
            error: false,
            stop: None,
            zeros: 0,
            filled: false,
        }
    }

    pub(crate) fn set_nonzero(&mut self, nonzero: Vec<u64>) {
        self.nonzero = nonzero;
    }

    pub(crate) fn take_nonzero(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.nonzero)
    }

    /// Every MCU was decoded, and every interval from (nearly) real bytes without a bad code.
    pub(crate) fn complete(&self) -> bool {
        self.mcus_left == 0 && !self.filled
    }

    /// Whether the interval just decoded was whole.
    fn end_interval(&mut self) {
        if self.error || self.zeros > IMPLICIT_ZEROS {
            self.filled = true;
        }
    }

    /// libjpeg-turbo's process_restart: statistics, DC contexts and the decoder start again.
    fn restart(&mut self) {
        self.dc_stats = [[0; 64]; 16];
        self.ac_stats = [[0; 256]; 16];
        self.dc_context = [0; 4];
        (self.c, self.a, self.ct) = (0, 0, -16);
        self.error = false;
        self.zeros = 0;
        self.to_restart = self.interval;
    }

    /// Walks the scan from the first byte after its header to the marker that ends it.
    pub(crate) fn walk(&mut self, input: &mut Input) -> Result<End, ImageError> {
        while self.mcus_left > 0 {
            if self.to_restart == 0 {
                self.end_interval();
                // libjpeg-turbo's read_restart_marker: the marker the decoder ran into, or
                // the next one after skipping bytes.
                let next = match self.stop.take() {
                    Some(end) => end,
                    None => match crate::jpeg::next_marker(input)? {
                        Some(m) => End::Marker(m),
                        None => End::Eof,
                    },
                };
                match next {
                    End::Marker(0xD0..=0xD7) => self.restart(),
                    // Another marker, or the end: the rest of the scan decodes as zeros.
                    end => return Ok(end),
                }
            }
            if !self.error {
                self.mcu(input)?;
            }
            self.mcus_left -= 1;
            self.to_restart -= 1;
            if self.zeros > IMPLICIT_ZEROS {
                // Out of data: libjpeg-turbo decodes the rest of the interval from zeros. It
                // is not whole either way, so the walk skips it (a few bytes must not cost
                // the decoding of a whole picture's worth of zeros).
                self.filled = true;
                let rest = self.to_restart.min(self.mcus_left);
                self.mcus_left -= rest;
                self.to_restart -= rest;
            }
        }
        self.end_interval();
        Ok(match self.stop.take() {
            Some(end) => end,
            None => match crate::jpeg::scan(input)? {
                Some(m) => End::Marker(m),
                None => End::Eof,
            },
        })
    }

    /// The next byte of coded data: stuffed `FF 00` read as FF, zeros once a marker or the end
    /// of the file is reached (counted).
    fn byte(&mut self, input: &mut Input) -> Result<i64, ImageError> {
        if self.stop.is_none() {
            let mut ff = false;
            loop {
                let Some(&b) = input.fill()?.first() else {
                    self.stop = Some(End::Eof);
                    break;
                };
                input.consume(1);
                match (ff, b) {
                    (false, 0xFF) => ff = true,
                    (false, b) => return Ok(i64::from(b)),
                    // Fill bytes before a stuffed zero or a marker.
                    (true, 0xFF) => {}
                    (true, 0) => return Ok(0xFF),
                    (true, m) => {
                        self.stop = Some(End::Marker(m));
                        break;
                    }
                }
            }
        }
        self.zeros = self.zeros.saturating_add(1);
        Ok(0)
    }

    /// libjpeg-turbo's arith_decode: one binary decision coded with probability state `sv`;
    /// the state after it, and the decision.
    fn code(&mut self, input: &mut Input, sv: u8) -> Result<(u8, bool), ImageError> {
        while self.a < 0x8000 {
            self.ct -= 1;
            if self.ct < 0 {
                let data = self.byte(input)?;
                self.c = (self.c << 8) | data;
                self.ct += 8;
                if self.ct < 0 {
                    self.ct += 1;
                    if self.ct == 0 {
                        // Two initial bytes read.
                        self.a = 0x8000;
                    }
                }
            }
            self.a <<= 1;
        }
        let e = ARITAB[usize::from(sv & 0x7F).min(ARITAB.len() - 1)];
        let (nl, nm, qe) = ((e & 0xFF) as u8, (e >> 8 & 0xFF) as u8, e >> 16);
        let mut sv = sv;
        let mut next = sv;
        let temp = self.a - qe;
        self.a = temp;
        let temp = temp << self.ct.clamp(0, 31);
        if self.c >= temp {
            self.c -= temp;
            if self.a < qe {
                self.a = qe;
                next = (sv & 0x80) ^ nm;
            } else {
                self.a = qe;
                next = (sv & 0x80) ^ nl;
                sv ^= 0x80;
            }
        } else if self.a < 0x8000 {
            if self.a < qe {
                next = (sv & 0x80) ^ nl;
                sv ^= 0x80;
            } else {
                next = (sv & 0x80) ^ nm;
            }
        }
        Ok((next, sv >> 7 != 0))
    }

    fn dc_bin(&mut self, input: &mut Input, t: usize, i: usize) -> Result<bool, ImageError> {
        let (s, bit) = self.code(input, self.dc_stats[t][i])?;
        self.dc_stats[t][i] = s;
        Ok(bit)
    }

    fn ac_bin(&mut self, input: &mut Input, t: usize, i: usize) -> Result<bool, ImageError> {
        let (s, bit) = self.code(input, self.ac_stats[t][i])?;
        self.ac_stats[t][i] = s;
        Ok(bit)
    }

    fn fixed_bin(&mut self, input: &mut Input) -> Result<bool, ImageError> {
        let (s, bit) = self.code(input, self.fixed)?;
        self.fixed = s;
        Ok(bit)
    }

    fn mcu(&mut self, input: &mut Input) -> Result<(), ImageError> {
        for b in 0..self.blocks.len() {
            let (c, dt, at) = self.blocks[b];
            let ok = match self.kind {
                Kind::Sequential => self.dc(input, c, dt)? && self.ac_first(input, at, 1, 63)?,
                Kind::DcFirst => self.dc(input, c, dt)?,
                Kind::DcRefine => {
                    self.fixed_bin(input)?;
                    true
                }
                Kind::AcFirst { ss, se } => self.ac_first(input, at, ss.into(), se.into())?,
                Kind::AcRefine { ss, se } => self.ac_refine(input, at, ss.into(), se.into())?,
            };
            if !ok {
                // libjpeg-turbo's "bad arithmetic code": nothing more until the next restart.
                self.error = true;
                return Ok(());
            }
        }
        Ok(())
    }

    /// Decode_DC_DIFF (F.19, F.21-F.24) with its conditioning; false on a magnitude overflow.
    fn dc(&mut self, input: &mut Input, c: usize, t: usize) -> Result<bool, ImageError> {
        let ctx = self.dc_context[c];
        if !self.dc_bin(input, t, ctx)? {
            self.dc_context[c] = 0;
            return Ok(true);
        }
        let sign = usize::from(self.dc_bin(input, t, ctx + 1)?);
        let mut st = ctx + 2 + sign;
        let mut m = u32::from(self.dc_bin(input, t, st)?);
        if m != 0 {
            st = 20;
            while self.dc_bin(input, t, st)? {
                m <<= 1;
                if m == 0x8000 {
                    return Ok(false);
                }
                st += 1;
            }
        }
        let (l, u) = (u32::from(self.cond.dc_l[t]), u32::from(self.cond.dc_u[t]));
        self.dc_context[c] = if m < (1 << l) >> 1 {
            0
        } else if m > (1 << u) >> 1 {
            12 + sign * 4
        } else {
            4 + sign * 4
        };
        st += 14;
        while m > 1 {
            m >>= 1;
            self.dc_bin(input, t, st)?;
        }
        Ok(true)
    }

    /// The non-zero word of this MCU's block (AC scans have one block per MCU), if kept.
    fn word(&self) -> (u64, Option<usize>) {
        let i = (self.mcus - self.mcus_left) as usize;
        match self.nonzero.get(i) {
            Some(&w) => (w, Some(i)),
            None => (0, None),
        }
    }

    fn store(&mut self, at: Option<usize>, w: u64) {
        if let Some(i) = at {
            self.nonzero[i] = w;
        }
    }

    /// Decode_AC_coefficients (F.20) over `ss..=se`, recording non-zero coefficients (stored as
    /// `(JCOEF)(v << Al)`); false on a spectral or magnitude overflow.
    fn ac_first(
        &mut self,
        input: &mut Input,
        t: usize,
        ss: u32,
        se: u32,
    ) -> Result<bool, ImageError> {
        let (mut w, at) = self.word();
        let mut k = ss.max(1);
        let mut ok = true;
        while k <= se {
            let mut st = 3 * (k as usize - 1);
            if self.ac_bin(input, t, st)? {
                break;
            }
            while !self.ac_bin(input, t, st + 1)? {
                st += 3;
                k += 1;
                if k > se {
                    ok = false;
                    break;
                }
            }
            if !ok {
                break;
            }
            self.fixed_bin(input)?;
            st += 2;
            let mut m = u32::from(self.ac_bin(input, t, st)?);
            if m != 0 && self.ac_bin(input, t, st)? {
                m <<= 1;
                st = if k <= u32::from(self.cond.ac_k[t]) {
                    189
                } else {
                    217
                };
                while self.ac_bin(input, t, st)? {
                    m <<= 1;
                    if m == 0x8000 {
                        ok = false;
                        break;
                    }
                    st += 1;
                }
                if !ok {
                    break;
                }
            }
            let mut v = m;
            st += 14;
            while m > 1 {
                m >>= 1;
                if self.ac_bin(input, t, st)? {
                    v |= m;
                }
            }
            v += 1;
            if (v << self.al) as u16 != 0 {
                w |= 1 << k;
            }
            k += 1;
        }
        self.store(at, w);
        Ok(ok)
    }

    /// decode_mcu_AC_refine: a correction decision for each non-zero coefficient, a new
    /// non-zero one where a zero one turns; false on a spectral overflow.
    fn ac_refine(
        &mut self,
        input: &mut Input,
        t: usize,
        ss: u32,
        se: u32,
    ) -> Result<bool, ImageError> {
        let (mut w, at) = self.word();
        // EOBx: the last coefficient earlier scans made non-zero.
        let below = w & crate::jpeg_walk::band(1, se);
        let kex = if below == 0 {
            0
        } else {
            63 - below.leading_zeros()
        };
        let mut k = ss.max(1);
        let mut ok = true;
        'band: while k <= se {
            let mut st = 3 * (k as usize - 1);
            if k > kex && self.ac_bin(input, t, st)? {
                break;
            }
            loop {
                if w >> k & 1 != 0 {
                    self.ac_bin(input, t, st + 2)?;
                    break;
                }
                if self.ac_bin(input, t, st + 1)? {
                    self.fixed_bin(input)?;
                    w |= 1 << k;
                    break;
                }
                st += 3;
                k += 1;
                if k > se {
                    ok = false;
                    break 'band;
                }
            }
            k += 1;
        }
        self.store(at, w);
        Ok(ok)
    }
}

/// Table D.2 as libjpeg-turbo packs it (`jaricom.c`): Qe << 16 | Next_Index_MPS << 8 |
/// Switch_MPS << 7 | Next_Index_LPS; entry 113 is the fixed probability 0.5 bin.
const ARITAB: [i64; 114] = [
    0x5a1d0181, 0x2586020e, 0x11140310, 0x080b0412, 0x03d80514, 0x01da0617, 0x00e50719, 0x006f081c,
    0x0036091e, 0x001a0a21, 0x000d0b23, 0x00060c09, 0x00030d0a, 0x00010d0c, 0x5a7f0f8f, 0x3f251024,
    0x2cf21126, 0x207c1227, 0x17b91328, 0x1182142a, 0x0cef152b, 0x09a1162d, 0x072f172e, 0x055c1830,
    0x04061931, 0x03031a33, 0x02401b34, 0x01b11c36, 0x01441d38, 0x00f51e39, 0x00b71f3b, 0x008a203c,
    0x0068213e, 0x004e223f, 0x003b2320, 0x002c0921, 0x5ae125a5, 0x484c2640, 0x3a0d2741, 0x2ef12843,
    0x261f2944, 0x1f332a45, 0x19a82b46, 0x15182c48, 0x11772d49, 0x0e742e4a, 0x0bfb2f4b, 0x09f8304d,
    0x0861314e, 0x0706324f, 0x05cd3330, 0x04de3432, 0x040f3532, 0x03633633, 0x02d43734, 0x025c3835,
    0x01f83936, 0x01a43a37, 0x01603b38, 0x01253c39, 0x00f63d3a, 0x00cb3e3b, 0x00ab3f3d, 0x008f203d,
    0x5b1241c1, 0x4d044250, 0x412c4351, 0x37d84452, 0x2fe84553, 0x293c4654, 0x23794756, 0x1edf4857,
    0x1aa94957, 0x174e4a48, 0x14244b48, 0x119c4c4a, 0x0f6b4d4a, 0x0d514e4b, 0x0bb64f4d, 0x0a40304d,
    0x583251d0, 0x4d1c5258, 0x438e5359, 0x3bdd545a, 0x34ee555b, 0x2eae565c, 0x299a575d, 0x25164756,
    0x557059d8, 0x4ca95a5f, 0x44d95b60, 0x3e225c61, 0x38245d63, 0x32b45e63, 0x2e17565d, 0x56a860df,
    0x4f466165, 0x47e56266, 0x41cf6367, 0x3c3d6468, 0x375e5d63, 0x52316669, 0x4c0f676a, 0x4639686b,
    0x415e6367, 0x56276ae9, 0x50e76b6c, 0x4b85676d, 0x55976d6e, 0x504f6b6f, 0x5a106fee, 0x55226d70,
    0x59eb6ff0, 0x5a1d7171,
];
