//! One task at a time per key: the others wait their turn and then find what the first one
//! cached (single-flight for lookups such as "does this model exist?").
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OwnedMutexGuard;

/// Per-key async gates. Idle gates are dropped once the map grows past 10,000 keys.
#[derive(Debug, Default)]
pub struct KeyedGate(Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>);

impl KeyedGate {
    /// Wait for `key`'s turn; the turn lasts as long as the guard.
    pub async fn turn(&self, key: &str) -> OwnedMutexGuard<()> {
        let gate = {
            let mut gates = self.0.lock().unwrap_or_else(|p| p.into_inner());
            if gates.len() > 10_000 {
                gates.retain(|_, g| Arc::strong_count(g) > 1);
            }
            gates.entry(key.to_string()).or_default().clone()
        };
        gate.lock_owned().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread")]
    async fn one_turn_at_a_time_per_key_and_keys_do_not_wait_for_each_other() {
        let gate = Arc::new(KeyedGate::default());
        let inside = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let (gate, inside, most) = (gate.clone(), inside.clone(), most.clone());
                tokio::spawn(async move {
                    let _turn = gate.turn("a").await;
                    let n = inside.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(n, Ordering::SeqCst);
                    tokio::task::yield_now().await;
                    inside.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), 1);
        let _a = gate.turn("a").await;
        let _b = gate.turn("b").await; // another key is not blocked by a's holder
    }
}
