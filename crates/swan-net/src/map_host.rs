//! `--map-host HOST=DIR`: serve a local directory as `https://HOST/...`, so a
//! page can be run offline with its real URLs.
//!
//! A real HTTPS server on `127.0.0.1:<random port>`, reached by the client
//! through [`crate::ClientConfig`]'s resolver override, so TCP, TLS with
//! SNI = HOST, certificate checks and HTTP are exercised as against the real
//! site. It answers only this run (mutual TLS; `map_host_tls` says why).
//! Files are streamed and connections capped, so memory stays bounded
//! whatever is requested. hyper 1 on tokio-rustls: a real HTTP server sharing
//! ureq's rustls/ring build.
//!
//! Besides files, a mapped folder can hold recorded API answers for `request`
//! and `uploadFile` (any method) in `_responses/`; `map_host_api` has the
//! format.

use std::convert::Infallible;
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdTcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use cap_std::fs::{Dir, OpenOptions, OpenOptionsExt as _};
use http_body_util::{Either, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode, header};
use hyper_util::rt::{TokioIo, TokioTimer};
use percent_encoding::percent_decode_str;
use rustls_pki_types::{CertificateDer, ServerName};
use tokio::sync::{Semaphore, oneshot};
use tokio_rustls::TlsAcceptor;

use crate::file_body::FileBody;
use crate::identity::ClientIdentity;
use crate::map_host_api as api;
use crate::map_host_tls::make_tls;
use crate::url_check::ascii_host;

/// Authenticated connections served at once; more wait for a slot. With one
/// file chunk and hyper's buffers per connection this bounds the server's
/// memory to a few MiB.
pub const MAX_CONNECTIONS: usize = 32;

/// TLS handshakes in progress at once; more wait in the listen queue. Kept
/// apart from [`MAX_CONNECTIONS`] so that strangers, who never get past the
/// handshake, cannot take the slots this run's client needs.
pub const MAX_HANDSHAKES: usize = 64;

/// How long a handshake may take before its slot is given back.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// hyper's per-connection read/write buffer cap (its minimum is 8 KiB).
const CONN_BUF: usize = 64 * 1024;

type Body = Either<Full<Bytes>, FileBody>;

/// A running map-host server. Dropping it (or [`MappedHost::shutdown`]) stops
/// the server and waits for its thread.
pub struct MappedHost {
    /// The host name served, lower-case ASCII (punycode for an IDN).
    pub host: String,
    /// Where it listens: `127.0.0.1:<random port>`.
    pub addr: SocketAddr,
    /// The throwaway CA that signed the server's certificate; trust it via
    /// [`crate::ClientConfig::with_mapped_hosts`].
    pub root_cert: CertificateDer<'static>,
    /// The client certificate the server requires;
    /// [`crate::ClientConfig::with_mapped_hosts`] presents it to this host only.
    pub client_identity: ClientIdentity,
    /// Held for its `Drop`, which stops the server.
    _server: Server,
}

struct Server {
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MappedHost {
    /// Stops the server and waits until its thread has ended.
    pub fn shutdown(self) {
        drop(self);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl fmt::Debug for MappedHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MappedHost")
            .field("host", &self.host)
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// A DNS name a certificate can be made for and a client can send as SNI.
fn valid_host(host: &str) -> io::Result<String> {
    let invalid = || {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a DNS host name: {host:?}"),
        )
    };
    let host = ascii_host(host.trim()).ok_or_else(invalid)?;
    if host.is_empty() || host.parse::<std::net::IpAddr>().is_ok() {
        return Err(invalid());
    }
    match ServerName::try_from(host.as_str()) {
        Ok(ServerName::DnsName(_)) => Ok(host),
        _ => Err(invalid()),
    }
}

/// Starts serving `dir` as `https://host/` to clients presenting the
/// returned [`MappedHost::client_identity`].
///
/// URL paths are percent-decoded and looked up beneath `dir`; any `..`
/// segment, and any symlink that leads out of `dir`, gives 404 (lookups go
/// through a cap-std directory handle, so the kernel enforces this). Missing
/// files and directories give 404.
///
/// Any method may be answered from a recording in `dir/_responses/` (the
/// format is in `map_host_api`'s docs and the README); GET and HEAD without
/// one are answered from the files; any other method without one gets a 404
/// naming the file to create.
pub fn serve_dir(host: &str, dir: &Path) -> io::Result<MappedHost> {
    let host = valid_host(host)?;
    let root = Dir::open_ambient_dir(dir, cap_std::ambient_authority())?;
    let tls = make_tls(&host).map_err(io::Error::other)?;
    let listener = StdTcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let root = Arc::new(root);
    let acceptor = TlsAcceptor::from(tls.server);
    let thread = std::thread::Builder::new()
        .name(format!("map-host {host}"))
        .spawn(move || {
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(l) => l,
                    Err(_) => return,
                };
                tokio::spawn(accept_loop(listener, acceptor, root));
                // Dropping the runtime after shutdown cancels every task.
                let _ = stop_rx.await;
            });
            runtime.shutdown_timeout(Duration::from_secs(2));
        })?;
    Ok(MappedHost {
        host,
        addr,
        root_cert: tls.root_cert,
        client_identity: tls.client,
        _server: Server {
            stop: Some(stop_tx),
            thread: Some(thread),
        },
    })
}

