//! What `twinbridge demo` reports, and the checks that decide its exit code. Pure: the flow in
//! `demo/mod.rs` gathers the observations, these functions judge them.
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One step of the flow, for the progress view and the report.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub name: String,
    /// The step did what it is for (the checks say the rest).
    pub ok: bool,
    pub detail: String,
    pub seconds: f64,
}

/// One device as the demo saw it at the end: the device-twin mapping row.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DeviceRow {
    pub device_id: String,
    /// `tags.dtId` in the hub's registry (None once the device is deleted).
    pub twin_id: Option<String>,
    /// `tags.dtmi` in the hub's registry.
    pub model: Option<String>,
    pub hub: Option<String>,
    /// Telemetry messages the device had acknowledged.
    pub sent: u64,
    /// The `Temperature` of its last acknowledged message.
    pub last_sent: Option<f64>,
    /// The twin's `Temperature` at the end (None: no twin, or no such property).
    pub twin_temperature: Option<f64>,
    /// Deleted from the hub by the demo.
    pub deleted: bool,
    /// The twin still exists in ADT.
    pub twin_present: bool,
}

impl DeviceRow {
    /// `ok`, or what is wrong with this row.
    pub fn status(&self) -> &'static str {
        match (self.deleted, self.twin_present) {
            (true, false) => "deleted, twin removed",
            (true, true) => "deleted, TWIN LEFT",
            (false, false) => "TWIN MISSING",
            (false, true) if self.last_sent.is_none() => "NO TELEMETRY",
            (false, true) if self.twin_temperature == self.last_sent => "ok",
            (false, true) => "STALE TEMPERATURE",
        }
    }
}

/// One pass/fail check.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Check {
    pub name: &'static str,
    pub passed: bool,
    pub detail: String,
    /// Up to 20 offending items (device ids, or `cause: message`).
    pub failures: Vec<String>,
}

/// Everything observed at the end of the flow that the checks judge.
#[derive(Debug, Clone, Default)]
pub struct Observed {
    pub devices_requested: usize,
    pub rows: Vec<DeviceRow>,
    /// Device failures grouped: (cause, count, first message).
    pub fleet_failures: Vec<(String, usize, String)>,
    pub sync_dead_letters: u64,
    pub lifecycle_dead_letters: u64,
}

fn capped(items: impl Iterator<Item = String>) -> Vec<String> {
    items.take(20).collect()
}

/// The demo's checks, in the order the flow exercises them.
pub fn checks(o: &Observed) -> Vec<Check> {
    let provisioned = o.rows.iter().filter(|r| r.hub.is_some()).count();
    let kept: Vec<&DeviceRow> = o.rows.iter().filter(|r| !r.deleted).collect();
    let stale: Vec<&&DeviceRow> = kept.iter().filter(|r| r.status() != "ok").collect();
    let deleted: Vec<&DeviceRow> = o.rows.iter().filter(|r| r.deleted).collect();
    let left: Vec<&&DeviceRow> = deleted.iter().filter(|r| r.twin_present).collect();
    let dead = o.sync_dead_letters + o.lifecycle_dead_letters;
    vec![
        Check {
            name: "provisioning",
            passed: provisioned == o.devices_requested && o.fleet_failures.is_empty(),
            detail: format!(
                "{provisioned} of {} devices provisioned through DPS and the allocation webhook",
                o.devices_requested
            ),
            failures: capped(
                o.fleet_failures
                    .iter()
                    .map(|(cause, n, msg)| format!("{n} x {cause}: {msg}")),
            ),
        },
        Check {
            name: "telemetry",
            passed: !kept.is_empty() && stale.is_empty(),
            detail: format!(
                "{} of {} remaining twins hold the Temperature their device sent last",
                kept.len() - stale.len(),
                kept.len()
            ),
            failures: capped(stale.iter().map(|r| {
                format!(
                    "{}: {} (sent last {}, twin has {})",
                    r.device_id,
                    r.status(),
                    num(r.last_sent),
                    num(r.twin_temperature)
                )
            })),
        },
        Check {
            name: "lifecycle",
            passed: left.is_empty(),
            detail: format!(
                "{} of {} deleted devices' twins removed",
                deleted.len() - left.len(),
                deleted.len()
            ),
            failures: capped(left.iter().map(|r| r.device_id.clone())),
        },
        Check {
            name: "dead letters",
            passed: dead == 0,
            detail: format!(
                "{} dead-lettered by sync-telemetry, {} by watch-lifecycle",
                o.sync_dead_letters, o.lifecycle_dead_letters
            ),
            failures: Vec::new(),
        },
    ]
}

