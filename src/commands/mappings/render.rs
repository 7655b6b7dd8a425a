//! Output of `mappings`: the view as a table (stdout) with a summary (stderr), or one JSON
//! document; and the fix plan with what became of each item.
use super::Outcome;
use crate::adt::AdtClient;
use crate::commands::Ctx;
use crate::hub::service::ServiceClient;
use crate::mappings::fix::PlanItem;
use crate::mappings::{self as core, Row, Status};
use crate::output::{SCHEMA_VERSION, new_table, sanitize};
use color_eyre::eyre::Result;
use serde_json::{Value, json};
use time::OffsetDateTime;

fn or_dash(v: Option<&String>) -> String {
    v.map(|s| sanitize(s)).unwrap_or_else(|| "-".into())
}

fn model_cell(r: &Row) -> String {
    match (r.status, &r.twin_model, &r.device_model) {
        (Status::ModelMismatch, Some(t), Some(d)) => {
            format!("{} (tag: {})", sanitize(t), sanitize(d))
        }
        _ => or_dash(r.model.as_ref()),
    }
}

fn last_update_cell(r: &Row, now: OffsetDateTime) -> String {
    match &r.last_update {
        Some(ts) => match core::age(ts, now) {
            Some(age) => format!("{} ({age} ago)", sanitize(ts)),
            None => sanitize(ts),
        },
        None => "-".into(),
    }
}

/// The view: a table plus a summary line, or one JSON document (with the fix report if any).
pub(super) fn view(
    ctx: &Ctx,
    svc: &ServiceClient,
    adt: &AdtClient,
    rows: &[Row],
    scanned: usize,
    fix: Option<&Value>,
) -> Result<()> {
    let counts = core::counts(rows);
    if ctx.printer.is_json() {
        let mut doc = json!({
            "schema_version": SCHEMA_VERSION,
            "hub": svc.hub(),
            "adt_url": adt.base_url().as_str(),
            "devices_scanned": scanned,
            "rows": rows,
            "counts": counts,
        });
        if let Some(f) = fix {
            doc["fix"] = f.clone();
        }
        return ctx.printer.json(&doc);
    }
    let now = OffsetDateTime::now_utc();
    let mut t = new_table(
        &[
            "DEVICE ID",
            "HUB",
            "TWIN ID",
            "MODEL",
            "LAST UPDATE",
            "STATUS",
        ],
        ctx.printer.stdout_tty,
    );
    for r in rows {
        t.add_row(vec![
            or_dash(r.device_id.as_ref()),
            or_dash(r.hub.as_ref()),
            or_dash(r.twin_id.as_ref()),
            model_cell(r),
            last_update_cell(r, now),
            r.status.label().to_string(),
        ]);
    }
    if !rows.is_empty() {
        ctx.printer.table(&t)?;
    }
    let parts: Vec<String> = Status::ALL
        .iter()
        .filter(|s| counts[s.key()] > 0)
        .map(|s| format!("{} {}", counts[s.key()], s.label()))
        .collect();
    ctx.printer.info(format!(
        "{} rows shown ({}); {scanned} devices in {}",
        rows.len(),
        if parts.is_empty() {
            "nothing to show".to_string()
        } else {
            parts.join(", ")
        },
        svc.hub()
    ));
    Ok(())
}

/// What `--fix` is about to do, on stderr (before the confirmation prompt).
pub(super) fn plan_preview(plan: &[PlanItem]) {
    for item in plan {
        for step in &item.steps {
            eprintln!("  {}", sanitize(&step.describe()));
        }
    }
}

/// The fix report as a table (JSON carries it inside the view document).
pub(super) fn fix_table(
    ctx: &Ctx,
    plan: &[PlanItem],
    outcomes: &[Outcome],
    dry_run: bool,
) -> Result<()> {
    if ctx.printer.is_json() {
        return Ok(());
    }
    if plan.is_empty() {
        ctx.printer.info("--fix: nothing to fix");
        return Ok(());
    }
    let mut t = new_table(
        &["DEVICE ID", "STATUS", "FIX", "RESULT"],
        ctx.printer.stdout_tty,
    );
    for (item, o) in plan.iter().zip(outcomes) {
        let what = if item.steps.is_empty() {
            "-".to_string()
        } else {
            item.steps
                .iter()
                .map(|s| sanitize(&s.describe()))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let result = match o {
            Outcome::Planned if dry_run => "would apply (dry run)".to_string(),
            Outcome::Planned => "not applied".to_string(),
            Outcome::Done => "done".into(),
            Outcome::Failed(e) => format!("failed: {}", sanitize(e)),
            Outcome::Skipped(why) => format!("not fixed: {}", sanitize(why)),
        };
        t.add_row(vec![
            or_dash(item.device_id.as_ref().or(item.twin_id.as_ref())),
            item.status.label().to_string(),
            what,
            result,
        ]);
    }
    ctx.printer.out("\n")?;
    ctx.printer.table(&t)?;
    let count = |f: fn(&Outcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
    let msg = if dry_run {
        format!(
            "--dry-run: {} change(s) planned, nothing changed; {} row(s) cannot be fixed automatically",
            crate::mappings::fix::step_count(plan),
            count(|o| matches!(o, Outcome::Skipped(_)))
        )
    } else {
        format!(
            "--fix: {} row(s) fixed, {} failed, {} not fixable automatically",
            count(|o| matches!(o, Outcome::Done)),
            count(|o| matches!(o, Outcome::Failed(_))),
            count(|o| matches!(o, Outcome::Skipped(_)))
        )
    };
    ctx.printer.info(msg);
    Ok(())
}
