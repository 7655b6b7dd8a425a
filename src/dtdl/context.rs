//! JSON-LD `@context` handling for DTDL: which contexts are known, the scope they create
//! (language version, extensions, undefined extensions), term expansion and classification
//! of the IRIs that terms expand to. Pure; no I/O.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::dtmi;
use super::terms::{self, TermTable};

/// Extension contexts a scope may have in force.
pub(crate) const EXT_QT: u8 = 1;
pub(crate) const EXT_IOTC: u8 = 2;
pub(crate) const EXT_HIST: u8 = 4;
pub(crate) const EXT_ANNOT: u8 = 8;
pub(crate) const EXT_OVER: u8 = 16;
pub(crate) const EXT_MQTT: u8 = 32;

/// The context in force for an element.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Scope {
    /// DTDL language version (2 or 3), 0 when no DTDL context has been seen.
    pub version: u8,
    /// Bit set of `EXT_*` extensions.
    pub ext: u8,
    /// An undefined (unrecognized) extension context is in force.
    pub undefined: bool,
}

/// Why an `@context` value was rejected.
pub(crate) enum ContextError {
    /// Not a string or array of strings.
    Shape(String),
    /// One entry is bad.
    Entry(usize, String),
}

fn known_context(s: &str) -> Option<(Option<u8>, u8)> {
    Some(match s {
        "dtmi:dtdl:context;2" => (Some(2), 0),
        "dtmi:dtdl:context;3" => (Some(3), 0),
        "dtmi:iotcentral:context;2" => (None, EXT_IOTC),
        "dtmi:dtdl:extension:quantitativeTypes;1" => (None, EXT_QT),
        "dtmi:dtdl:extension:historization;1" => (None, EXT_HIST),
        "dtmi:dtdl:extension:annotation;1" => (None, EXT_ANNOT),
        "dtmi:dtdl:extension:overriding;1" => (None, EXT_OVER),
        "dtmi:dtdl:extension:mqtt;1" => (None, EXT_MQTT),
        _ => return None,
    })
}

/// Applies an `@context` value to a parent scope. `top` is true for a top-level element,
/// which must name a DTDL context first.
pub(crate) fn apply(
    value: &serde_json::Value,
    parent: Scope,
    top: bool,
    allow_undefined: bool,
) -> Result<Scope, ContextError> {
    let entries: Vec<&serde_json::Value> = match value {
        serde_json::Value::String(_) => vec![value],
        serde_json::Value::Array(a) => a.iter().collect(),
        _ => {
            return Err(ContextError::Shape(
                "@context must be a string or an array of strings, e.g. \"dtmi:dtdl:context;3\""
                    .into(),
            ));
        }
    };
    let mut scope = parent;
    let mut seen_dtdl = false;
    for (i, e) in entries.iter().enumerate() {
        let Some(s) = e.as_str() else {
            return Err(ContextError::Entry(
                i,
                "each @context entry must be a context DTMI string".into(),
            ));
        };
        match known_context(s) {
            Some((Some(v), _)) => {
                scope.version = v;
                // a DTDL context resets the extensions chosen for the other version
                if !seen_dtdl && !top {
                    scope.ext &= !(EXT_IOTC | EXT_QT);
                }
                seen_dtdl = true;
            }
            Some((None, ext)) => {
                if ext == EXT_IOTC && scope.version == 3 && seen_dtdl {
                    return Err(ContextError::Entry(
                        i,
                        format!(
                            "context '{s}' is a DTDL v2 extension and cannot be used with DTDL v3"
                        ),
                    ));
                }
                scope.ext |= ext;
            }
            None if s.starts_with("dtmi:dtdl:context") => {
                return Err(ContextError::Entry(
                    i,
                    format!(
                        "'{s}' is not a supported DTDL context; use \"dtmi:dtdl:context;2\" or \"dtmi:dtdl:context;3\""
                    ),
                ));
            }
            None => {
                let valid = dtmi::parse(s).is_some_and(|p| p.major.is_some() && !p.is_system());
                if !valid {
                    return Err(ContextError::Entry(
                        i,
                        format!(
                            "'{s}' is not a valid context: a context must be a DTMI with a version, e.g. \"dtmi:dtdl:context;3\""
                        ),
                    ));
                }
                if !allow_undefined {
                    return Err(ContextError::Entry(
                        i,
                        format!(
                            "context '{s}' is not a recognized DTDL context or extension; remove it or allow undefined extensions"
                        ),
                    ));
                }
                if top && !seen_dtdl {
                    return Err(ContextError::Entry(
                        i,
                        "the DTDL context (e.g. \"dtmi:dtdl:context;3\") must come first in @context".into(),
                    ));
                }
                scope.undefined = true;
            }
        }
    }
    if top && !seen_dtdl {
        return Err(ContextError::Shape(
            "a top-level element must have @context naming the DTDL version, e.g. \"dtmi:dtdl:context;3\""
                .into(),
        ));
    }
    if scope.version == 2 && scope.ext & (EXT_QT | EXT_HIST | EXT_ANNOT | EXT_OVER | EXT_MQTT) != 0
    {
        return Err(ContextError::Shape(
            "DTDL v3 extensions cannot be used in a DTDL v2 element".into(),
        ));
    }
    Ok(scope)
}

