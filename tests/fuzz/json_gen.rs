//! JSON inputs for the targets: arbitrary JSON values whose strings and keys favour a target's
//! dictionary, and JSON-tree mutation of seed documents (replace, remove, insert or graft nodes,
//! wrap in an array). Re-exported by `mutate`.
use proptest::prelude::*;
use serde_json::{Map, Number, Value};
use std::sync::Arc;

/// Strings that mean something to the parsers (names, DTMIs, URLs, edge-case numbers).
pub const JSON_STRINGS: &[&str] = &[
    "",
    " ",
    "a",
    "dtmi:com:example:Thermostat;1",
    "dtmi:contosocom:DigitalTwins:Thermostat;2",
    "dtmi:dtdl:context;2",
    "dtmi:dtdl:context;3",
    "dtmi:a:b;1",
    "dtmi:a",
    "dtmi:;1",
    "dtmi:a:b;999999999999",
    "Temperature",
    "thermostat-67",
    "..",
    ".",
    "/",
    "%2F",
    "a/b",
    "c1/target",
    "$dtId",
    "$metadata",
    "$model",
    "x\u{0}y",
    "\u{202e}rtl",
    "\u{1F4A9}",
    "\\",
    "\"",
    "h1.azure-devices.net",
    "Endpoint=sb://x/;SharedAccessKey=k",
    "2021-05-02T17:22:30.277Z",
    "P1D",
    "PT1H",
    "1e400",
    "NaN",
    "true",
];

/// A finite f64 as JSON.
fn json_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop_oneof![
            Just(0i64),
            Just(-1),
            Just(1),
            Just(i64::MAX),
            Just(i64::MIN)
        ]
        .prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        prop_oneof![
            Just(0.5f64),
            Just(-0.0),
            Just(1e308),
            Just(f64::MIN_POSITIVE),
            Just(21.5)
        ]
        .prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
    ]
}

/// A JSON string: a meaningful one, one from `extra`, or arbitrary text.
pub fn json_string(extra: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        3 => (0..JSON_STRINGS.len()).prop_map(|i| JSON_STRINGS[i].to_string()),
        3 => (0..extra.len().max(1)).prop_map(move |i| extra.get(i).map(|s| s.to_string()).unwrap_or_default()),
        2 => "[a-zA-Z0-9_:;.$@/-]{0,24}",
        1 => any::<String>(),
    ]
    .boxed()
}

/// An arbitrary JSON value, at most 4 levels deep; strings and keys favour `extra`.
pub fn json_value(extra: &'static [&'static str]) -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        json_number(),
        json_string(extra).prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((json_string(extra), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
    .boxed()
}

/// One edit of a JSON tree. `at` picks a node in pre-order (modulo the node count).
#[derive(Debug, Clone)]
pub enum JsonMutation {
    Replace {
        at: usize,
        with: Value,
    },
    Remove {
        at: usize,
    },
    Insert {
        at: usize,
        key: String,
        value: Value,
    },
    Graft {
        at: usize,
        seed: usize,
        node: usize,
    },
    Wrap {
        at: usize,
    },
}

fn json_mutation(extra: &'static [&'static str]) -> impl Strategy<Value = JsonMutation> {
    prop_oneof![
        3 => (any::<usize>(), json_value(extra)).prop_map(|(at, with)| JsonMutation::Replace { at, with }),
        2 => any::<usize>().prop_map(|at| JsonMutation::Remove { at }),
        3 => (any::<usize>(), json_string(extra), json_value(extra))
            .prop_map(|(at, key, value)| JsonMutation::Insert { at, key, value }),
        3 => (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(at, seed, node)| JsonMutation::Graft { at, seed, node }),
        1 => any::<usize>().prop_map(|at| JsonMutation::Wrap { at }),
    ]
}

/// JSON pointers of every node, pre-order.
pub fn pointers(v: &Value) -> Vec<String> {
    fn walk(v: &Value, here: String, out: &mut Vec<String>) {
        match v {
            Value::Array(a) => {
                out.push(here.clone());
                for (i, x) in a.iter().enumerate() {
                    walk(x, format!("{here}/{i}"), out);
                }
            }
            Value::Object(o) => {
                out.push(here.clone());
                for (k, x) in o {
                    let k = k.replace('~', "~0").replace('/', "~1");
                    walk(x, format!("{here}/{k}"), out);
                }
            }
            _ => out.push(here),
        }
    }
    let mut out = Vec::new();
    walk(v, String::new(), &mut out);
    out
}

/// Apply one JSON mutation.
pub fn apply_json(doc: &mut Value, m: &JsonMutation, seeds: &[Value]) {
    let ptrs = pointers(doc);
    let pick = |at: usize| ptrs[at % ptrs.len()].clone();
    match m {
        JsonMutation::Replace { at, with } => {
            if let Some(n) = doc.pointer_mut(&pick(*at)) {
                *n = with.clone();
            }
        }
        JsonMutation::Remove { at } => {
            let p = pick(*at);
            let Some((parent, last)) = p.rsplit_once('/') else {
                *doc = Value::Null;
                return;
            };
            let key = last.replace("~1", "/").replace("~0", "~");
            match doc.pointer_mut(parent) {
                Some(Value::Object(o)) => {
                    o.shift_remove(&key);
                }
                Some(Value::Array(a)) => {
                    if let Ok(i) = key.parse::<usize>()
                        && i < a.len()
                    {
                        a.remove(i);
                    }
                }
                _ => {}
            }
        }
        JsonMutation::Insert { at, key, value } => match doc.pointer_mut(&pick(*at)) {
            Some(Value::Object(o)) => {
                o.insert(key.clone(), value.clone());
            }
            Some(Value::Array(a)) => a.push(value.clone()),
            _ => {}
        },
        JsonMutation::Graft { at, seed, node } => {
            if seeds.is_empty() {
                return;
            }
            let other = &seeds[seed % seeds.len()];
            let optrs = pointers(other);
            let Some(piece) = other.pointer(&optrs[node % optrs.len()]).cloned() else {
                return;
            };
            if let Some(n) = doc.pointer_mut(&pick(*at)) {
                *n = piece;
            }
        }
        JsonMutation::Wrap { at } => {
            if let Some(n) = doc.pointer_mut(&pick(*at)) {
                *n = Value::Array(vec![n.take()]);
            }
        }
    }
}

/// Seed documents with up to `max` tree edits each.
pub fn json_mutated(
    seeds: Arc<Vec<Value>>,
    extra: &'static [&'static str],
    max: usize,
) -> BoxedStrategy<Value> {
    assert!(!seeds.is_empty(), "a JSON mutation target needs seeds");
    (
        0..seeds.len(),
        prop::collection::vec(json_mutation(extra), 0..=max),
    )
        .prop_map(move |(i, ms)| {
            let mut doc = seeds[i].clone();
            for m in &ms {
                apply_json(&mut doc, m, &seeds);
            }
            doc
        })
        .boxed()
}
