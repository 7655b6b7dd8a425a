//! Shared access signatures: DPS and IoT Hub SAS tokens (device and policy), their verification,
//! group key derivation, and IoT Hub connection strings. Pure: no I/O, no clock reads except
//! where a caller passes `now`.
//!
//! Facts (`shared/docs/azure-protocols.md` B.1, B.2, C.1): a token is
//! `SharedAccessSignature sr={urlenc(uri)}&sig={urlenc(b64(hmac))}&se={expiry}[&skn={policy}]`,
//! signed over `{urlenc(uri)}\n{expiry}` with the base64-decoded key; a device's key in an
//! enrollment group is `b64(hmac(b64dec(groupKey), registrationId))`.
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use sha2::Sha256;
use std::fmt;

/// What encodeURIComponent-strict leaves alone: alphanumerics and `-_.~` (what Python's
/// `quote_plus` and the Node SDK produce for the characters that occur in resource URIs).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The `skn` DPS devices use.
pub const DPS_REGISTRATION_POLICY: &str = "registration";

/// Why a key, token or connection string is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SasError {
    #[error("the key is not base64: {0}")]
    KeyNotBase64(String),
    #[error("not a SharedAccessSignature token: {0}")]
    Malformed(String),
    #[error("the token has expired")]
    Expired,
    #[error("the token is for {actual:?}, not {expected:?}")]
    WrongResource { expected: String, actual: String },
    #[error("the token's signature does not match the key")]
    BadSignature,
    #[error("connection string: {0}")]
    ConnectionString(String),
}

/// URL-encode one component the way the SDKs do.
pub fn url_encode(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

fn decode_key(key_b64: &str) -> Result<Vec<u8>, SasError> {
    B64.decode(key_b64.trim())
        .map_err(|e| SasError::KeyNotBase64(e.to_string()))
}

/// base64(HMAC-SHA256(key, msg)): the primitive of SAS tokens, group key derivation and Azure
/// Storage Shared Key signatures.
pub fn hmac_b64(key: &[u8], msg: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("hmac takes any key length");
    mac.update(msg);
    B64.encode(mac.finalize().into_bytes())
}

/// A device's key in a symmetric-key enrollment group:
/// `base64(HMAC-SHA256(base64decode(group_key), registration_id))`.
pub fn derive_device_key(group_key_b64: &str, registration_id: &str) -> Result<String, SasError> {
    Ok(hmac_b64(
        &decode_key(group_key_b64)?,
        registration_id.as_bytes(),
    ))
}

/// A SAS token for `resource_uri` (un-encoded, e.g. `hub.azure-devices.net/devices/d1`) valid
/// until `expiry` (seconds since the epoch); `policy` adds `skn` (DPS: `registration`; service
/// policies such as `iothubowner`; device tokens have none).
pub fn generate_token(
    resource_uri: &str,
    key_b64: &str,
    expiry: u64,
    policy: Option<&str>,
) -> Result<String, SasError> {
    let sr = url_encode(resource_uri);
    let sig = hmac_b64(&decode_key(key_b64)?, format!("{sr}\n{expiry}").as_bytes());
    let mut token = format!(
        "SharedAccessSignature sr={sr}&sig={}&se={expiry}",
        url_encode(&sig)
    );
    if let Some(p) = policy {
        token.push_str("&skn=");
        token.push_str(&url_encode(p));
    }
    Ok(token)
}

/// The DPS resource URI of a registration: `{idScope}/registrations/{registrationId}`.
pub fn dps_resource(id_scope: &str, registration_id: &str) -> String {
    format!("{id_scope}/registrations/{registration_id}")
}

/// The DPS device token (`skn=registration`).
pub fn dps_token(
    id_scope: &str,
    registration_id: &str,
    device_key_b64: &str,
    expiry: u64,
) -> Result<String, SasError> {
    generate_token(
        &dps_resource(id_scope, registration_id),
        device_key_b64,
        expiry,
        Some(DPS_REGISTRATION_POLICY),
    )
}

/// The IoT Hub resource URI of a device: `{hub}/devices/{deviceId}`.
pub fn device_resource(hub_host: &str, device_id: &str) -> String {
    format!("{hub_host}/devices/{device_id}")
}

/// An IoT Hub device token (no `skn`).
pub fn device_token(
    hub_host: &str,
    device_id: &str,
    device_key_b64: &str,
    expiry: u64,
) -> Result<String, SasError> {
    generate_token(
        &device_resource(hub_host, device_id),
        device_key_b64,
        expiry,
        None,
    )
}

/// A parsed token. `signed_sr` is `sr` exactly as sent (what was signed).
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedToken {
    /// The decoded resource URI.
    pub resource: String,
    signed_sr: String,
    sig: String,
    pub expiry: u64,
    pub policy: Option<String>,
}

impl fmt::Debug for ParsedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParsedToken")
            .field("resource", &self.resource)
            .field("expiry", &self.expiry)
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

/// Parse `SharedAccessSignature sr=..&sig=..&se=..[&skn=..]` (fields in any order).
pub fn parse_token(token: &str) -> Result<ParsedToken, SasError> {
    let rest = token
        .trim()
        .strip_prefix("SharedAccessSignature ")
        .ok_or_else(|| SasError::Malformed("missing the `SharedAccessSignature ` prefix".into()))?;
    let (mut sr, mut sig, mut se, mut skn) = (None, None, None, None);
    for part in rest.split('&') {
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| SasError::Malformed(format!("field {part:?} has no `=`")))?;
        match k {
            "sr" => sr = Some(v.to_string()),
            "sig" => sig = Some(v.to_string()),
            "se" => se = Some(v.to_string()),
            "skn" => skn = Some(v.to_string()),
            _ => {}
        }
    }
    let signed_sr = sr.ok_or_else(|| SasError::Malformed("no `sr`".into()))?;
    let sig = sig.ok_or_else(|| SasError::Malformed("no `sig`".into()))?;
    let expiry = se
        .ok_or_else(|| SasError::Malformed("no `se`".into()))?
        .parse::<u64>()
        .map_err(|_| SasError::Malformed("`se` is not a number".into()))?;
    let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
    Ok(ParsedToken {
        resource: decode(&signed_sr),
        sig: decode(&sig),
        signed_sr,
        expiry,
        policy: skn.map(|s| decode(&s)),
    })
}

