//! Shared test fixtures: a sandbox in a temp dir, and a scriptable HTTPS test
//! server (hyper + tokio-rustls, like the map-host server) for behaviour a
//! static directory cannot produce: stalls, chunked bodies, custom headers,
//! redirects, and recording the request headers the server received.

#![allow(dead_code)]

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use http_body_util::channel::Channel;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair, KeyUsagePurpose};
use rustls::ServerConfig;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use swan_net::{
    AbortHandle, ClientConfig, DownloadError, DownloadPolicy, Downloaded, Downloader, Progress,
};
use swan_sandbox::{Package, Sandbox};
use tokio::sync::oneshot;

/// A sandbox for app `demo` in a fresh temp dir.
pub struct Fx {
    pub dir: tempfile::TempDir,
    pub sandbox: Sandbox,
}

impl Fx {
    pub fn new() -> Fx {
        let dir = tempfile::tempdir().expect("tempdir");
        let sandbox = Sandbox::open(dir.path(), &"demo".parse().expect("app id"), Package::None)
            .expect("sandbox");
        Fx { dir, sandbox }
    }

    pub fn tmp_dir(&self) -> PathBuf {
        self.dir.path().join("apps/demo/tmp")
    }

    /// Names of all files in the app's temp dir.
    pub fn tmp_files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.tmp_dir())
            .expect("read tmp")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Asserts that a failed download left nothing behind.
    pub fn assert_no_files(&self) {
        assert_eq!(
            self.tmp_files(),
            Vec::<String>::new(),
            "temp files left behind"
        );
        assert_eq!(self.sandbox.temp_usage().expect("usage"), 0);
    }

    /// Bytes of a downloaded `bdfile://tmp_...` file.
    pub fn read(&self, temp_file_path: &str) -> Vec<u8> {
        let name = temp_file_path
            .strip_prefix("bdfile://")
            .expect("bdfile path");
        std::fs::read(self.tmp_dir().join(name)).expect("read temp file")
    }
}

/// A policy that allows exactly `hosts`.
pub fn allow(hosts: &[&str]) -> DownloadPolicy {
    DownloadPolicy {
        allowed_domains: hosts.iter().map(|h| h.to_string()).collect(),
        ..DownloadPolicy::default()
    }
}

/// Runs a download with no headers, collecting progress events.
pub fn get(
    dl: &Downloader,
    fx: &Fx,
    policy: &DownloadPolicy,
    url: &str,
) -> (Result<Downloaded, DownloadError>, Vec<Progress>) {
    get_with(dl, fx, policy, url, &[], &AbortHandle::new())
}

pub fn get_with(
    dl: &Downloader,
    fx: &Fx,
    policy: &DownloadPolicy,
    url: &str,
    headers: &[(&str, &str)],
    abort: &AbortHandle,
) -> (Result<Downloaded, DownloadError>, Vec<Progress>) {
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let mut events = Vec::new();
    let res = dl.download(
        &fx.sandbox,
        policy,
        url,
        &headers,
        &mut |p| events.push(p),
        abort,
    );
    (res, events)
}

/// What the test server answers.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// Sent in this order, with `delay` before each chunk after the first.
    pub chunks: Vec<Vec<u8>>,
    pub delay: Duration,
    /// Wait before sending the response head.
    pub head_delay: Duration,
    /// After the chunks, keep the connection open without sending more.
    pub stall: bool,
}

impl Reply {
    pub fn ok(body: &[u8]) -> Reply {
        Reply {
            status: 200,
            headers: vec![("content-length".into(), body.len().to_string())],
            chunks: vec![body.to_vec()],
            delay: Duration::ZERO,
            head_delay: Duration::ZERO,
            stall: false,
        }
    }

