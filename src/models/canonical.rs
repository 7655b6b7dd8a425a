//! Semantic equality of DTDL models: the same DTMI with the same meaning compares equal even if
//! key order, single-element arrays, plain vs. localized strings or the order of `contents`
//! differ. Used to tell *unchanged* from *conflicting* models.
use serde_json::{Map, Value};

/// Keys whose array values are sets (order carries no meaning).
const SET_KEYS: &[&str] = &[
    "contents",
    "fields",
    "enumValues",
    "properties",
    "schemas",
    "extends",
    "@type",
    "@context",
];
/// Keys holding localizable strings.
const LOCALIZABLE: &[&str] = &["displayName", "description", "comment"];

/// A canonical form of a model for comparison.
pub fn canonical(v: &Value) -> Value {
    canon(None, v)
}

fn canon(key: Option<&str>, v: &Value) -> Value {
    match v {
        Value::Object(o) => {
            let mut keys: Vec<&String> = o.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for k in keys {
                out.insert(k.clone(), canon(Some(k), &o[k]));
            }
            Value::Object(out)
        }
        Value::String(s) if key.is_some_and(|k| LOCALIZABLE.contains(&k)) => {
            let mut m = Map::new();
            m.insert("en".into(), Value::String(s.clone()));
            Value::Object(m)
        }
        Value::Array(items) if key.is_some_and(|k| SET_KEYS.contains(&k)) => {
            let mut c: Vec<Value> = items.iter().map(|i| canon(None, i)).collect();
            c.sort_by_key(|a| a.to_string());
            Value::Array(c)
        }
        Value::Array(items) => Value::Array(items.iter().map(|i| canon(None, i)).collect()),
        other if key.is_some_and(|k| SET_KEYS.contains(&k)) => {
            Value::Array(vec![canon(None, other)])
        }
        other => other.clone(),
    }
}

/// True when two model documents mean the same.
pub fn same_model(a: &Value, b: &Value) -> bool {
    canonical(a) == canonical(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn order_and_forms_do_not_matter() {
        let a = json!({"@id": "dtmi:a;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2", "displayName": "A",
            "contents": [{"@type": "Property", "name": "x", "schema": "double"}, {"@type": "Property", "name": "y", "schema": "string"}]});
        let b = json!({"contents": [{"name": "y", "schema": "string", "@type": "Property"}, {"@type": ["Property"], "name": "x", "schema": "double"}],
            "@context": ["dtmi:dtdl:context;2"], "displayName": {"en": "A"}, "@type": "Interface", "@id": "dtmi:a;1"});
        assert!(same_model(&a, &b));
    }

    #[test]
    fn real_changes_matter() {
        let a = json!({"@id": "dtmi:a;1", "contents": [{"@type": "Property", "name": "x", "schema": "double"}]});
        let b = json!({"@id": "dtmi:a;1", "contents": [{"@type": "Property", "name": "x", "schema": "float"}]});
        assert!(!same_model(&a, &b));
    }
}
