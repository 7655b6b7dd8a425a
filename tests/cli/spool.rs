//! File sources as an operator uses them (a spool directory, a checkpoint store, the dead-letter
//! file): a checkpoint only applies to the same content, a finished file run again does nothing,
//! an appended file continues, dead letters replay through `--from-file`, and a dead-letter file
//! torn by a crash is repaired. The real binary against the emulator.
use super::support::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use twinbridge::adt::AdtClient;
use twinbridge::emulator::Emulator;
use twinbridge::events::Event;

const THERMOSTAT: &str = "dtmi:contosocom:DigitalTwins:Thermostat;2";

async fn put_thermostat(adt: &AdtClient, id: &str) {
    adt.put_twin(
        id,
        &json!({"$metadata": {"$model": THERMOSTAT}, "Temperature": 0.0}),
        false,
    )
    .await
    .unwrap();
}

/// One line per twin: line `i` sets `dev-{i}` to `base + i`.
fn export(n: usize, base: f64) -> String {
    (0..n)
        .map(|i| {
            json!({"body": {"Temperature": base + i as f64}, "properties": {"dtId": format!("dev-{i}")}})
                .to_string()
                + "\n"
        })
        .collect()
}

async fn temperature(adt: &AdtClient, twin: &str) -> Value {
    adt.get_twin(twin).await.unwrap()["Temperature"].clone()
}

async fn assert_applied(adt: &AdtClient, n: usize, base: f64) {
    for i in 0..n {
        assert_eq!(
            temperature(adt, &format!("dev-{i}")).await,
            json!(base + i as f64),
            "dev-{i}"
        );
    }
}

/// A spool consumer: a file checkpoint store and a dead-letter file in the test's home.
struct Spool {
    tb: Tb,
    store: String,
    dead: PathBuf,
}

impl Spool {
    fn new(emu: &Emulator) -> Self {
        let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
        let store = format!("file:{}", tb.home.path().join("checkpoints").display());
        let dead = tb.home.path().join("dead-letters.ndjson");
        Self { tb, store, dead }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tb.home.path().join(name)
    }

    /// Run `command --from-file file` to its end; (summary, stderr).
    async fn run(&self, command: &[&str], file: &Path) -> (Value, String) {
        let dead = self.dead.display().to_string();
        let file = file.display().to_string();
        let mut args = command.to_vec();
        args.extend([
            "--from-file",
            &file,
            "--checkpoint-store",
            &self.store,
            "--dead-letter",
            &dead,
            "--until-idle",
            "1s",
            "--format",
            "json",
        ]);
        let o = run_async(&self.tb, &args).await;
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let summary = stdout(&o)
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .find(|l| l["type"] == "summary")
            .unwrap_or_else(|| panic!("a summary line in {}", stdout(&o)));
        (summary, stderr(&o))
    }

    async fn sync(&self, file: &Path) -> (Value, String) {
        self.run(&["sync-telemetry"], file).await
    }

