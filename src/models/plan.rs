//! The upload plan: parse the input together with the instance's models, then classify every
//! input model as new, unchanged, conflicting, invalid, or skipped (depends on an invalid one),
//! and order the new ones so each comes after its dependencies. Pure: no I/O.
use super::canonical::same_model;
use super::load::model_id;
use crate::adt::ModelData;
use crate::dtdl::{self, Diagnostic, ModelSet, ModelSource, ParseOptions};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What happens to one input model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not in the instance: will be uploaded.
    New,
    /// In the instance with the same definition: nothing to do.
    Unchanged,
    /// In the instance with a different definition: ADT cannot update a model in place.
    Conflicting,
    /// Fails validation.
    Invalid,
    /// Valid itself but not uploaded (depends on an invalid model, or others failed without --partial).
    Skipped,
}

/// One input model in the plan.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: String,
    pub file: String,
    pub pointer: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Plan options.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    pub parse: ParseOptions,
    /// Upload what does not depend on invalid models instead of nothing.
    pub partial: bool,
}

/// The plan.
#[derive(Debug, Default)]
pub struct Plan {
    pub entries: Vec<Entry>,
    /// Every problem found in the input (load errors and DTDL diagnostics).
    pub diagnostics: Vec<Diagnostic>,
    /// New models to upload, in dependency order, with their definitions.
    pub upload: Vec<(String, Value)>,
}

impl Plan {
    pub fn count(&self, s: Status) -> usize {
        self.entries.iter().filter(|e| e.status == s).count()
    }

    /// Whether the input itself is broken (invalid models or unreadable files).
    pub fn has_errors(&self) -> bool {
        !self.diagnostics.is_empty()
    }
}

/// One model document of the input, flattened out of its file.
struct Doc {
    id: Option<String>,
    file: String,
    pointer: String,
    value: Value,
}

fn flatten(input: &[ModelSource]) -> Vec<Doc> {
    let mut out = Vec::new();
    for s in input {
        match &s.value {
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    out.push(Doc {
                        id: model_id(v).map(str::to_string),
                        file: s.name.clone(),
                        pointer: format!("/{i}"),
                        value: v.clone(),
                    });
                }
            }
            v => out.push(Doc {
                id: model_id(v).map(str::to_string),
                file: s.name.clone(),
                pointer: String::new(),
                value: v.clone(),
            }),
        }
    }
    out
}

/// Index of the document a diagnostic belongs to.
fn doc_of(docs: &[Doc], d: &Diagnostic) -> Option<usize> {
    if let Some(id) = &d.dtmi
        && let Some(i) = docs
            .iter()
            .position(|doc| doc.file == d.file && doc.id.as_deref() == Some(id))
    {
        return Some(i);
    }
    docs.iter()
        .enumerate()
        .filter(|(_, doc)| {
            doc.file == d.file
                && (doc.pointer.is_empty()
                    || d.pointer == doc.pointer
                    || d.pointer.starts_with(&format!("{}/", doc.pointer)))
        })
        .map(|(i, _)| i)
        .next()
}

const INSTANCE: &str = "instance:";

fn instance_sources(instance: &[ModelData], except: &BTreeSet<String>) -> Vec<ModelSource> {
    instance
        .iter()
        .filter(|m| !except.contains(&m.id))
        .filter_map(|m| {
            Some(ModelSource {
                name: format!("{INSTANCE}{}", m.id),
                value: m.model.clone()?,
            })
        })
        .collect()
}

