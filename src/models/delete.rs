//! Deleting models: the targets in reverse dependency order, refusing models that other kept
//! models reference, and models that twins still use unless they are to be decommissioned.
//! Pure planning; the command executes the plan.
use crate::dtdl::ModelSet;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What to do with each target.
#[derive(Debug, Default, Clone, Serialize)]
pub struct DeletePlan {
    /// Models to delete, dependents before their dependencies.
    pub delete: Vec<String>,
    /// Models to decommission instead (used by twins, `--decommission`).
    pub decommission: Vec<String>,
    /// (model, reason) for targets that can be neither.
    pub blocked: Vec<(String, String)>,
    /// (model, reason) for targets left in place because a decommissioned model needs them.
    pub kept: Vec<(String, String)>,
}

/// Plan deleting `targets` from an instance whose models parse to `set`; `twin_counts` maps a
/// model to the number of twins whose model it is.
pub fn plan_delete(
    set: &ModelSet,
    all_ids: &[String],
    targets: &[String],
    twin_counts: &BTreeMap<String, usize>,
    decommission: bool,
) -> DeletePlan {
    let target_set: BTreeSet<&str> = targets.iter().map(String::as_str).collect();
    let mut plan = DeletePlan::default();
    let mut kept: BTreeSet<String> = all_ids
        .iter()
        .filter(|id| !target_set.contains(id.as_str()))
        .cloned()
        .collect();
    let mut decommissioned: BTreeSet<String> = BTreeSet::new();
    for id in targets {
        if !all_ids.contains(id) {
            plan.blocked
                .push((id.clone(), "not in the instance".into()));
        } else if let Some(n) = twin_counts.get(id).filter(|n| **n > 0) {
            if decommission {
                plan.decommission.push(id.clone());
                decommissioned.insert(id.clone());
            } else {
                plan.blocked.push((
                    id.clone(),
                    format!("{n} twin(s) use it; delete them first or pass --decommission"),
                ));
            }
            kept.insert(id.clone());
        }
    }
    // Anything referenced by a kept model cannot go; repeat until stable (references chain).
    let mut order: Vec<String> = set.dependency_order();
    order.reverse();
    loop {
        let mut changed = false;
        for id in &order {
            if !target_set.contains(id.as_str()) || kept.contains(id) {
                continue;
            }
            let users: Vec<&String> = kept
                .iter()
                .filter(|k| set.dependencies(k).contains(id))
                .collect();
            if !users.is_empty() {
                let names: Vec<&str> = users.iter().take(3).map(|s| s.as_str()).collect();
                let reason = format!("referenced by {} that stay(s)", names.join(", "));
                // Kept only because of decommissioned models (or models kept for them): expected.
                if users.iter().all(|u| decommissioned.contains(*u)) {
                    plan.kept.push((id.clone(), reason));
                    decommissioned.insert(id.clone());
                } else {
                    plan.blocked.push((id.clone(), reason));
                }
                kept.insert(id.clone());
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    plan.delete = order
        .into_iter()
        .filter(|id| target_set.contains(id.as_str()) && !kept.contains(id))
        .collect();
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtdl::{ModelSource, ParseOptions, parse};
    use serde_json::json;

    fn set() -> ModelSet {
        let m = |id: &str, ext: Option<&str>| {
            let mut v = json!({"@id": id, "@type": "Interface", "@context": "dtmi:dtdl:context;2"});
            if let Some(e) = ext {
                v["extends"] = json!(e);
            }
            ModelSource {
                name: id.into(),
                value: v,
            }
        };
        parse(
            &[
                m("dtmi:t:A;1", None),
                m("dtmi:t:B;1", Some("dtmi:t:A;1")),
                m("dtmi:t:C;1", Some("dtmi:t:B;1")),
            ],
            ParseOptions::default(),
        )
        .unwrap()
    }

    fn ids() -> Vec<String> {
        vec![
            "dtmi:t:A;1".into(),
            "dtmi:t:B;1".into(),
            "dtmi:t:C;1".into(),
        ]
    }

    #[test]
    fn all_in_reverse_dependency_order() {
        let p = plan_delete(&set(), &ids(), &ids(), &BTreeMap::new(), false);
        assert_eq!(p.delete, vec!["dtmi:t:C;1", "dtmi:t:B;1", "dtmi:t:A;1"]);
        assert!(p.blocked.is_empty());
    }

    #[test]
    fn referenced_and_used_models_are_refused() {
        let p = plan_delete(
            &set(),
            &ids(),
            &["dtmi:t:A;1".to_string()],
            &BTreeMap::new(),
            false,
        );
        assert!(p.delete.is_empty());
        assert!(p.blocked[0].1.contains("dtmi:t:B;1"));
        let used: BTreeMap<String, usize> = [("dtmi:t:C;1".to_string(), 2)].into();
        let p = plan_delete(&set(), &ids(), &ids(), &used, false);
        assert!(p.delete.is_empty(), "{p:?}");
        assert!(
            p.blocked
                .iter()
                .any(|(id, why)| id == "dtmi:t:C;1" && why.contains("2 twin"))
        );
        let p = plan_delete(&set(), &ids(), &ids(), &used, true);
        assert_eq!(p.decommission, vec!["dtmi:t:C;1"]);
        assert!(p.delete.is_empty(), "B and A are referenced by the kept C");
        assert!(p.blocked.is_empty(), "{p:?}");
        assert_eq!(p.kept.len(), 2);
    }
}
