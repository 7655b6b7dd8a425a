//! The Azure Blob Storage checkpoint store, over REST (reqwest). Network I/O only.
//!
//! Blob names and metadata are the Azure SDKs' (Python `azure-eventhub-checkpointstoreblob`,
//! .NET `BlobCheckpointStore`), so twinbridge can take over from their processors:
//! `{namespace}/{hub}/{consumer group}/checkpoint/{partition}` (the names lower-cased) with
//! metadata `offset` and `sequencenumber`, and `.../ownership/{partition}` with metadata `ownerid`; the
//! blobs are empty block blobs. Claims are `PUT` with `If-Match: {etag}` (renew/steal) or
//! `If-None-Match: *` (first claim); 412 or 409 means someone else won.
mod rest;

use rest::{error_code, header_value, parse_http_date, quote_etag};

use super::blob_auth::{BlobAuth, decode_key};
use super::{
    Checkpoint, CheckpointError, CheckpointStore, Ownership, partition_order, scope_prefix,
};
use crate::retry::RetryPolicy;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::time::{Duration, SystemTime};
use url::Url;

/// The Blob service REST version the store speaks (pinned; Azurite and Azure both accept it).
pub const BLOB_API_VERSION: &str = "2021-08-06";

/// Claims sent at once.
const CLAIM_CONCURRENCY: usize = 16;

/// Checkpoints and ownership as blobs in one container.
pub struct BlobCheckpointStore {
    http: reqwest::Client,
    /// The container URL without query (a SAS lives in `auth`).
    container_url: Url,
    container: String,
    auth: BlobAuth,
    /// The decoded account key for Shared Key auth.
    key: Option<Vec<u8>>,
    retry: RetryPolicy,
}

