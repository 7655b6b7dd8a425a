//! DTDL v2/v3 parsing and validation, the model graph (inheritance, components,
//! relationships) and upload dependency order. Pure: takes JSON values, returns a model set
//! or diagnostics; no I/O, no printing, no environment.
//!
//! The validator follows the official DTDL metamodel (the `*ModelRDF-SHACL.json` files) and
//! the language specification: `validate` walks each element (`parse`), checks cross-element
//! rules (`validate`), collects departures from the specification's recommendations
//! (`advice`) and builds the public model (`model`). `parse` is `validate` for callers that
//! only want the model or the errors.

mod advice;
mod context;
mod dtmi;
mod graph;
mod hierarchy;
mod meta;
mod model;
mod parse;
mod resolve;
#[cfg(test)]
mod rule_tests;
mod schema;
mod terms;
#[cfg(test)]
mod tests;
mod twin;
mod validate;
mod values;

use std::fmt;

pub use dtmi::check_dtmi;
pub use model::{ComponentDef, Interface, ModelSet, PropertyDef, RelationshipDef, TelemetryDef};
pub use schema::Schema;
pub use twin::initial_twin;

/// One input document.
#[derive(Debug, Clone)]
pub struct ModelSource {
    /// File path or label, used in diagnostics.
    pub name: String,
    /// One model object or an array of model objects.
    pub value: serde_json::Value,
}

/// Parser options.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions {
    /// Accept `@context` entries that name unknown (undefined) extensions, and with them
    /// undefined co-types and properties.
    pub allow_undefined_extensions: bool,
}

/// A problem found in the input.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Diagnostic {
    /// `ModelSource::name` of the file.
    pub file: String,
    /// RFC 6901 JSON pointer into that file's JSON, e.g. `/0/contents/3/schema`.
    pub pointer: String,
    /// The enclosing top-level Interface `@id`, when known.
    pub dtmi: Option<String>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.pointer, self.message)?;
        if let Some(d) = &self.dtmi {
            write!(f, " (in {d})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// A departure from a recommendation of the DTDL specification (SHOULD, SHOULD NOT,
/// RECOMMENDED): the model is still valid, but another tool or a later reader may trip on it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Warning {
    /// `ModelSource::name` of the file.
    pub file: String,
    /// RFC 6901 JSON pointer into that file's JSON.
    pub pointer: String,
    /// The enclosing top-level Interface `@id`, when known.
    pub dtmi: Option<String>,
    /// The specification's identifiers of the recommendations, e.g.
    /// `ClassTelemetryPropertySchemaPreferTermToDtmi` (the anchors the DTDL specification
    /// links as `Recommendation-<id>V3.json`).
    pub rules: Vec<String>,
    /// What to change.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.pointer, self.message)?;
        if let Some(d) = &self.dtmi {
            write!(f, " (in {d})")?;
        }
        write!(f, " [{}]", self.rules.join(", "))
    }
}

/// Everything validation found out about a set of documents.
#[derive(Debug, Default)]
pub struct Report {
    /// The model set, when the input is valid and complete.
    pub models: Option<ModelSet>,
    /// Every problem that makes the input invalid, in input order, then one per dependent
    /// reference to an element the input does not define (see `unresolved`). Empty exactly
    /// when `models` is `Some`.
    pub errors: Vec<Diagnostic>,
    /// DTMIs the input uses in place of an element (`extends`, `schema`, `contents`, ...)
    /// without defining them anywhere, sorted, each once: the input is incomplete until their
    /// definitions are added.
    pub unresolved: Vec<String>,
    /// How many of `errors` are unresolved references (the last ones).
    pub incomplete: usize,
    /// Departures from the specification's recommendations; they never make a model invalid.
    pub warnings: Vec<Warning>,
}

impl Report {
    /// True when the only problem is that referenced definitions are missing: the input is
    /// incomplete, and its validity depends on what those definitions say.
    pub fn only_incomplete(&self) -> bool {
        self.incomplete > 0 && self.incomplete == self.errors.len()
    }
}

/// Parses and validates a set of model documents together, returning every problem found
/// (not just the first), the identifiers that would complete the input, and advice.
pub fn validate(sources: &[ModelSource], opts: ParseOptions) -> Report {
    let mut walker = parse::Walker::new(opts);
    for (i, s) in sources.iter().enumerate() {
        walker.document(i, &s.name, &s.value);
    }
    let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
    let g = graph::Graph::new(&walker.elems);
    let checked = validate::check(&g, &names);
    let mut errors = std::mem::take(&mut walker.diags);
    errors.extend(checked.errors);
    let incomplete = checked.incomplete.len();
    errors.extend(checked.incomplete);
    let models = errors.is_empty().then(|| model::build(&g, &names));
    Report {
        models,
        errors,
        unresolved: checked.unresolved,
        incomplete,
        warnings: std::mem::take(&mut walker.warnings),
    }
}

/// Parses and validates a set of model documents together. Returns every problem found,
/// not just the first.
pub fn parse(sources: &[ModelSource], opts: ParseOptions) -> Result<ModelSet, Vec<Diagnostic>> {
    let r = validate(sources, opts);
    r.models.ok_or(r.errors)
}
