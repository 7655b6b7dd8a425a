//! The emulator's TLS: a CA it generates once (kept in the SQLite state, so clients that trust
//! the printed CA keep trusting it across restarts) and a server certificate for `localhost`,
//! `127.0.0.1`, `::1` and any configured host name, issued at every start.
use crate::emulator::store::Store;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rusqlite::OptionalExtension;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::sync::Arc;

/// Why TLS material could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TlsSetupError {
    #[error("certificate generation failed: {0}")]
    Generate(#[from] rcgen::Error),
    #[error("emulator state: {0}")]
    State(#[from] rusqlite::Error),
    #[error("TLS configuration: {0}")]
    Config(String),
}

/// The CA and the server configuration built on it.
pub struct EmulatorTls {
    /// The CA certificate clients must trust (PEM).
    pub ca_pem: String,
    pub server: Arc<rustls::ServerConfig>,
}

fn ca_params() -> Result<CertificateParams, rcgen::Error> {
    let mut params = CertificateParams::new(Vec::<String>::new())?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "twinbridge emulator CA");
    dn.push(DnType::OrganizationName, "twinbridge");
    params.distinguished_name = dn;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    Ok(params)
}

/// Load the CA from the state (or make and store one), then issue a server certificate.
pub fn load_or_create(store: &Store, extra_names: &[String]) -> Result<EmulatorTls, TlsSetupError> {
    let stored: Option<(String, String)> = store.with(|c| {
        c.execute_batch(
            "CREATE TABLE IF NOT EXISTS emulator_ca (id INTEGER PRIMARY KEY CHECK (id = 1), cert_pem TEXT NOT NULL, key_pem TEXT NOT NULL);",
        )?;
        c.query_row("SELECT cert_pem, key_pem FROM emulator_ca WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
    })?;
    let (ca_pem, ca_key) = match stored {
        Some((cert, key)) => (cert, KeyPair::from_pem(&key)?),
        None => {
            let key = KeyPair::generate()?;
            let cert = ca_params()?.self_signed(&key)?;
            let (cert_pem, key_pem) = (cert.pem(), key.serialize_pem());
            store.with(|c| {
                c.execute(
                    "INSERT OR REPLACE INTO emulator_ca (id, cert_pem, key_pem) VALUES (1, ?1, ?2)",
                    rusqlite::params![cert_pem, key_pem],
                )
            })?;
            (cert_pem, key)
        }
    };
    let issuer = Issuer::new(ca_params()?, ca_key);
    let mut names = vec!["localhost".to_string(), "127.0.0.1".into(), "::1".into()];
    for n in extra_names {
        if !names.iter().any(|x| x.eq_ignore_ascii_case(n)) {
            names.push(n.clone());
        }
    }
    let mut params = CertificateParams::new(names)?;
    params
        .distinguished_name
        .push(DnType::CommonName, "twinbridge emulator");
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    let server_key = KeyPair::generate()?;
    let server_cert = params.signed_by(&server_key, &issuer)?;
    let ca_der = rustls::pki_types::pem::PemObject::from_pem_slice(ca_pem.as_bytes())
        .map_err(|e: rustls::pki_types::pem::Error| TlsSetupError::Config(e.to_string()))?;
    let chain: Vec<CertificateDer<'static>> = vec![server_cert.der().clone(), ca_der];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der()));
    let server = rustls::ServerConfig::builder_with_provider(crate::hub::tls::provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError::Config(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| TlsSetupError::Config(e.to_string()))?;
    Ok(EmulatorTls {
        ca_pem,
        server: Arc::new(server),
    })
}
