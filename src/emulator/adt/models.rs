//! Model endpoints: list (dependenciesFor, includeModelDefinition, paged), get, create (an
//! all-or-nothing array of at most 250, DTDL-validated with dependencies in the call or the
//! instance), decommission (PATCH), delete (refused while other models reference it).
use super::catalog::{PARSE_OPTIONS, sources};
use super::{
    ApiError, ApiResult, St, decode_token, encode_token, json_response, next_link, no_content, now,
    page_size, parse_body,
};
use crate::dtdl;
use crate::emulator::store::StoredModel;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{Map, Value, json};
use std::collections::{BTreeSet, VecDeque};

/// ADT's limit of models per create call.
pub const MAX_MODELS_PER_CALL: usize = 250;
const PAGE: usize = 100;

fn model_not_found(id: &str) -> ApiError {
    ApiError::new(
        404,
        "ModelNotFound",
        format!(
            "There is no Model(s) available that matches the provided id(s) {id}. Check that the Model ID provided is valid by doing a Model_List API call."
        ),
    )
}

/// A localizable string as ADT returns it: `{"en": "..."}` for a plain string.
fn localized(v: Option<&Value>) -> Option<Value> {
    match v? {
        Value::String(s) => Some(json!({ "en": s })),
        other @ Value::Object(_) => Some(other.clone()),
        _ => None,
    }
}

fn model_data(m: &StoredModel, include_definition: bool) -> Value {
    let mut d = Map::new();
    d.insert("id".into(), json!(m.id));
    if let Some(v) = localized(m.body.get("displayName")) {
        d.insert("displayName".into(), v);
    }
    if let Some(v) = localized(m.body.get("description")) {
        d.insert("description".into(), v);
    }
    d.insert("uploadTime".into(), json!(m.upload_time));
    d.insert("decommissioned".into(), json!(m.decommissioned));
    if include_definition {
        d.insert("model".into(), m.body.clone());
    }
    Value::Object(d)
}

pub(crate) async fn list(
    st: St,
    Query(q): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let cat = st.0.catalog();
    let include = q
        .iter()
        .any(|(k, v)| k == "includeModelDefinition" && v.eq_ignore_ascii_case("true"));
    let roots: Vec<&String> = q
        .iter()
        .filter(|(k, _)| k == "dependenciesFor")
        .map(|(_, v)| v)
        .collect();
    let mut ids: Vec<String> = if roots.is_empty() {
        cat.stored.values().map(|m| m.id.clone()).collect()
    } else {
        let mut seen = BTreeSet::new();
        let mut queue: VecDeque<String> = VecDeque::new();
        for r in roots {
            if !cat.has(r) {
                return Err(model_not_found(r));
            }
            queue.push_back(r.clone());
        }
        while let Some(id) = queue.pop_front() {
            if seen.insert(id.clone()) {
                queue.extend(cat.set.dependencies(&id));
            }
        }
        seen.into_iter().collect()
    };
    ids.sort();
    let after = match q.iter().find(|(k, _)| k == "continuationToken") {
        Some((_, t)) => decode_token(t)?
            .get("after")
            .and_then(Value::as_str)
            .map(str::to_string),
        None => None,
    };
    let size = page_size(&headers, &q, PAGE, PAGE);
    let rest: Vec<&String> = ids
        .iter()
        .filter(|id| after.as_ref().is_none_or(|a| id.as_str() > a.as_str()))
        .collect();
    let items: Vec<Value> = rest
        .iter()
        .take(size)
        .filter_map(|id| cat.stored.get(*id))
        .map(|m| model_data(m, include))
        .collect();
    let mut page = json!({ "value": items });
    if rest.len() > size {
        let token = encode_token(&json!({ "after": rest[size - 1] }));
        page["nextLink"] = json!(next_link(&headers, "/models", &q, &token));
    }
    Ok(json_response(200, &page, None))
}

