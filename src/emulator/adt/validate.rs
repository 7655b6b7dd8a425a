//! Twin and relationship documents checked against the resolved model, as ADT does: unknown
//! properties and wrong types are ValidationFailed; components must be initialised at creation,
//! each with a `$metadata` object.
use super::catalog::Catalog;
use crate::dtdl::PropertyDef;
use serde_json::{Map, Value};

/// Problems of property values `obj` (keys starting with `$` skipped) against `defs`.
pub(crate) fn check_properties(
    defs: &[&PropertyDef],
    obj: &Map<String, Value>,
    owner: &str,
    problems: &mut Vec<String>,
) {
    for (key, value) in obj {
        if key.starts_with('$') {
            continue;
        }
        match defs.iter().find(|d| d.name == *key) {
            Some(def) => {
                if let Err(e) = def.schema.check(value) {
                    problems.push(format!("Property '{key}' of {owner}: {e}"));
                }
            }
            None => problems.push(format!(
                "Property '{key}' is not defined in {owner} (or any model it extends)."
            )),
        }
    }
}

/// Validate a twin's content (properties and components) against `model`.
pub(crate) fn check_twin(cat: &Catalog, model: &str, twin: &Map<String, Value>) -> Vec<String> {
    let mut problems = Vec::new();
    let props = cat.set.properties(model);
    let comps = cat.set.components(model);
    for (key, value) in twin {
        if key.starts_with('$') {
            continue;
        }
        if let Some(def) = props.iter().find(|d| d.name == *key) {
            if let Err(e) = def.schema.check(value) {
                problems.push(format!("Property '{key}' of {model}: {e}"));
            }
        } else if let Some(comp) = comps.iter().find(|c| c.name == *key) {
            match value.as_object() {
                Some(inner) => {
                    let cprops = cat.set.properties(&comp.schema);
                    check_properties(
                        &cprops,
                        inner,
                        &format!("component '{key}' ({})", comp.schema),
                        &mut problems,
                    );
                }
                None => problems.push(format!(
                    "Component '{key}' must be a JSON object (got {value})."
                )),
            }
        } else {
            problems.push(format!(
                "Property '{key}' is not defined in {model} (or any model it extends)."
            ));
        }
    }
    for comp in comps {
        if !twin.contains_key(&comp.name) {
            problems.push(format!(
                "Twin is missing component '{}' ({}): components must be initialized when the twin is created, at least as {{\"$metadata\":{{}}}}.",
                comp.name, comp.schema
            ));
        }
    }
    problems
}

/// A twin's create body must carry `$metadata` in each component, even empty (ADT refuses a
/// component object without it; azure-sdk-for-net#12573).
pub(crate) fn check_component_metadata(
    cat: &Catalog,
    model: &str,
    twin: &Map<String, Value>,
) -> Vec<String> {
    cat.set
        .components(model)
        .iter()
        .filter_map(|comp| {
            let inner = twin.get(&comp.name)?.as_object()?;
            (!inner.get("$metadata").is_some_and(Value::is_object)).then(|| {
                format!(
                    "Component '{}' ({}) needs a \"$metadata\" object, even an empty one: {{\"$metadata\":{{}}}}.",
                    comp.name, comp.schema
                )
            })
        })
        .collect()
}
