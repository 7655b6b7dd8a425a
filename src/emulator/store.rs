//! The emulator's state: models, twins and relationships in one SQLite file (WAL, so a kill -9
//! never corrupts it), or in memory for tests. Synchronous; callers hold it briefly.
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use std::path::Path;
use std::sync::Mutex;

/// A stored model.
#[derive(Debug, Clone)]
pub struct StoredModel {
    pub id: String,
    pub body: Value,
    pub upload_time: String,
    pub decommissioned: bool,
}

/// A stored relationship.
#[derive(Debug, Clone)]
pub struct StoredRelationship {
    pub source: String,
    pub id: String,
    pub target: String,
    pub name: String,
    pub body: Value,
}

/// SQLite-backed state shared by every emulated surface.
pub struct Store {
    conn: Mutex<Connection>,
}

/// Errors from the state file.
pub type StoreResult<T> = Result<T, rusqlite::Error>;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS models (
    id TEXT PRIMARY KEY, body TEXT NOT NULL, upload_time TEXT NOT NULL,
    decommissioned INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS twins (
    id TEXT PRIMARY KEY, model TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS relationships (
    source TEXT NOT NULL, id TEXT NOT NULL, target TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (source, id));
CREATE INDEX IF NOT EXISTS relationships_target ON relationships(target);
";

fn parse(text: String) -> Value {
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

impl Store {
    /// Open (creating) a state file, or an in-memory store when `path` is None.
    pub fn open(path: Option<&Path>) -> StoreResult<Self> {
        let conn = match path {
            Some(p) => {
                if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                    let _ = std::fs::create_dir_all(dir);
                }
                let c = Connection::open(p)?;
                c.pragma_update(None, "journal_mode", "WAL")?;
                c.pragma_update(None, "synchronous", "NORMAL")?;
                c
            }
            None => Connection::open_in_memory()?,
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    /// Run `f` with the connection (short work only: callers share one connection).
    pub(crate) fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let mut guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    // ---- models ----

    /// All models in upload order.
    pub fn models(&self) -> StoreResult<Vec<StoredModel>> {
        self.with(|c| {
            let mut st =
                c.prepare("SELECT id, body, upload_time, decommissioned FROM models ORDER BY seq")?;
            let rows = st.query_map([], |r| {
                Ok(StoredModel {
                    id: r.get(0)?,
                    body: parse(r.get(1)?),
                    upload_time: r.get(2)?,
                    decommissioned: r.get::<_, i64>(3)? != 0,
                })
            })?;
            rows.collect()
        })
    }

    /// Insert models atomically.
    pub fn insert_models(&self, models: &[(String, Value)], upload_time: &str) -> StoreResult<()> {
        self.with(|c| {
            let tx = c.transaction()?;
            let base: i64 = tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM models", [], |r| r.get(0))?;
            for (i, (id, body)) in models.iter().enumerate() {
                tx.execute(
                    "INSERT INTO models (id, body, upload_time, decommissioned, seq) VALUES (?1, ?2, ?3, 0, ?4)",
                    params![id, body.to_string(), upload_time, base + 1 + i as i64],
                )?;
            }
            tx.commit()
        })
    }

    pub fn set_decommissioned(&self, id: &str, value: bool) -> StoreResult<bool> {
        self.with(|c| {
            Ok(c.execute(
                "UPDATE models SET decommissioned = ?2 WHERE id = ?1",
                params![id, value as i64],
            )? > 0)
        })
    }

    pub fn delete_model(&self, id: &str) -> StoreResult<bool> {
        self.with(|c| Ok(c.execute("DELETE FROM models WHERE id = ?1", params![id])? > 0))
    }

    // ---- twins ----

    pub fn twin(&self, id: &str) -> StoreResult<Option<Value>> {
        self.with(|c| {
            c.query_row("SELECT body FROM twins WHERE id = ?1", params![id], |r| {
                r.get::<_, String>(0)
            })
            .optional()
            .map(|o| o.map(parse))
        })
    }

    pub fn put_twin(&self, id: &str, model: &str, body: &Value) -> StoreResult<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO twins (id, model, body) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET model = excluded.model, body = excluded.body",
                params![id, model, body.to_string()],
            )?;
            Ok(())
        })
    }

    pub fn delete_twin(&self, id: &str) -> StoreResult<bool> {
        self.with(|c| Ok(c.execute("DELETE FROM twins WHERE id = ?1", params![id])? > 0))
    }

    /// Twins ordered by id, starting after `after`, at most `limit`.
    pub fn twins_after(&self, after: Option<&str>, limit: usize) -> StoreResult<Vec<Value>> {
        self.with(|c| {
            let mut st = c.prepare("SELECT body FROM twins WHERE id > ?1 ORDER BY id LIMIT ?2")?;
            let rows = st.query_map(params![after.unwrap_or(""), limit as i64], |r| {
                r.get::<_, String>(0)
            })?;
            rows.map(|r| r.map(parse)).collect()
        })
    }

    /// Number of twins per model id.
    pub fn twin_count_by_model(&self, model: &str) -> StoreResult<usize> {
        self.with(|c| {
            c.query_row(
                "SELECT COUNT(*) FROM twins WHERE model = ?1",
                params![model],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)
        })
    }

    // ---- relationships ----

    pub fn relationship(&self, source: &str, id: &str) -> StoreResult<Option<Value>> {
        self.with(|c| {
            c.query_row(
                "SELECT body FROM relationships WHERE source = ?1 AND id = ?2",
                params![source, id],
                |r| r.get::<_, String>(0),
            )
            .optional()
            .map(|o| o.map(parse))
        })
    }

    pub fn put_relationship(&self, r: &StoredRelationship) -> StoreResult<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO relationships (source, id, target, name, body) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(source, id) DO UPDATE SET target = excluded.target, name = excluded.name, body = excluded.body",
                params![r.source, r.id, r.target, r.name, r.body.to_string()],
            )?;
            Ok(())
        })
    }

    pub fn delete_relationship(&self, source: &str, id: &str) -> StoreResult<bool> {
        self.with(|c| {
            Ok(c.execute(
                "DELETE FROM relationships WHERE source = ?1 AND id = ?2",
                params![source, id],
            )? > 0)
        })
    }

    /// Outgoing relationships of `source` (optionally by name) ordered by id, after `after`.
    pub fn outgoing(
        &self,
        source: &str,
        name: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<Value>> {
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT body FROM relationships WHERE source = ?1 AND (?2 IS NULL OR name = ?2) AND id > ?3 ORDER BY id LIMIT ?4",
            )?;
            let rows = st.query_map(params![source, name, after.unwrap_or(""), limit as i64], |r| r.get::<_, String>(0))?;
            rows.map(|r| r.map(parse)).collect()
        })
    }

    /// Incoming relationships of `target`, ordered by (source, id), after the (source, id) key.
    pub fn incoming(
        &self,
        target: &str,
        after: Option<(&str, &str)>,
        limit: usize,
    ) -> StoreResult<Vec<Value>> {
        self.with(|c| {
            let (s, i) = after.unwrap_or(("", ""));
            let mut st = c.prepare(
                "SELECT body FROM relationships WHERE target = ?1 AND (source > ?2 OR (source = ?2 AND id > ?3))
                 ORDER BY source, id LIMIT ?4",
            )?;
            let rows = st.query_map(params![target, s, i, limit as i64], |r| r.get::<_, String>(0))?;
            rows.map(|r| r.map(parse)).collect()
        })
    }

    /// Does the twin have any relationship in either direction?
    pub fn has_relationships(&self, id: &str) -> StoreResult<bool> {
        self.with(|c| {
            c.query_row(
                "SELECT EXISTS(SELECT 1 FROM relationships WHERE source = ?1 OR target = ?1)",
                params![id],
                |r| r.get::<_, bool>(0),
            )
        })
    }

    /// All relationships ordered by (source, id) after a key (for queries).
    pub fn relationships_after(
        &self,
        after: Option<(&str, &str)>,
        limit: usize,
    ) -> StoreResult<Vec<Value>> {
        self.with(|c| {
            let (s, i) = after.unwrap_or(("", ""));
            let mut st = c.prepare(
                "SELECT body FROM relationships WHERE (source > ?1 OR (source = ?1 AND id > ?2)) ORDER BY source, id LIMIT ?3",
            )?;
            let rows = st.query_map(params![s, i, limit as i64], |r| r.get::<_, String>(0))?;
            rows.map(|r| r.map(parse)).collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn state_survives_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite");
        {
            let s = Store::open(Some(&path)).unwrap();
            s.insert_models(&[("dtmi:a;1".into(), json!({"@id": "dtmi:a;1"}))], "t")
                .unwrap();
            s.put_twin("t1", "dtmi:a;1", &json!({"$dtId": "t1"}))
                .unwrap();
        }
        let s = Store::open(Some(&path)).unwrap();
        assert_eq!(s.models().unwrap().len(), 1);
        assert_eq!(s.twin("t1").unwrap().unwrap()["$dtId"], "t1");
    }

    #[test]
    fn relationships_index_both_ways() {
        let s = Store::open(None).unwrap();
        for (src, id, tgt) in [("a", "r1", "b"), ("a", "r2", "c"), ("c", "r3", "b")] {
            s.put_relationship(&StoredRelationship {
                source: src.into(),
                id: id.into(),
                target: tgt.into(),
                name: "contains".into(),
                body: json!({"$sourceId": src, "$relationshipId": id}),
            })
            .unwrap();
        }
        assert_eq!(s.outgoing("a", None, None, 10).unwrap().len(), 2);
        assert_eq!(s.outgoing("a", None, Some("r1"), 10).unwrap().len(), 1);
        assert_eq!(s.incoming("b", None, 10).unwrap().len(), 2);
        assert_eq!(s.incoming("b", Some(("a", "r1")), 10).unwrap().len(), 1);
        assert!(s.has_relationships("c").unwrap());
        assert!(!s.has_relationships("z").unwrap());
    }
}
