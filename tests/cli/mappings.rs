//! `twinbridge mappings` as a process against the emulator's IoT Hub registry and ADT: every
//! status, filters, orphans, JSON, `--fix` (dry run, refusal off a terminal, apply), a registry
//! larger than one query page, and Entra ID (bearer) access to the hub.
use super::support::*;
use futures::StreamExt;
use serde_json::{Map, Value, json};
use std::sync::Arc;
use std::time::Duration;
use twinbridge::adt::{AdtClient, AdtConfig, PatchOp};
use twinbridge::auth::StaticToken;
use twinbridge::emulator::Emulator;
use twinbridge::hub::service::{ServiceClient, ServiceError};

const T: &str = "dtmi:contosocom:DigitalTwins:Thermostat;2";
const S: &str = "dtmi:contosocom:DigitalTwins:Space;1";

fn adt(emu: &Emulator) -> AdtClient {
    let mut cfg = AdtConfig::new(emu.adt_url().parse().unwrap());
    cfg.retry.max_retries = 0;
    AdtClient::new(cfg, Arc::new(StaticToken("t".into()))).unwrap()
}

fn hub(emu: &Emulator) -> ServiceClient {
    let conn =
        twinbridge::sas::ConnectionString::parse(&emu.devices.hub_connection_string()).unwrap();
    ServiceClient::new(
        conn,
        twinbridge::hub::tls::client_config(Some(emu.devices.ca_pem.as_bytes())).unwrap(),
        Duration::from_secs(10),
        twinbridge::retry::RetryPolicy::with_retries(0),
    )
    .unwrap()
}

/// A device with these tags, created through the service API (create, then tags PATCH).
async fn device(svc: &ServiceClient, id: &str, tags: &[(&str, &str)]) {
    svc.create_device(id, None).await.unwrap();
    if !tags.is_empty() {
        let map: Map<String, Value> = tags
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        svc.update_twin_tags(id, &map, None).await.unwrap();
    }
}

async fn twin(adt: &AdtClient, id: &str, model: &str) {
    adt.put_twin(id, &json!({"$metadata": {"$model": model}}), false)
        .await
        .unwrap();
}

/// Binary environment pointing at the emulator's hub (connection string) and ADT.
fn tb(emu: &Emulator) -> Tb {
    let tb = Tb::new();
    let ca = tb.home.path().join("ca.pem");
    std::fs::write(&ca, &emu.devices.ca_pem).unwrap();
    tb.env(
        "TWINBRIDGE_IOTHUB_CONNECTION_STRING",
        &emu.devices.hub_connection_string(),
    )
    .env("TWINBRIDGE_CA_CERT", ca.to_str().unwrap())
    .env("TWINBRIDGE_ADT_URL", &emu.adt_url())
}

/// One device per status, plus a stray twin (an orphan).
async fn fleet(emu: &Emulator) {
    let (svc, adt) = (hub(emu), adt(emu));
    device(&svc, "ok-1", &[("dtId", "ok-1"), ("dtmi", T)]).await;
    twin(&adt, "ok-1", T).await;
    adt.patch_twin("ok-1", &[PatchOp::add("/Temperature", json!(21.5))], None)
        .await
        .unwrap();
    device(&svc, "gone-1", &[("dtId", "gone-1"), ("dtmi", T)]).await;
    device(&svc, "mis-1", &[("dtId", "mis-1"), ("dtmi", T)]).await;
    twin(&adt, "mis-1", S).await;
    device(&svc, "bare-1", &[]).await;
    twin(&adt, "bare-1", T).await;
    device(&svc, "bare-2", &[]).await;
    device(&svc, "notag-1", &[("dtId", "notag-1")]).await;
    twin(&adt, "notag-1", T).await;
    twin(&adt, "stray-1", T).await;
}

