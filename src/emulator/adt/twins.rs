//! Twin endpoints: GET, PUT (create/replace, If-None-Match), PATCH (JSON Patch, If-Match),
//! DELETE (If-Match; refused while relationships exist).
use super::validate::{check_component_metadata, check_twin};
use super::{
    ApiError, ApiResult, St, check_if_match, if_none_match_star, json_response, new_etag,
    no_content, now, parse_body, patch, require_content_type,
};
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{Map, Value, json};

pub(crate) async fn get_twin(st: St, Path(id): Path<String>) -> ApiResult<Response> {
    let twin =
        st.0.store
            .twin(&id)?
            .ok_or_else(|| ApiError::twin_not_found(&id))?;
    let etag = twin
        .get("$etag")
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok(json_response(200, &twin, etag.as_deref()))
}

fn model_usable(cat: &super::Catalog, model: &str) -> ApiResult<()> {
    if !cat.has(model) {
        return Err(ApiError::validation(vec![format!(
            "{model} or one of its dependencies does not exist."
        )]));
    }
    if cat.decommissioned(model) {
        return Err(ApiError::new(
            400,
            "ModelDecommissioned",
            format!(
                "The model {model} is decommissioned: new twins of it cannot be created. Use a newer version of the model."
            ),
        ));
    }
    Ok(())
}

/// Per-property metadata for everything set in `content`, keeping `sourceTime`s from `given`.
fn fresh_metadata(
    model: &str,
    content: &Map<String, Value>,
    given: Option<&Map<String, Value>>,
    at: &str,
) -> Value {
    let mut meta = Map::new();
    meta.insert("$model".into(), json!(model));
    meta.insert("$lastUpdateTime".into(), json!(at));
    for key in content.keys().filter(|k| !k.starts_with('$')) {
        let mut entry = Map::new();
        entry.insert("lastUpdateTime".into(), json!(at));
        if let Some(st) = given
            .and_then(|g| g.get(key))
            .and_then(|e| e.get("sourceTime"))
        {
            entry.insert("sourceTime".into(), st.clone());
        }
        meta.insert(key.clone(), Value::Object(entry));
    }
    Value::Object(meta)
}

/// Give each component object its own `$metadata` with update times.
fn stamp_component(value: &mut Value, at: &str, only: Option<&str>) {
    let Some(obj) = value.as_object_mut() else {
        return;
    };
    let keys: Vec<String> = obj
        .keys()
        .filter(|k| !k.starts_with('$'))
        .cloned()
        .collect();
    let meta = obj.entry("$metadata").or_insert_with(|| json!({}));
    if let Some(m) = meta.as_object_mut() {
        m.insert("$lastUpdateTime".into(), json!(at));
        m.retain(|k, _| k.starts_with('$') || keys.contains(k));
        let stamp: Vec<&String> = keys
            .iter()
            .filter(|k| only.is_none_or(|o| o == k.as_str()) || !m.contains_key(k.as_str()))
            .collect();
        for k in stamp {
            m.insert(k.clone(), json!({ "lastUpdateTime": at }));
        }
    }
}

pub(crate) async fn put_twin(
    st: St,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    require_content_type(&headers, "application/json")?;
    let body = parse_body(&body)?;
    let Some(obj) = body.as_object() else {
        return Err(ApiError::validation(vec![
            "The twin must be a JSON object.".into(),
        ]));
    };
    let given_meta = obj.get("$metadata").and_then(Value::as_object);
    let model = given_meta
        .and_then(|m| m.get("$model"))
        .and_then(Value::as_str)
        .ok_or_else(|| {
            ApiError::validation(vec![
                "The twin has no $metadata.$model: every twin needs a model id.".into(),
            ])
        })?
        .to_string();
    if id.is_empty() || id.len() > 512 {
        return Err(ApiError::new(
            400,
            "InvalidArgument",
            "The twin id must be 1 to 512 characters.",
        ));
    }
    let create_only = if_none_match_star(&headers)?;
    let cat = st.0.catalog();
    model_usable(&cat, &model)?;
    let content: Map<String, Value> = obj
        .iter()
        .filter(|(k, _)| !k.starts_with('$'))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut problems = check_twin(&cat, &model, &content);
    problems.extend(check_component_metadata(&cat, &model, &content));
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    let at = now();
    let etag = new_etag();
    let mut twin = Map::new();
    twin.insert("$dtId".into(), json!(id));
    twin.insert("$etag".into(), json!(etag));
    let comps: Vec<String> = cat
        .set
        .components(&model)
        .iter()
        .map(|c| c.name.clone())
        .collect();
    for (k, mut v) in content.clone() {
        if comps.contains(&k) {
            stamp_component(&mut v, &at, None);
        }
        twin.insert(k, v);
    }
    twin.insert(
        "$metadata".into(),
        fresh_metadata(&model, &content, given_meta, &at),
    );
    let twin = Value::Object(twin);
    {
        let _w = st.0.write.lock().unwrap_or_else(|p| p.into_inner());
        if create_only && st.0.store.twin(&id)?.is_some() {
            return Err(ApiError::new(
                412,
                "PreconditionFailed",
                format!(
                    "If-None-Match: * header was specified but a twin with the id {id} was found. Please specify a different twin id."
                ),
            ));
        }
        st.0.store.put_twin(&id, &model, &twin)?;
    }
    Ok(json_response(200, &twin, Some(&etag)))
}

