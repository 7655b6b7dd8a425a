//! Input generators shared by the targets: byte-level mutation of seed inputs (bit flips,
//! interesting bytes, dictionary tokens, deletion, truncation, duplication, repetition and
//! splicing with another seed), JSON-tree mutation of seed documents (replace, remove, insert or
//! graft nodes), and arbitrary JSON values. Each mutation is data, so proptest shrinks a failing
//! input by dropping mutations.
use proptest::prelude::*;
use serde_json::{Map, Number, Value};
use std::fmt;
use std::sync::Arc;

/// Upper bound on a generated input, so a case stays fast and never exhausts memory.
pub const MAX_INPUT: usize = 64 * 1024;

/// Bytes that print as an escaped string in failure reports.
#[derive(Clone, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "b\"{}\" ({} bytes)", self.0.escape_ascii(), self.0.len())
    }
}

impl Bytes {
    /// The bytes as text (lossy), for parsers that take `&str`.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

/// Values that tend to break parsers.
const INTERESTING: &[&[u8]] = &[
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"\xf0\x9f\x92\xa9",
    b"\r\n",
    b"\n",
    b"\\",
    b"\"",
    b"'",
    b"%",
    b"%00",
    b"%zz",
    b"-1",
    b"0",
    b"2147483648",
    b"-9223372036854775809",
    b"18446744073709551616",
    b"1e309",
    b"-0",
    b"1.7976931348623157e308",
    b"NaN",
    b"\xe2\x80\xae",
];

/// One byte-level edit. Positions are taken modulo the current length.
#[derive(Debug, Clone)]
pub enum Mutation {
    FlipBit {
        at: usize,
        bit: u8,
    },
    SetByte {
        at: usize,
        byte: u8,
    },
    Insert {
        at: usize,
        bytes: Vec<u8>,
    },
    Token {
        at: usize,
        token: usize,
        replace: bool,
    },
    Interesting {
        at: usize,
        which: usize,
    },
    Delete {
        at: usize,
        len: usize,
    },
    Truncate {
        at: usize,
    },
    Duplicate {
        from: usize,
        len: usize,
        to: usize,
    },
    Repeat {
        at: usize,
        len: usize,
        times: usize,
    },
    Splice {
        at: usize,
        seed: usize,
        from: usize,
        len: usize,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit { at, bit }),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::SetByte { at, byte }),
        2 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        4 => (any::<usize>(), any::<usize>(), any::<bool>())
            .prop_map(|(at, token, replace)| Mutation::Token { at, token, replace }),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(at, which)| Mutation::Interesting { at, which }),
        2 => (any::<usize>(), 1usize..64).prop_map(|(at, len)| Mutation::Delete { at, len }),
        1 => any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        1 => (any::<usize>(), 1usize..128, any::<usize>())
            .prop_map(|(from, len, to)| Mutation::Duplicate { from, len, to }),
        1 => (any::<usize>(), 1usize..16, 2usize..400)
            .prop_map(|(at, len, times)| Mutation::Repeat { at, len, times }),
        2 => (any::<usize>(), any::<usize>(), any::<usize>(), 1usize..256)
            .prop_map(|(at, seed, from, len)| Mutation::Splice { at, seed, from, len }),
    ]
}

fn pos(at: usize, len: usize) -> usize {
    at % (len + 1)
}

