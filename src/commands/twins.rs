//! `twinbridge twins show|list|query|delete`: what a support engineer needs to inspect twins.
use super::Ctx;
use crate::adt::{AdtError, CascadeOptions, delete_twin_cascade, twin_etag, twin_id, twin_model};
use crate::cli::{TwinDeleteArgs, TwinListArgs, TwinQueryArgs, TwinShowArgs, TwinsCommand};
use crate::error::{Exit, UsageError};
use crate::output::{SCHEMA_VERSION, new_table, sanitize};
use crate::report::Reporter;
use color_eyre::Section;
use color_eyre::eyre::{Report, Result};
use serde_json::{Value, json};

pub async fn run(cmd: TwinsCommand, ctx: &Ctx) -> Result<Exit> {
    match cmd {
        TwinsCommand::Show(a) => show(a, ctx).await,
        TwinsCommand::List(a) => list(a, ctx).await,
        TwinsCommand::Query(a) => query(a, ctx).await,
        TwinsCommand::Delete(a) => delete(a, ctx).await,
    }
}

/// An ADT error as a report with its remedy.
pub fn adt_report(e: AdtError) -> Report {
    let suggestion = e.suggestion();
    let report = Report::new(e);
    match suggestion {
        Some(s) => report.suggestion(s),
        None => report,
    }
}

/// A value as a short cell: strings bare, everything else compact JSON.
fn cell(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let s = sanitize(&s);
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(79).collect::<String>())
    } else {
        s
    }
}