fn statuses(v: &Value) -> Vec<(String, String)> {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let name = r["device_id"].as_str().or(r["twin_id"].as_str()).unwrap();
            (name.to_string(), r["status"].as_str().unwrap().to_string())
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_status_orphans_filters_table_and_json() {
    let emu = seeded_emulator().await;
    fleet(&emu).await;
    let tb = tb(&emu);

    let o = run_async(&tb, &["mappings", "--orphans", "--format", "json"]).await;
    assert_eq!(code(&o), 1, "problems shown: {}", stderr(&o));
    let v = json_out(&o);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["hub"], emu.devices.endpoint());
    assert_eq!(v["devices_scanned"], 6);
    assert_eq!(
        statuses(&v),
        pairs(&[
            ("bare-1", "no-dtid-tag"),
            ("bare-2", "no-dtid-tag"),
            ("gone-1", "twin-missing"),
            ("mis-1", "model-mismatch"),
            ("notag-1", "no-dtmi-tag"),
            ("ok-1", "ok"),
            ("stray-1", "orphan"),
        ])
    );
    assert_eq!(
        v["counts"],
        json!({"ok": 1, "twin-missing": 1, "model-mismatch": 1, "no-dtid-tag": 2, "no-dtmi-tag": 1, "orphan": 1})
    );
    let row = |id: &str| {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["device_id"] == id || r["twin_id"] == id)
            .unwrap()
            .clone()
    };
    let ok = row("ok-1");
    assert_eq!(ok["twin_id"], "ok-1");
    assert_eq!(ok["model"], T);
    let ts = ok["last_update"].as_str().expect("Temperature was set");
    time::OffsetDateTime::parse(ts, &time::format_description::well_known::Rfc3339).unwrap();
    assert_eq!(row("mis-1")["twin_model"], S);
    assert_eq!(row("mis-1")["device_model"], T);
    assert_eq!(row("bare-1")["twin_id"], Value::Null);
    assert_eq!(row("bare-1")["hint_twin_id"], "bare-1");
    assert!(row("bare-2").get("hint_twin_id").is_none());
    assert_eq!(row("stray-1")["device_id"], Value::Null);

    let o = run_async(&tb, &["mappings", "--orphans"]).await;
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    for needle in [
        "DEVICE ID",
        "LAST UPDATE",
        "twin missing",
        "model mismatch",
        "no dtId tag",
        "no dtmi tag",
        "orphan twin",
        &format!("{S} (tag: {T})"),
        " ago)",
    ] {
        assert!(out.contains(needle), "{needle:?} missing:\n{out}");
    }
    assert!(stderr(&o).contains("7 rows shown"), "{}", stderr(&o));

    let shown = |args: &'static [&'static str]| {
        let tb = &tb;
        async move {
            let mut all = vec!["mappings", "--format", "json"];
            all.extend_from_slice(args);
            let o = run_async(tb, &all).await;
            (code(&o), statuses(&json_out(&o)))
        }
    };
    let (c, rows) = shown(&["--status", "twin-missing,model-mismatch"]).await;
    assert_eq!(
        (c, rows),
        (
            1,
            pairs(&[("gone-1", "twin-missing"), ("mis-1", "model-mismatch")])
        )
    );
    let (c, rows) = shown(&["--status", "ok"]).await;
    assert_eq!(
        (c, rows),
        (0, pairs(&[("ok-1", "ok")])),
        "only ok rows shown: exit 0"
    );
    let (c, rows) = shown(&["--status", "ok", "--status", "no-dtmi-tag"]).await;
    assert_eq!((c, rows.len()), (1, 2));
    let (_, rows) = shown(&["--model", S]).await;
    assert_eq!(rows, pairs(&[("mis-1", "model-mismatch")]));
    let (_, rows) = shown(&["--device", "bare-?"]).await;
    assert_eq!(
        rows,
        pairs(&[("bare-1", "no-dtid-tag"), ("bare-2", "no-dtid-tag")])
    );
    let (_, rows) = shown(&["--device", "*-1", "--status", "ok,no-dtmi-tag"]).await;
    assert_eq!(rows, pairs(&[("notag-1", "no-dtmi-tag"), ("ok-1", "ok")]));
    let (_, rows) = shown(&["--orphans", "--status", "orphan"]).await;
    assert_eq!(rows, pairs(&[("stray-1", "orphan")]));
    let (_, rows) = shown(&["--orphans", "--model", S, "--status", "orphan"]).await;
    assert!(rows.is_empty(), "no Space twin is unclaimed: {rows:?}");

    let o = run_async(&tb, &["mappings", "--status", "orphan"]).await;
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--orphans"), "{}", stderr(&o));
    let o = run_async(&tb, &["mappings", "--status", "lost"]).await;
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("twin-missing"), "{}", stderr(&o));
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_emulated_twin_patch_merges_tags_and_checks_the_etag() {
    let emu = seeded_emulator().await;
    let svc = hub(&emu);
    device(&svc, "d", &[("dtId", "x"), ("keep", "1")]).await;
    let before = svc.twin("d").await.unwrap();
    let mut m = Map::new();
    m.insert("dtId".into(), json!("d"));
    m.insert("keep".into(), Value::Null);
    let after = svc
        .update_twin_tags("d", &m, before["etag"].as_str())
        .await
        .unwrap();
    assert_eq!(after["tags"], json!({"dtId": "d"}));
    let stale = svc.update_twin_tags("d", &m, before["etag"].as_str()).await;
    assert!(
        matches!(stale, Err(ServiceError::Service { status: 412, .. })),
        "{stale:?}"
    );
    let listed = svc
        .query("SELECT * FROM devices WHERE tags.dtId = 'd'")
        .await
        .unwrap();
    assert_eq!(listed.len(), 1, "the query sees patched tags");
    assert!(matches!(
        svc.update_twin_tags("nobody", &m, None).await,
        Err(ServiceError::NotFound(_))
    ));
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn fix_dry_run_changes_nothing_fix_yes_repairs_and_a_second_run_is_ok() {
    let emu = seeded_emulator().await;
    let (svc, adt) = (hub(&emu), adt(&emu));
    device(&svc, "gone-1", &[("dtId", "gone-1"), ("dtmi", T)]).await;
    device(&svc, "bare-1", &[]).await;
    twin(&adt, "bare-1", T).await;
    device(&svc, "bare-3", &[("dtmi", T)]).await;
    device(&svc, "notag-1", &[("dtId", "notag-1")]).await;
    twin(&adt, "notag-1", T).await;
    device(&svc, "mis-1", &[("dtId", "mis-1"), ("dtmi", T)]).await;
    twin(&adt, "mis-1", S).await;
    let tb = tb(&emu);
    let snapshot = || async {
        let devices = svc.query("SELECT * FROM devices").await.unwrap();
        let tags: Vec<Value> = devices.iter().map(|d| d["tags"].clone()).collect();
        let (twins, _) = adt
            .query_all("SELECT * FROM digitaltwins", None, None, |_, _| {})
            .await
            .unwrap();
        (tags, twins.len())
    };
    let before = snapshot().await;

    // Off a terminal, --fix without --yes refuses before doing anything.
    let o = run_async(&tb, &["mappings", "--fix"]).await;
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--yes"), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a terminal"), "{}", stderr(&o));

    let o = run_async(&tb, &["mappings", "--fix", "--dry-run", "--format", "json"]).await;
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v = json_out(&o);
    assert_eq!(v["fix"]["dry_run"], true);
    assert_eq!(v["fix"]["changes"], 5);
    let results: Vec<&str> = v["fix"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["result"].as_str().unwrap())
        .collect();
    assert_eq!(results.iter().filter(|r| **r == "planned").count(), 4);
    assert_eq!(results.iter().filter(|r| **r == "skipped").count(), 1);
    let o = run_async(&tb, &["mappings", "--fix", "--dry-run"]).await;
    assert!(
        stdout(&o).contains("would apply (dry run)"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("never fixed automatically"),
        "{}",
        stdout(&o)
    );
    assert_eq!(snapshot().await, before, "a dry run changes nothing");

    let o = run_async(&tb, &["mappings", "--fix", "--yes", "--format", "json"]).await;
    assert_eq!(code(&o), 1, "the mismatch stays: {}", stderr(&o));
    let v = json_out(&o);
    assert_eq!(v["fix"]["done"], 4, "{v}");
    assert_eq!(v["fix"]["failed"], 0, "{v}");
    let mis = v["fix"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["device_id"] == "mis-1")
        .unwrap();
    assert_eq!(mis["result"], "skipped");
    assert!(mis["skipped"].as_str().unwrap().contains("never fixed"));
    assert_eq!(
        adt.get_twin("mis-1").await.unwrap()["$metadata"]["$model"],
        S
    );

    // What --fix did: twins created from the tags, tags set from the twins.
    assert_eq!(
        adt.get_twin("gone-1").await.unwrap()["$metadata"]["$model"],
        T
    );
    assert_eq!(
        adt.get_twin("bare-3").await.unwrap()["$metadata"]["$model"],
        T
    );
    assert_eq!(
        svc.twin("bare-1").await.unwrap()["tags"],
        json!({"dtId": "bare-1", "dtmi": T})
    );
    assert_eq!(
        svc.twin("bare-3").await.unwrap()["tags"],
        json!({"dtId": "bare-3", "dtmi": T})
    );
    assert_eq!(svc.twin("notag-1").await.unwrap()["tags"]["dtmi"], T);

    // A person settles the mismatch; then everything is ok and the exit code says so.
    adt.delete_twin("mis-1", None).await.unwrap();
    twin(&adt, "mis-1", T).await;
    let o = run_async(&tb, &["mappings", "--format", "json"]).await;
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert_eq!(json_out(&o)["counts"]["ok"], 5);
    let o = run_async(&tb, &["mappings", "--fix", "-y"]).await;
    assert_eq!(code(&o), 0);
    assert!(stderr(&o).contains("nothing to fix"), "{}", stderr(&o));
    emu.stop().await;
}

