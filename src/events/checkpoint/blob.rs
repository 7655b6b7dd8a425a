//! The Azure Blob Storage checkpoint store, over REST (reqwest). Network I/O only.
//!
//! Blob names and metadata are the Azure SDKs' (Python `azure-eventhub-checkpointstoreblob`,
//! .NET `BlobCheckpointStore`), so twinbridge can take over from their processors:
//! `{namespace}/{hub}/{consumer group}/checkpoint/{partition}` (the three names lower-cased) with metadata
//! `offset` and `sequencenumber`, and `.../ownership/{partition}` with metadata `ownerid`; the
//! blobs are empty block blobs. Claims are `PUT` with `If-Match: {etag}` (renew/steal) or
//! `If-None-Match: *` (first claim); 412 or 409 means someone else won.
use super::blob_auth::{BlobAuth, decode_key, shared_key_authorization};
use super::xml::{BlobItem, parse_list};
use super::{
    Checkpoint, CheckpointError, CheckpointStore, Ownership, STORAGE_SCOPE, partition_order,
    scope_prefix,
};
use crate::retry::{RetryPolicy, is_transient_status, parse_retry_after};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use std::time::{Duration, SystemTime};
use url::Url;

/// The Blob service REST version the store speaks (pinned; Azurite and Azure both accept it).
pub const BLOB_API_VERSION: &str = "2021-08-06";

/// Characters escaped in blob names (the Python SDK's `quote(name, safe='~/')`).
const BLOB_NAME: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');
/// Characters escaped in query values.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

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