impl ParsedToken {
    /// True when the signature was made with `key_b64`.
    pub fn signed_with(&self, key_b64: &str) -> bool {
        let Ok(key) = decode_key(key_b64) else {
            return false;
        };
        let expected = hmac_b64(
            &key,
            format!("{}\n{}", self.signed_sr, self.expiry).as_bytes(),
        );
        constant_time_eq(expected.as_bytes(), self.sig.as_bytes())
    }

    /// Check expiry, resource and signature: the token's resource must equal `resource` or be
    /// a prefix of it at a `/` (case-insensitive, as the services compare host names); one of
    /// `keys` must have signed it.
    pub fn verify(&self, resource: &str, keys: &[&str], now: u64) -> Result<(), SasError> {
        if self.expiry <= now {
            return Err(SasError::Expired);
        }
        let have = self.resource.trim_end_matches('/').to_ascii_lowercase();
        let want = resource.to_ascii_lowercase();
        let covers = want == have
            || (want.starts_with(&have) && want.as_bytes().get(have.len()) == Some(&b'/'));
        if !covers {
            return Err(SasError::WrongResource {
                expected: resource.to_string(),
                actual: self.resource.clone(),
            });
        }
        if keys.iter().any(|k| self.signed_with(k)) {
            Ok(())
        } else {
            Err(SasError::BadSignature)
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// An IoT Hub connection string: a device's (`DeviceId` + key) or a service policy's
/// (`SharedAccessKeyName` + key).
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectionString {
    pub host_name: String,
    pub device_id: Option<String>,
    pub key_name: Option<String>,
    pub key: String,
}

impl fmt::Debug for ConnectionString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionString")
            .field("host_name", &self.host_name)
            .field("device_id", &self.device_id)
            .field("key_name", &self.key_name)
            .field("key", &"<redacted>")
            .finish()
    }
}

impl ConnectionString {
    /// Parse `HostName=..;DeviceId=..;SharedAccessKey=..` or
    /// `HostName=..;SharedAccessKeyName=..;SharedAccessKey=..`.
    pub fn parse(s: &str) -> Result<Self, SasError> {
        let (mut host, mut dev, mut name, mut key) = (None, None, None, None);
        for (n, part) in s
            .trim()
            .split(';')
            .filter(|p| !p.trim().is_empty())
            .enumerate()
        {
            // The part itself is not shown: it may be (a piece of) the key.
            let (k, v) = part.split_once('=').ok_or_else(|| {
                SasError::ConnectionString(format!(
                    "part {} (of those separated by ';') is not KEY=VALUE",
                    n + 1
                ))
            })?;
            match k.trim().to_ascii_lowercase().as_str() {
                "hostname" => host = Some(v.trim().to_string()),
                "deviceid" => dev = Some(v.trim().to_string()),
                "sharedaccesskeyname" => name = Some(v.trim().to_string()),
                "sharedaccesskey" => key = Some(v.trim().to_string()),
                _ => {}
            }
        }
        let host_name = host.ok_or_else(|| SasError::ConnectionString("no HostName=...".into()))?;
        let key = key.ok_or_else(|| SasError::ConnectionString("no SharedAccessKey=...".into()))?;
        decode_key(&key)?;
        if dev.is_none() && name.is_none() {
            return Err(SasError::ConnectionString(
                "needs DeviceId=... (a device) or SharedAccessKeyName=... (a policy)".into(),
            ));
        }
        Ok(Self {
            host_name,
            device_id: dev,
            key_name: name,
            key,
        })
    }

