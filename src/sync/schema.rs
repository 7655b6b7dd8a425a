//! What the telemetry mapping needs to know about a twin's model: the schema of every property,
//! including inherited ones and those of components, by twin path (`/Temperature`,
//! `/thermostat1/targetTemperature`). Built from the DTDL model graph.
use crate::adt::{AdtClient, AdtError};
use crate::dtdl::{ModelSet, Schema};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Property schemas of one model, by twin path.
#[derive(Debug, Clone, Default)]
pub struct TwinSchema {
    pub model: String,
    props: HashMap<String, Schema>,
    /// Component names (a new twin must initialise each, possibly to `{}`).
    pub components: Vec<String>,
    /// The create body of a new twin of the model ([`crate::dtdl::initial_twin`]).
    pub initial_twin: serde_json::Value,
}

impl TwinSchema {
    /// Resolve `model` in `set`.
    pub fn build(set: &ModelSet, model: &str) -> Self {
        let mut props = HashMap::new();
        let components = set
            .components(model)
            .iter()
            .map(|c| c.name.clone())
            .collect();
        for p in set.properties(model) {
            props.insert(format!("/{}", p.name), p.schema.clone());
        }
        for c in set.components(model) {
            for p in set.properties(&c.schema) {
                props.insert(format!("/{}/{}", c.name, p.name), p.schema.clone());
            }
        }
        Self {
            model: model.to_string(),
            props,
            components,
            initial_twin: crate::dtdl::initial_twin(set, model),
        }
    }

    /// The schema of a twin path, if the model has such a property.
    pub fn schema(&self, path: &str) -> Option<&Schema> {
        self.props.get(path)
    }

    /// The twin path of a telemetry body key, only when the model defines that property:
    /// `Temperature` -> `/Temperature`, `c1/target` -> `/c1/target` (property `target` of
    /// component `c1`). DTDL names hold neither `/` nor `~`, so no path needs escaping.
    pub fn path_of_key(&self, key: &str) -> Option<String> {
        let path = format!("/{key}");
        self.props.contains_key(&path).then_some(path)
    }

    /// Is `name` a component of the model?
    pub fn is_component(&self, name: &str) -> bool {
        self.components.iter().any(|c| c == name)
    }
}

/// Why a model's schema could not be had.
#[derive(Debug)]
pub enum SchemaError {
    /// Worth retrying later (throttling, outage).
    Transient(AdtError),
    /// Will not work: missing model, unparsable definition.
    Rejected(String),
}

/// Models fetched from ADT (with their dependencies) once, parsed, and kept.
#[derive(Default)]
pub struct ModelCache {
    schemas: Mutex<HashMap<String, Arc<TwinSchema>>>,
    /// One fetch in flight per model: the first batch of new twins reads a model once.
    gates: crate::gate::KeyedGate,
}

impl ModelCache {
    fn cached(&self, model: &str) -> Option<Arc<TwinSchema>> {
        self.schemas
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(model)
            .cloned()
    }

    /// The schema of `model`, fetching and parsing it on first use.
    pub async fn get(&self, adt: &AdtClient, model: &str) -> Result<Arc<TwinSchema>, SchemaError> {
        if let Some(s) = self.cached(model) {
            return Ok(s);
        }
        let _turn = self.gates.turn(model).await;
        if let Some(s) = self.cached(model) {
            return Ok(s);
        }
        let defs = match adt.list_models(&[model.to_string()], true).await {
            Ok(d) => d,
            Err(e) if e.is_outage() => return Err(SchemaError::Transient(e)),
            Err(e) => {
                return Err(SchemaError::Rejected(format!(
                    "cannot read model {model}: {e}"
                )));
            }
        };
        let set = crate::models::parse_instance(&defs).map_err(|d| {
            SchemaError::Rejected(format!("model {model} does not parse: {}", d[0]))
        })?;
        let schema = Arc::new(TwinSchema::build(&set, model));
        self.schemas
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(model.to_string(), schema.clone());
        Ok(schema)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtdl::{ModelSource, ParseOptions, parse};
    use serde_json::json;

    #[test]
    fn inherited_and_component_properties() {
        let base = json!({"@id": "dtmi:t:Base;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2",
            "contents": [{"@type": "Property", "name": "Temperature", "schema": "double"}]});
        let comp = json!({"@id": "dtmi:t:Comp;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2",
            "contents": [{"@type": "Property", "name": "target", "schema": "integer"}]});
        let dev = json!({"@id": "dtmi:t:Dev;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2", "extends": "dtmi:t:Base;1",
            "contents": [{"@type": "Component", "name": "c1", "schema": "dtmi:t:Comp;1"}]});
        let set = parse(
            &[
                ModelSource {
                    name: "b".into(),
                    value: base,
                },
                ModelSource {
                    name: "c".into(),
                    value: comp,
                },
                ModelSource {
                    name: "d".into(),
                    value: dev,
                },
            ],
            ParseOptions::default(),
        )
        .unwrap();
        let s = TwinSchema::build(&set, "dtmi:t:Dev;1");
        assert_eq!(s.schema("/Temperature"), Some(&Schema::Double));
        assert_eq!(s.schema("/c1/target"), Some(&Schema::Integer));
        assert_eq!(
            s.path_of_key("Temperature").as_deref(),
            Some("/Temperature")
        );
        assert_eq!(s.path_of_key("c1/target").as_deref(), Some("/c1/target"));
        for undefined in [
            "c1",
            "c1/nope",
            "/Temperature",
            "c1/target/x",
            "Temperature~1",
        ] {
            assert_eq!(s.path_of_key(undefined), None, "{undefined}");
        }
        assert!(s.is_component("c1") && !s.is_component("Temperature"));
    }
}
