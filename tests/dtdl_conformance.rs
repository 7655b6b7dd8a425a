//! Runs the official DTDL conformance suite (v2 and v3) against `twinbridge::dtdl::parse`
//! and compares each case's valid/invalid verdict.
//!
//! The suite lives in `tests/data/dtdl-conformance/` (origin, version and licence in its
//! README.md).
//! It prints agreement per version and per file prefix (Requirement, Allowance,
//! Recommendation, Completion) and fails below 98% agreement in either version.
//!
//! To see every disagreeing case (file, index, expected, got, first diagnostic):
//!
//! ```text
//! DTDL_LIST_FAILURES=1 cargo test --test dtdl_conformance -- --nocapture
//! ```
//!
//! `DTDL_FILTER=<substring>` restricts the run to files whose name contains the substring.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use twinbridge::dtdl::{ModelSource, ParseOptions, parse};

const PREFIXES: [&str; 4] = ["Requirement", "Allowance", "Recommendation", "Completion"];
const MIN_AGREEMENT: f64 = 98.0;

/// The suite as copied into the repository, with its licence (`tests/data/dtdl-conformance/`).
fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dtdl-conformance")
}

#[derive(Default, Clone, Copy)]
struct Tally {
    cases: usize,
    agree: usize,
}

impl Tally {
    fn pct(self) -> f64 {
        if self.cases == 0 {
            100.0
        } else {
            100.0 * self.agree as f64 / self.cases as f64
        }
    }
}

struct Outcome {
    file: String,
    index: usize,
    expected: bool,
    got: bool,
    first: String,
}

fn run_case(case: &serde_json::Value) -> Result<(bool, String), String> {
    let opts = ParseOptions {
        allow_undefined_extensions: case["options"]
            .as_array()
            .is_some_and(|o| o.iter().any(|x| x == "AllowUndefinedExtensions")),
    };
    let sources: Vec<ModelSource> = case["input"]
        .as_array()
        .ok_or("case has no input array")?
        .iter()
        .enumerate()
        .map(|(i, v)| ModelSource {
            name: format!("input[{i}]"),
            value: v.clone(),
        })
        .collect();
    let result = std::panic::catch_unwind(|| parse(&sources, opts));
    match result {
        Ok(Ok(_)) => Ok((true, String::new())),
        Ok(Err(d)) => Ok((false, d.first().map(|d| d.to_string()).unwrap_or_default())),
        Err(_) => Ok((false, "PANIC".to_string())),
    }
}

fn run_version(
    dir: &Path,
    filter: Option<&str>,
    outcomes: &mut Vec<Outcome>,
) -> BTreeMap<&'static str, Tally> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut tallies: BTreeMap<&'static str, Tally> = BTreeMap::new();
    for path in files {
        let fname = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if filter.is_some_and(|f| !fname.contains(f)) {
            continue;
        }
        let prefix = PREFIXES
            .iter()
            .find(|p| fname.starts_with(*p))
            .copied()
            .unwrap_or("Other");
        let bytes =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let text = String::from_utf8_lossy(&bytes);
        let text = text.trim_start_matches('\u{feff}');
        let cases: Vec<serde_json::Value> = serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("{} is not a JSON array: {e}", path.display()));
        for (index, case) in cases.iter().enumerate() {
            let expected = case["valid"].as_bool().unwrap_or(false);
            let (got, first) = run_case(case).unwrap_or_else(|e| (false, e));
            let t = tallies.entry(prefix).or_default();
            t.cases += 1;
            if got == expected {
                t.agree += 1;
            } else {
                outcomes.push(Outcome {
                    file: fname.clone(),
                    index,
                    expected,
                    got,
                    first,
                });
            }
        }
    }
    tallies
}

#[test]
fn dtdl_conformance_suite() {
    let root = suite_dir();
    let filter = std::env::var("DTDL_FILTER").ok();
    let list = std::env::var("DTDL_LIST_FAILURES").is_ok_and(|v| v == "1");
    let mut failures = vec![];
    println!(
        "{:<8} {:<16} {:>7} {:>7} {:>8}",
        "version", "prefix", "cases", "agree", "%"
    );
    for version in ["v2", "v3"] {
        let mut outcomes = vec![];
        let tallies = run_version(&root.join(version), filter.as_deref(), &mut outcomes);
        let mut total = Tally::default();
        for prefix in PREFIXES.iter().chain(std::iter::once(&"Other")) {
            let Some(t) = tallies.get(prefix) else {
                continue;
            };
            total.cases += t.cases;
            total.agree += t.agree;
            println!(
                "{version:<8} {prefix:<16} {:>7} {:>7} {:>7.2}%",
                t.cases,
                t.agree,
                t.pct()
            );
        }
        println!(
            "{version:<8} {:<16} {:>7} {:>7} {:>7.2}%",
            "TOTAL",
            total.cases,
            total.agree,
            total.pct()
        );
        if list {
            for o in &outcomes {
                println!(
                    "  DISAGREE {version}/{} #{}: expected {}, got {}; {}",
                    o.file,
                    o.index,
                    if o.expected { "valid" } else { "invalid" },
                    if o.got { "valid" } else { "invalid" },
                    o.first
                );
            }
        }
        if total.pct() < MIN_AGREEMENT {
            failures.push(format!(
                "{version}: {:.2}% agreement (minimum {MIN_AGREEMENT}%)",
                total.pct()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "conformance below threshold: {}",
        failures.join("; ")
    );
}
