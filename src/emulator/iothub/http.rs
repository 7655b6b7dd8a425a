//! IoT Hub over HTTPS: the device send-event API and the service API operators use (get/create/
//! delete a device, get and patch a twin's tags, query twins), each checking its SAS token (or
//! accepting any Entra ID bearer token on the service API).
use super::registry::DeviceRecord;
use super::{HubFault, Incoming, IotHub};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::sync::Arc;

impl IntoResponse for HubFault {
    fn into_response(self) -> Response {
        let (status, code) = match &self {
            HubFault::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "IotHubUnauthorizedAccess"),
            HubFault::NotFound(_) => (StatusCode::NOT_FOUND, "DeviceNotFound"),
            HubFault::Conflict(_) => (StatusCode::CONFLICT, "DeviceAlreadyExists"),
            HubFault::ModuleNotFound(_) => (StatusCode::NOT_FOUND, "ModuleNotFound"),
            HubFault::ModuleConflict(_) => (StatusCode::CONFLICT, "ModuleAlreadyExistsOnDevice"),
            HubFault::BadRequest(_) => (StatusCode::BAD_REQUEST, "ArgumentInvalid"),
            HubFault::PreconditionFailed(_) => {
                (StatusCode::PRECONDITION_FAILED, "PreconditionFailed")
            }
            HubFault::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "ServerError"),
        };
        let body = json!({ "ErrorCode": code, "Message": format!("ErrorCode:{code};{self}") });
        (status, [("iothub-errorcode", code)], Json(body)).into_response()
    }
}

fn authorization(h: &HeaderMap) -> Result<&str, HubFault> {
    h.get("authorization")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| HubFault::Unauthorized("no Authorization header with a SAS token".into()))
}

fn header(h: &HeaderMap, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|n| h.get(*n).and_then(|v| v.to_str().ok()))
        .map(str::to_string)
}

