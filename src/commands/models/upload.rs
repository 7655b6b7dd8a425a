//! `models upload`: parse, plan against the instance, upload only new models in dependency
//! order in the fewest calls, print a summary. Exit 0 only if nothing failed or conflicts.
use super::super::Ctx;
use super::super::twins::adt_report;
use crate::adt::AdtClient;
use crate::cli::ModelsUploadArgs;
use crate::dtdl::{ModelSource, ParseOptions};
use crate::error::{Exit, UsageError};
use crate::models::{self, Plan, PlanOptions, Status, UploadOptions, UploadOutcome};
use crate::output::{SCHEMA_VERSION, new_table, sanitize};
use crate::report::Reporter;
use color_eyre::eyre::Result;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Final state of each input model after the run.
fn final_status(plan: &Plan, outcome: &UploadOutcome) -> Vec<(String, String, String, String)> {
    let failed: BTreeMap<&str, &str> = outcome
        .failed
        .iter()
        .map(|(i, r)| (i.as_str(), r.as_str()))
        .collect();
    plan.entries
        .iter()
        .map(|e| {
            let (status, detail) = match e.status {
                Status::New if outcome.uploaded.contains(&e.id) => {
                    ("uploaded".to_string(), String::new())
                }
                Status::New if outcome.already_existed.contains(&e.id) => (
                    "unchanged".into(),
                    "created by someone else meanwhile".into(),
                ),
                Status::New => match failed.get(e.id.as_str()) {
                    Some(r) => ("failed".into(), r.to_string()),
                    None => ("new".into(), String::new()),
                },
                s => (
                    format!("{s:?}").to_lowercase(),
                    e.detail.clone().unwrap_or_default(),
                ),
            };
            let at = if e.pointer.is_empty() {
                e.file.clone()
            } else {
                format!("{}#{}", e.file, e.pointer)
            };
            (e.id.clone(), status, at, detail)
        })
        .collect()
}

/// Delete conflicting models (and instance models built on them) that no twin uses, so the new
/// definitions can be uploaded. Returns instance definitions of removed dependents that the
/// input does not provide (to be re-uploaded), or an error naming what blocks it.
async fn replace_conflicting(
    ctx: &Ctx,
    adt: &AdtClient,
    plan: &Plan,
    instance: &[crate::adt::ModelData],
    input_ids: &[String],
) -> Result<Vec<ModelSource>> {
    let conflicting: Vec<String> = plan
        .entries
        .iter()
        .filter(|e| e.status == Status::Conflicting)
        .map(|e| e.id.clone())
        .collect();
    let set = crate::models::parse_instance(instance)
        .map_err(|d| color_eyre::eyre::eyre!("the instance's own models do not parse: {}", d[0]))?;
    // Everything built on a conflicting model must go too.
    let all_ids: Vec<String> = instance.iter().map(|m| m.id.clone()).collect();
    let mut targets: Vec<String> = conflicting.clone();
    for id in &all_ids {
        let mut stack = set.dependencies(id);
        let mut seen = std::collections::BTreeSet::new();
        while let Some(d) = stack.pop() {
            if seen.insert(d.clone()) {
                stack.extend(set.dependencies(&d));
            }
        }
        if conflicting.iter().any(|c| seen.contains(c)) && !targets.contains(id) {
            targets.push(id.clone());
        }
    }
    let counts = super::twin_counts(adt).await?;
    let del = models::plan_delete(&set, &all_ids, &targets, &counts, false);
    if !del.blocked.is_empty() {
        let why: Vec<String> = del
            .blocked
            .iter()
            .map(|(id, r)| format!("{id}: {r}"))
            .collect();
        return Err(color_eyre::eyre::eyre!(
            "cannot replace the conflicting models:\n  {}",
            why.join("\n  ")
        ));
    }
    let progress = ctx.printer.progress("replace");
    for (i, id) in del.delete.iter().enumerate() {
        adt.delete_model(id).await.map_err(adt_report)?;
        progress.progress(
            i as u64 + 1,
            Some(del.delete.len() as u64),
            "models deleted",
        );
    }
    progress.finish();
    ctx.printer.info(format!(
        "deleted {} model(s) to replace them: {}",
        del.delete.len(),
        del.delete.join(", ")
    ));
    Ok(instance
        .iter()
        .filter(|m| del.delete.contains(&m.id) && !input_ids.contains(&m.id))
        .filter_map(|m| {
            Some(ModelSource {
                name: format!("instance:{}", m.id),
                value: m.model.clone()?,
            })
        })
        .collect())
}

