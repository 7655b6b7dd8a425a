//! Partition load balancing between consumers of one consumer group. Pure: no I/O, no clock,
//! no randomness; the caller passes the ownership list and `now`.
//!
//! The rule is the Azure SDKs' "balanced" strategy (.NET `PartitionLoadBalancer`, Python
//! `OwnershipManager`): with P partitions and N active owners (counting me), everyone should own
//! `P / N` partitions and `P % N` owners one more. Each round an owner
//! 1. renews every partition it actively owns;
//! 2. if below its share, claims unowned, released (empty owner) or expired partitions — up to
//!    its share at once, so a dead owner's partitions are taken in one round after the expiry;
//! 3. only if nothing is claimable and it is still below its share, steals **one** partition
//!    from the owner holding the most (only from owners above the maximum share, or at the
//!    maximum when I am below the minimum), so ownership moves gradually and never oscillates.
//!
//! Choices among equal candidates are spread by a hash of (my owner id, partition id), so two
//! owners starting together rarely race for the same partition. Claims carry the etag seen, so
//! a race is decided by the store: one wins, the other's claim is simply lost.
use crate::events::checkpoint::Ownership;
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

/// How long a claim lasts without renewal (the Azure SDKs' default).
pub const DEFAULT_OWNERSHIP_EXPIRY: Duration = Duration::from_secs(60);
/// How often to run a balancing round (the Azure SDKs' default); keep it well under the expiry,
/// and add some random jitter: two processes whose rounds run in lockstep keep renewing the very
/// partition the other tries to steal, so the steal can keep losing.
pub const DEFAULT_BALANCE_INTERVAL: Duration = Duration::from_secs(10);

/// Everything one balancing round looks at.
#[derive(Debug, Clone)]
pub struct BalanceInput<'a> {
    /// Namespace, hub and consumer group (used for claims of never-owned partitions).
    pub namespace: &'a str,
    pub hub: &'a str,
    pub consumer_group: &'a str,
    /// All partition ids of the hub.
    pub partition_ids: &'a [String],
    /// The store's ownership records (from `list_ownership`).
    pub ownership: &'a [Ownership],
    /// This processor's owner id.
    pub owner_id: &'a str,
    /// The current time.
    pub now: SystemTime,
    /// How long a record stays owned without renewal.
    pub expiry: Duration,
}

/// What to do this round.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BalancePlan {
    /// Partitions I actively own: renew them.
    pub renew: Vec<String>,
    /// Unowned, released or expired partitions to claim.
    pub claim: Vec<String>,
    /// A partition to take from an owner above its share.
    pub steal: Option<String>,
    /// The smallest fair share (`P / N`).
    pub min_share: usize,
    /// The largest fair share (`min_share + 1` when `P % N > 0`).
    pub max_share: usize,
    /// The records to pass to `CheckpointStore::claim_ownership`: renewals, claims and the
    /// steal, each with my owner id and the etag seen.
    pub requests: Vec<Ownership>,
}

/// True if a record counts as owned at `now`: an owner id and a renewal within the expiry.
pub fn is_active(o: &Ownership, now: SystemTime, expiry: Duration) -> bool {
    !o.owner_id.is_empty()
        && o.last_modified
            .is_some_and(|t| match now.duration_since(t) {
                Ok(age) => age <= expiry,
                Err(_) => true, // modified "in the future" (clock skew): still owned
            })
}

/// Decide this round's claims.
pub fn plan(input: &BalanceInput<'_>) -> BalancePlan {
    let me = input.owner_id;
    let records: BTreeMap<&str, &Ownership> = input
        .ownership
        .iter()
        .filter(|o| input.partition_ids.contains(&o.partition))
        .map(|o| (o.partition.as_str(), o))
        .collect();
    let active: Vec<&Ownership> = records
        .values()
        .copied()
        .filter(|o| is_active(o, input.now, input.expiry))
        .collect();
    let mut by_owner: BTreeMap<&str, Vec<&Ownership>> = BTreeMap::new();
    for o in &active {
        by_owner.entry(o.owner_id.as_str()).or_default().push(o);
    }
    let mine: Vec<&Ownership> = by_owner.get(me).cloned().unwrap_or_default();
    let owners = by_owner.len() + usize::from(!by_owner.contains_key(me));
    let total = input.partition_ids.len();
    let min_share = total / owners;
    let extra_slots = total % owners;
    let max_share = min_share + usize::from(extra_slots > 0);

    let mut plan = BalancePlan {
        renew: mine.iter().map(|o| o.partition.clone()).collect(),
        min_share,
        max_share,
        ..BalancePlan::default()
    };
    plan.requests = mine.iter().map(|o| claim_record(o, me)).collect();

    // How many more I should own: up to the minimum, or one more if a maximum slot is free.
    let others_at_max = by_owner
        .iter()
        .filter(|(id, v)| **id != me && v.len() >= max_share)
        .count();
    let need = if mine.len() < min_share {
        min_share - mine.len()
    } else if mine.len() == min_share && max_share > min_share && others_at_max < extra_slots {
        1
    } else {
        0
    };
    if need == 0 {
        return plan;
    }

    let mut claimable: Vec<&String> = input
        .partition_ids
        .iter()
        .filter(|p| !active.iter().any(|o| o.partition == **p))
        .collect();
    claimable.sort_by_key(|p| spread(me, p));
    for p in claimable.into_iter().take(need) {
        plan.requests.push(match records.get(p.as_str()) {
            Some(o) => claim_record(o, me),
            None => Ownership::new(input.namespace, input.hub, input.consumer_group, p, me),
        });
        plan.claim.push(p.clone());
    }
    if !plan.claim.is_empty() {
        return plan;
    }

    // Nothing free: steal one from the biggest owner above the maximum (or at the maximum when
    // I am below the minimum).
    let victim = by_owner
        .iter()
        .filter(|(id, v)| {
            **id != me && (v.len() > max_share || (mine.len() < min_share && v.len() == max_share))
        })
        .max_by_key(|(id, v)| (v.len(), spread(me, id)));
    let stolen =
        victim.and_then(|(_, owned)| owned.iter().min_by_key(|o| spread(me, &o.partition)));
    if let Some(o) = stolen {
        plan.requests.push(claim_record(o, me));
        plan.steal = Some(o.partition.clone());
    }
    plan
}

/// A claim of an existing record by `me`, guarded by the etag seen.
fn claim_record(o: &Ownership, me: &str) -> Ownership {
    Ownership {
        owner_id: me.to_string(),
        ..o.clone()
    }
}

/// A stable per-owner ordering key (FNV-1a of owner id and partition id).
fn spread(owner: &str, partition: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in owner.bytes().chain([0u8]).chain(partition.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
#[path = "balance_tests.rs"]
mod tests;
