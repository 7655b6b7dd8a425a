//! Input generators shared by the targets: byte-level mutation of seed inputs (bit flips,
//! interesting bytes, dictionary tokens, deletion, truncation, duplication, repetition and
//! splicing with another seed), token soups, and the repository's seed files; the JSON
//! generators of `json_gen` are re-exported here. Each mutation is data, so proptest shrinks a
//! failing input by dropping mutations.
pub use crate::json_gen::*;
use proptest::prelude::*;
use serde_json::Value;
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
