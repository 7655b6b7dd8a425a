//! The device-to-twin mapping view of `twinbridge mappings`: joins IoT Hub registry twins (tags
//! `dtId`/`dtmi`, set by the allocation webhook) with ADT twins, gives each device a [`Status`],
//! finds orphan twins, filters rows and plans fixes ([`fix`]). Pure: no I/O, no printing; the
//! command fetches, calls these, applies and renders.
pub mod fix;
pub mod glob;
#[cfg(test)]
mod tests;

pub use glob::Glob;

use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// How a device and its twin relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Tags `dtId`/`dtmi` set, the twin exists and has the tagged model.
    Ok,
    /// Tag `dtId` set, but ADT has no such twin.
    TwinMissing,
    /// The device's `dtmi` tag differs from the twin's `$metadata.$model`.
    ModelMismatch,
    /// The device has no `dtId` tag (telemetry cannot be routed to a twin).
    NoDtIdTag,
    /// Tag `dtId` set and the twin exists, but the device has no `dtmi` tag.
    NoDtmiTag,
    /// A twin of a device model that no device points at (`--orphans`).
    Orphan,
}

impl Status {
    /// Every status, in display order.
    pub const ALL: [Status; 6] = [
        Status::Ok,
        Status::TwinMissing,
        Status::ModelMismatch,
        Status::NoDtIdTag,
        Status::NoDtmiTag,
        Status::Orphan,
    ];

    /// The stable identifier (JSON, `--status`).
    pub fn key(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::TwinMissing => "twin-missing",
            Status::ModelMismatch => "model-mismatch",
            Status::NoDtIdTag => "no-dtid-tag",
            Status::NoDtmiTag => "no-dtmi-tag",
            Status::Orphan => "orphan",
        }
    }

    /// How a table shows it.
    pub fn label(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::TwinMissing => "twin missing",
            Status::ModelMismatch => "model mismatch",
            Status::NoDtIdTag => "no dtId tag",
            Status::NoDtmiTag => "no dtmi tag",
            Status::Orphan => "orphan twin",
        }
    }
}

impl Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

/// A device as the registry query returns it (only what the join needs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: String,
    /// Tag `dtId` (a non-empty string), if set.
    pub dt_id: Option<String>,
    /// Tag `dtmi` (a non-empty string), if set.
    pub dtmi: Option<String>,
    /// The registry twin's etag (for a conditional tags PATCH).
    pub etag: Option<String>,
}

fn tag(twin: &Value, k: &str) -> Option<String> {
    twin.get("tags")?
        .get(k)?
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl Device {
    /// From a registry twin (`SELECT * FROM devices` item); `None` without a `deviceId`.
    pub fn from_registry(twin: &Value) -> Option<Self> {
        Some(Self {
            id: twin.get("deviceId")?.as_str()?.to_string(),
            dt_id: tag(twin, "dtId"),
            dtmi: tag(twin, "dtmi"),
            etag: twin.get("etag").and_then(Value::as_str).map(str::to_string),
        })
    }
}

/// An ADT twin (only what the view needs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Twin {
    pub id: String,
    pub model: Option<String>,
    /// Newest per-property `lastUpdateTime` (RFC 3339), see [`last_update`].
    pub last_update: Option<String>,
}

impl Twin {
    /// From an ADT twin document; `None` without `$dtId`.
    pub fn from_adt(twin: &Value) -> Option<Self> {
        Some(Self {
            id: twin.get("$dtId")?.as_str()?.to_string(),
            model: crate::adt::twin_model(twin).map(str::to_string),
            last_update: last_update(twin),
        })
    }
}

