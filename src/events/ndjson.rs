//! The NDJSON source (`--from-file PATH`, or `-` for stdin): one event per line in the format
//! documented in [`crate::events`]. Events without a position get partition `"0"` and the line's
//! index (0-based) as sequence number and offset, so a replay of the same file yields the same
//! positions (and checkpoints on them work). A malformed line is returned as
//! [`EventsError::BadLine`] with its number and text; reading continues with the next line.
//!
//! Dead-letter lines (the format of [`crate::events::deadletter`]) are accepted as they are: the
//! event inside is replayed with its original body, properties, system properties and enqueued
//! time, at the position of its line in this input (its old position belonged to another
//! source). A dead letter of input that was not an event (stage `input`) carries the line as
//! read; that line is decoded again (so a fixed line replays, a still broken one is reported).
//!
//! A file that is still being written may end in a partial line: with
//! [`NdjsonSource::hold_incomplete_tail`] a last line without a newline that is not JSON is left
//! unread (see [`NdjsonSource::incomplete_tail`]) instead of being reported as malformed, so it is
//! read whole by a later run. I/O: reads the file or stdin.
use crate::events::deadletter::{self, INPUT_STAGE};
use crate::events::{Event, EventsError};
use serde_json::Value;
use std::path::{Path, PathBuf};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, BufReader};

/// Partition given to NDJSON events that carry none.
pub const NDJSON_PARTITION: &str = "0";

/// How deep input-stage dead letters are unwrapped (a dead letter of a dead letter of ...).
const MAX_REPLAY_DEPTH: u8 = 4;

/// Reads events from NDJSON lines.
pub struct NdjsonSource {
    name: PathBuf,
    reader: Box<dyn AsyncBufRead + Unpin + Send>,
    /// Lines read so far.
    line: u64,
    buf: Vec<u8>,
    hold_tail: bool,
    incomplete: Option<IncompleteTail>,
}

/// A last line without a newline that is not JSON, left unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncompleteTail {
    /// Its line number (1-based).
    pub line: u64,
    /// Bytes read of it so far.
    pub len: usize,
}

/// What one line holds.
enum Decoded {
    Event(Event),
    /// The event of a dead letter.
    Replay(Event),
}

impl NdjsonSource {
    /// Open a file, or stdin when `path` is `-`.
    pub async fn open(path: &Path) -> Result<Self, EventsError> {
        if path == Path::new("-") {
            return Ok(Self::from_reader("-", BufReader::new(tokio::io::stdin())));
        }
        let file = tokio::fs::File::open(path)
            .await
            .map_err(|source| EventsError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Self::from_file(path, file))
    }

    /// Read an open file; `name` appears in errors.
    pub fn from_file(name: impl Into<PathBuf>, file: tokio::fs::File) -> Self {
        Self::from_reader(name, BufReader::with_capacity(256 * 1024, file))
    }

    /// Read from any buffered reader; `name` appears in errors.
    pub fn from_reader(
        name: impl Into<PathBuf>,
        reader: impl AsyncBufRead + Unpin + Send + 'static,
    ) -> Self {
        Self {
            name: name.into(),
            reader: Box::new(reader),
            line: 0,
            buf: Vec::new(),
            hold_tail: false,
            incomplete: None,
        }
    }

    /// Leave a last line without a newline unread when it is not JSON (for files that may still
    /// be being written; a pipe's last line is final and is read as it is).
    pub fn hold_incomplete_tail(mut self) -> Self {
        self.hold_tail = true;
        self
    }

    /// The last line left unread at the end, if any (see [`Self::hold_incomplete_tail`]).
    pub fn incomplete_tail(&self) -> Option<IncompleteTail> {
        self.incomplete
    }

    /// Where the events come from (`-` for stdin).
    pub fn name(&self) -> &Path {
        &self.name
    }

