//! `twinbridge models` through the binary against the emulator: RealEstateCore in the fewest
//! calls, idempotent re-runs, re-upload of deleted leaves, conflicts, dry runs, bad input,
//! validation with file and pointer, and delete --all in reverse dependency order.
use super::support::*;
use serde_json::{Value, json};

fn rec() -> String {
    data_dir()
        .join("realestatecore/Ontology")
        .display()
        .to_string()
}

fn write(dir: &std::path::Path, name: &str, v: &Value) -> String {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
    p.display().to_string()
}

fn iface(id: &str, extends: Option<&str>) -> Value {
    let mut v = json!({"@id": id, "@type": "Interface", "@context": "dtmi:dtdl:context;2",
        "contents": [{"@type": "Property", "name": format!("p_{}", id.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>()), "schema": "double"}]});
    if let Some(e) = extends {
        v["extends"] = json!(e);
    }
    v
}

#[tokio::test(flavor = "multi_thread")]
async fn realestatecore_in_minimum_calls_then_idempotent_then_repairs_deleted_leaves() {
    let emu =
        twinbridge::emulator::Emulator::start(twinbridge::emulator::EmulatorConfig::for_tests())
            .await
            .unwrap();
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    let o = run_async(&tb, &["models", "upload", &rec(), "--format", "json"]).await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json_out(&o);
    let n = v["summary"]["uploaded"].as_u64().unwrap();
    assert!(n >= 700, "{n}");
    assert_eq!(
        v["calls"]["create"].as_u64().unwrap(),
        n.div_ceil(250),
        "ceil(N/250) create calls"
    );
    // second run: nothing to do
    let o = run_async(&tb, &["models", "upload", &rec(), "--format", "json"]).await;
    assert_eq!(code(&o), 0);
    let v = json_out(&o);
    assert_eq!(v["summary"]["unchanged"].as_u64().unwrap(), n);
    assert_eq!(v["calls"]["create"], 0);
    // delete 10 leaves (models nothing else depends on), then a run re-uploads exactly those
    let adt = adt_client(&emu.adt_url());
    let all = adt.list_models(&[], true).await.unwrap();
    let referenced: std::collections::BTreeSet<String> = all
        .iter()
        .flat_map(|m| {
            let def = m.model.clone().unwrap_or_default();
            let mut refs = vec![];
            match &def["extends"] {
                Value::String(s) => refs.push(s.clone()),
                Value::Array(a) => {
                    refs.extend(a.iter().filter_map(|x| x.as_str().map(str::to_string)))
                }
                _ => {}
            }
            if let Some(c) = def["contents"].as_array() {
                refs.extend(
                    c.iter()
                        .filter(|x| x["@type"] == "Component")
                        .filter_map(|x| x["schema"].as_str().map(str::to_string)),
                );
            }
            refs
        })
        .collect();
    let leaves: Vec<String> = all
        .iter()
        .map(|m| m.id.clone())
        .filter(|id| !referenced.contains(id))
        .take(10)
        .collect();
    assert_eq!(leaves.len(), 10);
    for id in &leaves {
        adt.delete_model(id).await.unwrap();
    }
    let o = run_async(&tb, &["models", "upload", &rec(), "--format", "json"]).await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json_out(&o);
    assert_eq!(v["summary"]["uploaded"], 10);
    let mut uploaded: Vec<String> = v["models"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["status"] == "uploaded")
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect();
    uploaded.sort();
    let mut expected = leaves.clone();
    expected.sort();
    assert_eq!(uploaded, expected);
    assert_eq!(v["calls"]["create"], 1);
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sample_models_upload_and_a_thermostat_twin_can_be_created() {
    let emu =
        twinbridge::emulator::Emulator::start(twinbridge::emulator::EmulatorConfig::for_tests())
            .await
            .unwrap();
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    let models = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models")
        .display()
        .to_string();
    let o = run_async(&tb, &["models", "upload", &models]).await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("uploaded"), "{}", stdout(&o));
    adt_client(&emu.adt_url())
        .put_twin("thermostat-67", &json!({"$metadata": {"$model": "dtmi:contosocom:DigitalTwins:Thermostat;2"}, "Temperature": 0.0}), true)
        .await
        .unwrap();
    let o = run_async(&tb, &["models", "list", "--format", "json"]).await;
    assert_eq!(json_out(&o)["count"], 2);
    let o = run_async(
        &tb,
        &[
            "models",
            "list",
            "--dependencies-for",
            "dtmi:contosocom:DigitalTwins:Thermostat;2",
            "--definitions",
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(
        json_out(&o)["models"][0]["model"]["@id"],
        "dtmi:contosocom:DigitalTwins:Thermostat;2"
    );
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn conflicts_fail_and_dry_run_changes_nothing() {
    let emu =
        twinbridge::emulator::Emulator::start(twinbridge::emulator::EmulatorConfig::for_tests())
            .await
            .unwrap();
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    let dir = tempfile::tempdir().unwrap();
    let base = iface("dtmi:t:Base;1", None);
    write(dir.path(), "base.json", &base);
    let d = dir.path().display().to_string();
    assert_eq!(code(&run_async(&tb, &["models", "upload", &d]).await), 0);
    // change Base;1 and add a new model
    let mut changed = base.clone();
    changed["contents"][0]["schema"] = json!("string");
    write(dir.path(), "base.json", &changed);
    write(dir.path(), "new.json", &iface("dtmi:t:New;1", None));
    let o = run_async(
        &tb,
        &["models", "upload", &d, "--dry-run", "--format", "json"],
    )
    .await;
    assert_eq!(code(&o), 1, "a dry run with conflicts fails");
    let v = json_out(&o);
    assert_eq!(
        (
            v["summary"]["conflicting"].as_u64(),
            v["summary"]["new"].as_u64(),
            v["dry_run"].as_bool()
        ),
        (Some(1), Some(1), Some(true))
    );
    let adt = adt_client(&emu.adt_url());
    assert_eq!(
        adt.list_models(&[], false).await.unwrap().len(),
        1,
        "dry run changed nothing"
    );
    let o = run_async(&tb, &["models", "upload", &d]).await;
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("conflict"), "{}", stderr(&o));
    assert_eq!(
        adt.list_models(&[], false).await.unwrap().len(),
        1,
        "conflicts stop the upload by default"
    );
    let o = run_async(
        &tb,
        &[
            "models",
            "upload",
            &d,
            "--fail-on-conflict=false",
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json_out(&o);
    assert_eq!(
        (
            v["summary"]["uploaded"].as_u64(),
            v["summary"]["conflicting"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let entry = v["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "dtmi:t:Base;1")
        .unwrap()
        .clone();
    assert!(
        entry["detail"]
            .as_str()
            .unwrap()
            .contains("bump the version")
    );
    // replace: Base;1 has no twins, so it can be deleted and uploaded again
    let o = run_async(&tb, &["models", "upload", &d, "--replace-conflicting"]).await;
    assert_eq!(code(&o), 2, "needs --yes");
    let o = run_async(
        &tb,
        &[
            "models",
            "upload",
            &d,
            "--replace-conflicting",
            "--yes",
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        adt.get_model("dtmi:t:Base;1", true)
            .await
            .unwrap()
            .model
            .unwrap()["contents"][0]["schema"],
        "string"
    );
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_names_file_and_field_and_uploads_nothing() {
    let emu =
        twinbridge::emulator::Emulator::start(twinbridge::emulator::EmulatorConfig::for_tests())
            .await
            .unwrap();
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    let adt = adt_client(&emu.adt_url());
    let case = |files: Vec<(&str, Value)>| {
        let dir = tempfile::tempdir().unwrap();
        for (n, v) in files {
            write(dir.path(), n, &v);
        }
        dir
    };
    // cycle
    let dir = case(vec![
        ("a.json", iface("dtmi:t:A;1", Some("dtmi:t:B;1"))),
        ("b.json", iface("dtmi:t:B;1", Some("dtmi:t:A;1"))),
    ]);
    let o = run_async(
        &tb,
        &[
            "models",
            "upload",
            dir.path().to_str().unwrap(),
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(code(&o), 1);
    let text = json_out(&o)["diagnostics"].to_string();
    assert!(text.contains("cycle"), "{text}");
    // missing reference, named
    let dir = case(vec![
        ("c.json", iface("dtmi:t:C;1", Some("dtmi:t:Missing;1"))),
        ("ok.json", iface("dtmi:t:Ok;1", None)),
    ]);
    let o = run_async(
        &tb,
        &[
            "models",
            "upload",
            dir.path().to_str().unwrap(),
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(code(&o), 1);
    let v = json_out(&o);
    assert!(
        v["diagnostics"].to_string().contains("dtmi:t:Missing;1"),
        "{v}"
    );
    assert!(
        v["diagnostics"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("c.json")
    );
    assert!(
        adt.list_models(&[], false).await.unwrap().is_empty(),
        "nothing uploaded"
    );
    // with --partial the independent model still goes
    let o = run_async(
        &tb,
        &[
            "models",
            "upload",
            dir.path().to_str().unwrap(),
            "--partial",
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(code(&o), 1, "still a failure overall");
    assert_eq!(json_out(&o)["summary"]["uploaded"], 1);
    assert!(adt.get_model("dtmi:t:Ok;1", false).await.is_ok());
    // duplicate DTMI within the input
    let dir = case(vec![
        ("d1.json", iface("dtmi:t:Dup;1", None)),
        ("d2.json", iface("dtmi:t:Dup;1", None)),
    ]);
    let o = run_async(
        &tb,
        &[
            "models",
            "upload",
            dir.path().to_str().unwrap(),
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(code(&o), 1);
    assert!(
        json_out(&o)["diagnostics"]
            .to_string()
            .contains("more than once")
    );
    // not JSON, and an invalid DTMI
    let dir = case(vec![(
        "x.json",
        json!({"@id": "not a dtmi", "@type": "Interface", "@context": "dtmi:dtdl:context;2"}),
    )]);
    std::fs::write(dir.path().join("broken.json"), "{ \"@id\": ").unwrap();
    let o = run_async(
        &tb,
        &[
            "models",
            "upload",
            dir.path().to_str().unwrap(),
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(code(&o), 1);
    let diags = json_out(&o)["diagnostics"].to_string();
    assert!(
        diags.contains("broken.json") && diags.contains("not valid JSON"),
        "{diags}"
    );
    assert!(diags.contains("x.json") && diags.contains("@id"), "{diags}");
    emu.stop().await;
}

#[test]
fn validate_reports_file_pointer_and_model_of_a_broken_real_model() {
    let dir = tempfile::tempdir().unwrap();
    let mut thermo = read_json(&models_dir().join("ThermostatModel.json"));
    thermo["contents"][3]["schema"] = json!("doubel");
    let broken = write(dir.path(), "ThermostatModel.json", &thermo);
    let space = models_dir().join("SpaceModel.json").display().to_string();
    let o = Tb::new().run(&["models", "validate", &broken, &space, "--format", "json"]);
    assert_eq!(code(&o), 1);
    let v = json_out(&o);
    assert_eq!(v["valid"], false);
    let e = &v["errors"][0];
    assert_eq!(e["file"], broken.as_str());
    assert_eq!(e["pointer"], "/contents/3/schema");
    assert_eq!(e["dtmi"], "dtmi:contosocom:DigitalTwins:Thermostat;2");
    let o = Tb::new().run(&["models", "validate", &broken]);
    assert!(
        stdout(&o).contains("/contents/3/schema") && stdout(&o).contains("doubel"),
        "{}",
        stdout(&o)
    );
    // the whole ontology validates
    let o = Tb::new().run(&["models", "validate", &rec(), "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(json_out(&o)["models"].as_u64().unwrap() >= 700);
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_all_in_reverse_dependency_order_and_twin_guard() {
    let emu =
        twinbridge::emulator::Emulator::start(twinbridge::emulator::EmulatorConfig::for_tests())
            .await
            .unwrap();
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.json", &iface("dtmi:t:A;1", None));
    write(
        dir.path(),
        "b.json",
        &iface("dtmi:t:B;1", Some("dtmi:t:A;1")),
    );
    write(
        dir.path(),
        "c.json",
        &iface("dtmi:t:C;1", Some("dtmi:t:B;1")),
    );
    assert_eq!(
        code(&run_async(&tb, &["models", "upload", dir.path().to_str().unwrap()]).await),
        0
    );
    let adt = adt_client(&emu.adt_url());
    adt.put_twin("c1", &json!({"$metadata": {"$model": "dtmi:t:C;1"}}), false)
        .await
        .unwrap();
    let o = run_async(&tb, &["models", "delete", "--all"]).await;
    assert_eq!(code(&o), 1, "a twin uses C: refused");
    assert!(
        stderr(&o).contains("dtmi:t:C;1") && stderr(&o).contains("twin"),
        "{}",
        stderr(&o)
    );
    let o = run_async(&tb, &["models", "delete", "dtmi:t:A;1", "--yes"]).await;
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("referenced by"), "{}", stderr(&o));
    let o = run_async(
        &tb,
        &[
            "models",
            "delete",
            "--all",
            "--decommission",
            "--dry-run",
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json_out(&o);
    assert_eq!(v["decommissioned"], json!(["dtmi:t:C;1"]));
    assert_eq!(v["kept"].as_array().unwrap().len(), 2);
    adt.delete_twin("c1", None).await.unwrap();
    let o = run_async(&tb, &["models", "delete", "--all"]).await;
    assert_eq!(code(&o), 2, "confirmation needed off a terminal");
    let o = run_async(
        &tb,
        &["models", "delete", "--all", "--dry-run", "--format", "json"],
    )
    .await;
    assert_eq!(
        json_out(&o)["deleted"],
        json!(["dtmi:t:C;1", "dtmi:t:B;1", "dtmi:t:A;1"])
    );
    assert_eq!(adt.list_models(&[], false).await.unwrap().len(), 3);
    let o = run_async(
        &tb,
        &["models", "delete", "--all", "--yes", "--format", "json"],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(adt.list_models(&[], false).await.unwrap().is_empty());
    emu.stop().await;
}
