//! The emulator's view of the models in the instance: stored rows plus the parsed, resolved DTDL
//! model graph (rebuilt whenever models change).
use crate::dtdl::{self, ModelSet, ModelSource, ParseOptions};
use crate::emulator::query::ModelOracle;
use crate::emulator::store::{Store, StoredModel};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Models of the instance.
#[derive(Clone)]
pub struct Catalog {
    pub stored: BTreeMap<String, StoredModel>,
    /// The parsed graph. After a delete it may still hold the deleted model: the remaining
    /// models' dependencies and ancestors do not change, and `stored` says what exists.
    pub set: Arc<ModelSet>,
}

/// ADT accepts documents with undefined extension contexts only where the parser allows them;
/// the emulator is as strict as `models validate` by default.
pub(crate) const PARSE_OPTIONS: ParseOptions = ParseOptions {
    allow_undefined_extensions: false,
};

pub(crate) fn sources(models: &[(String, Value)]) -> Vec<ModelSource> {
    models
        .iter()
        .map(|(id, body)| ModelSource {
            name: id.clone(),
            value: body.clone(),
        })
        .collect()
}

impl Catalog {
    /// Load from the store. Stored models were validated on upload; should they no longer parse
    /// (a newer parser), the set is empty and writes that need models fail with a clear error.
    pub fn load(store: &Store) -> Self {
        let stored: Vec<StoredModel> = store.models().unwrap_or_else(|e| {
            tracing::error!("cannot read models from the emulator state: {e}");
            Vec::new()
        });
        let pairs: Vec<(String, Value)> = stored
            .iter()
            .map(|m| (m.id.clone(), m.body.clone()))
            .collect();
        let set = match dtdl::parse(&sources(&pairs), PARSE_OPTIONS) {
            Ok(set) => set,
            Err(diags) => {
                tracing::error!(
                    "stored models no longer parse: {}",
                    diags.first().map(|d| d.to_string()).unwrap_or_default()
                );
                dtdl::parse(&[], PARSE_OPTIONS)
                    .unwrap_or_else(|_| unreachable!("an empty model set always parses"))
            }
        };
        Self {
            stored: stored.into_iter().map(|m| (m.id.clone(), m)).collect(),
            set: Arc::new(set),
        }
    }

    /// This catalog without one model (no re-parse).
    pub fn without(&self, id: &str) -> Self {
        let mut c = self.clone();
        c.stored.remove(id);
        c
    }

    /// This catalog with a model decommissioned.
    pub fn decommissioned_copy(&self, id: &str) -> Self {
        let mut c = self.clone();
        if let Some(m) = c.stored.get_mut(id) {
            m.decommissioned = true;
        }
        c
    }

    /// This catalog with new models and the set that validated them.
    pub fn with_new(&self, models: Vec<StoredModel>, set: ModelSet) -> Self {
        let mut c = self.clone();
        for m in models {
            c.stored.insert(m.id.clone(), m);
        }
        c.set = Arc::new(set);
        c
    }

    /// Model exists in the instance.
    pub fn has(&self, id: &str) -> bool {
        self.stored.contains_key(id)
    }

    /// The model is decommissioned.
    pub fn decommissioned(&self, id: &str) -> bool {
        self.stored.get(id).is_some_and(|m| m.decommissioned)
    }
}

impl ModelOracle for Catalog {
    fn is_of_model(&self, twin_model: &str, model: &str, exact: bool) -> bool {
        if twin_model == model {
            return true;
        }
        !exact && self.set.ancestors(twin_model).iter().any(|a| a == model)
    }
}
