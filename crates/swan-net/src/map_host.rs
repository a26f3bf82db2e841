//! `--map-host HOST=DIR`: serve a local directory as `https://HOST/...`, so a
//! page can be run offline with its real URLs.
//!
//! A real HTTPS server on `127.0.0.1:<random port>` with a certificate for
//! HOST made at start (a throwaway CA that exists only in memory, plus a leaf
//! for HOST). The client reaches it through [`crate::ClientConfig`]'s resolver
//! override and trusts it through its extra roots, so the full path — TCP, TLS
//! handshake with SNI = HOST, certificate verification, HTTP — is the same as
//! against the real site. Nothing is trusted process-wide.
//!
//! Why hyper 1 (http1 + server) on a current-thread tokio runtime with
//! tokio-rustls: a maintained, real HTTP implementation, and tokio-rustls uses
//! the same rustls 0.23/ring as ureq, so TLS is compiled once. Measured on two
//! cores, the whole crate with ureq, hyper, tokio, tokio-rustls and rcgen
//! builds from cold in about 31 s (debug). tiny_http was rejected because its
//! TLS support is tied to rustls 0.20 (a second rustls build), axum because it
//! adds routing layers this file does not need.

use std::convert::Infallible;
use std::fmt;
use std::io::{self, Read};
use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdTcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use cap_std::fs::{Dir, OpenOptions, OpenOptionsExt as _};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode, header};
use hyper_util::rt::{TokioIo, TokioTimer};
use percent_encoding::percent_decode_str;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls::ServerConfig;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use tokio::sync::oneshot;
use tokio_rustls::TlsAcceptor;

/// A running map-host server. Dropping it (or [`MappedHost::shutdown`]) stops
/// the server and waits for its thread.
pub struct MappedHost {
    /// The host name served (lower case), e.g. `img.example.com`.
    pub host: String,
    /// Where it listens: `127.0.0.1:<random port>`.
    pub addr: SocketAddr,
    /// The throwaway CA that signed the server's certificate; trust it via
    /// [`crate::ClientConfig::with_mapped_hosts`].
    pub root_cert: CertificateDer<'static>,
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

/// Parses a `--map-host` argument, `HOST=DIR`.
pub fn parse_map_host_arg(arg: &str) -> Result<(String, PathBuf), String> {
    let (host, dir) = arg
        .split_once('=')
        .ok_or_else(|| format!("--map-host expects HOST=DIR, got {arg:?}"))?;
    let host = valid_host(host).map_err(|e| e.to_string())?;
    if dir.is_empty() {
        return Err(format!("--map-host {host}: empty directory"));
    }
    Ok((host, PathBuf::from(dir)))
}

/// A DNS name a certificate can be made for and a client can send as SNI.
fn valid_host(host: &str) -> io::Result<String> {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let invalid = || {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a DNS host name: {host:?}"),
        )
    };
    if host.is_empty() || host.parse::<std::net::IpAddr>().is_ok() {
        return Err(invalid());
    }
    match ServerName::try_from(host.as_str()) {
        Ok(ServerName::DnsName(_)) => Ok(host),
        _ => Err(invalid()),
    }
}

/// Starts serving `dir` as `https://host/`.
///
/// URL paths are percent-decoded and looked up beneath `dir`; any `..`
/// segment, and any symlink that leads out of `dir`, gives 404 (lookups go
/// through a cap-std directory handle, so the kernel enforces this). Missing
/// files and directories give 404; GET and HEAD only.
pub fn serve_dir(host: &str, dir: &Path) -> io::Result<MappedHost> {
    let host = valid_host(host)?;
    let root = Dir::open_ambient_dir(dir, cap_std::ambient_authority())?;
    let (root_cert, tls) = make_tls(&host).map_err(io::Error::other)?;
    let listener = StdTcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let root = Arc::new(root);
    let thread = std::thread::Builder::new()
        .name(format!("map-host {host}"))
        .spawn(move || {
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(l) => l,
                    Err(_) => return,
                };
                tokio::spawn(accept_loop(listener, TlsAcceptor::from(tls), root));
                // Runs until shutdown; dropping the runtime then cancels the
                // accept loop and every connection task.
                let _ = stop_rx.await;
            });
            runtime.shutdown_timeout(Duration::from_secs(2));
        })?;
    Ok(MappedHost {
        host,
        addr,
        root_cert,
        _server: Server {
            stop: Some(stop_tx),
            thread: Some(thread),
        },
    })
}

