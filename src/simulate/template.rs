//! Telemetry templates: a JSON object whose values are constants or generators, evaluated per
//! device per message. Generators are objects with one key naming them:
//!
//! - `{"constant": V}` (plain JSON values are constants too; strings expand `{device_id}`, `{n}`)
//! - `{"random": {"min": a, "max": b}}` uniform
//! - `{"random_walk": {"start": s, "step": d, "min": a, "max": b}}` bounded walk
//! - `{"sine": {"offset": o, "amplitude": a, "period": "60s"}}` over elapsed time
//! - `{"counter": {"start": s, "step": d}}`
//! - `{"choice": [v1, v2, ...]}`
//! - `{"round": {"digits": 2, "value": <generator>}}`
//!
//! Nested objects that are not generators are templates themselves. The default reproduces the
//! sample simulator: `{"Temperature": 25 ± 1}`.
use serde_json::{Map, Value, json};
use std::time::Duration;

/// Why a template is unusable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("telemetry template: {0}")]
pub struct TemplateError(pub String);

#[derive(Debug, Clone)]
enum Node {
    Constant(Value),
    Text(String),
    Random {
        min: f64,
        max: f64,
    },
    Walk {
        start: f64,
        step: f64,
        min: f64,
        max: f64,
    },
    Sine {
        offset: f64,
        amplitude: f64,
        period: Duration,
    },
    Counter {
        start: f64,
        step: f64,
    },
    Choice(Vec<Value>),
    Round {
        digits: i32,
        inner: Box<Node>,
    },
    Object(Vec<(String, Node)>),
}

/// A parsed template.
#[derive(Debug, Clone)]
pub struct Template {
    root: Node,
    slots: usize,
}

/// Per-device generator state (walk positions, counters).
#[derive(Debug, Clone, Default)]
pub struct DeviceState {
    values: Vec<Option<f64>>,
    rng: u64,
}

const NAMES: &[&str] = &[
    "constant",
    "random",
    "random_walk",
    "sine",
    "counter",
    "choice",
    "round",
];

fn num(spec: &Value, key: &str, what: &str, default: Option<f64>) -> Result<f64, TemplateError> {
    match spec.get(key) {
        Some(v) => v
            .as_f64()
            .ok_or_else(|| TemplateError(format!("{what}.{key} must be a number, got {v}"))),
        None => default.ok_or_else(|| TemplateError(format!("{what} needs \"{key}\""))),
    }
}

fn parse(v: &Value, path: &str, slots: &mut usize) -> Result<Node, TemplateError> {
    let Value::Object(map) = v else {
        return Ok(match v {
            Value::String(s) if s.contains('{') => Node::Text(s.clone()),
            other => Node::Constant(other.clone()),
        });
    };
    if map.len() == 1 {
        let (name, spec) = map
            .iter()
            .next()
            .map(|(k, v)| (k.as_str(), v))
            .unwrap_or(("", v));
        if NAMES.contains(&name) {
            let what = format!("{path}: {name}");
            return Ok(match name {
                "constant" => Node::Constant(spec.clone()),
                "random" => Node::Random {
                    min: num(spec, "min", &what, None)?,
                    max: num(spec, "max", &what, None)?,
                },
                "random_walk" => {
                    *slots += 1;
                    let min = num(spec, "min", &what, Some(f64::MIN))?;
                    let max = num(spec, "max", &what, Some(f64::MAX))?;
                    if min > max {
                        return Err(TemplateError(format!("{what}: min is above max")));
                    }
                    Node::Walk {
                        start: num(spec, "start", &what, None)?,
                        step: num(spec, "step", &what, Some(1.0))?,
                        min,
                        max,
                    }
                }
                "sine" => {
                    let period = match spec.get("period") {
                        Some(Value::String(s)) => humantime::parse_duration(s)
                            .map_err(|e| TemplateError(format!("{what}.period {s:?}: {e}")))?,
                        Some(Value::Number(n)) => {
                            Duration::from_secs_f64(n.as_f64().unwrap_or(60.0))
                        }
                        None => Duration::from_secs(60),
                        Some(other) => {
                            return Err(TemplateError(format!(
                                "{what}.period must be a duration like \"60s\", got {other}"
                            )));
                        }
                    };
                    if period.is_zero() {
                        return Err(TemplateError(format!("{what}.period must be above 0")));
                    }
                    Node::Sine {
                        offset: num(spec, "offset", &what, Some(0.0))?,
                        amplitude: num(spec, "amplitude", &what, Some(1.0))?,
                        period,
                    }
                }
                "counter" => {
                    *slots += 1;
                    Node::Counter {
                        start: num(spec, "start", &what, Some(0.0))?,
                        step: num(spec, "step", &what, Some(1.0))?,
                    }
                }
                "choice" => match spec {
                    Value::Array(a) if !a.is_empty() => Node::Choice(a.clone()),
                    _ => return Err(TemplateError(format!("{what} needs a non-empty array"))),
                },
                _ => {
                    let inner = spec
                        .get("value")
                        .ok_or_else(|| TemplateError(format!("{what} needs \"value\"")))?;
                    Node::Round {
                        digits: num(spec, "digits", &what, Some(2.0))? as i32,
                        inner: Box::new(parse(inner, path, slots)?),
                    }
                }
            });
        }
    }
    let mut fields = Vec::new();
    for (k, v) in map {
        fields.push((k.clone(), parse(v, &format!("{path}.{k}"), slots)?));
    }
    Ok(Node::Object(fields))
}

