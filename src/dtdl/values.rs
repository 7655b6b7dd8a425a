//! Parsing of literal property values as JSON-LD allows them: plain JSON values, value
//! objects (`{"@value": .., "@type": ..}`), language maps and arrays of these, with the
//! specification's recommendations for value objects (a `@type`, a `@language`). Pure.

use serde_json::{Map, Value};

use super::dtmi;
use super::graph::PVal;

/// A problem with a value: pointer suffix (relative to the property) and message.
pub(crate) type VErr = (String, String);

/// Recommendations a value departs from: pointer suffix, rule identifier, message.
pub(crate) type Notes = Vec<(String, &'static str, String)>;

fn err(suffix: impl Into<String>, msg: impl Into<String>) -> VErr {
    (suffix.into(), msg.into())
}

/// Splits a property value into items: an array gives its elements (with `/i` suffixes),
/// anything else is a single item.
pub(crate) fn items(v: &Value) -> Vec<(&Value, String)> {
    match v {
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, x)| (x, format!("/{i}")))
            .collect(),
        _ => vec![(v, String::new())],
    }
}

/// The datatype a value object must declare.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Datatype {
    String,
    Integer,
    Boolean,
}

impl Datatype {
    fn xsd(self) -> &'static str {
        match self {
            Datatype::String => "string",
            Datatype::Integer => "integer",
            Datatype::Boolean => "boolean",
        }
    }

    /// The specification's rules for a representational literal of this datatype:
    /// (has a `@type`, has only `@value` and `@type`).
    fn rules(self) -> (&'static str, &'static str) {
        match self {
            Datatype::String => (
                "RepresentationalStringHasType",
                "RepresentationalStringOnlyValueAndType",
            ),
            Datatype::Integer => (
                "RepresentationalIntegerHasType",
                "RepresentationalIntegerOnlyValueAndType",
            ),
            Datatype::Boolean => (
                "RepresentationalBooleanHasType",
                "RepresentationalBooleanOnlyValueAndType",
            ),
        }
    }
}

/// Unwraps a value object `{"@value": x, "@type": ..}` into `x`, checking its keywords.
fn unwrap_value_object<'v>(
    o: &'v Map<String, Value>,
    dt: Datatype,
    version: u8,
    notes: &mut Notes,
) -> Result<&'v Value, VErr> {
    let (has_type, only) = dt.rules();
    for k in o.keys() {
        match k.as_str() {
            "@value" | "@type" => {}
            "@id" | "@context" | "@graph" => {
                return Err(err(
                    "",
                    format!("a literal value object may not contain '{k}'"),
                ));
            }
            k if !k.starts_with('@') => {
                return Err(err(
                    "",
                    format!(
                        "a literal value object may only contain '@value' and '@type', not '{k}'"
                    ),
                ));
            }
            k if version >= 3 => {
                return Err(err(
                    "",
                    format!(
                        "a literal value object may only contain '@value' and '@type', not '{k}'"
                    ),
                ));
            }
            k => notes.push((
                format!("/{}", k.replace('~', "~0").replace('/', "~1")),
                only,
                format!(
                    "'{k}' has no meaning in a literal value object; keep only '@value' and '@type'"
                ),
            )),
        }
    }
    let Some(v) = o.get("@value") else {
        return Err(err("", "a value object must have '@value'"));
    };
    if !o.contains_key("@type") {
        notes.push((
            String::new(),
            has_type,
            format!(
                "give this value object \"@type\": \"xsd:{}\" (or write the bare value)",
                dt.xsd()
            ),
        ));
    }
    if let Some(t) = o.get("@type") {
        let ok = match t {
            Value::String(s) => is_xsd(s, dt),
            Value::Array(a) => a.len() == 1 && a[0].as_str().is_some_and(|s| is_xsd(s, dt)),
            _ => false,
        };
        if !ok {
            return Err(err(
                "/@type",
                format!("'@type' of this value must be \"xsd:{}\"", dt.xsd()),
            ));
        }
    }
    Ok(v)
}

fn is_xsd(s: &str, dt: Datatype) -> bool {
    let n = dt.xsd();
    s.strip_prefix("xsd:") == Some(n)
        || s.strip_prefix("http://www.w3.org/2001/XMLSchema#") == Some(n)
}

