//! Behaviour tests for the query subset's WHERE conditions (operators, precedence, functions),
//! plus the twin/relationship fixtures the other test modules share. Pure.

use serde_json::{Value, json};

use super::{Collection, ModelOracle, Query, parse};

/// `dtmi:example:ConferenceRoom;1` extends `dtmi:example:Room;1`; nothing else inherits.
pub(super) fn oracle() -> impl ModelOracle {
    |twin: &str, model: &str, exact: bool| {
        twin == model
            || (!exact && twin == "dtmi:example:ConferenceRoom;1" && model == "dtmi:example:Room;1")
    }
}

pub(super) fn twins() -> Vec<Value> {
    vec![
        json!({
            "$dtId": "room-1", "$etag": "W/\"1\"",
            "$metadata": {"$model": "dtmi:example:Room;1"},
            "Temperature": 21.5, "Capacity": 10, "name": "Room 1", "HasTemperature": true,
            "Status": "Open", "Location": {"x": 1, "y": 2}, "tags": {"red": true}, "Nothing": null,
            "Group": "BravoTeam"
        }),
        json!({
            "$dtId": "floor-1", "$etag": "W/\"2\"",
            "$metadata": {"$model": "dtmi:example:Floor;1"},
            "Temperature": "warm", "name": "D'Souza", "HasTemperature": "yes"
        }),
        json!({
            "$dtId": "conf-route-small", "$etag": "W/\"3\"",
            "$metadata": {"$model": "dtmi:example:ConferenceRoom;1"},
            "Temperature": 30, "Capacity": 0, "owner": "Anil", "Location": [1, 2]
        }),
    ]
}

pub(super) fn relationships() -> Vec<Value> {
    vec![
        json!({"$relationshipId": "r1", "$sourceId": "floor-1", "$targetId": "room-1",
               "$relationshipName": "contains", "$etag": "W/\"a\"", "managedBy": "Jeff"}),
        json!({"$relationshipId": "r2", "$sourceId": "floor-1", "$targetId": "conf-route-small",
               "$relationshipName": "contains", "$etag": "W/\"b\""}),
        json!({"$relationshipId": "r3", "$sourceId": "room-1", "$targetId": "floor-1",
               "$relationshipName": "isPartOf", "$etag": "W/\"c\""}),
    ]
}

pub(super) fn parsed(text: &str) -> Query {
    match parse(text) {
        Ok(q) => q,
        Err(e) => panic!("{text:?} should parse: {e}"),
    }
}

/// Ids of the matching items, in input order.
pub(super) fn ids(text: &str) -> Vec<String> {
    let q = parsed(text);
    let (items, key) = match q.collection() {
        Collection::DigitalTwins => (twins(), "$dtId"),
        Collection::Relationships => (relationships(), "$relationshipId"),
    };
    items
        .iter()
        .filter(|item| q.matches(item, &oracle()))
        .filter_map(|item| item[key].as_str().map(str::to_owned))
        .collect()
}

pub(super) fn rows(text: &str) -> Vec<Value> {
    let q = parsed(text);
    twins()
        .iter()
        .filter(|t| q.matches(t, &oracle()))
        .map(|t| q.project(t))
        .collect()
}

pub(super) const ALL: [&str; 3] = ["room-1", "floor-1", "conf-route-small"];

#[test]
fn select_star_with_and_without_alias_any_case() {
    for text in [
        "SELECT * FROM DIGITALTWINS",
        "select * from digitaltwins",
        "Select * From DigitalTwins T",
        "SELECT * FROM digitaltwins AS T",
        "  SELECT\n*\tFROM   digitaltwins  ",
    ] {
        assert_eq!(ids(text), ALL, "{text}");
        assert_eq!(parsed(text).project(&twins()[0]), twins()[0], "{text}");
    }
    assert_eq!(parsed("SELECT * FROM digitaltwins AS T").alias(), Some("T"));
    assert_eq!(parsed("SELECT * FROM digitaltwins").alias(), None);
}

