//! The NDJSON source (`--from-file PATH`, or `-` for stdin): one event per line in the format
//! documented in [`crate::events`]. Events without a position get partition `"0"` and the line's
//! index (0-based) as sequence number and offset, so a replay of the same file yields the same
//! positions (and checkpoints on them work). A malformed line is returned as
//! [`EventsError::BadLine`] with its number and text; reading continues with the next line.
//! I/O: reads the file or stdin.
use crate::events::{Event, EventsError};
use std::path::{Path, PathBuf};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, BufReader};

/// Partition given to NDJSON events that carry none.
pub const NDJSON_PARTITION: &str = "0";

/// Reads events from NDJSON lines.
pub struct NdjsonSource {
    name: PathBuf,
    reader: Box<dyn AsyncBufRead + Unpin + Send>,
    /// Lines read so far.
    line: u64,
    buf: Vec<u8>,
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
        Ok(Self::from_reader(
            path,
            BufReader::with_capacity(256 * 1024, file),
        ))
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
        }
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
            return Some(match Event::from_ndjson(text) {
                Ok(mut e) => {
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
                Err(err) => Err(bad(err.0, text.to_string())),
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

    #[tokio::test]
    async fn missing_file_names_the_path() {
        let err = NdjsonSource::open(Path::new("/nonexistent/events.ndjson"))
            .await
            .err()
            .unwrap();
        assert!(err.to_string().contains("/nonexistent/events.ndjson"));
    }
}
