//! The HTTP client: trust roots and name overrides, built once per
//! [`Downloader`], with a fresh `ureq::Agent` per request.
//!
//! Why ureq 3 (rustls + ring): blocking is what the callers want (downloads
//! run on worker threads), it builds in seconds on two cores (no aws-lc), and
//! it exposes the two seams needed for offline runs: a pluggable
//! [`Resolver`] (DNS overrides that keep the original host name for SNI and
//! certificate checks) and per-agent [`TlsConfig`] roots.
//!
//! Why an agent per request: [`ureq::Agent::shutdown`] closes every socket of
//! an agent, which is how [`crate::AbortHandle`] interrupts a blocked read; a
//! shared agent would abort every download at once. The expensive part (the
//! rustls `ClientConfig` with its parsed roots) lives in the connector, which
//! all agents of one `Downloader` share, so it is built once.
//!
//! The workspace pins ureq to `~3.5.2`: the resolver and connector traits live
//! in ureq's `unversioned` module (no semver promise), and `Agent::shutdown`
//! is new in 3.5.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rustls_pki_types::CertificateDer;
use ureq::Agent;
use ureq::config::Config;
use ureq::http::Uri;
use ureq::tls::{Certificate, ClientCert, RootCerts, TlsConfig, TlsProvider};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{
    ConnectionDetails, Connector, DefaultConnector, NextTimeout, Transport,
};

use crate::error::ConfigError;
use crate::identity::ClientIdentity;
use crate::map_host::MappedHost;
use crate::url_check::normalize_host;

/// The `User-Agent` every download sends. Callers' own `User-Agent` headers
/// are dropped (spec §4), so servers always see the runtime's identity.
pub const USER_AGENT: &str = concat!("swan-album/", env!("CARGO_PKG_VERSION"), " (swan-net)");

/// Trust and routing of one client.
#[derive(Clone, Debug, Default)]
pub struct ClientConfig {
    /// CA certificates trusted *in addition to* the Mozilla roots (webpki),
    /// for this client only (the process-wide TLS setup is not touched).
    pub extra_roots: Vec<CertificateDer<'static>>,
    /// Hosts whose DNS answer is replaced by this address (port included). The
    /// URL keeps the real host, so TLS still sends it as SNI and verifies the
    /// certificate against it. Keys are compared case-insensitively, a
    /// trailing dot ignored.
    pub resolve: HashMap<String, SocketAddr>,
    /// Client certificates presented to one host each (keys as in
    /// `resolve`), never to any other server: a `--map-host` server accepts
    /// only the client holding its certificate.
    pub client_identities: HashMap<String, ClientIdentity>,
}

impl ClientConfig {
    /// A config that routes each mapped host to its local server and trusts
    /// that server's certificate.
    pub fn with_mapped_hosts(hosts: &[MappedHost]) -> Self {
        let mut config = ClientConfig::default();
        for host in hosts {
            config.add_mapped_host(host);
        }
        config
    }

    /// Adds one mapped host's route, root certificate and client certificate.
    pub fn add_mapped_host(&mut self, host: &MappedHost) {
        self.extra_roots.push(host.root_cert.clone());
        self.resolve.insert(host.host.clone(), host.addr);
        self.client_identities
            .insert(host.host.clone(), host.client_identity.clone());
    }
}

/// Downloads files under a [`crate::DownloadPolicy`]; see
/// [`Downloader::download`]. Cheap to clone; `Send + Sync`, so one instance
/// serves all worker threads.
#[derive(Clone)]
pub struct Downloader {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    default: Tls,
    /// Hosts with a client certificate get their own TLS setup.
    per_host: HashMap<String, Tls>,
    resolver: MapResolver,
}

/// A TLS setup and the connector that caches its rustls config (ureq builds
/// the rustls config once per connector, from the first agent's `TlsConfig`,
/// so each setup needs its own connector).
struct Tls {
    config: TlsConfig,
    connector: Arc<DefaultConnector>,
}