impl BlobCheckpointStore {
    /// A store on the container at `container_url`
    /// (`https://ACCOUNT.blob.core.windows.net/CONTAINER`, or path-style
    /// `http://127.0.0.1:10000/ACCOUNT/CONTAINER` for Azurite). A SAS in the URL's query is
    /// used when `auth` is `None`.
    pub fn new(container_url: Url, auth: Option<BlobAuth>) -> Result<Self, CheckpointError> {
        let spec = redact(&container_url);
        let bad = |detail: &str, fix: &str| CheckpointError::Spec {
            spec: spec.clone(),
            detail: detail.into(),
            fix: fix.into(),
        };
        if !matches!(container_url.scheme(), "http" | "https") {
            return Err(bad(
                "the container URL must be http(s)",
                "use https://ACCOUNT.blob.core.windows.net/CONTAINER",
            ));
        }
        let mut url = container_url.clone();
        let sas = url.query().filter(|q| !q.is_empty()).map(str::to_string);
        url.set_query(None);
        url.set_fragment(None);
        let container = url
            .path_segments()
            .and_then(|mut s| s.rfind(|p| !p.is_empty()))
            .map(str::to_string)
            .ok_or_else(|| {
                bad(
                    "the URL names no container",
                    "append the container: https://ACCOUNT.blob.core.windows.net/CONTAINER",
                )
            })?;
        let trimmed = url.path().trim_end_matches('/').to_string();
        url.set_path(&trimmed);
        let auth = match (auth, sas) {
            (Some(a), _) => a,
            (None, Some(q)) => BlobAuth::Sas(crate::settings::Secret::new(q)),
            (None, None) => {
                return Err(bad(
                    "no credential: the URL has no SAS and no account key or Entra ID auth was given",
                    "append a SAS (?sv=...&sig=...), give the account key, or use Entra ID auth",
                ));
            }
        };
        let key = match &auth {
            BlobAuth::SharedKey { key, .. } => Some(decode_key(key.expose()).ok_or_else(|| {
                bad(
                    "the account key is not base64",
                    "copy the key exactly from the storage account's Access keys",
                )
            })?),
            _ => None,
        };
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(10))
            .user_agent(concat!("twinbridge/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                bad(
                    &format!("cannot build the HTTP client: {e}"),
                    "report this as a bug",
                )
            })?;
        Ok(Self {
            http,
            container_url: url,
            container,
            auth,
            key,
            retry: RetryPolicy::default(),
        })
    }

    /// Use this retry policy for transient failures (default: [`RetryPolicy::default`]).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The container URL (no SAS).
    pub fn container_url(&self) -> &Url {
        &self.container_url
    }

    /// Create the container if it does not exist; true if it was created.
    pub async fn create_container_if_missing(&self) -> Result<bool, CheckpointError> {
        let url = self.url_with_query(&self.container_url, &[("restype", "container")]);
        let r = self.send(Method::PUT, url, HeaderMap::new()).await?;
        match r.status.as_u16() {
            201 => Ok(true),
            409 => Ok(false),
            _ => Err(self.error(&r)),
        }
    }

    /// Try one claim: Some(won) or None (lost).
    async fn claim_one(&self, claim: &Ownership) -> Result<Option<Ownership>, CheckpointError> {
        let name = format!(
            "{}ownership/{}",
            scope_prefix(&claim.namespace, &claim.hub, &claim.consumer_group),
            claim.partition.to_lowercase()
        );
        let mut headers = HeaderMap::new();
        headers.insert("x-ms-blob-type", HeaderValue::from_static("BlockBlob"));
        headers.insert(
            "x-ms-meta-ownerid",
            self.meta_value("ownerid", &claim.owner_id)?,
        );
        match &claim.etag {
            Some(etag) => headers.insert("if-match", self.meta_value("etag", etag)?),
            None => headers.insert("if-none-match", HeaderValue::from_static("*")),
        };
        let r = self
            .send(Method::PUT, self.blob_url(&name), headers)
            .await?;
        match r.status.as_u16() {
            200 | 201 => Ok(Some(Ownership {
                etag: r
                    .headers
                    .get("etag")
                    .and_then(|v| v.to_str().ok())
                    .map(quote_etag),
                last_modified: r
                    .headers
                    .get("last-modified")
                    .and_then(|v| v.to_str().ok())
                    .and_then(parse_http_date)
                    .or_else(|| Some(SystemTime::now())),
                ..claim.clone()
            })),
            409 | 412 => Ok(None),
            // If-Match on a blob that was deleted meanwhile: also someone else's doing.
            404 if claim.etag.is_some() && error_code(&r) == "BlobNotFound" => Ok(None),
            _ => Err(self.error(&r)),
        }
    }
}

#[async_trait::async_trait]
impl CheckpointStore for BlobCheckpointStore {
    fn describe(&self) -> String {
        format!("blob:{} ({})", self.container_url, self.auth.kind())
    }

    async fn list_checkpoints(
        &self,
        namespace: &str,
        hub: &str,
        consumer_group: &str,
    ) -> Result<Vec<Checkpoint>, CheckpointError> {
        let prefix = format!(
            "{}checkpoint/",
            scope_prefix(namespace, hub, consumer_group)
        );
        let mut out = Vec::new();
        for b in self.list(&prefix).await? {
            let Some(partition) = b
                .name
                .strip_prefix(&prefix)
                .filter(|p| !p.is_empty() && !p.contains('/'))
            else {
                continue;
            };
            let offset = b
                .meta("offset")
                .filter(|s| !s.is_empty())
                .map(str::to_string);
            let sequence_number = match b.meta("sequencenumber").map(str::trim).filter(|s| !s.is_empty()) {
                None => None,
                Some(s) => Some(s.parse::<i64>().map_err(|e| CheckpointError::Corrupt {
                    store: self.describe(),
                    what: format!("metadata sequencenumber=`{}` of blob {}", s.escape_debug(), b.name),
                    detail: e.to_string(),
                    fix: format!("delete the blob {} (its partition then starts from the configured start position)", b.name),
                })?),
            };
            out.push(Checkpoint::new(
                namespace,
                hub,
                consumer_group,
                partition,
                offset,
                sequence_number,
            ));
        }
        out.sort_by(|a, b| partition_order(&a.partition, &b.partition));
        Ok(out)
    }

