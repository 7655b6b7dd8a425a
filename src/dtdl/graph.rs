//! The parsed element graph: every DTDL element of the input (explicit or nested) in one
//! arena, with its class, identifier, location in the input and property values. Built by
//! `parse`, indexed by identifier (`Graph`), checked by `validate`, turned into the public
//! model by `model`. Pure data.

use std::collections::{BTreeMap, HashMap};

use super::meta::{Class, Prop};

/// A primitive schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Prim {
    Boolean,
    Date,
    DateTime,
    Double,
    Duration,
    Float,
    Integer,
    Long,
    String,
    Time,
}

impl Prim {
    /// The primitive for a schema term.
    pub fn from_name(n: &str) -> Option<Prim> {
        Some(match n {
            "boolean" => Prim::Boolean,
            "date" => Prim::Date,
            "dateTime" => Prim::DateTime,
            "double" => Prim::Double,
            "duration" => Prim::Duration,
            "float" => Prim::Float,
            "integer" => Prim::Integer,
            "long" => Prim::Long,
            "string" => Prim::String,
            "time" => Prim::Time,
            _ => return None,
        })
    }

    /// True for numeric primitives.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Prim::Double | Prim::Float | Prim::Integer | Prim::Long
        )
    }
}

/// One property value of an element.
#[derive(Clone, Debug)]
pub(crate) enum PVal {
    /// an inline child element
    Elem(usize),
    /// a DTMI reference to an element defined somewhere in the input
    Ref(String),
    /// a primitive schema
    Prim(Prim),
    /// a predefined geospatial (or IoT Central) schema
    Geo(String),
    /// a predefined instance named by a term (valueSchema, commandType, unit)
    Term(String),
    Str(String),
    /// an integer (maxMultiplicity, minMultiplicity); the value is checked while parsing
    #[allow(dead_code)]
    Int(i64),
    Bool(bool),
    /// a literal (enumValue)
    Lit(serde_json::Value),
    /// a localizable string: (language, text); language "" = default
    Lang(Vec<(String, String)>),
}

/// A value and where it is in the input.
#[derive(Clone, Debug)]
pub(crate) struct PEntry {
    pub val: PVal,
    pub pointer: String,
}

/// One DTDL element.
#[derive(Clone, Debug)]
pub(crate) struct Elem {
    pub id: String,
    pub class: Class,
    pub version: u8,
    /// semantic co-types: (name, family)
    pub semantic: Vec<(String, u8)>,
    /// index of the input file
    pub file: usize,
    pub pointer: String,
    pub parent: Option<usize>,
    /// the Interface this element belongs to (itself for an Interface)
    pub partition: usize,
    /// the top-level Interface (for diagnostics)
    pub root: usize,
    pub props: BTreeMap<Prop, Vec<PEntry>>,
    /// the original JSON of an Interface (Null for other elements)
    pub raw: serde_json::Value,
}

impl Elem {
    /// Values of a property (empty when absent).
    pub fn get(&self, p: Prop) -> &[PEntry] {
        self.props.get(&p).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The element's `name`, if it has one.
    pub fn name(&self) -> Option<&str> {
        match self.get(Prop::Name).first().map(|e| &e.val) {
            Some(PVal::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// The first localizable string value in the default or English language.
    pub fn lang(&self, p: Prop) -> Option<String> {
        let PVal::Lang(v) = &self.get(p).first()?.val else {
            return None;
        };
        v.iter()
            .find(|(l, _)| l.is_empty() || l == "en" || l.starts_with("en-"))
            .or_else(|| v.first())
            .map(|(_, s)| s.clone())
    }
}

/// What a value refers to once references are resolved.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Target {
    Elem(usize),
    Prim(Prim),
    Geo,
    None,
}

/// The element set with an identifier index.
pub(crate) struct Graph<'a> {
    pub elems: &'a [Elem],
    pub ids: HashMap<&'a str, usize>,
}

impl<'a> Graph<'a> {
    /// Indexes elements by identifier (first definition wins).
    pub fn new(elems: &'a [Elem]) -> Self {
        let mut ids = HashMap::new();
        for (i, e) in elems.iter().enumerate() {
            ids.entry(e.id.as_str()).or_insert(i);
        }
        Graph { elems, ids }
    }

    /// Resolves a value to what it denotes.
    pub fn target(&self, v: &PVal) -> Target {
        match v {
            PVal::Elem(i) => Target::Elem(*i),
            PVal::Ref(r) => self
                .ids
                .get(r.as_str())
                .map_or(Target::None, |i| Target::Elem(*i)),
            PVal::Prim(p) => Target::Prim(*p),
            PVal::Geo(_) => Target::Geo,
            _ => Target::None,
        }
    }

    /// Resolved element values of a property.
    pub fn elems_of(&self, e: usize, p: Prop) -> Vec<usize> {
        self.elems[e]
            .get(p)
            .iter()
            .filter_map(|v| match self.target(&v.val) {
                Target::Elem(i) => Some(i),
                _ => None,
            })
            .collect()
    }

    /// Direct bases of an Interface.
    pub fn bases(&self, e: usize) -> Vec<usize> {
        self.elems_of(e, Prop::Extends)
            .into_iter()
            .filter(|b| self.elems[*b].class == Class::Interface)
            .collect()
    }
}
