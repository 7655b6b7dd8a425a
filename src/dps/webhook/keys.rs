//! Function keys, as Azure Functions uses them: DPS puts one in the webhook URL (`?code=KEY`);
//! other callers may send `x-functions-key`. Several keys are accepted at once so a key can be
//! rotated without downtime. Keys are kept only as SHA-256 digests and compared in constant time.
use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};

/// The accepted keys. `Debug` never shows them.
#[derive(Clone)]
pub struct FunctionKeys {
    digests: Vec<[u8; 32]>,
}

impl std::fmt::Debug for FunctionKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FunctionKeys({} keys, redacted)", self.digests.len())
    }
}

fn digest(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

impl FunctionKeys {
    /// Keys from strings; blank ones are skipped. Fails when none remain.
    pub fn new<I, S>(keys: I) -> Result<Self, String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut digests: Vec<[u8; 32]> = keys
            .into_iter()
            .map(|k| k.as_ref().trim().to_string())
            .filter(|k| !k.is_empty())
            .map(|k| digest(&k))
            .collect();
        digests.dedup();
        if digests.is_empty() {
            return Err("no function keys given".into());
        }
        Ok(Self { digests })
    }

    /// The keys of a key file: one per line; blank lines and lines starting with `#` are skipped.
    pub fn parse_file(text: &str) -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    }

    /// How many keys are accepted.
    pub fn len(&self) -> usize {
        self.digests.len()
    }

    /// Always false: a key set is never empty.
    pub fn is_empty(&self) -> bool {
        self.digests.is_empty()
    }

    /// True when `presented` is one of the keys. Every key is compared, in constant time, on
    /// digests of equal length, so neither timing nor length says which key is close.
    pub fn verify(&self, presented: &str) -> bool {
        let d = digest(presented);
        let mut ok = Choice::from(0);
        for k in &self.digests {
            ok |= k.ct_eq(&d);
        }
        ok.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifies_any_of_several_keys() {
        let k = FunctionKeys::new(["old-key-123", " new-key-456 ", ""]).unwrap();
        assert_eq!(k.len(), 2);
        assert!(k.verify("old-key-123") && k.verify("new-key-456"));
        assert!(!k.verify("old-key-12") && !k.verify("") && !k.verify("new-key-4567"));
        assert!(!format!("{k:?}").contains("key-"));
        assert!(FunctionKeys::new(Vec::<String>::new()).is_err());
    }

    #[test]
    fn key_file_format() {
        let text = "# current\nabc\n\n  # next\n def \n";
        assert_eq!(FunctionKeys::parse_file(text), vec!["abc", "def"]);
    }
}
