//! Cross-element rules over the whole input set: unique identifiers, resolution of DTMI
//! references (and with it completeness), the `extends` hierarchy (`hierarchy`), schema
//! restrictions (no Array in v2 Properties, depth, self-reference), Enum values and semantic
//! types. Pure; no I/O.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::Diagnostic;
use super::graph::{Graph, PVal, Target};
use super::hierarchy;
use super::meta::{self, Class, Kind, Prop};

struct Checker<'a, 'b> {
    g: &'b Graph<'a>,
    names: &'b [&'b str],
    diags: Vec<Diagnostic>,
    incomplete: Vec<Diagnostic>,
    unresolved: BTreeSet<String>,
    schemas: Longest,
    /// complex schema -> the Array or geospatial schema inside it, if any (`no_array`)
    arrays: HashMap<usize, Option<String>>,
}

/// What the cross-element checks found.
pub(crate) struct Checked {
    /// problems that make the input invalid
    pub errors: Vec<Diagnostic>,
    /// one per dependent reference to an identifier the input does not define
    pub incomplete: Vec<Diagnostic>,
    /// those identifiers, sorted, each once
    pub unresolved: Vec<String>,
}

/// Memoized longest path (in edges) from a node along some edge function, with cycle
/// detection. Recursion stops a little past the limits the checks need, so pathological
/// inputs cannot take exponential time or exhaust the stack.
struct Longest {
    memo: Vec<Option<Result<usize, ()>>>,
    on_path: Vec<bool>,
}

impl Longest {
    const CAP: usize = 16;

    fn new(n: usize) -> Self {
        Longest {
            memo: vec![None; n],
            on_path: vec![false; n],
        }
    }

    fn get(
        &mut self,
        e: usize,
        next: &dyn Fn(usize) -> Vec<usize>,
        level: usize,
    ) -> Result<usize, ()> {
        if let Some(r) = self.memo[e] {
            return r;
        }
        if self.on_path[e] {
            return Err(());
        }
        if level > Self::CAP {
            return Ok(Self::CAP);
        }
        self.on_path[e] = true;
        let mut r = Ok(0);
        for k in next(e) {
            match self.get(k, next, level + 1) {
                Ok(d) => r = r.map(|x: usize| x.max(d + 1)),
                Err(()) => r = Err(()),
            }
        }
        self.on_path[e] = false;
        if level == 0 || r.is_err() || r.is_ok_and(|d| d + level <= Self::CAP) {
            self.memo[e] = Some(r);
        }
        r
    }
}

impl Checker<'_, '_> {
    fn diag(&mut self, e: usize, pointer: &str, message: impl Into<String>) {
        let d = self.located(e, pointer, message);
        self.diags.push(d);
    }

    fn located(&self, e: usize, pointer: &str, message: impl Into<String>) -> Diagnostic {
        let el = &self.g.elems[e];
        let root = &self.g.elems[el.root];
        Diagnostic {
            file: self
                .names
                .get(el.file)
                .copied()
                .unwrap_or_default()
                .to_string(),
            pointer: pointer.to_string(),
            dtmi: Some(root.id.clone()),
            message: message.into(),
        }
    }
}

/// Runs all cross-element checks.
pub(crate) fn check(g: &Graph, names: &[&str]) -> Checked {
    let mut c = Checker {
        g,
        names,
        diags: vec![],
        incomplete: vec![],
        unresolved: BTreeSet::new(),
        schemas: Longest::new(g.elems.len()),
        arrays: HashMap::new(),
    };
    duplicates(&mut c);
    references(&mut c);
    for (e, pointer, message) in hierarchy::check(g) {
        c.diag(e, &pointer, message);
    }
    let n = g.elems.len();
    for e in 0..n {
        let el = &g.elems[e];
        match el.class {
            Class::Enum => enumeration(&mut c, e),
            Class::Object => unique_names(&mut c, e, Prop::Fields),
            Class::Relationship => unique_names(&mut c, e, Prop::Properties),
            _ => {}
        }
        if el.class.is_complex_schema() {
            schema_depth(&mut c, e);
        }
        if el.class == Class::Property && el.version == 2 {
            no_array(&mut c, e);
        }
        if !el.semantic.is_empty() {
            semantic(&mut c, e);
        }
    }
    Checked {
        errors: c.diags,
        incomplete: c.incomplete,
        unresolved: c.unresolved.into_iter().collect(),
    }
}

