//! Balancing simulated over an in-memory store with ETags: owners plan from the same snapshot
//! (the worst case), then their claims are applied in a varying order, as racing processes would.
use super::*;

const NS: &str = "ns.servicebus.windows.net";
const HUB: &str = "telemetry";
const CG: &str = "$default";
const EXPIRY: Duration = Duration::from_secs(60);
const ROUND: Duration = Duration::from_secs(10);

struct Sim {
    partitions: Vec<String>,
    records: BTreeMap<String, Ownership>,
    version: u64,
    now: SystemTime,
    /// Deterministic order shuffling.
    seed: u64,
}

impl Sim {
    fn new(partitions: usize, seed: u64) -> Self {
        Self {
            partitions: (0..partitions).map(|p| p.to_string()).collect(),
            records: BTreeMap::new(),
            version: 0,
            now: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
            seed,
        }
    }

    fn list(&self) -> Vec<Ownership> {
        self.records.values().cloned().collect()
    }

    fn plan(&self, owner: &str, list: &[Ownership]) -> BalancePlan {
        plan(&BalanceInput {
            namespace: NS,
            hub: HUB,
            consumer_group: CG,
            partition_ids: &self.partitions,
            ownership: list,
            owner_id: owner,
            now: self.now,
            expiry: EXPIRY,
        })
    }

    /// The store's conditional write.
    fn claim(&mut self, reqs: &[Ownership]) -> usize {
        let mut won = 0;
        for r in reqs {
            let current = self.records.get(&r.partition).and_then(|o| o.etag.clone());
            if current == r.etag {
                self.version += 1;
                self.records.insert(
                    r.partition.clone(),
                    Ownership {
                        etag: Some(format!("v{}", self.version)),
                        last_modified: Some(self.now),
                        ..r.clone()
                    },
                );
                won += 1;
            }
        }
        won
    }

    /// One round for `owners`, in a shuffled order. With `lockstep`, all plan from one listing
    /// before anyone writes (owners racing in lockstep, the worst case: renewals change etags
    /// under a steal); otherwise each lists and claims in turn (the usual case: rounds of
    /// different processes rarely overlap). Checks every plan. Returns how many partitions
    /// changed owner.
    fn round_with(&mut self, owners: &[&str], lockstep: bool) -> usize {
        self.seed = self
            .seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut order: Vec<&str> = owners.to_vec();
        let k = (self.seed >> 33) as usize % order.len().max(1);
        order.rotate_left(k);
        let listing = self.list();
        let mut moved = 0;
        for owner in order {
            let view = if lockstep {
                listing.clone()
            } else {
                self.list()
            };
            let p = self.plan(owner, &view);
            check(&p);
            let before: BTreeMap<String, String> = self
                .records
                .iter()
                .map(|(k, v)| (k.clone(), v.owner_id.clone()))
                .collect();
            self.claim(&p.requests);
            moved += self
                .records
                .iter()
                .filter(|(k, v)| before.get(*k) != Some(&v.owner_id))
                .count();
        }
        self.now += ROUND;
        moved
    }

    fn round(&mut self, owners: &[&str]) -> usize {
        self.round_with(owners, false)
    }

    fn counts(&self, owners: &[&str]) -> Vec<usize> {
        owners
            .iter()
            .map(|o| {
                self.records
                    .values()
                    .filter(|r| r.owner_id == *o && is_active(r, self.now, EXPIRY))
                    .count()
            })
            .collect()
    }

    fn balanced(&self, owners: &[&str]) -> bool {
        let n = self.partitions.len();
        let (min, max) = (n / owners.len(), n.div_ceil(owners.len()));
        let c = self.counts(owners);
        c.iter().sum::<usize>() == n && c.iter().all(|&x| x >= min && x <= max)
    }

    /// Run rounds until balanced and then check it stays put; returns rounds taken.
    fn converge(&mut self, owners: &[&str], max_rounds: usize) -> usize {
        self.converge_with(owners, max_rounds, false)
    }

    fn converge_with(&mut self, owners: &[&str], max_rounds: usize, lockstep: bool) -> usize {
        for r in 1..=max_rounds {
            self.round_with(owners, lockstep);
            if self.balanced(owners) {
                for _ in 0..5 {
                    assert_eq!(
                        self.round_with(owners, lockstep),
                        0,
                        "balanced ownership moved: {:?}",
                        self.counts(owners)
                    );
                    assert!(self.balanced(owners));
                }
                return r;
            }
        }
        panic!(
            "not balanced after {max_rounds} rounds: {:?}",
            self.counts(owners)
        );
    }
}

/// Invariants of every plan: new claims never take me past the maximum share; claims and a
/// steal never come together; every request is in my name.
fn check(p: &BalancePlan) {
    let new = p.claim.len() + usize::from(p.steal.is_some());
    assert!(
        new == 0 || p.renew.len() + new <= p.max_share,
        "a plan goes past the maximum share: {p:?}"
    );
    assert!(
        p.claim.is_empty() || p.steal.is_none(),
        "claims and steals together: {p:?}"
    );
    assert_eq!(p.requests.len(), p.renew.len() + new);
}

