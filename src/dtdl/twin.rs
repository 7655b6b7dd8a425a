//! The smallest twin ADT accepts for a model: `$metadata.$model` and every component (own and
//! inherited through `extends`), each `{"$metadata":{}}`, because ADT refuses a twin whose
//! components are not initialised at creation. Pure.
use super::ModelSet;
use serde_json::{Map, Value, json};

/// The create body for a new twin of `model`, resolved in `set` (which holds the model and its
/// dependencies). A model not in `set` gives a twin with no components.
pub fn initial_twin(set: &ModelSet, model: &str) -> Value {
    let mut body = Map::new();
    body.insert("$metadata".into(), json!({ "$model": model }));
    for c in set.components(model) {
        body.entry(c.name.clone())
            .or_insert_with(|| json!({ "$metadata": {} }));
    }
    Value::Object(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtdl::{ModelSource, ParseOptions, parse};

    #[test]
    fn own_and_inherited_components_each_get_empty_metadata() {
        let info = json!({"@id": "dtmi:t:Info;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2",
            "contents": [{"@type": "Property", "name": "manufacturer", "schema": "string"}]});
        let base = json!({"@id": "dtmi:t:Base;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2",
            "contents": [{"@type": "Component", "name": "deviceInformation", "schema": "dtmi:t:Info;1"}]});
        let dev = json!({"@id": "dtmi:t:Dev;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2",
            "extends": "dtmi:t:Base;1",
            "contents": [{"@type": "Component", "name": "extra", "schema": "dtmi:t:Info;1"},
                         {"@type": "Property", "name": "Temperature", "schema": "double"}]});
        let sources: Vec<ModelSource> = [info, base, dev]
            .into_iter()
            .enumerate()
            .map(|(i, value)| ModelSource {
                name: i.to_string(),
                value,
            })
            .collect();
        let set = parse(&sources, ParseOptions::default()).unwrap();
        assert_eq!(
            initial_twin(&set, "dtmi:t:Dev;1"),
            json!({"$metadata": {"$model": "dtmi:t:Dev;1"},
                   "extra": {"$metadata": {}}, "deviceInformation": {"$metadata": {}}})
        );
        assert_eq!(
            initial_twin(&set, "dtmi:t:Info;1"),
            json!({"$metadata": {"$model": "dtmi:t:Info;1"}})
        );
        assert_eq!(
            initial_twin(&set, "dtmi:t:Missing;1"),
            json!({"$metadata": {"$model": "dtmi:t:Missing;1"}})
        );
    }
}
