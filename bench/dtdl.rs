//! Benchmark of DTDL validation (`twinbridge::dtdl::validate`) on generated hierarchies: a
//! 10,000-deep `extends` chain (one error expected: the depth limit), a valid hierarchy of 10
//! levels of 100 Interfaces (each extending two of the level below, three contents each),
//! and optionally directories of real models given on the command line (e.g. RealEstateCore).
//! Prints the median of a few runs per input, one line each; asserts nothing.
//!
//! Run: `cargo bench --bench dtdl` or `cargo bench --bench dtdl -- <models dir>`.
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use twinbridge::dtdl::{ModelSource, ParseOptions, validate};

fn chain(n: usize) -> Vec<ModelSource> {
    let models: Vec<Value> = (0..n)
        .map(|i| {
            let mut m = json!({"@context": "dtmi:dtdl:context;3", "@id": format!("dtmi:bench:I{i};1"),
                "@type": "Interface",
                "contents": [{"@type": "Property", "name": format!("p{i}"), "schema": "double"}]});
            if i > 0 {
                m["extends"] = json!(format!("dtmi:bench:I{};1", i - 1));
            }
            m
        })
        .collect();
    vec![ModelSource {
        name: "chain.json".into(),
        value: Value::Array(models),
    }]
}

/// `levels` levels of `width` Interfaces; each extends two of the level below.
fn wide(levels: usize, width: usize) -> Vec<ModelSource> {
    let id = |l: usize, j: usize| format!("dtmi:bench:L{l}x{j};1");
    let mut out = vec![];
    for l in 0..levels {
        for j in 0..width {
            let i = l * width + j;
            let mut m = json!({"@context": "dtmi:dtdl:context;3", "@id": id(l, j),
                "@type": "Interface",
                "contents": [
                    {"@type": "Property", "name": format!("p{i}"), "schema": "double", "writable": true},
                    {"@type": "Telemetry", "name": format!("t{i}"), "schema": "double"},
                    {"@type": "Relationship", "name": format!("r{i}"), "target": id(0, 0)}]});
            if l > 0 {
                m["extends"] = json!([id(l - 1, j), id(l - 1, (j + 1) % width)]);
            }
            out.push(ModelSource {
                name: format!("{i}.json"),
                value: m,
            });
        }
    }
    out
}

fn dir(root: &Path) -> Vec<ModelSource> {
    let mut files: Vec<PathBuf> = vec![];
    let mut todo = vec![root.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let value = serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()?;
            Some(ModelSource {
                name: p.display().to_string(),
                value,
            })
        })
        .collect()
}

fn bench(label: &str, sources: &[ModelSource]) {
    let mut times: Vec<Duration> = vec![];
    let mut outcome = String::new();
    for _ in 0..5 {
        let t = Instant::now();
        let r = validate(sources, ParseOptions::default());
        times.push(t.elapsed());
        outcome = format!(
            "{} errors, {} warnings, {}",
            r.errors.len(),
            r.warnings.len(),
            if r.models.is_some() {
                "valid"
            } else {
                "invalid"
            }
        );
    }
    times.sort();
    println!(
        "{label:<40} median {:>9.2} ms  ({outcome})",
        times[times.len() / 2].as_secs_f64() * 1000.0
    );
}

fn main() {
    bench("extends chain, 10,000 deep", &chain(10_000));
    bench("hierarchy, 10 levels x 100 Interfaces", &wide(10, 100));
    for arg in std::env::args().skip(1).filter(|a| !a.starts_with('-')) {
        let sources = dir(Path::new(&arg));
        bench(&format!("{arg} ({} files)", sources.len()), &sources);
    }
}
