//! The emulated ADT data plane (api-version 2023-10-31): a strict server, not a mock. It checks
//! api-version, bearer token presence, content types, JSON Patch ops, If-Match/If-None-Match,
//! enforces DTDL-validated writes, and pages exactly like ADT (`nextLink`, `continuationToken`).
mod catalog;
mod models;
mod patch;
mod query;
mod relationships;
mod twins;
mod validate;

pub use catalog::Catalog;

use super::realism::{self, Realism};
use super::store::Store;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self as mw, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex, RwLock};

/// api-versions the emulator answers.
pub const API_VERSIONS: &[&str] = &["2020-10-31", "2022-05-31", "2023-06-30", "2023-10-31"];

/// Shared state of the ADT surface.
#[derive(Clone)]
pub struct AdtState {
    pub(crate) store: Arc<Store>,
    pub(crate) catalog: Arc<RwLock<Arc<Catalog>>>,
    /// Serialises read-modify-write sections (ETags stay consistent under concurrent clients).
    pub(crate) write: Arc<Mutex<()>>,
    /// Items per page of the relationship lists (ADT uses 100; smaller exercises paging).
    pub(crate) list_page_size: usize,
}

impl AdtState {
    pub fn new(store: Arc<Store>, list_page_size: usize) -> Self {
        let catalog = Catalog::load(&store);
        Self {
            store,
            catalog: Arc::new(RwLock::new(Arc::new(catalog))),
            write: Arc::default(),
            list_page_size: list_page_size.max(1),
        }
    }

    pub(crate) fn catalog(&self) -> Arc<Catalog> {
        self.catalog
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub(crate) fn set_catalog(&self, fresh: Catalog) {
        *self.catalog.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(fresh);
    }
}

/// The router with the checks every ADT request passes, and the realism layer outermost.
pub fn router(state: AdtState, realism: Realism) -> Router {
    Router::new()
        .route(
            "/digitaltwins/{id}",
            get(twins::get_twin)
                .put(twins::put_twin)
                .patch(twins::patch_twin)
                .delete(twins::delete_twin),
        )
        .route("/digitaltwins/{id}/relationships", get(relationships::list))
        .route(
            "/digitaltwins/{id}/relationships/{rid}",
            get(relationships::get_one)
                .put(relationships::put)
                .patch(relationships::patch)
                .delete(relationships::delete),
        )
        .route(
            "/digitaltwins/{id}/incomingrelationships",
            get(relationships::incoming),
        )
        .route("/models", get(models::list).post(models::create))
        .route(
            "/models/{id}",
            get(models::get_one)
                .patch(models::patch)
                .delete(models::delete),
        )
        .route("/query", post(query::query))
        .fallback(not_found)
        .layer(mw::from_fn(check_request))
        .layer(mw::from_fn_with_state(realism.clone(), realism::layer))
        .with_state(state)
}

async fn not_found(req: Request) -> Response {
    ApiError::new(
        404,
        "NotFound",
        format!("No such API: {} {}.", req.method(), req.uri().path()),
    )
    .into_response()
}

/// api-version and bearer token checks.
async fn check_request(req: Request, next: Next) -> Response {
    let version = req.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "api-version")
            .map(|(_, v)| v.into_owned())
    });
    match version {
        None => {
            return ApiError::new(
                400,
                "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.",
            )
            .into_response();
        }
        Some(v) if !API_VERSIONS.contains(&v.as_str()) => {
            return ApiError::new(
                400,
                "UnsupportedApiVersion",
                format!("The HTTP resource does not support the api-version '{v}'. Supported versions: {}.", API_VERSIONS.join(", ")),
            )
            .into_response();
        }
        Some(_) => {}
    }
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|t| !t.trim().is_empty());
    if !bearer {
        return ApiError::new(401, "Unauthorized", "Authorization header with a Bearer token is required (the emulator accepts any token).")
            .into_response();
    }
    next.run(req).await
}

/// An error in ADT's shape: `{"error":{"code","message","details"}}` and `x-ms-error-code`.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub details: Vec<String>,
}

