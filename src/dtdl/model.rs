//! The public model built from a valid element graph: Interfaces with their own contents,
//! and `ModelSet` queries over inheritance (properties, relationships, components,
//! telemetry, ancestors) and upload dependencies. Pure.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::graph::{Graph, PVal, Prim, Target};
use super::meta::{Class, Prop};
use super::schema::Schema;

/// A Property (of an Interface or of a Relationship).
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyDef {
    pub name: String,
    pub schema: Schema,
    pub writable: bool,
    /// The DTMI of the Interface that declares it.
    pub defined_in: String,
}

/// A Telemetry.
#[derive(Debug, Clone, PartialEq)]
pub struct TelemetryDef {
    pub name: String,
    pub schema: Schema,
    /// The DTMI of the Interface that declares it.
    pub defined_in: String,
}

/// A Relationship.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationshipDef {
    pub name: String,
    /// The target Interface DTMI, if restricted.
    pub target: Option<String>,
    /// Properties of the relationship itself.
    pub properties: Vec<PropertyDef>,
    /// The DTMI of the Interface that declares it.
    pub defined_in: String,
}

/// A Component.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentDef {
    pub name: String,
    /// The DTMI of the component's Interface.
    pub schema: String,
    /// The DTMI of the Interface that declares it.
    pub defined_in: String,
}

/// One Interface and its own (not inherited) contents.
#[derive(Debug, Clone)]
pub struct Interface {
    pub id: String,
    /// 2 or 3.
    pub dtdl_version: u8,
    /// Direct bases.
    pub extends: Vec<String>,
    pub display_name: Option<String>,
    pub description: Option<String>,
    /// `ModelSource::name` of the file that defines it.
    pub source: String,
    /// JSON pointer of the Interface object in that file.
    pub pointer: String,
    /// The original JSON object of this Interface.
    pub raw: Value,
    /// True for a top-level model; false for an Interface defined inline (in `extends` or a
    /// Component `schema`) that is uploaded as part of its top-level model.
    pub top_level: bool,
    /// The top-level Interface that contains this one (itself when top-level).
    pub root: String,
    /// Own Properties in declaration order.
    pub properties: Vec<PropertyDef>,
    /// Own Telemetry in declaration order.
    pub telemetry: Vec<TelemetryDef>,
    /// Own Relationships in declaration order.
    pub relationships: Vec<RelationshipDef>,
    /// Own Components in declaration order.
    pub components: Vec<ComponentDef>,
    /// Names of own Commands.
    pub commands: Vec<String>,
    deps: Vec<String>,
}

/// A validated set of Interfaces.
#[derive(Debug, Clone, Default)]
pub struct ModelSet {
    interfaces: Vec<Interface>,
    index: HashMap<String, usize>,
}

fn schema_of(g: &Graph, v: &PVal, depth: usize) -> Schema {
    let target = g.target(v);
    if depth > 16 {
        return Schema::String;
    }
    match target {
        Target::Prim(p) => match p {
            Prim::Boolean => Schema::Boolean,
            Prim::Date => Schema::Date,
            Prim::DateTime => Schema::DateTime,
            Prim::Double => Schema::Double,
            Prim::Duration => Schema::Duration,
            Prim::Float => Schema::Float,
            Prim::Integer => Schema::Integer,
            Prim::Long => Schema::Long,
            Prim::String => Schema::String,
            Prim::Time => Schema::Time,
        },
        Target::Geo => match v {
            PVal::Geo(n) => Schema::Geospatial(n.clone()),
            _ => Schema::Geospatial(String::new()),
        },
        Target::None => Schema::String,
        Target::Elem(e) => {
            let el = &g.elems[e];
            let first = |p: Prop| el.get(p).first().map(|x| schema_of(g, &x.val, depth + 1));
            match el.class {
                Class::Array => Schema::Array {
                    element: Box::new(first(Prop::ElementSchema).unwrap_or(Schema::String)),
                },
                Class::Enum => {
                    let vs = match el.get(Prop::ValueSchema).first().map(|x| &x.val) {
                        Some(PVal::Term(t)) if t == "integer" => Schema::Integer,
                        _ => Schema::String,
                    };
                    let values = g
                        .elems_of(e, Prop::EnumValues)
                        .into_iter()
                        .map(|k| {
                            let ev = &g.elems[k];
                            let lit = match ev.get(Prop::EnumValue).first().map(|x| &x.val) {
                                Some(PVal::Lit(l)) => l.clone(),
                                _ => Value::Null,
                            };
                            (ev.name().unwrap_or_default().to_string(), lit)
                        })
                        .collect();
                    Schema::Enum {
                        value_schema: Box::new(vs),
                        values,
                    }
                }
                Class::Map => {
                    let value = g
                        .elems_of(e, Prop::MapValue)
                        .first()
                        .and_then(|mv| g.elems[*mv].get(Prop::Schema).first())
                        .map(|x| schema_of(g, &x.val, depth + 1))
                        .unwrap_or(Schema::String);
                    Schema::Map {
                        key: Box::new(Schema::String),
                        value: Box::new(value),
                    }
                }
                Class::Object => Schema::Object {
                    fields: g
                        .elems_of(e, Prop::Fields)
                        .into_iter()
                        .map(|f| {
                            let fe = &g.elems[f];
                            let s = fe
                                .get(Prop::Schema)
                                .first()
                                .map(|x| schema_of(g, &x.val, depth + 1))
                                .unwrap_or(Schema::String);
                            (fe.name().unwrap_or_default().to_string(), s)
                        })
                        .collect(),
                },
                _ => Schema::String,
            }
        }
    }
}

