//! Resolution of what strings in a model mean: `@type` entries and property keys (terms,
//! DTMIs, undefined terms), element identifiers, and string values naming schemas, units,
//! instances and DTMI references. Pure; no I/O.

use serde_json::{Map, Value};

use super::advice;
use super::context::{self, Known, Scope};
use super::dtmi;
use super::graph::{PVal, Prim};
use super::meta::{self, Class, Kind, Prop, PropSpec, Range, Seg};
use super::parse::{Slot, Walker};
use super::values::{self, short};

/// How a `@type` entry or a property key was understood.
pub(crate) enum Meaning {
    Known(Known),
    /// a term the context does not define
    Undefined,
    /// an absolute IRI that is not a DTMI
    NeitherDtmiNorTerm,
    /// starts with `dtmi:` but is not a valid DTMI
    Invalid,
    /// a valid DTMI the language does not define
    Foreign,
}

pub(crate) fn understand(s: &str, scope: Scope) -> Meaning {
    if s.contains(':') {
        if !s.starts_with("dtmi:") {
            return Meaning::NeitherDtmiNorTerm;
        }
        if dtmi::parse(s).is_none() {
            return Meaning::Invalid;
        }
        return match context::classify(s) {
            Some(k) => Meaning::Known(k),
            None => Meaning::Foreign,
        };
    }
    match context::expand(scope, s) {
        Some(iri) => match context::classify(iri) {
            Some(k) => Meaning::Known(k),
            None => Meaning::Foreign,
        },
        None => Meaning::Undefined,
    }
}

/// What `@type` says about an element.
pub(crate) struct Typing {
    pub class: Class,
    pub semantic: Vec<(String, u8)>,
    /// an undefined (or irrelevant) co-type is present, which permits undefined properties
    pub undefined_cotype: bool,
    /// an extension adjunct type is present
    pub adjunct: bool,
}