/// Parses one item of a literal-valued property into a JSON scalar of the datatype.
fn scalar(v: &Value, dt: Datatype, version: u8, notes: &mut Notes) -> Result<Value, VErr> {
    let inner = match v {
        Value::Object(o) => unwrap_value_object(o, dt, version, notes)?,
        _ => v,
    };
    let ok = match dt {
        Datatype::String => inner.is_string(),
        Datatype::Integer => inner.is_i64() || inner.is_u64(),
        Datatype::Boolean => inner.is_boolean(),
    };
    if ok {
        Ok(inner.clone())
    } else {
        let what = match dt {
            Datatype::String => "a string",
            Datatype::Integer => "an integer",
            Datatype::Boolean => "true or false",
        };
        Err(err("", format!("must be {what}, found {}", short(inner))))
    }
}

/// A short rendering of a JSON value for messages.
pub(crate) fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        let t: String = s.chars().take(57).collect();
        format!("{t}...")
    } else {
        s
    }
}

/// Parses a string-literal property item.
pub(crate) fn string(
    v: &Value,
    version: u8,
    max_len: usize,
    notes: &mut Notes,
) -> Result<PVal, VErr> {
    let s = scalar(v, Datatype::String, version, notes)?;
    let s = s.as_str().unwrap_or_default().to_string();
    if s.chars().count() > max_len {
        return Err(err(
            "",
            format!(
                "is {} characters long; the limit is {max_len}",
                s.chars().count()
            ),
        ));
    }
    Ok(PVal::Str(s))
}

/// Parses a `name` item.
pub(crate) fn name(
    v: &Value,
    version: u8,
    max_len: usize,
    notes: &mut Notes,
) -> Result<PVal, VErr> {
    let PVal::Str(s) = string(v, version, max_len, notes)? else {
        return Err(err("", "must be a string"));
    };
    if !dtmi::is_valid_name(&s) {
        return Err(err(
            "",
            format!(
                "'{s}' is not a valid name: use letters, digits and '_', starting with a letter and not ending with '_'"
            ),
        ));
    }
    Ok(PVal::Str(s))
}

/// Parses an integer item with bounds.
pub(crate) fn integer(
    v: &Value,
    version: u8,
    min: i64,
    max: Option<i64>,
    notes: &mut Notes,
) -> Result<PVal, VErr> {
    let n = scalar(v, Datatype::Integer, version, notes)?;
    let n = n
        .as_i64()
        .ok_or_else(|| err("", "integer is out of range"))?;
    if n < min || max.is_some_and(|m| n > m) {
        let range = match max {
            Some(m) if m == min => format!("exactly {min}"),
            Some(m) => format!("between {min} and {m}"),
            None => format!("at least {min}"),
        };
        return Err(err("", format!("is {n}; it must be {range}")));
    }
    Ok(PVal::Int(n))
}

/// Parses a boolean item.
pub(crate) fn boolean(v: &Value, version: u8, notes: &mut Notes) -> Result<PVal, VErr> {
    let b = scalar(v, Datatype::Boolean, version, notes)?;
    Ok(PVal::Bool(b.as_bool().unwrap_or_default()))
}

/// Parses an `enumValue` item (an integer or a string; checked against the Enum later).
pub(crate) fn literal(v: &Value, version: u8, notes: &mut Notes) -> Result<PVal, VErr> {
    let inner = match v {
        Value::Object(o) => {
            let dt = match o.get("@value") {
                Some(Value::String(_)) => Datatype::String,
                _ => Datatype::Integer,
            };
            unwrap_value_object(o, dt, version, notes)?
        }
        _ => v,
    };
    if inner.is_string() || inner.is_i64() || inner.is_u64() {
        Ok(PVal::Lit(inner.clone()))
    } else {
        Err(err(
            "",
            format!("must be an integer or a string, found {}", short(inner)),
        ))
    }
}

