//! The element walker: turns input JSON documents into the element graph, checking each
//! element locally (context, keywords, `@id`, `@type`, allowed properties and their values,
//! required properties). Cross-element rules live in `validate`. Pure; no I/O.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::advice::{self, Note};
use super::context::{self, ContextError, Known, Scope};
use super::graph::{Elem, PEntry, PVal};
use super::meta::{self, Class, Kind, Prop, PropSpec, Range, Seg};
use super::resolve::{
    Meaning, Typing, escape, reference, target, term_value, understand, unit_spec, unit_value,
};
use super::values::{self, short};
use super::{Diagnostic, ParseOptions, Warning};

/// Where a child element sits.
pub(crate) struct Slot<'a> {
    pub parent: Option<usize>,
    pub prop: Option<Prop>,
    pub range: Range,
    pub seg: Seg,
    pub v2_in_v3: bool,
    pub parent_id: Option<&'a str>,
    pub parent_version: u8,
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
    /// departures from the specification's recommendations found so far
    pub warnings: Vec<Warning>,
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
            warnings: Vec::new(),
        }
    }

    pub(crate) fn advise(&mut self, note: Note) {
        self.warnings.push(Warning {
            file: self.file_name.to_string(),
            pointer: note.pointer,
            dtmi: self.root_id.clone(),
            rules: note.rules,
            message: note.message,
        });
    }

    fn advise_all(&mut self, prefix: &str, notes: values::Notes) {
        for (sfx, rule, message) in notes {
            self.advise(Note {
                pointer: format!("{prefix}{sfx}"),
                rules: vec![rule.to_string()],
                message,
            });
        }
    }

    pub(crate) fn diag(&mut self, pointer: &str, message: impl Into<String>) {
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
                    format!(
                        "a model file must hold a JSON object or an array of objects, found {}",
                        short(value)
                    ),
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

    fn scope_of(
        &mut self,
        o: &Map<String, Value>,
        ptr: &str,
        parent: Scope,
        top: bool,
    ) -> Option<Scope> {
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
            Ok(s) => {
                for n in advice::context(c, ptr) {
                    self.advise(n);
                }
                Some(s)
            }
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

    fn element(
        &mut self,
        o: &Map<String, Value>,
        ptr: &str,
        parent_scope: Scope,
        slot: &Slot,
    ) -> Option<usize> {
        let top = slot.parent.is_none();
        let scope = self.scope_of(o, ptr, parent_scope, top)?;
        let version = scope.version;
        if !top {
            if version >= 3 && slot.parent_version == 2 {
                self.diag(ptr, "a DTDL v2 element cannot contain a DTDL v3 element; use \"dtmi:dtdl:context;2\" or make the parent v3");
                return None;
            }
            if version == 2 && slot.parent_version >= 3 && !slot.v2_in_v3 {
                self.diag(
                    ptr,
                    "a DTDL v2 element is not allowed here inside a DTDL v3 element",
                );
                return None;
            }
        }
        let mut keywords = vec![];
        for k in o.keys().filter(|k| k.starts_with('@')) {
            if matches!(k.as_str(), "@context" | "@id" | "@type") {
                continue;
            }
            if k == "@graph" || version >= 3 {
                self.diag(
                    &format!("{ptr}/{}", escape(k)),
                    format!("the JSON-LD keyword '{k}' is not allowed in a DTDL element"),
                );
            } else {
                keywords.push(k);
            }
        }
        let Typing {
            class,
            semantic,
            undefined_cotype,
            adjunct,
        } = self.types(o, ptr, scope, slot)?;
        for k in keywords {
            self.advise(advice::keyword(k, &format!("{ptr}/{}", escape(k)), class));
        }
        let id = self.id(o, ptr, class, version, slot)?;
        let idx = self.elems.len();
        let partition = if class == Class::Interface {
            idx
        } else {
            slot.parent.map(|p| self.elems[p].partition).unwrap_or(idx)
        };
        if top && class != Class::Interface {
            self.diag(
                ptr,
                format!(
                    "a top-level element must be an Interface, not a {}",
                    class.name()
                ),
            );
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
            raw: if class == Class::Interface {
                Value::Object(o.clone())
            } else {
                Value::Null
            },
        });
        let mut props: BTreeMap<Prop, Vec<PEntry>> = BTreeMap::new();
        let mut failed: Vec<Prop> = vec![];
        for (k, v) in o.iter().filter(|(k, _)| !k.starts_with('@')) {
            let kp = format!("{ptr}/{}", escape(k));
            let term = understand(k, scope);
            let known = match &term {
                Meaning::Known(Known::Prop(n, pv)) => {
                    Prop::from_name(n).filter(|_| *pv == version || n == "unit")
                }
                _ => None,
            };
            let spec = match known {
                Some(Prop::Unit) => unit_spec(&semantic),
                Some(p) => meta::prop_spec(class, p, version),
                None => None,
            };
            let (Some(p), Some(spec)) = (known, spec) else {
                if adjunct && matches!(term, Meaning::Known(Known::AdjunctProp(_))) {
                    continue;
                }
                let allowed = undefined_cotype
                    && (version == 2
                        || matches!(
                            term,
                            Meaning::Undefined | Meaning::Known(_) | Meaning::Foreign
                        ));
                if !allowed {
                    let why = match term {
                        Meaning::Invalid => format!("'{k}' is not a valid DTMI"),
                        Meaning::NeitherDtmiNorTerm => {
                            format!("'{k}' is neither a DTDL term nor a DTMI")
                        }
                        _ => format!("'{k}' is not a property of {}", class.name()),
                    };
                    self.diag(&kp, format!("{why}; remove it, fix the spelling, or add an undefined co-type to @type if it belongs to an extension"));
                }
                continue;
            };
            if props.contains_key(&p) {
                self.diag(
                    &kp,
                    format!(
                        "property '{}' is given more than once (as a term and as a DTMI)",
                        p.name()
                    ),
                );
                continue;
            }
            if let Some(n) = advice::key(k, &kp, class, p, scope) {
                self.advise(n);
            }
            if p == Prop::CommandType {
                self.advise(advice::deprecated(&kp, class, p));
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
                self.diag(
                    ptr,
                    format!(
                        "{} is missing required property '{}'",
                        class.name(),
                        p.name()
                    ),
                );
            }
        }
        self.elems[idx].props = props;
        Some(idx)
    }

    #[allow(clippy::too_many_arguments)]
    fn values(
        &mut self,
        v: &Value,
        kp: &str,
        p: Prop,
        spec: PropSpec,
        scope: Scope,
        idx: usize,
        id: &str,
        class: Class,
    ) -> Vec<PEntry> {
        let version = scope.version;
        let mut out = vec![];
        if let Kind::LangString { max_len } = spec.kind {
            let mut notes = vec![];
            match values::lang_string(v, max_len, version, &mut notes) {
                Ok(val) => {
                    out.push(PEntry {
                        val,
                        pointer: kp.to_string(),
                    });
                    self.advise_all(kp, notes);
                }
                Err((s, m)) => self.diag(&format!("{kp}{s}"), format!("{}: {m}", p.name())),
            }
            return out;
        }
        let items = values::items(v);
        if let Some(max) = spec.max.filter(|m| items.len() > *m) {
            let m = if max == 0 {
                format!("'{}' is not allowed on a {}", p.name(), class.name())
            } else {
                format!(
                    "'{}' may have at most {max} value(s), found {}",
                    p.name(),
                    items.len()
                )
            };
            self.diag(kp, m);
            return out;
        }
        for (item, sfx) in items {
            let ip = format!("{kp}{sfx}");
            let mut notes = vec![];
            let parsed = match spec.kind {
                Kind::LangString { .. } => continue,
                Kind::Str { max_len } => values::string(item, version, max_len, &mut notes),
                Kind::Name { max_len } => values::name(item, version, max_len, &mut notes),
                Kind::Bool => values::boolean(item, version, &mut notes),
                Kind::Int { min, max } => values::integer(item, version, min, max, &mut notes),
                Kind::Literal => values::literal(item, version, &mut notes),
                Kind::Target => target(item, version),
                Kind::Term { allowed, what } => term_value(item, scope, allowed, what),
                Kind::Obj {
                    range,
                    seg,
                    v2_in_v3,
                } => match item {
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
                    _ => Err((
                        String::new(),
                        format!(
                            "must be a DTMI, a term or an inline element, found {}",
                            short(item)
                        ),
                    )),
                },
            };
            match parsed {
                Ok(val) => {
                    self.advise_all(&ip, notes);
                    if let (Value::String(s), Kind::Obj { .. } | Kind::Term { .. }) =
                        (item, spec.kind)
                        && let Some(n) = advice::value(s, &ip, class, p, scope)
                    {
                        self.advise(n);
                    }
                    out.push(PEntry { val, pointer: ip });
                }
                Err((s, m)) => self.diag(&format!("{ip}{s}"), format!("{}: {m}", p.name())),
            }
        }
        out
    }
}
