//! `models delete`: reverse dependency order; refuses models twins still use unless
//! `--decommission`; all or nothing.
use super::super::Ctx;
use super::super::twins::adt_report;
use crate::cli::ModelsDeleteArgs;
use crate::error::Exit;
use crate::models::plan_delete;
use crate::output::{SCHEMA_VERSION, new_table, sanitize};
use crate::report::Reporter;
use color_eyre::eyre::{Result, eyre};
use serde_json::json;

pub async fn run(a: ModelsDeleteArgs, ctx: &Ctx) -> Result<Exit> {
    let adt = ctx.adt()?;
    let instance = adt.list_models(&[], true).await.map_err(adt_report)?;
    let set = crate::models::parse_instance(&instance).map_err(|d| {
        eyre!(
            "the instance's models do not parse, so their dependencies are unknown: {}",
            d[0]
        )
    })?;
    let all_ids: Vec<String> = instance.iter().map(|m| m.id.clone()).collect();
    let targets = if a.all {
        all_ids.clone()
    } else {
        a.ids.clone()
    };
    let counts = super::twin_counts(&adt).await?;
    let plan = plan_delete(&set, &all_ids, &targets, &counts, a.decommission);
    let p = &ctx.printer;
    if !plan.blocked.is_empty() {
        let mut t = new_table(&["MODEL", "CANNOT BE DELETED BECAUSE"], p.stderr_tty);
        for (id, why) in &plan.blocked {
            t.add_row(vec![sanitize(id), why.clone()]);
        }
        eprintln!("{t}");
        return Err(eyre!(
            "nothing deleted: {} model(s) cannot be deleted",
            plan.blocked.len()
        ));
    }
    for (id, why) in &plan.kept {
        p.info(format!("keeping {id}: {why}"));
    }
    if plan.delete.is_empty() && plan.decommission.is_empty() {
        p.info("no models to delete");
        return Ok(Exit::Success);
    }
    if !a.dry_run && !a.yes {
        let q = format!(
            "Delete {} model(s) and decommission {}?",
            plan.delete.len(),
            plan.decommission.len()
        );
        if !p.confirm(&q, "--yes")? {
            p.info("nothing deleted");
            return Ok(Exit::Failure);
        }
    }
    if !a.dry_run {
        let progress = p.progress("delete");
        let total = (plan.delete.len() + plan.decommission.len()) as u64;
        for (i, id) in plan.decommission.iter().enumerate() {
            adt.decommission_model(id).await.map_err(adt_report)?;
            progress.progress(i as u64 + 1, Some(total), "models");
        }
        for (i, id) in plan.delete.iter().enumerate() {
            adt.delete_model(id).await.map_err(adt_report)?;
            progress.progress(
                (plan.decommission.len() + i) as u64 + 1,
                Some(total),
                "models",
            );
        }
        progress.finish();
    }
    if p.is_json() {
        let kept: Vec<_> = plan
            .kept
            .iter()
            .map(|(id, why)| json!({ "id": id, "reason": why }))
            .collect();
        p.json(&json!({ "schema_version": SCHEMA_VERSION, "dry_run": a.dry_run, "deleted": plan.delete, "decommissioned": plan.decommission, "kept": kept }))?;
    } else {
        let verb = if a.dry_run { "would be " } else { "" };
        let mut t = new_table(&["MODEL", "ACTION"], p.stdout_tty);
        for id in &plan.decommission {
            t.add_row(vec![sanitize(id), format!("{verb}decommissioned")]);
        }
        for id in &plan.delete {
            t.add_row(vec![sanitize(id), format!("{verb}deleted")]);
        }
        p.table(&t)?;
    }
    Ok(Exit::Success)
}
