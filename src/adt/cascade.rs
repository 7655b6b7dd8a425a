//! Deleting a twin with its relationships: outgoing, then incoming (all pages), then the twin,
//! retrying while ADT still reports RelationshipsNotDeleted (relationship deletes are eventually
//! consistent). Used by `twins delete --with-relationships` and the lifecycle worker.
use super::{AdtClient, AdtError, ErrorCode};
use futures::{StreamExt, TryStreamExt};
use serde_json::Value;
use std::time::Duration;

/// How hard to try.
#[derive(Debug, Clone, Copy)]
pub struct CascadeOptions {
    /// Attempts of the twin delete while ADT answers RelationshipsNotDeleted.
    pub not_deleted_attempts: u32,
    /// First wait between those attempts; doubles each time.
    pub not_deleted_backoff: Duration,
    /// Relationship deletes in flight at once.
    pub parallelism: usize,
}

impl Default for CascadeOptions {
    fn default() -> Self {
        Self {
            not_deleted_attempts: 6,
            not_deleted_backoff: Duration::from_millis(250),
            parallelism: 8,
        }
    }
}

/// What a cascade delete did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CascadeReport {
    pub outgoing_deleted: usize,
    pub incoming_deleted: usize,
    /// False if the twin was already gone.
    pub twin_deleted: bool,
    /// Times ADT answered RelationshipsNotDeleted before accepting.
    pub not_deleted_retries: u32,
}

fn ok_if_gone(r: Result<(), AdtError>) -> Result<bool, AdtError> {
    match r {
        Ok(()) => Ok(true),
        Err(e) if e.is_not_found() => Ok(false),
        Err(e) => Err(e),
    }
}

/// Delete every relationship from and to `id` (all pages); (outgoing, incoming) deleted.
pub async fn delete_relationships(
    client: &AdtClient,
    id: &str,
    opts: &CascadeOptions,
) -> Result<(usize, usize), AdtError> {
    let outgoing = match client.list_relationships(id, None).await {
        Ok(v) => v,
        Err(e) if e.is_not_found() => return Ok((0, 0)),
        Err(e) => return Err(e),
    };
    let out: Vec<bool> = futures::stream::iter(outgoing.into_iter().filter_map(|r| {
        r.get("$relationshipId")
            .and_then(Value::as_str)
            .map(str::to_string)
    }))
    .map(|rid| async move { ok_if_gone(client.delete_relationship(id, &rid, None).await) })
    .buffer_unordered(opts.parallelism.max(1))
    .try_collect()
    .await?;
    let incoming = match client.list_incoming_relationships(id).await {
        Ok(v) => v,
        Err(e) if e.is_not_found() => Vec::new(),
        Err(e) => return Err(e),
    };
    let inc: Vec<bool> = futures::stream::iter(incoming.into_iter().filter_map(|r| {
        let src = r.get("$sourceId").and_then(Value::as_str)?.to_string();
        let rid = r
            .get("$relationshipId")
            .and_then(Value::as_str)?
            .to_string();
        Some((src, rid))
    }))
    .map(|(src, rid)| async move { ok_if_gone(client.delete_relationship(&src, &rid, None).await) })
    .buffer_unordered(opts.parallelism.max(1))
    .try_collect()
    .await?;
    Ok((
        out.into_iter().filter(|d| *d).count(),
        inc.into_iter().filter(|d| *d).count(),
    ))
}

/// Delete `id` and every relationship from or to it. A twin already gone is success.
pub async fn delete_twin_cascade(
    client: &AdtClient,
    id: &str,
    opts: CascadeOptions,
) -> Result<CascadeReport, AdtError> {
    let mut report = CascadeReport::default();
    let mut wait = opts.not_deleted_backoff;
    loop {
        let (o, i) = delete_relationships(client, id, &opts).await?;
        report.outgoing_deleted += o;
        report.incoming_deleted += i;
        match client.delete_twin(id, None).await {
            Ok(()) => {
                report.twin_deleted = true;
                return Ok(report);
            }
            Err(e) if e.is_not_found() => return Ok(report),
            Err(e)
                if e.is_code(&ErrorCode::RelationshipsNotDeleted)
                    && report.not_deleted_retries + 1 < opts.not_deleted_attempts =>
            {
                report.not_deleted_retries += 1;
                tracing::debug!(
                    twin = id,
                    ?wait,
                    "ADT still reports relationships; retrying the twin delete"
                );
                tokio::time::sleep(wait).await;
                wait = wait.saturating_mul(2);
            }
            Err(e) => return Err(e),
        }
    }
}
