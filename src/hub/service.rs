//! The IoT Hub service API for the device registry, with a policy connection string
//! (`HostName=..;SharedAccessKeyName=iothubowner;SharedAccessKey=..`) or an Entra ID bearer
//! token (scope [`IOTHUB_SCOPE`]): query twins, get a device / twin, update twin tags, create
//! and delete a device. Retries 429/5xx with the shared policy.
use super::Endpoint;
use crate::auth::TokenSource;
use crate::retry::{RetryPolicy, is_transient_status, parse_retry_after};
use crate::sas::ConnectionString;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

/// The service api-version used.
pub const SERVICE_API_VERSION: &str = "2021-04-12";

/// Why a registry operation failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ServiceError {
    #[error("device {0:?} is not in the hub's registry")]
    NotFound(String),
    #[error("the hub refused the credentials (401/403): {0}")]
    Unauthorized(String),
    #[error("IoT Hub answered {status}{}: {message}", .code.as_ref().map(|c| format!(" {c}")).unwrap_or_default())]
    Service {
        status: u16,
        code: Option<String>,
        message: String,
    },
    #[error("cannot reach the hub at {endpoint}: {message}")]
    Transport { endpoint: String, message: String },
    #[error("bad connection string: {0}")]
    Config(String),
    #[error("{0}")]
    Credential(String),
}

/// The Entra ID scope of the IoT Hub service API.
pub const IOTHUB_SCOPE: &str = "https://iothubs.azure.net/.default";

/// How requests are authorized.
enum Credential {
    /// A SAS token signed with a policy's key, minted per request.
    Sas(ConnectionString),
    /// An Entra ID bearer token (the identity needs an *IoT Hub Registry Contributor* or
    /// *IoT Hub Data Reader/Contributor* role).
    Bearer(Arc<dyn TokenSource>),
}

/// A client of one hub's registry.
pub struct ServiceClient {
    http: reqwest::Client,
    credential: Credential,
    host_name: String,
    base: String,
    retry: RetryPolicy,
}

/// One page of a registry query.
#[derive(Debug, Clone)]
pub struct RegistryPage {
    pub items: Vec<Value>,
    pub continuation: Option<String>,
}

/// Query page size the client asks for (`x-ms-max-item-count`).
pub const QUERY_PAGE_SIZE: usize = 1000;

impl ServiceClient {
    /// A client for a policy connection string.
    pub fn new(
        conn: ConnectionString,
        tls: Arc<rustls::ClientConfig>,
        timeout: Duration,
        retry: RetryPolicy,
    ) -> Result<Self, ServiceError> {
        if conn.key_name.is_none() {
            return Err(ServiceError::Config(
                "a device connection string cannot manage the registry; use a policy's (SharedAccessKeyName=iothubowner or registryRead/registryReadWrite)".into(),
            ));
        }
        let host = conn.host_name.clone();
        Self::build(host, Credential::Sas(conn), tls, timeout, retry)
    }

    /// A client that sends Entra ID bearer tokens for [`IOTHUB_SCOPE`] to `host_name`
    /// (`myhub.azure-devices.net`, or `localhost:8883` for the emulator).
    pub fn with_token(
        host_name: &str,
        tokens: Arc<dyn TokenSource>,
        tls: Arc<rustls::ClientConfig>,
        timeout: Duration,
        retry: RetryPolicy,
    ) -> Result<Self, ServiceError> {
        Self::build(
            host_name.to_string(),
            Credential::Bearer(tokens),
            tls,
            timeout,
            retry,
        )
    }

