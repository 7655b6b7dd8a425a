//! The blob store's REST plumbing: URLs, signing and sending with retries, listing pages,
//! and turning error replies into errors that say what to fix. Network I/O only.
use super::BlobCheckpointStore;
use crate::events::checkpoint::blob_auth::{BlobAuth, shared_key_authorization};
use crate::events::checkpoint::xml::{BlobItem, parse_list};
use crate::events::checkpoint::{
    BLOB_API_VERSION, CheckpointError, CheckpointStore, STORAGE_SCOPE,
};
use crate::retry::{is_transient_status, parse_retry_after};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use std::time::SystemTime;
use url::Url;

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

/// A response read to the end.
pub(super) struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl BlobCheckpointStore {
    pub(super) fn blob_url(&self, name: &str) -> Url {
        let mut url = self.container_url.clone();
        let path = format!("{}/{}", url.path(), utf8_percent_encode(name, BLOB_NAME));
        url.set_path(&path);
        url
    }

    pub(super) fn url_with_query(&self, base: &Url, params: &[(&str, &str)]) -> Url {
        let q: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, QUERY_VALUE)))
            .collect();
        let mut url = base.clone();
        url.set_query(Some(&q.join("&")));
        url
    }

    /// Send one request, retrying connection failures and transient statuses.
    pub(super) async fn send(
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
                        Err(e) => failure_text(e),
                    }
                }
                Err(e) => failure_text(e),
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
    pub(super) async fn list(&self, prefix: &str) -> Result<Vec<BlobItem>, CheckpointError> {
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

    pub(super) fn meta_value(&self, what: &str, v: &str) -> Result<HeaderValue, CheckpointError> {
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
    pub(super) fn error(&self, r: &Reply) -> CheckpointError {
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

/// A request failure without its URL (the URL carries the SAS signature): the error and its
/// causes, e.g. "error sending request: client error (Connect): tcp connect error: Connection
/// refused", with anything credential-like that a cause might quote redacted.
fn failure_text(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut s = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(inner) = source {
        let text = inner.to_string();
        if !s.contains(&text) {
            s.push_str(": ");
            s.push_str(&text);
        }
        source = inner.source();
    }
    crate::secret::redact_text(&s)
}

/// ETags in headers are quoted, in listings they may not be: store them quoted.
pub(super) fn quote_etag(e: &str) -> String {
    let e = e.trim();
    if e.starts_with('"') || e.starts_with("W/") {
        e.to_string()
    } else {
        format!("\"{e}\"")
    }
}

pub(super) fn error_code(r: &Reply) -> String {
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
pub(super) fn header_value(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static(""))
}

const HTTP_DATE: &[time::format_description::FormatItem<'static>] = time::macros::format_description!(
    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
);

/// RFC 1123 date (`Fri, 27 Nov 2026 10:00:00 GMT`).
pub(super) fn http_date(t: SystemTime) -> String {
    time::OffsetDateTime::from(t)
        .format(HTTP_DATE)
        .unwrap_or_default()
}

/// Parse an RFC 1123 date.
pub(super) fn parse_http_date(s: &str) -> Option<SystemTime> {
    time::PrimitiveDateTime::parse(s.trim(), HTTP_DATE)
        .ok()
        .map(|d| SystemTime::from(d.assume_utc()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_etags_are_quoted() {
        let t = parse_http_date("Fri, 27 Nov 2026 10:00:01 GMT").unwrap();
        assert_eq!(http_date(t), "Fri, 27 Nov 2026 10:00:01 GMT");
        assert_eq!(parse_http_date("yesterday"), None);
        assert_eq!(quote_etag("0x8D"), "\"0x8D\"");
        assert_eq!(quote_etag("\"0x8D\""), "\"0x8D\"");
    }
}
