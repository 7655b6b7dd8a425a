//! JSON Patch (RFC 6902 subset ADT supports: add, replace, remove) applied to a twin document.
use super::{ApiError, ApiResult};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Add,
    Replace,
    Remove,
}

/// One parsed operation.
#[derive(Debug, Clone)]
pub(crate) struct Op {
    pub kind: Kind,
    pub segments: Vec<String>,
    pub path: String,
    pub value: Option<Value>,
}

/// Parse a JSON Patch document.
pub(crate) fn parse_ops(body: &Value) -> ApiResult<Vec<Op>> {
    let Some(items) = body.as_array() else {
        return Err(ApiError::patch_invalid(
            "The patch document must be a JSON array of operations.",
        ));
    };
    if items.is_empty() {
        return Err(ApiError::patch_invalid("The patch document is empty."));
    }
    items
        .iter()
        .map(|item| {
            let op = item.get("op").and_then(Value::as_str).unwrap_or("");
            let kind = match op {
                "add" => Kind::Add,
                "replace" => Kind::Replace,
                "remove" => Kind::Remove,
                "" => return Err(ApiError::patch_invalid("Every operation needs an \"op\".")),
                other => {
                    return Err(ApiError::patch_invalid(format!(
                        "Unsupported operation type {other}."
                    )));
                }
            };
            let path = item.get("path").and_then(Value::as_str).ok_or_else(|| {
                ApiError::patch_invalid(format!("Operation {op} needs a \"path\"."))
            })?;
            if !path.starts_with('/') || path.len() < 2 {
                return Err(ApiError::patch_invalid(format!(
                    "Could not resolve path {path}."
                )));
            }
            let segments = path[1..]
                .split('/')
                .map(|s| s.replace("~1", "/").replace("~0", "~"))
                .collect();
            let value = item.get("value").cloned();
            if kind != Kind::Remove && value.is_none() {
                return Err(ApiError::patch_invalid(format!(
                    "Operation {op} at {path} needs a \"value\"."
                )));
            }
            Ok(Op {
                kind,
                segments,
                path: path.to_string(),
                value,
            })
        })
        .collect()
}

/// What a patch changed, for metadata upkeep.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    /// Top-level names whose value changed.
    pub top: BTreeSet<String>,
    /// (component, property) pairs changed inside components.
    pub nested: BTreeSet<(String, String)>,
    /// New model id, when `/$metadata/$model` was replaced.
    pub model: Option<String>,
}

/// Apply operations to a twin document in place.
pub(crate) fn apply(doc: &mut Map<String, Value>, ops: &[Op]) -> ApiResult<Touched> {
    let mut touched = Touched::default();
    for op in ops {
        let first = op.segments[0].as_str();
        if first == "$dtId" || first == "$etag" {
            return Err(ApiError::patch_invalid(format!(
                "{} cannot be changed.",
                op.path
            )));
        }
        if first == "$metadata" {
            apply_metadata(doc, op, &mut touched)?;
            continue;
        }
        apply_pointer(doc, op)?;
        touched.top.insert(first.to_string());
        if op.segments.len() >= 2 && !op.segments[1].starts_with('$') {
            touched
                .nested
                .insert((first.to_string(), op.segments[1].clone()));
        }
    }
    Ok(touched)
}