fn parse_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// The newest `$metadata.<property>.lastUpdateTime` of a twin, including its components'
/// properties: when telemetry (or anyone) last wrote a property. `$metadata.$lastUpdateTime`
/// is not used: it also moves on twin creation.
pub fn last_update(twin: &Value) -> Option<String> {
    let mut best: Option<(OffsetDateTime, String)> = None;
    let mut consider = |meta: &Value| {
        let Some(map) = meta.as_object() else { return };
        for (k, v) in map {
            if k.starts_with('$') {
                continue;
            }
            let Some(ts) = v.get("lastUpdateTime").and_then(Value::as_str) else {
                continue;
            };
            if let Some(t) = parse_time(ts)
                && best.as_ref().is_none_or(|(b, _)| t > *b)
            {
                best = Some((t, ts.to_string()));
            }
        }
    };
    if let Some(meta) = twin.get("$metadata") {
        consider(meta);
    }
    // Components: objects carrying their own `$metadata`.
    if let Some(obj) = twin.as_object() {
        for (k, v) in obj {
            if !k.starts_with('$')
                && let Some(meta) = v.get("$metadata")
            {
                consider(meta);
            }
        }
    }
    best.map(|(_, s)| s)
}

/// A short age like `42s`, `5m`, `3h`, `2d` (`0s` for times in the future).
pub fn age(ts: &str, now: OffsetDateTime) -> Option<String> {
    let secs = (now - parse_time(ts)?).whole_seconds().max(0);
    Some(match secs {
        s if s < 120 => format!("{s}s"),
        s if s < 2 * 3600 => format!("{}m", s / 60),
        s if s < 2 * 86400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86400),
    })
}

/// One row of the view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// `None` for an orphan twin.
    pub device_id: Option<String>,
    pub hub: Option<String>,
    /// The twin the device points at (tag `dtId`), or the orphan's id.
    pub twin_id: Option<String>,
    /// The twin's model if it exists, else the device's `dtmi` tag.
    pub model: Option<String>,
    /// Tag `dtmi`.
    pub device_model: Option<String>,
    /// The twin's `$metadata.$model` (`None` when the twin is missing).
    pub twin_model: Option<String>,
    /// Newest telemetry-driven property update of the twin (RFC 3339).
    pub last_update: Option<String>,
    pub status: Status,
    /// For `no dtId tag`: a twin named like the device (the sample's convention), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint_twin_id: Option<String>,
    /// That twin's model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint_twin_model: Option<String>,
    /// The registry twin's etag (used by `--fix`; not shown).
    #[serde(skip)]
    pub etag: Option<String>,
}

/// Twin ids to look up in ADT for these devices: every `dtId` tag, plus the device id of each
/// device without one (the hint). Deduplicated, in first-seen order.
pub fn twin_ids_to_fetch(devices: &[Device]) -> Vec<String> {
    let mut seen = HashSet::new();
    devices
        .iter()
        .map(|d| d.dt_id.clone().unwrap_or_else(|| d.id.clone()))
        .filter(|id| seen.insert(id.clone()))
        .collect()
}

/// Join devices with the twins found (by id); one row per device, in device order.
pub fn join(hub: &str, devices: &[Device], twins: &HashMap<String, Twin>) -> Vec<Row> {
    devices
        .iter()
        .map(|d| {
            let mut row = Row {
                device_id: Some(d.id.clone()),
                hub: Some(hub.to_string()),
                twin_id: d.dt_id.clone(),
                model: d.dtmi.clone(),
                device_model: d.dtmi.clone(),
                twin_model: None,
                last_update: None,
                status: Status::Ok,
                hint_twin_id: None,
                hint_twin_model: None,
                etag: d.etag.clone(),
            };
            let Some(dt_id) = &d.dt_id else {
                row.status = Status::NoDtIdTag;
                if let Some(t) = twins.get(&d.id) {
                    row.hint_twin_id = Some(t.id.clone());
                    row.hint_twin_model = t.model.clone();
                }
                return row;
            };
            let Some(t) = twins.get(dt_id) else {
                row.status = Status::TwinMissing;
                return row;
            };
            row.twin_model = t.model.clone();
            row.model = t.model.clone().or(row.model);
            row.last_update = t.last_update.clone();
            row.status = match (&d.dtmi, &t.model) {
                (None, _) => Status::NoDtmiTag,
                (Some(tagged), Some(actual)) if tagged == actual => Status::Ok,
                _ => Status::ModelMismatch,
            };
            row
        })
        .collect()
}

