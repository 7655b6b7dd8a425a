//! TLS for the webhook: a PEM certificate chain and private key served with rustls (aws-lc-rs),
//! swappable at run time so a renewed certificate is picked up without a restart. Reads the two
//! files; nothing else.
use rustls::crypto::CryptoProvider;
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// Where the certificate chain and key live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// PEM certificate chain, leaf first.
    pub cert: PathBuf,
    /// PEM private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

/// Why the certificate or key could not be used.
#[derive(Debug, thiserror::Error)]
#[error("TLS {what} {path}: {message}")]
pub struct TlsError {
    pub what: &'static str,
    pub path: String,
    pub message: String,
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

fn err(what: &'static str, path: &Path, message: impl ToString) -> TlsError {
    TlsError {
        what,
        path: path.display().to_string(),
        message: message.to_string(),
    }
}

/// Load and check the chain and key.
pub fn load(files: &TlsFiles) -> Result<CertifiedKey, TlsError> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&files.cert)
        .map_err(|e| err("certificate", &files.cert, e))?
        .collect::<Result<_, _>>()
        .map_err(|e| err("certificate", &files.cert, e))?;
    if chain.is_empty() {
        return Err(err(
            "certificate",
            &files.cert,
            "no CERTIFICATE block found; expected a PEM certificate chain",
        ));
    }
    let key = PrivateKeyDer::from_pem_file(&files.key).map_err(|e| {
        err(
            "key",
            &files.key,
            format!("{e}; expected a PEM private key (PKCS#8, PKCS#1 or SEC1)"),
        )
    })?;
    let signing = provider()
        .key_provider
        .load_private_key(key)
        .map_err(|e| err("key", &files.key, e))?;
    let certified = CertifiedKey::new(chain, signing);
    certified.keys_match().map_err(|e| {
        err(
            "key",
            &files.key,
            format!(
                "does not belong to the certificate {}: {e}",
                files.cert.display()
            ),
        )
    })?;
    Ok(certified)
}

/// The current certificate, replaceable while serving.
#[derive(Debug)]
pub struct ReloadableCert {
    current: RwLock<Arc<CertifiedKey>>,
}

impl ReloadableCert {
    pub fn new(key: CertifiedKey) -> Self {
        Self {
            current: RwLock::new(Arc::new(key)),
        }
    }

    /// Serve `key` to new connections from now on.
    pub fn replace(&self, key: CertifiedKey) {
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(key);
    }
}

impl ResolvesServerCert for ReloadableCert {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(
            self.current
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .clone(),
        )
    }
}

/// A server config (TLS 1.2 and 1.3, HTTP/1.1 via ALPN) around the reloadable certificate.
pub fn server_config(cert: Arc<ReloadableCert>) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    let mut cfg = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| err("config", Path::new("-"), e))?
        .with_no_client_auth()
        .with_cert_resolver(cert);
    cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(cfg))
}
