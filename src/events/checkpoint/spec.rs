//! The checkpoint store spec: `file:PATH`, `blob:URL`, or a storage connection string. Pure
//! parsing; [`open_store`] then builds the store (no I/O until the store is used).
//!
//! - `file:PATH` (or `file:` for the default directory the settings resolved, normally
//!   `$XDG_STATE_HOME/twinbridge/checkpoints`).
//! - `blob:https://ACCOUNT.blob.core.windows.net/CONTAINER` (or `blob:http://127.0.0.1:10000/ACCOUNT/CONTAINER`
//!   for Azurite). Auth: a SAS in the URL's query (`?sv=…&sig=…`), else the account key from
//!   [`StoreOptions::account_key`], else Entra ID tokens from [`StoreOptions::tokens`].
//! - `DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net`
//!   (or with `BlobEndpoint=…`, `SharedAccessSignature=…`, or `UseDevelopmentStorage=true`),
//!   plus `;ContainerName=…` or [`StoreOptions::container`].
use super::{BlobAuth, BlobCheckpointStore, CheckpointError, CheckpointStore, FileCheckpointStore};
use crate::auth::TokenSource;
use crate::retry::RetryPolicy;
use crate::settings::Secret;
use std::path::PathBuf;
use std::sync::Arc;
use url::Url;

/// The Azurite / storage emulator well-known account.
pub const DEV_ACCOUNT: &str = "devstoreaccount1";
/// The Azurite / storage emulator well-known key (public, documented by Microsoft).
pub const DEV_ACCOUNT_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/// What a spec may need from the resolved settings.
#[derive(Clone, Default)]
pub struct StoreOptions {
    /// Directory used by a bare `file:`.
    pub default_dir: Option<PathBuf>,
    /// Entra ID tokens for a `blob:` URL with neither SAS nor account key.
    pub tokens: Option<Arc<dyn TokenSource>>,
    /// Account key for a `blob:` URL (Shared Key signing).
    pub account_key: Option<Secret>,
    /// Container for a connection string without `ContainerName=`.
    pub container: Option<String>,
    /// Retry policy for the blob store's transient failures.
    pub retry: RetryPolicy,
}

/// A parsed spec.
#[derive(Debug, Clone)]
pub enum StoreSpec {
    /// Local files under this directory.
    File(PathBuf),
    /// A blob container with its credential (`None`: the SAS in the URL).
    Blob {
        container_url: Url,
        auth: Option<BlobAuth>,
    },
}

impl StoreSpec {
    /// Build the store.
    pub fn open(self, retry: RetryPolicy) -> Result<Arc<dyn CheckpointStore>, CheckpointError> {
        Ok(match self {
            Self::File(dir) => Arc::new(FileCheckpointStore::new(dir)),
            Self::Blob {
                container_url,
                auth,
            } => Arc::new(BlobCheckpointStore::new(container_url, auth)?.with_retry(retry)),
        })
    }
}

/// Parse and open a store spec.
pub fn open_store(
    spec: &str,
    opts: &StoreOptions,
) -> Result<Arc<dyn CheckpointStore>, CheckpointError> {
    parse_spec(spec, opts)?.open(opts.retry)
}

/// Parse a store spec (see the module docs for the forms).
pub fn parse_spec(spec: &str, opts: &StoreOptions) -> Result<StoreSpec, CheckpointError> {
    let spec = spec.trim();
    let err = |detail: &str, fix: &str| CheckpointError::Spec {
        spec: redact_spec(spec),
        detail: detail.into(),
        fix: fix.into(),
    };
    if let Some(path) = spec.strip_prefix("file:") {
        if path.is_empty() {
            return opts
                .default_dir
                .clone()
                .map(StoreSpec::File)
                .ok_or_else(|| {
                    err(
                        "`file:` without a path and no default directory",
                        "write file:PATH",
                    )
                });
        }
        return Ok(StoreSpec::File(PathBuf::from(path)));
    }
    let url_text = spec
        .strip_prefix("blob:")
        .or_else(|| (spec.starts_with("https://") || spec.starts_with("http://")).then_some(spec));
    if let Some(url_text) = url_text {
        let url: Url = url_text.parse().map_err(|e| {
            err(
                &format!("not a URL: {e}"),
                "write blob:https://ACCOUNT.blob.core.windows.net/CONTAINER",
            )
        })?;
        let has_sas = url.query_pairs().any(|(k, _)| k == "sig");
        let auth = if has_sas {
            None
        } else if let Some(key) = &opts.account_key {
            let account = account_of(&url).ok_or_else(|| {
                err("cannot tell the account name from the URL", "use https://ACCOUNT.blob.core.windows.net/CONTAINER, or a connection string with AccountName")
            })?;
            Some(BlobAuth::SharedKey {
                account,
                key: key.clone(),
            })
        } else if let Some(tokens) = &opts.tokens {
            Some(BlobAuth::Token(tokens.clone()))
        } else {
            return Err(err(
                "no credential for the blob store",
                "append a SAS to the URL, give the account key, use Entra ID auth (--auth), or pass a connection string",
            ));
        };
        return Ok(StoreSpec::Blob {
            container_url: url,
            auth,
        });
    }
    if spec.contains('=') && spec.contains(';')
        || spec
            .to_ascii_lowercase()
            .starts_with("usedevelopmentstorage=")
    {
        return parse_connection_string(spec, opts);
    }
    Err(err(
        "not a store spec",
        "use file:PATH, blob:https://ACCOUNT.blob.core.windows.net/CONTAINER, or a storage connection string (DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;ContainerName=…)",
    ))
}