fn property(g: &Graph, p: usize, defined_in: &str) -> PropertyDef {
    let el = &g.elems[p];
    PropertyDef {
        name: el.name().unwrap_or_default().to_string(),
        schema: el
            .get(Prop::Schema)
            .first()
            .map(|x| schema_of(g, &x.val, 0))
            .unwrap_or(Schema::String),
        writable: matches!(
            el.get(Prop::Writable).first().map(|x| &x.val),
            Some(PVal::Bool(true))
        ),
        defined_in: defined_in.to_string(),
    }
}

fn ref_id(g: &Graph, v: &PVal) -> Option<String> {
    match v {
        PVal::Elem(i) => Some(g.elems[*i].id.clone()),
        PVal::Ref(r) => Some(r.clone()),
        _ => None,
    }
}

/// Builds the model set from a valid graph.
pub(crate) fn build(g: &Graph, names: &[&str]) -> ModelSet {
    let mut deps: HashMap<usize, Vec<String>> = HashMap::new();
    for el in g.elems {
        for vals in el.props.values() {
            for v in vals {
                if let Target::Elem(t) = g.target(&v.val) {
                    let troot = g.elems[t].root;
                    if troot != el.root {
                        let list = deps.entry(el.root).or_default();
                        let id = g.elems[troot].id.clone();
                        if !list.contains(&id) {
                            list.push(id);
                        }
                    }
                }
            }
        }
    }
    let mut set = ModelSet::default();
    for (i, el) in g.elems.iter().enumerate() {
        if el.class != Class::Interface {
            continue;
        }
        let mut it = Interface {
            id: el.id.clone(),
            dtdl_version: el.version,
            extends: el
                .get(Prop::Extends)
                .iter()
                .filter_map(|v| ref_id(g, &v.val))
                .collect(),
            display_name: el.lang(Prop::DisplayName),
            description: el.lang(Prop::Description),
            source: names.get(el.file).copied().unwrap_or_default().to_string(),
            pointer: el.pointer.clone(),
            raw: el.raw.clone(),
            top_level: el.parent.is_none(),
            root: g.elems[el.root].id.clone(),
            properties: vec![],
            telemetry: vec![],
            relationships: vec![],
            components: vec![],
            commands: vec![],
            deps: deps.get(&el.root).cloned().unwrap_or_default(),
        };
        for c in g.elems_of(i, Prop::Contents) {
            let ce = &g.elems[c];
            let name = ce.name().unwrap_or_default().to_string();
            let schema = || {
                ce.get(Prop::Schema)
                    .first()
                    .map(|x| schema_of(g, &x.val, 0))
                    .unwrap_or(Schema::String)
            };
            match ce.class {
                Class::Property => it.properties.push(property(g, c, &el.id)),
                Class::Telemetry => it.telemetry.push(TelemetryDef {
                    name,
                    schema: schema(),
                    defined_in: el.id.clone(),
                }),
                Class::Relationship => it.relationships.push(RelationshipDef {
                    name,
                    target: ce.get(Prop::Target).first().and_then(|x| match &x.val {
                        PVal::Str(s) => Some(s.clone()),
                        _ => None,
                    }),
                    properties: g
                        .elems_of(c, Prop::Properties)
                        .into_iter()
                        .map(|p| property(g, p, &el.id))
                        .collect(),
                    defined_in: el.id.clone(),
                }),
                Class::Component => it.components.push(ComponentDef {
                    name,
                    schema: ce
                        .get(Prop::Schema)
                        .first()
                        .and_then(|x| ref_id(g, &x.val))
                        .unwrap_or_default(),
                    defined_in: el.id.clone(),
                }),
                Class::Command => it.commands.push(name),
                _ => {}
            }
        }
        set.index.insert(it.id.clone(), set.interfaces.len());
        set.interfaces.push(it);
    }
    set
}