    fn build(
        host_name: String,
        credential: Credential,
        tls: Arc<rustls::ClientConfig>,
        timeout: Duration,
        retry: RetryPolicy,
    ) -> Result<Self, ServiceError> {
        let endpoint =
            Endpoint::parse(&host_name).map_err(|e| ServiceError::Config(e.to_string()))?;
        let http = reqwest::Client::builder()
            .use_preconfigured_tls((*tls).clone())
            .timeout(timeout)
            .user_agent(concat!("twinbridge/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ServiceError::Config(e.to_string()))?;
        Ok(Self {
            http,
            base: endpoint.https_base(),
            host_name,
            credential,
            retry,
        })
    }

    /// The hub's host name.
    pub fn hub(&self) -> &str {
        &self.host_name
    }

    /// The `Authorization` header value for the next request.
    async fn authorization(&self) -> Result<String, ServiceError> {
        match &self.credential {
            Credential::Sas(conn) => conn
                .service_token(super::now_secs() + 3600)
                .map_err(|e| ServiceError::Config(e.to_string())),
            Credential::Bearer(tokens) => tokens
                .token(IOTHUB_SCOPE)
                .await
                .map(|t| format!("Bearer {t}"))
                .map_err(|e| ServiceError::Credential(e.to_string())),
        }
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, String)],
    ) -> Result<(u16, reqwest::header::HeaderMap, Value), ServiceError> {
        let url = format!("{}{path}", self.base);
        let mut attempt = 0;
        loop {
            let token = self.authorization().await?;
            let mut req = self
                .http
                .request(method.clone(), &url)
                .query(&[("api-version", SERVICE_API_VERSION)])
                .header("Authorization", token)
                .header("Accept", "application/json");
            for (k, v) in headers {
                req = req.header(*k, v);
            }
            if let Some(b) = body {
                req = req.json(b);
            }
            let outcome = req.send().await;
            let (status, h, text) = match outcome {
                Ok(r) => {
                    let status = r.status().as_u16();
                    let h = r.headers().clone();
                    (status, h, r.text().await.unwrap_or_default())
                }
                Err(e)
                    if attempt < self.retry.max_retries && (e.is_connect() || e.is_timeout()) =>
                {
                    attempt += 1;
                    tokio::time::sleep(self.retry.delay(attempt - 1, None)).await;
                    continue;
                }
                Err(e) => {
                    return Err(ServiceError::Transport {
                        endpoint: self.host_name.clone(),
                        message: crate::dps::register::https::error_chain(&e),
                    });
                }
            };
            if is_transient_status(status) && attempt < self.retry.max_retries {
                attempt += 1;
                tokio::time::sleep(self.retry.delay(attempt - 1, parse_retry_after(&h))).await;
                continue;
            }
            let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            if status >= 300 {
                let message = value
                    .get("Message")
                    .or_else(|| value.get("message"))
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| text.chars().take(300).collect());
                let code = value
                    .get("ErrorCode")
                    .or_else(|| value.get("errorCode"))
                    .map(|c| {
                        c.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| c.to_string())
                    });
                return Err(match status {
                    401 | 403 => ServiceError::Unauthorized(message),
                    _ => ServiceError::Service {
                        status,
                        code,
                        message,
                    },
                });
            }
            return Ok((status, h, value));
        }
    }

    fn not_found(id: &str, e: ServiceError) -> ServiceError {
        match e {
            ServiceError::Service { status: 404, .. } => ServiceError::NotFound(id.to_string()),
            other => other,
        }
    }

    /// Run a registry query (`SELECT * FROM devices ...`), following continuations; returns twins.
    pub async fn query(&self, query: &str) -> Result<Vec<Value>, ServiceError> {
        self.query_each(query, |_, _| {}).await
    }

    /// Like [`Self::query`], calling `on_page(items so far, pages so far)` after each page.
    pub async fn query_each(
        &self,
        query: &str,
        mut on_page: impl FnMut(usize, usize),
    ) -> Result<Vec<Value>, ServiceError> {
        let mut out = Vec::new();
        let mut continuation: Option<String> = None;
        let mut pages = 0;
        loop {
            let page = self
                .query_page(query, continuation.as_deref(), QUERY_PAGE_SIZE)
                .await?;
            out.extend(page.items);
            pages += 1;
            on_page(out.len(), pages);
            continuation = page.continuation;
            if continuation.is_none() {
                return Ok(out);
            }
        }
    }

    /// One page of a registry query: the first (`continuation` None) or the next.
    pub async fn query_page(
        &self,
        query: &str,
        continuation: Option<&str>,
        page_size: usize,
    ) -> Result<RegistryPage, ServiceError> {
        let mut headers = vec![("x-ms-max-item-count", page_size.to_string())];
        if let Some(c) = continuation {
            headers.push(("x-ms-continuation", c.to_string()));
        }
        let (_, h, v) = self
            .call(
                reqwest::Method::POST,
                "/devices/query",
                Some(&json!({ "query": query })),
                &headers,
            )
            .await?;
        let items = match v {
            Value::Array(items) => items,
            other => {
                return Err(ServiceError::Service {
                    status: 200,
                    code: None,
                    message: format!("query answer is not an array: {other}"),
                });
            }
        };
        let continuation = h
            .get("x-ms-continuation")
            .and_then(|v| v.to_str().ok())
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        Ok(RegistryPage {
            items,
            continuation,
        })
    }

    /// Merge `tags` into a device twin's tags (`PATCH /twins/{id}`; a `null` value removes a
    /// tag). `etag` makes it conditional (`If-Match`; 412 when the twin changed). Returns the
    /// updated twin.
    pub async fn update_twin_tags(
        &self,
        id: &str,
        tags: &serde_json::Map<String, Value>,
        etag: Option<&str>,
    ) -> Result<Value, ServiceError> {
        let path = format!("/twins/{}", crate::sas::url_encode(id));
        let headers: Vec<(&str, String)> = etag
            .map(|e| vec![("If-Match", format!("\"{}\"", e.trim_matches('"')))])
            .unwrap_or_default();
        self.call(
            reqwest::Method::PATCH,
            &path,
            Some(&json!({ "tags": tags })),
            &headers,
        )
        .await
        .map(|(_, _, v)| v)
        .map_err(|e| Self::not_found(id, e))
    }

    /// A device's twin (tags, properties).
    pub async fn twin(&self, id: &str) -> Result<Value, ServiceError> {
        let path = format!("/twins/{}", crate::sas::url_encode(id));
        self.call(reqwest::Method::GET, &path, None, &[])
            .await
            .map(|(_, _, v)| v)
            .map_err(|e| Self::not_found(id, e))
    }

    /// A device identity (status, authentication type, connection state).
    pub async fn device(&self, id: &str) -> Result<Value, ServiceError> {
        let path = format!("/devices/{}", crate::sas::url_encode(id));
        self.call(reqwest::Method::GET, &path, None, &[])
            .await
            .map(|(_, _, v)| v)
            .map_err(|e| Self::not_found(id, e))
    }

    /// Create a device with symmetric keys (`None` lets the hub generate them).
    pub async fn create_device(
        &self,
        id: &str,
        primary_key: Option<&str>,
    ) -> Result<Value, ServiceError> {
        let mut body = json!({ "deviceId": id, "status": "enabled" });
        if let Some(k) = primary_key {
            body["authentication"] =
                json!({"type": "sas", "symmetricKey": {"primaryKey": k, "secondaryKey": k}});
        }
        let path = format!("/devices/{}", crate::sas::url_encode(id));
        self.call(reqwest::Method::PUT, &path, Some(&body), &[])
            .await
            .map(|(_, _, v)| v)
    }

    /// Delete a device (unconditionally: `If-Match: *`).
    pub async fn delete_device(&self, id: &str) -> Result<(), ServiceError> {
        let path = format!("/devices/{}", crate::sas::url_encode(id));
        self.call(
            reqwest::Method::DELETE,
            &path,
            None,
            &[("If-Match", "*".to_string())],
        )
        .await
        .map(|_| ())
        .map_err(|e| Self::not_found(id, e))
    }
}
