//! `--map-host`: a real HTTPS server for a host name, reached by the real
//! client through a real TLS handshake that verifies the original host name.

mod common;

use std::os::unix::fs::symlink;

use common::*;
use swan_net::{ClientConfig, DownloadError, Downloader, serve_dir};

const HOST: &str = "img.example.com";

#[test]
fn serves_a_file_byte_identical_over_tls() {
    let site = tempfile::tempdir().unwrap();
    let data = bytes(300_000, 1);
    write_file(site.path(), "pics/cat.png", &data);
    let mapped = serve_dir(HOST, site.path()).unwrap();
    assert!(mapped.addr.ip().is_loopback());
    let dl = Downloader::new(ClientConfig::with_mapped_hosts(std::slice::from_ref(
        &mapped,
    )))
    .unwrap();
    let fx = Fx::new();

    let (res, _) = get(
        &dl,
        &fx,
        &allow(&[HOST]),
        "https://img.example.com/pics/cat.png",
    );
    let done = res.unwrap();
    assert_eq!(done.status_code, 200);
    assert!(done.temp_file_path.starts_with("bdfile://tmp_"));
    assert!(
        done.temp_file_path.ends_with(".png"),
        "{}",
        done.temp_file_path
    );
    assert_eq!(fx.read(&done.temp_file_path), data);
}

#[test]
fn content_type_follows_the_extension() {
    let site = tempfile::tempdir().unwrap();
    write_file(site.path(), "a.jpeg", b"jpeg bytes");
    write_file(site.path(), "noext", b"raw");
    write_file(site.path(), "data.json", b"{}");
    let mapped = serve_dir(HOST, site.path()).unwrap();
    let dl = Downloader::new(ClientConfig::with_mapped_hosts(std::slice::from_ref(
        &mapped,
    )))
    .unwrap();
    let fx = Fx::new();
    let policy = allow(&[HOST]);

    // Content-Type image/jpeg gives `jpg` (Content-Type wins over the URL's `jpeg`).
    let a = get(&dl, &fx, &policy, "https://img.example.com/a.jpeg")
        .0
        .unwrap();
    assert!(a.temp_file_path.ends_with(".jpg"), "{}", a.temp_file_path);
    // application/octet-stream and no URL extension: no extension.
    let b = get(&dl, &fx, &policy, "https://img.example.com/noext")
        .0
        .unwrap();
    assert!(!b.temp_file_path.contains('.'), "{}", b.temp_file_path);
    assert_eq!(fx.read(&b.temp_file_path), b"raw");
    let c = get(&dl, &fx, &policy, "https://img.example.com/data.json")
        .0
        .unwrap();
    assert!(c.temp_file_path.ends_with(".json"), "{}", c.temp_file_path);
}

#[test]
fn missing_file_is_a_404_success_with_its_body() {
    let site = tempfile::tempdir().unwrap();
    let mapped = serve_dir(HOST, site.path()).unwrap();
    let dl = Downloader::new(ClientConfig::with_mapped_hosts(std::slice::from_ref(
        &mapped,
    )))
    .unwrap();
    let fx = Fx::new();

    let done = get(
        &dl,
        &fx,
        &allow(&[HOST]),
        "https://img.example.com/nope.png",
    )
    .0
    .unwrap();
    assert_eq!(done.status_code, 404);
    assert_eq!(fx.read(&done.temp_file_path), b"Not Found");
    // The 404 is text/plain: its extension comes from Content-Type.
    assert!(
        done.temp_file_path.ends_with(".txt"),
        "{}",
        done.temp_file_path
    );
}

#[test]
fn traversal_and_escaping_symlinks_are_refused() {
    let outer = tempfile::tempdir().unwrap();
    write_file(outer.path(), "secret.txt", b"secret");
    let site = outer.path().join("site");
    write_file(&site, "ok.txt", b"ok");
    write_file(&site, "sub/inner.txt", b"inner");
    symlink(outer.path().join("secret.txt"), site.join("abs-link.txt")).unwrap();
    symlink("../secret.txt", site.join("rel-link.txt")).unwrap();
    symlink("sub/inner.txt", site.join("inside-link.txt")).unwrap();
    symlink(outer.path(), site.join("dir-link")).unwrap();
    let mapped = serve_dir(HOST, &site).unwrap();
    let dl = Downloader::new(ClientConfig::with_mapped_hosts(std::slice::from_ref(
        &mapped,
    )))
    .unwrap();
    let fx = Fx::new();
    let policy = allow(&[HOST]);

    let status = |path: &str| {
        let url = format!("https://img.example.com{path}");
        let done = get(&dl, &fx, &policy, &url).0.unwrap();
        (done.status_code, fx.read(&done.temp_file_path))
    };
    assert_eq!(status("/ok.txt"), (200, b"ok".to_vec()));
    assert_eq!(status("/inside-link.txt"), (200, b"inner".to_vec()));
    for bad in [
        "/../secret.txt",
        "/sub/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/sub/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/abs-link.txt",
        "/rel-link.txt",
        "/dir-link/secret.txt",
        "/sub",
        "/",
    ] {
        let (code, body) = status(bad);
        assert_eq!(code, 404, "{bad}");
        assert_eq!(body, b"Not Found", "{bad}");
    }
}

