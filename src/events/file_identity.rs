//! When a `--from-file` checkpoint applies: the checkpoint key of a file (its absolute path, case
//! preserved) and the content identity stored with the position (device and inode, size, and a
//! SHA-256 of the file's first bytes). A stored position is only used for the same content: same
//! inode, not smaller, same head. Pure, apart from [`FileHead::read`] (stat and read the first
//! bytes of an open file).
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// How many bytes of a file's head are hashed.
pub const HEAD_BYTES: usize = 4096;

/// Marks the encoded form (the checkpoint's offset) and its version.
const FORMAT: &str = "file1";

/// Keys longer than this are shortened (a file store keeps the key in one file name).
const MAX_PLAIN_KEY: usize = 120;

/// What a file was when a run opened it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileIdentity {
    /// Device and inode (Unix); a replaced or re-created file gets a new one.
    pub inode: Option<(u64, u64)>,
    /// Size in bytes.
    pub size: u64,
    /// How many head bytes are hashed: `min(size, HEAD_BYTES)`.
    pub head_len: u64,
    /// SHA-256 of those bytes, lower-case hex.
    pub head_sha256: String,
}

/// An open file's identity and its head bytes (to compare with a stored, shorter head).
#[derive(Debug, Clone)]
pub struct FileHead {
    pub identity: FileIdentity,
    head: Vec<u8>,
}

impl FileHead {
    /// Stat `file` and read its first bytes; None when it is not a regular file (a pipe or a
    /// device has no content identity, and reading its head would consume it).
    pub fn read(file: &std::fs::File) -> std::io::Result<Option<Self>> {
        let meta = file.metadata()?;
        if !meta.is_file() {
            return Ok(None);
        }
        let mut f = file;
        f.seek(SeekFrom::Start(0))?;
        let mut head = Vec::with_capacity(HEAD_BYTES);
        f.take(HEAD_BYTES as u64).read_to_end(&mut head)?;
        f.seek(SeekFrom::Start(0))?;
        Ok(Some(Self::new(
            inode(&meta),
            meta.len().max(head.len() as u64),
            head,
        )))
    }

    /// The identity of a file with this inode, size and head (at most [`HEAD_BYTES`] are kept).
    pub fn new(inode: Option<(u64, u64)>, size: u64, mut head: Vec<u8>) -> Self {
        head.truncate(HEAD_BYTES);
        let identity = FileIdentity {
            inode,
            size,
            head_len: head.len() as u64,
            head_sha256: sha256_hex(&head),
        };
        Self { identity, head }
    }

    /// Ok when a checkpoint stored with `stored` (the checkpoint's offset) is for this content,
    /// else why not (for a warning).
    pub fn matches(&self, stored: Option<&str>) -> Result<(), String> {
        let Some(stored) = stored.and_then(FileIdentity::decode) else {
            return Err(
                "the checkpoint carries no content identity (it was written by an earlier \
                 twinbridge), so it may be for other content"
                    .into(),
            );
        };
        let now = &self.identity;
        if let (Some(a), Some(b)) = (stored.inode, now.inode)
            && a != b
        {
            return Err(
                "it is another file now (its inode changed: replaced or re-created)".into(),
            );
        }
        if now.size < stored.size {
            return Err(format!(
                "it is smaller than when the checkpoint was written ({} < {} bytes)",
                now.size, stored.size
            ));
        }
        let n = stored.head_len as usize;
        if self.head.len() < n || sha256_hex(&self.head[..n]) != stored.head_sha256 {
            return Err(format!("its first {n} bytes changed"));
        }
        Ok(())
    }
}

impl FileIdentity {
    /// The form stored as the checkpoint's offset: `file1;size=N;head=LEN:SHA256;inode=DEV:INO`.
    pub fn encode(&self) -> String {
        let mut s = format!(
            "{FORMAT};size={};head={}:{}",
            self.size, self.head_len, self.head_sha256
        );
        if let Some((dev, ino)) = self.inode {
            let _ = write!(s, ";inode={dev}:{ino}");
        }
        s
    }

    /// Parse [`FileIdentity::encode`]'s form; None for anything else (e.g. a line number written
    /// by an earlier version).
    pub fn decode(s: &str) -> Option<Self> {
        let mut parts = s.split(';');
        if parts.next()? != FORMAT {
            return None;
        }
        let (mut size, mut head, mut inode) = (None, None, None);
        for part in parts {
            let (k, v) = part.split_once('=')?;
            match k {
                "size" => size = Some(v.parse().ok()?),
                "head" => {
                    let (len, hash) = v.split_once(':')?;
                    let ok = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
                    head = Some((len.parse().ok()?, ok.then(|| hash.to_ascii_lowercase())?));
                }
                "inode" => {
                    let (dev, ino) = v.split_once(':')?;
                    inode = Some((dev.parse().ok()?, ino.parse().ok()?));
                }
                _ => {}
            }
        }
        let (head_len, head_sha256) = head?;
        Some(Self {
            inode,
            size: size?,
            head_len,
            head_sha256,
        })
    }
}

