//! The emulator's event log: named Event Hubs with N partitions, each an append-only sequence of
//! events with sequence numbers, offsets and enqueued times, persisted in the SQLite state.
//! Written by the IoT Hub surface (telemetry routing, lifecycle events) and the inject endpoint;
//! read by the Event Hubs (AMQP) surface. Appends wake readers through a watch channel.
use super::store::{Store, StoreResult};
use crate::events::Event;
use rusqlite::params;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use tokio::sync::watch;

/// The hubs the sample uses, with IoT Hub's default of 4 partitions.
pub const DEFAULT_HUBS: &[(&str, u32)] = &[("deviceevents", 4), ("lifecycleevents", 4)];

/// Errors of the event log.
#[derive(Debug, thiserror::Error)]
pub enum EventLogError {
    #[error("no event hub named {0:?} in the emulator (configure hubs with --hub NAME:PARTITIONS)")]
    NoSuchHub(String),
    #[error("event hub {hub:?} has no partition {partition} (it has {count})")]
    NoSuchPartition {
        hub: String,
        partition: u32,
        count: u32,
    },
    #[error("emulator state error: {0}")]
    State(#[from] rusqlite::Error),
}

/// Facts about one partition (what `$management` READ returns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionInfo {
    pub begin_sequence_number: i64,
    pub last_sequence_number: i64,
    pub last_offset: String,
    pub last_enqueued_ms: i64,
    pub is_empty: bool,
}

/// The event log shared by the emulator's surfaces.
pub struct EventLog {
    store: Arc<Store>,
    hubs: RwLock<BTreeMap<String, u32>>,
    appended: watch::Sender<u64>,
    round_robin: std::sync::atomic::AtomicU32,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS hubs (name TEXT PRIMARY KEY, partitions INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    hub TEXT NOT NULL, partition INTEGER NOT NULL, seq INTEGER NOT NULL, enqueued_ms INTEGER NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (hub, partition, seq));
";

/// FNV-1a: a stable partition for a key (a device always lands on the same partition).
fn stable_hash(key: &str) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for b in key.as_bytes() {
        h ^= *b as u32;
        h = h.wrapping_mul(0x01000193);
    }
    h
}

fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

pub use crate::events::format_ms;

impl EventLog {
    /// Open the log; `hubs` are created if missing (existing hubs keep their partition count).
    pub fn open(store: Arc<Store>, hubs: &[(String, u32)]) -> StoreResult<Self> {
        let known = store.with(|c| {
            c.execute_batch(SCHEMA)?;
            for (name, parts) in hubs {
                c.execute(
                    "INSERT OR IGNORE INTO hubs (name, partitions) VALUES (?1, ?2)",
                    params![name, parts.max(&1)],
                )?;
            }
            let mut st = c.prepare("SELECT name, partitions FROM hubs")?;
            let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?;
            rows.collect::<StoreResult<BTreeMap<_, _>>>()
        })?;
        let (appended, _) = watch::channel(0);
        Ok(Self {
            store,
            hubs: RwLock::new(known),
            appended,
            round_robin: Default::default(),
        })
    }

    /// (name, partition count) of every hub.
    pub fn hubs(&self) -> Vec<(String, u32)> {
        self.hubs
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect()
    }

    /// Partition count of a hub.
    pub fn partitions(&self, hub: &str) -> Result<u32, EventLogError> {
        self.hubs
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(hub)
            .copied()
            .ok_or_else(|| EventLogError::NoSuchHub(hub.to_string()))
    }