#[test]
fn owners_starting_together_converge() {
    for (owners, partitions) in [(2, 4), (3, 4), (2, 32), (3, 32), (5, 4), (4, 32)] {
        let names: Vec<String> = (0..owners).map(|i| format!("owner-{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        for seed in 0..8 {
            // Started together, every round overlapping: the worst case.
            let mut sim = Sim::new(partitions, seed);
            let rounds = sim.converge_with(&names, 200, true);
            assert!(
                rounds <= 3 * partitions + 5,
                "{owners} owners x {partitions}: {rounds} rounds in lockstep"
            );
            // Started together, rounds not overlapping.
            let mut sim = Sim::new(partitions, seed);
            let rounds = sim.converge(&names, 60);
            assert!(
                rounds <= partitions,
                "{owners} owners x {partitions}: {rounds} rounds"
            );
        }
    }
}

#[test]
fn a_late_joiner_takes_its_share_one_partition_per_round() {
    let mut sim = Sim::new(32, 1);
    sim.converge(&["a"], 3);
    assert_eq!(sim.counts(&["a"]), [32]);
    let before = sim.counts(&["a", "b"]);
    sim.round(&["a", "b"]);
    let after = sim.counts(&["a", "b"]);
    assert_eq!((before[1], after[1]), (0, 1), "one steal per round");
    let rounds = sim.converge(&["a", "b"], 40);
    assert!(rounds <= 16, "{rounds}");
    assert_eq!(sim.counts(&["a", "b"]), [16, 16]);
    // A third joins: 11/11/10.
    sim.converge(&["a", "b", "c"], 40);
    let mut c = sim.counts(&["a", "b", "c"]);
    c.sort();
    assert_eq!(c, [10, 11, 11]);
}

#[test]
fn a_dead_owners_partitions_are_taken_after_the_expiry_and_not_before() {
    let mut sim = Sim::new(32, 3);
    sim.converge(&["a", "b", "c"], 40);
    let dead_owned = sim.counts(&["c"])[0];
    assert!(dead_owned >= 10);
    // c stops renewing. Within the expiry nobody touches its partitions.
    let rounds_within = (EXPIRY.as_secs() / ROUND.as_secs()) as usize - 1;
    for _ in 0..rounds_within {
        sim.round(&["a", "b"]);
        assert!(
            sim.records.values().filter(|r| r.owner_id == "c").count() == dead_owned,
            "c's partitions were taken before its claims expired"
        );
    }
    // After the expiry they are taken, quickly.
    let rounds = sim.converge(&["a", "b"], 5);
    assert!(rounds <= 3, "{rounds}");
    assert_eq!(sim.counts(&["a", "b"]), [16, 16]);
}

#[test]
fn released_partitions_are_claimed_at_once() {
    let mut sim = Sim::new(4, 0);
    sim.converge(&["a", "b"], 10);
    // b shuts down and relinquishes (empty owner id).
    let b_owned: Vec<Ownership> = sim
        .records
        .values()
        .filter(|r| r.owner_id == "b")
        .map(|r| Ownership {
            owner_id: String::new(),
            ..r.clone()
        })
        .collect();
    assert_eq!(sim.claim(&b_owned), 2);
    sim.round(&["a"]);
    assert_eq!(sim.counts(&["a"]), [4]);
}

#[test]
fn new_claims_never_pass_the_maximum_share() {
    // Random snapshots: whatever the store looks like, a plan never takes me past max share.
    let mut seed = 7u64;
    for _ in 0..500 {
        let mut sim = Sim::new(1 + (seed % 40) as usize, seed);
        let owners = ["a", "b", "c", "d"];
        for p in sim.partitions.clone() {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            let who = (seed >> 40) as usize % 6;
            let age = Duration::from_secs((seed >> 20) % 120);
            if who < 4 {
                sim.records.insert(
                    p.clone(),
                    Ownership {
                        etag: Some(format!("e{p}")),
                        last_modified: Some(sim.now - age),
                        ..Ownership::new(NS, HUB, CG, &p, owners[who])
                    },
                );
            }
        }
        let list = sim.list();
        for me in owners {
            let p = sim.plan(me, &list);
            let new = p.claim.len() + usize::from(p.steal.is_some());
            if new > 0 {
                assert!(p.renew.len() + new <= p.max_share, "{me}: {p:?}");
            }
            for r in &p.requests {
                assert_eq!(r.owner_id, me);
            }
        }
    }
}

#[test]
fn records_for_unknown_partitions_are_ignored_and_shares_reported() {
    let parts: Vec<String> = (0..4).map(|p| p.to_string()).collect();
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
    let stale = Ownership {
        etag: Some("x".into()),
        last_modified: Some(now),
        ..Ownership::new(NS, HUB, CG, "99", "ghost")
    };
    let p = plan(&BalanceInput {
        namespace: NS,
        hub: HUB,
        consumer_group: CG,
        partition_ids: &parts,
        ownership: &[stale],
        owner_id: "me",
        now,
        expiry: EXPIRY,
    });
    assert_eq!((p.min_share, p.max_share), (4, 4));
    assert_eq!(p.claim.len(), 4);
    assert!(
        p.requests
            .iter()
            .all(|r| r.etag.is_none() && r.owner_id == "me")
    );
}

#[test]
fn activity_respects_the_expiry_and_clock_skew() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
    let mut o = Ownership::new(NS, HUB, CG, "0", "a");
    assert!(!is_active(&o, now, EXPIRY), "never modified");
    o.last_modified = Some(now - EXPIRY);
    assert!(is_active(&o, now, EXPIRY));
    o.last_modified = Some(now - EXPIRY - Duration::from_secs(1));
    assert!(!is_active(&o, now, EXPIRY));
    o.last_modified = Some(now + Duration::from_secs(5));
    assert!(is_active(&o, now, EXPIRY));
    o.owner_id.clear();
    assert!(!is_active(&o, now, EXPIRY), "released");
}