pub async fn run(a: ModelsUploadArgs, ctx: &Ctx) -> Result<Exit> {
    if a.replace_conflicting && !a.yes {
        return Err(
            UsageError::new("--replace-conflicting deletes models from the instance")
                .with_hint("pass --yes to confirm")
                .into(),
        );
    }
    let (mut sources, load_errors) = models::load_paths(&a.paths);
    let adt = ctx.adt()?;
    let calls_before = adt.stats().requests;
    let reading = ctx.printer.progress("models");
    reading.progress(0, None, "reading the instance's models");
    let mut instance = adt.list_models(&[], true).await.map_err(adt_report)?;
    reading.finish();
    let opts = PlanOptions {
        parse: ParseOptions {
            allow_undefined_extensions: a.allow_undefined_extensions,
        },
        partial: a.partial,
    };
    let mut plan = models::plan(&sources, load_errors.clone(), &instance, opts);
    if a.replace_conflicting && plan.count(Status::Conflicting) > 0 && !a.dry_run {
        let input_ids: Vec<String> = plan.entries.iter().map(|e| e.id.clone()).collect();
        let extra = replace_conflicting(ctx, &adt, &plan, &instance, &input_ids).await?;
        sources.extend(extra);
        instance = adt.list_models(&[], true).await.map_err(adt_report)?;
        plan = models::plan(&sources, load_errors, &instance, opts);
    }
    for d in &plan.diagnostics {
        ctx.printer.warn(format!("{d}"));
    }
    let conflicts = plan.count(Status::Conflicting);
    let blocked_by_errors = plan.has_errors() && !a.partial;
    let blocked_by_conflicts = conflicts > 0 && a.fail_on_conflict;
    let mut outcome = UploadOutcome::default();
    if !a.dry_run && !blocked_by_errors && !blocked_by_conflicts && !plan.upload.is_empty() {
        let progress = ctx.printer.progress("upload");
        let opts = UploadOptions {
            batch_size: a.batch_size as usize,
            ..UploadOptions::default()
        };
        outcome = models::upload(&adt, &plan.upload, opts, &progress).await;
        progress.finish();
    }
    let rows = final_status(&plan, &outcome);
    let count = |s: &str| rows.iter().filter(|r| r.1 == s).count();
    let failed = outcome.failed.len();
    let ok = !plan.has_errors() && failed == 0 && (conflicts == 0 || !a.fail_on_conflict);
    let total_calls = adt.stats().requests - calls_before;
    let p = &ctx.printer;
    if p.is_json() {
        let models: Vec<Value> = rows.iter().map(|(id, s, at, d)| json!({ "id": id, "status": s, "source": at, "detail": if d.is_empty() { Value::Null } else { json!(d) } })).collect();
        p.json(&json!({
            "schema_version": SCHEMA_VERSION,
            "dry_run": a.dry_run,
            "summary": {
                "new": plan.count(Status::New), "uploaded": outcome.uploaded.len(), "unchanged": count("unchanged"),
                "conflicting": conflicts, "invalid": plan.count(Status::Invalid), "skipped": plan.count(Status::Skipped), "failed": failed,
            },
            "calls": { "create": outcome.calls, "total": total_calls },
            "batch_size": a.batch_size,
            "models": models,
            "diagnostics": plan.diagnostics,
        }))?;
    } else {
        if ctx.settings.output.verbose > 0 || a.dry_run {
            let mut t = new_table(&["MODEL", "STATUS", "SOURCE", "DETAIL"], p.stdout_tty);
            for (id, s, at, d) in &rows {
                t.add_row(vec![sanitize(id), s.clone(), sanitize(at), sanitize(d)]);
            }
            p.table(&t)?;
        }
        let mut t = new_table(&["STATUS", "MODELS"], p.stdout_tty);
        let uploaded_label = if a.dry_run {
            "new (dry run: not uploaded)"
        } else {
            "uploaded"
        };
        let new_count = if a.dry_run {
            plan.count(Status::New)
        } else {
            outcome.uploaded.len()
        };
        for (label, n) in [
            (uploaded_label, new_count),
            ("unchanged", count("unchanged")),
            ("conflicting", conflicts),
            ("invalid", plan.count(Status::Invalid)),
            ("skipped", plan.count(Status::Skipped)),
            ("failed", failed),
        ] {
            t.add_row(vec![label.to_string(), n.to_string()]);
        }
        p.table(&t)?;
        p.info(format!(
            "{} create call(s), {total_calls} ADT call(s) in all",
            outcome.calls
        ));
    }
    if blocked_by_conflicts && !a.dry_run {
        p.warn(format!("nothing uploaded: {conflicts} model(s) conflict with the instance (bump their versions, or --fail-on-conflict=false to upload the rest)"));
    }
    if blocked_by_errors && !a.dry_run {
        p.warn("nothing uploaded: fix the problems above, or pass --partial to upload what does not depend on them");
    }
    for (id, reason) in &outcome.failed {
        p.warn(format!("{id}: {reason}"));
    }
    Ok(if ok { Exit::Success } else { Exit::Failure })
}