fn duplicates(c: &mut Checker) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, e) in c.g.elems.iter().enumerate() {
        if let Some(first) = seen.insert(e.id.as_str(), i) {
            let f = &c.g.elems[first];
            let msg = format!(
                "@id {} is defined more than once (also at {}{}); each element needs a unique @id",
                e.id,
                c.names.get(f.file).copied().unwrap_or_default(),
                f.pointer
            );
            c.diag(i, &e.pointer, msg);
        }
    }
}

fn references(c: &mut Checker) {
    let g = c.g;
    for (i, e) in g.elems.iter().enumerate() {
        for (p, vals) in &e.props {
            let Some(spec) = meta::prop_spec(e.class, *p, e.version) else {
                continue;
            };
            let Kind::Obj {
                range, v2_in_v3, ..
            } = spec.kind
            else {
                continue;
            };
            for v in vals {
                let PVal::Ref(r) = &v.val else { continue };
                let Some(&t) = g.ids.get(r.as_str()) else {
                    let d = c.located(i, &v.pointer, format!(
                        "{r} is referenced by {} but is not defined in the input; add its file or upload it first",
                        p.name()
                    ));
                    c.incomplete.push(d);
                    c.unresolved.insert(r.clone());
                    continue;
                };
                let te = &g.elems[t];
                if !range.fits(te.class) {
                    c.diag(
                        i,
                        &v.pointer,
                        format!(
                            "{r} is a {} but {} needs a {}",
                            te.class.name(),
                            p.name(),
                            range.describe()
                        ),
                    );
                    continue;
                }
                if te.version > e.version || (te.version < e.version && !v2_in_v3) {
                    c.diag(i, &v.pointer, format!(
                        "{r} is a DTDL v{} element and cannot be used by {} of a DTDL v{} element",
                        te.version, p.name(), e.version
                    ));
                    continue;
                }
                if te.class != Class::Interface && te.partition != e.partition {
                    c.diag(i, &v.pointer, format!(
                        "{r} is defined inside another Interface and cannot be referenced from here; define it in this Interface's schemas"
                    ));
                }
            }
        }
    }
}

fn unique_names(c: &mut Checker, e: usize, p: Prop) {
    let g = c.g;
    let mut seen = HashSet::new();
    for k in g.elems_of(e, p) {
        if let Some(n) = g.elems[k].name().filter(|n| !seen.insert(*n)) {
            c.diag(
                e,
                &g.elems[k].pointer.clone(),
                format!("name '{n}' is used more than once in {}", p.name()),
            );
        }
    }
}

fn enumeration(c: &mut Checker, e: usize) {
    unique_names(c, e, Prop::EnumValues);
    let g = c.g;
    let vs = match g.elems[e].get(Prop::ValueSchema).first().map(|v| &v.val) {
        Some(PVal::Term(t)) => t.as_str(),
        _ => return,
    };
    let mut seen: Vec<&serde_json::Value> = vec![];
    for k in g.elems_of(e, Prop::EnumValues) {
        let Some(v) = g.elems[k].get(Prop::EnumValue).first() else {
            continue;
        };
        let PVal::Lit(lit) = &v.val else { continue };
        let ok = match vs {
            "integer" => lit.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            _ => lit.is_string(),
        };
        if !ok {
            c.diag(
                e,
                &v.pointer,
                format!("enumValue {lit} does not match the Enum's valueSchema '{vs}'"),
            );
        } else if seen.contains(&lit) {
            c.diag(
                e,
                &v.pointer,
                format!("enumValue {lit} is used more than once"),
            );
        }
        seen.push(lit);
    }
}

/// Child schemas of a complex schema (elementSchema, field/mapValue schemas).
fn child_schemas(g: &Graph, e: usize) -> Vec<usize> {
    let mut out = vec![];
    match g.elems[e].class {
        Class::Array => out.extend(g.elems_of(e, Prop::ElementSchema)),
        Class::Object => {
            for f in g.elems_of(e, Prop::Fields) {
                out.extend(g.elems_of(f, Prop::Schema));
            }
        }
        Class::Map => {
            for mv in g.elems_of(e, Prop::MapValue) {
                out.extend(g.elems_of(mv, Prop::Schema));
            }
        }
        _ => {}
    }
    out.into_iter()
        .filter(|x| g.elems[*x].class.is_complex_schema())
        .collect()
}

