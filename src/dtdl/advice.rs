//! Advice: where a model departs from a recommendation of the DTDL specification (SHOULD,
//! SHOULD NOT, RECOMMENDED) but stays valid, e.g. a DTMI where the context defines a term, a
//! type or context given twice, a deprecated member. Each note names the specification's
//! identifier of the recommendation, built the way the specification names them
//! (`Class<Class>Property<Member><Rule>`, `Context<Rule>`, `Value<Rule>`). Pure.

use serde_json::Value;

use super::context::{self, Known, Scope};
use super::meta::{Class, Prop};
use super::resolve::{Meaning, understand};

/// Advice before it is located in a file: JSON pointer, rule identifiers, message.
pub(crate) struct Note {
    pub pointer: String,
    pub rules: Vec<String>,
    pub message: String,
}

impl Note {
    fn new(pointer: impl Into<String>, rules: Vec<String>, message: impl Into<String>) -> Self {
        Note {
            pointer: pointer.into(),
            rules,
            message: message.into(),
        }
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// `Class<C><rule>`, e.g. `ClassCommandTypeDuplicatesMaterial`.
pub(crate) fn class_rule(c: Class, rule: &str) -> String {
    format!("Class{}{rule}", c.name())
}

/// `Class<C>Property<P><rule>`, e.g. `ClassArrayPropertyElementSchemaTerm`.
pub(crate) fn prop_rule(c: Class, p: Prop, rule: &str) -> String {
    format!("Class{}Property{}{rule}", c.name(), cap(p.name()))
}

/// The term the active context defines for a DTMI, if any.
fn term_for(scope: Scope, dtmi: &str) -> Option<&'static str> {
    context::term_for(scope, dtmi).filter(|t| context::expand(scope, t) == Some(dtmi))
}

/// `@context` recommendations: one DTDL context, no value twice, no two versions of one
/// context, and (v2) the IoT Central context after the DTDL one.
pub(crate) fn context(value: &Value, ptr: &str) -> Vec<Note> {
    let entries: Vec<&str> = match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => return vec![],
    };
    let at = |i: usize| match value {
        Value::Array(_) => format!("{ptr}/@context/{i}"),
        _ => format!("{ptr}/@context"),
    };
    let whole = format!("{ptr}/@context");
    let mut out = vec![];
    let dtdl: Vec<usize> = (0..entries.len())
        .filter(|i| entries[*i].starts_with("dtmi:dtdl:context;"))
        .collect();
    if dtdl.len() > 1 {
        out.push(Note::new(
            &whole,
            vec!["ContextDtdlOnlyOne".into()],
            "@context names more than one DTDL context; keep only the one for this element's DTDL version",
        ));
    }
    let deversioned = |s: &str| s.rsplit_once(';').map_or(s, |(d, _)| d).to_string();
    for (i, s) in entries.iter().enumerate() {
        if entries[..i].contains(s) {
            out.push(Note::new(
                at(i),
                vec!["ContextUniqueValues".into()],
                format!("'{s}' is given more than once in @context; remove the repeat"),
            ));
        } else if entries[..i]
            .iter()
            .any(|p| deversioned(p) == deversioned(s))
        {
            out.push(Note::new(
                at(i),
                vec!["ContextRepeatsDeversionedValue".into()],
                format!(
                    "@context names two versions of {}; keep one",
                    deversioned(s)
                ),
            ));
        }
    }
    let pos = |c: &str| entries.iter().position(|s| *s == c);
    if let (Some(i), Some(d)) = (pos("dtmi:iotcentral:context;2"), pos("dtmi:dtdl:context;2"))
        && i < d
    {
        out.push(Note::new(
            at(i),
            vec!["ContextDtdlPrecedesOrOnlyException".into()],
            "put \"dtmi:dtdl:context;2\" before \"dtmi:iotcentral:context;2\" in @context",
        ));
    }
    out
}

