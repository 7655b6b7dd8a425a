//! Secrets and how they stay out of output: [`Secret`] (redacted by `Debug`), the one redaction
//! of URLs that carry credentials ([`redact_url`]), the one of connection strings
//! ([`redact_connection_string`]), [`redact_text`] for free text that may embed either, and
//! [`is_loopback_host`], the rule for where a credential may travel over plain text. Pure.
use std::fmt;

/// What replaces a secret in output.
pub const REDACTED: &str = "<redacted>";

/// Connection-string keys whose value is a credential (compared case-insensitively).
const CONNECTION_STRING_SECRETS: &[&str] = &[
    "sharedaccesskey",
    "sharedaccesssignature",
    "accountkey",
    "primarykey",
    "secondarykey",
    "password",
];

/// URL query parameters whose value is a credential: a SAS signature (`sig`), an Azure Functions
/// key (`code`), and the usual token names.
const QUERY_SECRETS: &[&str] = &[
    "sig",
    "signature",
    "code",
    "key",
    "token",
    "access_token",
    "client_secret",
];

/// A secret string: never printed by `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

fn is_secret(name: &str, list: &[&str]) -> bool {
    let name = name.trim();
    list.iter().any(|s| s.eq_ignore_ascii_case(name))
}

/// A URL safe to print: the values of credential query parameters (`sig`, `code`, ...) and a
/// password in the user info are replaced; everything else (host, path, `sv`, `se`, `sp`) stays
/// so that the message still says where and what. Works on text that is not a valid URL too.
pub fn redact_url(url: &str) -> String {
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (url, None),
    };
    let (base, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let mut out = redact_userinfo(base);
    if let Some(q) = query {
        out.push('?');
        let pairs: Vec<String> = q
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, _)) if is_secret(&decode_name(k), QUERY_SECRETS) => {
                    format!("{k}={REDACTED}")
                }
                _ => pair.to_string(),
            })
            .collect();
        out.push_str(&pairs.join("&"));
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// `scheme://user:password@host/...` with the password replaced.
fn redact_userinfo(base: &str) -> String {
    let Some((scheme, after)) = base.split_once("://") else {
        return base.to_string();
    };
    let authority_end = after.find('/').unwrap_or(after.len());
    let (authority, path) = after.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            let shown = if userinfo.contains(':') {
                format!("{user}:{REDACTED}")
            } else {
                REDACTED.to_string()
            };
            format!("{scheme}://{shown}@{host}{path}")
        }
        None => base.to_string(),
    }
}

/// A query parameter name with `%XX` escapes decoded (so `%73ig` is still `sig`).
fn decode_name(k: &str) -> String {
    percent_encoding::percent_decode_str(k)
        .decode_utf8_lossy()
        .into_owned()
}

