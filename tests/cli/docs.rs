//! The documentation holds together: every relative link and `#anchor` in README.md, CHANGELOG.md,
//! bench/README.md and docs/**/*.md resolves (GitHub's heading-slug rules), every page or section
//! and every repository path that `--help` names exists, every command has its page under
//! docs/commands/ and every flag appears on it (global flags on the guide's index page).
use clap::CommandFactory;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Markdown files whose links are checked, relative to the repository root.
fn checked_files() -> Vec<PathBuf> {
    let mut files = vec![
        PathBuf::from("README.md"),
        PathBuf::from("CHANGELOG.md"),
        PathBuf::from("bench/README.md"),
    ];
    let mut dirs = vec![root().join("docs")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path.strip_prefix(root()).unwrap().to_path_buf());
            }
        }
    }
    files.sort();
    files
}

/// The lines of a Markdown text outside fenced code blocks, with their 1-based numbers.
fn prose_lines(text: &str) -> Vec<(usize, &str)> {
    let mut fence: Option<&str> = None;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| t.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(open), Some(m)) if open == m => fence = None,
            (None, None) => out.push((i + 1, line)),
            _ => {}
        }
    }
    out
}

/// A line with its inline code spans removed (a link inside backticks is not a link).
fn without_code_spans(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let ticks = rest[start..].chars().take_while(|c| *c == '`').count();
        let after = &rest[start + ticks..];
        match after.find(&"`".repeat(ticks)) {
            Some(end) => rest = &after[end + ticks..],
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// GitHub's anchor for a heading: the rendered text lower-cased, everything but letters, digits,
/// spaces, `-` and `_` dropped, spaces turned into `-`.
fn slug(heading: &str) -> String {
    let mut text = String::new();
    // Links render as their text.
    let mut rest = heading;
    while let Some(open) = rest.find('[') {
        match rest[open..].find("](").and_then(|m| {
            let close = rest[open + m..].find(')')?;
            Some((open + m, open + m + close))
        }) {
            Some((mid, close)) => {
                text.push_str(&rest[..open]);
                text.push_str(&rest[open + 1..mid]);
                rest = &rest[close + 1..];
            }
            None => break,
        }
    }
    text.push_str(rest);
    text.chars()
        .filter(|c| *c != '`' && *c != '*')
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Every anchor a Markdown file offers (duplicates numbered as GitHub does).
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = BTreeSet::new();
    for (_, line) in prose_lines(text) {
        let t = line.trim_start();
        let hashes = t.chars().take_while(|c| *c == '#').count();
        if !(1..=6).contains(&hashes) || !t[hashes..].starts_with(' ') {
            continue;
        }
        let base = slug(t[hashes..].trim().trim_end_matches('#').trim());
        let n = seen.entry(base.clone()).or_insert(0);
        out.insert(if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        });
        *n += 1;
    }
    out
}

/// `(line, target)` of every inline link, image and reference definition outside code.
fn links(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in prose_lines(text) {
        let line = without_code_spans(line);
        let t = line.trim_start();
        if t.starts_with('[')
            && let Some(pos) = t.find("]: ")
        {
            out.push((
                n,
                t[pos + 3..].split_whitespace().next().unwrap_or("").into(),
            ));
            continue;
        }
        let mut rest = line.as_str();
        while let Some(pos) = rest.find("](") {
            let after = &rest[pos + 2..];
            let end = after.find(')').unwrap_or(after.len());
            let target = after[..end].split_whitespace().next().unwrap_or("");
            out.push((n, target.trim_matches(|c| c == '<' || c == '>').to_string()));
            rest = &after[end..];
        }
    }
    out
}

fn read(rel: &Path) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{}: {e}", rel.display()))
}

/// Why `target`, linked from `from` (a repository-relative file), does not resolve.
fn broken(
    from: &Path,
    target: &str,
    cache: &mut BTreeMap<PathBuf, BTreeSet<String>>,
) -> Option<String> {
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (target, None),
    };
    let file = if path.is_empty() {
        from.to_path_buf()
    } else {
        let joined = from.parent().unwrap_or(Path::new("")).join(path);
        let mut norm = PathBuf::new();
        for c in joined.components() {
            match c {
                std::path::Component::ParentDir => {
                    if !norm.pop() {
                        return Some("points outside the repository".into());
                    }
                }
                std::path::Component::CurDir => {}
                c => norm.push(c),
            }
        }
        norm
    };
    if !root().join(&file).exists() {
        return Some(format!("{} does not exist", file.display()));
    }
    let anchor = anchor?;
    if file.extension().is_none_or(|e| e != "md") {
        return None;
    }
    let known = cache
        .entry(file.clone())
        .or_insert_with(|| anchors(&read(&file)));
    (!known.contains(anchor))
        .then(|| format!("{} has no heading with anchor #{anchor}", file.display()))
}

