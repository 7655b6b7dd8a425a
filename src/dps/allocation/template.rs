//! Twin id templates (`{registrationId}`, `{enrollmentGroupId}`, `{payload.NAME}`) and the twin
//! id rules the result must meet. Pure.
use super::AllocationError;
use super::request::AllocationRequest;
use serde_json::Value;
use std::fmt;

pub use crate::adt::{MAX_TWIN_ID, check_twin_id};

/// A twin id template: literal text with `{registrationId}`, `{enrollmentGroupId}` and
/// `{payload.NAME}` placeholders (`{{`/`}}` for literal braces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwinIdTemplate {
    parts: Vec<Part>,
    source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    RegistrationId,
    EnrollmentGroupId,
    Payload(String),
}

impl Default for TwinIdTemplate {
    fn default() -> Self {
        Self {
            parts: vec![Part::RegistrationId],
            source: "{registrationId}".into(),
        }
    }
}

impl fmt::Display for TwinIdTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl TwinIdTemplate {
    /// Parse a template; unknown placeholders and unbalanced braces are errors.
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let name: String = chars.by_ref().take_while(|c| *c != '}').collect();
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(match name.as_str() {
                        "registrationId" => Part::RegistrationId,
                        "enrollmentGroupId" => Part::EnrollmentGroupId,
                        n if n.starts_with("payload.") && n.len() > 8 => {
                            Part::Payload(n[8..].to_string())
                        }
                        _ => {
                            return Err(format!(
                                "twin id template {s:?}: unknown placeholder {{{name}}}; use {{registrationId}}, {{enrollmentGroupId}} or {{payload.NAME}}"
                            ));
                        }
                    });
                }
                '}' => {
                    return Err(format!(
                        "twin id template {s:?}: unmatched '}}' (write '}}}}' for a literal brace)"
                    ));
                }
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        if parts.is_empty() {
            return Err("the twin id template is empty; the default is {registrationId}".into());
        }
        Ok(Self {
            parts,
            source: s.to_string(),
        })
    }

    /// Render for one request; the result is checked with [`check_twin_id`].
    pub fn render(&self, req: &AllocationRequest) -> Result<String, AllocationError> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::RegistrationId => out.push_str(&req.registration_id),
                Part::EnrollmentGroupId => match &req.enrollment_group_id {
                    Some(g) => out.push_str(g),
                    None => return Err(AllocationError::InvalidTwinId {
                        id: self.source.clone(),
                        reason: "the template uses {enrollmentGroupId} but the device did not register through an enrollment group".into(),
                    }),
                },
                Part::Payload(name) => match req.payload_field(name) {
                    Some(Value::String(s)) => out.push_str(s),
                    Some(Value::Number(n)) => out.push_str(&n.to_string()),
                    _ => {
                        return Err(AllocationError::InvalidTwinId {
                            id: self.source.clone(),
                            reason: format!(
                                "the template uses {{payload.{name}}} but the device's payload has no string or number field {name:?}"
                            ),
                        });
                    }
                },
            }
        }
        check_twin_id(&out).map_err(|reason| AllocationError::InvalidTwinId {
            id: crate::output::sanitize(&out),
            reason,
        })?;
        Ok(out)
    }
}