impl Walker<'_> {
    /// Reads `@type`: the element class, semantic co-types, whether an undefined co-type
    /// is present and whether an extension adjunct type is present.
    pub(crate) fn types(
        &mut self,
        o: &Map<String, Value>,
        ptr: &str,
        scope: Scope,
        slot: &Slot,
    ) -> Option<Typing> {
        let version = scope.version;
        let tptr = format!("{ptr}/@type");
        let list: Vec<(&str, String)> = match o.get("@type") {
            None => vec![],
            Some(Value::String(s)) => vec![(s.as_str(), tptr.clone())],
            Some(Value::Array(a)) => {
                let mut l = vec![];
                for (i, t) in a.iter().enumerate() {
                    match t.as_str() {
                        Some(s) => l.push((s, format!("{tptr}/{i}"))),
                        None => {
                            self.diag(
                                &format!("{tptr}/{i}"),
                                format!("each @type entry must be a string, found {}", short(t)),
                            );
                            return None;
                        }
                    }
                }
                l
            }
            Some(other) => {
                self.diag(
                    &tptr,
                    format!(
                        "@type must be a string or an array of strings, found {}",
                        short(other)
                    ),
                );
                return None;
            }
        };
        let mut classes: Vec<Class> = vec![];
        let mut semantic = vec![];
        let mut undefined = false;
        let mut adjunct = false;
        for (t, tp) in &list {
            match understand(t, scope) {
                Meaning::Known(Known::Class(n, v)) if v == version => {
                    match Class::from_name(&n, version) {
                        Some(Ok(c)) => {
                            if !classes.contains(&c) {
                                classes.push(c);
                            }
                        }
                        _ => {
                            self.diag(
                                tp,
                                format!("'{t}' cannot be used as the type of a model element"),
                            );
                            return None;
                        }
                    }
                }
                Meaning::Known(Known::Semantic(n, fam))
                    if (fam <= 2 && version == 2)
                        || (fam == 3 && version >= 3 && scope.ext & context::EXT_QT != 0) =>
                {
                    if !semantic.contains(&(n.clone(), fam)) {
                        semantic.push((n, fam));
                    }
                }
                Meaning::Known(Known::Adjunct(_)) if version >= 3 => adjunct = true,
                Meaning::Invalid => {
                    self.diag(tp, format!("'{t}' in @type is not a valid DTMI"));
                    return None;
                }
                Meaning::NeitherDtmiNorTerm if version >= 3 => {
                    self.diag(
                        tp,
                        format!("'{t}' in @type is neither a DTDL term nor a DTMI"),
                    );
                    return None;
                }
                Meaning::NeitherDtmiNorTerm | Meaning::Undefined if version == 2 => {
                    undefined = true
                }
                _ if scope.undefined => undefined = true,
                _ => {
                    self.diag(tp, format!("'{t}' is not a DTDL type usable here; check the spelling or add the extension context that defines it"));
                    return None;
                }
            }
        }
        let class = match classes.as_slice() {
            [c] => *c,
            [] if list.is_empty() => match slot.prop.and_then(|p| meta::inferred_class(p, version))
            {
                Some(c) => c,
                None => {
                    self.diag(
                        ptr,
                        format!(
                            "missing @type: this element must be typed as a {}",
                            slot.range.describe()
                        ),
                    );
                    return None;
                }
            },
            [] => {
                self.diag(
                    &tptr,
                    format!(
                        "@type must include a DTDL element type ({})",
                        slot.range.describe()
                    ),
                );
                return None;
            }
            _ => {
                self.diag(
                    &tptr,
                    "@type names more than one DTDL element type; keep exactly one",
                );
                return None;
            }
        };
        let fits = match slot.prop {
            Some(p @ (Prop::Request | Prop::Response)) => {
                meta::inferred_class(p, version) == Some(class)
            }
            _ => slot.range.fits(class),
        };
        if !fits {
            self.diag(
                &tptr,
                format!(
                    "a {} is not allowed here; expected a {}",
                    class.name(),
                    slot.range.describe()
                ),
            );
            return None;
        }
        if !semantic.is_empty() && !class.accepts_semantic(version) {
            self.diag(
                &tptr,
                format!("a {} cannot have a semantic type", class.name()),
            );
            return None;
        }
        if semantic.len() > 1 {
            self.diag(&tptr, "@type may name at most one semantic type");
            return None;
        }
        for n in advice::types(&list, &tptr, class, scope) {
            self.advise(n);
        }
        Some(Typing {
            class,
            semantic,
            undefined_cotype: undefined,
            adjunct,
        })
    }

    pub(crate) fn id(
        &mut self,
        o: &Map<String, Value>,
        ptr: &str,
        class: Class,
        version: u8,
        slot: &Slot,
    ) -> Option<String> {
        match o.get("@id") {
            Some(Value::String(s)) => {
                if let Err(m) = dtmi::check_dtmi(s, version) {
                    self.diag(&format!("{ptr}/@id"), m);
                    return None;
                }
                if class == Class::Interface && s.len() > dtmi::MAX_INTERFACE_DTMI {
                    self.diag(
                        &format!("{ptr}/@id"),
                        format!(
                            "an Interface @id may have at most {} characters; '{s}' has {}",
                            dtmi::MAX_INTERFACE_DTMI,
                            s.len()
                        ),
                    );
                    return None;
                }
                Some(s.clone())
            }
            Some(other) => {
                self.diag(
                    &format!("{ptr}/@id"),
                    format!("@id must be a DTMI string, found {}", short(other)),
                );
                None
            }
            None => {
                let prop = slot.prop.map(Prop::name).unwrap_or_default();
                let generated = match (slot.seg, slot.parent_id) {
                    (Seg::Singular, Some(p)) => Some(dtmi::child_id(p, &format!("_{prop}"))),
                    (Seg::Named, Some(p)) => match o.get("name").and_then(Value::as_str) {
                        Some(n) if dtmi::is_valid_name(n) => {
                            Some(dtmi::child_id(p, &format!("_{prop}:__{n}")))
                        }
                        _ => Some(format!("{p}?{ptr}")),
                    },
                    _ => None,
                };
                if generated.is_none() {
                    self.diag(
                        ptr,
                        format!("this {} needs an \"@id\" (a DTMI)", class.name()),
                    );
                }
                generated
            }
        }
    }
}

/// JSON-pointer escaping of one reference token.
pub(crate) fn escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

