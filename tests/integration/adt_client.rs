//! Every ADT client operation against the emulator, including paging, ETags and ADT's errors.
use super::support::*;
use serde_json::json;
use twinbridge::adt::{
    CascadeOptions, ErrorCode, PatchOp, delete_twin_cascade, twin_etag, twin_model,
};

#[tokio::test]
async fn twins_create_get_patch_replace_delete() {
    let (emu, adt) = sample_instance().await;
    let created = adt
        .put_twin("thermo-1", &thermostat(20.0), true)
        .await
        .unwrap();
    assert_eq!(created["$dtId"], "thermo-1");
    assert_eq!(twin_model(&created), Some(THERMOSTAT));
    assert!(created["$metadata"]["Temperature"]["lastUpdateTime"].is_string());
    // create-only a second time: 412
    let e = adt
        .put_twin("thermo-1", &thermostat(1.0), true)
        .await
        .unwrap_err();
    assert!(e.is_code(&ErrorCode::PreconditionFailed), "{e}");
    // patch: add works on unset, replace works on set, the value changes and the etag moves
    let etag0 = twin_etag(&created).unwrap().to_string();
    let etag1 = adt
        .patch_twin(
            "thermo-1",
            &[
                PatchOp::add("/Location", json!("hall")),
                PatchOp::replace("/Temperature", json!(21.5)),
            ],
            Some(&etag0),
        )
        .await
        .unwrap()
        .expect("etag header");
    assert_ne!(etag0, etag1);
    let got = adt.get_twin("thermo-1").await.unwrap();
    assert_eq!(got["Temperature"], 21.5);
    assert_eq!(got["Location"], "hall");
    assert_eq!(twin_etag(&got), Some(etag1.as_str()));
    // stale etag: 412
    let e = adt
        .patch_twin(
            "thermo-1",
            &[PatchOp::replace("/Temperature", json!(1.0))],
            Some(&etag0),
        )
        .await
        .unwrap_err();
    assert!(
        e.is_code(&ErrorCode::PreconditionFailed) && e.status() == Some(412),
        "{e}"
    );
    let e = adt.delete_twin("thermo-1", Some(&etag0)).await.unwrap_err();
    assert_eq!(e.status(), Some(412));
    // replace of a never-set property: JsonPatchInvalid
    let e = adt
        .patch_twin(
            "thermo-1",
            &[PatchOp::replace("/ComfortIndex", json!(1.0))],
            None,
        )
        .await
        .unwrap_err();
    assert!(e.is_code(&ErrorCode::JsonPatchInvalid), "{e}");
    // wrong type and unknown property: ValidationFailed
    let e = adt
        .patch_twin(
            "thermo-1",
            &[PatchOp::add("/Temperature", json!("hot"))],
            None,
        )
        .await
        .unwrap_err();
    assert!(e.is_code(&ErrorCode::ValidationFailed), "{e}");
    let e = adt
        .patch_twin("thermo-1", &[PatchOp::add("/Colour", json!("red"))], None)
        .await
        .unwrap_err();
    assert!(e.is_code(&ErrorCode::ValidationFailed), "{e}");
    // remove
    adt.patch_twin("thermo-1", &[PatchOp::remove("/Location")], None)
        .await
        .unwrap();
    assert!(
        adt.get_twin("thermo-1")
            .await
            .unwrap()
            .get("Location")
            .is_none()
    );
    // replace the whole twin (PUT without If-None-Match)
    let replaced = adt
        .put_twin("thermo-1", &thermostat(5.0), false)
        .await
        .unwrap();
    assert_eq!(replaced["Temperature"], 5.0);
    adt.delete_twin("thermo-1", Some(twin_etag(&replaced).unwrap()))
        .await
        .unwrap();
    let e = adt.get_twin("thermo-1").await.unwrap_err();
    assert!(e.is_code(&ErrorCode::DigitalTwinNotFound) && e.is_not_found());
    emu.stop().await;
}

#[tokio::test]
async fn twin_of_unknown_or_decommissioned_model_is_refused() {
    let (emu, adt) = sample_instance().await;
    let e = adt
        .put_twin(
            "x",
            &json!({"$metadata": {"$model": "dtmi:nope:Thing;1"}}),
            false,
        )
        .await
        .unwrap_err();
    assert!(e.is_code(&ErrorCode::ValidationFailed), "{e}");
    adt.decommission_model(THERMOSTAT).await.unwrap();
    assert!(
        adt.get_model(THERMOSTAT, false)
            .await
            .unwrap()
            .decommissioned
    );
    let e = adt
        .put_twin("x", &thermostat(1.0), false)
        .await
        .unwrap_err();
    assert!(e.is_code(&ErrorCode::ModelDecommissioned), "{e}");
    emu.stop().await;
}