/// A throwaway CA and a leaf for `host`, and the rustls config serving it.
fn make_tls(host: &str) -> Result<(CertificateDer<'static>, Arc<ServerConfig>), String> {
    let err = |e: &dyn fmt::Display| e.to_string();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(|e| err(&e))?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca_params.distinguished_name.push(
        DnType::CommonName,
        format!("swan-net map-host CA for {host}"),
    );
    let ca_key = KeyPair::generate().map_err(|e| err(&e))?;
    let ca = CertifiedIssuer::self_signed(ca_params, ca_key).map_err(|e| err(&e))?;

    let mut leaf_params = CertificateParams::new(vec![host.to_owned()]).map_err(|e| err(&e))?;
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, host);
    let leaf_key = KeyPair::generate().map_err(|e| err(&e))?;
    let leaf = leaf_params.signed_by(&leaf_key, &ca).map_err(|e| err(&e))?;

    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| err(&e))?
        .with_no_client_auth()
        .with_single_cert(vec![leaf.der().clone(), ca.der().clone()], key)
        .map_err(|e| err(&e))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok((ca.der().clone(), Arc::new(config)))
}

async fn accept_loop(listener: tokio::net::TcpListener, acceptor: TlsAcceptor, root: Arc<Dir>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // E.g. EMFILE: back off instead of spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let acceptor = acceptor.clone();
        let root = Arc::clone(&root);
        tokio::spawn(async move {
            // A client that never finishes the handshake must not hold a task forever.
            let Ok(Ok(tls)) =
                tokio::time::timeout(Duration::from_secs(10), acceptor.accept(stream)).await
            else {
                return;
            };
            let service = service_fn(move |req| handle(req, Arc::clone(&root)));
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(Duration::from_secs(30))
                .serve_connection(TokioIo::new(tls), service)
                .await;
        });
    }
}

async fn handle(
    req: Request<Incoming>,
    root: Arc<Dir>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut res = text(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed");
        res.headers_mut()
            .insert(header::ALLOW, header::HeaderValue::from_static("GET, HEAD"));
        return Ok(res);
    }
    let Some(rel) = url_path_to_relative(req.uri().path()) else {
        return Ok(not_found());
    };
    let content_type = content_type_for(&rel);
    let read = tokio::task::spawn_blocking(move || read_file(&root, &rel)).await;
    Ok(match read {
        Ok(Ok(bytes)) => {
            let len = bytes.len();
            let mut res = Response::new(Full::new(Bytes::from(bytes)));
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

/// Reads a regular file beneath `root`. Non-blocking open so a FIFO cannot
/// hang the server; the type is checked on the opened handle.
fn read_file(root: &Dir, rel: &Path) -> io::Result<Vec<u8>> {
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
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).min(64 << 20));
    file.into_std().read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn not_found() -> Response<Full<Bytes>> {
    text(StatusCode::NOT_FOUND, "Not Found")
}

fn text(status: StatusCode, body: &'static str) -> Response<Full<Bytes>> {
    let mut res = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *res.status_mut() = status;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

/// Content-Type from the file extension (a small table; the default is
/// `application/octet-stream`).
pub(crate) fn content_type_for(path: &Path) -> &'static str {
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
    fn host_args() {
        assert_eq!(
            parse_map_host_arg("IMG.example.com=/srv/x"),
            Ok(("img.example.com".to_owned(), PathBuf::from("/srv/x")))
        );
        assert!(parse_map_host_arg("img.example.com").is_err());
        assert!(parse_map_host_arg("=/x").is_err());
        assert!(parse_map_host_arg("127.0.0.1=/x").is_err());
        assert!(parse_map_host_arg("a b=/x").is_err());
        assert!(parse_map_host_arg("a.com=").is_err());
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
