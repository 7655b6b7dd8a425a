//! `POST /query`: the query subset of `emulator::query`, paged by `continuationToken`, with a
//! `query-charge` header.
use super::{
    ApiError, ApiResult, St, decode_token, encode_token, json_response, page_size, parse_body,
};
use crate::emulator::query::{self, Collection};
use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{Value, json};

const DEFAULT_PAGE: usize = 100;
const MAX_PAGE: usize = 1000;
const SCAN_BATCH: usize = 500;

/// Position in a scan: a twin id, or (source, relationship id).
fn key_of(collection: Collection, item: &Value) -> Value {
    let s = |k: &str| {
        item.get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    match collection {
        Collection::DigitalTwins => json!(s("$dtId")),
        Collection::Relationships => json!([s("$sourceId"), s("$relationshipId")]),
    }
}

pub(crate) async fn query(st: St, headers: HeaderMap, body: Bytes) -> ApiResult<Response> {
    super::require_content_type(&headers, "application/json")?;
    let body = parse_body(&body)?;
    let (text, after, returned) = match body.get("continuationToken").and_then(Value::as_str) {
        Some(token) => {
            let t = decode_token(token)?;
            let text = t.get("q").and_then(Value::as_str).unwrap_or("").to_string();
            (
                text,
                t.get("after").cloned().filter(|v| !v.is_null()),
                t.get("n").and_then(Value::as_u64).unwrap_or(0) as usize,
            )
        }
        None => match body.get("query").and_then(Value::as_str) {
            Some(q) => (q.to_string(), None, 0),
            None => {
                return Err(ApiError::new(
                    400,
                    "BadRequest",
                    "The body needs a \"query\" or a \"continuationToken\".",
                ));
            }
        },
    };
    let q = query::parse(&text).map_err(|e| ApiError::new(400, "SqlQueryError", e.message))?;
    let cat = st.0.catalog();
    let size = page_size(&headers, &[], DEFAULT_PAGE, MAX_PAGE);
    let budget = q
        .top()
        .map(|t| t.saturating_sub(returned))
        .unwrap_or(usize::MAX);
    let want = if q.is_count() {
        usize::MAX
    } else {
        size.min(budget)
    };
    let collection = q.collection();
    let pinned = q.pinned_id();

    let mut out: Vec<Value> = Vec::new();
    let mut scanned = 0usize;
    let mut count = 0usize;
    // Scan position, and the scan key of the last row returned (where the next page resumes).
    let mut cursor = after;
    let mut last_returned: Option<Value> = None;
    let mut more = false;
    'scan: loop {
        let batch: Vec<Value> = match (collection, &pinned) {
            (Collection::DigitalTwins, Some(id)) => {
                if cursor.is_some() {
                    vec![]
                } else {
                    st.0.store.twin(id)?.into_iter().collect()
                }
            }
            (Collection::DigitalTwins, None) => {
                st.0.store
                    .twins_after(cursor.as_ref().and_then(Value::as_str), SCAN_BATCH)?
            }
            (Collection::Relationships, Some(src)) => {
                let after_id = cursor
                    .as_ref()
                    .and_then(|c| c.get(1))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                st.0.store
                    .outgoing(src, None, after_id.as_deref(), SCAN_BATCH)?
            }
            (Collection::Relationships, None) => {
                let pair = cursor.as_ref().and_then(|c| {
                    Some((
                        c.get(0)?.as_str()?.to_string(),
                        c.get(1)?.as_str()?.to_string(),
                    ))
                });
                st.0.store.relationships_after(
                    pair.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
                    SCAN_BATCH,
                )?
            }
        };
        let exhausted = batch.len() < SCAN_BATCH
            || (collection == Collection::DigitalTwins && pinned.is_some());
        for item in batch {
            scanned += 1;
            let key = key_of(collection, &item);
            cursor = Some(key.clone());
            if !q.matches(&item, cat.as_ref()) {
                continue;
            }
            if q.is_count() {
                count += 1;
                continue;
            }
            if out.len() == want {
                more = true;
                break 'scan;
            }
            out.push(q.project(&item));
            last_returned = Some(key);
        }
        if exhausted {
            break;
        }
    }
    let charge = 1.0 + scanned as f64 * 0.05;
    let page = if q.is_count() {
        json!({ "value": [query::count_row(count)] })
    } else {
        let mut page = json!({ "value": out });
        let topped = q.top().is_some_and(|t| returned + out.len() >= t);
        if more && !topped {
            let state = json!({ "q": text, "after": last_returned, "n": returned + out.len() });
            page["continuationToken"] = json!(encode_token(&state));
        }
        page
    };
    let mut resp = json_response(200, &page, None);
    if let Ok(v) = format!("{charge:.2}").parse() {
        resp.headers_mut().insert("query-charge", v);
    }
    Ok(resp)
}