async fn accept_loop(listener: tokio::net::TcpListener, acceptor: TlsAcceptor, root: Arc<Dir>) {
    let handshakes = Arc::new(Semaphore::new(MAX_HANDSHAKES));
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        // The semaphores are never closed, so acquiring cannot fail.
        let Ok(handshake) = Arc::clone(&handshakes).acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => {
                // Small TLS records (the handshake's last flight, a response head) must not wait
                // for the client's delayed ACK: with Nagle on, a mutual-TLS run stalled 40 ms.
                let _ = stream.set_nodelay(true);
                stream
            }
            // E.g. EMFILE: back off instead of spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let acceptor = acceptor.clone();
        let root = Arc::clone(&root);
        let connections = Arc::clone(&connections);
        tokio::spawn(async move {
            let Ok(Ok(tls)) =
                tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await
            else {
                return;
            };
            drop(handshake);
            let Ok(_slot) = connections.acquire_owned().await else {
                return;
            };
            let service = service_fn(move |req| handle(req, Arc::clone(&root)));
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(Duration::from_secs(30))
                .max_buf_size(CONN_BUF)
                .serve_connection(TokioIo::new(tls), service)
                .await;
        });
    }
}

async fn handle(req: Request<Incoming>, root: Arc<Dir>) -> Result<Response<Body>, Infallible> {
    let (parts, body) = req.into_parts();
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().map(str::to_owned);
    // The body is read before answering (a client still sending would otherwise see its
    // connection reset); only the start is kept, for an echo.
    let Ok((head, len)) = api::drain(body).await else {
        return Ok(text(StatusCode::PAYLOAD_TOO_LARGE, "Payload Too Large"));
    };
    let received = api::Received {
        method: method.clone(),
        path: path.clone(),
        query: query.clone(),
        headers: parts.headers,
        head,
        len,
    };
    let candidates = api::candidates(&method, &path, query.as_deref());
    let lookup_root = Arc::clone(&root);
    let recorded = tokio::task::spawn_blocking(move || {
        api::find(&lookup_root, &candidates, &received).ok_or(candidates)
    })
    .await;
    let candidates = match recorded {
        Ok(Ok(recorded)) => {
            if !recorded.delay.is_zero() {
                tokio::time::sleep(recorded.delay).await;
            }
            return Ok(from_recording(recorded));
        }
        Ok(Err(candidates)) => candidates,
        Err(_) => return Ok(not_found()),
    };
    if parts.method != Method::GET && parts.method != Method::HEAD {
        let mut res = Response::new(Either::Left(Full::new(api::missing(&candidates))));
        *res.status_mut() = StatusCode::NOT_FOUND;
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        return Ok(res);
    }
    let Some(rel) = url_path_to_relative(&path).filter(|rel| !api::is_recording_path(rel)) else {
        return Ok(not_found());
    };
    let content_type = content_type_for(&rel);
    let opened = tokio::task::spawn_blocking(move || open_file(&root, &rel)).await;
    Ok(match opened {
        Ok(Ok((file, len))) => {
            let mut res = Response::new(Either::Right(FileBody::new(file, len)));
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                header::HeaderValue::from_static(content_type),
            );
            h.insert(header::CONTENT_LENGTH, header::HeaderValue::from(len));
            res
        }
        _ => not_found(),
    })
}