/// Apply `m` to `buf`; `seeds` and `dict` feed splices and tokens.
pub fn apply(buf: &mut Vec<u8>, m: &Mutation, seeds: &[Vec<u8>], dict: &[&str]) {
    let len = buf.len();
    match m {
        Mutation::FlipBit { at, bit } => {
            if len > 0 {
                buf[at % len] ^= 1 << bit;
            }
        }
        Mutation::SetByte { at, byte } => {
            if len > 0 {
                buf[at % len] = *byte;
            }
        }
        Mutation::Insert { at, bytes } => {
            let at = pos(*at, len);
            buf.splice(at..at, bytes.iter().copied());
        }
        Mutation::Token { at, token, replace } => {
            if dict.is_empty() {
                return;
            }
            let t = dict[token % dict.len()].as_bytes();
            let at = pos(*at, len);
            let end = if *replace {
                (at + t.len()).min(len)
            } else {
                at
            };
            buf.splice(at..end, t.iter().copied());
        }
        Mutation::Interesting { at, which } => {
            let t = INTERESTING[which % INTERESTING.len()];
            let at = pos(*at, len);
            buf.splice(at..at, t.iter().copied());
        }
        Mutation::Delete { at, len: n } => {
            if len > 0 {
                let at = at % len;
                buf.drain(at..(at + n).min(len));
            }
        }
        Mutation::Truncate { at } => buf.truncate(pos(*at, len)),
        Mutation::Duplicate { from, len: n, to } => {
            if len > 0 {
                let from = from % len;
                let piece = buf[from..(from + n).min(len)].to_vec();
                let to = pos(*to, len);
                buf.splice(to..to, piece);
            }
        }
        Mutation::Repeat { at, len: n, times } => {
            if len > 0 {
                let at = at % len;
                let piece = buf[at..(at + n).min(len)].to_vec();
                let extra = piece.repeat(*times);
                buf.splice(at..at, extra);
            }
        }
        Mutation::Splice {
            at,
            seed,
            from,
            len: n,
        } => {
            if seeds.is_empty() {
                return;
            }
            let other = &seeds[seed % seeds.len()];
            if other.is_empty() {
                return;
            }
            let from = from % other.len();
            let piece = &other[from..(from + n).min(other.len())];
            let at = pos(*at, len);
            buf.splice(at..at, piece.iter().copied());
        }
    }
    buf.truncate(MAX_INPUT);
}

/// Seeds with up to `max` mutations each.
pub fn mutated(
    seeds: Arc<Vec<Vec<u8>>>,
    dict: &'static [&'static str],
    max: usize,
) -> BoxedStrategy<Bytes> {
    assert!(!seeds.is_empty(), "a mutation target needs seeds");
    (0..seeds.len(), prop::collection::vec(mutation(), 0..=max))
        .prop_map(move |(i, ms)| {
            let mut buf = seeds[i].clone();
            for m in &ms {
                apply(&mut buf, m, &seeds, dict);
            }
            Bytes(buf)
        })
        .boxed()
}

/// Dictionary tokens and random bytes glued together: inputs no seed resembles.
pub fn token_soup(dict: &'static [&'static str]) -> BoxedStrategy<Bytes> {
    prop::collection::vec(
        prop_oneof![
            4 => (0..dict.len().max(1)).prop_map(move |i| dict.get(i).map(|t| t.as_bytes().to_vec()).unwrap_or_default()),
            1 => prop::collection::vec(any::<u8>(), 1..4),
            1 => Just(b" ".to_vec()),
        ],
        0..48,
    )
    .prop_map(|parts| Bytes(parts.concat()))
    .boxed()
}

/// The usual mix: mostly mutated seeds, some token soup, some random bytes.
pub fn bytes_input(
    seeds: Arc<Vec<Vec<u8>>>,
    dict: &'static [&'static str],
) -> BoxedStrategy<Bytes> {
    prop_oneof![
        6 => mutated(seeds, dict, 8),
        2 => token_soup(dict),
        1 => prop::collection::vec(any::<u8>(), 0..512).prop_map(Bytes),
    ]
    .boxed()
}

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

/// A file under the repository, read at run time (the targets' seed corpora are real inputs).
pub fn repo_file(rel: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("seed {}: {e}", path.display()))
}

/// A repository JSON file, parsed.
pub fn repo_json(rel: &str) -> Value {
    let bytes = repo_file(rel);
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("seed {rel}: {e}"))
}