fn meta_time(twin: &Value, path: &[&str], key: &str) -> String {
    let mut cur = twin;
    for p in path {
        cur = match cur.get(p) {
            Some(v) => v,
            None => return String::new(),
        };
    }
    cur.get(key)
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

async fn show(a: TwinShowArgs, ctx: &Ctx) -> Result<Exit> {
    let adt = ctx.adt()?;
    let (twin, out, inc) = tokio::join!(
        adt.get_twin(&a.id),
        adt.list_relationships(&a.id, None),
        adt.list_incoming_relationships(&a.id)
    );
    let twin = twin.map_err(|e| {
        if e.is_not_found() {
            adt_report(e).suggestion(format!(
                "list twin ids with `twinbridge twins list`; ids are case-sensitive ({:?})",
                a.id
            ))
        } else {
            adt_report(e)
        }
    })?;
    let (out, inc) = (out.map_err(adt_report)?, inc.map_err(adt_report)?);
    let p = &ctx.printer;
    if p.is_json() {
        p.json(&json!({ "schema_version": SCHEMA_VERSION, "twin": twin, "outgoing": out, "incoming": inc }))?;
        return Ok(Exit::Success);
    }
    let mut head = new_table(&["TWIN", "MODEL", "ETAG", "LAST UPDATE"], p.stdout_tty);
    head.add_row(vec![
        sanitize(twin_id(&twin).unwrap_or(&a.id)),
        sanitize(twin_model(&twin).unwrap_or("")),
        sanitize(twin_etag(&twin).unwrap_or("")),
        meta_time(&twin, &["$metadata"], "$lastUpdateTime"),
    ]);
    p.table(&head)?;
    let mut props = new_table(
        &["PROPERTY", "VALUE", "LAST UPDATE", "SOURCE TIME"],
        p.stdout_tty,
    );
    if let Some(obj) = twin.as_object() {
        for (k, v) in obj.iter().filter(|(k, _)| !k.starts_with('$')) {
            match v.as_object() {
                // A component (has its own $metadata): one row per component property.
                Some(inner) if inner.contains_key("$metadata") => {
                    for (ck, cv) in inner.iter().filter(|(ck, _)| !ck.starts_with('$')) {
                        props.add_row(vec![
                            sanitize(&format!("{k}.{ck}")),
                            cell(cv),
                            meta_time(v, &["$metadata", ck], "lastUpdateTime"),
                            meta_time(v, &["$metadata", ck], "sourceTime"),
                        ]);
                    }
                }
                _ => {
                    props.add_row(vec![
                        sanitize(k),
                        cell(v),
                        meta_time(&twin, &["$metadata", k], "lastUpdateTime"),
                        meta_time(&twin, &["$metadata", k], "sourceTime"),
                    ]);
                }
            }
        }
    }
    p.out("\n")?;
    p.table(&props)?;
    let mut rels = new_table(
        &["DIRECTION", "RELATIONSHIP", "NAME", "OTHER TWIN"],
        p.stdout_tty,
    );
    let s = |r: &Value, k: &str| sanitize(r.get(k).and_then(Value::as_str).unwrap_or(""));
    for r in &out {
        rels.add_row(vec![
            "outgoing ->".into(),
            s(r, "$relationshipId"),
            s(r, "$relationshipName"),
            s(r, "$targetId"),
        ]);
    }
    for r in &inc {
        rels.add_row(vec![
            "incoming <-".into(),
            s(r, "$relationshipId"),
            s(r, "$relationshipName"),
            s(r, "$sourceId"),
        ]);
    }
    p.out("\n")?;
    if out.is_empty() && inc.is_empty() {
        p.out("no relationships\n")?;
    } else {
        p.table(&rels)?;
    }
    Ok(Exit::Success)
}

/// Quote a string literal for an ADT query.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The query `twins list` runs.
pub fn list_query(model: Option<&str>, condition: Option<&str>) -> String {
    let mut conds = Vec::new();
    if let Some(m) = model {
        conds.push(format!("IS_OF_MODEL(T, {})", quote(m)));
    }
    if let Some(c) = condition {
        conds.push(format!("({c})"));
    }
    if conds.is_empty() {
        "SELECT * FROM digitaltwins T".to_string()
    } else {
        format!("SELECT * FROM digitaltwins T WHERE {}", conds.join(" AND "))
    }
}

/// Run a query to the end with progress; returns (items, charge).
async fn run_query(
    ctx: &Ctx,
    q: &str,
    page_size: Option<u32>,
    limit: Option<usize>,
) -> Result<(Vec<Value>, f64)> {
    let adt = ctx.adt()?;
    let progress = ctx.printer.progress("query");
    let result = adt
        .query_all(q, page_size, limit, |items, pages| {
            progress.progress(items as u64, None, &format!("results ({pages} pages)"))
        })
        .await;
    progress.finish();
    result.map_err(|e| {
        if e.is_code(&crate::adt::ErrorCode::SqlQueryError) {
            adt_report(e).suggestion("see https://learn.microsoft.com/azure/digital-twins/concepts-query-language for the query syntax")
        } else {
            adt_report(e)
        }
    })
}

fn twin_table(ctx: &Ctx, twins: &[Value]) -> comfy_table::Table {
    let mut t = new_table(
        &["TWIN ID", "MODEL", "LAST UPDATE", "PROPERTIES"],
        ctx.printer.stdout_tty,
    );
    for twin in twins {
        let props: Vec<String> = twin
            .as_object()
            .map(|o| {
                o.iter()
                    .filter(|(k, _)| !k.starts_with('$'))
                    .map(|(k, v)| format!("{k}={}", cell(v)))
                    .collect()
            })
            .unwrap_or_default();
        let mut props = props.join(", ");
        if props.chars().count() > 60 {
            props = format!("{}…", props.chars().take(59).collect::<String>());
        }
        t.add_row(vec![
            sanitize(twin_id(twin).unwrap_or("")),
            sanitize(twin_model(twin).unwrap_or("")),
            meta_time(twin, &["$metadata"], "$lastUpdateTime"),
            sanitize(&props),
        ]);
    }
    t
}

async fn list(a: TwinListArgs, ctx: &Ctx) -> Result<Exit> {
    if let Some(m) = &a.model
        && !m.starts_with("dtmi:")
    {
        return Err(UsageError::new(format!("--model {m:?} is not a DTMI"))
            .with_hint("e.g. --model 'dtmi:contosocom:DigitalTwins:Thermostat;2'")
            .into());
    }
    let q = list_query(a.model.as_deref(), a.condition.as_deref());
    let (twins, charge) = run_query(ctx, &q, None, a.limit).await?;
    let p = &ctx.printer;
    if p.is_json() {
        p.json(&json!({ "schema_version": SCHEMA_VERSION, "query": q, "count": twins.len(), "query_charge": charge, "twins": twins }))?;
    } else {
        if !twins.is_empty() {
            p.table(&twin_table(ctx, &twins))?;
        }
        p.info(format!("{} twin(s); query charge {charge:.2}", twins.len()));
    }
    Ok(Exit::Success)
}

async fn query(a: TwinQueryArgs, ctx: &Ctx) -> Result<Exit> {
    let (items, charge) = run_query(ctx, &a.query, a.page_size, a.limit).await?;
    let p = &ctx.printer;
    if p.is_json() {
        p.json(&json!({ "schema_version": SCHEMA_VERSION, "query": a.query, "count": items.len(), "query_charge": charge, "items": items }))?;
        return Ok(Exit::Success);
    }
    if !items.is_empty()
        && items
            .iter()
            .all(|i| twin_id(i).is_some() && twin_model(i).is_some())
    {
        p.table(&twin_table(ctx, &items))?;
    } else if !items.is_empty() {
        let mut columns: Vec<String> = Vec::new();
        for item in &items {
            if let Some(o) = item.as_object() {
                for k in o.keys() {
                    if !columns.contains(k) {
                        columns.push(k.clone());
                    }
                }
            }
        }
        let header: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut t = new_table(&header, p.stdout_tty);
        for item in &items {
            t.add_row(
                columns
                    .iter()
                    .map(|c| item.get(c).map(cell).unwrap_or_default())
                    .collect::<Vec<_>>(),
            );
        }
        p.table(&t)?;
    }
    p.info(format!(
        "{} result(s); query charge {charge:.2}",
        items.len()
    ));
    Ok(Exit::Success)
}

async fn delete(a: TwinDeleteArgs, ctx: &Ctx) -> Result<Exit> {
    let adt = ctx.adt()?;
    if !a.yes {
        let what = if a.with_relationships {
            " and all its relationships"
        } else {
            ""
        };
        if !ctx
            .printer
            .confirm(&format!("Delete twin {}{what}?", a.id), "--yes")?
        {
            ctx.printer.info("nothing deleted");
            return Ok(Exit::Failure);
        }
    }
    let report = if a.with_relationships {
        delete_twin_cascade(&adt, &a.id, CascadeOptions::default())
            .await
            .map_err(adt_report)?
    } else {
        match adt.delete_twin(&a.id, None).await {
            Ok(()) => crate::adt::CascadeReport {
                twin_deleted: true,
                ..Default::default()
            },
            Err(e) if e.is_code(&crate::adt::ErrorCode::RelationshipsNotDeleted) => {
                return Err(adt_report(e).suggestion(format!(
                    "run `twinbridge twins delete {} --with-relationships`",
                    a.id
                )));
            }
            Err(e) => return Err(adt_report(e)),
        }
    };
    if !report.twin_deleted {
        return Err(color_eyre::eyre::eyre!("twin {} does not exist", a.id)
            .suggestion("ids are case-sensitive; list them with `twinbridge twins list`"));
    }
    let p = &ctx.printer;
    if p.is_json() {
        p.json(&json!({ "schema_version": SCHEMA_VERSION, "deleted": a.id, "report": report }))?;
    } else {
        p.out(&format!(
            "deleted twin {} ({} outgoing and {} incoming relationships deleted)\n",
            sanitize(&a.id),
            report.outgoing_deleted,
            report.incoming_deleted
        ))?;
    }
    Ok(Exit::Success)
}