/// 2,500 devices: the registry query takes three pages of 1,000; the ADT lookups 50 batches.
/// The hub is reached with an Entra ID bearer token (`--hub-hostname`, `--auth none`).
#[tokio::test(flavor = "multi_thread")]
async fn a_registry_larger_than_one_page_over_entra_id() {
    use twinbridge::emulator::iothub::registry::DeviceRecord;
    let emu = seeded_emulator().await;
    let adt = adt(&emu);
    for n in 0..2500 {
        let id = format!("dev-{n:04}");
        let mut tags = Map::new();
        tags.insert("dtId".into(), json!(id));
        tags.insert("dtmi".into(), json!(T));
        emu.devices
            .hub
            .create_device(DeviceRecord::new(&id, "a2V5", "a2V5", tags))
            .unwrap();
    }
    // Twins for the even devices only.
    futures::stream::iter((0..2500).step_by(2))
        .map(|n| {
            let adt = adt.clone();
            async move { twin(&adt, &format!("dev-{n:04}"), T).await }
        })
        .buffer_unordered(16)
        .collect::<Vec<_>>()
        .await;
    let tb = Tb::new();
    let ca = tb.home.path().join("ca.pem");
    std::fs::write(&ca, &emu.devices.ca_pem).unwrap();
    let host = emu.devices.endpoint();
    let adt_url = emu.adt_url();
    let args = [
        "mappings",
        "--hub-hostname",
        host.as_str(),
        "--auth",
        "none",
        "--ca-cert",
        ca.to_str().unwrap(),
        "--adt-url",
        adt_url.as_str(),
    ];
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let o = run_async(&tb, &json_args).await;
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v = json_out(&o);
    assert_eq!(v["devices_scanned"], 2500);
    assert_eq!(v["counts"]["ok"], 1250);
    assert_eq!(v["counts"]["twin-missing"], 1250);
    assert_eq!(v["rows"][2499]["device_id"], "dev-2499");
    let mut plain = args.to_vec();
    plain.extend(["--status", "twin-missing", "--device", "dev-00??"]);
    let o = run_async(&tb, &plain).await;
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.contains("2500 devices read") && err.contains("in 3 page(s)"),
        "{err}"
    );
    assert!(err.contains("50 rows shown"), "{err}");
    // Without a token source that works, the error says what to do.
    let mut no_cred = args.to_vec();
    no_cred[4] = "client-secret";
    let o = run_async(&tb, &no_cred).await;
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("AZURE_CLIENT_SECRET"), "{}", stderr(&o));
    emu.stop().await;
}
