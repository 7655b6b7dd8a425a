//! Fuzz/property targets for every parser of untrusted input (issue 12, docs/fuzzing.md). Each
//! `#[test]` is one target: proptest cases from seed corpora (real inputs from `examples/`,
//! `models/`, hand-written variants) mutated at the byte and JSON-tree level, plus inputs
//! generated from scratch. Properties: never panics, never hangs, invariants of the parsed
//! value, and parse(print(x)) == x where a printer exists. `bench/fuzz.sh TARGET SECONDS` runs
//! one target for a long time with fresh seeds.
mod harness;
mod json_gen;
mod mutate;

mod allocation;
mod amqp;
mod blob_xml;
mod config;
mod connection_strings;
mod dtdl;
mod http;
mod mqtt;
mod ndjson;
mod query;
mod telemetry;