impl Template {
    /// Parse a template (a JSON object).
    pub fn parse(v: &Value) -> Result<Self, TemplateError> {
        if !v.is_object() {
            return Err(TemplateError(
                "the template must be a JSON object, e.g. {\"Temperature\": {\"random\": {\"min\": 24, \"max\": 26}}}".into(),
            ));
        }
        let mut slots = 0;
        let root = parse(v, "$", &mut slots)?;
        Ok(Self { root, slots })
    }

    /// The sample's telemetry: `{"Temperature": 25 ± 1}`.
    pub fn sample() -> Self {
        Self::parse(&json!({"Temperature": {"random": {"min": 24.0, "max": 26.0}}})).unwrap_or(
            Self {
                root: Node::Object(Vec::new()),
                slots: 0,
            },
        )
    }

    /// Fresh state for device number `n` (seeds its random numbers).
    pub fn state(&self, n: u64) -> DeviceState {
        DeviceState {
            values: vec![None; self.slots],
            rng: n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ rand::random::<u64>(),
        }
    }

    /// The next message body for a device, `elapsed` since the run started.
    pub fn render(
        &self,
        st: &mut DeviceState,
        device_id: &str,
        n: u64,
        elapsed: Duration,
    ) -> Value {
        let mut slot = 0;
        eval(&self.root, st, &mut slot, device_id, n, elapsed)
    }
}

