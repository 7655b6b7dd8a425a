//! Telemetry -> twin property updates. Three modes:
//! - automatic (default): every field of a JSON object body that names a Property the twin's
//!   model defines becomes an `add` at its path (add works whether or not the property was
//!   set), with the value coerced to the property's schema: `Temperature` -> `/Temperature`, and
//!   a component's property either as `"c1/target"` or nested as `"c1": {"target": ..}` ->
//!   `/c1/target`; other fields are counted and ignored;
//! - `--property NAME` (repeatable): the sample's behaviour, a `replace` of `/NAME`, uncoerced;
//! - `--mapping FILE`: per-model rules from TOML (JSON pointer in the body -> twin path, scale
//!   and offset, which timestamp becomes `$metadata/<prop>/sourceTime`).
//!
//! Pure: no I/O.
use super::schema::TwinSchema;
use serde::Deserialize;
use serde_json::Value;

/// How a value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Replace,
}

/// One property update derived from an event.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyUpdate {
    pub path: String,
    pub value: Value,
    pub op: Op,
    /// RFC 3339 time to write as `$metadata/<prop>/sourceTime`.
    pub source_time: Option<String>,
}

/// The result of mapping one event.
#[derive(Debug, Clone, PartialEq)]
pub enum Mapped {
    /// Updates to apply, and how many body fields were ignored.
    Updates {
        updates: Vec<PropertyUpdate>,
        ignored: usize,
    },
    /// The event cannot be applied: dead-letter it with this reason.
    Reject(String),
}

/// Which timestamp becomes the source time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceTime {
    #[default]
    None,
    /// The event's enqueued time.
    Enqueued,
    /// A JSON pointer into the body.
    #[serde(untagged)]
    Body(String),
}

/// One rule of a mapping file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Rule {
    /// JSON pointer into the body, e.g. `/temp/value`.
    pub from: String,
    /// Twin path, e.g. `/Temperature` or `/thermostat1/targetTemperature`.
    pub to: String,
    /// Multiply numbers by this (unit conversion).
    pub scale: Option<f64>,
    /// Then add this.
    pub offset: Option<f64>,
}

/// Rules for the models a pattern matches.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ModelRules {
    /// Exact DTMI, a prefix ending in `*`, or `*` for every model.
    pub model: String,
    #[serde(default)]
    pub source_time: SourceTime,
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
}

/// A mapping file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingFile {
    #[serde(rename = "model")]
    pub models: Vec<ModelRules>,
}

impl MappingFile {
    /// Parse TOML; errors name the key (the caller adds the file name).
    pub fn parse(text: &str) -> Result<Self, String> {
        let m: Self = toml::from_str(text).map_err(|e| e.to_string())?;
        for mr in &m.models {
            for r in &mr.rules {
                if !r.from.starts_with('/') || !r.to.starts_with('/') {
                    return Err(format!(
                        "rule {} -> {} for {}: `from` and `to` must be JSON pointers starting with /",
                        r.from, r.to, mr.model
                    ));
                }
            }
        }
        Ok(m)
    }

    /// The first entry whose pattern matches `model`.
    pub fn for_model(&self, model: &str) -> Option<&ModelRules> {
        self.models
            .iter()
            .find(|m| pattern_matches(&m.model, model))
    }
}

/// `*`, a prefix ending in `*`, or an exact DTMI.
pub fn pattern_matches(pattern: &str, model: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => model.starts_with(prefix),
        None => pattern == model,
    }
}

/// The mapping mode.
#[derive(Debug, Clone)]
pub enum Mode {
    Auto { source_time: SourceTime },
    Sample { properties: Vec<String> },
    File(MappingFile),
}

impl Mode {
    /// Whether mapping needs the twin's model (all but the sample mode do).
    pub fn needs_model(&self) -> bool {
        !matches!(self, Mode::Sample { .. })
    }
}

fn source_time(st: &SourceTime, body: &Value, enqueued: Option<&str>) -> Option<String> {
    match st {
        SourceTime::None => None,
        SourceTime::Enqueued => enqueued.map(str::to_string),
        SourceTime::Body(ptr) => body
            .pointer(ptr)
            .and_then(Value::as_str)
            .map(str::to_string),
    }
}

fn coerce(schema: Option<&TwinSchema>, path: &str, value: &Value) -> Result<Value, String> {
    match schema.and_then(|s| s.schema(path)) {
        Some(sch) => sch
            .coerce(value)
            .map_err(|e| format!("value for {path}: {e}")),
        None => Ok(value.clone()),
    }
}