/// A connection string safe to print: `SharedAccessKey`, `SharedAccessSignature`, `AccountKey`
/// (and the like) replaced; URL values (`BlobEndpoint=https://...?sig=...`) go through
/// [`redact_url`].
pub fn redact_connection_string(cs: &str) -> String {
    cs.split(';')
        .map(|part| match part.split_once('=') {
            Some((k, _)) if is_secret(k, CONNECTION_STRING_SECRETS) => format!("{k}={REDACTED}"),
            Some((k, v)) if v.contains('?') || v.contains('@') => format!("{k}={}", redact_url(v)),
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// Free text (an error message from a library, a log line) with every `NAME=VALUE` whose name
/// is a credential in a connection string or a URL query replaced. The value ends at `;`, `&`,
/// whitespace, a quote, or a closing bracket.
pub fn redact_text(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        let boundary = i == 0 || !is_name_byte(bytes[i - 1]);
        let hit = boundary
            .then(|| {
                CONNECTION_STRING_SECRETS
                    .iter()
                    .chain(QUERY_SECRETS)
                    .find(|name| {
                        lower[i..].starts_with(**name) && bytes.get(i + name.len()) == Some(&b'=')
                    })
            })
            .flatten();
        match hit {
            Some(name) => {
                let value_start = i + name.len() + 1;
                let value_end = text[value_start..]
                    .find(|c: char| {
                        c.is_whitespace()
                            || matches!(c, ';' | '&' | '"' | '\'' | ')' | ']' | '}' | '<' | '>')
                    })
                    .map_or(text.len(), |n| value_start + n);
                let value = &text[value_start..value_end];
                // `SharedAccessKey=...` in a hint is a placeholder, not a key.
                let placeholder = value.chars().all(|c| c == '.' || c == '…');
                out.push_str(&text[i..value_start]);
                out.push_str(if placeholder { value } else { REDACTED });
                i = value_end;
            }
            None => {
                let ch = text[i..].chars().next().unwrap_or_default();
                out.push(ch);
                i += ch.len_utf8().max(1);
            }
        }
    }
    out
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// True for `localhost`, 127.0.0.0/8 and `::1` (with or without brackets, case-insensitive):
/// the only hosts a credential may travel to over plain HTTP or AMQP without
/// `--allow-insecure-transport`.
pub fn is_loopback_host(host: &str) -> bool {
    let h = host.trim().trim_start_matches('[').trim_end_matches(']');
    if h.eq_ignore_ascii_case("localhost") {
        return true;
    }
    h.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_keep_where_and_lose_credentials() {
        assert_eq!(
            redact_url("https://acct.blob.core.windows.net/cp?sv=2021&sp=rwl&sig=abc%2Bdef"),
            "https://acct.blob.core.windows.net/cp?sv=2021&sp=rwl&sig=<redacted>"
        );
        assert_eq!(
            redact_url("http://127.0.0.1:7071/api/allocate?code=FUNCKEY#x"),
            "http://127.0.0.1:7071/api/allocate?code=<redacted>#x"
        );
        assert_eq!(
            redact_url("https://user:pw@host/p?%73ig=zz"),
            "https://user:<redacted>@host/p?%73ig=<redacted>"
        );
        assert_eq!(redact_url("blob:https://a/c"), "blob:https://a/c");
        assert_eq!(redact_url("not a url ?SIG=1"), "not a url ?SIG=<redacted>");
    }

    #[test]
    fn connection_strings_lose_keys_only() {
        assert_eq!(
            redact_connection_string(
                "Endpoint=sb://ns/;SharedAccessKeyName=listen;SharedAccessKey=K==;EntityPath=h"
            ),
            "Endpoint=sb://ns/;SharedAccessKeyName=listen;SharedAccessKey=<redacted>;EntityPath=h"
        );
        assert_eq!(
            redact_connection_string(
                "AccountName=a;accountkey=K;BlobEndpoint=https://a/?sv=1&sig=S;SharedAccessSignature=sv=1&sig=S"
            ),
            "AccountName=a;accountkey=<redacted>;BlobEndpoint=https://a/?sv=1&sig=<redacted>;SharedAccessSignature=<redacted>"
        );
    }

    #[test]
    fn free_text_loses_embedded_credentials() {
        let t = "error sending request for url (http://h/c?comp=list&sig=S3CR3T) at line 1: \
                 \"Endpoint=sb://x/;SharedAccessKeyName=n;SharedAccessKey=K3Y==\"; token=T0K exit code=1";
        let r = redact_text(t);
        for s in ["S3CR3T", "K3Y", "T0K"] {
            assert!(!r.contains(s), "{r}");
        }
        assert!(r.contains("SharedAccessKeyName=n"), "{r}");
        assert!(r.contains("comp=list&sig=<redacted>)"), "{r}");
        // names are whole words: `design=1` is not `sig=`, `keyname=` is not `key=`
        assert_eq!(redact_text("design=1 keyname=x"), "design=1 keyname=x");
        assert_eq!(redact_text("ünïcode sig=é ok"), "ünïcode sig=<redacted> ok");
        // placeholders in hints stay
        assert_eq!(
            redact_text("AccountKey=…;SharedAccessKey=...;SharedAccessKey=<key>"),
            "AccountKey=…;SharedAccessKey=...;SharedAccessKey=<key>"
        );
    }

    #[test]
    fn loopback_hosts() {
        for h in [
            "localhost",
            "LOCALHOST",
            "127.0.0.1",
            "127.3.2.1",
            "::1",
            "[::1]",
        ] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in [
            "adt.example.invalid",
            "10.0.0.1",
            "localhost.example.com",
            "128.0.0.1",
            "[::2]",
            "",
        ] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }
}