/// The models whose twins count as device twins for `--orphans`: every `dtmi` tag and the
/// model of every twin a device points at.
pub fn device_models(rows: &[Row]) -> BTreeSet<String> {
    rows.iter()
        .flat_map(|r| [r.device_model.clone(), r.twin_model.clone()])
        .flatten()
        .collect()
}

/// Orphan rows: `candidates` (twins of device models) that no device points at, neither by a
/// `dtId` tag nor as the hint of a device without one.
pub fn orphans(devices: &[Device], candidates: &[Twin]) -> Vec<Row> {
    let claimed: HashSet<&str> = devices
        .iter()
        .map(|d| d.dt_id.as_deref().unwrap_or(&d.id))
        .collect();
    let mut seen = HashSet::new();
    candidates
        .iter()
        .filter(|t| !claimed.contains(t.id.as_str()) && seen.insert(t.id.clone()))
        .map(|t| Row {
            device_id: None,
            hub: None,
            twin_id: Some(t.id.clone()),
            model: t.model.clone(),
            device_model: None,
            twin_model: t.model.clone(),
            last_update: t.last_update.clone(),
            status: Status::Orphan,
            hint_twin_id: None,
            hint_twin_model: None,
            etag: None,
        })
        .collect()
}

/// Which rows to show.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Empty = every status.
    pub statuses: Vec<Status>,
    /// The device's `dtmi` tag or the twin's model equals this.
    pub model: Option<String>,
    /// Over the device id (the twin id for orphans).
    pub device: Option<Glob>,
}

impl Filter {
    /// Whether the device part of the filter keeps this device id (applied before ADT lookups).
    pub fn keeps_device(&self, id: &str) -> bool {
        self.device.as_ref().is_none_or(|g| g.matches(id))
    }

    /// Whether a row is shown.
    pub fn matches(&self, row: &Row) -> bool {
        let status = self.statuses.is_empty() || self.statuses.contains(&row.status);
        let model = self.model.as_ref().is_none_or(|m| {
            row.device_model.as_ref() == Some(m)
                || row.twin_model.as_ref() == Some(m)
                || row.hint_twin_model.as_ref() == Some(m)
        });
        let name = row.device_id.as_ref().or(row.twin_id.as_ref());
        let device = self
            .device
            .as_ref()
            .is_none_or(|g| name.is_some_and(|n| g.matches(n)));
        status && model && device
    }
}

/// Rows per status (every status present, zeros included), keyed by [`Status::key`].
pub fn counts(rows: &[Row]) -> BTreeMap<&'static str, usize> {
    let mut out: BTreeMap<&'static str, usize> = Status::ALL.iter().map(|s| (s.key(), 0)).collect();
    for r in rows {
        *out.entry(r.status.key()).or_default() += 1;
    }
    out
}

/// Whether every row is `ok` (the exit-code rule: 0 only then).
pub fn all_ok(rows: &[Row]) -> bool {
    rows.iter().all(|r| r.status == Status::Ok)
}

/// Whether a twin id can go into an ADT query string literal as is (else look it up by GET).
pub fn query_safe(id: &str) -> bool {
    !id.is_empty()
        && !id
            .chars()
            .any(|c| matches!(c, '\'' | '"' | '\\') || c.is_control())
}

/// `SELECT * FROM digitaltwins WHERE $dtId IN [...]` for these (query-safe) ids.
pub fn twins_by_id_query(ids: &[String]) -> String {
    let list: Vec<String> = ids.iter().map(|i| format!("'{i}'")).collect();
    format!(
        "SELECT * FROM digitaltwins WHERE $dtId IN [{}]",
        list.join(", ")
    )
}

/// `SELECT * FROM digitaltwins WHERE $metadata.$model = '...'` (exact model, as the tags are).
pub fn twins_of_model_query(model: &str) -> Option<String> {
    query_safe(model)
        .then(|| format!("SELECT * FROM digitaltwins T WHERE T.$metadata.$model = '{model}'"))
}
