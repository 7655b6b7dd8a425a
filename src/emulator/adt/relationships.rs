//! Relationship endpoints: list (paged), get, PUT (validated against the source model), PATCH,
//! DELETE, and incoming relationships (paged).
use super::validate::check_properties;
use super::{
    ApiError, ApiResult, St, check_if_match, decode_token, encode_token, if_none_match_star,
    json_response, new_etag, next_link, no_content, page_size, parse_body, patch,
    require_content_type,
};
use crate::emulator::query::ModelOracle;
use crate::emulator::store::StoredRelationship;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{Map, Value, json};

const MAX_PAGE: usize = 1000;

fn rel_not_found(id: &str, rid: &str) -> ApiError {
    ApiError::new(
        404,
        "RelationshipNotFound",
        format!("There is no relationship with id {rid} on twin {id}."),
    )
}

fn twin_model(twin: &Value) -> String {
    twin.get("$metadata")
        .and_then(|m| m.get("$model"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

pub(crate) async fn list(
    st: St,
    Path(id): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    if st.0.store.twin(&id)?.is_none() {
        return Err(ApiError::twin_not_found(&id));
    }
    let name = q
        .iter()
        .find(|(k, _)| k == "relationshipName")
        .map(|(_, v)| v.as_str());
    let after = match q.iter().find(|(k, _)| k == "continuationToken") {
        Some((_, t)) => decode_token(t)?
            .get("after")
            .and_then(Value::as_str)
            .map(str::to_string),
        None => None,
    };
    let size = page_size(&headers, &q, st.0.list_page_size, MAX_PAGE);
    let mut items = st.0.store.outgoing(&id, name, after.as_deref(), size + 1)?;
    let more = items.len() > size;
    items.truncate(size);
    let mut page = json!({ "value": items });
    if more {
        let last = items
            .last()
            .and_then(|r| r.get("$relationshipId"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let token = encode_token(&json!({ "after": last }));
        page["nextLink"] = json!(next_link(
            &headers,
            &format!("/digitaltwins/{id}/relationships"),
            &q,
            &token
        ));
    }
    Ok(json_response(200, &page, None))
}

pub(crate) async fn incoming(
    st: St,
    Path(id): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    if st.0.store.twin(&id)?.is_none() {
        return Err(ApiError::twin_not_found(&id));
    }
    let after = match q.iter().find(|(k, _)| k == "continuationToken") {
        Some((_, t)) => {
            let v = decode_token(t)?;
            let s = v.get("s").and_then(Value::as_str).unwrap_or("").to_string();
            let i = v.get("i").and_then(Value::as_str).unwrap_or("").to_string();
            Some((s, i))
        }
        None => None,
    };
    let size = page_size(&headers, &q, st.0.list_page_size, MAX_PAGE);
    let mut rels = st.0.store.incoming(
        &id,
        after.as_ref().map(|(s, i)| (s.as_str(), i.as_str())),
        size + 1,
    )?;
    let more = rels.len() > size;
    rels.truncate(size);
    let str_of = |r: &Value, k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let items: Vec<Value> = rels
        .iter()
        .map(|r| {
            let (s, rid, name) = (
                str_of(r, "$sourceId"),
                str_of(r, "$relationshipId"),
                str_of(r, "$relationshipName"),
            );
            json!({
                "$relationshipId": rid,
                "$sourceId": s,
                "$relationshipName": name,
                "$relationshipLink": format!("/digitaltwins/{s}/relationships/{rid}"),
            })
        })
        .collect();
    let mut page = json!({ "value": items });
    if more {
        let last = rels.last().cloned().unwrap_or(Value::Null);
        let token = encode_token(
            &json!({ "s": str_of(&last, "$sourceId"), "i": str_of(&last, "$relationshipId") }),
        );
        page["nextLink"] = json!(next_link(
            &headers,
            &format!("/digitaltwins/{id}/incomingrelationships"),
            &q,
            &token
        ));
    }
    Ok(json_response(200, &page, None))
}

pub(crate) async fn get_one(
    st: St,
    Path((id, rid)): Path<(String, String)>,
) -> ApiResult<Response> {
    if st.0.store.twin(&id)?.is_none() {
        return Err(ApiError::twin_not_found(&id));
    }
    let rel =
        st.0.store
            .relationship(&id, &rid)?
            .ok_or_else(|| rel_not_found(&id, &rid))?;
    let etag = rel.get("$etag").and_then(Value::as_str).map(str::to_string);
    Ok(json_response(200, &rel, etag.as_deref()))
}

/// Check a relationship document against the source twin's model; Ok(properties).
fn check_relationship(
    st: &St,
    source: &Value,
    name: &str,
    target_id: &str,
    props: &Map<String, Value>,
) -> ApiResult<()> {
    let cat = st.0.catalog();
    let source_model = twin_model(source);
    let rels = cat.set.relationships(&source_model);
    let Some(def) = rels.iter().find(|r| r.name == name) else {
        let known: Vec<&str> = rels.iter().map(|r| r.name.as_str()).collect();
        return Err(ApiError::validation(vec![format!(
            "Relationship '{name}' is not defined in model {source_model}. Defined relationships: {}.",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        )]));
    };
    let target = st.0.store.twin(target_id)?.ok_or_else(|| {
        ApiError::new(
            404,
            "TargetTwinNotFound",
            format!("The target twin {target_id} of the relationship does not exist."),
        )
    })?;
    if let Some(required) = &def.target {
        let target_model = twin_model(&target);
        if !cat.is_of_model(&target_model, required, false) {
            return Err(ApiError::validation(vec![format!(
                "Relationship '{name}' must target a twin of model {required}; {target_id} is of model {target_model}."
            )]));
        }
    }
    let defs: Vec<&crate::dtdl::PropertyDef> = def.properties.iter().collect();
    let mut problems = Vec::new();
    check_properties(
        &defs,
        props,
        &format!("relationship '{name}'"),
        &mut problems,
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(problems))
    }
}

pub(crate) async fn put(
    st: St,
    Path((id, rid)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    require_content_type(&headers, "application/json")?;
    let body = parse_body(&body)?;
    let obj = body.as_object().ok_or_else(|| {
        ApiError::new(
            400,
            "InvalidArgument",
            "The relationship must be a JSON object.",
        )
    })?;
    let field = |k: &str| {
        obj.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let target = field("$targetId").ok_or_else(|| {
        ApiError::new(
            400,
            "InvalidArgument",
            "The relationship needs a $targetId.",
        )
    })?;
    let name = field("$relationshipName").ok_or_else(|| {
        ApiError::new(
            400,
            "InvalidArgument",
            "The relationship needs a $relationshipName.",
        )
    })?;
    let create_only = if_none_match_star(&headers)?;
    let source =
        st.0.store
            .twin(&id)?
            .ok_or_else(|| ApiError::twin_not_found(&id))?;
    let props: Map<String, Value> = obj
        .iter()
        .filter(|(k, _)| !k.starts_with('$'))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    check_relationship(&st, &source, &name, &target, &props)?;
    let etag = new_etag();
    let mut doc = Map::new();
    doc.insert("$relationshipId".into(), json!(rid));
    doc.insert("$etag".into(), json!(etag));
    doc.insert("$sourceId".into(), json!(id));
    doc.insert("$relationshipName".into(), json!(name));
    doc.insert("$targetId".into(), json!(target));
    doc.extend(props);
    let doc = Value::Object(doc);
    {
        let _w = st.0.write.lock().unwrap_or_else(|p| p.into_inner());
        if st.0.store.twin(&id)?.is_none() {
            return Err(ApiError::twin_not_found(&id));
        }
        if create_only && st.0.store.relationship(&id, &rid)?.is_some() {
            return Err(ApiError::new(
                412,
                "PreconditionFailed",
                format!(
                    "If-None-Match: * header was specified but a relationship with the id {rid} was found on twin {id}."
                ),
            ));
        }
        st.0.store.put_relationship(&StoredRelationship {
            source: id,
            id: rid,
            target,
            name,
            body: doc.clone(),
        })?;
    }
    Ok(json_response(200, &doc, Some(&etag)))
}

pub(crate) async fn patch(
    st: St,
    Path((id, rid)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    require_content_type(&headers, "application/json-patch+json")?;
    let ops = patch::parse_ops(&parse_body(&body)?)?;
    if ops.iter().any(|o| o.segments[0].starts_with('$')) {
        return Err(ApiError::patch_invalid(
            "Only relationship properties can be patched.",
        ));
    }
    let source =
        st.0.store
            .twin(&id)?
            .ok_or_else(|| ApiError::twin_not_found(&id))?;
    let current =
        st.0.store
            .relationship(&id, &rid)?
            .ok_or_else(|| rel_not_found(&id, &rid))?;
    check_if_match(
        &headers,
        current.get("$etag").and_then(Value::as_str),
        "relationship",
    )?;
    let mut doc = current.as_object().cloned().unwrap_or_default();
    patch::apply(&mut doc, &ops)?;
    let props: Map<String, Value> = doc
        .iter()
        .filter(|(k, _)| !k.starts_with('$'))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let s = |k: &str| doc.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let (name, target) = (s("$relationshipName"), s("$targetId"));
    check_relationship(&st, &source, &name, &target, &props)?;
    let etag = new_etag();
    doc.insert("$etag".into(), json!(etag));
    let _w = st.0.write.lock().unwrap_or_else(|p| p.into_inner());
    st.0.store.put_relationship(&StoredRelationship {
        source: id,
        id: rid,
        target,
        name,
        body: Value::Object(doc),
    })?;
    Ok(no_content(Some(&etag)))
}

pub(crate) async fn delete(
    st: St,
    Path((id, rid)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let _w = st.0.write.lock().unwrap_or_else(|p| p.into_inner());
    if st.0.store.twin(&id)?.is_none() {
        return Err(ApiError::twin_not_found(&id));
    }
    let current =
        st.0.store
            .relationship(&id, &rid)?
            .ok_or_else(|| rel_not_found(&id, &rid))?;
    check_if_match(
        &headers,
        current.get("$etag").and_then(Value::as_str),
        "relationship",
    )?;
    st.0.store.delete_relationship(&id, &rid)?;
    Ok(no_content(None))
}
