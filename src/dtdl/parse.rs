//! The element walker: turns input JSON documents into the element graph, checking each
//! element locally (context, keywords, `@id`, `@type`, allowed properties and their values,
//! required properties). Cross-element rules live in `validate`. Pure; no I/O.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::context::{self, ContextError, Known, Scope};
use super::dtmi;
use super::graph::{Elem, PEntry, PVal, Prim};
use super::meta::{self, Class, Kind, Prop, PropSpec, Range, Seg};
use super::values::{self, short};
use super::{Diagnostic, ParseOptions};

/// Where a child element sits.
struct Slot<'a> {
    parent: Option<usize>,
    prop: Option<Prop>,
    range: Range,
    seg: Seg,
    v2_in_v3: bool,
    parent_id: Option<&'a str>,
    parent_version: u8,
}

/// How a `@type` entry or a property key was understood.
enum Term {
    Known(Known),
    /// a term the context does not define
    Undefined,
    /// an absolute IRI that is not a DTMI
    NotDtmiNorTerm,
    /// starts with `dtmi:` but is not a valid DTMI
    Invalid,
    /// a valid DTMI the language does not define
    Foreign,
}

fn understand(s: &str, scope: Scope) -> Term {
    if s.contains(':') {
        if !s.starts_with("dtmi:") {
            return Term::NotDtmiNorTerm;
        }
        if dtmi::parse(s).is_none() {
            return Term::Invalid;
        }
        return match context::classify(s) {
            Some(k) => Term::Known(k),
            None => Term::Foreign,
        };
    }
    match context::expand(scope, s) {
        Some(iri) => match context::classify(iri) {
            Some(k) => Term::Known(k),
            None => Term::Foreign,
        },
        None => Term::Undefined,
    }
}

/// Walks input documents into elements and diagnostics.
pub(crate) struct Walker<'a> {
    opts: ParseOptions,
    file: usize,
    file_name: &'a str,
    root_id: Option<String>,
    root: usize,
    /// all elements
    pub elems: Vec<Elem>,
    /// all problems found so far
    pub diags: Vec<Diagnostic>,
}

impl<'a> Walker<'a> {
    /// A walker with no elements yet.
    pub fn new(opts: ParseOptions) -> Self {
        Walker {
            opts,
            file: 0,
            file_name: "",
            root_id: None,
            root: 0,
            elems: Vec::new(),
            diags: Vec::new(),
        }
    }

    fn diag(&mut self, pointer: &str, message: impl Into<String>) {
        self.diags.push(Diagnostic {
            file: self.file_name.to_string(),
            pointer: pointer.to_string(),
            dtmi: self.root_id.clone(),
            message: message.into(),
        });
    }