impl ApiError {
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.to_string(),
            message: message.into(),
            details: Vec::new(),
        }
    }

    pub fn with_details(mut self, details: Vec<String>) -> Self {
        self.details = details;
        self
    }

    pub(crate) fn twin_not_found(id: &str) -> Self {
        Self::new(
            404,
            "DigitalTwinNotFound",
            format!(
                "There is no digital twin instance that exists with the ID {id}. Please verify that the twin id is valid and ensure that the twin is not deleted. See section on querying the twins https://aka.ms/adtv2query."
            ),
        )
    }

    pub(crate) fn validation(details: Vec<String>) -> Self {
        Self::new(400, "ValidationFailed", "Invalid twin specified").with_details(details)
    }

    pub(crate) fn patch_invalid(message: impl Into<String>) -> Self {
        Self::new(
            400,
            "JsonPatchInvalid",
            format!(
                "{} Please provide a valid patch document. See section on update apis in the documentation https://aka.ms/adtv2twins.",
                message.into()
            ),
        )
    }

    pub(crate) fn internal(e: impl std::fmt::Display) -> Self {
        Self::new(
            500,
            "InternalServerError",
            format!("Emulator state error: {e}"),
        )
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        Self::internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = json!({ "code": self.code, "message": self.message });
        if !self.details.is_empty() {
            error["details"] = Value::Array(
                self.details
                    .iter()
                    .map(|d| json!({ "code": self.code, "message": d }))
                    .collect(),
            );
        }
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            json!({ "error": error }).to_string(),
        )
            .into_response();
        if let Ok(v) = self.code.parse() {
            resp.headers_mut().insert("x-ms-error-code", v);
        }
        resp
    }
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// A JSON response with an optional ETag.
pub(crate) fn json_response(status: u16, body: &Value, etag: Option<&str>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let mut resp = (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response();
    if let Some(e) = etag.and_then(|e| e.parse().ok()) {
        resp.headers_mut().insert(header::ETAG, e);
    }
    resp
}

/// 204 with an optional ETag.
pub(crate) fn no_content(etag: Option<&str>) -> Response {
    let mut resp = StatusCode::NO_CONTENT.into_response();
    if let Some(e) = etag.and_then(|e| e.parse().ok()) {
        resp.headers_mut().insert(header::ETAG, e);
    }
    resp
}

/// Require a JSON content type (charset allowed).
pub(crate) fn require_content_type(headers: &HeaderMap, expected: &str) -> ApiResult<()> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let base = ct.split(';').next().unwrap_or("").trim();
    if base.eq_ignore_ascii_case(expected) {
        Ok(())
    } else {
        Err(ApiError::new(
            415,
            "UnsupportedMediaType",
            format!(
                "Content-Type must be {expected} (got {}).",
                if ct.is_empty() { "none" } else { ct }
            ),
        ))
    }
}

/// Parse a JSON request body.
pub(crate) fn parse_body(body: &[u8]) -> ApiResult<Value> {
    if body.is_empty() {
        return Err(ApiError::new(
            400,
            "InvalidArgument",
            "The request body is required.",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            400,
            "InvalidArgument",
            format!("The request body is not valid JSON: {e}."),
        )
    })
}

/// Apply `If-Match` against the current ETag.
pub(crate) fn check_if_match(
    headers: &HeaderMap,
    current: Option<&str>,
    what: &str,
) -> ApiResult<()> {
    let Some(wanted) = headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    if wanted.trim() == "*" || Some(wanted.trim()) == current {
        return Ok(());
    }
    Err(ApiError::new(
        412,
        "PreconditionFailed",
        format!(
            "If-Match: {wanted} header was specified but the {what}'s current etag is {}. Get the latest version and retry.",
            current.unwrap_or("(none)")
        ),
    ))
}

/// `If-None-Match` present: only `*` is allowed.
pub(crate) fn if_none_match_star(headers: &HeaderMap) -> ApiResult<bool> {
    match headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        None => Ok(false),
        Some(v) if v.trim() == "*" => Ok(true),
        Some(v) => Err(ApiError::new(
            400,
            "InvalidArgument",
            format!("If-None-Match only supports '*' (got {v})."),
        )),
    }
}

/// A fresh weak ETag like ADT's.
pub(crate) fn new_etag() -> String {
    format!("W/\"{}\"", uuid::Uuid::new_v4())
}

/// Now, formatted as ADT does (7 fractional digits, Z).
pub(crate) fn now() -> String {
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:7]Z"
    );
    time::OffsetDateTime::now_utc()
        .format(&fmt)
        .unwrap_or_default()
}

/// Page size from `max-items-per-page` (bounded), else the default.
pub(crate) fn page_size(
    headers: &HeaderMap,
    query: &[(String, String)],
    default: usize,
    max: usize,
) -> usize {
    headers
        .get("max-items-per-page")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| {
            query
                .iter()
                .find(|(k, _)| k == "max-items-per-page")
                .map(|(_, v)| v.clone())
        })
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
        .min(max)
}

/// Encode an opaque continuation token.
pub(crate) fn encode_token(v: &Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

/// Decode a continuation token made by [`encode_token`].
pub(crate) fn decode_token(t: &str) -> ApiResult<Value> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(t.trim())
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| ApiError::new(400, "BadRequest", "The continuation token is not valid."))
}

/// The absolute URL of the next page: this request's path and query with `continuationToken`.
pub(crate) fn next_link(
    headers: &HeaderMap,
    path: &str,
    query: &[(String, String)],
    token: &str,
) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1");
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in query.iter().filter(|(k, _)| k != "continuationToken") {
        ser.append_pair(k, v);
    }
    ser.append_pair("continuationToken", token);
    let encoded_path: String = path
        .split('/')
        .map(|s| {
            percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
        })
        .collect::<Vec<_>>()
        .join("/");
    format!("http://{host}{encoded_path}?{}", ser.finish())
}

/// State handle for handlers.
pub(crate) type St = State<AdtState>;
