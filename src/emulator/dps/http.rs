//! DPS over HTTPS: the device API (`PUT {scope}/registrations/{id}/register`, `GET
//! {scope}/registrations/{id}/operations/{op}`) and the enrollment-group service API
//! (`PUT|GET|DELETE /enrollmentGroups/{id}`, `GET /enrollmentGroups`).
use super::{Dps, DpsFault, EnrollmentGroup};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::sync::Arc;

impl IntoResponse for DpsFault {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        let mut resp = (status, Json(self.body())).into_response();
        if let Ok(v) = self.code.to_string().parse() {
            resp.headers_mut().insert("x-ms-error-code", v);
        }
        if self.status == 429 {
            resp.headers_mut()
                .insert("retry-after", axum::http::HeaderValue::from_static("1"));
        }
        resp
    }
}

fn token(h: &HeaderMap) -> Result<&str, DpsFault> {
    h.get("authorization")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| DpsFault {
            status: 401,
            code: 401002,
            message: "Unauthorized: no Authorization header with a SAS token".into(),
        })
}

fn status_response(dps: &Dps, done: bool, body: Value) -> Response {
    if done {
        (StatusCode::OK, Json(body)).into_response()
    } else {
        let secs = dps.retry_after.as_secs_f64();
        let ra = if secs.fract() == 0.0 {
            format!("{}", secs as u64)
        } else {
            format!("{secs}")
        };
        let mut resp = (StatusCode::ACCEPTED, Json(body)).into_response();
        if let Ok(v) = ra.parse() {
            resp.headers_mut().insert("retry-after", v);
        }
        resp
    }
}

/// `PUT /{scope}/registrations/{id}/register`.
pub async fn register(
    State(dps): State<Arc<Dps>>,
    Path((scope, reg)): Path<(String, String)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, DpsFault> {
    let group = dps.authenticate(&scope, &reg, token(&headers)?)?;
    let body: Value = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).map_err(|e| DpsFault {
            status: 400,
            code: 400001,
            message: format!("the request body is not JSON: {e}"),
        })?
    };
    let status = dps.start(group, &reg, &body)?;
    Ok(status_response(&dps, false, status))
}

/// `GET /{scope}/registrations/{id}/operations/{op}`.
pub async fn operation(
    State(dps): State<Arc<Dps>>,
    Path((scope, reg, op)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, DpsFault> {
    dps.authenticate(&scope, &reg, token(&headers)?)?;
    let (done, body) = dps.operation(&reg, &op)?;
    Ok(status_response(&dps, done, body))
}

/// `PUT /enrollmentGroups/{id}`.
pub async fn put_group(
    State(dps): State<Arc<Dps>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Result<Json<Value>, DpsFault> {
    dps.authenticate_service(token(&headers)?)?;
    let g = EnrollmentGroup::from_service_json(&id, &body).map_err(|m| DpsFault {
        status: 400,
        code: 400004,
        message: m,
    })?;
    dps.put_group(g.clone()).map_err(internal)?;
    Ok(Json(g.service_json(true)))
}

fn internal(e: rusqlite::Error) -> DpsFault {
    DpsFault {
        status: 500,
        code: 500000,
        message: e.to_string(),
    }
}

/// `GET /enrollmentGroups/{id}`.
pub async fn get_group(
    State(dps): State<Arc<Dps>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, DpsFault> {
    dps.authenticate_service(token(&headers)?)?;
    dps.group(&id)
        .map(|g| Json(g.service_json(true)))
        .ok_or_else(|| DpsFault {
            status: 404,
            code: 404202,
            message: format!("enrollment group {id:?} not found"),
        })
}

/// `GET /enrollmentGroups`.
pub async fn list_groups(
    State(dps): State<Arc<Dps>>,
    headers: HeaderMap,
) -> Result<Json<Value>, DpsFault> {
    dps.authenticate_service(token(&headers)?)?;
    Ok(Json(Value::Array(
        dps.groups().iter().map(|g| g.service_json(true)).collect(),
    )))
}

/// `DELETE /enrollmentGroups/{id}`.
pub async fn delete_group(
    State(dps): State<Arc<Dps>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, DpsFault> {
    dps.authenticate_service(token(&headers)?)?;
    if dps.delete_group(&id).map_err(internal)? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(DpsFault {
            status: 404,
            code: 404202,
            message: format!("enrollment group {id:?} not found"),
        })
    }
}