pub(crate) async fn get_one(
    st: St,
    Path(id): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult<Response> {
    let cat = st.0.catalog();
    let include = q
        .iter()
        .any(|(k, v)| k == "includeModelDefinition" && v.eq_ignore_ascii_case("true"));
    let m = cat.stored.get(&id).ok_or_else(|| model_not_found(&id))?;
    Ok(json_response(200, &model_data(m, include), None))
}

pub(crate) async fn create(st: St, headers: HeaderMap, body: Bytes) -> ApiResult<Response> {
    super::require_content_type(&headers, "application/json")?;
    let body = parse_body(&body)?;
    let Some(items) = body.as_array() else {
        return Err(ApiError::new(
            400,
            "InvalidArgument",
            "The request body must be a JSON array of DTDL interfaces.",
        ));
    };
    if items.is_empty() {
        return Err(ApiError::new(
            400,
            "InvalidArgument",
            "The request body must contain at least one model.",
        ));
    }
    if items.len() > MAX_MODELS_PER_CALL {
        return Err(ApiError::new(
            400,
            "LimitExceeded",
            format!(
                "{} models were sent in one call; at most {MAX_MODELS_PER_CALL} models can be created per call.",
                items.len()
            ),
        ));
    }
    let mut new: Vec<(String, Value)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let id = item
            .get("@id")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::new(400, "DTDLParserError", format!("Model at index {i} has no @id: every top-level element must be an Interface with an @id.")))?;
        if new.iter().any(|(x, _)| x == id) {
            return Err(ApiError::new(
                400,
                "InvalidArgument",
                format!("The model {id} appears more than once in the request."),
            ));
        }
        new.push((id.to_string(), item.clone()));
    }
    let _w = st.0.write.lock().unwrap_or_else(|p| p.into_inner());
    let cat = st.0.catalog();
    if let Some((id, _)) = new.iter().find(|(id, _)| cat.has(id)) {
        return Err(ApiError::new(
            409,
            "ModelAlreadyExists",
            format!(
                "Could not add model {id} as it already exists. Use Model_List API to view models that already exist. See the Swagger example.(http://aka.ms/ModelListSwSmpl)"
            ),
        ));
    }
    let mut all: Vec<(String, Value)> = cat
        .stored
        .values()
        .map(|m| (m.id.clone(), m.body.clone()))
        .collect();
    all.extend(new.iter().cloned());
    let set = match dtdl::parse(&sources(&all), PARSE_OPTIONS) {
        Ok(set) => set,
        Err(diags) => {
            let details: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
            let first = details.first().cloned().unwrap_or_default();
            return Err(ApiError::new(
                400,
                "DTDLParserError",
                format!("Model validation failed: {first}"),
            )
            .with_details(details));
        }
    };
    let at = now();
    st.0.store.insert_models(&new, &at)?;
    let stored: Vec<StoredModel> = new
        .iter()
        .map(|(id, body)| StoredModel {
            id: id.clone(),
            body: body.clone(),
            upload_time: at.clone(),
            decommissioned: false,
        })
        .collect();
    let out: Vec<Value> = stored.iter().map(|m| model_data(m, false)).collect();
    st.0.set_catalog(cat.with_new(stored, set));
    Ok(json_response(201, &Value::Array(out), None))
}

pub(crate) async fn patch(
    st: St,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    super::require_content_type(&headers, "application/json-patch+json")?;
    let body = parse_body(&body)?;
    let ok = body.as_array().is_some_and(|ops| {
        !ops.is_empty()
            && ops.iter().all(|op| {
                op.get("op").and_then(Value::as_str) == Some("replace")
                    && op.get("path").and_then(Value::as_str) == Some("/decommissioned")
                    && op.get("value") == Some(&Value::Bool(true))
            })
    });
    if !ok {
        return Err(ApiError::patch_invalid(
            "Only [{\"op\":\"replace\",\"path\":\"/decommissioned\",\"value\":true}] is supported on models.",
        ));
    }
    let _w = st.0.write.lock().unwrap_or_else(|p| p.into_inner());
    if !st.0.store.set_decommissioned(&id, true)? {
        return Err(model_not_found(&id));
    }
    st.0.set_catalog(st.0.catalog().decommissioned_copy(&id));
    Ok(no_content(None))
}

pub(crate) async fn delete(st: St, Path(id): Path<String>) -> ApiResult<Response> {
    let _w = st.0.write.lock().unwrap_or_else(|p| p.into_inner());
    let cat = st.0.catalog();
    if !cat.has(&id) {
        return Err(model_not_found(&id));
    }
    let referencing: Vec<String> = cat
        .stored
        .keys()
        .filter(|other| *other != &id && cat.set.dependencies(other).contains(&id))
        .cloned()
        .collect();
    if !referencing.is_empty() {
        return Err(ApiError::new(
            409,
            "ModelReferencesNotDeleted",
            format!(
                "The model {id} is referenced by other models ({}); delete those first.",
                referencing.join(", ")
            ),
        ));
    }
    st.0.store.delete_model(&id)?;
    st.0.set_catalog(cat.without(&id));
    Ok(no_content(None))
}
