//! Target `adt_query`: the emulator's ADT query language (`emulator::query::parse`) and its
//! evaluation (`matches`, `project`, `pinned_id`) over sample twins and relationships and
//! generated items. Seeds: the queries of the query module's own tests (valid and invalid),
//! mutated as text, plus token sequences from the language's vocabulary. Properties: no panic or
//! hang (the parser's nesting and size limits hold); an item that matches a query whose WHERE
//! pins `$dtId`/`$sourceId` carries that id (the store answers such queries by index lookup).
use crate::check;
use crate::harness;
use crate::mutate::{self, Bytes};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::sync::Arc;
use twinbridge::emulator::query::{Collection, ModelOracle, Query, parse};

const SEEDS: &[&str] = &[
    "SELECT * FROM DIGITALTWINS",
    "SELECT * FROM digitaltwins T WHERE T.$dtId = 'room-1'",
    "SELECT * FROM digitaltwins WHERE $dtId = 'floor-1' OR $dtId = 'room-1' AND Capacity = 99",
    "SELECT * FROM digitaltwins WHERE NOT ($dtId = 'floor-1' OR $dtId = 'room-1')",
    "SELECT * FROM digitaltwins T WHERE T.$dtId in ['room-1', 'floor-1', 'nope']",
    "SELECT * FROM digitaltwins WHERE $dtId NIN ['room-1', 'floor-1']",
    "SELECT * FROM digitaltwins WHERE $dtId NOT IN ['room-1']",
    "SELECT * FROM digitaltwins DT WHERE IS_OF_MODEL(DT, 'dtmi:example:Room;1')",
    "SELECT * FROM digitaltwins DT WHERE is_of_model(DT, 'dtmi:example:Room;1', EXACT)",
    "SELECT * FROM DIGITALTWINS T WHERE IS_BOOL(HasTemperature) AND HasTemperature != false",
    "SELECT * FROM digitaltwins T WHERE T.$metadata.$model = 'dtmi:example:Floor;1'",
    "SELECT * FROM digitaltwins T WHERE T.Capacity <> 0",
    "SELECT * FROM digitaltwins T WHERE T.Location.x = 1",
    "SELECT * FROM digitaltwins WHERE Capacity = 0 OR name = 'D\\'Souza'",
    "SELECT * FROM digitaltwins WHERE Capacity IN [0, 10.0]",
    "SELECT * FROM digitaltwins WHERE Humidity = null",
    "SELECT * FROM digitaltwins WHERE Temperature > -5",
    "SELECT * FROM digitaltwins WHERE [[Group]] = 'BravoTeam'",
    "SELECT * FROM digitaltwins WHERE STARTSWITH($dtId, 'room') AND ENDSWITH(name, '1') OR CONTAINS(name, 'Souza')",
    "SELECT * FROM digitaltwins WHERE IS_DEFINED(Location.x) AND IS_NUMBER(Capacity) AND IS_STRING(name) AND IS_OBJECT(Location) AND IS_PRIMITIVE(Capacity) AND IS_NULL(Nothing)",
    "SELECT * FROM relationships R WHERE R.$sourceId = 'floor-1'",
    "SELECT * FROM relationships WHERE $relationshipName = 'contains' AND managedBy = \"Jeff\"",
    "SELECT COUNT() FROM DIGITALTWINS WHERE Capacity >= 10",
    "SELECT TOP(2) * FROM digitaltwins",
    "SELECT TOP(1) T.name FROM digitaltwins T",
    "SELECT T.$dtId AS id, T.Capacity AS cap FROM digitaltwins T WHERE T.Capacity = 0",
    "SELECT T.Location.x, T.$metadata.$model FROM digitaltwins T WHERE T.$dtId = 'room-1'",
    "SELECT T.name AS twinName, T FROM digitaltwins T WHERE T.$dtId = 'room-1'",
    "SELECT R.$targetId, R.managedBy FROM relationships R WHERE R.$sourceId = 'floor-1'",
    "SELECT name, Capacity FROM DIGITALTWINS",
    "SELECT * FROM digitaltwins WHERE MATCH (a)-[]->(b)",
    "SELECT T, CT FROM DIGITALTWINS T JOIN CT RELATED T.contains WHERE T.$dtId = 'ABC'",
    "SELECT * FROM digitaltwins WHERE a IN ['x' 'y']",
    "SELECT * FROM digitaltwins WHERE a[0] = 1",
];

const VOCAB: &[&str] = &[
    "SELECT",
    "*",
    "TOP",
    "(",
    ")",
    "COUNT",
    "()",
    "FROM",
    "DIGITALTWINS",
    "RELATIONSHIPS",
    "T",
    "R",
    "AS",
    "WHERE",
    "AND",
    "OR",
    "NOT",
    "IN",
    "NIN",
    "[",
    "]",
    ",",
    "=",
    "!=",
    "<>",
    "<",
    ">",
    "<=",
    ">=",
    ".",
    "$dtId",
    "$sourceId",
    "$targetId",
    "$relationshipName",
    "$metadata",
    "$model",
    "T.$dtId",
    "IS_OF_MODEL",
    "EXACT",
    "IS_DEFINED",
    "IS_NULL",
    "IS_BOOL",
    "IS_NUMBER",
    "IS_STRING",
    "IS_OBJECT",
    "IS_PRIMITIVE",
    "STARTSWITH",
    "ENDSWITH",
    "CONTAINS",
    "'room-1'",
    "'dtmi:example:Room;1'",
    "\"x\"",
    "'",
    "\"",
    "\\",
    "''",
    "'\\''",
    "1",
    "-5",
    "10.0",
    "1e308",
    "1e400",
    "99999999999999999999",
    "true",
    "false",
    "null",
    "[[Group]]",
    "[[",
    "]]",
    "Capacity",
    "Temperature",
    "Location",
    "x",
    "name",
    "JOIN",
    "MATCH",
    "ORDER",
    "BY",
    "LIMIT",
    "{}",
    "@id",
    "+",
    "-",
    "/*",
    "--",
    ";",
    "\u{0}",
    "\u{fffd}",
    "é",
];