/// `POST /devices/{id}/messages/events`.
pub async fn send_event(
    State(hub): State<Arc<IotHub>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, HubFault> {
    let rec = hub.authenticate_device(&id, authorization(&headers)?)?;
    let properties = headers
        .iter()
        .filter_map(|(k, v)| {
            let name = k.as_str().strip_prefix("iothub-app-")?;
            Some((name.to_string(), v.to_str().ok()?.to_string()))
        })
        .collect();
    let msg = Incoming {
        body: body.to_vec(),
        content_type: header(&headers, &["iothub-contenttype", "content-type"]),
        content_encoding: header(&headers, &["iothub-contentencoding", "content-encoding"]),
        message_id: header(&headers, &["iothub-messageid"]),
        correlation_id: header(&headers, &["iothub-correlationid"]),
        properties,
    };
    hub.route_telemetry(&rec, msg)?;
    Ok(StatusCode::NO_CONTENT)
}

fn service(hub: &IotHub, headers: &HeaderMap) -> Result<(), HubFault> {
    hub.authenticate_service(authorization(headers)?)
}

/// `GET /devices/{id}`.
pub async fn get_device(
    State(hub): State<Arc<IotHub>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, HubFault> {
    service(&hub, &headers)?;
    let rec = hub
        .registry
        .get(&id)
        .ok_or(HubFault::NotFound(id.clone()))?;
    Ok(Json(rec.device_json(hub.is_connected(&id))))
}

/// `GET /twins/{id}`.
pub async fn get_twin(
    State(hub): State<Arc<IotHub>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, HubFault> {
    service(&hub, &headers)?;
    let rec = hub
        .registry
        .get(&id)
        .ok_or(HubFault::NotFound(id.clone()))?;
    Ok(Json(rec.twin_json(hub.is_connected(&id))))
}

/// `PATCH /twins/{id}`: merge `tags` into the twin (`If-Match` honoured). Desired properties
/// are not emulated: a patch carrying `properties` is refused rather than silently ignored.
pub async fn patch_twin(
    State(hub): State<Arc<IotHub>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Result<Json<Value>, HubFault> {
    service(&hub, &headers)?;
    if body.get("properties").is_some() {
        return Err(HubFault::BadRequest(
            "the emulator's twin PATCH updates tags only, not properties".into(),
        ));
    }
    let tags = match body.get("tags") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(t)) => t.clone(),
        Some(_) => return Err(HubFault::BadRequest("tags must be an object".into())),
    };
    let if_match = header(&headers, &["if-match"]);
    let rec = hub.patch_twin_tags(&id, &tags, if_match.as_deref())?;
    Ok(Json(rec.twin_json(hub.is_connected(&id))))
}

/// `PUT /devices/{id}`: create a device (keys from the body, or generated).
pub async fn put_device(
    State(hub): State<Arc<IotHub>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Result<Json<Value>, HubFault> {
    service(&hub, &headers)?;
    if body
        .get("deviceId")
        .and_then(Value::as_str)
        .is_some_and(|d| d != id)
    {
        return Err(HubFault::BadRequest(
            "deviceId in the body differs from the URL".into(),
        ));
    }
    let key = |k: &str| {
        body.pointer(&format!("/authentication/symmetricKey/{k}"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(random_key)
    };
    let mut rec = DeviceRecord::new(&id, &key("primaryKey"), &key("secondaryKey"), Map::new());
    if body.get("status").and_then(Value::as_str) == Some("disabled") {
        rec.status = "disabled".into();
    }
    let rec = hub.create_device(rec)?;
    Ok(Json(rec.device_json(false)))
}

/// A fresh base64 key (32 random bytes).
pub fn random_key() -> String {
    use base64::Engine;
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// `DELETE /devices/{id}`.
pub async fn delete_device(
    State(hub): State<Arc<IotHub>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, HubFault> {
    service(&hub, &headers)?;
    hub.delete_device(&id)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /devices`: device identities (the legacy list, `top` honoured).
pub async fn list_devices(
    State(hub): State<Arc<IotHub>>,
    headers: HeaderMap,
) -> Result<Json<Value>, HubFault> {
    service(&hub, &headers)?;
    let all: Vec<Value> = hub
        .registry
        .list()
        .iter()
        .map(|r| r.device_json(hub.is_connected(&r.device_id)))
        .collect();
    Ok(Json(Value::Array(all)))
}

/// A supported registry query: `SELECT * FROM devices [WHERE <path> = '<value>']`.
pub fn parse_query(q: &str) -> Result<Option<(String, String)>, HubFault> {
    let bad = || {
        HubFault::BadRequest(format!(
            "the emulator supports SELECT * FROM devices [WHERE deviceId|tags.X|status = 'value'], not {q:?}"
        ))
    };
    let lower = q.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("select * from devices")
        .ok_or_else(bad)?
        .trim();
    if rest.is_empty() {
        return Ok(None);
    }
    let offset = q.trim().len() - rest.len();
    let cond = q.trim()[offset..]
        .trim()
        .get(5..)
        .filter(|_| rest.starts_with("where "))
        .ok_or_else(bad)?;
    let (path, value) = cond.split_once('=').ok_or_else(bad)?;
    let value = value.trim();
    let value = value
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .ok_or_else(bad)?;
    Ok(Some((path.trim().to_string(), value.to_string())))
}

/// `POST /devices/query`: twins, paged with `x-ms-max-item-count` / `x-ms-continuation`.
pub async fn query(
    State(hub): State<Arc<IotHub>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Result<Response, HubFault> {
    service(&hub, &headers)?;
    let q = body
        .get("query")
        .and_then(Value::as_str)
        .ok_or_else(|| HubFault::BadRequest("the body needs {\"query\": \"...\"}".into()))?;
    let filter = parse_query(q)?;
    let twins: Vec<Value> = hub
        .registry
        .list()
        .iter()
        .map(|r| r.twin_json(hub.is_connected(&r.device_id)))
        .filter(|t| match &filter {
            None => true,
            Some((path, want)) => {
                let ptr = format!("/{}", path.replace('.', "/"));
                t.pointer(&ptr).and_then(Value::as_str) == Some(want.as_str())
            }
        })
        .collect();
    let size: usize = header(&headers, &["x-ms-max-item-count"])
        .and_then(|s| s.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(100);
    let start: usize = header(&headers, &["x-ms-continuation"])
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let page: Vec<Value> = twins.iter().skip(start).take(size).cloned().collect();
    let mut resp = Json(Value::Array(page)).into_response();
    if start + size < twins.len()
        && let Ok(v) = (start + size).to_string().parse()
    {
        resp.headers_mut().insert("x-ms-continuation", v);
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_supported_queries() {
        assert_eq!(parse_query("SELECT * FROM devices").unwrap(), None);
        assert_eq!(
            parse_query("select * from devices where tags.dtId = 'T-1'").unwrap(),
            Some(("tags.dtId".into(), "T-1".into()))
        );
        assert!(parse_query("SELECT deviceId FROM devices").is_err());
        assert!(parse_query("SELECT * FROM devices WHERE x > 1").is_err());
    }
}
