//! DTDL v2/v3 parsing and validation, the model graph (inheritance, components,
//! relationships) and upload dependency order. Pure: takes JSON values, returns a model set
//! or diagnostics; no I/O, no printing, no environment.
//!
//! The validator follows the official DTDL metamodel (the `*ModelRDF-SHACL.json` files):
//! `parse` walks each element (`parse`), checks cross-element rules (`validate`) and builds
//! the public model (`model`).

mod context;
mod dtmi;
mod graph;
mod meta;
mod model;
mod parse;
mod resolve;
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

/// Parses and validates a set of model documents together. Returns every problem found,
/// not just the first.
pub fn parse(sources: &[ModelSource], opts: ParseOptions) -> Result<ModelSet, Vec<Diagnostic>> {
    let mut walker = parse::Walker::new(opts);
    for (i, s) in sources.iter().enumerate() {
        walker.document(i, &s.name, &s.value);
    }
    let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
    let g = graph::Graph::new(&walker.elems);
    let mut diags = walker.diags.clone();
    diags.extend(validate::check(&g, &names));
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(model::build(&g, &names))
}