/// `@type` recommendations for an element of class `class`: the term rather than the DTMI,
/// not both, no repeats; the same for a semantic type.
pub(crate) fn types(list: &[(&str, String)], tptr: &str, class: Class, scope: Scope) -> Vec<Note> {
    let mut out = vec![];
    let mut material: Vec<&str> = vec![];
    let mut semantic: Vec<(String, &str)> = vec![];
    for (t, p) in list {
        let (kind, term) = match understand(t, scope) {
            Meaning::Known(Known::Class(n, v)) if v == scope.version && n == class.name() => {
                material.push(t);
                ("Type", class.name().to_string())
            }
            Meaning::Known(Known::Semantic(n, _)) => {
                semantic.push((n.clone(), t));
                ("SemanticType", n)
            }
            _ => continue,
        };
        if t.starts_with("dtmi:") && term_for(scope, t).is_some() {
            out.push(Note::new(
                p,
                vec![class_rule(class, &format!("{kind}PreferTermToDtmi"))],
                format!("write \"{term}\" instead of \"{t}\" in @type"),
            ));
        }
    }
    let both = |xs: &[&str]| {
        xs.iter().any(|t| t.starts_with("dtmi:")) && xs.iter().any(|t| !t.starts_with("dtmi:"))
    };
    let repeats = |xs: &[&str]| (1..xs.len()).any(|i| xs[..i].contains(&xs[i]));
    if both(&material) {
        out.push(Note::new(
            tptr,
            vec![class_rule(class, "TypeIncludesTermAndDtmi")],
            format!(
                "@type names {} both as a term and as a DTMI; keep the term",
                class.name()
            ),
        ));
    }
    if repeats(&material) {
        out.push(Note::new(
            tptr,
            vec![class_rule(class, "TypeDuplicatesMaterial")],
            format!("@type names {} more than once", class.name()),
        ));
    }
    let mut names: Vec<&str> = semantic.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    for n in names {
        let forms: Vec<&str> = semantic
            .iter()
            .filter(|(m, _)| m == n)
            .map(|(_, t)| *t)
            .collect();
        if both(&forms) {
            out.push(Note::new(
                tptr,
                vec![class_rule(class, "SemanticTypeTermAndDtmi")],
                format!(
                    "@type names semantic type {n} both as a term and as a DTMI; keep the term"
                ),
            ));
        }
    }
    out
}

/// A member name written as a DTMI where the context defines a term.
pub(crate) fn key(k: &str, kp: &str, class: Class, p: Prop, scope: Scope) -> Option<Note> {
    if !k.starts_with("dtmi:") {
        return None;
    }
    let term = term_for(scope, k)?;
    let rule = if p == Prop::Unit {
        class_rule(class, "CotypePropertyTerm")
    } else {
        prop_rule(class, p, "Term")
    };
    Some(Note::new(
        kp,
        vec![rule],
        format!("write the member name \"{term}\" instead of \"{k}\""),
    ))
}

/// A value written as a DTMI where the context defines a term (a standard schema, a unit,
/// an Enum value schema, a command type).
pub(crate) fn value(s: &str, ip: &str, class: Class, p: Prop, scope: Scope) -> Option<Note> {
    let known = context::classify(s)?;
    let term = term_for(scope, s)?;
    let mut rules = vec![];
    match known {
        Known::Unit(..) => rules.push(class_rule(class, "CotypePropertyValuePreferTermToDtmi")),
        known => {
            let restricted = matches!(
                (class, p),
                (Class::Enum, Prop::ValueSchema)
                    | (Class::MapKey, Prop::Schema)
                    | (Class::Command, Prop::CommandType)
            );
            rules.push(if restricted {
                prop_rule(class, p, &format!("Value{}PreferToDtmi", cap(term)))
            } else {
                prop_rule(class, p, "PreferTermToDtmi")
            });
            match known {
                Known::Primitive(..) => rules.push("ValuePrimitiveSchemaTerm".into()),
                Known::Geo(..) => rules.push("ValueGeospatialSchemaTerm".into()),
                _ => {}
            }
        }
    }
    Some(Note::new(
        ip,
        rules,
        format!("write \"{term}\" instead of \"{s}\""),
    ))
}

/// DTDL v2 allows, but discourages, JSON-LD keywords other than `@context`, `@id` and `@type`
/// in an element (v3 forbids them).
pub(crate) fn keyword(k: &str, kp: &str, class: Class) -> Note {
    Note::new(
        kp,
        vec![class_rule(class, "InvalidKeywords")],
        format!("the JSON-LD keyword '{k}' has no meaning in a DTDL element; remove it"),
    )
}

/// `commandType` is deprecated.
pub(crate) fn deprecated(kp: &str, class: Class, p: Prop) -> Note {
    Note::new(
        kp,
        vec![prop_rule(class, p, "Deprecated")],
        format!("'{}' is deprecated; remove it", p.name()),
    )
}