/// The checkpoint key of a file: its absolute path (symlinks not resolved), case preserved.
/// Checkpoint stores lower-case their keys (Event Hubs names are case-insensitive), so a path
/// that lower-casing would change, that is not UTF-8 or that is long becomes its lower-cased
/// tail plus a hash of the exact path: `SITE-EXPORT.ndjson` and `site-export.ndjson` never
/// share a checkpoint.
pub fn checkpoint_key(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let raw = abs.as_os_str().as_encoded_bytes();
    if let Some(s) = abs.to_str()
        && s.to_lowercase() == s
        && s.len() <= MAX_PLAIN_KEY
    {
        return s.to_string();
    }
    let lower = abs.to_string_lossy().to_lowercase();
    let start = lower
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| lower.len() - i <= MAX_PLAIN_KEY - 20)
        .unwrap_or(0);
    format!("{}#{}", &lower[start..], &sha256_hex(raw)[..16])
}

fn sha256_hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn inode(_meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(inode: u64, text: &str) -> FileHead {
        FileHead::new(
            Some((1, inode)),
            text.len() as u64,
            text.as_bytes().to_vec(),
        )
    }

    #[test]
    fn the_encoded_form_round_trips_and_old_offsets_are_not_identities() {
        let h = head(7, "{\"body\":1}\n");
        let s = h.identity.encode();
        assert!(s.starts_with("file1;size=11;head=11:"), "{s}");
        assert_eq!(FileIdentity::decode(&s), Some(h.identity.clone()));
        assert_eq!(FileIdentity::decode("17"), None);
        assert_eq!(FileIdentity::decode("file1;size=x;head=1:00"), None);
        assert!(h.matches(Some(&s)).is_ok());
        let why = h.matches(Some("17")).unwrap_err();
        assert!(why.contains("earlier twinbridge"), "{why}");
        assert!(h.matches(None).is_err());
    }

    #[test]
    fn an_appended_file_is_the_same_content() {
        let before = head(7, "{\"body\":1}\n");
        let after = head(7, "{\"body\":1}\n{\"body\":2}\n");
        assert!(after.matches(Some(&before.identity.encode())).is_ok());
        // also past the hashed head
        let long = "x".repeat(HEAD_BYTES + 10);
        let before = head(7, &long);
        let after = head(7, &format!("{long}more\n"));
        assert_eq!(before.identity.head_len, HEAD_BYTES as u64);
        assert!(after.matches(Some(&before.identity.encode())).is_ok());
    }

    #[test]
    fn new_content_a_smaller_file_or_another_inode_is_not() {
        let old = head(7, "{\"body\":1}\n{\"body\":2}\n").identity.encode();
        let why = head(7, "{\"body\":9}\n{\"body\":2}\n{\"body\":3}\n")
            .matches(Some(&old))
            .unwrap_err();
        assert!(why.contains("first 22 bytes changed"), "{why}");
        let why = head(7, "{\"body\":1}\n").matches(Some(&old)).unwrap_err();
        assert!(why.contains("smaller"), "{why}");
        let why = head(8, "{\"body\":1}\n{\"body\":2}\n")
            .matches(Some(&old))
            .unwrap_err();
        assert!(why.contains("inode"), "{why}");
    }

    #[test]
    fn keys_keep_case_apart_and_stay_short() {
        let lower = checkpoint_key(Path::new("/spool/site-export.ndjson"));
        assert_eq!(lower, "/spool/site-export.ndjson");
        let upper = checkpoint_key(Path::new("/spool/SITE-EXPORT.ndjson"));
        assert_ne!(upper.to_lowercase(), lower.to_lowercase());
        assert!(upper.starts_with("/spool/site-export.ndjson#"), "{upper}");
        let long = format!("/{}/é.ndjson", "a".repeat(300));
        let key = checkpoint_key(Path::new(&long));
        assert!(key.len() <= MAX_PLAIN_KEY, "{key}");
        assert_ne!(key, checkpoint_key(Path::new(&format!("/b{}", &long[2..]))));
        // relative paths are made absolute
        #[cfg(unix)]
        assert!(checkpoint_key(Path::new("x.ndjson")).starts_with('/'));
    }

    #[test]
    fn only_regular_files_have_an_identity() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("f.ndjson");
        std::fs::write(&p, "{\"body\":1}\n").unwrap();
        let f = std::fs::File::open(&p).unwrap();
        let h = FileHead::read(&f).unwrap().unwrap();
        assert_eq!((h.identity.size, h.identity.head_len), (11, 11));
        let dir = std::fs::File::open(d.path()).unwrap();
        assert!(FileHead::read(&dir).unwrap().is_none());
    }
}