impl ModelSet {
    /// The Interface with this DTMI.
    pub fn get(&self, dtmi: &str) -> Option<&Interface> {
        self.index.get(dtmi).map(|i| &self.interfaces[*i])
    }

    /// All Interfaces (top-level and inline) in input order.
    pub fn interfaces(&self) -> impl Iterator<Item = &Interface> {
        self.interfaces.iter()
    }

    /// Number of Interfaces (top-level and inline).
    pub fn len(&self) -> usize {
        self.interfaces.len()
    }

    /// True when the set holds no Interface.
    pub fn is_empty(&self) -> bool {
        self.interfaces.is_empty()
    }

    /// The interface and all its ancestors via extends (for IS_OF_MODEL): the interface
    /// first, then bases depth-first in declaration order, each once.
    pub fn ancestors(&self, dtmi: &str) -> Vec<String> {
        let mut out: Vec<String> = vec![];
        let mut stack = vec![dtmi.to_string()];
        while let Some(id) = stack.pop() {
            if out.contains(&id) {
                continue;
            }
            let Some(it) = self.get(&id) else { continue };
            out.push(id);
            for b in it.extends.iter().rev() {
                stack.push(b.clone());
            }
        }
        out
    }

    fn lineage(&self, dtmi: &str) -> Vec<&Interface> {
        self.ancestors(dtmi)
            .iter()
            .filter_map(|d| self.get(d))
            .collect()
    }

    /// Every Property of the interface including inherited ones via `extends`
    /// (transitively): own properties first in declaration order, then each ancestor's.
    pub fn properties(&self, dtmi: &str) -> Vec<&PropertyDef> {
        self.lineage(dtmi)
            .into_iter()
            .flat_map(|i| i.properties.iter())
            .collect()
    }

    /// Every Relationship including inherited ones.
    pub fn relationships(&self, dtmi: &str) -> Vec<&RelationshipDef> {
        self.lineage(dtmi)
            .into_iter()
            .flat_map(|i| i.relationships.iter())
            .collect()
    }

    /// Every Component including inherited ones.
    pub fn components(&self, dtmi: &str) -> Vec<&ComponentDef> {
        self.lineage(dtmi)
            .into_iter()
            .flat_map(|i| i.components.iter())
            .collect()
    }

    /// Every Telemetry including inherited ones.
    pub fn telemetry(&self, dtmi: &str) -> Vec<&TelemetryDef> {
        self.lineage(dtmi)
            .into_iter()
            .flat_map(|i| i.telemetry.iter())
            .collect()
    }

    /// DTMIs of other top-level interfaces this one needs to exist before upload to ADT:
    /// extends, component schemas, and schema DTMIs defined in other interfaces. For an
    /// inline Interface these are the dependencies of its top-level model.
    pub fn dependencies(&self, dtmi: &str) -> Vec<String> {
        self.get(dtmi).map(|i| i.deps.clone()).unwrap_or_default()
    }

    /// All top-level interfaces in an order where each comes after its dependencies
    /// (input order otherwise). Inline Interfaces travel with their top-level model.
    pub fn dependency_order(&self) -> Vec<String> {
        let mut out = vec![];
        let mut done: HashSet<&str> = HashSet::new();
        let mut visiting: HashSet<&str> = HashSet::new();
        fn visit<'s>(
            s: &'s ModelSet,
            id: &'s str,
            done: &mut HashSet<&'s str>,
            visiting: &mut HashSet<&'s str>,
            out: &mut Vec<String>,
        ) {
            if done.contains(id) || !visiting.insert(id) {
                return;
            }
            if let Some(it) = s.get(id) {
                for d in &it.deps {
                    visit(s, d, done, visiting, out);
                }
            }
            visiting.remove(id);
            done.insert(id);
            out.push(id.to_string());
        }
        for it in self.interfaces.iter().filter(|i| i.top_level) {
            visit(self, &it.id, &mut done, &mut visiting, &mut out);
        }
        out
    }
}
