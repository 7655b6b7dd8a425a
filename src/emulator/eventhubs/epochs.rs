//! Owner levels (epochs) of consumer links, enforced per hub, consumer group and partition as
//! Event Hubs does: a receiver with an owner level displaces receivers of an equal or lower one
//! and every receiver without one; a receiver whose owner level is lower than the holder's, or
//! that has none while an epoch receiver holds the partition, is refused. Both end with
//! `amqp:link:stolen`, which the SDKs surface as "consumer disconnected". No I/O.
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// (hub, consumer group, partition).
pub type Key = (String, String, u32);

struct Holder {
    id: u64,
    epoch: Option<i64>,
    /// Tells the link task why it must close.
    kick: oneshot::Sender<String>,
}

/// Every attached consumer link, by partition and consumer group.
#[derive(Default)]
pub struct Epochs {
    links: Mutex<HashMap<Key, Vec<Holder>>>,
    next: AtomicU64,
}

/// A consumer link's registration; dropping it (when the link ends) removes it.
pub struct Claim {
    id: u64,
    key: Key,
    epochs: Arc<Epochs>,
    /// Resolves with the reason when a receiver with a higher (or equal) owner level takes over.
    pub kicked: oneshot::Receiver<String>,
}

impl Drop for Claim {
    fn drop(&mut self) {
        let mut links = self.epochs.links.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(v) = links.get_mut(&self.key) {
            v.retain(|h| h.id != self.id);
            if v.is_empty() {
                links.remove(&self.key);
            }
        }
    }
}

fn level(epoch: Option<i64>) -> String {
    match epoch {
        Some(e) => format!("epoch '{e}'"),
        None => "no epoch".into(),
    }
}

impl Epochs {
    /// Register a consumer link with `epoch`, displacing the links it outranks, or say why it
    /// is refused.
    pub fn attach(self: &Arc<Self>, key: Key, epoch: Option<i64>) -> Result<Claim, String> {
        let mut links = self.links.lock().unwrap_or_else(|p| p.into_inner());
        let holders = links.entry(key.clone()).or_default();
        let top = holders.iter().filter_map(|h| h.epoch).max();
        let (group, partition) = (&key.1, key.2);
        match (epoch, top) {
            (Some(new), Some(held)) if new < held => {
                return Err(format!(
                    "Receiver with epoch '{new}' cannot be created: a receiver with a higher epoch '{held}' already exists on partition {partition} of consumer group {group}."
                ));
            }
            (None, Some(held)) => {
                return Err(format!(
                    "A receiver without an epoch cannot be created: a receiver with epoch '{held}' holds partition {partition} of consumer group {group}."
                ));
            }
            (Some(new), _) => {
                for h in holders.drain(..) {
                    let _ = h.kick.send(format!(
                        "New receiver with higher epoch of '{new}' is created hence current receiver with {} is getting disconnected. If you are recreating the receiver, make sure a higher epoch is used.",
                        level(h.epoch)
                    ));
                }
            }
            (None, None) => {}
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (kick, kicked) = oneshot::channel();
        holders.push(Holder { id, epoch, kick });
        Ok(Claim {
            id,
            key,
            epochs: self.clone(),
            kicked,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(r: Result<Claim, String>) -> String {
        match r {
            Ok(_) => panic!("attached"),
            Err(e) => e,
        }
    }

    fn key(p: u32) -> Key {
        ("hub".into(), "$Default".into(), p)
    }

    #[test]
    fn epoch_rules_of_event_hubs() {
        let e = Arc::new(Epochs::default());
        // plain receivers coexist
        let mut a = e.attach(key(0), None).unwrap();
        let mut b = e.attach(key(0), None).unwrap();
        // an epoch receiver displaces them
        let mut c = e.attach(key(0), Some(0)).unwrap();
        assert!(a.kicked.try_recv().unwrap().contains("epoch of '0'"));
        assert!(b.kicked.try_recv().is_ok());
        // a plain one is refused now, and a lower epoch too
        assert!(refused(e.attach(key(0), None)).contains("without an epoch"));
        let mut d = e.attach(key(0), Some(5)).unwrap();
        assert!(c.kicked.try_recv().unwrap().contains("epoch '0'"));
        assert!(refused(e.attach(key(0), Some(4))).contains("higher epoch '5'"));
        // an equal epoch displaces (a processor re-claiming the partition)
        let mut f = e.attach(key(0), Some(5)).unwrap();
        assert!(d.kicked.try_recv().unwrap().contains("epoch '5'"));
        drop(d);
        // other partitions are independent
        assert!(e.attach(key(1), None).is_ok());
        // once the holder goes, a plain receiver may attach again
        assert!(f.kicked.try_recv().is_err());
        drop(f);
        assert!(e.attach(key(0), None).is_ok());
    }
}
