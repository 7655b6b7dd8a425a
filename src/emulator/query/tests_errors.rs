//! Error tests for the query subset: unsupported constructs named, syntax errors located,
//! ADT limits enforced. Pure.

use super::{MAX_IN_ITEMS, MAX_LOGICAL_OPS, MAX_QUERY_CHARS, parse};

fn error(text: &str) -> String {
    match parse(text) {
        Ok(q) => panic!("{text:?} should fail, parsed as {q:?}"),
        Err(e) => e.message,
    }
}

fn assert_error(text: &str, expected: &str) {
    assert_eq!(error(text), expected, "{text}");
}

fn assert_error_contains(text: &str, fragment: &str) {
    let message = error(text);
    assert!(
        message.contains(fragment),
        "{text}: {message:?} should contain {fragment:?}"
    );
}

#[test]
fn join_and_match_are_named() {
    let join = "JOIN is not supported by the twinbridge emulator";
    assert_error(
        "SELECT T, CT FROM DIGITALTWINS T JOIN CT RELATED T.contains WHERE T.$dtId = 'ABC'",
        join,
    );
    assert_error("SELECT * FROM digitaltwins join CT RELATED contains", join);
    assert_error("SELECT * FROM digitaltwins AS join", join);
    let matched = "MATCH is not supported by the twinbridge emulator";
    assert_error(
        "SELECT * FROM digitaltwins WHERE MATCH (a)-[]->(b)",
        matched,
    );
    assert_error(
        "SELECT Building, Sensor FROM DIGITALTWINS MATCH (Building)-[]->(Sensor) WHERE Building.$dtId = 'B'",
        matched,
    );
    assert_error(
        "SELECT * FROM digitaltwins T WHERE T.$dtId = 'a' AND MATCH (T)",
        matched,
    );
}

#[test]
fn other_clauses_are_named() {
    let order = "ORDER BY is not supported by the twinbridge emulator";
    assert_error("SELECT * FROM digitaltwins ORDER BY name", order);
    assert_error("SELECT * FROM digitaltwins T ORDER BY T.name", order);
    assert_error(
        "SELECT * FROM digitaltwins T WHERE T.a = 1 ORDER BY T.name",
        order,
    );
    assert_error(
        "SELECT * FROM digitaltwins GROUP BY name",
        "GROUP BY is not supported by the twinbridge emulator",
    );
    assert_error(
        "SELECT * FROM digitaltwins T WHERE T.a = 1 LIMIT 5",
        "LIMIT is not supported by the twinbridge emulator",
    );
    assert_error(
        "SELECT DISTINCT T.a FROM digitaltwins T",
        "SELECT DISTINCT is not supported by the twinbridge emulator",
    );
    assert_error(
        "SELECT VALUE T.a FROM digitaltwins T",
        "SELECT VALUE is not supported by the twinbridge emulator",
    );
    assert_error(
        "SELECT SUM(T.a) FROM digitaltwins T",
        "aggregate SUM() is not supported by the twinbridge emulator",
    );
    assert_error_contains(
        "SELECT * FROM digitaltwins WHERE name LIKE 'a%'",
        "LIKE is not supported",
    );
    assert_error_contains(
        "SELECT * FROM digitaltwins WHERE a IS NULL",
        "use IS_NULL(property)",
    );
    assert_error(
        "SELECT * FROM (SELECT * FROM digitaltwins)",
        "a subquery in FROM is not supported by the twinbridge emulator",
    );
    assert_error(
        "SELECT * FROM digitaltwins WHERE (SELECT 1)",
        "a subquery is not supported by the twinbridge emulator",
    );
    assert_error(
        "SELECT * FROM digitaltwins WHERE a + 1 = 2",
        "arithmetic is not supported by the twinbridge emulator",
    );
    assert_error(
        "SELECT * FROM digitaltwins WHERE a = @id",
        "a query parameter (@name) is not supported by the twinbridge emulator",
    );
    assert_error(
        "SELECT * FROM digitaltwins WHERE a[0] = 1",
        "array indexing is not supported by the twinbridge emulator",
    );
}

#[test]
fn functions_unknown_or_unsupported() {
    assert_error(
        "SELECT * FROM digitaltwins WHERE FOO(x)",
        "unknown function 'FOO' at character 34",
    );
    assert_error(
        "SELECT * FROM digitaltwins WHERE ARRAY_CONTAINS(tags, 2)",
        "function ARRAY_CONTAINS() is not supported by the twinbridge emulator",
    );
    assert_error_contains(
        "SELECT * FROM digitaltwins WHERE a = IS_NULL(b)",
        "can only be used as a condition",
    );
    assert_error(
        "SELECT * FROM digitaltwins WHERE IS_DEFINED('x')",
        "IS_DEFINED() takes a property, not a constant",
    );
    assert_error(
        "SELECT * FROM relationships WHERE IS_OF_MODEL('dtmi:a;1')",
        "IS_OF_MODEL() applies to digital twins; it can't be used in a RELATIONSHIPS query",
    );
    assert_error_contains(
        "SELECT * FROM digitaltwins T WHERE IS_OF_MODEL(X, 'dtmi:a;1')",
        "'X' is not the collection name",
    );
    assert_error_contains(
        "SELECT * FROM digitaltwins WHERE IS_OF_MODEL(5)",
        "takes a model ID string",
    );
    assert_error_contains(
        "SELECT * FROM digitaltwins WHERE IS_OF_MODEL('dtmi:a;1', loose)",
        "expected 'exact'",
    );
    assert_error_contains(
        "SELECT * FROM digitaltwins WHERE STARTSWITH($dtId)",
        "expected ','",
    );
}