#[tokio::test]
async fn relationships_page_both_ways_and_block_twin_delete() {
    let (emu, adt) = sample_instance().await;
    adt.put_twin("room", &space(), false).await.unwrap();
    adt.put_twin("hub", &thermostat(0.0), false).await.unwrap();
    // 130 thermostats contained by the room: more than one page (100) of outgoing relationships,
    // and 130 incoming `serves` relationships on the hub.
    for i in 0..130 {
        let id = format!("t{i:03}");
        adt.put_twin(&id, &thermostat(i as f64), false)
            .await
            .unwrap();
        let rel = adt
            .put_relationship(
                "room",
                &format!("contains-{id}"),
                &json!({"$targetId": id, "$relationshipName": "contains"}),
                true,
            )
            .await
            .unwrap();
        assert_eq!(rel["$sourceId"], "room");
        adt.put_relationship(
            &id,
            "serves-hub",
            &json!({"$targetId": "hub", "$relationshipName": "serves", "ownershipUser": "ops"}),
            false,
        )
        .await
        .unwrap();
    }
    assert_eq!(
        adt.list_relationships("room", None).await.unwrap().len(),
        130
    );
    assert_eq!(
        adt.list_relationships("room", Some("contains"))
            .await
            .unwrap()
            .len(),
        130
    );
    assert_eq!(
        adt.list_relationships("room", Some("other"))
            .await
            .unwrap()
            .len(),
        0
    );
    let incoming = adt.list_incoming_relationships("hub").await.unwrap();
    assert_eq!(incoming.len(), 130);
    assert!(
        incoming
            .iter()
            .all(|r| r["$relationshipName"] == "serves" && r["$sourceId"].is_string())
    );
    let one = adt.get_relationship("t005", "serves-hub").await.unwrap();
    assert_eq!(one["ownershipUser"], "ops");
    // relationship name not on the source model; unknown target; duplicate with If-None-Match
    let e = adt
        .put_relationship(
            "room",
            "r",
            &json!({"$targetId": "hub", "$relationshipName": "feeds"}),
            false,
        )
        .await
        .unwrap_err();
    assert!(e.is_code(&ErrorCode::ValidationFailed), "{e}");
    let e = adt
        .put_relationship(
            "room",
            "r",
            &json!({"$targetId": "ghost", "$relationshipName": "contains"}),
            false,
        )
        .await
        .unwrap_err();
    assert!(e.is_code(&ErrorCode::TargetTwinNotFound), "{e}");
    let e = adt
        .put_relationship(
            "room",
            "contains-t000",
            &json!({"$targetId": "t000", "$relationshipName": "contains"}),
            true,
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(412));
    // a twin with relationships cannot be deleted
    let e = adt.delete_twin("hub", None).await.unwrap_err();
    assert!(e.is_code(&ErrorCode::RelationshipsNotDeleted), "{e}");
    assert!(e.suggestion().is_some());
    // relationship delete, then 404
    adt.delete_relationship("t000", "serves-hub", None)
        .await
        .unwrap();
    assert!(
        adt.get_relationship("t000", "serves-hub")
            .await
            .unwrap_err()
            .is_code(&ErrorCode::RelationshipNotFound)
    );
    // cascade: every relationship both ways, all pages, then the twin
    let report = delete_twin_cascade(&adt, "hub", CascadeOptions::default())
        .await
        .unwrap();
    assert_eq!((report.incoming_deleted, report.twin_deleted), (129, true));
    let report = delete_twin_cascade(&adt, "room", CascadeOptions::default())
        .await
        .unwrap();
    assert_eq!(report.outgoing_deleted, 130);
    // already gone is success
    assert!(
        !delete_twin_cascade(&adt, "room", CascadeOptions::default())
            .await
            .unwrap()
            .twin_deleted
    );
    emu.stop().await;
}

