//! DTMI syntax, DTDL `name` syntax and BCP 47 language-tag checks, hand-written (no regex).
//! Pure string functions; no I/O.

/// Maximum length of a user DTMI (DTDL v2 and v3).
pub(crate) const MAX_USER_DTMI: usize = 2048;
/// Maximum length of an Interface `@id` (DTDL v2 and v3).
pub(crate) const MAX_INTERFACE_DTMI: usize = 128;
/// Prefixes reserved by the language; model elements may not use them.
pub(crate) const RESERVED_PREFIXES: [&str; 2] = ["dtmi:dtdl:", "dtmi:standard:"];

/// The parts of a syntactically valid DTMI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DtmiParts<'a> {
    /// Path segments between `dtmi:` and the version.
    pub segments: Vec<&'a str>,
    /// Major version, if any.
    pub major: Option<u64>,
    /// Minor version, if any (only with a major version).
    pub minor: Option<u64>,
    /// Fragment after `#`, if any (may be empty).
    pub fragment: Option<&'a str>,
}

impl DtmiParts<'_> {
    /// True when any segment is a system segment (starts with `_`).
    pub fn is_system(&self) -> bool {
        self.segments.iter().any(|s| s.starts_with('_'))
    }
}

fn is_segment(s: &str, allow_system: bool) -> bool {
    let b = s.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || (allow_system && first == b'_')) {
        return false;
    }
    if b.iter().any(|c| !(c.is_ascii_alphanumeric() || *c == b'_')) {
        return false;
    }
    // last char may not be '_' (a lone "_" is not a segment either)
    b[b.len() - 1] != b'_'
}

fn parse_num(s: &str, max_digits: usize) -> Option<u64> {
    if s.is_empty() || s.len() > max_digits || s.starts_with('0') {
        return None;
    }
    if !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses the general DTMI syntax (system segments and fragments allowed).
pub(crate) fn parse(s: &str) -> Option<DtmiParts<'_>> {
    let rest = s.strip_prefix("dtmi:")?;
    let (rest, fragment) = match rest.split_once('#') {
        Some((r, f)) => {
            if !f.is_empty() && !is_segment(f, true) {
                return None;
            }
            (r, Some(f))
        }
        None => (rest, None),
    };
    let (path, version) = match rest.split_once(';') {
        Some((p, v)) => (p, Some(v)),
        None => (rest, None),
    };
    let segments: Vec<&str> = path.split(':').collect();
    if !segments.iter().all(|seg| is_segment(seg, true)) {
        return None;
    }
    let (major, minor) = match version {
        None => (None, None),
        Some(v) => match v.split_once('.') {
            Some((ma, mi)) => (Some(parse_num(ma, 9)?), Some(parse_num(mi, 6)?)),
            None => (Some(parse_num(v, 9)?), None),
        },
    };
    Some(DtmiParts {
        segments,
        major,
        minor,
        fragment,
    })
}

/// True for a string that is a DTMI per the user-identifier pattern of the given DTDL version
/// (no system segments, no fragment; v2 requires an integer version, v3 allows none or
/// `major.minor`). Length is not checked here.
pub(crate) fn is_user_dtmi(s: &str, version: u8) -> bool {
    let Some(p) = parse(s) else {
        return false;
    };
    if p.is_system() || p.fragment.is_some() {
        return false;
    }
    if version <= 2 {
        p.major.is_some() && p.minor.is_none()
    } else {
        true
    }
}

/// DTMI syntax check for a user model id in the given DTDL version: `Err(reason)`.
pub fn check_dtmi(id: &str, dtdl_version: u8) -> Result<(), String> {
    if !id.starts_with("dtmi:") {
        return Err(format!("'{id}' is not a DTMI: it must start with 'dtmi:'"));
    }
    let Some(p) = parse(id) else {
        return Err(format!(
            "'{id}' is not a valid DTMI: segments are letters, digits and '_', start with a letter and do not end with '_'; the version follows ';'"
        ));
    };
    if p.is_system() {
        return Err(format!(
            "'{id}' contains a system segment (starting with '_'), which models may not use"
        ));
    }
    if p.fragment.is_some() {
        return Err(format!(
            "'{id}' has a '#' fragment, which a model id may not have"
        ));
    }
    if dtdl_version <= 2 {
        if p.major.is_none() {
            return Err(format!(
                "'{id}' has no version: DTDL v2 requires ';<version>' (1 to 999999999), e.g. '{id};1'"
            ));
        }
        if p.minor.is_some() {
            return Err(format!(
                "'{id}' has a minor version, which DTDL v2 does not allow; use an integer version"
            ));
        }
    }
    if id.len() > MAX_USER_DTMI {
        return Err(format!(
            "'{id}' is {} characters long; a DTMI may have at most {MAX_USER_DTMI}",
            id.len()
        ));
    }
    if let Some(prefix) = RESERVED_PREFIXES.iter().find(|p| id.starts_with(**p)) {
        return Err(format!(
            "'{id}' uses the reserved prefix '{prefix}'; choose your own namespace"
        ));
    }
    Ok(())
}