    fn dead_letters(&self) -> Vec<String> {
        lines(&self.dead)
    }
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_export_under_yesterdays_name_is_applied_whole() {
    let (emu, adt) = emulator_with_twins(150).await;
    let spool = Spool::new(&emu);
    let file = spool.path("site-export.ndjson");
    std::fs::write(&file, export(100, 1000.0)).unwrap();
    let (summary, _) = spool.sync(&file).await;
    assert_eq!(summary["events"], 100, "{summary}");
    // today's export, 50 lines, written over yesterday's file in place (same inode)
    std::fs::write(&file, export(50, 2000.0)).unwrap();
    let (summary, err) = spool.sync(&file).await;
    assert_eq!(summary["events"], 50, "{summary}");
    assert!(
        err.contains("site-export.ndjson") && err.contains("smaller"),
        "the warning names the file and why: {err}"
    );
    assert_applied(&adt, 50, 2000.0).await;
    // the next day's, 150 lines in place: bigger, but another head
    std::fs::write(&file, export(150, 3000.0)).unwrap();
    let (summary, err) = spool.sync(&file).await;
    assert_eq!(summary["events"], 150, "{summary}");
    assert!(err.contains("bytes changed"), "{err}");
    assert_applied(&adt, 150, 3000.0).await;
    // and one written beside it and renamed over it (a new inode)
    let tmp = spool.path("site-export.ndjson.tmp");
    std::fs::write(&tmp, export(150, 4000.0)).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    let (summary, err) = spool.sync(&file).await;
    assert_eq!(summary["events"], 150, "{summary}");
    assert!(err.contains("inode"), "{err}");
    assert_applied(&adt, 150, 4000.0).await;
    assert!(spool.dead_letters().is_empty());
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn names_that_differ_only_in_case_are_different_files() {
    let (emu, adt) = emulator_with_twins(200).await;
    let spool = Spool::new(&emu);
    let lower = spool.path("site-export.ndjson");
    std::fs::write(&lower, export(200, 1000.0)).unwrap();
    let (summary, _) = spool.sync(&lower).await;
    assert_eq!(summary["events"], 200, "{summary}");
    let upper = spool.path("SITE-EXPORT.ndjson");
    std::fs::write(&upper, export(199, 2000.0)).unwrap();
    let (summary, err) = spool.sync(&upper).await;
    assert_eq!(summary["events"], 199, "{summary}");
    assert!(
        !err.contains("checkpoint"),
        "no checkpoint of the other file is even considered: {err}"
    );
    assert_applied(&adt, 199, 2000.0).await;
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_finished_file_run_again_applies_and_dead_letters_nothing_new() {
    let (emu, adt) = emulator_with_twins(20).await;
    let spool = Spool::new(&emu);
    let file = spool.path("export.ndjson");
    let text = format!(
        "{}{{not json\n{}\n{}{{\"body\":1,\"bogus\":2}}\n",
        export(10, 1.0),
        json!({"body": {"Temperature": 1.0}, "properties": {"dtId": "nobody"}}),
        export(20, 1.0)
    );
    std::fs::write(&file, text).unwrap();
    let (summary, _) = spool.sync(&file).await;
    assert_eq!(
        (
            summary["events"].as_u64(),
            summary["dead_lettered"].as_u64()
        ),
        (Some(31), Some(3)),
        "{summary}"
    );
    assert_eq!(spool.dead_letters().len(), 3);
    // someone changes a twin; a second run of the same file must not write it back
    adt.put_twin(
        "dev-0",
        &json!({"$metadata": {"$model": THERMOSTAT}, "Temperature": -5.0}),
        false,
    )
    .await
    .unwrap();
    let (summary, err) = spool.sync(&file).await;
    assert_eq!(
        (
            summary["events"].as_u64(),
            summary["dead_lettered"].as_u64()
        ),
        (Some(0), Some(0)),
        "{summary}\n{err}"
    );
    assert_eq!(spool.dead_letters().len(), 3, "nothing dead-lettered again");
    assert_eq!(temperature(&adt, "dev-0").await, json!(-5.0));
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_appended_file_continues_where_it_left() {
    let (emu, adt) = emulator_with_twins(60).await;
    let spool = Spool::new(&emu);
    let file = spool.path("spool.ndjson");
    std::fs::write(&file, export(30, 100.0)).unwrap();
    let (summary, _) = spool.sync(&file).await;
    assert_eq!(summary["events"], 30, "{summary}");
    put_thermostat(&adt, "dev-0").await; // back to 0.0: a re-applied line would show
    // the writer appends 20 lines and is in the middle of the next one
    let more = export(51, 100.0);
    let more: Vec<&str> = more.lines().skip(30).collect();
    let partial = &more[20][..more[20].len() / 2];
    let append = |text: &str| {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&file)
            .unwrap();
        f.write_all(text.as_bytes()).unwrap();
    };
    append(&format!("{}\n{partial}", more[..20].join("\n")));
    let (summary, err) = spool.sync(&file).await;
    assert_eq!(summary["events"], 20, "{summary}\n{err}");
    assert!(
        err.contains("line 51") && err.contains("no newline yet"),
        "the partial line is left for later: {err}"
    );
    assert_eq!(
        temperature(&adt, "dev-0").await,
        json!(0.0),
        "not re-applied"
    );
    for i in 1..50 {
        assert_eq!(
            temperature(&adt, &format!("dev-{i}")).await,
            json!(100.0 + i as f64)
        );
    }
    // the writer finishes the line: the next run applies just it
    append(&format!("{}\n", &more[20][partial.len()..]));
    let (summary, _) = spool.sync(&file).await;
    assert_eq!(summary["events"], 1, "{summary}");
    assert_eq!(temperature(&adt, "dev-50").await, json!(150.0));
    assert!(
        spool.dead_letters().is_empty(),
        "{:?}",
        spool.dead_letters()
    );
    emu.stop().await;
}

/// A telemetry event as IoT Hub routes it, with its enqueued time.
fn telemetry(device: &str, dt_id: Option<&str>, t: f64, enqueued: &str) -> Event {
    let mut e = Event::json(&json!({"Temperature": t}));
    e.system_properties
        .insert("iothub-connection-device-id".into(), json!(device));
    e.system_properties
        .insert("iothub-message-source".into(), json!("Telemetry"));
    if let Some(id) = dt_id {
        e.properties.insert("dtId".into(), json!(id));
    }
    e.enqueued_time = Some(enqueued.into());
    e
}

fn write_events(path: &Path, events: &[Event]) {
    let text: String = events.iter().map(|e| e.to_ndjson() + "\n").collect();
    std::fs::write(path, text).unwrap();
}

fn parsed(path: &Path) -> Vec<Value> {
    lines(path)
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn dead_letters_replay_through_from_file_once_the_cause_is_fixed() {
    let (emu, adt) = emulator_with_twins(1).await;
    let spool = Spool::new(&emu);
    let input = spool.path("telemetry.ndjson");
    write_events(
        &input,
        &[
            telemetry("dev-0", None, 1.0, "2026-11-27T09:59:00.000Z"),
            // twins that do not exist yet: one named by the dtId enrichment, one by the device
            telemetry("sensor-a", Some("late-1"), 11.0, "2026-11-27T10:00:00.000Z"),
            telemetry("late-2", None, 12.0, "2026-11-27T10:00:01.000Z"),
        ],
    );
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&input)
            .unwrap();
        f.write_all(b"{not an event\n").unwrap();
    }
    let sync = ["sync-telemetry", "--source-time", "enqueued"];
    let (summary, _) = spool.run(&sync, &input).await;
    assert_eq!(summary["dead_lettered"], 3, "{summary}");
    // the cause is fixed: the twins exist now
    put_thermostat(&adt, "late-1").await;
    put_thermostat(&adt, "late-2").await;
    // move the file aside (new dead letters stay out of the replay) and replay it
    let replay = spool.path("replay.ndjson");
    std::fs::rename(&spool.dead, &replay).unwrap();
    let (summary, err) = spool.run(&sync, &replay).await;
    assert_eq!(
        (
            summary["events"].as_u64(),
            summary["dead_lettered"].as_u64()
        ),
        (Some(2), Some(1)),
        "{summary}\n{err}"
    );
    for (twin, t, at) in [
        ("late-1", 11.0, "2026-11-27T10:00:00.000Z"),
        ("late-2", 12.0, "2026-11-27T10:00:01.000Z"),
    ] {
        let twin = adt.get_twin(twin).await.unwrap();
        assert_eq!(twin["Temperature"], json!(t), "{twin}");
        // the original enqueued time came along (and with it the original order)
        assert_eq!(
            twin["$metadata"]["Temperature"]["sourceTime"],
            json!(at),
            "{twin}"
        );
    }
    // the line that never was an event is reported again as what it was
    let again = parsed(&spool.dead);
    assert_eq!(again.len(), 1, "{again:?}");
    assert_eq!(again[0]["stage"], "input");
    assert_eq!(again[0]["event"]["body"], "{not an event");
    assert!(
        again[0]["reason"].as_str().unwrap().contains("not JSON"),
        "{}",
        again[0]
    );
    emu.stop().await;
}

fn lifecycle_delete(device: &str) -> Event {
    let mut e = Event::json(&json!({"deviceId": device, "version": 3, "tags": {}}));
    e.properties
        .insert("opType".into(), json!("deleteDeviceIdentity"));
    e.properties.insert("deviceId".into(), json!(device));
    e.properties.insert("hubName".into(), json!("emulatorhub"));
    e.system_properties
        .insert("iothub-connection-device-id".into(), json!(device));
    e.system_properties.insert(
        "iothub-message-source".into(),
        json!("deviceLifecycleEvents"),
    );
    e
}

#[tokio::test(flavor = "multi_thread")]
async fn lifecycle_dead_letters_replay_the_same_way() {
    let (emu, adt) = emulator_with_twins(1).await;
    adt.put_twin(
        "room",
        &json!({"$metadata": {"$model": "dtmi:contosocom:DigitalTwins:Space;1"}}),
        false,
    )
    .await
    .unwrap();
    let spool = Spool::new(&emu);
    let input = spool.path("lifecycle.ndjson");
    write_events(&input, &[lifecycle_delete("room")]);
    let thermostats = [
        "watch-lifecycle",
        "--allow-model",
        "dtmi:contosocom:DigitalTwins:Thermostat;*",
    ];
    let (summary, _) = spool.run(&thermostats, &input).await;
    assert_eq!(summary["dead_lettered"], 1, "{summary}");
    assert!(adt.get_twin("room").await.is_ok());
    // the operator decides this Space may go: replay with an allow-list that covers it
    let replay = spool.path("replay.ndjson");
    std::fs::rename(&spool.dead, &replay).unwrap();
    let spaces = [
        "watch-lifecycle",
        "--allow-model",
        "dtmi:contosocom:DigitalTwins:Space;*",
    ];
    let (summary, err) = spool.run(&spaces, &replay).await;
    assert_eq!(
        (
            summary["deleted"].as_u64(),
            summary["dead_lettered"].as_u64()
        ),
        (Some(1), Some(0)),
        "{summary}\n{err}"
    );
    assert!(adt.get_twin("room").await.unwrap_err().is_not_found());
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dead_letter_file_torn_by_a_crash_is_repaired_and_replays() {
    let (emu, adt) = emulator_with_twins(2).await;
    let spool = Spool::new(&emu);
    // a dead-letter file as kill -9 leaves it: whole lines, then half of one
    let whole = json!({"type": "dead_letter", "time": "2026-11-27T10:00:00Z", "stage": "lookup",
        "reason": "twin dev-1 not found", "event": telemetry("dev-1", None, 7.0, "2026-11-27T10:00:00.000Z").to_value()})
    .to_string();
    let torn = &whole[..whole.len() / 2];
    std::fs::write(&spool.dead, format!("{whole}\n{torn}")).unwrap();
    // a run that dead-letters three more
    let input = spool.path("bad.ndjson");
    std::fs::write(&input, "{bad 1\n{bad 2\n{bad 3\n").unwrap();
    let (summary, err) = spool.sync(&input).await;
    assert_eq!(summary["dead_lettered"], 3, "{summary}");
    assert!(
        err.contains("partial line") && err.contains(&spool.dead.display().to_string()),
        "the repair is reported: {err}"
    );
    let all = spool.dead_letters();
    assert_eq!(all.len(), 5, "{all:?}");
    let unparsed: Vec<usize> = (0..all.len())
        .filter(|&i| serde_json::from_str::<Value>(&all[i]).is_err())
        .collect();
    assert_eq!(unparsed, vec![1], "only the torn line is not JSON: {all:?}");
    assert_eq!(all[1], torn, "the torn line is kept as it was");
    // replaying the repaired file: the torn line is reported as malformed, the rest goes on
    let replay = spool.path("replay.ndjson");
    std::fs::rename(&spool.dead, &replay).unwrap();
    let (summary, err) = spool.sync(&replay).await;
    assert_eq!(
        (
            summary["events"].as_u64(),
            summary["dead_lettered"].as_u64()
        ),
        (Some(1), Some(4)),
        "{summary}\n{err}"
    );
    assert_eq!(temperature(&adt, "dev-1").await, json!(7.0));
    let again = parsed(&spool.dead);
    assert!(
        again.iter().any(|d| d["event"]["body"] == torn
            && d["reason"]
                .as_str()
                .unwrap()
                .contains("replay.ndjson line 2: not JSON")),
        "{again:?}"
    );
    emu.stop().await;
}