/// A recorded (or echoed) answer as a response; recorded headers that are not valid HTTP are
/// left out.
fn from_recording(recorded: api::Recorded) -> Response<Body> {
    let mut res = Response::new(Either::Left(Full::new(recorded.body)));
    *res.status_mut() = recorded.status;
    let h = res.headers_mut();
    for (name, value) in &recorded.headers {
        if let (Ok(n), Ok(v)) = (
            header::HeaderName::from_bytes(name.as_bytes()),
            header::HeaderValue::from_str(value),
        ) {
            // Framing is the server's business.
            if n != header::CONTENT_LENGTH && n != header::TRANSFER_ENCODING {
                h.append(n, v);
            }
        }
    }
    if !h.contains_key(header::CONTENT_TYPE) {
        h.insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static(recorded.default_type),
        );
    }
    res
}

/// URL path → relative path beneath the served directory, or `None` (404).
///
/// Refuses `..` segments outright instead of normalising them: nothing
/// legitimate needs them, and refusing cannot be gotten wrong. Backslashes,
/// NUL and non-UTF-8 are refused too.
pub(crate) fn url_path_to_relative(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    let mut rel = PathBuf::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => continue,
            ".." => return None,
            s if s.contains(['\0', '\\']) => return None,
            s => rel.push(s),
        }
    }
    if rel.as_os_str().is_empty() {
        None
    } else {
        Some(rel)
    }
}

/// Opens a regular file beneath `root`, with its length. Non-blocking open
/// so a FIFO cannot hang the server; the type is checked on the opened handle.
pub(crate) fn open_file(root: &Dir, rel: &Path) -> io::Result<(std::fs::File, u64)> {
    let mut opts = OpenOptions::new();
    opts.read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    let file = root.open_with(rel, &opts)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            "not a regular file",
        ));
    }
    Ok((file.into_std(), meta.len()))
}

fn not_found() -> Response<Body> {
    text(StatusCode::NOT_FOUND, "Not Found")
}

fn text(status: StatusCode, body: &'static str) -> Response<Body> {
    let mut res = Response::new(Either::Left(Full::new(Bytes::from_static(body.as_bytes()))));
    *res.status_mut() = status;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

/// Content-Type from the file extension (a small table; the default is
/// `application/octet-stream`). Also what an upload's file part is labelled with.
pub fn content_type_for(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "bmp" => "image/bmp",
        "heic" => "image/heic",
        "heif" => "image/heif",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "tif" | "tiff" => "image/tiff",
        "txt" => "text/plain; charset=utf-8",
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_beneath_the_root() {
        let p = |s| url_path_to_relative(s);
        assert_eq!(p("/a/b.png"), Some(PathBuf::from("a/b.png")));
        assert_eq!(p("//a/./b.png"), Some(PathBuf::from("a/b.png")));
        assert_eq!(p("/%E5%9B%BE.png"), Some(PathBuf::from("图.png")));
        assert_eq!(p("/"), None);
        assert_eq!(p("/../etc/passwd"), None);
        assert_eq!(p("/a/%2e%2e/%2e%2e/x"), None);
        assert_eq!(p("/a%2f..%2f..%2fx"), None);
        assert_eq!(p("/a\\..\\x"), None);
        assert_eq!(p("/a%00b"), None);
        assert_eq!(p("/%ff"), None);
    }

    #[test]
    fn hosts_are_dns_names_in_ascii_form() {
        assert_eq!(valid_host("IMG.example.com.").unwrap(), "img.example.com");
        assert_eq!(valid_host("例子.测试").unwrap(), "xn--fsqu00a.xn--0zwm56d");
        for bad in ["", "127.0.0.1", "a b", "a..com"] {
            assert!(valid_host(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type_for(Path::new("a/B.PNG")), "image/png");
        assert_eq!(content_type_for(Path::new("a.jpeg")), "image/jpeg");
        assert_eq!(
            content_type_for(Path::new("noext")),
            "application/octet-stream"
        );
    }
}
