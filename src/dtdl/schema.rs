//! DTDL schemas as used by twin property values, and the checks ADT applies to such values
//! (integer ranges, RFC 3339 dates and times, ISO 8601 durations, enum membership, object
//! fields, map values, array elements), plus lenient coercion of string encodings. Pure.

use serde_json::Value;

/// The schema of a Property, Telemetry, Field or map value.
#[derive(Debug, Clone, PartialEq)]
pub enum Schema {
    Boolean,
    Date,
    DateTime,
    Double,
    Duration,
    Float,
    Integer,
    Long,
    String,
    Time,
    /// An Enum: the value schema (Integer or String) and `(name, enumValue)` pairs.
    Enum {
        value_schema: Box<Schema>,
        values: Vec<(String, Value)>,
    },
    /// An Object with `(name, schema)` fields, all optional in a value.
    Object {
        fields: Vec<(String, Schema)>,
    },
    /// A Map with string keys.
    Map {
        key: Box<Schema>,
        value: Box<Schema>,
    },
    /// An Array.
    Array {
        element: Box<Schema>,
    },
    /// A predefined geospatial schema (`point`, `lineString`, ...), checked as GeoJSON.
    Geospatial(String),
}

fn at(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" at {path}")
    }
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|c| c.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `YYYY-MM-DD` with a real calendar day.
pub(crate) fn is_date(s: &str) -> bool {
    let p: Vec<&str> = s.split('-').collect();
    let [y, m, d] = p.as_slice() else {
        return false;
    };
    let (Some(y), Some(m), Some(d)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// `hh:mm:ss[.fff](Z|±hh:mm)`.
pub(crate) fn is_time(s: &str) -> bool {
    let (clock, offset) = if let Some(c) = s.strip_suffix('Z') {
        (c, None)
    } else if s.len() > 6 && matches!(s.as_bytes()[s.len() - 6], b'+' | b'-') {
        (&s[..s.len() - 6], Some(&s[s.len() - 5..]))
    } else {
        return false;
    };
    if let Some(o) = offset {
        let Some((h, m)) = o.split_once(':') else {
            return false;
        };
        if !matches!((digits(h, 2), digits(m, 2)), (Some(h), Some(m)) if h < 24 && m < 60) {
            return false;
        }
    }
    let (hms, frac) = match clock.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (clock, None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit())) {
        return false;
    }
    let p: Vec<&str> = hms.split(':').collect();
    let [h, m, sec] = p.as_slice() else {
        return false;
    };
    matches!((digits(h, 2), digits(m, 2), digits(sec, 2)), (Some(h), Some(m), Some(s)) if h < 24 && m < 60 && s <= 60)
}

/// RFC 3339 date-time: `date T time`.
pub(crate) fn is_date_time(s: &str) -> bool {
    match s.split_once('T') {
        Some((d, t)) => is_date(d) && is_time(t),
        None => false,
    }
}

/// ISO 8601 duration `PnYnMnWnDTnHnMnS` (a fraction only on the last component).
pub(crate) fn is_duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else {
        return false;
    };
    if rest.is_empty() {
        return false;
    }
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => {
            if t.is_empty() {
                return false;
            }
            (d, Some(t))
        }
        None => (rest, None),
    };
    let parts = |text: &str, order: &[u8]| -> Option<usize> {
        let mut count = 0;
        let mut pos = 0;
        let mut num = String::new();
        let mut fraction_seen = false;
        for c in text.chars() {
            if c.is_ascii_digit() || c == '.' {
                num.push(c);
                continue;
            }
            let unit = u8::try_from(c).ok()?;
            let idx = order[pos..].iter().position(|u| *u == unit)? + pos;
            if num.is_empty() || fraction_seen || num.starts_with('.') || num.ends_with('.') {
                return None;
            }
            if num.matches('.').count() > 1 {
                return None;
            }
            fraction_seen = num.contains('.');
            num.clear();
            pos = idx + 1;
            count += 1;
        }
        num.is_empty().then_some(count)
    };
    let Some(_) = parts(date, b"YMWD") else {
        return false;
    };
    if date.contains('W') && (date.contains('Y') || date.contains('M')) {
        return false;
    }
    if let Some(t) = time {
        if date.contains('.') {
            return false;
        }
        return parts(t, b"HMS").is_some_and(|n| n > 0);
    }
    true
}

impl Schema {
    /// Validates a JSON value as ADT does for twin property values: `Err(message naming the
    /// expected type and the offending value/path)`.
    pub fn check(&self, value: &Value) -> Result<(), String> {
        self.check_at(value, "")
    }

