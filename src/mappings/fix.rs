//! What `twinbridge mappings --fix` would change, per row: create missing twins (model from the
//! device's `dtmi` tag) and set missing tags (`dtId`, `dtmi`). A model mismatch is never fixed
//! automatically: which side is right is a decision for a person. Pure: no I/O.
use super::{Row, Status};
use serde::Serialize;
use std::collections::BTreeMap;

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Step {
    /// Create the twin `twin_id` of `model` in ADT (create-only: `If-None-Match: *`).
    CreateTwin { twin_id: String, model: String },
    /// Merge `tags` into the device's registry twin (`If-Match` its etag when known).
    SetTags {
        device_id: String,
        tags: BTreeMap<String, String>,
        #[serde(skip)]
        etag: Option<String>,
    },
}

impl Step {
    /// One line for people.
    pub fn describe(&self) -> String {
        match self {
            Step::CreateTwin { twin_id, model } => format!("create twin {twin_id} ({model})"),
            Step::SetTags {
                device_id, tags, ..
            } => {
                let kv: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("set tags of {device_id}: {}", kv.join(", "))
            }
        }
    }
}

/// What happens to one problem row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanItem {
    pub device_id: Option<String>,
    pub twin_id: Option<String>,
    pub status: Status,
    /// Applied in order; empty when skipped.
    pub steps: Vec<Step>,
    /// Why nothing is done for this row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

/// The plan for these rows (rows that are `ok` need nothing and are left out).
pub fn plan(rows: &[Row]) -> Vec<PlanItem> {
    rows.iter()
        .filter(|r| r.status != Status::Ok)
        .map(plan_row)
        .collect()
}

fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn plan_row(r: &Row) -> PlanItem {
    let mut item = PlanItem {
        device_id: r.device_id.clone(),
        twin_id: r.twin_id.clone(),
        status: r.status,
        steps: Vec::new(),
        skipped: None,
    };
    let device = r.device_id.clone().unwrap_or_default();
    let set_tags = |t: BTreeMap<String, String>| Step::SetTags {
        device_id: device.clone(),
        tags: t,
        etag: r.etag.clone(),
    };
    let skip = |why: &str| Some(why.to_string());
    match r.status {
        Status::Ok => {}
        Status::TwinMissing => match (&r.twin_id, &r.device_model) {
            (Some(twin), Some(model)) => item.steps.push(Step::CreateTwin {
                twin_id: twin.clone(),
                model: model.clone(),
            }),
            _ => {
                item.skipped = skip(
                    "no dtmi tag to take the twin's model from: set the tag, then run --fix again",
                )
            }
        },
        Status::NoDtIdTag => match (&r.hint_twin_id, &r.hint_twin_model, &r.device_model) {
            // A twin named like the device exists (the sample's convention): point at it.
            (Some(twin), Some(tm), dm) if dm.as_ref().is_none_or(|d| d == tm) => {
                let mut t = tags(&[("dtId", twin)]);
                if dm.is_none() {
                    t.insert("dtmi".into(), tm.clone());
                }
                item.twin_id = Some(twin.clone());
                item.steps.push(set_tags(t));
            }
            (Some(_), Some(tm), dm) => {
                item.skipped = Some(format!(
                    "the twin named like the device has model {tm} but the device's dtmi tag is {}: a model mismatch is never fixed automatically",
                    dm.as_deref().unwrap_or("-")
                ))
            }
            (Some(_), None, _) => {
                item.skipped = skip("the twin named like the device has no model")
            }
            // No twin yet: create one named like the device, then point the device at it.
            (None, _, Some(dm)) => {
                item.twin_id = Some(device.clone());
                item.steps.push(Step::CreateTwin {
                    twin_id: device.clone(),
                    model: dm.clone(),
                });
                item.steps.push(set_tags(tags(&[("dtId", &device)])));
            }
            (None, _, None) => {
                item.skipped = skip(
                    "no twin named like the device and no dtmi tag to create one from: re-provision the device",
                )
            }
        },
        Status::NoDtmiTag => match &r.twin_model {
            Some(m) => item.steps.push(set_tags(tags(&[("dtmi", m)]))),
            None => item.skipped = skip("the twin has no model to copy into the dtmi tag"),
        },
        Status::ModelMismatch => {
            item.skipped = skip(
                "a model mismatch is never fixed automatically: decide which model is right, then re-provision the device or correct its dtmi tag",
            )
        }
        Status::Orphan => {
            item.skipped = skip(
                "orphan twins are not deleted: remove one with `twinbridge twins delete ID` once its device is gone for good",
            )
        }
    }
    item
}

/// Number of changes the plan makes.
pub fn step_count(plan: &[PlanItem]) -> usize {
    plan.iter().map(|i| i.steps.len()).sum()
}