fn items() -> Vec<(Collection, Value)> {
    let twins = [
        json!({
            "$dtId": "room-1", "$etag": "W/\"1\"",
            "$metadata": {"$model": "dtmi:example:Room;1"},
            "Temperature": 21.5, "Capacity": 10, "name": "Room 1", "HasTemperature": true,
            "Location": {"x": 1, "y": 2}, "tags": {"red": true}, "Nothing": null, "Group": "BravoTeam"
        }),
        json!({
            "$dtId": "floor-1", "$etag": "W/\"2\"", "$metadata": {"$model": "dtmi:example:Floor;1"},
            "Temperature": "warm", "name": "D'Souza", "HasTemperature": "yes"
        }),
        json!({
            "$dtId": "ROOM-1", "$metadata": {"$model": "dtmi:example:ConferenceRoom;1"},
            "Temperature": 30, "Capacity": 0, "Location": [1, 2], "name": "Room 1"
        }),
        json!({"$dtId": "x", "$metadata": {}, "Capacity": 1e308, "name": null}),
    ];
    let rels = [
        json!({"$relationshipId": "r1", "$sourceId": "floor-1", "$targetId": "room-1",
               "$relationshipName": "contains", "$etag": "W/\"a\"", "managedBy": "Jeff"}),
        json!({"$relationshipId": "r3", "$sourceId": "room-1", "$targetId": "floor-1",
               "$relationshipName": "isPartOf"}),
    ];
    twins
        .into_iter()
        .map(|t| (Collection::DigitalTwins, t))
        .chain(rels.into_iter().map(|r| (Collection::Relationships, r)))
        .collect()
}

/// A case: query text plus an extra item to evaluate it on.
#[derive(Debug, Clone)]
struct Case {
    text: Bytes,
    item: Value,
}

fn input() -> BoxedStrategy<Case> {
    let seeds: Arc<Vec<Vec<u8>>> = Arc::new(SEEDS.iter().map(|s| s.as_bytes().to_vec()).collect());
    let soup = prop::collection::vec((0..VOCAB.len(), any::<bool>()), 0..40).prop_map(|toks| {
        let mut s = String::new();
        for (i, space) in toks {
            s.push_str(VOCAB[i]);
            if space {
                s.push(' ');
            }
        }
        Bytes(s.into_bytes())
    });
    let text = prop_oneof![
        6 => mutate::mutated(seeds, VOCAB, 6),
        3 => soup,
        1 => (0..4usize, 1usize..120).prop_map(|(kind, n)| {
            // Deep nesting and long operator chains around the parser's limits.
            let s = match kind {
                0 => format!("SELECT * FROM digitaltwins WHERE {}a = 1{}", "(".repeat(n), ")".repeat(n)),
                1 => format!("SELECT * FROM digitaltwins WHERE {}a = 1", "NOT ".repeat(n)),
                2 => format!("SELECT * FROM digitaltwins WHERE a = 1{}", " AND b = 2".repeat(n)),
                _ => format!("SELECT * FROM digitaltwins WHERE a IN [{}]", vec!["1"; n].join(",")),
            };
            Bytes(s.into_bytes())
        }),
    ];
    (text, mutate::json_value(VOCAB))
        .prop_map(|(text, item)| Case { text, item })
        .boxed()
}

fn oracle() -> impl ModelOracle {
    |twin: &str, model: &str, exact: bool| {
        twin == model
            || (!exact && twin == "dtmi:example:ConferenceRoom;1" && model == "dtmi:example:Room;1")
    }
}

fn check_query(
    q: &Query,
    items: &[(Collection, Value)],
    extra: &Value,
) -> Result<(), TestCaseError> {
    let oracle = oracle();
    let pinned = q.pinned_id();
    let id_field = match q.collection() {
        Collection::DigitalTwins => "$dtId",
        Collection::Relationships => "$sourceId",
    };
    let _ = (q.alias(), q.top(), q.is_count());
    let candidates = items
        .iter()
        .filter(|(c, _)| *c == q.collection())
        .map(|(_, v)| v)
        .chain(std::iter::once(extra));
    for item in candidates {
        if q.matches(item, &oracle) {
            harness::reached("matched");
            let _ = q.project(item);
            if let Some(p) = &pinned {
                check!(
                    item.get(id_field).and_then(Value::as_str) == Some(p.as_str()),
                    "pinned_id {p:?} but {item} matches"
                );
            }
        }
    }
    Ok(())
}

#[test]
fn adt_query() {
    let items = items();
    harness::run("adt_query", 1500, input(), |case: Case| {
        let text = case.text.text();
        match parse(&text) {
            Ok(q) => {
                harness::reached("parsed");
                check_query(&q, &items, &case.item)
            }
            Err(e) => {
                check!(!e.message.is_empty(), "an empty error");
                Ok(())
            }
        }
    });
}
