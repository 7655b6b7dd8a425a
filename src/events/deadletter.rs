//! The dead-letter file: one NDJSON line per event that could not be applied, with the reason
//! and the whole event, flushed and synced before the event counts as done (nothing is lost).
use super::Event;
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Appends dead letters to a file.
pub struct DeadLetters {
    path: PathBuf,
    file: std::fs::File,
    pending: usize,
    written: u64,
}

impl DeadLetters {
    /// Open (append, create) the file.
    pub fn open(path: &Path) -> std::io::Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(Self {
            path: path.to_path_buf(),
            file,
            pending: 0,
            written: 0,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Lines written since opening.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Write one dead letter (call [`DeadLetters::sync`] before treating it as durable).
    pub fn write(&mut self, event: &Event, reason: &str, stage: &str) -> std::io::Result<()> {
        let line = json!({
            "type": "dead_letter",
            "time": time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
            "stage": stage,
            "reason": reason,
            "event": event.to_value(),
        });
        writeln!(self.file, "{line}")?;
        self.pending += 1;
        self.written += 1;
        Ok(())
    }

    /// Make written lines durable.
    pub fn sync(&mut self) -> std::io::Result<()> {
        if self.pending > 0 {
            self.file.flush()?;
            self.file.sync_data()?;
            self.pending = 0;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_carry_reason_and_event() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("dl/dead.ndjson");
        let mut dl = DeadLetters::open(&path).unwrap();
        let mut e = Event {
            body: b"not json".to_vec(),
            ..Default::default()
        };
        e.sequence_number = Some(4);
        dl.write(&e, "body is not JSON", "decode").unwrap();
        dl.sync().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(v["reason"], "body is not JSON");
        assert_eq!(v["event"]["body"], "not json");
        assert_eq!(v["event"]["sequence_number"], 4);
        assert_eq!(
            Event::from_value(v["event"].clone()).unwrap(),
            e,
            "a dead letter can be replayed"
        );
    }
}