fn parse_connection_string(spec: &str, opts: &StoreOptions) -> Result<StoreSpec, CheckpointError> {
    let err = |detail: &str, fix: &str| CheckpointError::Spec {
        spec: redact_spec(spec),
        detail: detail.into(),
        fix: fix.into(),
    };
    let mut get_map: Vec<(String, String)> = Vec::new();
    for part in spec.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').ok_or_else(|| {
            err(
                &format!(
                    "`{}` is not KEY=VALUE",
                    part.split('=').next().unwrap_or("")
                ),
                "separate KEY=VALUE pairs with `;`",
            )
        })?;
        get_map.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    let get = |k: &str| get_map.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let dev = get("usedevelopmentstorage").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let account = get("accountname").or_else(|| dev.then(|| DEV_ACCOUNT.to_string()));
    let key = get("accountkey").or_else(|| dev.then(|| DEV_ACCOUNT_KEY.to_string()));
    let endpoint = match get("blobendpoint") {
        Some(e) => e,
        None if dev => format!("http://127.0.0.1:10000/{DEV_ACCOUNT}"),
        None => {
            let account = account.clone().ok_or_else(|| {
                err(
                    "no AccountName or BlobEndpoint",
                    "copy the whole connection string from the storage account's Access keys",
                )
            })?;
            let proto = get("defaultendpointsprotocol").unwrap_or_else(|| "https".into());
            let suffix = get("endpointsuffix").unwrap_or_else(|| "core.windows.net".into());
            format!("{proto}://{account}.blob.{suffix}")
        }
    };
    let container = get("containername")
        .or_else(|| get("container"))
        .or_else(|| opts.container.clone())
        .ok_or_else(|| {
            err(
                "no container",
                "append ;ContainerName=NAME to the connection string",
            )
        })?;
    let mut url: Url = format!("{}/{container}", endpoint.trim_end_matches('/'))
        .parse()
        .map_err(|e| {
            err(
                &format!("BlobEndpoint is not a URL: {e}"),
                "BlobEndpoint=https://ACCOUNT.blob.core.windows.net",
            )
        })?;
    let auth = match (key, get("sharedaccesssignature")) {
        (Some(key), _) => {
            let account = account.or_else(|| account_of(&url)).ok_or_else(|| {
                err(
                    "an AccountKey needs AccountName",
                    "add AccountName=… to the connection string",
                )
            })?;
            Some(BlobAuth::SharedKey {
                account,
                key: Secret::new(key),
            })
        }
        (None, Some(sas)) => {
            url.set_query(Some(sas.trim_start_matches('?')));
            None
        }
        (None, None) => match &opts.tokens {
            Some(t) => Some(BlobAuth::Token(t.clone())),
            None => {
                return Err(err(
                    "no AccountKey or SharedAccessSignature",
                    "copy the connection string with its key from the storage account's Access keys",
                ));
            }
        },
    };
    Ok(StoreSpec::Blob {
        container_url: url,
        auth,
    })
}

/// The account of a blob URL: `ACCOUNT.blob.…` host, or the first path segment for path-style
/// URLs (an IP address or `localhost`, as Azurite uses).
fn account_of(url: &Url) -> Option<String> {
    match url.host()? {
        url::Host::Domain(d) if d != "localhost" => d.split('.').next().map(str::to_string),
        _ => url
            .path_segments()?
            .find(|s| !s.is_empty())
            .map(str::to_string),
    }
}

