//! What the metrics know about ADT: the operation a request performs (a bounded label derived
//! from its method and path) and the health seen from the responses (for readiness and the
//! outage counters).
use super::outage::{OutageKind, OutageState, Transition};
use std::time::{Duration, Instant};

/// The operation of an ADT data-plane request, e.g. `patch_twin`, `delete_relationship`,
/// `list_incoming_relationships`, `query`: bounded, whatever the ids in the path.
pub fn operation(method: &str, path: &str) -> String {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let start = segs
        .iter()
        .position(|s| matches!(*s, "digitaltwins" | "query" | "models"));
    let verb = method.to_ascii_lowercase();
    let Some(start) = start else {
        return format!("{verb}_other");
    };
    let rest = &segs[start..];
    let resource = match rest {
        ["query", ..] => return "query".into(),
        ["models"] => "models",
        ["models", _, ..] => "model",
        ["digitaltwins", _] => "twin",
        ["digitaltwins", _, "components", ..] => "component",
        ["digitaltwins", _, "relationships"] => "relationships",
        ["digitaltwins", _, "relationships", _, ..] => "relationship",
        ["digitaltwins", _, "incomingrelationships", ..] => "incoming_relationships",
        _ => "other",
    };
    let verb = match (verb.as_str(), resource) {
        ("get", "relationships" | "incoming_relationships" | "models") => "list",
        ("post", "models") => "create",
        _ => verb.as_str(),
    };
    format!("{verb}_{resource}")
}

/// ADT as seen from this process's responses.
#[derive(Debug, Default)]
pub struct AdtHealth {
    /// The last response (any HTTP status) and when it came.
    last_answer: Option<(u16, Instant)>,
    outage: OutageState,
}

impl AdtHealth {
    /// Record one attempt; a throttling/outage period's start or end comes back.
    pub fn observe(&mut self, status: Option<u16>, now: Instant) -> Option<Transition> {
        if let Some(s) = status {
            self.last_answer = Some((s, now));
        }
        match OutageKind::of(status) {
            Some(kind) => self.outage.failure(kind, now),
            None => self.outage.success(now),
        }
    }

    /// True when ADT has not answered for `max_age` (or never).
    pub fn needs_check(&self, max_age: Duration, now: Instant) -> bool {
        self.last_answer
            .is_none_or(|(_, at)| now.saturating_duration_since(at) >= max_age)
    }

    /// Why ADT does not count as reachable, if it does not.
    pub fn reason(&self, now: Instant) -> Option<String> {
        if let Some((OutageKind::Unavailable, since)) = self.outage.current() {
            return Some(format!(
                "ADT unavailable for {}s (5xx or no response)",
                now.saturating_duration_since(since).as_secs()
            ));
        }
        match self.last_answer {
            None => Some("ADT not reached yet".into()),
            Some((s @ (401 | 403), _)) => Some(format!(
                "ADT refuses this identity ({s}): check the credential and its Azure Digital Twins Data Owner role"
            )),
            Some(_) => None,
        }
    }
}