impl Tls {
    fn new(roots: RootCerts, client: Option<ClientCert>) -> Self {
        let config = TlsConfig::builder()
            .provider(TlsProvider::Rustls)
            // Explicit, so a process-wide default provider installed by some
            // other crate (maybe aws-lc) cannot change or break this client.
            .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .root_certs(roots)
            .client_cert(client)
            .build();
        Tls {
            config,
            connector: Arc::new(DefaultConnector::new()),
        }
    }
}

impl Downloader {
    /// Builds a client. Fails only if an extra root or a client identity is
    /// not usable (checked here, so a bad one fails at start-up, not at the
    /// first download).
    pub fn new(config: ClientConfig) -> Result<Self, ConfigError> {
        let root_certs = if config.extra_roots.is_empty() {
            RootCerts::WebPki
        } else {
            let mut store = rustls::RootCertStore::empty();
            for (index, cert) in config.extra_roots.iter().enumerate() {
                store
                    .add(cert.clone())
                    .map_err(|e| ConfigError::InvalidRootCertificate {
                        index,
                        reason: e.to_string(),
                    })?;
            }
            // ureq takes either the built-in webpki anchors or a list of full
            // certificates, not both; the same Mozilla set is available as
            // certificates from `webpki-root-certs`.
            let certs: Vec<Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
                .iter()
                .chain(config.extra_roots.iter())
                .map(|c| Certificate::from_der(c.as_ref()).to_owned())
                .collect();
            RootCerts::from(certs)
        };
        let mut per_host = HashMap::new();
        for (host, id) in &config.client_identities {
            let cert = id
                .to_ureq()
                .ok_or_else(|| ConfigError::InvalidClientIdentity { host: host.clone() })?;
            per_host.insert(
                normalize_host(host),
                Tls::new(root_certs.clone(), Some(cert)),
            );
        }
        let map = config
            .resolve
            .into_iter()
            .map(|(host, addr)| (normalize_host(&host), addr))
            .collect();
        Ok(Downloader {
            inner: Arc::new(Inner {
                default: Tls::new(root_certs, None),
                per_host,
                resolver: MapResolver(Arc::new(map)),
            }),
        })
    }

    /// A fresh agent for one request to `host` (normalised) with `timeout`
    /// as its total budget.
    pub(crate) fn agent(&self, host: &str, timeout: Duration) -> Agent {
        let tls = self.inner.per_host.get(host).unwrap_or(&self.inner.default);
        let config = Agent::config_builder()
            // Every status is a success for downloadFile (spec §4).
            .http_status_as_error(false)
            .https_only(true)
            // Redirects are followed by the caller of this, so that every hop
            // is checked against the policy.
            .max_redirects(0)
            // Direct connections only: an environment proxy would bypass the
            // resolver overrides (and is not part of the swan contract).
            .proxy(None)
            .user_agent(USER_AGENT)
            .tls_config(tls.config.clone())
            .timeout_global(Some(timeout))
            .max_idle_connections(0)
            .build();
        Agent::with_parts(
            config,
            SharedConnector(Arc::clone(&tls.connector)),
            self.inner.resolver.clone(),
        )
    }
}

impl fmt::Debug for Downloader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Downloader")
            .field("resolve", &self.inner.resolver.0)
            .finish_non_exhaustive()
    }
}

/// Lets many agents share one connector chain, and with it rustls's cached
/// `ClientConfig` (parsing ~150 roots once, not per download).
#[derive(Debug)]
struct SharedConnector(Arc<DefaultConnector>);

impl Connector<()> for SharedConnector {
    type Out = Box<dyn Transport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        self.0.connect(details, chained)
    }
}

/// Answers mapped hosts from the table and everything else from the system.
#[derive(Clone, Debug)]
struct MapResolver(Arc<HashMap<String, SocketAddr>>);

impl Resolver for MapResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        if let Some(host) = uri.host()
            && let Some(addr) = self.0.get(&normalize_host(host))
        {
            let mut addrs = self.empty();
            addrs.push(*addr);
            return Ok(addrs);
        }
        DefaultResolver::default().resolve(uri, config, timeout)
    }
}