/// A spec safe to print: keys and signatures replaced (a URL through
/// [`crate::secret::redact_url`], a connection string through
/// [`crate::secret::redact_connection_string`]).
pub fn redact_spec(spec: &str) -> String {
    if spec.contains(';') || !spec.contains("://") {
        crate::secret::redact_connection_string(spec)
    } else {
        crate::secret::redact_url(spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::StaticToken;

    fn opts() -> StoreOptions {
        StoreOptions {
            default_dir: Some("/state/twinbridge/checkpoints".into()),
            ..Default::default()
        }
    }

    /// Found by the `connection_strings` fuzz target: an Event Hubs connection string given
    /// as the checkpoint store (an easy mix-up) was echoed in the error with its
    /// `SharedAccessKey`.
    #[test]
    fn a_misplaced_event_hubs_connection_string_is_redacted() {
        let cs = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=SECRETKEY;EntityPath=h";
        let e = parse_spec(cs, &opts()).unwrap_err().to_string();
        assert!(!e.contains("SECRETKEY"), "{e}");
        assert!(e.contains("SharedAccessKey=<redacted>"), "{e}");
        let e = parse_spec(&format!("{cs};?sv=1&sig=S"), &opts())
            .unwrap_err()
            .to_string();
        assert!(!e.contains("SECRETKEY"), "{e}");
    }

    #[test]
    fn file_specs() {
        assert!(
            matches!(parse_spec("file:/tmp/cp", &opts()).unwrap(), StoreSpec::File(p) if p == std::path::Path::new("/tmp/cp"))
        );
        assert!(
            matches!(parse_spec("file:", &opts()).unwrap(), StoreSpec::File(p) if p == std::path::Path::new("/state/twinbridge/checkpoints"))
        );
        let e = parse_spec("file:", &StoreOptions::default()).unwrap_err();
        assert!(e.to_string().contains("file:PATH"), "{e}");
    }

    #[test]
    fn blob_url_with_sas_key_or_token() {
        let s = parse_spec(
            "blob:https://acct.blob.core.windows.net/cp?sv=2021&sig=abc",
            &opts(),
        )
        .unwrap();
        assert!(matches!(s, StoreSpec::Blob { auth: None, .. }));
        let o = StoreOptions {
            account_key: Some(Secret::new(DEV_ACCOUNT_KEY)),
            ..opts()
        };
        let StoreSpec::Blob {
            auth: Some(BlobAuth::SharedKey { account, .. }),
            ..
        } = parse_spec("blob:http://127.0.0.1:10000/devstoreaccount1/cp", &o).unwrap()
        else {
            panic!("shared key expected")
        };
        assert_eq!(account, "devstoreaccount1");
        let StoreSpec::Blob {
            auth: Some(BlobAuth::SharedKey { account, .. }),
            ..
        } = parse_spec("blob:https://acct.blob.core.windows.net/cp", &o).unwrap()
        else {
            panic!("shared key expected")
        };
        assert_eq!(account, "acct");
        let o = StoreOptions {
            tokens: Some(Arc::new(StaticToken("t".into()))),
            ..opts()
        };
        assert!(matches!(
            parse_spec("https://acct.blob.core.windows.net/cp", &o).unwrap(),
            StoreSpec::Blob {
                auth: Some(BlobAuth::Token(_)),
                ..
            }
        ));
        let e = parse_spec("blob:https://acct.blob.core.windows.net/cp", &opts()).unwrap_err();
        assert!(e.to_string().contains("no credential"), "{e}");
    }

    #[test]
    fn connection_strings() {
        let cs = format!(
            "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={DEV_ACCOUNT_KEY};EndpointSuffix=core.windows.net;ContainerName=cp"
        );
        let StoreSpec::Blob {
            container_url,
            auth: Some(BlobAuth::SharedKey { account, .. }),
        } = parse_spec(&cs, &opts()).unwrap()
        else {
            panic!("shared key expected")
        };
        assert_eq!(
            container_url.as_str(),
            "https://acct.blob.core.windows.net/cp"
        );
        assert_eq!(account, "acct");

        let cs = format!(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DEV_ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"
        );
        let o = StoreOptions {
            container: Some("checkpoints".into()),
            ..opts()
        };
        let StoreSpec::Blob { container_url, .. } = parse_spec(&cs, &o).unwrap() else {
            panic!()
        };
        assert_eq!(
            container_url.as_str(),
            "http://127.0.0.1:10000/devstoreaccount1/checkpoints"
        );

        let StoreSpec::Blob { container_url, auth: None } =
            parse_spec("BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=1&sig=x;ContainerName=cp", &opts()).unwrap()
        else {
            panic!("sas expected")
        };
        assert_eq!(
            container_url.as_str(),
            "https://acct.blob.core.windows.net/cp?sv=1&sig=x"
        );

        let StoreSpec::Blob { container_url, .. } =
            parse_spec("UseDevelopmentStorage=true;ContainerName=cp", &opts()).unwrap()
        else {
            panic!()
        };
        assert_eq!(
            container_url.as_str(),
            "http://127.0.0.1:10000/devstoreaccount1/cp"
        );
    }

    #[test]
    fn bad_specs_name_the_fix_and_hide_secrets() {
        let e = parse_spec("AccountName=acct;AccountKey=SECRETKEY==", &opts())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("ContainerName") && !e.contains("SECRETKEY"),
            "{e}"
        );
        let e = parse_spec("/var/lib/cp", &opts()).unwrap_err().to_string();
        assert!(e.contains("file:PATH"), "{e}");
        let e = parse_spec("blob:not a url", &opts())
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a URL"), "{e}");
        assert_eq!(
            redact_spec("blob:https://a/c?sv=1&sig=zzz"),
            "blob:https://a/c?sv=1&sig=<redacted>"
        );
        let e = parse_spec("blob:https://a:99999/c?sv=1&sig=zzz", &opts())
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a URL") && !e.contains("zzz"), "{e}");
    }
}