    fn check_at(&self, v: &Value, path: &str) -> Result<(), String> {
        let bad = || {
            Err(format!(
                "expected {}{}, found {}",
                self.type_name(),
                at(path),
                super::values::short(v)
            ))
        };
        let ok = match self {
            Schema::Boolean => v.is_boolean(),
            Schema::Double => v.as_f64().is_some_and(f64::is_finite),
            Schema::Float => v
                .as_f64()
                .is_some_and(|f| f.is_finite() && f.abs() <= f64::from(f32::MAX)),
            Schema::Integer => v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            Schema::Long => v.as_i64().is_some(),
            Schema::String => v.is_string(),
            Schema::Date => v.as_str().is_some_and(is_date),
            Schema::DateTime => v.as_str().is_some_and(is_date_time),
            Schema::Time => v.as_str().is_some_and(is_time),
            Schema::Duration => v.as_str().is_some_and(is_duration),
            Schema::Enum { values, .. } => {
                if values.iter().any(|(_, ev)| ev == v) {
                    return Ok(());
                }
                let allowed: Vec<String> = values.iter().map(|(_, ev)| ev.to_string()).collect();
                return Err(format!(
                    "{}{} is not one of the enum values: {}",
                    super::values::short(v),
                    at(path),
                    allowed.join(", ")
                ));
            }
            Schema::Object { fields } => {
                let Some(o) = v.as_object() else { return bad() };
                for (k, fv) in o {
                    let p = format!("{path}/{k}");
                    match fields.iter().find(|(n, _)| n == k) {
                        Some((_, s)) => s.check_at(fv, &p)?,
                        None => {
                            let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
                            return Err(format!(
                                "unknown field '{k}'{}; the object has fields: {}",
                                at(path),
                                names.join(", ")
                            ));
                        }
                    }
                }
                true
            }
            Schema::Map { value, .. } => {
                let Some(o) = v.as_object() else { return bad() };
                for (k, mv) in o {
                    value.check_at(mv, &format!("{path}/{k}"))?;
                }
                true
            }
            Schema::Array { element } => {
                let Some(a) = v.as_array() else { return bad() };
                for (i, x) in a.iter().enumerate() {
                    element.check_at(x, &format!("{path}/{i}"))?;
                }
                true
            }
            Schema::Geospatial(_) => v
                .as_object()
                .is_some_and(|o| o.contains_key("type") && o.contains_key("coordinates")),
        };
        if ok { Ok(()) } else { bad() }
    }

    /// Like [`Schema::check`], but first coerces obvious string encodings: `"21.5"` -> 21.5
    /// for double/float, `"42"` -> 42 for integer/long, `"true"`/`"false"` -> bool.
    pub fn coerce(&self, value: &Value) -> Result<Value, String> {
        let v = self.coerce_inner(value, "")?;
        self.check(&v)?;
        Ok(v)
    }

    fn coerce_inner(&self, v: &Value, path: &str) -> Result<Value, String> {
        let s = match v {
            Value::String(s) => s.trim(),
            Value::Object(o) => {
                let mut out = serde_json::Map::new();
                for (k, x) in o {
                    let p = format!("{path}/{k}");
                    let c = match self {
                        Schema::Object { fields } => match fields.iter().find(|(n, _)| n == k) {
                            Some((_, fs)) => fs.coerce_inner(x, &p)?,
                            None => x.clone(),
                        },
                        Schema::Map { value, .. } => value.coerce_inner(x, &p)?,
                        _ => x.clone(),
                    };
                    out.insert(k.clone(), c);
                }
                return Ok(Value::Object(out));
            }
            Value::Array(a) => {
                if let Schema::Array { element } = self {
                    let items: Result<Vec<Value>, String> = a
                        .iter()
                        .enumerate()
                        .map(|(i, x)| element.coerce_inner(x, &format!("{path}/{i}")))
                        .collect();
                    return Ok(Value::Array(items?));
                }
                return Ok(v.clone());
            }
            _ => return Ok(v.clone()),
        };
        let fail = || format!("cannot convert \"{s}\"{} to {}", at(path), self.type_name());
        match self {
            Schema::Double | Schema::Float => {
                let f: f64 = s.parse().map_err(|_| fail())?;
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(fail)
            }
            Schema::Integer | Schema::Long => {
                let n: i64 = s.parse().map_err(|_| fail())?;
                Ok(Value::from(n))
            }
            Schema::Boolean => match s {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(fail()),
            },
            Schema::Enum { value_schema, .. } if **value_schema == Schema::Integer => {
                match s.parse::<i64>() {
                    Ok(n) => Ok(Value::from(n)),
                    Err(_) => Ok(v.clone()),
                }
            }
            _ => Ok(v.clone()),
        }
    }

    /// A short type name: `"double"`, `"Object"`, `"Map<string,double>"`, `"Array<long>"`.
    pub fn type_name(&self) -> String {
        match self {
            Schema::Boolean => "boolean".into(),
            Schema::Date => "date".into(),
            Schema::DateTime => "dateTime".into(),
            Schema::Double => "double".into(),
            Schema::Duration => "duration".into(),
            Schema::Float => "float".into(),
            Schema::Integer => "integer".into(),
            Schema::Long => "long".into(),
            Schema::String => "string".into(),
            Schema::Time => "time".into(),
            Schema::Enum { value_schema, .. } => format!("Enum<{}>", value_schema.type_name()),
            Schema::Object { .. } => "Object".into(),
            Schema::Map { key, value } => format!("Map<{},{}>", key.type_name(), value.type_name()),
            Schema::Array { element } => format!("Array<{}>", element.type_name()),
            Schema::Geospatial(n) => n.clone(),
        }
    }
}
