//! Transport security: a credential (an Entra ID token, a SAS, a Shared Key signature, a
//! connection string's key) travels over plain HTTP or AMQP only to a loopback host, or when
//! the user said so with `--allow-insecure-transport`. Checked before anything is contacted.
use crate::error::UsageError;
use crate::secret::{is_loopback_host, redact_url};
use url::Url;

/// How the user allows plain text, for hints.
pub const ALLOW_HINT: &str = "--allow-insecure-transport (or TWINBRIDGE_ALLOW_INSECURE_TRANSPORT=true, or allow-insecure-transport = true in the config file)";

/// Refuse a plain-text endpoint on a host that is not loopback unless `allow`.
///
/// `setting` names where the endpoint came from, `shown` is the endpoint (redacted here), `fix`
/// the secure alternative.
pub fn check_plain(
    setting: &str,
    shown: &str,
    host: &str,
    allow: bool,
    fix: &str,
) -> Result<(), UsageError> {
    if allow || is_loopback_host(host) {
        return Ok(());
    }
    Err(UsageError::new(format!(
        "{setting} {} is not encrypted and {host} is not a loopback address: its credential would cross the network in clear",
        redact_url(shown)
    ))
    .with_hint(format!(
        "{fix}; on a network you trust (a private test network, a TLS-terminating sidecar) pass {ALLOW_HINT}"
    )))
}

/// [`check_plain`] for an `http://` URL (an `https://` one always passes).
pub fn check_url(setting: &str, url: &Url, allow: bool) -> Result<(), UsageError> {
    if url.scheme() != "http" {
        return Ok(());
    }
    let fix = match setting {
        "adt-url" => "use the instance's https:// URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net".to_string(),
        _ => format!("use https://{} instead", url.host_str().unwrap_or("HOST")),
    };
    check_plain(
        setting,
        url.as_str(),
        url.host_str().unwrap_or(""),
        allow,
        &fix,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        s.parse().unwrap()
    }

    #[test]
    fn plain_http_only_to_loopback_unless_allowed() {
        for ok in [
            "https://adt.example.invalid",
            "http://127.0.0.1:8480",
            "http://localhost:8480",
            "http://[::1]:8480",
        ] {
            assert!(check_url("adt-url", &url(ok), false).is_ok(), "{ok}");
        }
        let e = check_url("adt-url", &url("http://adt.example.invalid"), false).unwrap_err();
        assert!(
            e.message.contains("adt-url") && e.message.contains("adt.example.invalid"),
            "{}",
            e.message
        );
        let hint = e.hint.unwrap();
        assert!(hint.contains("https://") && hint.contains("--allow-insecure-transport"));
        assert!(check_url("adt-url", &url("http://adt.example.invalid"), true).is_ok());
        let e = check_url(
            "--checkpoint-store",
            &url("http://10.1.2.3/acct/cp?sv=1&sig=SECRET"),
            false,
        )
        .unwrap_err();
        assert!(!e.message.contains("SECRET"), "{}", e.message);
    }
}
