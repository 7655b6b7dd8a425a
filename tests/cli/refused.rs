//! One bad update must not poison the good ones merged with it: component properties go out
//! as the paths the model defines (the emulator validates writes with DTDL), and a merged PATCH
//! ADT refuses is split so only the events behind the refused path are dead-lettered.
use super::support::*;
use serde_json::{Value, json};

fn dead_letters(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn ndjson(lines: &[Value]) -> String {
    lines
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

fn event(device: &str, body: Value) -> Value {
    json!({"body": body, "system_properties": {"iothub-connection-device-id": device}})
}

#[tokio::test(flavor = "multi_thread")]
async fn component_properties_land_with_the_good_values_merged_with_them() {
    let emu = seeded_emulator().await;
    let adt = adt_client(&emu.adt_url());
    adt.create_models(&[
        json!({"@id": "dtmi:test:Valve;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2",
            "contents": [{"@type": "Property", "name": "target", "schema": "integer", "writable": true}]}),
        json!({"@id": "dtmi:test:Device;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2",
            "contents": [
                {"@type": "Property", "name": "Temperature", "schema": "double"},
                {"@type": "Component", "name": "c1", "schema": "dtmi:test:Valve;1"}]}),
    ])
    .await
    .unwrap();
    adt.put_twin(
        "dev-1",
        &json!({"$metadata": {"$model": "dtmi:test:Device;1"}, "c1": {"$metadata": {}}}),
        false,
    )
    .await
    .unwrap();
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    let input = tb.home.path().join("events.ndjson");
    std::fs::write(
        &input,
        ndjson(&[
            event("dev-1", json!({"Temperature": 20.5})),
            event("dev-1", json!({"c1/target": "7", "Temperature": 21.0})),
            event(
                "dev-1",
                json!({"Temperature": 21.5, "c1~1target": 1, "nope": 2}),
            ),
            event("dev-1", json!({"c1": {"target": 8}})),
        ]),
    )
    .unwrap();
    let dl = tb.home.path().join("dl.ndjson");
    let o = run_async(
        &tb,
        &[
            "sync-telemetry",
            "--from-file",
            input.to_str().unwrap(),
            "--dead-letter",
            dl.to_str().unwrap(),
            "--until-idle",
        ],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let dead = dead_letters(&dl);
    assert!(dead.is_empty(), "nothing dead-lettered: {dead:?}");
    let twin = adt.get_twin("dev-1").await.unwrap();
    assert_eq!(twin["Temperature"], 21.5, "{twin}");
    assert_eq!(
        twin["c1"]["target"], 8,
        "the component property, coerced: {twin}"
    );
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_path_dead_letters_only_the_events_behind_it() {
    let emu = seeded_emulator().await;
    let adt = adt_client(&emu.adt_url());
    adt.put_twin(
        "dev-1",
        &json!({"$metadata": {"$model": "dtmi:contosocom:DigitalTwins:Thermostat;2"}, "Temperature": 0.0}),
        false,
    )
    .await
    .unwrap();
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    let input = tb.home.path().join("events.ndjson");
    // The sample's mode (`--property`, uncoerced `replace`): the model has no `Humidity`, so ADT
    // refuses that path; the temperatures merged into the same PATCH must still land.
    std::fs::write(
        &input,
        ndjson(&[
            event("dev-1", json!({"Temperature": 20.5})),
            event("dev-1", json!({"Temperature": 21.0, "Humidity": 40})),
            event("dev-1", json!({"Temperature": 21.5})),
        ]),
    )
    .unwrap();
    let dl = tb.home.path().join("dl.ndjson");
    let o = run_async(
        &tb,
        &[
            "sync-telemetry",
            "--from-file",
            input.to_str().unwrap(),
            "--property",
            "Temperature",
            "--property",
            "Humidity",
            "--dead-letter",
            dl.to_str().unwrap(),
            "--until-idle",
        ],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(adt.get_twin("dev-1").await.unwrap()["Temperature"], 21.5);
    let dead = dead_letters(&dl);
    assert_eq!(dead.len(), 1, "only the event with Humidity: {dead:?}");
    assert_eq!(dead[0]["event"]["body"]["Humidity"], 40, "{dead:?}");
    assert!(
        dead[0]["reason"].as_str().unwrap().contains("/Humidity"),
        "the reason names the refused path: {dead:?}"
    );
    emu.stop().await;
}