/// Build the plan for `input` against the `instance` models (with definitions).
pub fn plan(
    input: &[ModelSource],
    load_errors: Vec<Diagnostic>,
    instance: &[ModelData],
    opts: PlanOptions,
) -> Plan {
    let docs = flatten(input);
    let mut plan = Plan {
        diagnostics: load_errors,
        ..Plan::default()
    };
    let input_ids: BTreeSet<String> = docs.iter().filter_map(|d| d.id.clone()).collect();
    let mut bad: BTreeMap<usize, String> = BTreeMap::new();
    let mut skipped: BTreeMap<usize, String> = BTreeMap::new();

    // Round 1: the input as given (diagnostics point into the files).
    let mut sources: Vec<ModelSource> = input.to_vec();
    sources.extend(instance_sources(instance, &input_ids));
    let mut set: Option<ModelSet> = match dtdl::parse(&sources, opts.parse) {
        Ok(s) => Some(s),
        Err(diags) => {
            for d in diags {
                match doc_of(&docs, &d) {
                    Some(i) => {
                        bad.entry(i).or_insert_with(|| d.message.clone());
                    }
                    None if d.file.starts_with(INSTANCE) => {}
                    None => {}
                }
                plan.diagnostics.push(d);
            }
            None
        }
    };
    // Later rounds (with --partial): drop invalid models, re-parse what is left; whatever fails
    // now depends on something dropped.
    if set.is_none() && opts.partial {
        loop {
            let keep: Vec<usize> = (0..docs.len())
                .filter(|i| !bad.contains_key(i) && !skipped.contains_key(i))
                .collect();
            let mut sources: Vec<ModelSource> = keep
                .iter()
                .map(|i| ModelSource {
                    name: format!("#{i}"),
                    value: docs[*i].value.clone(),
                })
                .collect();
            let ids: BTreeSet<String> = keep.iter().filter_map(|i| docs[*i].id.clone()).collect();
            sources.extend(instance_sources(instance, &ids));
            match dtdl::parse(&sources, opts.parse) {
                Ok(s) => {
                    set = Some(s);
                    break;
                }
                Err(diags) => {
                    let before = skipped.len();
                    for d in diags {
                        if let Some(i) = d
                            .file
                            .strip_prefix('#')
                            .and_then(|n| n.parse::<usize>().ok())
                        {
                            skipped.entry(i).or_insert_with(|| {
                                format!("depends on a model that failed validation: {}", d.message)
                            });
                        }
                    }
                    if skipped.len() == before {
                        break; // only instance models fail: nothing more can be done
                    }
                }
            }
        }
    }
    let instance_by_id: HashMap<&str, &ModelData> =
        instance.iter().map(|m| (m.id.as_str(), m)).collect();
    let mut new_ids = BTreeSet::new();
    for (i, doc) in docs.iter().enumerate() {
        let id = doc.id.clone().unwrap_or_else(|| "(no @id)".into());
        let (status, detail) = if let Some(msg) = bad.get(&i) {
            (Status::Invalid, Some(msg.clone()))
        } else if let Some(msg) = skipped.get(&i) {
            (Status::Skipped, Some(msg.clone()))
        } else if set.is_none() {
            (Status::Skipped, Some("not uploaded because other models failed validation (--partial uploads the rest)".into()))
        } else {
            match instance_by_id.get(id.as_str()) {
                Some(m) if m.model.as_ref().is_some_and(|def| same_model(def, &doc.value)) => (Status::Unchanged, None),
                Some(m) if m.model.is_none() => (Status::Unchanged, Some("in the instance (definition not compared)".into())),
                Some(_) => (
                    Status::Conflicting,
                    Some("the instance has a different definition under this DTMI; ADT cannot change a model in place: bump the version (e.g. ;1 -> ;2) or use --replace-conflicting".into()),
                ),
                None => {
                    new_ids.insert(id.clone());
                    (Status::New, None)
                }
            }
        };
        plan.entries.push(Entry {
            id,
            file: doc.file.clone(),
            pointer: doc.pointer.clone(),
            status,
            detail,
        });
    }
    if let Some(set) = &set {
        let by_id: HashMap<&str, &Value> = docs
            .iter()
            .filter_map(|d| Some((d.id.as_deref()?, &d.value)))
            .collect();
        plan.upload = set
            .dependency_order()
            .into_iter()
            .filter(|id| new_ids.contains(id))
            .filter_map(|id| Some((id.clone(), (*by_id.get(id.as_str())?).clone())))
            .collect();
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn iface(id: &str, extends: Option<&str>) -> Value {
        let mut v = json!({"@id": id, "@type": "Interface", "@context": "dtmi:dtdl:context;2",
            "contents": [{"@type": "Property", "name": "p", "schema": "double"}]});
        if let Some(e) = extends {
            v["extends"] = json!(e);
            v["contents"] = json!([]);
        }
        v
    }

    fn src(name: &str, v: Value) -> ModelSource {
        ModelSource {
            name: name.into(),
            value: v,
        }
    }

    fn in_instance(v: &Value) -> ModelData {
        ModelData {
            id: v["@id"].as_str().unwrap().into(),
            display_name: None,
            description: None,
            upload_time: None,
            decommissioned: false,
            model: Some(v.clone()),
        }
    }

    #[test]
    fn classifies_new_unchanged_conflicting_and_orders_dependencies() {
        let base = iface("dtmi:t:Base;1", None);
        let child = iface("dtmi:t:Child;1", Some("dtmi:t:Base;1"));
        let other = iface("dtmi:t:Other;1", None);
        let mut changed = other.clone();
        changed["contents"][0]["schema"] = json!("string");
        let p = plan(
            &[
                src("child.json", child),
                src("base.json", base.clone()),
                src("other.json", changed),
            ],
            vec![],
            &[in_instance(&other)],
            PlanOptions::default(),
        );
        assert_eq!(p.count(Status::New), 2);
        assert_eq!(p.count(Status::Conflicting), 1);
        let order: Vec<&str> = p.upload.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(order, vec!["dtmi:t:Base;1", "dtmi:t:Child;1"]);
        let p = plan(
            &[src("base.json", base.clone())],
            vec![],
            &[in_instance(&base)],
            PlanOptions::default(),
        );
        assert_eq!(p.count(Status::Unchanged), 1);
        assert!(p.upload.is_empty());
    }

    #[test]
    fn dependency_in_the_instance_is_enough() {
        let base = iface("dtmi:t:Base;1", None);
        let child = iface("dtmi:t:Child;1", Some("dtmi:t:Base;1"));
        let p = plan(
            &[src("child.json", child)],
            vec![],
            &[in_instance(&base)],
            PlanOptions::default(),
        );
        assert!(!p.has_errors(), "{:?}", p.diagnostics);
        assert_eq!(p.upload.len(), 1);
    }

    #[test]
    fn missing_reference_blocks_everything_unless_partial() {
        let orphan = iface("dtmi:t:Orphan;1", Some("dtmi:t:Missing;1"));
        let fine = iface("dtmi:t:Fine;1", None);
        let grandchild = iface("dtmi:t:Grand;1", Some("dtmi:t:Orphan;1"));
        let input = [
            src("o.json", orphan),
            src("f.json", fine),
            src("g.json", grandchild),
        ];
        let p = plan(&input, vec![], &[], PlanOptions::default());
        assert!(p.has_errors());
        assert!(
            p.diagnostics
                .iter()
                .any(|d| d.message.contains("dtmi:t:Missing;1")),
            "{:?}",
            p.diagnostics
        );
        assert!(p.upload.is_empty());
        assert_eq!(
            p.entries
                .iter()
                .find(|e| e.id == "dtmi:t:Fine;1")
                .unwrap()
                .status,
            Status::Skipped
        );
        let p = plan(
            &input,
            vec![],
            &[],
            PlanOptions {
                partial: true,
                ..Default::default()
            },
        );
        let status = |id: &str| p.entries.iter().find(|e| e.id == id).unwrap().status;
        assert_eq!(status("dtmi:t:Orphan;1"), Status::Invalid);
        assert_eq!(status("dtmi:t:Fine;1"), Status::New);
        assert_ne!(status("dtmi:t:Grand;1"), Status::New);
        assert_eq!(p.upload.len(), 1);
    }
}
