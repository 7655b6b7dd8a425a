//! How the blob store authenticates: Entra ID bearer token, account key (Shared Key signing), or
//! a SAS query. Pure apart from asking the token source for a token.
//!
//! Shared Key string-to-sign (x-ms-version 2015-02-21 and later): the verb, eleven standard
//! headers (Content-Length empty when 0), the canonicalized `x-ms-*` headers and the
//! canonicalized resource `/{account}{url path as sent}` plus sorted `name:value` query lines.
//! With path-style URLs (Azurite: `http://127.0.0.1:10000/devstoreaccount1/container`) the URL
//! path already starts with the account, so it appears twice: `/devstoreaccount1/devstoreaccount1/…`.
use crate::auth::TokenSource;
use crate::settings::Secret;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use reqwest::header::HeaderMap;
use std::fmt;
use std::sync::Arc;
use url::Url;

/// A blob store credential.
#[derive(Clone)]
pub enum BlobAuth {
    /// Entra ID bearer tokens for `https://storage.azure.com/.default` (needs the *Storage Blob
    /// Data Contributor* role on the container or account).
    Token(Arc<dyn TokenSource>),
    /// The storage account name and its base64 account key: requests are Shared Key signed.
    SharedKey { account: String, key: Secret },
    /// A shared access signature (the query string, without `?`), appended to every request.
    Sas(Secret),
}

impl fmt::Debug for BlobAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Token(_) => f.write_str("Token(<entra id>)"),
            Self::SharedKey { account, .. } => write!(f, "SharedKey({account}, <redacted>)"),
            Self::Sas(_) => f.write_str("Sas(<redacted>)"),
        }
    }
}

impl BlobAuth {
    /// Short name for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Token(_) => "Entra ID token",
            Self::SharedKey { .. } => "account key",
            Self::Sas(_) => "SAS",
        }
    }
}

/// Decode an account key; `None` if it is not base64.
pub(crate) fn decode_key(key: &str) -> Option<Vec<u8>> {
    B64.decode(key.trim()).ok().filter(|k| !k.is_empty())
}

/// The Shared Key `Authorization` header value for a request.
pub(crate) fn shared_key_authorization(
    account: &str,
    key: &[u8],
    method: &str,
    url: &Url,
    headers: &HeaderMap,
) -> String {
    let to_sign = string_to_sign(account, method, url, headers);
    let sig = crate::sas::hmac_b64(key, to_sign.as_bytes());
    format!("SharedKey {account}:{sig}")
}

/// The Shared Key string-to-sign.
pub(crate) fn string_to_sign(
    account: &str,
    method: &str,
    url: &Url,
    headers: &HeaderMap,
) -> String {
    let h = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let content_length = match h("content-length").as_str() {
        "0" => String::new(),
        other => other.to_string(),
    };
    let mut s = String::new();
    for part in [
        method.to_string(),
        h("content-encoding"),
        h("content-language"),
        content_length,
        h("content-md5"),
        h("content-type"),
        h("date"),
        h("if-modified-since"),
        h("if-match"),
        h("if-none-match"),
        h("if-unmodified-since"),
        h("range"),
    ] {
        s.push_str(&part);
        s.push('\n');
    }
    // Canonicalized headers: x-ms-*, lower-cased, sorted, `name:value\n`.
    let mut ms: Vec<(String, String)> = headers
        .iter()
        .filter(|(n, _)| n.as_str().starts_with("x-ms-"))
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                v.to_str().unwrap_or("").trim().to_string(),
            )
        })
        .collect();
    ms.sort();
    for (n, v) in ms {
        s.push_str(&format!("{n}:{v}\n"));
    }
    // Canonicalized resource.
    s.push('/');
    s.push_str(account);
    s.push_str(url.path());
    let mut params: Vec<(String, Vec<String>)> = Vec::new();
    for (k, v) in url.query_pairs() {
        let k = k.to_lowercase();
        match params.iter_mut().find(|(n, _)| *n == k) {
            Some((_, vs)) => vs.push(v.into_owned()),
            None => params.push((k, vec![v.into_owned()])),
        }
    }
    params.sort();
    for (k, mut vs) in params {
        vs.sort();
        s.push_str(&format!("\n{k}:{}", vs.join(",")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn path_style_urls_repeat_the_account() {
        let url: Url = "http://127.0.0.1:10000/devstoreaccount1/cp?restype=container&comp=list&prefix=ns%2Fhub%2F%24default%2Fcheckpoint%2F&include=metadata"
            .parse()
            .unwrap();
        let h = headers(&[
            ("x-ms-version", "2021-08-06"),
            ("x-ms-date", "Fri, 27 Nov 2026 10:00:00 GMT"),
        ]);
        let s = string_to_sign("devstoreaccount1", "GET", &url, &h);
        assert_eq!(
            s,
            "GET\n\n\n\n\n\n\n\n\n\n\n\n\
             x-ms-date:Fri, 27 Nov 2026 10:00:00 GMT\nx-ms-version:2021-08-06\n\
             /devstoreaccount1/devstoreaccount1/cp\ncomp:list\ninclude:metadata\nprefix:ns/hub/$default/checkpoint/\nrestype:container"
        );
    }

    #[test]
    fn conditional_put_signs_the_condition_and_an_empty_length() {
        let url: Url = "https://acct.blob.core.windows.net/cp/ns/hub/%24default/ownership/0"
            .parse()
            .unwrap();
        let h = headers(&[
            ("content-length", "0"),
            ("if-none-match", "*"),
            ("x-ms-blob-type", "BlockBlob"),
            ("x-ms-meta-ownerid", "me"),
        ]);
        let s = string_to_sign("acct", "PUT", &url, &h);
        assert_eq!(
            s,
            "PUT\n\n\n\n\n\n\n\n\n*\n\n\nx-ms-blob-type:BlockBlob\nx-ms-meta-ownerid:me\n/acct/cp/ns/hub/%24default/ownership/0"
        );
        let auth = shared_key_authorization("acct", b"key", "PUT", &url, &h);
        assert!(auth.starts_with("SharedKey acct:"), "{auth}");
    }

    #[test]
    fn keys_must_be_base64() {
        assert!(decode_key("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==").is_some());
        assert!(decode_key("not base64!").is_none());
        assert!(decode_key("").is_none());
    }

    #[test]
    fn debug_never_shows_secrets() {
        let a = BlobAuth::SharedKey {
            account: "acct".into(),
            key: Secret::new("c2VjcmV0"),
        };
        assert!(!format!("{a:?}").contains("c2VjcmV0"));
        assert!(!format!("{:?}", BlobAuth::Sas(Secret::new("sig=abc"))).contains("abc"));
    }
}
