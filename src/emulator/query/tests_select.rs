//! Behaviour tests for the query subset's SELECT side (projections, COUNT, TOP), relationship
//! queries and the pinned-id index hint. Pure.

use serde_json::{Value, json};

use super::tests::{ids, oracle, parsed, relationships, rows, twins};
use super::{Collection, count_row};

#[test]
fn property_projections_use_the_last_segment_as_key() {
    assert_eq!(
        rows("SELECT T.$dtId, T.Temperature FROM digitaltwins T WHERE T.$dtId = 'room-1'"),
        [json!({"$dtId": "room-1", "Temperature": 21.5})]
    );
    // Missing properties are left out of the row; key order follows the SELECT list.
    assert_eq!(
        rows("SELECT name, Capacity FROM DIGITALTWINS"),
        [
            json!({"name": "Room 1", "Capacity": 10}),
            json!({"name": "D'Souza"}),
            json!({"Capacity": 0}),
        ]
    );
    let keys: Vec<String> =
        rows("SELECT T.Temperature, T.$dtId FROM digitaltwins T WHERE $dtId = 'room-1'")[0]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
    assert_eq!(keys, ["Temperature", "$dtId"]);
    assert_eq!(
        rows(
            "SELECT T.Location.x, T.$metadata.$model FROM digitaltwins T WHERE T.$dtId = 'room-1'"
        ),
        [json!({"x": 1, "$model": "dtmi:example:Room;1"})]
    );
    // Complex properties project whole.
    assert_eq!(
        rows("SELECT Location FROM digitaltwins WHERE $dtId = 'room-1'"),
        [json!({"Location": {"x": 1, "y": 2}})]
    );
}

#[test]
fn collection_projection_and_aliases() {
    let room = twins()[0].clone();
    assert_eq!(
        rows("SELECT T FROM DIGITALTWINS T WHERE T.$dtId = 'room-1'"),
        [json!({"T": room})]
    );
    assert_eq!(
        rows("SELECT T.name AS twinName, T FROM digitaltwins T WHERE T.$dtId = 'room-1'"),
        [json!({"twinName": "Room 1", "T": room})]
    );
    assert_eq!(
        rows("SELECT T.$dtId AS id, T.Capacity AS cap FROM digitaltwins T WHERE T.Capacity = 0"),
        [json!({"id": "conf-route-small", "cap": 0})]
    );
}

#[test]
fn count_queries() {
    let q = parsed("SELECT COUNT() FROM DIGITALTWINS");
    assert!(q.is_count());
    assert_eq!(q.top(), None);
    let q = parsed(
        "select count() from digitaltwins c where IS_OF_MODEL('dtmi:example:Room;1') AND c.Capacity > 5",
    );
    let n = twins().iter().filter(|t| q.matches(t, &oracle())).count();
    assert_eq!(count_row(n), json!({"COUNT": 1}));
    assert!(parsed("SELECT COUNT() FROM RELATIONSHIPS").is_count());
    assert!(!parsed("SELECT * FROM digitaltwins").is_count());
}

#[test]
fn top_queries() {
    for text in [
        "SELECT TOP(2) FROM DIGITALTWINS",
        "SELECT TOP (2) FROM digitaltwins WHERE IS_DEFINED($dtId)",
        "SELECT TOP(2) * FROM digitaltwins",
        "select top 2 * from digitaltwins",
    ] {
        let q = parsed(text);
        assert_eq!(q.top(), Some(2), "{text}");
        assert_eq!(q.project(&twins()[1]), twins()[1], "{text}");
    }
    let q = parsed("SELECT TOP(1) T.name FROM digitaltwins T");
    assert_eq!(q.top(), Some(1));
    assert_eq!(q.project(&twins()[0]), json!({"name": "Room 1"}));
    assert_eq!(parsed("SELECT * FROM digitaltwins").top(), None);
}

#[test]
fn relationship_queries() {
    let q = parsed("SELECT * FROM relationships R WHERE R.$sourceId = 'floor-1'");
    assert_eq!(q.collection(), Collection::Relationships);
    assert_eq!(q.pinned_id().as_deref(), Some("floor-1"));
    assert_eq!(
        ids("SELECT * FROM relationships R WHERE R.$sourceId = 'floor-1'"),
        ["r1", "r2"]
    );
    assert_eq!(
        ids("SELECT * FROM RELATIONSHIPS WHERE $targetId = 'floor-1'"),
        ["r3"]
    );
    assert_eq!(
        ids("SELECT * FROM relationships WHERE $relationshipName = 'contains'"),
        ["r1", "r2"]
    );
    assert_eq!(
        ids("SELECT * FROM relationships WHERE $relationshipId IN ['r2', 'r3']"),
        ["r2", "r3"]
    );
    assert_eq!(
        ids("SELECT * FROM relationships R WHERE R.managedBy = 'Jeff'"),
        ["r1"]
    );
    assert_eq!(
        ids("SELECT * FROM relationships WHERE $sourceId IN ['A', 'room-1']"),
        ["r3"]
    );
    let q = parsed(
        "SELECT R.$targetId, R.managedBy FROM relationships R WHERE R.$sourceId = 'floor-1'",
    );
    let projected: Vec<Value> = relationships()
        .iter()
        .take(2)
        .map(|r| q.project(r))
        .collect();
    assert_eq!(
        projected,
        [
            json!({"$targetId": "room-1", "managedBy": "Jeff"}),
            json!({"$targetId": "conf-route-small"})
        ]
    );
}

#[test]
fn pinned_id_only_for_top_level_equality() {
    let pin = |text: &str| parsed(text).pinned_id();
    assert_eq!(
        pin("SELECT * FROM digitaltwins WHERE $dtId = 'a'").as_deref(),
        Some("a")
    );
    assert_eq!(
        pin("SELECT * FROM digitaltwins T WHERE T.x = 1 AND T.$dtId = 'b'").as_deref(),
        Some("b")
    );
    assert_eq!(
        pin("SELECT * FROM digitaltwins T WHERE (T.$dtId = 'c' AND x = 1) AND y = 2").as_deref(),
        Some("c")
    );
    assert_eq!(
        pin("SELECT * FROM digitaltwins WHERE 'd' = $dtId").as_deref(),
        Some("d")
    );
    assert_eq!(
        pin("SELECT * FROM digitaltwins WHERE $dtId = 'a' OR x = 1"),
        None
    );
    assert_eq!(
        pin("SELECT * FROM digitaltwins WHERE NOT $dtId = 'a'"),
        None
    );
    assert_eq!(pin("SELECT * FROM digitaltwins WHERE $dtId != 'a'"), None);
    assert_eq!(pin("SELECT * FROM digitaltwins WHERE $dtId = 5"), None);
    assert_eq!(pin("SELECT * FROM digitaltwins WHERE x.$dtId = 'a'"), None);
    assert_eq!(pin("SELECT * FROM digitaltwins"), None);
    assert_eq!(pin("SELECT * FROM relationships WHERE $dtId = 'a'"), None);
}