    async fn update_checkpoint(&self, c: &Checkpoint) -> Result<(), CheckpointError> {
        let name = format!(
            "{}checkpoint/{}",
            scope_prefix(&c.namespace, &c.hub, &c.consumer_group),
            c.partition.to_lowercase()
        );
        let mut headers = HeaderMap::new();
        headers.insert("x-ms-blob-type", HeaderValue::from_static("BlockBlob"));
        if let Some(offset) = &c.offset {
            headers.insert(
                HeaderName::from_static("x-ms-meta-offset"),
                self.meta_value("offset", offset)?,
            );
        }
        if let Some(seq) = c.sequence_number {
            headers.insert(
                HeaderName::from_static("x-ms-meta-sequencenumber"),
                header_value(&seq.to_string()),
            );
        }
        let r = self
            .send(Method::PUT, self.blob_url(&name), headers)
            .await?;
        match r.status.as_u16() {
            200 | 201 => Ok(()),
            _ => Err(self.error(&r)),
        }
    }

    async fn list_ownership(
        &self,
        namespace: &str,
        hub: &str,
        consumer_group: &str,
    ) -> Result<Vec<Ownership>, CheckpointError> {
        let prefix = format!("{}ownership/", scope_prefix(namespace, hub, consumer_group));
        let mut out = Vec::new();
        for b in self.list(&prefix).await? {
            let Some(partition) = b
                .name
                .strip_prefix(&prefix)
                .filter(|p| !p.is_empty() && !p.contains('/'))
            else {
                continue;
            };
            out.push(Ownership {
                etag: b.etag.as_deref().map(quote_etag),
                last_modified: b.last_modified.as_deref().and_then(parse_http_date),
                ..Ownership::new(
                    namespace,
                    hub,
                    consumer_group,
                    partition,
                    b.meta("ownerid").unwrap_or(""),
                )
            });
        }
        out.sort_by(|a, b| partition_order(&a.partition, &b.partition));
        Ok(out)
    }

    async fn claim_ownership(
        &self,
        claims: &[Ownership],
    ) -> Result<Vec<Ownership>, CheckpointError> {
        let mut results = Vec::with_capacity(claims.len());
        for chunk in claims.chunks(CLAIM_CONCURRENCY) {
            let futs: Vec<_> = chunk.iter().map(|c| Box::pin(self.claim_one(c))).collect();
            results.extend(futures::future::join_all(futs).await);
        }
        let mut won = Vec::new();
        for r in results {
            won.extend(r?);
        }
        Ok(won)
    }
}

/// The container URL with any credential in it redacted (for logs).
fn redact(url: &Url) -> String {
    crate::secret::redact_url(url.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_names_are_escaped_like_the_python_sdk() {
        let store = BlobCheckpointStore::new(
            "http://127.0.0.1:1/devstoreaccount1/cp?sv=1&sig=x"
                .parse()
                .unwrap(),
            None,
        )
        .unwrap();
        let url = store.blob_url("ns.servicebus.windows.net/hub/$default/checkpoint/0");
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:1/devstoreaccount1/cp/ns.servicebus.windows.net/hub/%24default/checkpoint/0"
        );
        assert_eq!(store.container, "cp");
        assert!(!store.describe().contains("sig"), "{}", store.describe());
    }

    #[test]
    fn a_url_without_container_or_credential_is_refused() {
        let e =
            BlobCheckpointStore::new("https://acct.blob.core.windows.net/".parse().unwrap(), None)
                .err()
                .unwrap();
        assert!(e.to_string().contains("names no container"), "{e}");
        let e = BlobCheckpointStore::new(
            "https://acct.blob.core.windows.net/cp".parse().unwrap(),
            None,
        )
        .err()
        .unwrap();
        assert!(e.to_string().contains("no credential"), "{e}");
    }
}