pub(crate) async fn patch_twin(
    st: St,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    require_content_type(&headers, "application/json-patch+json")?;
    let ops = patch::parse_ops(&parse_body(&body)?)?;
    let cat = st.0.catalog();
    let _w = st.0.write.lock().unwrap_or_else(|p| p.into_inner());
    let current =
        st.0.store
            .twin(&id)?
            .ok_or_else(|| ApiError::twin_not_found(&id))?;
    check_if_match(
        &headers,
        current.get("$etag").and_then(Value::as_str),
        "twin",
    )?;
    let mut doc = current.as_object().cloned().unwrap_or_default();
    let touched = patch::apply(&mut doc, &ops)?;
    let old_model = current
        .get("$metadata")
        .and_then(|m| m.get("$model"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let model = touched.model.clone().unwrap_or(old_model);
    if touched.model.is_some() {
        model_usable(&cat, &model)?;
    }
    let content: Map<String, Value> = doc
        .iter()
        .filter(|(k, _)| !k.starts_with('$'))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let problems = check_twin(&cat, &model, &content);
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    let at = now();
    let comps: Vec<String> = cat
        .set
        .components(&model)
        .iter()
        .map(|c| c.name.clone())
        .collect();
    for (comp, prop) in &touched.nested {
        if comps.contains(comp)
            && let Some(v) = doc.get_mut(comp)
        {
            stamp_component(v, &at, Some(prop));
        }
    }
    let meta = doc.entry("$metadata").or_insert_with(|| json!({}));
    if let Some(m) = meta.as_object_mut() {
        m.insert("$model".into(), json!(model));
        m.insert("$lastUpdateTime".into(), json!(at));
        for key in &touched.top {
            if content.contains_key(key) {
                let entry = m.entry(key.clone()).or_insert_with(|| json!({}));
                if let Some(e) = entry.as_object_mut() {
                    e.insert("lastUpdateTime".into(), json!(at));
                }
            } else {
                m.remove(key);
            }
        }
        // Metadata of properties that are no longer set goes with them.
        m.retain(|k, _| k.starts_with('$') || content.contains_key(k));
    }
    let etag = new_etag();
    doc.insert("$etag".into(), json!(etag));
    st.0.store.put_twin(&id, &model, &Value::Object(doc))?;
    Ok(no_content(Some(&etag)))
}

pub(crate) async fn delete_twin(
    st: St,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let _w = st.0.write.lock().unwrap_or_else(|p| p.into_inner());
    let current =
        st.0.store
            .twin(&id)?
            .ok_or_else(|| ApiError::twin_not_found(&id))?;
    check_if_match(
        &headers,
        current.get("$etag").and_then(Value::as_str),
        "twin",
    )?;
    if st.0.store.has_relationships(&id)? {
        return Err(ApiError::new(
            400,
            "RelationshipsNotDeleted",
            format!(
                "Twin {id} has active relationships. Cannot delete a twin unless all the relationships are deleted. Please ensure that the active relationships on the twin are deleted. See section on retrieving relationships https://aka.ms/adtv2twins."
            ),
        ));
    }
    st.0.store.delete_twin(&id)?;
    Ok(no_content(None))
}
