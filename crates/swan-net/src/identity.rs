//! The client certificate one run presents to its own `--map-host` servers.

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use ureq::tls::{Certificate, ClientCert, PrivateKey};

/// A certificate chain and its private key, made in memory by
/// [`crate::serve_dir`] and never written anywhere. Only a client holding it
/// gets past the server's TLS handshake.
#[derive(Clone)]
pub struct ClientIdentity {
    chain: Vec<CertificateDer<'static>>,
    key: Arc<PrivatePkcs8KeyDer<'static>>,
}

impl ClientIdentity {
    pub(crate) fn new(
        chain: Vec<CertificateDer<'static>>,
        key: PrivatePkcs8KeyDer<'static>,
    ) -> Self {
        ClientIdentity {
            chain,
            key: Arc::new(key),
        }
    }

    /// The client certificate first, then its issuer.
    pub fn cert_chain(&self) -> &[CertificateDer<'static>] {
        &self.chain
    }

    /// The certificate's private key (PKCS#8).
    pub fn private_key(&self) -> PrivateKeyDer<'static> {
        PrivateKeyDer::Pkcs8(self.key.clone_key())
    }

    /// ureq's form, checked the way ureq will use it (ureq panics on a
    /// chain and key that rustls refuses). `None` if it would not work.
    pub(crate) fn to_ureq(&self) -> Option<ClientCert> {
        rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .ok()?
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_client_auth_cert(self.chain.clone(), self.private_key())
        .ok()?;
        let chain: Vec<Certificate<'static>> = self
            .chain
            .iter()
            .map(|c| Certificate::from_der(c.as_ref()).to_owned())
            .collect();
        let b64 = base64::engine::general_purpose::STANDARD.encode(self.key.secret_pkcs8_der());
        let mut pem = String::from("-----BEGIN PRIVATE KEY-----\n");
        for line in b64.as_bytes().chunks(64) {
            pem.push_str(std::str::from_utf8(line).ok()?);
            pem.push('\n');
        }
        pem.push_str("-----END PRIVATE KEY-----\n");
        let key = PrivateKey::from_pem(pem.as_bytes()).ok()?;
        Some(ClientCert::new_with_certs(&chain, key))
    }
}

impl fmt::Debug for ClientIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientIdentity")
            .field("certs", &self.chain.len())
            .finish_non_exhaustive()
    }
}