fn num(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "-".into())
}

/// The `Temperature` number in a telemetry body or a twin, if any.
pub fn temperature(v: &Value) -> Option<f64> {
    v.get("Temperature").and_then(Value::as_f64)
}

/// Last acknowledged body per device id -> (messages, last Temperature).
#[derive(Debug, Default, Clone)]
pub struct SentLog(pub BTreeMap<String, (u64, Option<f64>)>);

impl SentLog {
    pub fn record(&mut self, device_id: &str, count: u64, body: &Value) {
        let e = self.0.entry(device_id.to_string()).or_default();
        if count >= e.0 {
            *e = (count, temperature(body));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row(
        id: &str,
        deleted: bool,
        present: bool,
        sent: Option<f64>,
        twin: Option<f64>,
    ) -> DeviceRow {
        DeviceRow {
            device_id: id.into(),
            twin_id: Some(id.into()),
            model: Some("dtmi:x;1".into()),
            hub: Some("hub".into()),
            sent: 3,
            last_sent: sent,
            twin_temperature: twin,
            deleted,
            twin_present: present,
        }
    }

    fn observed(rows: Vec<DeviceRow>) -> Observed {
        Observed {
            devices_requested: rows.len(),
            rows,
            ..Observed::default()
        }
    }

    #[test]
    fn all_good_passes_every_check() {
        let o = observed(vec![
            row("a", false, true, Some(25.5), Some(25.5)),
            row("b", true, false, Some(24.0), None),
        ]);
        let c = checks(&o);
        assert_eq!(c.len(), 4);
        assert!(c.iter().all(|c| c.passed), "{c:#?}");
        assert_eq!(o.rows[0].status(), "ok");
        assert_eq!(o.rows[1].status(), "deleted, twin removed");
    }

    #[test]
    fn each_problem_fails_its_own_check_and_names_the_device() {
        let mut o = observed(vec![
            row("stale", false, true, Some(25.5), Some(24.0)),
            row("gone", false, false, Some(25.0), None),
            row("left", true, true, Some(25.0), Some(25.0)),
        ]);
        o.fleet_failures = vec![("timeout".into(), 2, "no answer".into())];
        o.sync_dead_letters = 1;
        let c = checks(&o);
        let by = |n: &str| c.iter().find(|c| c.name == n).unwrap().clone();
        assert!(!by("provisioning").passed);
        assert_eq!(by("provisioning").failures, ["2 x timeout: no answer"]);
        let t = by("telemetry");
        assert!(!t.passed);
        assert!(
            t.failures[0].starts_with("stale: STALE TEMPERATURE"),
            "{t:?}"
        );
        assert!(t.failures[1].starts_with("gone: TWIN MISSING"));
        assert_eq!(by("lifecycle").failures, ["left"]);
        assert!(!by("dead letters").passed);
    }

    #[test]
    fn no_remaining_devices_is_not_a_pass() {
        let o = observed(vec![row("a", true, false, Some(1.0), None)]);
        assert!(
            !checks(&o)
                .iter()
                .find(|c| c.name == "telemetry")
                .unwrap()
                .passed
        );
    }

    #[test]
    fn sent_log_keeps_the_last_message() {
        let mut log = SentLog::default();
        log.record("d", 1, &json!({"Temperature": 24.5}));
        log.record("d", 2, &json!({"Temperature": 25.25}));
        log.record("d", 1, &json!({"Temperature": 1.0}));
        assert_eq!(log.0["d"], (2, Some(25.25)));
        log.record("e", 1, &json!({"Humidity": 3}));
        assert_eq!(log.0["e"], (1, None));
    }
}