#[test]
fn client_does_not_trust_the_server_unless_configured() {
    let site = tempfile::tempdir().unwrap();
    write_file(site.path(), "a.png", b"x");
    let mapped = serve_dir(HOST, site.path()).unwrap();
    // Routed to the server, but without its root certificate.
    let mut config = ClientConfig::default();
    config.resolve.insert(HOST.into(), mapped.addr);
    let dl = Downloader::new(config).unwrap();
    let fx = Fx::new();

    let err = get(&dl, &fx, &allow(&[HOST]), "https://img.example.com/a.png")
        .0
        .unwrap_err();
    match &err {
        DownloadError::Network(reason) => assert!(reason.starts_with("ssl error"), "{reason}"),
        other => panic!("expected a TLS failure, got {other:?}"),
    }
    assert_eq!(err.err_code(), 1001);
    fx.assert_no_files();

    // A server for another host, trusted, does not vouch for this one: the
    // certificate is checked against the original host name.
    let other = serve_dir("other.example.com", site.path()).unwrap();
    let mut config = ClientConfig::default();
    config.extra_roots.push(other.root_cert.clone());
    config.resolve.insert(HOST.into(), other.addr);
    let dl = Downloader::new(config).unwrap();
    let err = get(&dl, &fx, &allow(&[HOST]), "https://img.example.com/a.png")
        .0
        .unwrap_err();
    assert!(
        matches!(&err, DownloadError::Network(r) if r.starts_with("ssl error")),
        "{err:?}"
    );
    fx.assert_no_files();
}

/// What `curl -k` did before: a local user who finds the port. Without this
/// run's client certificate the handshake is refused, before any HTTP.
#[test]
fn only_this_runs_client_is_answered() {
    let site = tempfile::tempdir().unwrap();
    write_file(site.path(), "a.png", b"secret picture");
    let mapped = serve_dir(HOST, site.path()).unwrap();
    let mut body = Vec::new();

    // This run's identity: served.
    let got = raw_get(
        mapped.addr,
        HOST,
        &mapped.root_cert,
        Some(&mapped.client_identity),
        "/a.png",
        &mut |b| body.extend_from_slice(b),
    );
    assert_eq!(got.unwrap(), (200, 14));
    assert_eq!(body, b"secret picture");

    // A real TLS client that trusts the server but has no client certificate.
    let refused = raw_get(
        mapped.addr,
        HOST,
        &mapped.root_cert,
        None,
        "/a.png",
        &mut |_| panic!("body served without a client certificate"),
    );
    assert!(refused.is_err(), "{refused:?}");

    // Another run's identity (another server's CA) is no better.
    let other = serve_dir("other.example.com", site.path()).unwrap();
    let refused = raw_get(
        mapped.addr,
        HOST,
        &mapped.root_cert,
        Some(&other.client_identity),
        "/a.png",
        &mut |_| panic!("body served to another run's certificate"),
    );
    assert!(refused.is_err(), "{refused:?}");

    // The downloader with route and trust but without the identity fails too.
    let mut config = ClientConfig::default();
    config.extra_roots.push(mapped.root_cert.clone());
    config.resolve.insert(HOST.into(), mapped.addr);
    let fx = Fx::new();
    let err = get(
        &Downloader::new(config).unwrap(),
        &fx,
        &allow(&[HOST]),
        "https://img.example.com/a.png",
    )
    .0
    .unwrap_err();
    assert!(
        matches!(&err, DownloadError::Network(r) if r.starts_with("ssl error")),
        "{err:?}"
    );
    fx.assert_no_files();

    // curl, as a local user would try it: certificate checks off, no client
    // certificate.
    let curl = std::process::Command::new("curl")
        .args(["-k", "-s", "-S", "--max-time", "10", "--resolve"])
        .arg(format!("{HOST}:{}:127.0.0.1", mapped.addr.port()))
        .arg(format!("https://{HOST}:{}/a.png", mapped.addr.port()))
        .output();
    match curl {
        Ok(out) => {
            assert!(!out.status.success(), "curl -k was served");
            assert!(!out.stdout.windows(6).any(|w| w == b"secret"));
        }
        // No curl here: the rustls client above is the same check.
        Err(e) => eprintln!("curl not run: {e}"),
    }

    // And this run's downloader is served.
    let dl = Downloader::new(ClientConfig::with_mapped_hosts(std::slice::from_ref(
        &mapped,
    )))
    .unwrap();
    let done = get(&dl, &fx, &allow(&[HOST]), "https://img.example.com/a.png")
        .0
        .unwrap();
    assert_eq!(fx.read(&done.temp_file_path), b"secret picture");
}

