//! The dead-letter file: one NDJSON line per event that could not be applied, with the reason
//! and the whole event, synced before the event counts as done (nothing is lost).
//!
//! Each line goes out in ONE `write()` of the whole line to a file opened for appending, so a
//! crash (even `kill -9`) leaves whole lines and at most one partial last line. Opening repairs
//! such a torn tail: it is terminated with a newline (and reported, see [`DeadLetters::torn`]) so
//! the next line stays whole; a replay reports the partial line as malformed. A new file's
//! directory is synced so the file itself survives a power loss.
//!
//! The format is read back by `--from-file` ([`parse`]): the event inside a dead letter is what
//! gets replayed. File I/O only.
use super::Event;
use serde_json::{Value, json};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The `"type"` of a dead-letter line.
pub const DEAD_LETTER: &str = "dead_letter";

/// The stage of input that is not an event (an NDJSON line that does not parse): the dead
/// letter's event has the line, as read, as its body.
pub const INPUT_STAGE: &str = "input";

/// Appends dead letters to a file.
pub struct DeadLetters {
    path: PathBuf,
    file: std::fs::File,
    pending: usize,
    written: u64,
    torn: Option<TornTail>,
    /// A write failed part-way: the next line starts with a newline so it stays whole.
    needs_newline: bool,
}

/// A partial last line found when the file was opened (a crash mid-write), now terminated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TornTail {
    /// Byte offset where the partial line starts.
    pub offset: u64,
    /// Its length in bytes (without the newline added).
    pub len: u64,
}

/// A dead letter read back.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadLetter {
    pub stage: String,
    pub reason: String,
    /// The event as it was when it was dead-lettered.
    pub event: Event,
}

impl DeadLetters {
    /// Open (append, create) the file; a partial last line is terminated (see [`Self::torn`]).
    pub fn open(path: &Path) -> std::io::Result<Self> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let new_dir = !dir.exists();
        if new_dir {
            std::fs::create_dir_all(dir)?;
        }
        let existed = std::fs::metadata(path).is_ok();
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(path)?;
        if !existed {
            // Make the new directory entry durable (and the new directory's own entry).
            sync_dir(dir);
            if let Some(parent) = dir.parent().filter(|_| new_dir) {
                sync_dir(parent);
            }
        }
        let torn = torn_tail(&file)?;
        if torn.is_some() {
            file.write_all(b"\n")?;
            file.sync_data()?;
        }
        Ok(Self {
            path: path.to_path_buf(),
            file,
            pending: 0,
            written: 0,
            torn,
            needs_newline: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Lines written since opening.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// The partial last line repaired when the file was opened, if there was one.
    pub fn torn(&self) -> Option<TornTail> {
        self.torn
    }

    /// Write one dead letter (call [`DeadLetters::sync`] before treating it as durable).
    pub fn write(&mut self, event: &Event, reason: &str, stage: &str) -> std::io::Result<()> {
        let line = json!({
            "type": DEAD_LETTER,
            "time": time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
            "stage": stage,
            "reason": reason,
            "event": event.to_value(),
        });
        let mut buf = Vec::with_capacity(512);
        if self.needs_newline {
            buf.push(b'\n');
        }
        serde_json::to_writer(&mut buf, &line)?;
        buf.push(b'\n');
        // One write of the whole line: never a line in pieces that a crash could cut.
        if let Err(e) = self.file.write_all(&buf) {
            self.needs_newline = true;
            return Err(e);
        }
        self.needs_newline = false;
        self.pending += 1;
        self.written += 1;
        Ok(())
    }

    /// Make written lines durable.
    pub fn sync(&mut self) -> std::io::Result<()> {
        if self.pending > 0 {
            self.file.sync_data()?;
            self.pending = 0;
        }
        Ok(())
    }
}

/// If `value` is a dead-letter line, the dead letter in it (or why it is a broken one).
pub fn parse(value: &Value) -> Option<Result<DeadLetter, String>> {
    let obj = value.as_object()?;
    if obj.get("type")?.as_str()? != DEAD_LETTER {
        return None;
    }
    let text = |k: &str| {
        obj.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let Some(event) = obj.get("event") else {
        return Some(Err("a dead letter without its \"event\"".into()));
    };
    Some(
        Event::from_value(event.clone())
            .map(|event| DeadLetter {
                stage: text("stage"),
                reason: text("reason"),
                event,
            })
            .map_err(|e| format!("the event in this dead letter: {e}")),
    )
}

/// A partial last line: the file does not end with a newline.
fn torn_tail(file: &std::fs::File) -> std::io::Result<Option<TornTail>> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(None);
    }
    let mut f = file;
    let mut last = [0u8; 1];
    f.seek(SeekFrom::Start(len - 1))?;
    f.read_exact(&mut last)?;
    if last[0] == b'\n' {
        return Ok(None);
    }
    // Find where the partial line starts (after the last newline), reading backwards.
    let mut end = len;
    let mut chunk = vec![0u8; 64 * 1024];
    let start = loop {
        let from = end.saturating_sub(chunk.len() as u64);
        let buf = &mut chunk[..(end - from) as usize];
        f.seek(SeekFrom::Start(from))?;
        f.read_exact(buf)?;
        if let Some(i) = buf.iter().rposition(|&b| b == b'\n') {
            break from + i as u64 + 1;
        }
        if from == 0 {
            break 0;
        }
        end = from;
    };
    Ok(Some(TornTail {
        offset: start,
        len: len - start,
    }))
}

fn sync_dir(dir: &Path) {
    // Directories can be opened (and synced) on Unix; elsewhere this is a no-op.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
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
        let back = parse(&v).unwrap().unwrap();
        assert_eq!(
            (back.stage.as_str(), back.reason.as_str(), &back.event),
            ("decode", "body is not JSON", &e)
        );
        assert!(dl.torn().is_none());
    }