    /// A service token for the whole hub (policy connection strings).
    pub fn service_token(&self, expiry: u64) -> Result<String, SasError> {
        generate_token(&self.host_name, &self.key, expiry, self.key_name.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GROUP: &str =
        "oiK77Oy7rBw8YB6IS6ukRChAw+Yq6GC61RMrPLSTiOOtdI+XDu0LmLuNm11p+qv2I+adqGUdZHm46zXAQdZoOA==";

    #[test]
    fn group_key_derivation_matches_the_verified_vectors() {
        assert_eq!(
            derive_device_key(GROUP, "breakroom499-contoso-tstrsd-007").unwrap(),
            "JC8F96eayuQwwz+PkE7IzjH2lIAjCUnAa61tDigBnSs="
        );
        assert_eq!(
            derive_device_key(GROUP, "mainbuilding167-contoso-hpsd-088").unwrap(),
            "6uejA9PfkQgmYylj8Zerp3kcbeVrGZ172YLa7VSnJzg="
        );
        assert!(matches!(
            derive_device_key("not base64!", "x"),
            Err(SasError::KeyNotBase64(_))
        ));
    }

    #[test]
    fn device_token_matches_the_verified_vector() {
        let key = "18RQk/hOPJR9EbsJlk2j8WA6vWaj/yi+oaYg7zmxfQNdOyMSu+SJ8O7TSlZhDJCYmn4rzEiVKIzNiVAWjLxrGA==";
        let t = device_token(
            "MyExampleHub.azure-devices.net",
            "my-symkey-device",
            key,
            1663119026,
        )
        .unwrap();
        assert_eq!(
            t,
            "SharedAccessSignature sr=MyExampleHub.azure-devices.net%2Fdevices%2Fmy-symkey-device&sig=f%2BwW8XOKeJOtiPc9Iwjc4OpExvPM7NlhM9qxN2a1aAM%3D&se=1663119026"
        );
        let p = parse_token(&t).unwrap();
        assert_eq!(
            p.resource,
            "MyExampleHub.azure-devices.net/devices/my-symkey-device"
        );
        assert!(
            p.verify(
                "myexamplehub.azure-devices.net/devices/my-symkey-device",
                &[key],
                1663119000
            )
            .is_ok()
        );
        assert_eq!(
            p.verify(
                "MyExampleHub.azure-devices.net/devices/my-symkey-device",
                &[key],
                1663119026
            ),
            Err(SasError::Expired)
        );
        assert!(matches!(
            p.verify("MyExampleHub.azure-devices.net/devices/other", &[key], 0),
            Err(SasError::WrongResource { .. })
        ));
        assert_eq!(
            p.verify(
                "MyExampleHub.azure-devices.net/devices/my-symkey-device",
                &[GROUP],
                0
            ),
            Err(SasError::BadSignature)
        );
    }

    #[test]
    fn dps_token_has_the_registration_policy_and_round_trips() {
        let key = derive_device_key(GROUP, "dev-1").unwrap();
        let t = dps_token("0ne00111111", "dev-1", &key, 2_000_000_000).unwrap();
        assert!(t.starts_with("SharedAccessSignature sr=0ne00111111%2Fregistrations%2Fdev-1&sig="));
        assert!(t.ends_with("&se=2000000000&skn=registration"));
        let p = parse_token(&t).unwrap();
        assert_eq!(p.policy.as_deref(), Some("registration"));
        assert!(
            p.verify("0ne00111111/registrations/dev-1", &[&key], 0)
                .is_ok()
        );
    }

    #[test]
    fn unencoded_sr_from_the_node_sdk_verifies() {
        // Node signs and sends the raw resource; what was signed is what was sent.
        let key = derive_device_key(GROUP, "d").unwrap();
        let raw = "0ne1/registrations/d";
        let sig = hmac_b64(&B64.decode(&key).unwrap(), format!("{raw}\n99").as_bytes());
        let t = format!(
            "SharedAccessSignature sr={raw}&sig={}&se=99&skn=registration",
            url_encode(&sig)
        );
        assert!(parse_token(&t).unwrap().verify(raw, &[&key], 1).is_ok());
    }

    #[test]
    fn malformed_tokens_say_why() {
        assert!(matches!(
            parse_token("Bearer x"),
            Err(SasError::Malformed(_))
        ));
        assert!(matches!(
            parse_token("SharedAccessSignature sr=a&sig=b"),
            Err(SasError::Malformed(m)) if m.contains("se")
        ));
    }

    #[test]
    fn connection_strings() {
        let c = ConnectionString::parse(
            "HostName=h.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=AAAA",
        )
        .unwrap();
        assert_eq!(c.key_name.as_deref(), Some("iothubowner"));
        assert!(!format!("{c:?}").contains("AAAA"));
        let t = c.service_token(10).unwrap();
        assert!(t.contains("sr=h.azure-devices.net&") && t.ends_with("skn=iothubowner"));
        let d = ConnectionString::parse("HostName=h;DeviceId=d1;SharedAccessKey=AAAA").unwrap();
        assert_eq!(d.device_id.as_deref(), Some("d1"));
        assert!(ConnectionString::parse("HostName=h;SharedAccessKey=AAAA").is_err());
        assert!(ConnectionString::parse("HostName=h;DeviceId=d").is_err());
    }
}
