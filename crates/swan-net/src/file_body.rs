//! A response body read from a file a chunk at a time, so a served file of
//! any size costs one chunk of memory per connection.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use hyper::body::{Body, Bytes, Frame, SizeHint};
use tokio::io::{AsyncRead, ReadBuf};

/// Bytes read per frame.
const CHUNK: usize = 64 * 1024;

/// Exactly `len` bytes of `file` from its current offset. A file that shrinks
/// while being sent ends the body with an error (the client sees a short
/// body, never wrong bytes past the end).
pub(crate) struct FileBody {
    file: tokio::fs::File,
    remaining: u64,
    buf: Box<[u8]>,
}

impl FileBody {
    pub(crate) fn new(file: std::fs::File, len: u64) -> Self {
        let mut file = tokio::fs::File::from_std(file);
        file.set_max_buf_size(CHUNK);
        FileBody {
            file,
            remaining: len,
            buf: vec![0; CHUNK].into_boxed_slice(),
        }
    }
}

impl Body for FileBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = self.get_mut();
        if this.remaining == 0 {
            return Poll::Ready(None);
        }
        let want = usize::try_from(this.remaining).map_or(CHUNK, |r| r.min(CHUNK));
        let mut read = ReadBuf::new(&mut this.buf[..want]);
        ready!(Pin::new(&mut this.file).poll_read(cx, &mut read))?;
        let got = read.filled();
        if got.is_empty() {
            return Poll::Ready(Some(Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "file shrank while being served",
            ))));
        }
        this.remaining -= got.len() as u64;
        Poll::Ready(Some(Ok(Frame::data(Bytes::copy_from_slice(got)))))
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == 0
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining)
    }
}