/// True for a valid DTDL `name`: letters, digits and `_`, starting with a letter and not
/// ending with `_`.
pub(crate) fn is_valid_name(s: &str) -> bool {
    is_segment(s, false)
}

/// Appends path segments to a DTMI before its version (automatic identifier assignment).
pub(crate) fn child_id(parent: &str, extra: &str) -> String {
    match parent.find(';') {
        Some(i) => format!("{}:{}{}", &parent[..i], extra, &parent[i..]),
        None => format!("{parent}:{extra}"),
    }
}

/// A language code as the DTDL specification allows it (v2 and v3):
/// `^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$`, e.g. `en`, `en-US`, `sr-Latn-RS`,
/// `es-419`.
pub(crate) fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-').peekable();
    let Some(primary) = parts.next() else {
        return false;
    };
    if !(2..=4).contains(&primary.len()) || !primary.bytes().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    let script = |p: &str| {
        let b = p.as_bytes();
        b.len() == 4 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_lowercase)
    };
    let region = |p: &str| {
        (p.len() == 2 && p.bytes().all(|c| c.is_ascii_uppercase()))
            || (p.len() == 3 && p.bytes().all(|c| c.is_ascii_digit()))
    };
    if parts.peek().is_some_and(|p| script(p)) {
        parts.next();
    }
    if parts.peek().is_some_and(|p| region(p)) {
        parts.next();
    }
    parts.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtmi_rules_per_version() {
        assert!(check_dtmi("dtmi:com:example:Thermostat;1", 2).is_ok());
        assert!(check_dtmi("dtmi:com:example:Thermostat", 2).is_err());
        assert!(check_dtmi("dtmi:com:example:Thermostat", 3).is_ok());
        assert!(check_dtmi("dtmi:com:example:Thermostat;1.2", 3).is_ok());
        assert!(check_dtmi("dtmi:com:example:Thermostat;1.2", 2).is_err());
        assert!(check_dtmi("dtmi:com:example:Thermostat;0", 3).is_err());
        assert!(check_dtmi("dtmi:com:example:Thermostat;01", 2).is_err());
        assert!(check_dtmi("dtmi:com:example:Thermostat;1234567890", 2).is_err());
        assert!(check_dtmi("dtmi:com:example:Thermostat;1.0", 3).is_err());
        assert!(check_dtmi("dtmi:com:_system:x;1", 2).is_err());
        assert!(check_dtmi("dtmi:com:bad_:x;1", 2).is_err());
        assert!(check_dtmi("dtmi:com:9bad:x;1", 2).is_err());
        assert!(check_dtmi("dtmi:dtdl:thing;1", 2).is_err());
        assert!(check_dtmi("dtmi:standard:thing;1", 3).is_err());
        assert!(check_dtmi("urn:x:y;1", 3).is_err());
        assert!(check_dtmi("dtmi:foo//bar", 3).is_err());
    }

    #[test]
    fn names_and_languages() {
        assert!(is_valid_name("a_b1"));
        assert!(!is_valid_name("a_"));
        assert!(!is_valid_name("1a"));
        assert!(!is_valid_name(""));
        assert!(is_language_tag("en"));
        assert!(is_language_tag("sr-Latn-RS"));
        assert!(is_language_tag("fr-155"));
        assert!(!is_language_tag("English"));
        assert!(is_language_tag("haw"));
        assert!(is_language_tag("en-US"));
        assert!(!is_language_tag("en-us"));
        assert!(!is_language_tag("EN"));
        assert!(!is_language_tag("en-US-x-foo"));
        assert!(!is_language_tag("en-Latn-RS-US"));
        assert!(!is_language_tag(""));
        assert_eq!(
            child_id("dtmi:a:b;1", "_contents:__x"),
            "dtmi:a:b:_contents:__x;1"
        );
    }
}
