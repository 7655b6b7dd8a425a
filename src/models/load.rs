//! Reading model files: files, directories (recursive `*.json` / `*.dtdl`) and glob patterns
//! (`*`, `?`, `**`). Every file that is not JSON is reported with its line and column; reading
//! goes on so that all problems are reported at once. Symlinks are followed, but each real
//! directory is entered and each real file read once; FIFOs, sockets and devices are reported
//! for what they are and never opened. File-system reads only.
use crate::dtdl::{Diagnostic, ModelSource};
use serde_json::Value;
use std::collections::HashSet;
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

/// What identifies a file or directory however it is reached (through symlinks, `..`, or
/// another argument): device and inode where there are inodes, else the canonical path.
#[cfg(unix)]
type Identity = (u64, u64);
#[cfg(not(unix))]
type Identity = PathBuf;

#[cfg(unix)]
fn identity(meta: &std::fs::Metadata, _path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(_meta: &std::fs::Metadata, path: &Path) -> Option<Identity> {
    std::fs::canonicalize(path).ok()
}

/// What a path is when it is neither a directory nor a regular file (reading a FIFO blocks, a
/// device may never end, so these are named, never opened).
fn special_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
        if t.is_char_device() {
            return Some("a character device");
        }
    }
    (!meta.is_file() && !meta.is_dir()).then_some("not a regular file")
}

/// Collect the `*.json` / `*.dtdl` entries under `dir`, following symlinks but entering each real
/// directory once (`seen`), so a symlink loop ends and a symlink to a sibling adds nothing twice.
/// Entries are only looked at (`stat`), never opened: what they are is decided when reading.
fn walk(dir: &Path, seen: &mut HashSet<Identity>, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        match std::fs::metadata(&p) {
            Ok(meta) if meta.is_dir() => {
                if identity(&meta, &p).is_some_and(|id| seen.insert(id)) {
                    // An unreadable subdirectory is skipped like an unreadable entry.
                    if let Err(e) = walk(&p, seen, out) {
                        tracing::debug!(dir = %p.display(), error = %e, "models: cannot read directory");
                    }
                } else {
                    tracing::debug!(dir = %p.display(), "models: directory already visited (symlink)");
                }
            }
            // A broken or looping symlink named *.json is reported when it is read.
            _ if is_model_file(&p) => out.push(p),
            _ => {}
        }
    }
    Ok(())
}

