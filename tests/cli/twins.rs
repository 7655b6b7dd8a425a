//! `twinbridge twins` against the emulator: show, list, query, delete; table and JSON.
use super::support::*;
use serde_json::json;

async fn seed(url: &str) {
    let adt = adt_client(url);
    adt.put_twin("room-1", &json!({"$metadata": {"$model": "dtmi:contosocom:DigitalTwins:Space;1"}, "DisplayName": "Room\u{1b}[31m 1"}), false).await.unwrap();
    for i in 0..3 {
        let id = format!("thermo-{i}");
        adt.put_twin(&id, &json!({"$metadata": {"$model": "dtmi:contosocom:DigitalTwins:Thermostat;2"}, "Temperature": 20.0 + i as f64}), false)
            .await
            .unwrap();
        adt.put_relationship(
            "room-1",
            &format!("c{i}"),
            &json!({"$targetId": id, "$relationshipName": "contains"}),
            false,
        )
        .await
        .unwrap();
    }
    adt.put_relationship(
        "thermo-0",
        "s",
        &json!({"$targetId": "thermo-1", "$relationshipName": "serves"}),
        false,
    )
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn show_list_query_in_both_formats() {
    let emu = seeded_emulator().await;
    seed(&emu.adt_url()).await;
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());

    let o = run_async(&tb, &["twins", "show", "thermo-0"]).await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "thermo-0",
        "dtmi:contosocom:DigitalTwins:Thermostat;2",
        "Temperature",
        "20.0",
        "outgoing",
        "incoming",
        "room-1",
        "serves",
    ] {
        assert!(out.contains(needle), "show has {needle}:\n{out}");
    }
    let o = run_async(&tb, &["twins", "show", "room-1"]).await;
    assert!(
        !stdout(&o).contains('\u{1b}'),
        "control characters from ADT are escaped"
    );

    let o = run_async(&tb, &["twins", "show", "thermo-1", "--format", "json"]).await;
    let v = json_out(&o);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["twin"]["$dtId"], "thermo-1");
    assert_eq!(v["incoming"].as_array().unwrap().len(), 2);

    let o = run_async(
        &tb,
        &[
            "twins",
            "list",
            "--model",
            "dtmi:contosocom:DigitalTwins:Thermostat;2",
            "--format",
            "json",
        ],
    )
    .await;
    let v = json_out(&o);
    assert_eq!(v["count"], 3);
    let o = run_async(
        &tb,
        &[
            "twins",
            "list",
            "--where",
            "T.Temperature > 20.5",
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(json_out(&o)["count"], 2);
    let o = run_async(&tb, &["twins", "list", "--limit", "2", "--format", "json"]).await;
    assert_eq!(json_out(&o)["count"], 2);
    let o = run_async(&tb, &["twins", "list"]).await;
    assert!(stdout(&o).contains("TWIN ID") && stdout(&o).contains("thermo-2"));
    assert!(stderr(&o).contains("query charge"), "{}", stderr(&o));

    let o = run_async(
        &tb,
        &[
            "twins",
            "query",
            "SELECT T.$dtId, T.Temperature FROM digitaltwins T WHERE T.Temperature >= 21",
            "--format",
            "json",
        ],
    )
    .await;
    let v = json_out(&o);
    assert_eq!(v["count"], 2);
    assert!(
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["Temperature"].as_f64().unwrap() >= 21.0)
    );
    let o = run_async(
        &tb,
        &[
            "twins",
            "query",
            "SELECT T.$dtId, T.Temperature FROM digitaltwins T",
            "--page-size",
            "1",
        ],
    )
    .await;
    assert_eq!(code(&o), 0);
    assert!(
        stdout(&o).contains("Temperature") && stdout(&o).contains("thermo-2"),
        "{}",
        stdout(&o)
    );
    let o = run_async(
        &tb,
        &[
            "twins",
            "query",
            "SELECT * FROM digitaltwins ORDER BY $dtId",
        ],
    )
    .await;
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("SqlQueryError"), "{}", stderr(&o));

    let o = run_async(&tb, &["twins", "show", "nope"]).await;
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("DigitalTwinNotFound"), "{}", stderr(&o));
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_needs_yes_off_a_terminal_and_cascades_on_request() {
    let emu = seeded_emulator().await;
    seed(&emu.adt_url()).await;
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    let o = run_async(&tb, &["twins", "delete", "thermo-1"]).await;
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--yes"), "{}", stderr(&o));
    let o = run_async(&tb, &["twins", "delete", "thermo-1", "--yes"]).await;
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("RelationshipsNotDeleted")
            && stderr(&o).contains("--with-relationships"),
        "{}",
        stderr(&o)
    );
    let o = run_async(
        &tb,
        &[
            "twins",
            "delete",
            "thermo-1",
            "--yes",
            "--with-relationships",
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json_out(&o);
    assert_eq!(v["report"]["incoming_deleted"], 2);
    assert_eq!(v["report"]["twin_deleted"], true);
    let o = run_async(
        &tb,
        &[
            "twins",
            "delete",
            "thermo-1",
            "--yes",
            "--with-relationships",
        ],
    )
    .await;
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
    assert!(
        adt_client(&emu.adt_url())
            .get_twin("thermo-1")
            .await
            .unwrap_err()
            .is_not_found()
    );
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn broken_pipe_is_not_an_error() {
    let emu = seeded_emulator().await;
    seed(&emu.adt_url()).await;
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    let mut cmd = tb.command(&["twins", "list"]);
    let status = tokio::task::spawn_blocking(move || {
        let mut child = cmd
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        child.wait().unwrap()
    })
    .await
    .unwrap();
    assert_eq!(status.code(), Some(0));
    emu.stop().await;
}