    #[test]
    fn opening_terminates_a_torn_tail_so_the_next_line_stays_whole() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("dead.ndjson");
        let e = Event::json(&json!({"Temperature": 1.5}));
        let mut dl = DeadLetters::open(&path).unwrap();
        dl.write(&e, "first", "apply").unwrap();
        dl.sync().unwrap();
        drop(dl);
        // a crash mid-write: half a line, no newline
        let whole = std::fs::read(&path).unwrap();
        let partial = &whole[..whole.len() / 2];
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        f.write_all(partial).unwrap();
        drop(f);
        let mut dl = DeadLetters::open(&path).unwrap();
        assert_eq!(
            dl.torn(),
            Some(TornTail {
                offset: whole.len() as u64,
                len: partial.len() as u64
            })
        );
        dl.write(&e, "after the crash", "apply").unwrap();
        dl.sync().unwrap();
        drop(dl);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(
            serde_json::from_str::<Value>(lines[1]).is_err(),
            "the torn line"
        );
        for i in [0, 2] {
            let v: Value = serde_json::from_str(lines[i]).unwrap();
            assert_eq!(parse(&v).unwrap().unwrap().event, e);
        }
        assert!(text.ends_with('\n'));
        // a file that ends in a newline is left alone
        assert!(DeadLetters::open(&path).unwrap().torn().is_none());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }

    #[test]
    fn a_torn_file_without_any_newline_is_one_partial_line() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("dead.ndjson");
        std::fs::write(&path, vec![b'x'; 100_000]).unwrap();
        let dl = DeadLetters::open(&path).unwrap();
        assert_eq!(
            dl.torn(),
            Some(TornTail {
                offset: 0,
                len: 100_000
            })
        );
    }

    #[test]
    fn broken_dead_letters_say_why_and_other_types_are_not_dead_letters() {
        assert!(parse(&json!({"type": "status"})).is_none());
        assert!(parse(&json!({"body": 1})).is_none());
        let why = parse(&json!({"type": "dead_letter"})).unwrap().unwrap_err();
        assert!(why.contains("without its \"event\""), "{why}");
        let why = parse(&json!({"type": "dead_letter", "event": {"bogus": 1}}))
            .unwrap()
            .unwrap_err();
        assert!(why.contains("bogus"), "{why}");
    }
}
