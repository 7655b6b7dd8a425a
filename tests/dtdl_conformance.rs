//! Runs the official DTDL conformance suite (v2 and v3) against `twinbridge::dtdl::validate`
//! and checks every case as its kind asks:
//!
//! - Requirement (MUST) and Allowance (MAY): the valid/invalid verdict.
//! - Recommendation (SHOULD): the model is valid; a case marked `"desirable": false` gets at
//!   least one warning, and a case marked `"desirable": true` gets no warning citing the
//!   recommendation the case is about (its file name, e.g. `ClassArrayTypePreferTermToDtmi`;
//!   the same input may rightly break a different recommendation).
//! - Completion (SHALL): the verdict, and where the case lists `unresolvedIdentifiers`,
//!   exactly those identifiers are reported missing and nothing else is wrong.
//!
//! The suite lives in `tests/data/dtdl-conformance/` (origin, version and licence in its
//! README.md). It prints the pass rate per version and per kind and fails on any case that does
//! not pass.
//!
//! To see every failing case (file, index, what was expected, what happened):
//!
//! ```text
//! DTDL_LIST_FAILURES=1 cargo test --test dtdl_conformance -- --nocapture
//! ```
//!
//! `DTDL_FILTER=<substring>` restricts the run to files whose name contains the substring.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use twinbridge::dtdl::{ModelSource, ParseOptions, Report, validate};

const PREFIXES: [&str; 4] = ["Requirement", "Allowance", "Recommendation", "Completion"];

/// The suite as copied into the repository, with its licence (`tests/data/dtdl-conformance/`).
fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dtdl-conformance")
}

#[derive(Default, Clone, Copy)]
struct Tally {
    cases: usize,
    pass: usize,
}

impl Tally {
    fn pct(self) -> f64 {
        if self.cases == 0 {
            100.0
        } else {
            100.0 * self.pass as f64 / self.cases as f64
        }
    }
}

/// Undesirable Recommendation cases: how many are warned under the case's own rule, and
/// what the others were warned under.
#[derive(Default)]
struct Exact {
    tally: Tally,
    other: Vec<String>,
}

struct Failure {
    file: String,
    index: usize,
    why: String,
}

fn run_case(case: &serde_json::Value) -> Result<Report, String> {
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
    std::panic::catch_unwind(|| validate(&sources, opts)).map_err(|_| "PANIC".to_string())
}

fn first(r: &Report) -> String {
    r.errors.first().map(|d| d.to_string()).unwrap_or_default()
}

/// Why a case does not pass, or `None` when it passes. `rule` is the recommendation a
/// Recommendation case is about.
fn judge(
    kind: &str,
    rule: &str,
    case: &serde_json::Value,
    r: &Report,
    exact: &mut Exact,
) -> Option<String> {
    let expected = case["valid"].as_bool().unwrap_or(false);
    let got = r.models.is_some();
    if got != expected {
        let verdict = |v: bool| if v { "valid" } else { "invalid" };
        return Some(format!(
            "expected {}, got {}; {}",
            verdict(expected),
            verdict(got),
            first(r)
        ));
    }
    if kind == "Recommendation" {
        let cites = r.warnings.iter().any(|w| w.rules.iter().any(|x| x == rule));
        match case["desirable"].as_bool() {
            Some(true) if cites => {
                return Some(format!(
                    "desirable, but warned about {rule}: {}",
                    r.warnings[0]
                ));
            }
            Some(false) if r.warnings.is_empty() => {
                return Some(format!("undesirable ({rule}), but no warning"));
            }
            Some(false) => {
                exact.tally.cases += 1;
                exact.tally.pass += usize::from(cites);
                if !cites {
                    let got: Vec<&str> = r
                        .warnings
                        .iter()
                        .flat_map(|w| w.rules.iter().map(String::as_str))
                        .collect();
                    exact.other.push(format!("{rule}: warned under {got:?}"));
                }
            }
            _ => {}
        }
    }
    if let Some(ids) = case["expect"]["unresolvedIdentifiers"].as_array() {
        let mut want: Vec<&str> = ids.iter().filter_map(|x| x.as_str()).collect();
        want.sort_unstable();
        if r.unresolved != want {
            return Some(format!(
                "expected unresolved {want:?}, got {:?}",
                r.unresolved
            ));
        }
        if !r.only_incomplete() {
            return Some(format!("expected only missing definitions; {}", first(r)));
        }
    }
    None
}

fn run_version(
    dir: &Path,
    filter: Option<&str>,
    failures: &mut Vec<Failure>,
    exact: &mut Exact,
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
        let rule = fname
            .trim_start_matches(prefix)
            .trim_start_matches('-')
            .trim_end_matches(".json")
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end_matches('V');
        for (index, case) in cases.iter().enumerate() {
            let why = match run_case(case) {
                Ok(r) => judge(prefix, rule, case, &r, exact),
                Err(e) => Some(e),
            };
            let t = tallies.entry(prefix).or_default();
            t.cases += 1;
            match why {
                None => t.pass += 1,
                Some(why) => failures.push(Failure {
                    file: fname.clone(),
                    index,
                    why,
                }),
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
    let mut failing = vec![];
    println!(
        "{:<8} {:<16} {:>7} {:>7} {:>8}",
        "version", "kind", "cases", "pass", "%"
    );
    for version in ["v2", "v3"] {
        let mut failures = vec![];
        let mut exact = Exact::default();
        let tallies = run_version(
            &root.join(version),
            filter.as_deref(),
            &mut failures,
            &mut exact,
        );
        let mut total = Tally::default();
        for prefix in PREFIXES.iter().chain(std::iter::once(&"Other")) {
            let Some(t) = tallies.get(prefix) else {
                continue;
            };
            total.cases += t.cases;
            total.pass += t.pass;
            println!(
                "{version:<8} {prefix:<16} {:>7} {:>7} {:>7.2}%",
                t.cases,
                t.pass,
                t.pct()
            );
        }
        println!(
            "{version:<8} {:<16} {:>7} {:>7} {:>7.2}%",
            "TOTAL",
            total.cases,
            total.pass,
            total.pct()
        );
        println!(
            "{version:<8} undesirable Recommendation cases warned under their own rule: {}/{}",
            exact.tally.pass, exact.tally.cases
        );
        if list {
            for o in &exact.other {
                println!("  NOTE {version}: {o}");
            }
            for f in &failures {
                println!("  FAIL {version}/{} #{}: {}", f.file, f.index, f.why);
            }
        }
        if !failures.is_empty() {
            failing.push(format!(
                "{version}: {} of {} cases fail (first: {} #{}: {})",
                failures.len(),
                total.cases,
                failures[0].file,
                failures[0].index,
                failures[0].why
            ));
        }
    }
    assert!(
        failing.is_empty(),
        "conformance cases fail (DTDL_LIST_FAILURES=1 lists them): {}",
        failing.join("; ")
    );
}
