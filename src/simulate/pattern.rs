//! Registration id patterns: `sim-{n}` or `sim-{n:04}` (zero-padded), expanded for n = first..
//! and checked against DPS's rules (<= 128 chars of alphanumerics and `-._:`, ending in an
//! alphanumeric or `-`).

/// Why a pattern cannot name the devices.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct PatternError(pub String);

fn expand_one(pattern: &str, n: u64) -> Result<String, PatternError> {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .map(|e| start + e)
            .ok_or_else(|| PatternError(format!("pattern {pattern:?} has an unclosed `{{`")))?;
        let spec = &rest[start + 1..end];
        let width = match spec {
            "n" => 0,
            s => s
                .strip_prefix("n:")
                .and_then(|w| w.strip_prefix('0').unwrap_or(w).parse::<usize>().ok())
                .ok_or_else(|| {
                    PatternError(format!(
                        "pattern {pattern:?}: `{{{spec}}}` is not {{n}} or {{n:0WIDTH}}"
                    ))
                })?,
        };
        out.push_str(&format!("{n:0width$}"));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Whether `id` is a valid DPS registration id.
pub fn check_registration_id(id: &str) -> Result<(), PatternError> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | ':');
    if id.is_empty() || id.len() > 128 {
        return Err(PatternError(format!(
            "registration id {id:?} must be 1 to 128 characters"
        )));
    }
    if let Some(c) = id.chars().find(|c| !ok_char(*c)) {
        return Err(PatternError(format!(
            "registration id {id:?} has {c:?}; DPS allows letters, digits and - . _ :"
        )));
    }
    if id.ends_with(['.', '_', ':']) {
        return Err(PatternError(format!(
            "registration id {id:?} must end with a letter, digit or -"
        )));
    }
    Ok(())
}

/// The registration ids for devices `first .. first + count`.
pub fn registration_ids(
    pattern: &str,
    first: u64,
    count: u64,
) -> Result<Vec<String>, PatternError> {
    if count > 1 && !pattern.contains("{n") {
        return Err(PatternError(format!(
            "--count {count} needs a pattern with {{n}} so each device gets its own id, e.g. {pattern}-{{n:04}}"
        )));
    }
    (first..first + count)
        .map(|n| {
            let id = expand_one(pattern, n)?;
            check_registration_id(&id)?;
            Ok(id)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_and_pads() {
        assert_eq!(
            registration_ids("sim-{n:04}", 1, 3).unwrap(),
            vec!["sim-0001", "sim-0002", "sim-0003"]
        );
        assert_eq!(
            registration_ids("t{n}x", 9, 2).unwrap(),
            vec!["t9x", "t10x"]
        );
        assert_eq!(registration_ids("one", 1, 1).unwrap(), vec!["one"]);
    }

    #[test]
    fn rejects_bad_patterns_with_reasons() {
        assert!(
            registration_ids("same", 1, 2)
                .unwrap_err()
                .0
                .contains("{n}")
        );
        assert!(
            registration_ids("a{n", 1, 1)
                .unwrap_err()
                .0
                .contains("unclosed")
        );
        assert!(
            registration_ids("a{x}", 1, 1)
                .unwrap_err()
                .0
                .contains("not {n}")
        );
        assert!(
            registration_ids("a b{n}", 1, 1)
                .unwrap_err()
                .0
                .contains("' '")
        );
        assert!(
            registration_ids("a{n}_", 1, 1)
                .unwrap_err()
                .0
                .contains("end")
        );
    }
}
