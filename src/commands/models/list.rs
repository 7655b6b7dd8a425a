//! `models list`: the instance's models, all pages.
use super::super::Ctx;
use super::localized;
use crate::cli::ModelsListArgs;
use crate::error::Exit;
use crate::output::{SCHEMA_VERSION, new_table, sanitize};
use color_eyre::eyre::Result;
use serde_json::json;

pub async fn run(a: ModelsListArgs, ctx: &Ctx) -> Result<Exit> {
    let adt = ctx.adt()?;
    let models = adt
        .list_models(&a.dependencies_for, a.definitions)
        .await
        .map_err(super::super::twins::adt_report)?;
    let p = &ctx.printer;
    if p.is_json() {
        p.json(
            &json!({ "schema_version": SCHEMA_VERSION, "count": models.len(), "models": models }),
        )?;
    } else {
        let mut t = new_table(
            &["MODEL", "DISPLAY NAME", "UPLOADED", "DECOMMISSIONED"],
            p.stdout_tty,
        );
        for m in &models {
            t.add_row(vec![
                sanitize(&m.id),
                localized(m.display_name.as_ref()),
                m.upload_time.clone().unwrap_or_default(),
                if m.decommissioned {
                    "yes".into()
                } else {
                    String::new()
                },
            ]);
        }
        if !models.is_empty() {
            p.table(&t)?;
        }
        p.info(format!("{} model(s)", models.len()));
    }
    Ok(Exit::Success)
}
