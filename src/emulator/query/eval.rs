//! Evaluates a parsed condition against one twin or relationship JSON document, and builds the
//! projected result row. ADT (Cosmos-style) semantics: a comparison with an undefined property
//! or between different types is *undefined*, which NOT keeps undefined, and only rows whose
//! condition is true are returned. Pure.

use std::cmp::Ordering;

use serde_json::{Map, Number, Value};

use super::ModelOracle;
use super::ast::{CmpOp, Column, Cond, Operand, StringFn, TypeCheck};

/// Three-valued truth: `None` is undefined.
type Truth = Option<bool>;

/// Reads a property path; `None` when any segment is missing or not an object member.
pub(crate) fn lookup<'a>(item: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(item, |v, seg| v.as_object()?.get(seg))
}

/// Whether `cond` is true (not false, not undefined) for `item`.
pub(crate) fn is_true(cond: &Cond, item: &Value, models: &dyn ModelOracle) -> bool {
    eval(cond, item, models) == Some(true)
}

fn eval(cond: &Cond, item: &Value, models: &dyn ModelOracle) -> Truth {
    match cond {
        Cond::And(terms) => {
            let mut out = Some(true);
            for t in terms {
                match eval(t, item, models) {
                    Some(false) => return Some(false),
                    None => out = None,
                    Some(true) => {}
                }
            }
            out
        }
        Cond::Or(terms) => {
            let mut out = Some(false);
            for t in terms {
                match eval(t, item, models) {
                    Some(true) => return Some(true),
                    None => out = None,
                    Some(false) => {}
                }
            }
            out
        }
        Cond::Not(inner) => eval(inner, item, models).map(|b| !b),
        Cond::Compare { left, op, right } => {
            compare(operand(left, item)?, *op, operand(right, item)?)
        }
        Cond::In {
            operand: o,
            list,
            negated,
        } => {
            let v = operand(o, item)?;
            let found = list.iter().any(|c| equal(v, c) == Some(true));
            Some(found != *negated)
        }
        Cond::IsOfModel { model, exact } => {
            let twin_model = item.get("$metadata").and_then(|m| m.get("$model"));
            Some(
                twin_model
                    .and_then(Value::as_str)
                    .is_some_and(|m| models.is_of_model(m, model, *exact)),
            )
        }
        Cond::TypeCheck { check, path } => Some(type_check(*check, lookup(item, path))),
        Cond::StringFn {
            func,
            subject,
            needle,
        } => {
            let s = operand(subject, item)?.as_str()?;
            let n = operand(needle, item)?.as_str()?;
            Some(match func {
                StringFn::StartsWith => s.starts_with(n),
                StringFn::EndsWith => s.ends_with(n),
                StringFn::Contains => s.contains(n),
            })
        }
    }
}

fn operand<'a>(o: &'a Operand, item: &'a Value) -> Option<&'a Value> {
    match o {
        Operand::Literal(v) => Some(v),
        Operand::Path(p) => lookup(item, p),
    }
}

fn type_check(check: TypeCheck, v: Option<&Value>) -> bool {
    match (check, v) {
        (_, None) => false,
        (TypeCheck::Defined, Some(_)) => true,
        (TypeCheck::Null, Some(v)) => v.is_null(),
        (TypeCheck::Bool, Some(v)) => v.is_boolean(),
        (TypeCheck::Number, Some(v)) => v.is_number(),
        (TypeCheck::String, Some(v)) => v.is_string(),
        (TypeCheck::Primitive, Some(v)) => !(v.is_object() || v.is_array()),
        (TypeCheck::Object, Some(v)) => v.is_object(),
    }
}

/// `=`/`!=` on any same-typed pair; ordering only on numbers and strings.
fn compare(a: &Value, op: CmpOp, b: &Value) -> Truth {
    match op {
        CmpOp::Eq => equal(a, b),
        CmpOp::Ne => equal(a, b).map(|e| !e),
        CmpOp::Lt => order(a, b).map(|o| o == Ordering::Less),
        CmpOp::Gt => order(a, b).map(|o| o == Ordering::Greater),
        CmpOp::Le => order(a, b).map(|o| o != Ordering::Greater),
        CmpOp::Ge => order(a, b).map(|o| o != Ordering::Less),
    }
}

/// Equality; undefined when the types differ.
fn equal(a: &Value, b: &Value) -> Truth {
    match (a, b) {
        (Value::Null, Value::Null) => Some(true),
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        (Value::Number(x), Value::Number(y)) => num_cmp(x, y).map(|o| o == Ordering::Equal),
        (Value::String(x), Value::String(y)) => Some(x == y),
        (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_)) => Some(a == b),
        _ => None,
    }
}

/// Ordering for numbers and strings (ordinal); undefined otherwise.
fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => num_cmp(x, y),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// Exact for integers, IEEE for anything with a fraction (so `1 = 1.0`).
fn num_cmp(x: &Number, y: &Number) -> Option<Ordering> {
    match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
        (Some(a), Some(b), _, _) => Some(a.cmp(&b)),
        (_, _, Some(a), Some(b)) => Some(a.cmp(&b)),
        (Some(_), None, None, Some(_)) => Some(Ordering::Less), // negative i64 vs big u64
        (None, Some(_), Some(_), None) => Some(Ordering::Greater),
        _ => x.as_f64()?.partial_cmp(&y.as_f64()?),
    }
}

/// One result row: columns in SELECT order; columns whose property is absent are left out.
pub(crate) fn project_columns(columns: &[Column], item: &Value) -> Value {
    let mut row = Map::new();
    for col in columns {
        if let Some(v) = lookup(item, &col.path) {
            row.insert(col.key.clone(), v.clone());
        }
    }
    Value::Object(row)
}