    /// Walks one input document (a model object or an array of model objects).
    pub fn document(&mut self, file: usize, name: &'a str, value: &Value) {
        self.file = file;
        self.file_name = name;
        match value {
            Value::Object(o) => self.top(o, ""),
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    match v {
                        Value::Object(o) => self.top(o, &format!("/{i}")),
                        _ => {
                            self.root_id = None;
                            self.diag(
                                &format!("/{i}"),
                                format!("each model must be a JSON object with \"@type\": \"Interface\", found {}", short(v)),
                            );
                        }
                    }
                }
            }
            _ => {
                self.root_id = None;
                self.diag(
                    "",
                    format!("a model file must hold a JSON object or an array of objects, found {}", short(value)),
                );
            }
        }
    }

    fn top(&mut self, o: &Map<String, Value>, ptr: &str) {
        self.root_id = o.get("@id").and_then(Value::as_str).map(String::from);
        self.root = self.elems.len();
        let slot = Slot {
            parent: None,
            prop: None,
            range: Range::Interface,
            seg: Seg::Unnamed,
            v2_in_v3: true,
            parent_id: None,
            parent_version: 0,
        };
        self.element(o, ptr, Scope::default(), &slot);
    }

    fn scope_of(&mut self, o: &Map<String, Value>, ptr: &str, parent: Scope, top: bool) -> Option<Scope> {
        let Some(c) = o.get("@context") else {
            if top {
                self.diag(
                    ptr,
                    "missing @context: a top-level model needs \"@context\": \"dtmi:dtdl:context;3\" (or ;2)",
                );
                return None;
            }
            return Some(parent);
        };
        match context::apply(c, parent, top, self.opts.allow_undefined_extensions) {
            Ok(s) => Some(s),
            Err(ContextError::Shape(m)) => {
                self.diag(&format!("{ptr}/@context"), m);
                if top { None } else { Some(parent) }
            }
            Err(ContextError::Entry(i, m)) => {
                let p = if c.is_array() {
                    format!("{ptr}/@context/{i}")
                } else {
                    format!("{ptr}/@context")
                };
                self.diag(&p, m);
                if top { None } else { Some(parent) }
            }
        }
    }

    fn element(&mut self, o: &Map<String, Value>, ptr: &str, parent_scope: Scope, slot: &Slot) -> Option<usize> {
        let top = slot.parent.is_none();
        let scope = self.scope_of(o, ptr, parent_scope, top)?;
        let version = scope.version;
        if !top {
            if version >= 3 && slot.parent_version == 2 {
                self.diag(ptr, "a DTDL v2 element cannot contain a DTDL v3 element; use \"dtmi:dtdl:context;2\" or make the parent v3");
                return None;
            }
            if version == 2 && slot.parent_version >= 3 && !slot.v2_in_v3 {
                self.diag(ptr, "a DTDL v2 element is not allowed here inside a DTDL v3 element");
                return None;
            }
        }
        for k in o.keys().filter(|k| k.starts_with('@')) {
            if matches!(k.as_str(), "@context" | "@id" | "@type") {
                continue;
            }
            if k == "@graph" || version >= 3 {
                self.diag(&format!("{ptr}/{k}"), format!("the JSON-LD keyword '{k}' is not allowed in a DTDL element"));
            }
        }
        let (class, semantic, undefined_cotype, adjunct) = self.types(o, ptr, scope, slot)?;
        let id = self.id(o, ptr, class, version, slot)?;
        let idx = self.elems.len();
        let partition = if class == Class::Interface {
            idx
        } else {
            slot.parent.map(|p| self.elems[p].partition).unwrap_or(idx)
        };
        if top && class != Class::Interface {
            self.diag(ptr, format!("a top-level element must be an Interface, not a {}", class.name()));
            return None;
        }
        self.elems.push(Elem {
            id: id.clone(),
            class,
            version,
            semantic: semantic.clone(),
            file: self.file,
            pointer: ptr.to_string(),
            parent: slot.parent,
            partition,
            root: self.root,
            props: BTreeMap::new(),
            raw: if class == Class::Interface { Value::Object(o.clone()) } else { Value::Null },
        });
        let mut props: BTreeMap<Prop, Vec<PEntry>> = BTreeMap::new();
        let mut failed: Vec<Prop> = vec![];
        for (k, v) in o.iter().filter(|(k, _)| !k.starts_with('@')) {
            let kp = format!("{ptr}/{}", escape(k));
            let term = understand(k, scope);
            let known = match &term {
                Term::Known(Known::Prop(n, pv)) => Prop::from_name(n).filter(|_| *pv == version || n == "unit"),
                _ => None,
            };
            let spec = match known {
                Some(Prop::Unit) => unit_spec(&semantic),
                Some(p) => meta::prop_spec(class, p, version),
                None => None,
            };
            let (Some(p), Some(spec)) = (known, spec) else {
                if let Term::Known(Known::AdjunctProp(_)) = term {
                    if adjunct {
                        continue;
                    }
                }
                let allowed = undefined_cotype
                    && (version == 2 || matches!(term, Term::Undefined | Term::Known(_) | Term::Foreign));
                if !allowed {
                    let why = match term {
                        Term::Invalid => format!("'{k}' is not a valid DTMI"),
                        Term::NotDtmiNorTerm => format!("'{k}' is neither a DTDL term nor a DTMI"),
                        _ => format!("'{k}' is not a property of {}", class.name()),
                    };
                    self.diag(&kp, format!("{why}; remove it, fix the spelling, or add an undefined co-type to @type if it belongs to an extension"));
                }
                continue;
            };
            if props.contains_key(&p) {
                self.diag(&kp, format!("property '{}' is given more than once (as a term and as a DTMI)", p.name()));
                continue;
            }
            let before = self.diags.len();
            let vals = self.values(v, &kp, p, spec, scope, idx, &id, class);
            if self.diags.len() > before {
                failed.push(p);
            }
            props.insert(p, vals);
        }
        for p in meta::ALL_PROPS {
            let spec = match p {
                Prop::Unit => unit_spec(&semantic),
                _ => meta::prop_spec(class, p, version),
            };
            let Some(spec) = spec else { continue };
            let n = props.get(&p).map_or(0, Vec::len);
            if n >= spec.min || failed.contains(&p) {
                continue;
            }
            if props.contains_key(&p) {
                self.diag(
                    &format!("{ptr}/{}", p.name()),
                    format!("'{}' needs at least {} value(s)", p.name(), spec.min),
                );
            } else {
                self.diag(ptr, format!("{} is missing required property '{}'", class.name(), p.name()));
            }
        }
        self.elems[idx].props = props;
        Some(idx)
    }

    /// Reads `@type`: the element class, semantic co-types, whether an undefined co-type
    /// is present and whether an extension adjunct type is present.
    fn types(&mut self, o: &Map<String, Value>, ptr: &str, scope: Scope, slot: &Slot) -> Option<(Class, Vec<(String, u8)>, bool, bool)> {
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
                            self.diag(&format!("{tptr}/{i}"), format!("each @type entry must be a string, found {}", short(t)));
                            return None;
                        }
                    }
                }
                l
            }
            Some(other) => {
                self.diag(&tptr, format!("@type must be a string or an array of strings, found {}", short(other)));
                return None;
            }
        };
        let mut classes: Vec<Class> = vec![];
        let mut semantic = vec![];
        let mut undefined = false;
        let mut adjunct = false;
        for (t, tp) in &list {
            match understand(t, scope) {
                Term::Known(Known::Class(n, v)) if v == version => match Class::from_name(&n, version) {
                    Some(Ok(c)) => {
                        if !classes.contains(&c) {
                            classes.push(c);
                        }
                    }
                    _ => {
                        self.diag(tp, format!("'{t}' cannot be used as the type of a model element"));
                        return None;
                    }
                },
                Term::Known(Known::Semantic(n, fam))
                    if (fam <= 2 && version == 2) || (fam == 3 && version >= 3 && scope.ext & context::EXT_QT != 0) =>
                {
                    if !semantic.contains(&(n.clone(), fam)) {
                        semantic.push((n, fam));
                    }
                }
                Term::Known(Known::Adjunct(_)) if version >= 3 => adjunct = true,
                Term::Invalid => {
                    self.diag(tp, format!("'{t}' in @type is not a valid DTMI"));
                    return None;
                }
                Term::NotDtmiNorTerm if version >= 3 => {
                    self.diag(tp, format!("'{t}' in @type is neither a DTDL term nor a DTMI"));
                    return None;
                }
                Term::NotDtmiNorTerm | Term::Undefined if version == 2 => undefined = true,
                _ if scope.undefined => undefined = true,
                _ => {
                    self.diag(tp, format!("'{t}' is not a DTDL type usable here; check the spelling or add the extension context that defines it"));
                    return None;
                }
            }
        }
        let class = match classes.as_slice() {
            [c] => *c,
            [] if list.is_empty() => match slot.prop.and_then(|p| meta::inferred_class(p, version)) {
                Some(c) => c,
                None => {
                    self.diag(ptr, format!("missing @type: this element must be typed as a {}", slot.range.describe()));
                    return None;
                }
            },
            [] => {
                self.diag(&tptr, format!("@type must include a DTDL element type ({})", slot.range.describe()));
                return None;
            }
            _ => {
                self.diag(&tptr, "@type names more than one DTDL element type; keep exactly one");
                return None;
            }
        };
        let fits = match slot.prop {
            Some(p @ (Prop::Request | Prop::Response)) => meta::inferred_class(p, version) == Some(class),
            _ => slot.range.fits(class),
        };
        if !fits {
            self.diag(&tptr, format!("a {} is not allowed here; expected a {}", class.name(), slot.range.describe()));
            return None;
        }
        if !semantic.is_empty() && !class.accepts_semantic(version) {
            self.diag(&tptr, format!("a {} cannot have a semantic type", class.name()));
            return None;
        }
        if semantic.len() > 1 {
            self.diag(&tptr, "@type may name at most one semantic type");
            return None;
        }
        Some((class, semantic, undefined, adjunct))
    }

    fn id(&mut self, o: &Map<String, Value>, ptr: &str, class: Class, version: u8, slot: &Slot) -> Option<String> {
        match o.get("@id") {
            Some(Value::String(s)) => {
                if let Err(m) = dtmi::check_dtmi(s, version) {
                    self.diag(&format!("{ptr}/@id"), m);
                    return None;
                }
                if class == Class::Interface && s.len() > dtmi::MAX_INTERFACE_DTMI {
                    self.diag(&format!("{ptr}/@id"), format!("an Interface @id may have at most {} characters; '{s}' has {}", dtmi::MAX_INTERFACE_DTMI, s.len()));
                    return None;
                }
                Some(s.clone())
            }
            Some(other) => {
                self.diag(&format!("{ptr}/@id"), format!("@id must be a DTMI string, found {}", short(other)));
                None
            }
            None => {
                let prop = slot.prop.map(Prop::name).unwrap_or_default();
                let generated = match (slot.seg, slot.parent_id) {
                    (Seg::Singular, Some(p)) => Some(dtmi::child_id(p, &format!("_{prop}"))),
                    (Seg::Named, Some(p)) => match o.get("name").and_then(Value::as_str) {
                        Some(n) if dtmi::is_valid_name(n) => Some(dtmi::child_id(p, &format!("_{prop}:__{n}"))),
                        _ => Some(format!("{p}?{ptr}")),
                    },
                    _ => None,
                };
                if generated.is_none() {
                    self.diag(ptr, format!("this {} needs an \"@id\" (a DTMI)", class.name()));
                }
                generated
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn values(&mut self, v: &Value, kp: &str, p: Prop, spec: PropSpec, scope: Scope, idx: usize, id: &str, class: Class) -> Vec<PEntry> {
        let version = scope.version;
        let mut out = vec![];
        if let Kind::LangString { max_len } = spec.kind {
            match values::lang_string(v, max_len) {
                Ok(val) => out.push(PEntry { val, pointer: kp.to_string() }),
                Err((s, m)) => self.diag(&format!("{kp}{s}"), format!("{}: {m}", p.name())),
            }
            return out;
        }
        let items = values::items(v);
        if let Some(max) = spec.max {
            if items.len() > max {
                let m = if max == 0 {
                    format!("'{}' is not allowed on a {}", p.name(), class.name())
                } else {
                    format!("'{}' may have at most {max} value(s), found {}", p.name(), items.len())
                };
                self.diag(kp, m);
                return out;
            }
        }
        for (item, sfx) in items {
            let ip = format!("{kp}{sfx}");
            let parsed = match spec.kind {
                Kind::LangString { .. } => continue,
                Kind::Str { max_len } => values::string(item, version, max_len),
                Kind::Name { max_len } => values::name(item, version, max_len),
                Kind::Bool => values::boolean(item, version),
                Kind::Int { min, max } => values::integer(item, version, min, max),
                Kind::Literal => values::literal(item, version),
                Kind::Target => target(item, version),
                Kind::Term { allowed, what } => term_value(item, scope, allowed, what),
                Kind::Obj { range, seg, v2_in_v3 } => match item {
                    Value::Object(o) => {
                        let slot = Slot {
                            parent: Some(idx),
                            prop: Some(p),
                            range,
                            seg,
                            v2_in_v3,
                            parent_id: Some(id),
                            parent_version: version,
                        };
                        match self.element(o, &ip, scope, &slot) {
                            Some(c) => Ok(PVal::Elem(c)),
                            None => continue,
                        }
                    }
                    Value::String(s) if p == Prop::Unit => unit_value(s, scope),
                    Value::String(s) => reference(s, scope, range, v2_in_v3),
                    _ => Err((String::new(), format!("must be a DTMI, a term or an inline element, found {}", short(item)))),
                },
            };
            match parsed {
                Ok(val) => out.push(PEntry { val, pointer: ip }),
                Err((s, m)) => self.diag(&format!("{ip}{s}"), format!("{}: {m}", p.name())),
            }
        }
        out
    }
}

/// JSON-pointer escaping of one reference token.
pub(crate) fn escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn unit_spec(semantic: &[(String, u8)]) -> Option<PropSpec> {
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

fn unit_value(s: &str, scope: Scope) -> Result<PVal, values::VErr> {
    match understand(s, scope) {
        Term::Known(Known::Unit(n, _)) => Ok(PVal::Term(n)),
        _ => Err((String::new(), format!("'{s}' is not a unit"))),
    }
}

fn target(v: &Value, version: u8) -> Result<PVal, values::VErr> {
    let Value::String(s) = v else {
        return Err((String::new(), format!("must be a DTMI string, found {}", short(v))));
    };
    if !dtmi::is_user_dtmi(s, version) || s.len() > dtmi::MAX_USER_DTMI {
        return Err((String::new(), format!("'{s}' is not a valid DTMI for DTDL v{version}")));
    }
    Ok(PVal::Str(s.clone()))
}

fn term_value(v: &Value, scope: Scope, allowed: &[&str], what: &str) -> Result<PVal, values::VErr> {
    let bad = || (String::new(), format!("must be {what}, found {}", short(v)));
    let Value::String(s) = v else { return Err(bad()) };
    let ok_version = |pv: u8| pv == scope.version || (scope.version >= 3 && pv == 2);
    match understand(s, scope) {
        Term::Known(Known::Primitive(n, pv) | Known::CommandType(n, pv)) if ok_version(pv) && allowed.contains(&n.as_str()) => Ok(PVal::Term(n)),
        _ => Err(bad()),
    }
}

/// Resolves a string naming an element: a primitive or geospatial schema, or a DTMI
/// reference to a user element (resolved later).
fn reference(s: &str, scope: Scope, range: Range, v2_in_v3: bool) -> Result<PVal, values::VErr> {
    let version = scope.version;
    let ok_version = |pv: u8| pv == version || (version >= 3 && pv == 2 && v2_in_v3);
    let schema = matches!(range, Range::Schema);
    let not_here = |what: &str| {
        (
            String::new(),
            format!("'{s}' is {what}, which is not allowed here; expected a {}", range.describe()),
        )
    };
    match understand(s, scope) {
        Term::Known(Known::Primitive(n, pv)) if schema && ok_version(pv) => {
            Prim::from_name(&n).map(PVal::Prim).ok_or_else(|| not_here("not a schema"))
        }
        Term::Known(Known::Geo(n, pv)) if schema && ok_version(pv) => Ok(PVal::Geo(n)),
        Term::Known(_) => Err(not_here("a DTDL term of a different kind")),
        Term::Foreign if s.starts_with("dtmi:") => {
            if !dtmi::is_user_dtmi(s, version) {
                return Err((String::new(), format!("'{s}' is not a valid DTMI for DTDL v{version}")));
            }
            Ok(PVal::Ref(s.to_string()))
        }
        Term::Foreign => Err(not_here("a term of an extension")),
        Term::Undefined => {
            let hint = if schema {
                " (primitive schemas are boolean, date, dateTime, double, duration, float, integer, long, string, time)"
            } else {
                ""
            };
            Err((String::new(), format!("'{s}' is neither a DTDL term nor a DTMI{hint}")))
        }
        Term::NotDtmiNorTerm => Err((String::new(), format!("'{s}' is neither a DTDL term nor a DTMI"))),
        Term::Invalid => Err((String::new(), format!("'{s}' is not a valid DTMI"))),
    }
}