    /// A body without Content-Length (hyper sends it chunked).
    pub fn chunked(chunks: Vec<Vec<u8>>) -> Reply {
        Reply {
            status: 200,
            headers: vec![],
            chunks,
            delay: Duration::ZERO,
            head_delay: Duration::ZERO,
            stall: false,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn status(mut self, status: u16) -> Reply {
        self.status = status;
        self
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path_and_query: String,
    /// The whole request body.
    pub body: Vec<u8>,
    /// Lower-case names, in order received.
    pub headers: Vec<(String, String)>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

pub type Handler = Arc<dyn Fn(&str) -> Reply + Send + Sync>;

/// A scriptable HTTPS server for one host on 127.0.0.1.
pub struct TestServer {
    pub host: String,
    pub addr: SocketAddr,
    pub root_cert: CertificateDer<'static>,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl TestServer {
    pub fn start(
        host: &str,
        handler: impl Fn(&str) -> Reply + Send + Sync + 'static,
    ) -> TestServer {
        let handler: Handler = Arc::new(handler);
        let (root_cert, tls) = make_tls(host);
        let std_listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
        std_listener.set_nonblocking(true).expect("nonblocking");
        let addr = std_listener.local_addr().expect("addr");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let seen2 = Arc::clone(&seen);
        let thread = std::thread::spawn(move || {
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(std_listener).expect("listener");
                let acceptor = tokio_rustls::TlsAcceptor::from(tls);
                tokio::spawn(async move {
                    loop {
                        let Ok((stream, _)) = listener.accept().await else {
                            continue;
                        };
                        let acceptor = acceptor.clone();
                        let handler = Arc::clone(&handler);
                        let seen = Arc::clone(&seen2);
                        tokio::spawn(async move {
                            let Ok(tls) = acceptor.accept(stream).await else {
                                return;
                            };
                            let service = service_fn(move |req| {
                                respond(req, Arc::clone(&handler), Arc::clone(&seen))
                            });
                            let _ = http1::Builder::new()
                                .timer(TokioTimer::new())
                                .serve_connection(TokioIo::new(tls), service)
                                .await;
                        });
                    }
                });
                let _ = stop_rx.await;
            });
            rt.shutdown_timeout(Duration::from_secs(1));
        });
        TestServer {
            host: host.to_owned(),
            addr,
            root_cert,
            seen,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    /// A client config routing and trusting this server.
    pub fn client_config(&self) -> ClientConfig {
        let mut c = ClientConfig::default();
        c.extra_roots.push(self.root_cert.clone());
        c.resolve.insert(self.host.clone(), self.addr);
        c
    }

    pub fn downloader(&self) -> Downloader {
        Downloader::new(self.client_config()).expect("downloader")
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

async fn respond(
    req: Request<Incoming>,
    handler: Handler,
    seen: Arc<Mutex<Vec<Seen>>>,
) -> Result<Response<Channel<Bytes>>, Infallible> {
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let headers = req
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let method = req.method().as_str().to_owned();
    let body = {
        use http_body_util::BodyExt as _;
        req.into_body()
            .collect()
            .await
            .map(|b| b.to_bytes().to_vec())
            .unwrap_or_default()
    };
    seen.lock().unwrap().push(Seen {
        method,
        path_and_query: path_and_query.clone(),
        body,
        headers,
    });
    let reply = handler(&path_and_query);
    if !reply.head_delay.is_zero() {
        tokio::time::sleep(reply.head_delay).await;
    }
    let (mut tx, body) = Channel::<Bytes>::new(4);
    let mut res = Response::new(body);
    *res.status_mut() = StatusCode::from_u16(reply.status).expect("status");
    for (n, v) in &reply.headers {
        res.headers_mut().append(
            hyper::header::HeaderName::from_bytes(n.as_bytes()).expect("name"),
            hyper::header::HeaderValue::from_str(v).expect("value"),
        );
    }
    tokio::spawn(async move {
        for (i, chunk) in reply.chunks.into_iter().enumerate() {
            if i > 0 && !reply.delay.is_zero() {
                tokio::time::sleep(reply.delay).await;
            }
            if tx.send_data(Bytes::from(chunk)).await.is_err() {
                return;
            }
        }
        if reply.stall {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        drop(tx);
    });
    Ok(res)
}

fn make_tls(host: &str) -> (CertificateDer<'static>, Arc<ServerConfig>) {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign];
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec![host.to_owned()])
        .unwrap()
        .signed_by(&leaf_key, &ca)
        .unwrap();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let config =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![leaf.der().clone()], key)
            .unwrap();
    (ca.der().clone(), Arc::new(config))
}

/// Deterministic pseudo-random bytes (so a byte-for-byte compare means something).
pub fn bytes(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

pub fn write_file(dir: &Path, rel: &str, data: &[u8]) {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(p, data).unwrap();
}

/// A plain rustls client, outside `Downloader`: trusts `root`, sends SNI
/// `host`, presents `identity` if given, and sends one GET for `path`.
/// Returns the status and the body length, feeding the body to `sink`.
pub fn raw_get(
    addr: SocketAddr,
    host: &str,
    root: &CertificateDer<'static>,
    identity: Option<&swan_net::ClientIdentity>,
    path: &str,
    sink: &mut dyn FnMut(&[u8]),
) -> std::io::Result<(u16, u64)> {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut roots = rustls::RootCertStore::empty();
    roots.add(root.clone()).map_err(std::io::Error::other)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(std::io::Error::other)?
        .with_root_certificates(roots);
    let config = match identity {
        Some(id) => builder
            .with_client_auth_cert(id.cert_chain().to_vec(), id.private_key())
            .map_err(std::io::Error::other)?,
        None => builder.with_no_client_auth(),
    };
    let name =
        rustls_pki_types::ServerName::try_from(host.to_owned()).map_err(std::io::Error::other)?;
    let conn =
        rustls::ClientConnection::new(Arc::new(config), name).map_err(std::io::Error::other)?;
    let tcp = std::net::TcpStream::connect(addr)?;
    tcp.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    write!(
        tls,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )?;
    tls.flush()?;
    let mut reader = BufReader::with_capacity(64 * 1024, tls);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status: u16 = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status line: {line:?}")))?;
    let mut length: Option<u64> = None;
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((n, v)) = l.split_once(':')
            && n.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().ok();
        }
    }
    let length = length.ok_or_else(|| std::io::Error::other("no content-length"))?;
    let mut body = reader.take(length);
    let mut buf = vec![0u8; 64 * 1024];
    let mut got = 0u64;
    loop {
        let n = body.read(&mut buf)?;
        if n == 0 {
            break;
        }
        sink(&buf[..n]);
        got += n as u64;
    }
    if got != length {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            format!("body ended after {got} of {length} bytes"),
        ));
    }
    Ok((status, got))
}