/// A response read to the end.
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
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

    fn blob_url(&self, name: &str) -> Url {
        let mut url = self.container_url.clone();
        let path = format!("{}/{}", url.path(), utf8_percent_encode(name, BLOB_NAME));
        url.set_path(&path);
        url
    }

    fn url_with_query(&self, base: &Url, params: &[(&str, &str)]) -> Url {
        let q: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, QUERY_VALUE)))
            .collect();
        let mut url = base.clone();
        url.set_query(Some(&q.join("&")));
        url
    }

    /// Send one request, retrying connection failures and transient statuses.
    async fn send(
        &self,
        method: Method,
        url: Url,
        extra: HeaderMap,
    ) -> Result<Reply, CheckpointError> {
        let mut attempt = 0;
        loop {
            let mut headers = extra.clone();
            headers.insert("x-ms-version", HeaderValue::from_static(BLOB_API_VERSION));
            headers.insert("x-ms-date", header_value(&http_date(SystemTime::now())));
            if method == Method::PUT {
                headers.insert("content-length", HeaderValue::from_static("0"));
            }
            let mut url = url.clone();
            match &self.auth {
                BlobAuth::Token(tokens) => {
                    let token = tokens.token(STORAGE_SCOPE).await.map_err(|source| {
                        CheckpointError::Token {
                            store: self.describe(),
                            source,
                        }
                    })?;
                    headers.insert("authorization", header_value(&format!("Bearer {token}")));
                }
                BlobAuth::SharedKey { account, .. } => {
                    let key = self.key.as_deref().unwrap_or_default();
                    let auth =
                        shared_key_authorization(account, key, method.as_str(), &url, &headers);
                    headers.insert("authorization", header_value(&auth));
                }
                BlobAuth::Sas(sas) => {
                    let q = match url.query() {
                        Some(q) => format!("{q}&{}", sas.expose().trim_start_matches('?')),
                        None => sas.expose().trim_start_matches('?').to_string(),
                    };
                    url.set_query(Some(&q));
                }
            }
            let mut req = self.http.request(method.clone(), url).headers(headers);
            if method == Method::PUT {
                req = req.body(Vec::new());
            }
            let failure = match req.send().await {
                Ok(resp) => {
                    let status = resp.status();
                    let headers = resp.headers().clone();
                    if is_transient_status(status.as_u16()) && attempt < self.retry.max_retries {
                        let delay = self.retry.delay(attempt, parse_retry_after(&headers));
                        tracing::debug!(
                            status = status.as_u16(),
                            ?delay,
                            attempt,
                            "blob store: transient status; retrying"
                        );
                        tokio::time::sleep(delay).await;
                        attempt += 1;
                        continue;
                    }
                    match resp.text().await {
                        Ok(body) => {
                            return Ok(Reply {
                                status,
                                headers,
                                body,
                            });
                        }
                        Err(e) => e.to_string(),
                    }
                }
                Err(e) => e.to_string(),
            };
            if attempt >= self.retry.max_retries {
                return Err(CheckpointError::Unreachable {
                    store: self.describe(),
                    detail: format!("{failure} (after {} attempts)", attempt + 1),
                });
            }
            let delay = self.retry.delay(attempt, None);
            tracing::debug!(error = %failure, ?delay, attempt, "blob store: request failed; retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// Every blob under `prefix`, following continuation markers.
    async fn list(&self, prefix: &str) -> Result<Vec<BlobItem>, CheckpointError> {
        let mut out = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let mut params = vec![
                ("restype", "container"),
                ("comp", "list"),
                ("prefix", prefix),
                ("include", "metadata"),
            ];
            if let Some(m) = &marker {
                params.push(("marker", m));
            }
            let url = self.url_with_query(&self.container_url, &params);
            let r = self.send(Method::GET, url, HeaderMap::new()).await?;
            if r.status != StatusCode::OK {
                return Err(self.error(&r));
            }
            let page = parse_list(&r.body).map_err(|detail| CheckpointError::Corrupt {
                store: self.describe(),
                what: "the blob listing".into(),
                detail,
                fix: "check that the URL points at Azure Blob Storage".into(),
            })?;
            out.extend(page.blobs);
            match page.next_marker {
                Some(m) => marker = Some(m),
                None => return Ok(out),
            }
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

    fn meta_value(&self, what: &str, v: &str) -> Result<HeaderValue, CheckpointError> {
        HeaderValue::from_str(v).map_err(|_| CheckpointError::Spec {
            spec: self.describe(),
            detail: format!(
                "{what} `{}` cannot be sent as blob metadata (control characters?)",
                v.escape_debug()
            ),
            fix: "use printable ASCII ids".into(),
        })
    }

    /// Turn an unexpected reply into the error that says what to fix.
    fn error(&self, r: &Reply) -> CheckpointError {
        let code = error_code(r);
        let message = xml_field(&r.body, "Message")
            .unwrap_or_else(|| r.status.canonical_reason().unwrap_or("").to_string());
        let message = message.lines().next().unwrap_or("").to_string();
        let status = r.status.as_u16();
        if status == 404 && code == "ContainerNotFound" {
            return CheckpointError::ContainerMissing {
                store: self.describe(),
                container: self.container.clone(),
            };
        }
        if status == 401 || status == 403 {
            let fix = match &self.auth {
                BlobAuth::Token(_) => {
                    "grant the identity the Storage Blob Data Contributor role on the container (role assignments take a few minutes), or use an account key or SAS"
                }
                BlobAuth::SharedKey { .. } => {
                    "check the account name and key (AccountName/AccountKey in the connection string) and the endpoint URL"
                }
                BlobAuth::Sas(_) => {
                    "use a SAS that is not expired and allows read, write and list on the container (sp=rwl, srt=co or a container SAS)"
                }
            };
            return CheckpointError::Auth {
                store: self.describe(),
                status,
                code,
                message,
                fix: fix.into(),
            };
        }
        CheckpointError::Service {
            store: self.describe(),
            status,
            code,
            message,
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

/// The container URL without its query (no SAS in logs).
fn redact(url: &Url) -> String {
    let mut u = url.clone();
    if u.query().is_some() {
        u.set_query(Some("<redacted>"));
    }
    u.to_string()
}

/// ETags in headers are quoted, in listings they may not be: store them quoted.
fn quote_etag(e: &str) -> String {
    let e = e.trim();
    if e.starts_with('"') || e.starts_with("W/") {
        e.to_string()
    } else {
        format!("\"{e}\"")
    }
}

fn error_code(r: &Reply) -> String {
    r.headers
        .get("x-ms-error-code")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| xml_field(&r.body, "Code"))
        .unwrap_or_default()
}

/// The text of the first `<tag>…</tag>` in an error body.
fn xml_field(body: &str, tag: &str) -> Option<String> {
    let start = body.find(&format!("<{tag}>"))? + tag.len() + 2;
    let end = body[start..].find(&format!("</{tag}>"))? + start;
    Some(body[start..end].trim().to_string())
}

/// A header value from text we produced (ASCII); falls back to empty rather than panicking.
fn header_value(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static(""))
}

const HTTP_DATE: &[time::format_description::FormatItem<'static>] = time::macros::format_description!(
    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
);

/// RFC 1123 date (`Fri, 27 Nov 2026 10:00:00 GMT`).
pub(crate) fn http_date(t: SystemTime) -> String {
    time::OffsetDateTime::from(t)
        .format(HTTP_DATE)
        .unwrap_or_default()
}

/// Parse an RFC 1123 date.
pub(crate) fn parse_http_date(s: &str) -> Option<SystemTime> {
    time::PrimitiveDateTime::parse(s.trim(), HTTP_DATE)
        .ok()
        .map(|d| SystemTime::from(d.assume_utc()))
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

    #[test]
    fn dates_round_trip_and_etags_are_quoted() {
        let t = parse_http_date("Fri, 27 Nov 2026 10:00:01 GMT").unwrap();
        assert_eq!(http_date(t), "Fri, 27 Nov 2026 10:00:01 GMT");
        assert_eq!(parse_http_date("yesterday"), None);
        assert_eq!(quote_etag("0x8D"), "\"0x8D\"");
        assert_eq!(quote_etag("\"0x8D\""), "\"0x8D\"");
    }
}