    /// Wakes on every append (the value counts appends).
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.appended.subscribe()
    }

    /// Append events to a hub. The partition is `partition` if given, else the hash of
    /// `partition_key` (IoT Hub uses the device id), else round robin. Each stored event gets
    /// its partition, sequence number, offset and enqueued time, plus the `x-opt-*` annotations
    /// Event Hubs stamps. Returns the stored events.
    pub fn append(
        &self,
        hub: &str,
        partition: Option<u32>,
        partition_key: Option<&str>,
        events: Vec<Event>,
    ) -> Result<Vec<Event>, EventLogError> {
        let count = self.partitions(hub)?;
        let p = match (partition, partition_key) {
            (Some(p), _) if p >= count => {
                return Err(EventLogError::NoSuchPartition {
                    hub: hub.into(),
                    partition: p,
                    count,
                });
            }
            (Some(p), _) => p,
            (None, Some(k)) => stable_hash(k) % count,
            (None, None) => {
                self.round_robin
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                    % count
            }
        };
        let at = now_ms();
        let stored = self.store.with(|c| {
            let tx = c.transaction()?;
            let mut seq: i64 = tx.query_row(
                "SELECT COALESCE(MAX(seq), -1) FROM events WHERE hub = ?1 AND partition = ?2",
                params![hub, p],
                |r| r.get(0),
            )?;
            let mut out = Vec::with_capacity(events.len());
            for mut e in events {
                seq += 1;
                e.partition = Some(p.to_string());
                e.sequence_number = Some(seq);
                e.offset = Some(seq.to_string());
                e.enqueued_time = Some(format_ms(at));
                e.system_properties.insert("x-opt-sequence-number".into(), json!(seq));
                e.system_properties.insert("x-opt-offset".into(), json!(seq.to_string()));
                e.system_properties.insert("x-opt-enqueued-time".into(), json!(at));
                if let Some(k) = partition_key {
                    e.system_properties.insert("x-opt-partition-key".into(), json!(k));
                }
                tx.execute(
                    "INSERT INTO events (hub, partition, seq, enqueued_ms, data) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![hub, p, seq, at, e.to_ndjson()],
                )?;
                out.push(e);
            }
            tx.commit()?;
            Ok(out)
        })?;
        self.appended.send_modify(|n| *n += 1);
        Ok(stored)
    }

    /// Events of a partition with sequence number > `after` (use -1 for the start), at most `max`.
    pub fn read(
        &self,
        hub: &str,
        partition: u32,
        after: i64,
        max: usize,
    ) -> Result<Vec<Event>, EventLogError> {
        let count = self.partitions(hub)?;
        if partition >= count {
            return Err(EventLogError::NoSuchPartition {
                hub: hub.into(),
                partition,
                count,
            });
        }
        let rows: Vec<String> = self.store.with(|c| {
            let mut st = c.prepare("SELECT data FROM events WHERE hub = ?1 AND partition = ?2 AND seq > ?3 ORDER BY seq LIMIT ?4")?;
            let rows = st.query_map(params![hub, partition, after, max as i64], |r| r.get::<_, String>(0))?;
            rows.collect()
        })?;
        Ok(rows
            .iter()
            .filter_map(|l| Event::from_ndjson(l).ok())
            .collect())
    }

    /// The first sequence number whose enqueued time is >= `ms` (for enqueued-time filters).
    pub fn seq_at_time(
        &self,
        hub: &str,
        partition: u32,
        ms: i64,
    ) -> Result<Option<i64>, EventLogError> {
        Ok(self.store.with(|c| {
            c.query_row(
                "SELECT MIN(seq) FROM events WHERE hub = ?1 AND partition = ?2 AND enqueued_ms >= ?3",
                params![hub, partition, ms],
                |r| r.get::<_, Option<i64>>(0),
            )
        })?)
    }

    /// Facts about a partition.
    pub fn partition_info(
        &self,
        hub: &str,
        partition: u32,
    ) -> Result<PartitionInfo, EventLogError> {
        let count = self.partitions(hub)?;
        if partition >= count {
            return Err(EventLogError::NoSuchPartition {
                hub: hub.into(),
                partition,
                count,
            });
        }
        let (begin, last, last_ms): (Option<i64>, Option<i64>, Option<i64>) = self.store.with(|c| {
            c.query_row(
                "SELECT MIN(seq), MAX(seq), MAX(enqueued_ms) FROM events WHERE hub = ?1 AND partition = ?2",
                params![hub, partition],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
        })?;
        Ok(PartitionInfo {
            begin_sequence_number: begin.unwrap_or(0),
            last_sequence_number: last.unwrap_or(-1),
            last_offset: last.map(|s| s.to_string()).unwrap_or_else(|| "-1".into()),
            last_enqueued_ms: last_ms.unwrap_or(0),
            is_empty: last.is_none(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn log() -> EventLog {
        EventLog::open(
            Arc::new(Store::open(None).unwrap()),
            &[("deviceevents".into(), 4)],
        )
        .unwrap()
    }

    #[test]
    fn appends_number_per_partition_and_reads_after() {
        let l = log();
        let mut rx = l.subscribe();
        let a = l
            .append(
                "deviceevents",
                None,
                Some("dev-1"),
                vec![Event::json(&json!({"n": 1})), Event::json(&json!({"n": 2}))],
            )
            .unwrap();
        assert!(rx.has_changed().unwrap());
        rx.mark_unchanged();
        let p: u32 = a[0].partition.as_ref().unwrap().parse().unwrap();
        assert_eq!(
            a.iter()
                .map(|e| e.sequence_number.unwrap())
                .collect::<Vec<_>>(),
            vec![0, 1]
        );
        let b = l
            .append(
                "deviceevents",
                None,
                Some("dev-1"),
                vec![Event::json(&json!({"n": 3}))],
            )
            .unwrap();
        assert_eq!(b[0].partition, a[0].partition, "same key, same partition");
        assert_eq!(b[0].sequence_number, Some(2));
        let read = l.read("deviceevents", p, 0, 10).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].body_json().unwrap()["n"], 2);
        assert_eq!(read[0].system_properties["x-opt-offset"], "1");
        let info = l.partition_info("deviceevents", p).unwrap();
        assert_eq!(
            (
                info.begin_sequence_number,
                info.last_sequence_number,
                info.is_empty
            ),
            (0, 2, false)
        );
        assert!(
            l.partition_info("deviceevents", (p + 1) % 4)
                .unwrap()
                .is_empty
        );
    }

    #[test]
    fn unknown_hub_and_partition_are_errors() {
        let l = log();
        assert!(matches!(
            l.append("nope", None, None, vec![]),
            Err(EventLogError::NoSuchHub(_))
        ));
        assert!(matches!(
            l.read("deviceevents", 9, -1, 1),
            Err(EventLogError::NoSuchPartition { .. })
        ));
    }
}
