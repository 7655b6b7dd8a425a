//! Reading both sides for `mappings`: the registry (every page of `SELECT * FROM devices`) and
//! the ADT twins, looked up in batches of `$dtId IN [...]` queries (GET for ids a query string
//! cannot quote), with progress on stderr.
use crate::adt::{AdtClient, AdtError, ErrorCode};
use crate::hub::service::{ServiceClient, ServiceError};
use crate::mappings::{self as core, Device, Filter, Twin};
use crate::report::Reporter;
use futures::{StreamExt, TryStreamExt};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

/// Ids per `IN [...]` query (ADT and the emulator accept 50 items in one IN list).
const IDS_PER_QUERY: usize = 50;
/// ADT queries in flight at once.
const PARALLEL_QUERIES: usize = 4;

/// Every device in the registry that the device glob keeps.
pub(super) async fn devices(
    svc: &ServiceClient,
    filter: &Filter,
    progress: &dyn Reporter,
) -> Result<Vec<Device>, ServiceError> {
    let mut page_count = 0;
    let twins = svc
        .query_each("SELECT * FROM devices", |n, pages| {
            page_count = pages;
            progress.progress(n as u64, None, &format!("devices read ({pages} pages)"));
        })
        .await?;
    let devices: Vec<Device> = twins
        .iter()
        .filter_map(Device::from_registry)
        .filter(|d| filter.keeps_device(&d.id))
        .collect();
    progress.milestone(&format!(
        "{} devices read from {} in {page_count} page(s) ({} match)",
        twins.len(),
        svc.hub(),
        devices.len()
    ));
    Ok(devices)
}

/// The twins with these ids that exist.
pub(super) async fn twins_by_id(
    adt: &AdtClient,
    ids: &[String],
    progress: &dyn Reporter,
) -> Result<HashMap<String, Twin>, AdtError> {
    let (safe, odd): (Vec<String>, Vec<String>) =
        ids.iter().cloned().partition(|i| core::query_safe(i));
    let total = ids.len() as u64;
    let done = AtomicU64::new(0);
    let tick = |n: usize| {
        let d = done.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        progress.progress(d, Some(total), "twins looked up");
    };
    let batches: Vec<Vec<Twin>> = futures::stream::iter(safe.chunks(IDS_PER_QUERY))
        .map(|chunk| async {
            let q = core::twins_by_id_query(chunk);
            let (items, _) = adt.query_all(&q, None, None, |_, _| {}).await?;
            tick(chunk.len());
            Ok::<_, AdtError>(items.iter().filter_map(Twin::from_adt).collect())
        })
        .buffer_unordered(PARALLEL_QUERIES)
        .try_collect()
        .await?;
    let mut out: HashMap<String, Twin> = batches
        .into_iter()
        .flatten()
        .map(|t| (t.id.clone(), t))
        .collect();
    for id in &odd {
        match adt.get_twin(id).await {
            Ok(v) => {
                if let Some(t) = Twin::from_adt(&v) {
                    out.insert(t.id.clone(), t);
                }
            }
            Err(e) if e.is_code(&ErrorCode::DigitalTwinNotFound) || e.status() == Some(404) => {}
            Err(e) => return Err(e),
        }
        tick(1);
    }
    progress.milestone(&format!(
        "{} of {} twins found in ADT",
        out.len(),
        ids.len()
    ));
    Ok(out)
}

/// Every twin of exactly these models (orphan candidates).
pub(super) async fn twins_of_models(
    adt: &AdtClient,
    models: &BTreeSet<String>,
    progress: &dyn Reporter,
) -> Result<Vec<Twin>, AdtError> {
    let mut out = Vec::new();
    for m in models {
        let Some(q) = core::twins_of_model_query(m) else {
            continue;
        };
        let (items, _) = adt
            .query_all(&q, None, None, |n, _| {
                progress.progress(n as u64, None, &format!("twins of {m}"));
            })
            .await?;
        out.extend(items.iter().filter_map(Twin::from_adt));
    }
    progress.milestone(&format!(
        "{} twins of {} device model(s) checked for orphans",
        out.len(),
        models.len()
    ));
    Ok(out)
}