fn next_f64(st: &mut DeviceState) -> f64 {
    // xorshift64*: cheap, per device, good enough for telemetry.
    let mut x = st.rng.max(1);
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    st.rng = x;
    (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
}

fn number(x: f64) -> Value {
    serde_json::Number::from_f64(x)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

fn eval(
    node: &Node,
    st: &mut DeviceState,
    slot: &mut usize,
    id: &str,
    n: u64,
    t: Duration,
) -> Value {
    match node {
        Node::Constant(v) => v.clone(),
        Node::Text(s) => Value::String(s.replace("{device_id}", id).replace("{n}", &n.to_string())),
        Node::Random { min, max } => number(min + (max - min) * next_f64(st)),
        Node::Walk {
            start,
            step,
            min,
            max,
        } => {
            let i = *slot;
            *slot += 1;
            let r = next_f64(st);
            let cur = match st.values.get(i).copied().flatten() {
                None => *start,
                Some(v) => (v + step * (2.0 * r - 1.0)).clamp(*min, *max),
            };
            if let Some(s) = st.values.get_mut(i) {
                *s = Some(cur);
            }
            number(cur)
        }
        Node::Sine {
            offset,
            amplitude,
            period,
        } => {
            let phase = t.as_secs_f64() / period.as_secs_f64() * std::f64::consts::TAU;
            number(offset + amplitude * phase.sin())
        }
        Node::Counter { start, step } => {
            let i = *slot;
            *slot += 1;
            let cur = match st.values.get(i).copied().flatten() {
                None => *start,
                Some(v) => v + step,
            };
            if let Some(s) = st.values.get_mut(i) {
                *s = Some(cur);
            }
            if cur.fract() == 0.0 && cur.abs() < 9e15 {
                json!(cur as i64)
            } else {
                number(cur)
            }
        }
        Node::Choice(options) => {
            let i = (next_f64(st) * options.len() as f64) as usize;
            options[i.min(options.len() - 1)].clone()
        }
        Node::Round { digits, inner } => {
            let v = eval(inner, st, slot, id, n, t);
            match v.as_f64() {
                Some(x) => {
                    let f = 10f64.powi(*digits);
                    number((x * f).round() / f)
                }
                None => v,
            }
        }
        Node::Object(fields) => {
            let mut m = Map::new();
            for (k, v) in fields {
                m.insert(k.clone(), eval(v, st, slot, id, n, t));
            }
            Value::Object(m)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_default_stays_in_25_plus_minus_1() {
        let t = Template::sample();
        let mut st = t.state(1);
        for _ in 0..200 {
            let v = t.render(&mut st, "d", 1, Duration::ZERO);
            let x = v["Temperature"].as_f64().unwrap();
            assert!((24.0..=26.0).contains(&x), "{x}");
        }
    }

    #[test]
    fn generators_behave() {
        let t = Template::parse(&json!({
            "walk": {"random_walk": {"start": 10, "step": 1, "min": 9, "max": 11}},
            "count": {"counter": {"start": 5, "step": 2}},
            "mode": {"choice": ["a", "b"]},
            "wave": {"sine": {"offset": 0, "amplitude": 2, "period": "4s"}},
            "id": "{device_id}-{n}",
            "fixed": 3,
            "nested": {"inner": {"constant": {"x": 1}}},
            "r": {"round": {"digits": 1, "value": {"random": {"min": 0, "max": 1}}}}
        }))
        .unwrap();
        let mut st = t.state(7);
        let first = t.render(&mut st, "dev", 7, Duration::from_secs(1));
        assert_eq!(first["walk"], json!(10.0));
        assert_eq!(first["count"], json!(5));
        assert_eq!(first["id"], json!("dev-7"));
        assert_eq!(first["fixed"], json!(3));
        assert_eq!(first["nested"]["inner"], json!({"x": 1}));
        assert!((first["wave"].as_f64().unwrap() - 2.0).abs() < 1e-9);
        let second = t.render(&mut st, "dev", 7, Duration::ZERO);
        assert_eq!(second["count"], json!(7));
        let w = second["walk"].as_f64().unwrap();
        assert!((9.0..=11.0).contains(&w));
        assert!(["a", "b"].contains(&second["mode"].as_str().unwrap()));
        let r = second["r"].as_f64().unwrap();
        assert_eq!((r * 10.0).round() / 10.0, r);
    }

    #[test]
    fn the_example_template_parses() {
        let v: Value =
            serde_json::from_str(include_str!("../../examples/telemetry-template.json")).unwrap();
        let t = Template::parse(&v).unwrap();
        let out = t.render(&mut t.state(1), "d1", 1, Duration::from_secs(5));
        assert_eq!(out["Source"], json!("d1"));
        assert_eq!(out["Sequence"], json!(1));
    }

    #[test]
    fn bad_templates_name_the_field() {
        let e = Template::parse(&json!({"t": {"random": {"min": 1}}})).unwrap_err();
        assert!(e.0.contains("$.t: random needs \"max\""), "{}", e.0);
        assert!(Template::parse(&json!([1])).is_err());
        let e = Template::parse(&json!({"c": {"choice": []}})).unwrap_err();
        assert!(e.0.contains("non-empty"));
    }
}
