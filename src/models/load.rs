//! Reading model files: files, directories (recursive `*.json` / `*.dtdl`) and glob patterns
//! (`*`, `?`, `**`). Every file that is not JSON is reported with its line and column; reading
//! goes on so that all problems are reported at once.
use crate::dtdl::{Diagnostic, ModelSource};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The `@id` of a model document, if it has one.
pub fn model_id(v: &Value) -> Option<&str> {
    v.get("@id").and_then(Value::as_str)
}

fn diag(file: &Path, message: String) -> Diagnostic {
    Diagnostic {
        file: file.display().to_string(),
        pointer: String::new(),
        dtmi: None,
        message,
    }
}

fn is_model_file(p: &Path) -> bool {
    p.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("dtdl"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if is_model_file(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// Wildcard match of one path against a pattern (`**` spans directories; `*`, `?` do not).
fn glob_match(pattern: &str, path: &str) -> bool {
    fn m(p: &[u8], s: &[u8]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some(b'*') if p.get(1) == Some(&b'*') => {
                let rest = if p.get(2) == Some(&b'/') {
                    &p[3..]
                } else {
                    &p[2..]
                };
                (0..=s.len()).any(|i| (i == 0 || s[i - 1] == b'/') && m(rest, &s[i..]))
                    || m(rest, s)
            }
            Some(b'*') => (0..=s.len())
                .take_while(|i| *i == 0 || s[i - 1] != b'/')
                .any(|i| m(&p[1..], &s[i..])),
            Some(b'?') => s.first().is_some_and(|c| *c != b'/') && m(&p[1..], &s[1..]),
            Some(c) => s.first() == Some(c) && m(&p[1..], &s[1..]),
        }
    }
    m(pattern.as_bytes(), path.as_bytes())
}

fn expand_glob(pattern: &str) -> std::io::Result<Vec<PathBuf>> {
    let first_wild = pattern.find(['*', '?', '[']).unwrap_or(pattern.len());
    let base = match pattern[..first_wild].rfind('/') {
        Some(i) => &pattern[..=i],
        None => "",
    };
    let root = if base.is_empty() {
        PathBuf::from(".")
    } else {
        PathBuf::from(base)
    };
    let mut all = Vec::new();
    walk(&root, &mut all)?;
    Ok(all
        .into_iter()
        .filter(|p| {
            let shown = if base.is_empty() {
                p.strip_prefix(".").unwrap_or(p).display().to_string()
            } else {
                p.display().to_string()
            };
            glob_match(pattern, &shown)
        })
        .collect())
}

/// Load every model file named by `paths`. Returns the parsed documents and one diagnostic per
/// path or file that could not be read or is not JSON.
pub fn load_paths(paths: &[PathBuf]) -> (Vec<ModelSource>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        let text = p.display().to_string();
        if p.is_dir() {
            let before = files.len();
            if let Err(e) = walk(p, &mut files) {
                problems.push(diag(p, format!("cannot read directory: {e}")));
            } else if files.len() == before {
                problems.push(diag(
                    p,
                    "the directory holds no .json or .dtdl files".into(),
                ));
            }
        } else if p.is_file() {
            files.push(p.clone());
        } else if text.contains(['*', '?']) {
            match expand_glob(&text) {
                Ok(found) if found.is_empty() => problems.push(diag(
                    p,
                    "the pattern matches no .json or .dtdl files".into(),
                )),
                Ok(found) => files.extend(found),
                Err(e) => problems.push(diag(p, format!("cannot expand the pattern: {e}"))),
            }
        } else {
            problems.push(diag(p, "no such file or directory".into()));
        }
    }
    files.sort();
    files.dedup();
    let mut sources = Vec::new();
    for f in files {
        match std::fs::read_to_string(&f) {
            Err(e) => problems.push(diag(&f, format!("cannot read the file: {e}"))),
            Ok(text) => match serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}')) {
                Ok(value) => sources.push(ModelSource { name: f.display().to_string(), value }),
                Err(e) => problems.push(diag(
                    &f,
                    format!("not valid JSON (line {}, column {}): {e}; a model file holds one DTDL interface or an array of them", e.line(), e.column()),
                )),
            },
        }
    }
    (sources, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("models/*.json", "models/a.json"));
        assert!(!glob_match("models/*.json", "models/x/a.json"));
        assert!(glob_match("models/**/*.json", "models/x/y/a.json"));
        assert!(glob_match("models/**/*.json", "models/a.json"));
        assert!(glob_match("m?.json", "m1.json"));
    }

    #[test]
    fn loads_dirs_files_and_reports_bad_json() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("sub")).unwrap();
        std::fs::write(d.path().join("a.json"), r#"{"@id":"dtmi:a;1"}"#).unwrap();
        std::fs::write(
            d.path().join("sub/b.dtdl"),
            "\u{feff}[{\"@id\":\"dtmi:b;1\"}]",
        )
        .unwrap();
        std::fs::write(d.path().join("sub/bad.json"), "{\n  \"@id\": ").unwrap();
        std::fs::write(d.path().join("readme.txt"), "x").unwrap();
        let (sources, problems) =
            load_paths(&[d.path().to_path_buf(), d.path().join("missing.json")]);
        assert_eq!(sources.len(), 2);
        assert_eq!(problems.len(), 2);
        assert!(
            problems
                .iter()
                .any(|p| p.file.ends_with("bad.json") && p.message.contains("line 2"))
        );
        assert!(problems.iter().any(|p| p.message.contains("no such file")));
        let pattern = format!("{}/**/*.dtdl", d.path().display());
        let (sources, problems) = load_paths(&[PathBuf::from(pattern)]);
        assert_eq!((sources.len(), problems.len()), (1, 0));
    }
}