type TermMap = HashMap<&'static str, String>;

fn build(table: TermTable) -> TermMap {
    let mut m = HashMap::new();
    for (pattern, names) in table {
        for n in names.split_whitespace() {
            let iri = if pattern.contains("{}") {
                pattern.replace("{}", n)
            } else {
                (*pattern).to_string()
            };
            m.insert(n, iri);
        }
    }
    m
}

macro_rules! table {
    ($f:ident, $t:path) => {
        fn $f() -> &'static TermMap {
            static M: OnceLock<TermMap> = OnceLock::new();
            M.get_or_init(|| build($t))
        }
    };
}
table!(v2_terms, terms::V2_TERMS);
table!(v3_terms, terms::V3_TERMS);
table!(iotc_terms, terms::IOTCENTRAL_TERMS);
table!(qt_terms, terms::QT_TERMS);
table!(hist_terms, terms::HISTORIZATION_TERMS);
table!(annot_terms, terms::ANNOTATION_TERMS);
table!(over_terms, terms::OVERRIDING_TERMS);
table!(mqtt_terms, terms::MQTT_TERMS);

type Table = fn() -> &'static TermMap;

/// The term tables in force in a scope, extensions first (they take precedence).
fn tables(scope: Scope) -> impl Iterator<Item = &'static TermMap> {
    let exts: [(u8, Table); 6] = [
        (EXT_MQTT, mqtt_terms),
        (EXT_OVER, over_terms),
        (EXT_ANNOT, annot_terms),
        (EXT_HIST, hist_terms),
        (EXT_QT, qt_terms),
        (EXT_IOTC, iotc_terms),
    ];
    let base: Table = if scope.version == 2 {
        v2_terms
    } else {
        v3_terms
    };
    exts.into_iter()
        .filter(move |(bit, _)| scope.ext & bit != 0)
        .map(|(_, f)| f())
        .chain(std::iter::once(base()))
}

/// Expands a term in a scope to its IRI, if the term is defined.
pub(crate) fn expand(scope: Scope, term: &str) -> Option<&'static str> {
    tables(scope).find_map(|t| t.get(term).map(String::as_str))
}

/// A term that some table in force in the scope expands to `iri` (the caller checks that
/// the term is not shadowed). Only for IRIs the language defines; rare in real models, so a
/// scan is fine.
pub(crate) fn term_for(scope: Scope, iri: &str) -> Option<&'static str> {
    tables(scope).find_map(|t| t.iter().find(|(_, i)| *i == iri).map(|(term, _)| *term))
}

/// What a DTDL-defined IRI denotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Known {
    /// `dtmi:dtdl:class:X;v`
    Class(String, u8),
    /// `dtmi:dtdl:property:x;v`
    Prop(String, u8),
    /// a primitive schema instance `dtmi:dtdl:instance:Schema:x;v`
    Primitive(String, u8),
    /// a CommandType instance
    CommandType(String, u8),
    /// a geospatial schema (or an IoT Central schema) usable as a schema
    Geo(String, u8),
    /// a semantic type: (name, family) where family 2 = standard v2, 3 = quantitativeTypes,
    /// 1 = IoT Central
    Semantic(String, u8),
    /// a unit: (name, family)
    Unit(String, u8),
    /// an extension adjunct type (historization, annotation, overriding, mqtt)
    Adjunct(String),
    /// an extension property (annotates, overrides, ...)
    AdjunctProp(String),
    /// anything else the language reserves (unit types, prefixes, quantitative-type props)
    Other,
}

