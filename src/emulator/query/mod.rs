//! The emulator's Azure Digital Twins query language subset: parses `POST /query` text and
//! evaluates it one twin or relationship at a time. Pure: no I/O, no store access; the store
//! iterates items and asks [`Query::matches`] and [`Query::project`].
//!
//! Supported: `SELECT * | COUNT() | TOP(n) [...] | col [AS name], ...` over `FROM DIGITALTWINS`
//! or `FROM RELATIONSHIPS` with an optional collection alias and a WHERE condition of
//! comparisons, IN/NIN, AND/OR/NOT and the ADT predicate functions. JOIN, MATCH, ORDER BY and
//! other constructs are rejected with an error naming them.

mod ast;
mod cond;
mod eval;
mod lexer;
mod parser;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_errors;
#[cfg(test)]
mod tests_select;

use serde_json::{Value, json};

use ast::{CmpOp, Cond, Operand, Select};

pub use parser::{MAX_IN_ITEMS, MAX_LOGICAL_OPS, MAX_QUERY_CHARS};

/// A query the service rejects; the HTTP layer answers 400 with code `SqlQueryError`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct QueryError {
    /// Human-readable reason, naming the offending construct.
    pub message: String,
}

impl QueryError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// An error located at a 0-based character position (reported 1-based).
    pub(crate) fn at(pos: usize, message: impl Into<String>) -> Self {
        Self {
            message: format!("{} at character {}", message.into(), pos + 1),
        }
    }
}

/// Which collection the query reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    /// `FROM DIGITALTWINS`: items are twins in ADT wire JSON.
    DigitalTwins,
    /// `FROM RELATIONSHIPS`: items are relationships in ADT wire JSON.
    Relationships,
}

/// Answers model-inheritance questions for `IS_OF_MODEL`.
pub trait ModelOracle {
    /// True if `twin_model` is `model` or (when `!exact`) extends it transitively.
    fn is_of_model(&self, twin_model: &str, model: &str, exact: bool) -> bool;
}

impl<F: Fn(&str, &str, bool) -> bool> ModelOracle for F {
    fn is_of_model(&self, twin_model: &str, model: &str, exact: bool) -> bool {
        self(twin_model, model, exact)
    }
}

/// A parsed, validated query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    collection: Collection,
    alias: Option<String>,
    select: Select,
    top: Option<usize>,
    filter: Option<Cond>,
}

/// Parses `text`, enforcing ADT's limits (8,000 characters, 50 AND/OR, 50 IN/NIN items).
pub fn parse(text: &str) -> Result<Query, QueryError> {
    parser::parse_query(text)
}

/// The single row ADT returns for `SELECT COUNT()`: `{"COUNT": n}`.
pub fn count_row(count: usize) -> Value {
    json!({ "COUNT": count })
}

impl Query {
    /// The collection named in FROM.
    pub fn collection(&self) -> Collection {
        self.collection
    }

    /// The collection alias (`T` in `FROM DIGITALTWINS T`), if any.
    pub fn alias(&self) -> Option<&str> {
        self.alias.as_deref()
    }

    /// `n` from `SELECT TOP(n)`: stop after this many matching items.
    pub fn top(&self) -> Option<usize> {
        self.top
    }

    /// True for `SELECT COUNT()`: answer one row, [`count_row`] of the matching items.
    pub fn is_count(&self) -> bool {
        self.select == Select::Count
    }

    /// The `$dtId` (twins) or `$sourceId` (relationships) that a top-level `= 'constant'`
    /// comparison, alone or ANDed with others, pins; lets the store do an index lookup.
    /// The store must still call [`Query::matches`] on what it finds.
    pub fn pinned_id(&self) -> Option<String> {
        let field = match self.collection {
            Collection::DigitalTwins => "$dtId",
            Collection::Relationships => "$sourceId",
        };
        pinned(self.filter.as_ref()?, field)
    }

    /// Whether the twin or relationship (ADT wire JSON) satisfies the WHERE clause.
    pub fn matches(&self, item: &Value, models: &dyn ModelOracle) -> bool {
        self.filter
            .as_ref()
            .is_none_or(|c| eval::is_true(c, item, models))
    }

    /// The result row for a matching item: the item itself for `SELECT *` (and for COUNT()
    /// queries, which have no rows of their own); otherwise an object keyed by column name,
    /// e.g. `SELECT T.$dtId, T.Temperature` -> `{"$dtId": .., "Temperature": ..}` and
    /// `SELECT T` -> `{"T": item}`, leaving out columns the item does not have.
    pub fn project(&self, item: &Value) -> Value {
        match &self.select {
            Select::Star | Select::Count => item.clone(),
            Select::Columns(columns) => eval::project_columns(columns, item),
        }
    }
}

fn pinned(cond: &Cond, field: &str) -> Option<String> {
    match cond {
        Cond::And(terms) => terms.iter().find_map(|t| pinned(t, field)),
        Cond::Compare {
            left,
            op: CmpOp::Eq,
            right,
        } => match (left, right) {
            (Operand::Path(p), Operand::Literal(Value::String(s)))
            | (Operand::Literal(Value::String(s)), Operand::Path(p))
                if p.len() == 1 && p[0] == field =>
            {
                Some(s.clone())
            }
            _ => None,
        },
        _ => None,
    }
}