pub(crate) fn unit_spec(semantic: &[(String, u8)]) -> Option<PropSpec> {
    let (n, fam) = semantic.first()?;
    let has_units = context::semantic_units(n, *fam).is_some() || n.ends_with("Vector");
    has_units.then_some(PropSpec {
        kind: Kind::Obj {
            range: Range::Schema,
            seg: Seg::Singular,
            v2_in_v3: false,
        },
        min: usize::from(*fam >= 2),
        max: Some(1),
    })
}

pub(crate) fn unit_value(s: &str, scope: Scope) -> Result<PVal, values::VErr> {
    match understand(s, scope) {
        Meaning::Known(Known::Unit(n, _)) => Ok(PVal::Term(n)),
        _ => Err((String::new(), format!("'{s}' is not a unit"))),
    }
}

pub(crate) fn target(v: &Value, version: u8) -> Result<PVal, values::VErr> {
    let Value::String(s) = v else {
        return Err((
            String::new(),
            format!("must be a DTMI string, found {}", short(v)),
        ));
    };
    if !dtmi::is_user_dtmi(s, version) || s.len() > dtmi::MAX_USER_DTMI {
        return Err((
            String::new(),
            format!("'{s}' is not a valid DTMI for DTDL v{version}"),
        ));
    }
    Ok(PVal::Str(s.clone()))
}

pub(crate) fn term_value(
    v: &Value,
    scope: Scope,
    allowed: &[&str],
    what: &str,
) -> Result<PVal, values::VErr> {
    let bad = || (String::new(), format!("must be {what}, found {}", short(v)));
    let Value::String(s) = v else {
        return Err(bad());
    };
    let ok_version = |pv: u8| pv == scope.version || (scope.version >= 3 && pv == 2);
    match understand(s, scope) {
        Meaning::Known(Known::Primitive(n, pv) | Known::CommandType(n, pv))
            if ok_version(pv) && allowed.contains(&n.as_str()) =>
        {
            Ok(PVal::Term(n))
        }
        _ => Err(bad()),
    }
}

/// Resolves a string naming an element: a primitive or geospatial schema, or a DTMI
/// reference to a user element (resolved later).
pub(crate) fn reference(
    s: &str,
    scope: Scope,
    range: Range,
    v2_in_v3: bool,
) -> Result<PVal, values::VErr> {
    let version = scope.version;
    let ok_version = |pv: u8| pv == version || (version >= 3 && pv == 2 && v2_in_v3);
    let schema = matches!(range, Range::Schema);
    let not_here = |what: &str| {
        (
            String::new(),
            format!(
                "'{s}' is {what}, which is not allowed here; expected a {}",
                range.describe()
            ),
        )
    };
    match understand(s, scope) {
        Meaning::Known(Known::Primitive(n, pv)) if schema && ok_version(pv) => Prim::from_name(&n)
            .map(PVal::Prim)
            .ok_or_else(|| not_here("not a schema")),
        Meaning::Known(Known::Geo(n, pv)) if schema && ok_version(pv) => Ok(PVal::Geo(n)),
        Meaning::Known(_) => Err(not_here("a DTDL term of a different kind")),
        Meaning::Foreign if s.starts_with("dtmi:") => {
            if !dtmi::is_user_dtmi(s, version) {
                return Err((
                    String::new(),
                    format!("'{s}' is not a valid DTMI for DTDL v{version}"),
                ));
            }
            Ok(PVal::Ref(s.to_string()))
        }
        Meaning::Foreign => Err(not_here("a term of an extension")),
        Meaning::Undefined => {
            let hint = if schema {
                " (primitive schemas are boolean, date, dateTime, double, duration, float, integer, long, string, time)"
            } else {
                ""
            };
            Err((
                String::new(),
                format!("'{s}' is neither a DTDL term nor a DTMI{hint}"),
            ))
        }
        Meaning::NeitherDtmiNorTerm => Err((
            String::new(),
            format!("'{s}' is neither a DTDL term nor a DTMI"),
        )),
        Meaning::Invalid => Err((String::new(), format!("'{s}' is not a valid DTMI"))),
    }
}
