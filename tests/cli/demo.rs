//! `twinbridge demo` as a process: the sample's whole flow on loopback (emulator, models, DPS with
//! the allocation webhook, sync-telemetry, watch-lifecycle, simulated devices), judged by its own
//! checks. The JSON report and the exit code are the contract scripts rely on.
use super::support::*;
use serde_json::Value;

fn check<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no check {name:?} in {report:#}"))
}

#[test]
fn ten_devices_for_ten_seconds_pass_every_check_and_report_json() {
    let tb = Tb::new();
    let work = tb.home.path().join("demo-work");
    let o = tb.run(&[
        "demo",
        "--devices",
        "10",
        "--duration",
        "10s",
        "--format",
        "json",
        "--work-dir",
        work.to_str().unwrap(),
    ]);
    let report = json_out(&o);
    assert_eq!(code(&o), 0, "{report:#}\nstderr:\n{}", stderr(&o));
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["passed"], true);
    assert_eq!(report["interrupted"], false);
    for name in ["provisioning", "telemetry", "lifecycle", "dead letters"] {
        assert_eq!(check(&report, name)["passed"], true, "{name}: {report:#}");
    }
    assert!(
        report["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["ok"] == true),
        "{report:#}"
    );
    let steps: Vec<&str> = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "emulator",
            "models",
            "allocate serve",
            "pipelines",
            "simulate",
            "sync-telemetry",
            "watch-lifecycle"
        ]
    );

    // The mapping: 10 devices, a fifth deleted with their twins, the rest current.
    let devices = report["devices"].as_array().unwrap();
    assert_eq!(devices.len(), 10);
    let deleted: Vec<&Value> = devices.iter().filter(|d| d["deleted"] == true).collect();
    assert_eq!(deleted.len(), 2);
    for d in &deleted {
        assert_eq!(d["status"], "deleted, twin removed", "{d}");
        assert_eq!(d["twin_present"], false);
    }
    for d in devices.iter().filter(|d| d["deleted"] == false) {
        assert_eq!(d["status"], "ok", "{d}");
        assert_eq!(
            d["twin_id"], d["device_id"],
            "the sample's twin id: the registration id"
        );
        assert_eq!(d["model"], "dtmi:contosocom:DigitalTwins:Thermostat;2");
        assert!(d["sent"].as_u64().unwrap() >= 5, "{d}");
        assert_eq!(d["twin_temperature"], d["last_sent"]);
        let t = d["last_sent"].as_f64().unwrap();
        assert!((24.0..=26.0).contains(&t), "the sample's 25 +/- 1: {t}");
    }

    // The statistics of each stage.
    let s = &report["stats"];
    assert_eq!(s["simulate"]["provisioned"], 10);
    assert_eq!(s["simulate"]["failed"], 0);
    assert_eq!(s["allocate"]["created"], 10, "{s}");
    let events = s["sync_telemetry"]["events"].as_u64().unwrap();
    let patches = s["sync_telemetry"]["patches"].as_u64().unwrap();
    assert_eq!(events, s["simulate"]["messages"].as_u64().unwrap());
    assert!(
        patches < events,
        "coalesced: {patches} PATCHes for {events} events"
    );
    assert_eq!(s["sync_telemetry"]["dead_lettered"], 0);
    assert_eq!(s["watch_lifecycle"]["deleted"], 2);
    assert_eq!(s["watch_lifecycle"]["dead_lettered"], 0);

    // What it leaves behind: the CA for poking at it, empty dead-letter files, checkpoints.
    let e = &report["endpoints"];
    assert!(
        e["adt_url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    assert!(work.join("emulator-ca.pem").is_file());
    for f in ["sync-telemetry.ndjson", "watch-lifecycle.ndjson"] {
        let p = work.join("dead-letters").join(f);
        assert_eq!(std::fs::read_to_string(&p).unwrap_or_default(), "", "{f}");
    }
    assert!(work.join("checkpoints").is_dir());
    // Progress went to stderr, the report alone to stdout.
    assert!(stderr(&o).contains("✓ simulate"), "{}", stderr(&o));
}

#[test]
fn table_output_over_https_names_each_check() {
    let tb = Tb::new();
    let o = tb.run(&[
        "demo",
        "--devices",
        "3",
        "--duration",
        "3s",
        "--interval",
        "250ms",
        "--transport",
        "https",
    ]);
    let (out, err) = (stdout(&o), stderr(&o));
    assert_eq!(code(&o), 0, "{out}\n{err}");
    assert!(out.contains("DEVICE") && out.contains("TWIN TEMP"), "{out}");
    assert!(out.contains("thermostat-01") && out.contains("deleted, twin removed"));
    assert!(out.contains("sync-telemetry") && out.contains("PATCH calls"));
    for name in ["provisioning", "telemetry", "lifecycle", "dead letters"] {
        assert!(err.contains(&format!("✓ {name}")), "{name}: {err}");
    }
    assert!(err.contains("demo passed"), "{err}");
    // The default work directory is under the state directory.
    assert!(tb.home.path().join(".local/state/twinbridge/demo").is_dir());
}

#[test]
fn bad_sizes_are_usage_errors() {
    let tb = Tb::new();
    let o = tb.run(&["demo", "--devices", "2", "--delete", "2"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("--delete 2 must be less than --devices 2"),
        "{}",
        stderr(&o)
    );
    let o = tb.run(&["demo", "--devices", "0"]);
    assert_eq!(code(&o), 2);
    let o = tb.run(&["demo", "--interval", "0s"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("must be above 0"));
}

#[test]
fn keep_running_leaves_a_working_system_until_ctrl_c() {
    use std::io::{BufRead, BufReader};
    let tb = Tb::new();
    let mut child = tb
        .command(&[
            "demo",
            "--devices",
            "2",
            "--duration",
            "2s",
            "--delete",
            "1",
            "--keep-running",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut adt = None;
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if let Some(url) = line.trim().strip_prefix("ADT ") {
            adt = Some(url.trim().to_string());
        }
        if line.starts_with("  twinbridge devices delete") {
            break;
        }
    }
    let adt = adt.expect("the endpoints are printed");
    // The system is still up: the remaining twin is there, the deleted one is not.
    let o = tb.run(&["twins", "list", "--adt-url", &adt, "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let ids = stdout(&o);
    assert!(ids.contains("demo-building"), "{ids}");
    assert_eq!(ids.matches("thermostat-").count(), 1, "{ids}");
    let pid = child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "Ctrl-C after a passed run exits 0");
}