/// A TLS connection to `mapped`, handshake done, that sends nothing.
fn idle_tls(
    mapped: &swan_net::MappedHost,
) -> rustls::StreamOwned<rustls::ClientConnection, std::net::TcpStream> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(mapped.root_cert.clone()).unwrap();
    let id = &mapped.client_identity;
    let config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_client_auth_cert(id.cert_chain().to_vec(), id.private_key())
    .unwrap();
    let name = rustls_pki_types::ServerName::try_from(HOST.to_owned()).unwrap();
    let mut conn = rustls::ClientConnection::new(std::sync::Arc::new(config), name).unwrap();
    let mut tcp = std::net::TcpStream::connect(mapped.addr).unwrap();
    while conn.is_handshaking() {
        conn.complete_io(&mut tcp).unwrap();
    }
    rustls::StreamOwned::new(conn, tcp)
}

#[test]
fn connections_beyond_the_cap_wait_and_strangers_take_no_slot() {
    let site = tempfile::tempdir().unwrap();
    write_file(site.path(), "a.png", b"x");
    let mapped = serve_dir(HOST, site.path()).unwrap();
    let dl = Downloader::new(ClientConfig::with_mapped_hosts(std::slice::from_ref(
        &mapped,
    )))
    .unwrap();
    let fx = Fx::new();
    let policy = allow(&[HOST]);

    // Strangers that connect and never finish a handshake hold no serving slot.
    let strangers: Vec<_> = (0..swan_net::MAX_CONNECTIONS + 8)
        .map(|_| std::net::TcpStream::connect(mapped.addr).unwrap())
        .collect();
    let start = std::time::Instant::now();
    let done = get(&dl, &fx, &policy, "https://img.example.com/a.png").0;
    assert_eq!(done.unwrap().status_code, 200);
    // Not after the strangers' handshake timeout (10 s).
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    drop(strangers);

    // With every serving slot held, one more client waits for a free one.
    let mut idle: Vec<_> = (0..swan_net::MAX_CONNECTIONS)
        .map(|_| idle_tls(&mapped))
        .collect();
    let (tx, rx) = std::sync::mpsc::channel();
    let waiting = std::thread::spawn({
        let addr = mapped.addr;
        let root = mapped.root_cert.clone();
        let id = mapped.client_identity.clone();
        move || {
            let got = raw_get(addr, HOST, &root, Some(&id), "/a.png", &mut |_| {});
            tx.send(got.map_err(|e| e.to_string())).unwrap();
        }
    });
    assert!(
        rx.recv_timeout(std::time::Duration::from_millis(1500))
            .is_err(),
        "served past the connection cap"
    );
    drop(idle.pop());
    let got = rx.recv_timeout(std::time::Duration::from_secs(20)).unwrap();
    assert_eq!(got, Ok((200, 1)));
    waiting.join().unwrap();
}

#[test]
fn an_idn_host_is_served_under_its_punycode_name() {
    let site = tempfile::tempdir().unwrap();
    write_file(site.path(), "a.png", b"idn");
    let mapped = serve_dir("例子.测试", site.path()).unwrap();
    assert_eq!(mapped.host, "xn--fsqu00a.xn--0zwm56d");
    let dl = Downloader::new(ClientConfig::with_mapped_hosts(std::slice::from_ref(
        &mapped,
    )))
    .unwrap();
    let fx = Fx::new();
    for url in [
        "https://例子.测试/a.png",
        "https://xn--fsqu00a.xn--0zwm56d/a.png",
    ] {
        let done = get(&dl, &fx, &allow(&["例子.测试"]), url).0.unwrap();
        assert_eq!(fx.read(&done.temp_file_path), b"idn", "{url}");
    }
}

#[test]
fn shutdown_stops_the_server() {
    let site = tempfile::tempdir().unwrap();
    write_file(site.path(), "a.png", b"x");
    let mapped = serve_dir(HOST, site.path()).unwrap();
    let dl = Downloader::new(ClientConfig::with_mapped_hosts(std::slice::from_ref(
        &mapped,
    )))
    .unwrap();
    let fx = Fx::new();
    let policy = allow(&[HOST]);
    assert!(
        get(&dl, &fx, &policy, "https://img.example.com/a.png")
            .0
            .is_ok()
    );
    mapped.shutdown();
    let err = get(&dl, &fx, &policy, "https://img.example.com/a.png")
        .0
        .unwrap_err();
    assert!(matches!(err, DownloadError::Network(_)), "{err:?}");
}

#[test]
fn bad_hosts_and_dirs_are_rejected() {
    let site = tempfile::tempdir().unwrap();
    assert!(serve_dir("127.0.0.1", site.path()).is_err());
    assert!(serve_dir("not a host", site.path()).is_err());
    assert!(serve_dir("", site.path()).is_err());
    assert!(serve_dir(HOST, &site.path().join("missing")).is_err());
}

#[test]
fn invalid_extra_root_is_a_config_error() {
    let mut config = ClientConfig::default();
    config
        .extra_roots
        .push(swan_net::CertificateDer::from(vec![1u8, 2, 3]));
    assert!(matches!(
        Downloader::new(config),
        Err(swan_net::ConfigError::InvalidRootCertificate { index: 0, .. })
    ));
}
