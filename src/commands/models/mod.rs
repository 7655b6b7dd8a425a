//! `twinbridge models upload|validate|list|delete`.
mod delete;
mod list;
mod upload;
mod validate;

use super::Ctx;
use crate::adt::AdtClient;
use crate::cli::ModelsCommand;
use crate::error::Exit;
use crate::output::sanitize;
use color_eyre::eyre::Result;
use serde_json::Value;
use std::collections::BTreeMap;

pub async fn run(cmd: ModelsCommand, ctx: &Ctx) -> Result<Exit> {
    match cmd {
        ModelsCommand::Upload(a) => upload::run(a, ctx).await,
        ModelsCommand::Validate(a) => validate::run(a, ctx),
        ModelsCommand::List(a) => list::run(a, ctx).await,
        ModelsCommand::Delete(a) => delete::run(a, ctx).await,
    }
}

/// Number of twins per model id, from one scan of the instance.
pub(crate) async fn twin_counts(adt: &AdtClient) -> Result<BTreeMap<String, usize>> {
    let (rows, _) = adt
        .query_all(
            "SELECT T.$metadata.$model FROM digitaltwins T",
            None,
            None,
            |_, _| {},
        )
        .await
        .map_err(super::twins::adt_report)?;
    let mut counts = BTreeMap::new();
    for r in rows {
        let model = r
            .get("$model")
            .or_else(|| r.get("$metadata").and_then(|m| m.get("$model")))
            .and_then(Value::as_str);
        if let Some(m) = model {
            *counts.entry(m.to_string()).or_insert(0) += 1;
        }
    }
    Ok(counts)
}

/// The shown form of a localizable string from ADT (`{"en": "..."}` or a string).
pub(crate) fn localized(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => sanitize(s),
        Some(Value::Object(m)) => m
            .get("en")
            .or_else(|| m.values().next())
            .and_then(Value::as_str)
            .map(sanitize)
            .unwrap_or_default(),
        _ => String::new(),
    }
}
