//! GIF frame data: LZW codes decoded only far enough to count the pixels they make.
//!
//! giflib reads exactly width × height pixels per frame and fails ("Image EOF detected before
//! image complete") when the codes run out first or a code names no table entry, so a frame
//! with no or too little data is no picture. Only the length of each table entry is kept, a
//! fixed 8 KiB whatever the frame; codes after the last needed pixel are not looked at, as
//! giflib skips them too.

const MAX_CODES: usize = 4096;

pub(crate) struct Lzw {
    /// Pixels the frame still needs.
    need: u64,
    lens: Box<[u16; MAX_CODES]>,
    clear: u16,
    next: u16,
    width: u8,
    min: u8,
    prev: Option<u16>,
    bits: u32,
    nbits: u8,
    ended: bool,
    error: Option<&'static str>,
}

impl Lzw {
    /// `min` is the frame's minimum code size (1..=8).
    pub(crate) fn new(min: u8, pixels: u64) -> Lzw {
        let lens = Box::new([1u16; MAX_CODES]);
        let clear = 1u16 << min;
        Lzw {
            need: pixels,
            lens,
            clear,
            next: clear + 2,
            width: min + 1,
            min,
            prev: None,
            bits: 0,
            nbits: 0,
            ended: false,
            error: None,
        }
    }

    fn done(&self) -> bool {
        self.need == 0 || self.ended || self.error.is_some()
    }

    /// Feeds the bytes of one data sub-block.
    pub(crate) fn feed(&mut self, data: &[u8]) {
        for &b in data {
            if self.done() {
                return;
            }
            self.bits |= u32::from(b) << self.nbits;
            self.nbits += 8;
            while self.nbits >= self.width && !self.done() {
                let code = (self.bits & ((1 << self.width) - 1)) as u16;
                self.bits >>= self.width;
                self.nbits -= self.width;
                self.code(code);
            }
        }
    }

    fn code(&mut self, code: u16) {
        if code == self.clear {
            self.next = self.clear + 2;
            self.width = self.min + 1;
            self.prev = None;
            return;
        }
        if code == self.clear + 1 {
            self.ended = true;
            return;
        }
        let len = match self.prev {
            _ if code < self.next => self.lens[usize::from(code)],
            Some(p) if code == self.next => self.lens[usize::from(p)].saturating_add(1),
            _ => {
                self.error = Some("LZW code outside the table");
                return;
            }
        };
        self.need = self.need.saturating_sub(u64::from(len));
        if let Some(p) = self.prev
            && usize::from(self.next) < MAX_CODES
        {
            self.lens[usize::from(self.next)] = self.lens[usize::from(p)].saturating_add(1);
            self.next += 1;
            if self.next == 1 << self.width && self.width < 12 {
                self.width += 1;
            }
        }
        self.prev = Some(code);
    }

    /// The verdict once the frame's sub-blocks have ended.
    pub(crate) fn finish(&self) -> Result<(), &'static str> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if self.need > 0 {
            return Err("frame has too little pixel data");
        }
        Ok(())
    }
}
