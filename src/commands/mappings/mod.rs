//! `twinbridge mappings`: the device-to-twin view for support engineers. Reads the IoT Hub
//! registry and ADT ([`fetch`]), joins and plans with the pure core (`crate::mappings`), applies
//! `--fix` through the same clients, and renders ([`render`]).
mod fetch;
mod render;

use super::Ctx;
use super::devices::{client, report as hub_report};
use super::twins::adt_report;
use crate::adt::{AdtClient, ErrorCode};
use crate::cli::{MappingStatus, MappingsArgs};
use crate::error::{Exit, UsageError};
use crate::hub::service::ServiceClient;
use crate::mappings::fix::{self, PlanItem, Step};
use crate::mappings::{self as core, Filter, Glob, Status};
use crate::report::Reporter;
use color_eyre::eyre::Result;
use serde_json::{Map, Value, json};

fn status(s: MappingStatus) -> Status {
    match s {
        MappingStatus::Ok => Status::Ok,
        MappingStatus::TwinMissing => Status::TwinMissing,
        MappingStatus::ModelMismatch => Status::ModelMismatch,
        MappingStatus::NoDtidTag => Status::NoDtIdTag,
        MappingStatus::NoDtmiTag => Status::NoDtmiTag,
        MappingStatus::Orphan => Status::Orphan,
    }
}

/// What became of one plan item.
#[derive(Debug, Clone)]
pub(super) enum Outcome {
    Planned,
    Done,
    Failed(String),
    Skipped(String),
}

pub async fn run(a: MappingsArgs, ctx: &Ctx) -> Result<Exit> {
    // Refuse before any work: --fix changes two services and needs a yes.
    if a.fix && !a.dry_run && !a.yes && !ctx.printer.interactive() {
        return Err(UsageError::new(
            "--fix creates twins in ADT and changes device tags in the hub, and needs confirmation, but stdin is not a terminal",
        )
        .with_hint("pass --yes (-y) to apply the fixes, or --dry-run to only see them")
        .into());
    }
    if !a.orphans && a.status.contains(&MappingStatus::Orphan) {
        return Err(UsageError::new("--status orphan needs --orphans")
            .with_hint("add --orphans to look for twins no device points at")
            .into());
    }
    let filter = Filter {
        statuses: a.status.iter().copied().map(status).collect(),
        model: a.model.clone(),
        device: a.device.as_deref().map(Glob::new),
    };
    let svc = client(&a.conn, ctx)?;
    let adt = ctx.adt()?;
    let progress = ctx.printer.progress("mappings");

    let devices = fetch::devices(&svc, &filter, &progress)
        .await
        .map_err(hub_report)?;
    let ids = core::twin_ids_to_fetch(&devices);
    let twins = fetch::twins_by_id(&adt, &ids, &progress)
        .await
        .map_err(adt_report)?;
    let mut rows = core::join(svc.hub(), &devices, &twins);
    if a.orphans {
        let models = match &filter.model {
            Some(m) => [m.clone()].into_iter().collect(),
            None => core::device_models(&rows),
        };
        let candidates = fetch::twins_of_models(&adt, &models, &progress)
            .await
            .map_err(adt_report)?;
        rows.extend(core::orphans(&devices, &candidates));
    }
    progress.finish();
    let scanned = devices.len();
    rows.retain(|r| filter.matches(r));

    let plan = a.fix.then(|| fix::plan(&rows));
    let mut outcomes: Vec<Outcome> = Vec::new();
    if let Some(plan) = &plan {
        let changes = fix::step_count(plan);
        let go = if a.dry_run || changes == 0 {
            false
        } else if a.yes {
            true
        } else {
            render::plan_preview(plan);
            let q = format!(
                "apply {changes} change(s) to {} and {}?",
                svc.hub(),
                adt.base_url()
            );
            ctx.printer.confirm(&q, "--yes")?
        };
        outcomes = apply(plan, go, &svc, &adt, ctx).await;
    }
    let fix_doc = plan.as_ref().map(|p| fix_json(p, &outcomes, a.dry_run));
    render::view(ctx, &svc, &adt, &rows, scanned, fix_doc.as_ref())?;
    if let Some(p) = &plan {
        render::fix_table(ctx, p, &outcomes, a.dry_run)?;
    }

    let fixed_everything =
        plan.is_some() && !a.dry_run && outcomes.iter().all(|o| matches!(o, Outcome::Done));
    Ok(if core::all_ok(&rows) || fixed_everything {
        Exit::Success
    } else {
        Exit::Failure
    })
}

/// Run the plan (or mark it planned/skipped when `go` is false).
async fn apply(
    plan: &[PlanItem],
    go: bool,
    svc: &ServiceClient,
    adt: &AdtClient,
    ctx: &Ctx,
) -> Vec<Outcome> {
    let mut out = Vec::with_capacity(plan.len());
    let progress = ctx.printer.progress("fix");
    for (n, item) in plan.iter().enumerate() {
        if let Some(why) = &item.skipped {
            out.push(Outcome::Skipped(why.clone()));
            continue;
        }
        if !go {
            out.push(Outcome::Planned);
            continue;
        }
        progress.progress(n as u64 + 1, Some(plan.len() as u64), "rows fixed");
        let mut outcome = Outcome::Done;
        for step in &item.steps {
            if let Err(e) = apply_step(step, svc, adt).await {
                outcome = Outcome::Failed(e);
                break;
            }
        }
        out.push(outcome);
    }
    progress.finish();
    out
}

async fn apply_step(step: &Step, svc: &ServiceClient, adt: &AdtClient) -> Result<(), String> {
    match step {
        Step::CreateTwin { twin_id, model } => {
            let body = json!({"$metadata": {"$model": model}});
            match adt.put_twin(twin_id, &body, true).await {
                Ok(_) => Ok(()),
                // Created meanwhile (by allocate, or another fixer): nothing left to do.
                Err(e) if e.is_code(&ErrorCode::PreconditionFailed) => Ok(()),
                Err(e) => Err(e.to_string()),
            }
        }
        Step::SetTags {
            device_id,
            tags,
            etag,
        } => {
            let map: Map<String, Value> = tags
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            svc.update_twin_tags(device_id, &map, etag.as_deref())
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        }
    }
}

fn fix_json(plan: &[PlanItem], outcomes: &[Outcome], dry_run: bool) -> Value {
    let items: Vec<Value> = plan
        .iter()
        .zip(outcomes)
        .map(|(item, o)| {
            let mut v = serde_json::to_value(item).unwrap_or(Value::Null);
            let (result, error) = match o {
                Outcome::Planned => ("planned", None),
                Outcome::Done => ("done", None),
                Outcome::Failed(e) => ("failed", Some(e.clone())),
                Outcome::Skipped(_) => ("skipped", None),
            };
            v["result"] = json!(result);
            if let Some(e) = error {
                v["error"] = json!(e);
            }
            v
        })
        .collect();
    let count = |f: fn(&Outcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
    json!({
        "dry_run": dry_run,
        "changes": fix::step_count(plan),
        "done": count(|o| matches!(o, Outcome::Done)),
        "failed": count(|o| matches!(o, Outcome::Failed(_))),
        "skipped": count(|o| matches!(o, Outcome::Skipped(_))),
        "items": items,
    })
}