fn v2_semantic() -> &'static HashMap<&'static str, (&'static str, Vec<&'static str>)> {
    static M: OnceLock<HashMap<&'static str, (&'static str, Vec<&'static str>)>> = OnceLock::new();
    M.get_or_init(|| {
        terms::V2_SEMANTIC
            .iter()
            .map(|(s, u, us)| (*s, (*u, us.split_whitespace().collect())))
            .collect()
    })
}

fn qt_semantic() -> &'static HashMap<&'static str, (&'static str, Vec<&'static str>)> {
    static M: OnceLock<HashMap<&'static str, (&'static str, Vec<&'static str>)>> = OnceLock::new();
    M.get_or_init(|| {
        terms::QT_SEMANTIC
            .iter()
            .map(|(s, u, us)| (*s, (*u, us.split_whitespace().collect())))
            .collect()
    })
}

/// The unit type and allowed units of a semantic type, if it has units.
pub(crate) fn semantic_units(
    name: &str,
    family: u8,
) -> Option<(&'static str, &'static [&'static str])> {
    let m = match family {
        2 => v2_semantic(),
        3 => qt_semantic(),
        _ => return None,
    };
    m.get(name).map(|(u, us)| (*u, us.as_slice()))
}

fn strip_version(rest: &str) -> Option<(&str, u8)> {
    let (name, v) = rest.rsplit_once(';')?;
    let v = match v {
        "2" => 2,
        "3" => 3,
        _ => return None,
    };
    Some((name, v))
}

/// Classifies an IRI the language defines; `None` for IRIs outside the language.
pub(crate) fn classify(iri: &str) -> Option<Known> {
    if let Some(rest) = iri.strip_prefix("dtmi:dtdl:class:") {
        let (n, v) = strip_version(rest)?;
        return Some(Known::Class(n.into(), v));
    }
    if let Some(rest) = iri.strip_prefix("dtmi:dtdl:property:") {
        let (n, v) = strip_version(rest)?;
        return Some(Known::Prop(n.into(), v));
    }
    if let Some(rest) = iri.strip_prefix("dtmi:dtdl:instance:Schema:") {
        let (n, v) = strip_version(rest)?;
        return Some(Known::Primitive(n.into(), v));
    }
    if let Some(rest) = iri.strip_prefix("dtmi:dtdl:instance:CommandType:") {
        let (n, v) = strip_version(rest)?;
        return Some(Known::CommandType(n.into(), v));
    }
    if let Some(rest) = iri.strip_prefix("dtmi:standard:schema:geospatial:") {
        let (n, v) = strip_version(rest)?;
        return Some(Known::Geo(n.into(), v));
    }
    if let Some(rest) = iri.strip_prefix("dtmi:iotcentral:schema:") {
        let (n, _) = strip_version(rest)?;
        return Some(Known::Geo(n.into(), 2));
    }
    if let Some(rest) = iri.strip_prefix("dtmi:iotcentral:class:") {
        let (n, _) = strip_version(rest)?;
        return Some(Known::Semantic(n.into(), 1));
    }
    if let Some(rest) = iri.strip_prefix("dtmi:standard:class:") {
        let (n, _) = strip_version(rest)?;
        if v2_semantic().contains_key(n) {
            return Some(Known::Semantic(n.into(), 2));
        }
        return Some(Known::Other);
    }
    if let Some(rest) = iri.strip_prefix("dtmi:standard:unit:") {
        let (n, _) = strip_version(rest)?;
        return Some(Known::Unit(n.into(), 2));
    }
    if let Some(rest) = iri.strip_prefix("dtmi:dtdl:extension:quantitativeTypes:v1:") {
        if let Some(n) = rest
            .strip_prefix("class:")
            .filter(|n| qt_semantic().contains_key(n))
        {
            return Some(Known::Semantic(n.into(), 3));
        }
        if let Some(n) = rest.strip_prefix("unit:") {
            return Some(Known::Unit(n.into(), 3));
        }
        if rest == "property:unit" {
            return Some(Known::Prop("unit".into(), 3));
        }
        return Some(Known::Other);
    }
    if let Some(rest) = iri.strip_prefix("dtmi:dtdl:extension:") {
        let last = rest.rsplit(':').next().unwrap_or(rest);
        if last.starts_with(|c: char| c.is_ascii_uppercase()) {
            return Some(Known::Adjunct(last.into()));
        }
        return Some(Known::AdjunctProp(last.into()));
    }
    if iri.starts_with("dtmi:dtdl:") || iri.starts_with("dtmi:standard:") {
        return Some(Known::Other);
    }
    None
}
