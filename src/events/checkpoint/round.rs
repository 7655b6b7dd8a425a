//! One load-balancing round against a store: list ownership, plan with
//! [`crate::events::balance::plan`], claim. Store I/O only (and the clock).
use super::{CheckpointError, CheckpointStore, Ownership};
use crate::events::balance::{BalanceInput, BalancePlan, plan};
use std::time::{Duration, SystemTime};

/// What one round did.
#[derive(Debug, Clone)]
pub struct RoundOutcome {
    /// The partitions this owner holds after the round, with their new etags (pass them to
    /// `relinquish_ownership` on shutdown). Partitions missing here were lost: stop reading
    /// them, after a last checkpoint.
    pub owned: Vec<Ownership>,
    /// The plan that was carried out (for logs and status lines).
    pub plan: BalancePlan,
}

/// Run one balancing round for `owner_id` over `partition_ids` (call it every
/// [`crate::events::balance::DEFAULT_BALANCE_INTERVAL`], well under `expiry`).
pub async fn balance_round(
    store: &dyn CheckpointStore,
    scope: (&str, &str, &str),
    partition_ids: &[String],
    owner_id: &str,
    expiry: Duration,
) -> Result<RoundOutcome, CheckpointError> {
    let (namespace, hub, consumer_group) = scope;
    let listed = store.list_ownership(namespace, hub, consumer_group).await?;
    let plan = plan(&BalanceInput {
        namespace,
        hub,
        consumer_group,
        partition_ids,
        ownership: &listed,
        owner_id,
        now: SystemTime::now(),
        expiry,
    });
    let owned = store.claim_ownership(&plan.requests).await?;
    if !plan.claim.is_empty() || plan.steal.is_some() {
        tracing::debug!(owner_id, claimed = ?plan.claim, stole = ?plan.steal, won = owned.len(), "ownership round");
    }
    Ok(RoundOutcome { owned, plan })
}