#[test]
fn dtid_and_property_comparisons() {
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE $dtId = 'room-1'"),
        ["room-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins T WHERE T.$dtId = \"floor-1\""),
        ["floor-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins T WHERE 'room-1' = T.$dtId"),
        ["room-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE Temperature = 21.5"),
        ["room-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE Temperature = 30.0"),
        ["conf-route-small"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins T WHERE T.Capacity > 5"),
        ["room-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins T WHERE T.Capacity >= 10"),
        ["room-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins T WHERE T.Capacity < 10"),
        ["conf-route-small"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins T WHERE T.Capacity <= 0"),
        ["conf-route-small"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins T WHERE T.Capacity != 0"),
        ["room-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins T WHERE T.Capacity <> 0"),
        ["room-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE Temperature > -5"),
        ["room-1", "conf-route-small"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE name < 'Room 2'"),
        ["room-1", "floor-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE HasTemperature = true"),
        ["room-1"]
    );
}

#[test]
fn different_types_and_undefined_never_match() {
    // A string Temperature is not greater than a number, and 'warm' != 21.5 is not true either.
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE Temperature > 20"),
        ["room-1", "conf-route-small"]
    );
    assert!(ids("SELECT * FROM digitaltwins WHERE Temperature != 'warm'").is_empty());
    assert!(ids("SELECT * FROM digitaltwins WHERE Humidity = null").is_empty());
    assert!(ids("SELECT * FROM digitaltwins WHERE Humidity != 5").is_empty());
    // NOT keeps "undefined" undefined: twins without Capacity stay out.
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE NOT Capacity = 10"),
        ["conf-route-small"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE Nothing = null"),
        ["room-1"]
    );
    // OR: true wins over undefined; AND: false wins over undefined.
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE Capacity = 0 OR name = 'D\\'Souza'"),
        ["floor-1", "conf-route-small"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE NOT (Capacity = 1 AND Humidity = 2)"),
        ["room-1", "conf-route-small"]
    );
}

#[test]
fn nested_paths_and_metadata() {
    assert_eq!(
        ids("SELECT * FROM digitaltwins T WHERE T.Location.x = 1"),
        ["room-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE tags.red = true"),
        ["room-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins T WHERE T.$metadata.$model = 'dtmi:example:Floor;1'"),
        ["floor-1"]
    );
    // An alias-less property still resolves when the collection has an alias (ADT samples do it).
    assert_eq!(
        ids(
            "SELECT * FROM DIGITALTWINS T WHERE IS_BOOL(HasTemperature) AND HasTemperature != false"
        ),
        ["room-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE [[Group]] = 'BravoTeam'"),
        ["room-1"]
    );
}

#[test]
fn quoting_and_escapes() {
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE name = 'D\\'Souza'"),
        ["floor-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE name = \"D'Souza\""),
        ["floor-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE name = 'Room 1'"),
        ["room-1"]
    );
}

#[test]
fn precedence_not_over_and_over_or() {
    // AND binds tighter than OR: floor-1 OR (room-1 AND false).
    assert_eq!(
        ids(
            "SELECT * FROM digitaltwins WHERE $dtId = 'floor-1' OR $dtId = 'room-1' AND Capacity = 99"
        ),
        ["floor-1"]
    );
    // NOT binds tighter than AND: (NOT room-1) AND Capacity = 0.
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE NOT $dtId = 'room-1' AND Capacity = 0"),
        ["conf-route-small"]
    );
    // Parentheses override.
    assert_eq!(
        ids(
            "SELECT * FROM digitaltwins WHERE ($dtId = 'floor-1' OR $dtId = 'room-1') AND Capacity = 10"
        ),
        ["room-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE NOT ($dtId = 'floor-1' OR $dtId = 'room-1')"),
        ["conf-route-small"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins where not not $dtId = 'room-1'"),
        ["room-1"]
    );
}

#[test]
fn in_and_nin() {
    assert_eq!(
        ids("SELECT * FROM digitaltwins T WHERE T.$dtId in ['room-1', 'floor-1', 'nope']"),
        ["room-1", "floor-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE $dtId NIN ['room-1', 'floor-1']"),
        ["conf-route-small"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE $dtId NOT IN ['room-1']"),
        ["floor-1", "conf-route-small"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE Capacity IN [0, 10.0]"),
        ["room-1", "conf-route-small"]
    );
    assert!(ids("SELECT * FROM digitaltwins WHERE $dtId IN []").is_empty());
    // Undefined stays out of NIN too.
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE owner NIN ['Bob']"),
        ["conf-route-small"]
    );
}

#[test]
fn is_of_model_overloads() {
    let room = ["room-1", "conf-route-small"];
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE IS_OF_MODEL('dtmi:example:Room;1')"),
        room
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins DT WHERE IS_OF_MODEL(DT, 'dtmi:example:Room;1')"),
        room
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE IS_OF_MODEL('dtmi:example:Room;1', exact)"),
        ["room-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins DT WHERE is_of_model(DT, 'dtmi:example:Room;1', EXACT)"),
        ["room-1"]
    );
    assert_eq!(
        ids("SELECT * FROM digitaltwins WHERE NOT IS_OF_MODEL('dtmi:example:Room;1')"),
        ["floor-1"]
    );
}

#[test]
fn type_checking_functions() {
    let q = "SELECT * FROM digitaltwins T WHERE ";
    assert_eq!(
        ids(&format!("{q}IS_DEFINED(Location)")),
        ["room-1", "conf-route-small"]
    );
    assert_eq!(ids(&format!("{q}IS_DEFINED(T.tags.red)")), ["room-1"]);
    assert_eq!(ids(&format!("{q}NOT IS_DEFINED(T.Capacity)")), ["floor-1"]);
    assert_eq!(ids(&format!("{q}IS_NULL(T.Nothing)")), ["room-1"]);
    assert_eq!(ids(&format!("{q}NOT IS_NULL(T.Temperature)")), ALL);
    assert_eq!(ids(&format!("{q}IS_BOOL(HasTemperature)")), ["room-1"]);
    assert_eq!(
        ids(&format!("{q}IS_NUMBER(T.Temperature)")),
        ["room-1", "conf-route-small"]
    );
    assert_eq!(ids(&format!("{q}IS_STRING(T.Temperature)")), ["floor-1"]);
    assert_eq!(
        ids(&format!("{q}IS_PRIMITIVE(T.Location)")),
        Vec::<String>::new()
    );
    assert_eq!(ids(&format!("{q}IS_PRIMITIVE(T.Nothing)")), ["room-1"]);
    assert_eq!(ids(&format!("{q}IS_OBJECT(T.Location)")), ["room-1"]);
    assert_eq!(
        ids(&format!("{q}IS_OBJECT(T.$metadata) AND IS_OBJECT(T)")),
        ALL
    );
}

#[test]
fn string_functions() {
    let q = "SELECT * FROM digitaltwins T WHERE ";
    assert_eq!(ids(&format!("{q}STARTSWITH(T.$dtId, 'room-')")), ["room-1"]);
    assert_eq!(ids(&format!("{q}starts_with($dtId, 'floor')")), ["floor-1"]);
    assert_eq!(
        ids(&format!("{q}ENDSWITH(T.$dtId, '-small')")),
        ["conf-route-small"]
    );
    assert_eq!(
        ids(&format!("{q}CONTAINS(T.$dtId, '-route')")),
        ["conf-route-small"]
    );
    assert_eq!(ids(&format!("{q}Contains(T.name, 'oom')")), ["room-1"]);
    // Case-sensitive, and non-strings never match.
    assert!(ids(&format!("{q}STARTSWITH(T.$dtId, 'ROOM')")).is_empty());
    assert!(ids(&format!("{q}CONTAINS(T.Capacity, '1')")).is_empty());
}