#[tokio::test]
async fn query_pages_with_continuation_tokens() {
    let (emu, adt) = sample_instance().await;
    for i in 0..45 {
        adt.put_twin(&format!("q{i:02}"), &thermostat(i as f64), false)
            .await
            .unwrap();
    }
    adt.put_twin("space-1", &space(), false).await.unwrap();
    let first = adt.query_page("SELECT * FROM digitaltwins T WHERE IS_OF_MODEL(T, 'dtmi:contosocom:DigitalTwins:Thermostat;2')", None, Some(10)).await.unwrap();
    assert_eq!(first.items.len(), 10);
    assert!(first.continuation_token.is_some());
    assert!(first.charge.unwrap_or(0.0) > 0.0);
    let mut pages = 0;
    let (all, charge) = adt
        .query_all("SELECT * FROM digitaltwins WHERE IS_OF_MODEL('dtmi:contosocom:DigitalTwins:Thermostat;2')", Some(10), None, |_, p| pages = p)
        .await
        .unwrap();
    assert_eq!((all.len(), pages), (45, 5));
    assert!(charge > 0.0);
    let ids: std::collections::BTreeSet<_> = all
        .iter()
        .map(|t| t["$dtId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 45, "no duplicates across pages");
    let (hot, _) = adt
        .query_all(
            "SELECT * FROM digitaltwins T WHERE T.Temperature >= 40",
            None,
            None,
            |_, _| {},
        )
        .await
        .unwrap();
    assert_eq!(hot.len(), 5);
    let (count, _) = adt
        .query_all("SELECT COUNT() FROM digitaltwins", None, None, |_, _| {})
        .await
        .unwrap();
    assert_eq!(count, vec![json!({"COUNT": 46})]);
    let (top, _) = adt
        .query_all(
            "SELECT TOP(3) * FROM digitaltwins",
            Some(2),
            None,
            |_, _| {},
        )
        .await
        .unwrap();
    assert_eq!(top.len(), 3);
    let (limited, _) = adt
        .query_all("SELECT * FROM digitaltwins", Some(10), Some(15), |_, _| {})
        .await
        .unwrap();
    assert_eq!(limited.len(), 15);
    let e = adt
        .query_page(
            "SELECT * FROM digitaltwins T JOIN R RELATED T.contains",
            None,
            None,
        )
        .await
        .unwrap_err();
    assert!(e.is_code(&ErrorCode::SqlQueryError), "{e}");
    emu.stop().await;
}

#[tokio::test]
async fn models_list_get_create_decommission_delete() {
    let emu = emulator().await;
    let adt = client_for(&emu.adt_url());
    let models = sample_models();
    // dependencies must exist: a model extending an unknown one is refused, nothing is stored
    let orphan = json!({"@id": "dtmi:test:Child;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2", "extends": "dtmi:test:Missing;1"});
    let e = adt.create_models(&[orphan]).await.unwrap_err();
    assert!(e.is_code(&ErrorCode::DtdlParserError), "{e}");
    let created = adt.create_models(&models).await.unwrap();
    assert_eq!(created.len(), 2);
    assert!(
        created
            .iter()
            .all(|m| m.upload_time.is_some() && !m.decommissioned)
    );
    let e = adt.create_models(&models[..1]).await.unwrap_err();
    assert!(
        e.is_code(&ErrorCode::ModelAlreadyExists) && e.status() == Some(409),
        "{e}"
    );
    let listed = adt.list_models(&[], false).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|m| m.model.is_none()));
    let with_defs = adt
        .list_models(&[THERMOSTAT.to_string()], true)
        .await
        .unwrap();
    assert_eq!(with_defs.len(), 1);
    assert_eq!(with_defs[0].model.as_ref().unwrap()["@id"], THERMOSTAT);
    let one = adt.get_model(SPACE, true).await.unwrap();
    assert_eq!(one.display_name.unwrap()["en"], "Space interface model");
    assert!(
        adt.get_model("dtmi:no:Such;1", false)
            .await
            .unwrap_err()
            .is_code(&ErrorCode::ModelNotFound)
    );
    // more than 250 in one call is refused
    let many: Vec<_> = (0..251).map(|i| json!({"@id": format!("dtmi:test:M{i};1"), "@type": "Interface", "@context": "dtmi:dtdl:context;2"})).collect();
    assert_eq!(
        adt.create_models(&many).await.unwrap_err().status(),
        Some(400)
    );
    adt.delete_model(SPACE).await.unwrap();
    adt.delete_model(THERMOSTAT).await.unwrap();
    assert!(adt.list_models(&[], false).await.unwrap().is_empty());
    emu.stop().await;
}

#[tokio::test]
async fn model_referenced_by_another_cannot_be_deleted_and_lists_page() {
    let emu = emulator().await;
    let adt = client_for(&emu.adt_url());
    let base = json!({"@id": "dtmi:test:Base;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2",
        "contents": [{"@type": "Property", "name": "p", "schema": "double"}]});
    let mut batch = vec![base];
    for i in 0..120 {
        batch.push(json!({"@id": format!("dtmi:test:Sub{i};1"), "@type": "Interface", "@context": "dtmi:dtdl:context;2", "extends": "dtmi:test:Base;1"}));
    }
    adt.create_models(&batch).await.unwrap();
    assert_eq!(
        adt.list_models(&[], false).await.unwrap().len(),
        121,
        "two pages of models"
    );
    let deps = adt
        .list_models(&["dtmi:test:Sub7;1".to_string()], false)
        .await
        .unwrap();
    let ids: Vec<_> = deps.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, vec!["dtmi:test:Base;1", "dtmi:test:Sub7;1"]);
    let e = adt.delete_model("dtmi:test:Base;1").await.unwrap_err();
    assert!(e.is_code(&ErrorCode::ModelReferencesNotDeleted), "{e}");
    // an inherited property can be set on a subclass twin
    adt.put_twin(
        "s",
        &json!({"$metadata": {"$model": "dtmi:test:Sub7;1"}, "p": 1.5}),
        false,
    )
    .await
    .unwrap();
    emu.stop().await;
}