    /// The next event, a bad line, or None at the end of the input.
    pub async fn next_event(&mut self) -> Option<Result<Event, EventsError>> {
        loop {
            self.buf.clear();
            let n = match self.reader.read_until(b'\n', &mut self.buf).await {
                Ok(n) => n,
                Err(source) => {
                    return Some(Err(EventsError::Io {
                        path: self.name.clone(),
                        source,
                    }));
                }
            };
            if n == 0 {
                return None;
            }
            if self.hold_tail
                && self.buf.last() != Some(&b'\n')
                && serde_json::from_slice::<serde::de::IgnoredAny>(&self.buf).is_err()
                && !self.buf.iter().all(u8::is_ascii_whitespace)
            {
                self.incomplete = Some(IncompleteTail {
                    line: self.line + 1,
                    len: n,
                });
                return None;
            }
            self.line += 1;
            let index = (self.line - 1) as i64;
            let bad = |reason: String, text: String| EventsError::BadLine {
                path: self.name.clone(),
                line: self.line,
                reason,
                text,
            };
            let text = match std::str::from_utf8(&self.buf) {
                Ok(t) => t.trim_end_matches(['\n', '\r']),
                Err(e) => {
                    let lossy = String::from_utf8_lossy(&self.buf).trim_end().to_string();
                    return Some(Err(bad(format!("not UTF-8: {e}"), lossy)));
                }
            };
            if text.trim().is_empty() {
                continue;
            }
            return Some(match decode(text, 0) {
                Ok(Decoded::Event(mut e)) => {
                    if e.partition.is_none() {
                        e.partition = Some(NDJSON_PARTITION.into());
                    }
                    if e.sequence_number.is_none() {
                        e.sequence_number = Some(index);
                    }
                    if e.offset.is_none() {
                        e.offset = e.sequence_number.map(|s| s.to_string());
                    }
                    Ok(e)
                }
                Ok(Decoded::Replay(mut e)) => {
                    e.partition = Some(NDJSON_PARTITION.into());
                    e.sequence_number = Some(index);
                    e.offset = Some(index.to_string());
                    Ok(e)
                }
                Err((reason, text)) => Err(bad(reason, text)),
            });
        }
    }

    /// Up to `max` results (events and bad lines, in input order); empty at the end.
    pub async fn next_batch(&mut self, max: usize) -> Vec<Result<Event, EventsError>> {
        let mut out = Vec::new();
        while out.len() < max.max(1) {
            match self.next_event().await {
                Some(r) => out.push(r),
                None => break,
            }
        }
        out
    }
}

