//! The credentials file (`--save-credentials` / `--from-credentials`): what each device was
//! assigned, so a later run can skip DPS. Keys are written only when asked (`--include-keys`);
//! otherwise `"key": "<redacted>"` and the reader derives them again from the group key.
use serde::{Deserialize, Serialize};

/// The placeholder for a key that was not saved.
pub const REDACTED: &str = "<redacted>";

/// One saved device.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedDevice {
    pub registration_id: String,
    pub device_id: String,
    pub assigned_hub: String,
    pub key: String,
}

impl std::fmt::Debug for SavedDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SavedDevice")
            .field("registration_id", &self.registration_id)
            .field("device_id", &self.device_id)
            .field("assigned_hub", &self.assigned_hub)
            .finish_non_exhaustive()
    }
}

impl SavedDevice {
    /// The key, unless it was redacted.
    pub fn key(&self) -> Option<&str> {
        (self.key != REDACTED && !self.key.is_empty()).then_some(self.key.as_str())
    }
}

/// The file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CredentialsFile {
    pub schema_version: u32,
    pub id_scope: Option<String>,
    pub devices: Vec<SavedDevice>,
}

/// Why a credentials file is unusable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct CredentialsError(pub String);

impl CredentialsFile {
    /// Build the file; keys are replaced by [`REDACTED`] unless `include_keys`.
    pub fn new(id_scope: Option<String>, devices: Vec<SavedDevice>, include_keys: bool) -> Self {
        let devices = devices
            .into_iter()
            .map(|mut d| {
                if !include_keys {
                    d.key = REDACTED.into();
                }
                d
            })
            .collect();
        Self {
            schema_version: 1,
            id_scope,
            devices,
        }
    }

    /// Parse a file's text.
    pub fn parse(text: &str) -> Result<Self, CredentialsError> {
        let f: Self = serde_json::from_str(text)
            .map_err(|e| CredentialsError(format!("not a twinbridge credentials file: {e}")))?;
        if f.schema_version != 1 {
            return Err(CredentialsError(format!(
                "schema_version {} is not supported (expected 1)",
                f.schema_version
            )));
        }
        if f.devices.is_empty() {
            return Err(CredentialsError("the file lists no devices".into()));
        }
        Ok(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_redacted_unless_asked() {
        let d = SavedDevice {
            registration_id: "r".into(),
            device_id: "r".into(),
            assigned_hub: "h".into(),
            key: "SECRET".into(),
        };
        let f = CredentialsFile::new(None, vec![d.clone()], false);
        let text = serde_json::to_string(&f).unwrap();
        assert!(!text.contains("SECRET"));
        let back = CredentialsFile::parse(&text).unwrap();
        assert_eq!(back.devices[0].key(), None);
        let f = CredentialsFile::new(None, vec![d], true);
        assert_eq!(f.devices[0].key(), Some("SECRET"));
        assert!(!format!("{:?}", f.devices[0]).contains("SECRET"));
        assert!(CredentialsFile::parse("{}").is_err());
    }
}