fn apply_metadata(doc: &mut Map<String, Value>, op: &Op, touched: &mut Touched) -> ApiResult<()> {
    let segs: Vec<&str> = op.segments.iter().map(String::as_str).collect();
    match segs.as_slice() {
        ["$metadata", "$model"] if op.kind != Kind::Remove => {
            let Some(Value::String(m)) = &op.value else {
                return Err(ApiError::patch_invalid(
                    "/$metadata/$model must be a DTMI string.",
                ));
            };
            touched.model = Some(m.clone());
            Ok(())
        }
        ["$metadata", prop, "sourceTime"] => {
            let meta = doc
                .entry("$metadata")
                .or_insert_with(|| Value::Object(Map::new()));
            let Some(meta) = meta.as_object_mut() else {
                return Err(ApiError::patch_invalid("$metadata is not an object."));
            };
            let entry = meta
                .entry(prop.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            let Some(entry) = entry.as_object_mut() else {
                return Err(ApiError::patch_invalid(format!(
                    "Could not resolve path {}.",
                    op.path
                )));
            };
            match op.kind {
                Kind::Remove => {
                    entry.remove("sourceTime");
                }
                Kind::Replace if !entry.contains_key("sourceTime") => {
                    return Err(ApiError::patch_invalid(format!(
                        "sourceTime does not exist on {prop}."
                    )));
                }
                _ => {
                    let v = op.value.clone().unwrap_or(Value::Null);
                    let ok = v.as_str().is_some_and(|s| {
                        time::OffsetDateTime::parse(
                            s,
                            &time::format_description::well_known::Rfc3339,
                        )
                        .is_ok()
                    });
                    if !ok {
                        return Err(ApiError::validation(vec![format!(
                            "sourceTime of {prop} must be an RFC 3339 date-time (got {v})."
                        )]));
                    }
                    entry.insert("sourceTime".into(), v);
                }
            }
            Ok(())
        }
        _ => Err(ApiError::patch_invalid(format!(
            "Could not resolve path {}: only /$metadata/$model and /$metadata/<property>/sourceTime can be patched.",
            op.path
        ))),
    }
}

fn apply_pointer(doc: &mut Map<String, Value>, op: &Op) -> ApiResult<()> {
    let (last, parents) = op
        .segments
        .split_last()
        .expect("paths have at least one segment");
    let mut cur: &mut Map<String, Value> = doc;
    for (i, seg) in parents.iter().enumerate() {
        let next = cur.get_mut(seg.as_str());
        match next {
            Some(Value::Object(m)) => cur = m,
            _ => {
                let at = format!("/{}", op.segments[..=i].join("/"));
                return Err(ApiError::patch_invalid(format!(
                    "Could not resolve path {}: {at} does not exist or is not an object.",
                    op.path
                )));
            }
        }
    }
    match op.kind {
        Kind::Add => {
            cur.insert(last.clone(), op.value.clone().unwrap_or(Value::Null));
        }
        Kind::Replace => {
            if !cur.contains_key(last.as_str()) {
                return Err(ApiError::patch_invalid(format!(
                    "{last} does not exist on component."
                )));
            }
            cur.insert(last.clone(), op.value.clone().unwrap_or(Value::Null));
        }
        Kind::Remove => {
            if cur.remove(last.as_str()).is_none() {
                return Err(ApiError::patch_invalid(format!(
                    "{last} does not exist on component."
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Map<String, Value> {
        json!({"$dtId": "t", "Temperature": 1.0, "comp": {"x": 1, "$metadata": {}}, "$metadata": {"$model": "dtmi:a;1"}})
            .as_object()
            .cloned()
            .unwrap()
    }

    #[test]
    fn add_replace_remove() {
        let mut d = doc();
        let ops = parse_ops(&json!([
            {"op": "add", "path": "/Humidity", "value": 3},
            {"op": "replace", "path": "/Temperature", "value": 2.5},
            {"op": "remove", "path": "/comp/x"}
        ]))
        .unwrap();
        let t = apply(&mut d, &ops).unwrap();
        assert_eq!(d["Humidity"], 3);
        assert_eq!(d["Temperature"], 2.5);
        assert!(d["comp"].get("x").is_none());
        assert!(t.top.contains("comp") && t.nested.contains(&("comp".into(), "x".into())));
    }

    #[test]
    fn replace_of_unset_property_is_invalid() {
        let mut d = doc();
        let ops = parse_ops(&json!([{"op": "replace", "path": "/Humidity", "value": 3}])).unwrap();
        let e = apply(&mut d, &ops).unwrap_err();
        assert_eq!(e.code, "JsonPatchInvalid");
        assert!(e.message.contains("Humidity does not exist"));
    }

    #[test]
    fn unsupported_ops_are_named() {
        let e = parse_ops(&json!([{"op": "move", "from": "/a", "path": "/b"}])).unwrap_err();
        assert!(e.message.starts_with("Unsupported operation type move."));
        assert!(parse_ops(&json!({"op": "add"})).is_err());
    }

    #[test]
    fn source_time_and_model() {
        let mut d = doc();
        let ops = parse_ops(&json!([
            {"op": "add", "path": "/$metadata/Temperature/sourceTime", "value": "2024-01-01T00:00:00Z"},
            {"op": "replace", "path": "/$metadata/$model", "value": "dtmi:b;1"}
        ]))
        .unwrap();
        let t = apply(&mut d, &ops).unwrap();
        assert_eq!(
            d["$metadata"]["Temperature"]["sourceTime"],
            "2024-01-01T00:00:00Z"
        );
        assert_eq!(t.model.as_deref(), Some("dtmi:b;1"));
        let bad = parse_ops(&json!([{"op": "add", "path": "/$metadata/Temperature/sourceTime", "value": "yesterday"}])).unwrap();
        assert_eq!(apply(&mut d, &bad).unwrap_err().code, "ValidationFailed");
    }
}