/// Decode one line: an event, or a dead letter whose event is replayed. Err: why not, and the
/// text to report (for a dead letter of input that was not an event: that input).
fn decode(text: &str, depth: u8) -> Result<Decoded, (String, String)> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let mut why = format!("not JSON: {e}");
        // A partial line glued to a whole dead letter (files written before torn tails were
        // repaired): say where the whole one starts.
        if let Some(at) = text.find("{\"type\":\"dead_letter\"").filter(|&i| i > 0) {
            why.push_str(&format!(
                " (a partial line followed by a whole dead letter at byte {at}: split the line \
                 there to replay that one)"
            ));
        }
        (why, text.to_string())
    })?;
    let Some(dead) = deadletter::parse(&value) else {
        return Event::from_value(value)
            .map(Decoded::Event)
            .map_err(|e| (e.0, text.to_string()));
    };
    let dead = dead.map_err(|why| (why, text.to_string()))?;
    if dead.stage != INPUT_STAGE || depth >= MAX_REPLAY_DEPTH {
        return Ok(Decoded::Replay(dead.event));
    }
    let line = String::from_utf8_lossy(&dead.event.body).into_owned();
    match decode(&line, depth + 1) {
        Ok(Decoded::Event(e) | Decoded::Replay(e)) => Ok(Decoded::Replay(e)),
        Err((why, text)) => Err((format!("{why} (replayed from a dead letter)"), text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn good_and_bad_lines() {
        let input = "{\"body\":{\"t\":1}}\n\n{not json\r\n{\"body\":\"x\",\"partition\":\"3\",\"sequence_number\":9}\n[1]\n{\"body_base64\":\"AAE=\"}";
        let mut s = NdjsonSource::from_reader("mem", BufReader::new(input.as_bytes()));
        let all = s.next_batch(100).await;
        assert_eq!(all.len(), 5);
        let e = all[0].as_ref().unwrap();
        assert_eq!(
            (
                e.partition.as_deref(),
                e.sequence_number,
                e.offset.as_deref()
            ),
            (Some("0"), Some(0), Some("0"))
        );
        match &all[1] {
            Err(EventsError::BadLine {
                line, reason, text, ..
            }) => {
                assert_eq!(*line, 3);
                assert!(reason.contains("not JSON"), "{reason}");
                assert_eq!(text, "{not json");
            }
            other => panic!("{other:?}"),
        }
        let e = all[2].as_ref().unwrap();
        assert_eq!(
            (e.partition.as_deref(), e.sequence_number),
            (Some("3"), Some(9))
        );
        assert!(matches!(&all[3], Err(EventsError::BadLine { line: 5, .. })));
        let e = all[4].as_ref().unwrap();
        assert_eq!((e.body.clone(), e.sequence_number), (vec![0u8, 1], Some(5)));
        assert!(s.next_event().await.is_none());
        assert!(
            all[1]
                .as_ref()
                .unwrap_err()
                .to_string()
                .starts_with("mem line 3: ")
        );
    }

    fn dead_letter(event: &Event, stage: &str) -> String {
        serde_json::json!({"type": "dead_letter", "time": "2026-11-27T10:00:00Z", "stage": stage,
            "reason": "why", "event": event.to_value()})
        .to_string()
    }

    #[tokio::test]
    async fn dead_letters_replay_their_event_at_the_line_position() {
        let mut original = Event::json(&serde_json::json!({"Temperature": 21.5}));
        original.properties.insert("dtId".into(), "t1".into());
        original
            .system_properties
            .insert("iothub-enqueuedtime".into(), 1_700_000_000_000i64.into());
        original.partition = Some("3".into());
        original.sequence_number = Some(1234);
        original.offset = Some("99999".into());
        original.enqueued_time = Some("2026-11-27T10:00:00.000Z".into());
        // a bad line dead-lettered by a file source, fixed by the operator in the dead letter
        let fixed = Event {
            body: b"{\"body\":{\"Temperature\":3}}".to_vec(),
            ..Default::default()
        };
        let still_bad = Event {
            body: b"{not an event".to_vec(),
            ..Default::default()
        };
        let input = [
            dead_letter(&original, "lookup"),
            dead_letter(&fixed, "input"),
            dead_letter(&still_bad, "input"),
            "{\"type\":\"dead_letter\",\"stage\":\"apply\"}".to_string(),
            format!("{{\"type\":\"dead_le{}", dead_letter(&original, "apply")),
        ]
        .join("\n");
        let mut s = NdjsonSource::from_reader("dl", BufReader::new(std::io::Cursor::new(input)));
        let all = s.next_batch(100).await;
        assert_eq!(all.len(), 5);
        let e = all[0].as_ref().unwrap();
        let expected = Event {
            partition: Some("0".into()),
            sequence_number: Some(0),
            offset: Some("0".into()),
            ..original.clone()
        };
        assert_eq!(e, &expected, "original event at this file's position");
        let e = all[1].as_ref().unwrap();
        assert_eq!(
            (e.body_json(), e.sequence_number),
            (Some(serde_json::json!({"Temperature": 3})), Some(1))
        );
        match &all[2] {
            Err(EventsError::BadLine {
                line, reason, text, ..
            }) => {
                assert_eq!((*line, text.as_str()), (3, "{not an event"));
                assert!(
                    reason.contains("not JSON") && reason.contains("dead letter"),
                    "{reason}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(&all[3], Err(EventsError::BadLine { line: 4, reason, .. }) if reason.contains("\"event\"")),
            "{:?}",
            all[3]
        );
        match &all[4] {
            Err(EventsError::BadLine { reason, .. }) => {
                assert!(reason.contains("whole dead letter at byte 16"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn a_partial_last_line_can_be_left_for_a_later_run() {
        let input = "{\"body\":1}\n{\"body\":{\"Temp";
        let mut s =
            NdjsonSource::from_reader("f", BufReader::new(input.as_bytes())).hold_incomplete_tail();
        let all = s.next_batch(100).await;
        assert_eq!(all.len(), 1);
        assert_eq!(
            s.incomplete_tail(),
            Some(IncompleteTail { line: 2, len: 14 })
        );
        // a last line that is whole JSON (a file without a final newline) is read
        let input = "{\"body\":1}\n{\"body\":2}";
        let mut s =
            NdjsonSource::from_reader("f", BufReader::new(input.as_bytes())).hold_incomplete_tail();
        assert_eq!(s.next_batch(100).await.len(), 2);
        assert_eq!(s.incomplete_tail(), None);
        // without holding, a partial last line is a bad line
        let input = "{\"body\":1}\n{\"body\":{\"Temp";
        let mut s = NdjsonSource::from_reader("f", BufReader::new(input.as_bytes()));
        let all = s.next_batch(100).await;
        assert!(matches!(&all[1], Err(EventsError::BadLine { line: 2, .. })));
    }

    #[tokio::test]
    async fn missing_file_names_the_path() {
        let err = NdjsonSource::open(Path::new("/nonexistent/events.ndjson"))
            .await
            .err()
            .unwrap();
        assert!(err.to_string().contains("/nonexistent/events.ndjson"));
    }
}