#[test]
fn syntax_errors_are_located() {
    assert_error("", "query is empty");
    assert_error("   ", "query is empty");
    assert_error(
        "FROM digitaltwins",
        "expected SELECT, found 'FROM' at character 1",
    );
    assert_error(
        "SELECT * digitaltwins",
        "expected FROM, found 'digitaltwins' at character 10",
    );
    assert_error(
        "SELECT FROM digitaltwins",
        "'FROM' is a reserved keyword; escape it as [[FROM]] at character 8",
    );
    assert_error(
        "SELECT * FROM devices",
        "unknown collection 'devices': FROM takes DIGITALTWINS or RELATIONSHIPS at character 15",
    );
    assert_error(
        "SELECT * FROM digitaltwins WHERE",
        "expected a property or a constant, found end of query at character 33",
    );
    assert_error(
        "SELECT * FROM digitaltwins WHERE a = 1 b",
        "expected AND, OR or end of query, found 'b' at character 40",
    );
    assert_error(
        "SELECT * FROM digitaltwins T U",
        "expected WHERE or end of query, found 'U' at character 30",
    );
    assert_error(
        "SELECT * FROM digitaltwins WHERE a = 'x",
        "unterminated string literal at character 38",
    );
    assert_error(
        "SELECT * FROM digitaltwins WHERE (a = 1",
        "expected ')', found end of query at character 40",
    );
    assert_error(
        "SELECT * FROM digitaltwins WHERE a",
        "expected a comparison operator, IN or NIN, found end of query at character 35",
    );
    assert_error_contains(
        "SELECT * FROM digitaltwins WHERE true",
        "expected a comparison operator",
    );
    assert_error(
        "SELECT * FROM digitaltwins WHERE Group = 'x'",
        "'Group' is a reserved keyword; escape it as [[Group]] at character 34",
    );
    assert_error_contains(
        "SELECT * FROM digitaltwins WHERE a IN ('x')",
        "square brackets",
    );
    assert_error_contains(
        "SELECT * FROM digitaltwins WHERE a IN [b]",
        "must be constants",
    );
    assert_error_contains(
        "SELECT * FROM digitaltwins WHERE a IN ['x' 'y']",
        "expected ',' or ']'",
    );
}

#[test]
fn select_list_errors() {
    assert_error_contains(
        "SELECT COUNT(*) FROM digitaltwins",
        "COUNT takes no arguments",
    );
    assert_error_contains(
        "SELECT TOP(2) COUNT() FROM digitaltwins",
        "TOP can't be combined with COUNT()",
    );
    assert_error_contains(
        "SELECT TOP(-1) FROM digitaltwins",
        "a non-negative integer after TOP",
    );
    assert_error_contains(
        "SELECT TOP('a') FROM digitaltwins",
        "a non-negative integer after TOP",
    );
    assert_error_contains(
        "SELECT TOP(1.5) FROM digitaltwins",
        "a non-negative integer after TOP",
    );
    assert_error_contains("SELECT TOP(2 FROM digitaltwins", "expected ')'");
    assert_error(
        "SELECT T.a.name, T.b.name FROM digitaltwins T",
        "the SELECT list has two columns named 'name'; rename one with AS",
    );
    assert!(parse("SELECT T.a.name, T.b.name AS bName FROM digitaltwins T").is_ok());
    assert_error_contains("SELECT *, name FROM digitaltwins", "expected FROM");
}

#[test]
fn query_length_limit() {
    let base = "SELECT * FROM digitaltwins";
    let at_limit = format!("{base}{}", " ".repeat(MAX_QUERY_CHARS - base.len()));
    assert!(parse(&at_limit).is_ok());
    let over = format!("{at_limit} ");
    assert_error(&over, "query is 8001 characters long; the limit is 8000");
}

#[test]
fn and_or_limit() {
    let terms = |n: usize| (0..n).map(|i| format!("a = {i}")).collect::<Vec<_>>();
    let ok = format!(
        "SELECT * FROM digitaltwins WHERE {}",
        terms(MAX_LOGICAL_OPS + 1).join(" AND ")
    );
    assert!(parse(&ok).is_ok());
    let mixed: Vec<String> = terms(MAX_LOGICAL_OPS + 2);
    let mut text = String::from("SELECT * FROM digitaltwins WHERE ");
    for (i, t) in mixed.iter().enumerate() {
        if i > 0 {
            text.push_str(if i % 2 == 0 { " AND " } else { " OR " });
        }
        text.push_str(t);
    }
    assert_error(
        &text,
        "query has more than 50 AND/OR operators; the limit is 50",
    );
}

#[test]
fn in_list_limit() {
    let list = |n: usize| {
        (0..n)
            .map(|i| format!("'t{i}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    assert!(
        parse(&format!(
            "SELECT * FROM digitaltwins WHERE $dtId IN [{}]",
            list(MAX_IN_ITEMS)
        ))
        .is_ok()
    );
    assert_error(
        &format!(
            "SELECT * FROM digitaltwins WHERE $dtId NIN [{}]",
            list(MAX_IN_ITEMS + 1)
        ),
        "IN/NIN list has more than 50 items; the limit is 50",
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let parens = format!(
        "SELECT * FROM digitaltwins WHERE {}a = 1{}",
        "(".repeat(3000),
        ")".repeat(3000)
    );
    assert_error_contains(&parens, "nests more than 64 levels deep");
    let nots = format!(
        "SELECT * FROM digitaltwins WHERE {}a = 1",
        "NOT ".repeat(1500)
    );
    assert_error_contains(&nots, "nests more than 64 levels deep");
    let fine = format!(
        "SELECT * FROM digitaltwins WHERE {}a = 1{}",
        "(".repeat(20),
        ")".repeat(20)
    );
    assert!(parse(&fine).is_ok());
}