/// Walk `root` with a fresh set of visited directories (the root itself included).
fn walk_root(root: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut seen = HashSet::new();
    if let Some(id) = std::fs::metadata(root)
        .ok()
        .and_then(|m| identity(&m, root))
    {
        seen.insert(id);
    }
    walk(root, &mut seen, out)
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
    walk_root(&root, &mut all)?;
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
/// path or file that could not be read or is not JSON. A file reached twice (two arguments, a
/// symlink) is read once; FIFOs, sockets and devices are named, never opened.
pub fn load_paths(paths: &[PathBuf]) -> (Vec<ModelSource>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        let text = p.display().to_string();
        match std::fs::metadata(p) {
            Ok(meta) if meta.is_dir() => {
                let before = files.len();
                if let Err(e) = walk_root(p, &mut files) {
                    problems.push(diag(p, format!("cannot read directory: {e}")));
                } else if files.len() == before {
                    problems.push(diag(
                        p,
                        "the directory holds no .json or .dtdl files".into(),
                    ));
                }
            }
            // Files and special files alike: what they are is checked when reading.
            Ok(_) => files.push(p.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && text.contains(['*', '?']) => {
                match expand_glob(&text) {
                    Ok(found) if found.is_empty() => problems.push(diag(
                        p,
                        "the pattern matches no .json or .dtdl files".into(),
                    )),
                    Ok(found) => files.extend(found),
                    Err(e) => problems.push(diag(p, format!("cannot expand the pattern: {e}"))),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                problems.push(diag(p, "no such file or directory".into()));
            }
            Err(e) => problems.push(diag(p, format!("cannot read: {e}"))),
        }
    }
    files.sort();
    files.dedup();
    let mut seen = HashSet::new();
    let mut sources = Vec::new();
    for f in files {
        let meta = match std::fs::metadata(&f) {
            Ok(m) => m,
            Err(e) => {
                problems.push(diag(&f, format!("cannot read the file: {e}")));
                continue;
            }
        };
        if let Some(kind) = special_kind(&meta) {
            problems.push(diag(
                &f,
                format!("is {kind}, not a model file; it was not opened"),
            ));
            continue;
        }
        if !identity(&meta, &f).is_none_or(|id| seen.insert(id)) {
            continue; // the same file, reached through another path
        }
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

    /// models/{a.json, sub/b.json} plus `extra(dir)`.
    #[cfg(unix)]
    fn tree(extra: impl FnOnce(&Path)) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        let m = d.path().join("models");
        std::fs::create_dir_all(m.join("sub")).unwrap();
        std::fs::write(m.join("a.json"), r#"{"@id":"dtmi:a;1"}"#).unwrap();
        std::fs::write(m.join("sub/b.json"), r#"{"@id":"dtmi:b;1"}"#).unwrap();
        extra(&m);
        d
    }

    #[cfg(unix)]
    fn ids(sources: &[ModelSource]) -> Vec<String> {
        let mut v: Vec<String> = sources
            .iter()
            .filter_map(|s| model_id(&s.value).map(str::to_string))
            .collect();
        v.sort();
        v
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_end_and_each_directory_is_read_once() {
        use std::os::unix::fs::symlink;
        let d = tree(|m| {
            symlink(m, m.join("sub/up")).unwrap(); // sub/up -> models: a loop
            symlink(m.join("sub"), m.join("sub/self")).unwrap(); // sub/self -> sub
            symlink(m.join("sub"), m.join("twin-of-sub")).unwrap(); // a sibling
            symlink(m.join("a.json"), m.join("alias.json")).unwrap(); // the same file
            symlink("alias-loop.json", m.join("alias-loop.json")).unwrap(); // ELOOP
        });
        let m = d.path().join("models");
        let (sources, problems) = load_paths(std::slice::from_ref(&m));
        assert_eq!(ids(&sources), ["dtmi:a;1", "dtmi:b;1"], "each model once");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].file.ends_with("alias-loop.json"),
            "{problems:?}"
        );
        // the same through a glob, and with the directory named twice
        let pattern = PathBuf::from(format!("{}/**/*.json", m.display()));
        let (sources, _) = load_paths(&[pattern, m.clone(), m.join("sub")]);
        assert_eq!(ids(&sources), ["dtmi:a;1", "dtmi:b;1"]);
    }

    #[cfg(unix)]
    #[test]
    fn fifos_are_named_and_never_opened() {
        let d = tree(|m| {
            for name in ["pipe.json", "other-pipe"] {
                let ok = std::process::Command::new("mkfifo")
                    .arg(m.join(name))
                    .status()
                    .unwrap()
                    .success();
                assert!(ok, "mkfifo");
            }
        });
        let m = d.path().join("models");
        // Opening a FIFO for reading would block this test forever (no writer).
        let (sources, problems) = load_paths(std::slice::from_ref(&m));
        assert_eq!(ids(&sources), ["dtmi:a;1", "dtmi:b;1"]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].file.ends_with("pipe.json"), "{problems:?}");
        assert!(
            problems[0].message.contains("is a FIFO")
                && problems[0].message.contains("not a model file"),
            "{problems:?}"
        );
        // named explicitly, whatever its name
        let (_, problems) = load_paths(&[m.join("other-pipe")]);
        assert!(problems[0].message.contains("is a FIFO"), "{problems:?}");
        let (_, problems) = load_paths(&[PathBuf::from("/dev/null")]);
        assert!(
            problems[0].message.contains("is a character device"),
            "{problems:?}"
        );
    }
}