fn schema_depth(c: &mut Checker, e: usize) {
    let g = c.g;
    let el = &g.elems[e];
    match c.schemas.get(e, &|x| child_schemas(g, x), 0) {
        Err(()) => c.diag(
            e,
            &el.pointer.clone(),
            format!("schema {} contains itself; break the cycle", el.id),
        ),
        Ok(d) if d + 1 > 5 => c.diag(
            e,
            &el.pointer.clone(),
            format!(
                "complex schema {} is nested {} levels deep; the limit is 5",
                el.id,
                d + 1
            ),
        ),
        Ok(_) => {}
    }
}

/// DTDL v2: a Property must not be an ancestor of an element whose `schema` includes an
/// Array or a geospatial schema (an array in disguise), so no Array anywhere in its schema,
/// also not in a field of an Object or the values of a Map.
fn no_array(c: &mut Checker, e: usize) {
    let g = c.g;
    for v in g.elems[e].get(Prop::Schema) {
        let msg = match array_in(c, &v.val, &mut vec![]) {
            None => continue,
            Some(None) => {
                "a DTDL v2 Property cannot have an Array schema (use Telemetry, or DTDL v3)"
                    .to_string()
            }
            Some(Some(what)) => format!(
                "a DTDL v2 Property cannot hold an Array, also not inside an Object or a Map; this schema contains {what} (use Telemetry, or DTDL v3)"
            ),
        };
        c.diag(e, &v.pointer.clone(), msg);
    }
}

/// Whether a schema value is (`Some(None)`) or contains (`Some(Some(what))`) an Array or a
/// geospatial schema. `path` guards against schema cycles, which are reported elsewhere.
fn array_in(c: &mut Checker, v: &PVal, path: &mut Vec<usize>) -> Option<Option<String>> {
    let g = c.g;
    let s = match g.target(v) {
        Target::Geo => return Some(None),
        Target::Elem(s) if g.elems[s].class == Class::Array => return Some(None),
        Target::Elem(s) => s,
        _ => return None,
    };
    if let Some(known) = c.arrays.get(&s) {
        return known.clone().map(Some);
    }
    if path.contains(&s) {
        return None;
    }
    path.push(s);
    let holders = match g.elems[s].class {
        Class::Object => g.elems_of(s, Prop::Fields),
        Class::Map => g.elems_of(s, Prop::MapValue),
        _ => vec![],
    };
    let mut found = None;
    'outer: for h in holders {
        for hv in g.elems[h].get(Prop::Schema) {
            match array_in(c, &hv.val, path) {
                None => {}
                Some(None) => {
                    let what = match &hv.val {
                        PVal::Geo(n) => format!("geospatial schema '{n}'"),
                        _ => "an Array".to_string(),
                    };
                    found = Some(format!("{what} at {}", hv.pointer));
                    break 'outer;
                }
                Some(Some(what)) => {
                    found = Some(what);
                    break 'outer;
                }
            }
        }
    }
    path.pop();
    c.arrays.insert(s, found.clone());
    found.map(Some)
}

fn semantic(c: &mut Checker, e: usize) {
    let g = c.g;
    let el = &g.elems[e];
    let (st, fam) = &el.semantic[0];
    if *fam == 1 {
        return;
    }
    if let Some((_, units)) = super::context::semantic_units(st, *fam) {
        for u in el.get(Prop::Unit) {
            let PVal::Term(n) = &u.val else { continue };
            if !units.contains(&n.as_str()) {
                c.diag(
                    e,
                    &u.pointer.clone(),
                    format!(
                        "unit '{n}' is not a unit of semantic type {st}; use one of: {}",
                        units.join(", ")
                    ),
                );
            }
        }
    }
    for v in el.get(Prop::Schema) {
        let numeric = match g.target(&v.val) {
            Target::Prim(p) => p.is_numeric(),
            Target::None => true,
            _ => false,
        };
        if !numeric {
            c.diag(
                e,
                &v.pointer.clone(),
                format!(
                    "semantic type {st} requires a numeric schema (double, float, integer or long)"
                ),
            );
        }
    }
}
