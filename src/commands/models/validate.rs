//! `models validate`: parse the given files as one model set and report every problem.
use super::super::Ctx;
use crate::cli::ModelsValidateArgs;
use crate::dtdl::{self, ParseOptions};
use crate::error::Exit;
use crate::models::load_paths;
use crate::output::{SCHEMA_VERSION, new_table, sanitize};
use color_eyre::eyre::Result;
use serde_json::json;
use std::time::Instant;

pub fn run(a: ModelsValidateArgs, ctx: &Ctx) -> Result<Exit> {
    let started = Instant::now();
    let (sources, mut errors) = load_paths(&a.paths);
    let opts = ParseOptions {
        allow_undefined_extensions: a.allow_undefined_extensions,
    };
    let models = match dtdl::parse(&sources, opts) {
        Ok(set) => set.interfaces().filter(|i| i.top_level).count(),
        Err(diags) => {
            errors.extend(diags);
            0
        }
    };
    let elapsed = started.elapsed();
    let p = &ctx.printer;
    let valid = errors.is_empty();
    if p.is_json() {
        p.json(&json!({
            "schema_version": SCHEMA_VERSION,
            "valid": valid,
            "files": sources.len(),
            "models": models,
            "errors": errors,
            "elapsed_ms": elapsed.as_millis() as u64,
        }))?;
    } else if valid {
        p.out(&format!(
            "{models} models in {} files are valid DTDL ({} ms)\n",
            sources.len(),
            elapsed.as_millis()
        ))?;
    } else {
        let mut t = new_table(&["FILE", "POINTER", "MODEL", "ERROR"], p.stdout_tty);
        for d in &errors {
            t.add_row(vec![
                sanitize(&d.file),
                sanitize(&d.pointer),
                sanitize(d.dtmi.as_deref().unwrap_or("")),
                sanitize(&d.message),
            ]);
        }
        p.table(&t)?;
        p.info(format!(
            "{} problem(s) in {} file(s)",
            errors.len(),
            sources.len()
        ));
    }
    Ok(if valid { Exit::Success } else { Exit::Failure })
}