#[test]
fn every_link_and_anchor_in_the_docs_resolves() {
    let files = checked_files();
    assert!(files.len() > 15, "{files:?}");
    let mut cache = BTreeMap::new();
    let mut bad = Vec::new();
    for file in &files {
        for (line, target) in links(&read(file)) {
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            if let Some(why) = broken(file, &target, &mut cache) {
                bad.push(format!("{}:{line}: ({target}): {why}", file.display()));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "links that point nowhere:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_slug_rules_match_github() {
    assert_eq!(
        slug("`twinbridge demo` — the whole pipeline, checked"),
        "twinbridge-demo--the-whole-pipeline-checked"
    );
    assert_eq!(
        slug("sync-telemetry: `bench/sync_telemetry.sh`"),
        "sync-telemetry-benchsync_telemetrysh"
    );
    assert_eq!(slug("4. Allocation webhook"), "4-allocation-webhook");
    assert_eq!(slug("Event Hubs (AMQP 1.0)"), "event-hubs-amqp-10");
    assert_eq!(slug("See [the page](x.md) now"), "see-the-page-now");
    let a = anchors("# A\n## Notes\n```\n# not a heading\n```\n## Notes\n");
    assert_eq!(a.into_iter().collect::<Vec<_>>(), ["a", "notes", "notes-1"]);
    assert_eq!(
        links("see [x](a.md#b) and `[y](no.md)`\n```\n[z](no.md)\n```\n[r]: ref.md\n"),
        [(1, "a.md#b".to_string()), (5, "ref.md".to_string())]
    );
}

/// Every command's long help, by command path ("", "models", "models upload", ...).
fn all_help() -> Vec<(String, String)> {
    fn walk(cmd: &mut clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        out.push((path.to_string(), cmd.render_long_help().to_string()));
        for sub in cmd.get_subcommands_mut() {
            let name = sub.get_name().to_string();
            if name == "help" {
                continue;
            }
            let p = if path.is_empty() {
                name
            } else {
                format!("{path} {name}")
            };
            walk(sub, &p, out);
        }
    }
    let mut cmd = twinbridge::cli::Cli::command();
    cmd.build();
    let mut out = Vec::new();
    walk(&mut cmd, "", &mut out);
    out
}

#[test]
fn every_page_section_and_path_named_in_help_exists() {
    let help = all_help();
    assert!(help.len() > 15, "{}", help.len());
    let mut cache = BTreeMap::new();
    let mut bad = Vec::new();
    let mut checked = 0;
    for (cmd, text) in &help {
        let text = text.replace('\n', " ");
        // A section named as README ("Title") or docs/page.md ("Title").
        for (i, _) in text.match_indices("README") {
            let rest = &text[i..];
            if rest.starts_with("README.md") {
                continue;
            }
            match rest
                .strip_prefix("README (\"")
                .and_then(|r| r.split_once("\")"))
            {
                Some((title, _)) => {
                    checked += 1;
                    if !anchors(&read(Path::new("README.md"))).contains(&slug(title)) {
                        bad.push(format!(
                            "`{cmd} --help` names README section {title:?}, which does not exist"
                        ));
                    }
                }
                None => bad.push(format!(
                    "`{cmd} --help` mentions README without naming README.md or a section: {}",
                    &rest[..rest.len().min(60)]
                )),
            }
        }
        // Repository paths: docs/x.md(#anchor), examples/..., bench/..., models/...
        for word in text.split(|c: char| c.is_whitespace() || "()[],;`'\"".contains(c)) {
            let word = word.trim_end_matches(['.', ':']);
            if word.contains(['*', '?', '{', '<']) {
                continue; // a pattern or placeholder, not a path
            }
            if ![
                "docs/",
                "examples/",
                "bench/",
                "models/",
                "tests/",
                "README.md",
            ]
            .iter()
            .any(|p| word.starts_with(p))
            {
                continue;
            }
            checked += 1;
            if let Some(why) = broken(Path::new("README.md"), word, &mut cache) {
                bad.push(format!("`{cmd} --help` names {word}: {why}"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(
        checked >= 3,
        "help names at least the event format page and the examples"
    );
}

/// Long flags of a command, without the global ones and help/version.
fn own_flags(cmd: &clap::Command, global: &BTreeSet<String>) -> Vec<String> {
    cmd.get_arguments()
        .filter(|a| !a.is_hide_set())
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .filter(|l| !global.contains(l) && l != "--help" && l != "--version")
        .collect()
}

fn mentions(page: &str, flag: &str) -> bool {
    page.match_indices(flag).any(|(i, _)| {
        !page[i + flag.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

#[test]
fn every_command_has_a_page_listing_every_flag() {
    let mut cli = twinbridge::cli::Cli::command();
    cli.build();
    let global: BTreeSet<String> = cli
        .get_arguments()
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect();
    let mut missing = Vec::new();
    let index = read(Path::new("docs/commands/README.md"));
    for flag in &global {
        if !mentions(&index, flag) && flag != "--help" && flag != "--version" {
            missing.push(format!(
                "docs/commands/README.md lacks the global flag {flag}"
            ));
        }
    }
    for top in cli.get_subcommands().filter(|c| c.get_name() != "help") {
        let rel = PathBuf::from(format!("docs/commands/{}.md", top.get_name()));
        if !root().join(&rel).exists() {
            missing.push(format!("{} does not exist", rel.display()));
            continue;
        }
        if !index.contains(&format!("({}.md)", top.get_name())) {
            missing.push(format!(
                "docs/commands/README.md does not link {}.md",
                top.get_name()
            ));
        }
        let page = read(&rel);
        let mut cmds = vec![(top.get_name().to_string(), top)];
        cmds.extend(
            top.get_subcommands()
                .filter(|c| c.get_name() != "help")
                .map(|c| (format!("{} {}", top.get_name(), c.get_name()), c)),
        );
        for (name, cmd) in cmds {
            for flag in own_flags(cmd, &global) {
                if !mentions(&page, &flag) {
                    missing.push(format!("{} lacks `{name} {flag}`", rel.display()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "undocumented:\n{}", missing.join("\n"));
}
