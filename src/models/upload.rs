//! Uploading planned models: batches of at most 250 in dependency order (the fewest calls),
//! retrying a batch with backoff when the service cannot yet see a model uploaded just before
//! (ADT is eventually consistent), and dropping models another writer created meanwhile.
use crate::adt::{AdtClient, AdtError, ErrorCode};
use crate::report::Reporter;
use serde_json::Value;
use std::collections::BTreeSet;
use std::time::Duration;

/// Upload options.
#[derive(Debug, Clone, Copy)]
pub struct UploadOptions {
    pub batch_size: usize,
    /// Retries of a batch that fails because a dependency is not visible yet.
    pub consistency_retries: u32,
    pub consistency_backoff: Duration,
}

impl Default for UploadOptions {
    fn default() -> Self {
        Self {
            batch_size: super::MAX_BATCH,
            consistency_retries: 5,
            consistency_backoff: Duration::from_millis(500),
        }
    }
}

/// What an upload did.
#[derive(Debug, Default, Clone)]
pub struct UploadOutcome {
    pub uploaded: Vec<String>,
    /// Created by someone else between planning and uploading.
    pub already_existed: Vec<String>,
    /// (model, reason) for models that failed or were not attempted after a failure.
    pub failed: Vec<(String, String)>,
    /// Create calls made (including retries).
    pub calls: usize,
}

/// Does this error look like "a model uploaded earlier is not visible yet"?
fn is_visibility_error(e: &AdtError, earlier: &BTreeSet<String>) -> bool {
    let AdtError::Service {
        code,
        message,
        details,
        ..
    } = e
    else {
        return false;
    };
    if !matches!(
        code,
        ErrorCode::DtdlParserError | ErrorCode::ModelNotFound | ErrorCode::ValidationFailed
    ) || earlier.is_empty()
    {
        return false;
    }
    let text = format!("{message} {}", details.join(" "));
    earlier.iter().any(|id| text.contains(id.as_str()))
        || [
            "does not exist",
            "not found",
            "could not be resolved",
            "not defined",
        ]
        .iter()
        .any(|w| text.contains(w))
}

/// Upload `models` (already in dependency order).
pub async fn upload(
    client: &AdtClient,
    models: &[(String, Value)],
    opts: UploadOptions,
    reporter: &dyn Reporter,
) -> UploadOutcome {
    let mut out = UploadOutcome::default();
    let size = opts.batch_size.clamp(1, super::MAX_BATCH);
    let batches: Vec<&[(String, Value)]> = models.chunks(size).collect();
    let total = batches.len();
    let mut done: BTreeSet<String> = BTreeSet::new();
    for (n, batch) in batches.iter().enumerate() {
        let mut pending: Vec<&(String, Value)> = batch.iter().collect();
        let mut visibility_tries = 0;
        let mut wait = opts.consistency_backoff;
        loop {
            if pending.is_empty() {
                break;
            }
            let body: Vec<Value> = pending.iter().map(|(_, v)| v.clone()).collect();
            out.calls += 1;
            match client.create_models(&body).await {
                Ok(_) => {
                    for (id, _) in &pending {
                        done.insert(id.clone());
                        out.uploaded.push(id.clone());
                    }
                    reporter.progress(
                        out.uploaded.len() as u64,
                        Some(models.len() as u64),
                        "models uploaded",
                    );
                    reporter.milestone(&format!(
                        "batch {}/{total}: {} models uploaded",
                        n + 1,
                        pending.len()
                    ));
                    break;
                }
                Err(e) if e.is_model_already_exists() => {
                    // Someone else created some of these: keep only the ones still missing.
                    let mut still = Vec::new();
                    for m in pending {
                        match client.get_model(&m.0, false).await {
                            Ok(_) => out.already_existed.push(m.0.clone()),
                            Err(_) => still.push(m),
                        }
                    }
                    if still.len() == batch.len() {
                        let reason = e.to_string();
                        out.failed
                            .extend(still.iter().map(|(id, _)| (id.clone(), reason.clone())));
                        break;
                    }
                    pending = still;
                }
                Err(e)
                    if visibility_tries < opts.consistency_retries
                        && is_visibility_error(&e, &done) =>
                {
                    visibility_tries += 1;
                    reporter.milestone(&format!(
                        "batch {}/{total}: a dependency is not visible yet ({}); retrying in {}",
                        n + 1,
                        e.code().map(|c| c.to_string()).unwrap_or_default(),
                        humantime::format_duration(wait)
                    ));
                    tokio::time::sleep(wait).await;
                    wait = wait.saturating_mul(2);
                }
                Err(e) => {
                    let reason = e.to_string();
                    out.failed
                        .extend(pending.iter().map(|(id, _)| (id.clone(), reason.clone())));
                    // Later batches may depend on this one: do not attempt them.
                    for later in &batches[n + 1..] {
                        out.failed.extend(later.iter().map(|(id, _)| {
                            (
                                id.clone(),
                                format!(
                                    "not attempted: an earlier batch failed ({})",
                                    e.code()
                                        .map(|c| c.to_string())
                                        .unwrap_or_else(|| "error".into())
                                ),
                            )
                        }));
                    }
                    return out;
                }
            }
        }
    }
    out
}