/// Map one event body to updates. `schema` is the twin's model (None in sample mode).
pub fn map(
    mode: &Mode,
    body: &Value,
    schema: Option<&TwinSchema>,
    enqueued: Option<&str>,
) -> Mapped {
    let Some(obj) = body.as_object() else {
        return Mapped::Reject(format!(
            "the body is JSON but not an object (got {}); telemetry must be a JSON object",
            kind(body)
        ));
    };
    match mode {
        Mode::Sample { properties } => {
            // A property listed twice is written once (and `ignored` below stays a count of
            // body fields).
            let mut seen = std::collections::HashSet::new();
            let updates: Vec<PropertyUpdate> = properties
                .iter()
                .filter(|p| seen.insert(p.as_str()))
                .filter_map(|p| {
                    obj.get(p).map(|v| PropertyUpdate {
                        path: format!("/{p}"),
                        value: v.clone(),
                        op: Op::Replace,
                        source_time: None,
                    })
                })
                .collect();
            let ignored = obj.len() - updates.len();
            Mapped::Updates { updates, ignored }
        }
        Mode::Auto { source_time: st } => {
            let st = source_time(st, body, enqueued);
            let mut updates = Vec::new();
            let mut ignored = 0;
            let Some(schema) = schema else {
                return Mapped::Updates {
                    updates,
                    ignored: obj.len(),
                };
            };
            // (twin path, value) of every field the model defines.
            let mut found: Vec<(String, &Value)> = Vec::new();
            for (k, v) in obj {
                match (schema.path_of_key(k), v.as_object()) {
                    (Some(path), _) => found.push((path, v)),
                    (None, Some(inner)) if schema.is_component(k) => {
                        for (name, v) in inner {
                            match schema.path_of_key(&format!("{k}/{name}")) {
                                Some(path) => found.push((path, v)),
                                None => ignored += 1,
                            }
                        }
                    }
                    (None, _) => ignored += 1,
                }
            }
            for (path, v) in found {
                match coerce(Some(schema), &path, v) {
                    Ok(value) => updates.push(PropertyUpdate {
                        path,
                        value,
                        op: Op::Add,
                        source_time: st.clone(),
                    }),
                    Err(e) => return Mapped::Reject(e),
                }
            }
            Mapped::Updates { updates, ignored }
        }
        Mode::File(file) => {
            let model = schema.map(|s| s.model.as_str()).unwrap_or("");
            let Some(rules) = file.for_model(model) else {
                return Mapped::Updates {
                    updates: vec![],
                    ignored: obj.len(),
                };
            };
            let st = source_time(&rules.source_time, body, enqueued);
            let mut updates = Vec::new();
            for r in &rules.rules {
                let Some(raw) = body.pointer(&r.from) else {
                    continue;
                };
                let raw = match (raw.as_f64(), r.scale.is_some() || r.offset.is_some()) {
                    (Some(x), true) => {
                        let y = x * r.scale.unwrap_or(1.0) + r.offset.unwrap_or(0.0);
                        match serde_json::Number::from_f64(y) {
                            Some(n) => Value::Number(n),
                            None => {
                                return Mapped::Reject(format!(
                                    "{} scaled to a non-finite number",
                                    r.from
                                ));
                            }
                        }
                    }
                    (None, true) if raw.is_string() => {
                        match raw.as_str().and_then(|s| s.trim().parse::<f64>().ok()) {
                            // `json!` would turn a non-finite result into null.
                            Some(x) => match serde_json::Number::from_f64(
                                x * r.scale.unwrap_or(1.0) + r.offset.unwrap_or(0.0),
                            ) {
                                Some(n) => Value::Number(n),
                                None => {
                                    return Mapped::Reject(format!(
                                        "{} scaled to a non-finite number",
                                        r.from
                                    ));
                                }
                            },
                            None => {
                                return Mapped::Reject(format!(
                                    "{} is {raw}, not a number to scale",
                                    r.from
                                ));
                            }
                        }
                    }
                    _ => raw.clone(),
                };
                if schema.is_some() && schema.and_then(|s| s.schema(&r.to)).is_none() {
                    return Mapped::Reject(format!(
                        "mapping rule targets {} but model {model} has no such property",
                        r.to
                    ));
                }
                match coerce(schema, &r.to, &raw) {
                    Ok(value) => updates.push(PropertyUpdate {
                        path: r.to.clone(),
                        value,
                        op: Op::Add,
                        source_time: st.clone(),
                    }),
                    Err(e) => return Mapped::Reject(e),
                }
            }
            let ignored = obj.len().saturating_sub(updates.len());
            Mapped::Updates { updates, ignored }
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests;