fn lang_entry(
    lang: &str,
    text: &Value,
    suffix: &str,
    max_len: usize,
    out: &mut Vec<(String, String)>,
) -> Result<(), VErr> {
    if !lang.is_empty() && !dtmi::is_language_tag(lang) {
        return Err(err(
            suffix,
            format!(
                "'{lang}' is not a language code as DTDL writes them, e.g. \"en\", \"de-CH\" or \"zh-Hant-TW\""
            ),
        ));
    }
    let Some(s) = text.as_str() else {
        return Err(err(
            suffix,
            format!("a localized string must be a string, found {}", short(text)),
        ));
    };
    if s.chars().count() > max_len {
        return Err(err(
            suffix,
            format!(
                "is {} characters long; the limit is {max_len}",
                s.chars().count()
            ),
        ));
    }
    let norm = |l: &str| {
        if l.is_empty() {
            "en".to_string()
        } else {
            l.to_ascii_lowercase()
        }
    };
    if out.iter().any(|(l, _)| norm(l) == norm(lang)) {
        return Err(err(
            suffix,
            format!(
                "language '{}' is given more than once",
                if lang.is_empty() { "default" } else { lang }
            ),
        ));
    }
    out.push((lang.to_string(), s.to_string()));
    Ok(())
}

/// One language-tagged value object of a localizable-string array. DTDL v2 tolerates (but
/// discourages) other JSON-LD keywords in it; v3 does not.
fn lang_value_object(
    o: &Map<String, Value>,
    suffix: &str,
    max_len: usize,
    version: u8,
    out: &mut Vec<(String, String)>,
    notes: &mut Notes,
) -> Result<(), VErr> {
    for k in o.keys().filter(|k| *k != "@value" && *k != "@language") {
        let forbidden = version >= 3
            || !k.starts_with('@')
            || matches!(k.as_str(), "@id" | "@context" | "@graph");
        if forbidden {
            return Err(err(
                suffix,
                format!(
                    "a localized value object may only contain '@value' and '@language', not '{k}'"
                ),
            ));
        }
        notes.push((
            format!("{suffix}/{}", k.replace('~', "~0").replace('/', "~1")),
            "LocalizableStringArrayElementOnlyValueAndLanguage",
            format!("'{k}' has no meaning in a localized value object; keep only '@value' and '@language'"),
        ));
    }
    let Some(text) = o.get("@value") else {
        return Err(err(suffix, "a localized value object must have '@value'"));
    };
    let lang = match o.get("@language") {
        None => {
            notes.push((
                suffix.to_string(),
                "LocalizableStringArrayElementHasLanguage",
                "give this localized value object an '@language' (e.g. \"en\")".to_string(),
            ));
            ""
        }
        Some(Value::String(l)) => l.as_str(),
        Some(_) => return Err(err(suffix, "'@language' must be a string")),
    };
    lang_entry(lang, text, suffix, max_len, out)
}

/// Parses a localizable string (string, language map, value object or array).
pub(crate) fn lang_string(
    v: &Value,
    max_len: usize,
    version: u8,
    notes: &mut Notes,
) -> Result<PVal, VErr> {
    let mut out = Vec::new();
    match v {
        Value::String(_) => lang_entry("", v, "", max_len, &mut out)?,
        Value::Object(o) if o.keys().any(|k| k.starts_with('@')) => {
            return Err(err(
                "",
                "must be a string or a language map like {\"en\": \"...\"}; a value object is only allowed inside an array",
            ));
        }
        Value::Object(o) => {
            for (lang, text) in o {
                let sfx = format!("/{}", lang.replace('~', "~0").replace('/', "~1"));
                if lang.is_empty() {
                    return Err(err(
                        sfx,
                        "a language map key must be a language code like \"en\"",
                    ));
                }
                lang_entry(lang, text, &sfx, max_len, &mut out)?;
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let sfx = format!("/{i}");
                match x {
                    Value::String(_) => lang_entry("", x, &sfx, max_len, &mut out)?,
                    Value::Object(o) => {
                        lang_value_object(o, &sfx, max_len, version, &mut out, notes)?
                    }
                    _ => {
                        return Err(err(
                            sfx,
                            format!("must be a string or a value object, found {}", short(x)),
                        ));
                    }
                }
            }
        }
        _ => {
            return Err(err(
                "",
                format!(
                    "must be a string or a language map like {{\"en\": \"...\"}}, found {}",
                    short(v)
                ),
            ));
        }
    }
    Ok(PVal::Lang(out))
}
