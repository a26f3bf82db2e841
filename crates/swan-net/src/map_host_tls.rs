//! Certificates of one `--map-host` server, made in memory at start: a CA
//! whose key is dropped once it has signed a server certificate for the host
//! and a client certificate for this run's downloader.
//!
//! Why mutual TLS: a server certificate only proves the server to the client;
//! any local user who finds the port could still fetch the mapped files
//! (`curl -k`). Requiring a client certificate from this CA refuses them in
//! the handshake, before any HTTP is read, and needs no secret in requests.

use std::fmt;
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::identity::ClientIdentity;

/// What [`make_tls`] made.
pub(crate) struct HostTls {
    /// The CA: the client trusts the server through it, the server the client.
    pub root_cert: CertificateDer<'static>,
    /// The only client certificate the server accepts.
    pub client: ClientIdentity,
    pub server: Arc<ServerConfig>,
}

pub(crate) fn make_tls(host: &str) -> Result<HostTls, String> {
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
    leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let leaf_key = KeyPair::generate().map_err(|e| err(&e))?;
    let leaf = leaf_params.signed_by(&leaf_key, &ca).map_err(|e| err(&e))?;

    let mut client_params = CertificateParams::new(Vec::<String>::new()).map_err(|e| err(&e))?;
    client_params.distinguished_name.push(
        DnType::CommonName,
        format!("swan-net map-host client for {host}"),
    );
    client_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let client_key = KeyPair::generate().map_err(|e| err(&e))?;
    let client_cert = client_params
        .signed_by(&client_key, &ca)
        .map_err(|e| err(&e))?;
    let client = ClientIdentity::new(
        vec![client_cert.der().clone(), ca.der().clone()],
        PrivatePkcs8KeyDer::from(client_key.serialize_der()),
    );

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = RootCertStore::empty();
    roots.add(ca.der().clone()).map_err(|e| err(&e))?;
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| err(&e))?;
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let mut server = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| err(&e))?
        .with_client_cert_verifier(verifier)
        .with_single_cert(vec![leaf.der().clone(), ca.der().clone()], key)
        .map_err(|e| err(&e))?;
    server.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(HostTls {
        root_cert: ca.der().clone(),
        client,
        server: Arc::new(server),
    })
}
