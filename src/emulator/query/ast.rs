//! Parsed form of an ADT query: select list, collection, and the WHERE condition tree. Pure data.

use serde_json::Value;

/// A property path inside one item, collection alias already removed: `T.a.b` -> `["a", "b"]`.
/// Empty means the item itself (the collection alias alone).
pub(crate) type Path = Vec<String>;

/// What the SELECT clause returns per matching item.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Select {
    /// `SELECT *` (or `SELECT TOP(n)` with no list): the item as is.
    Star,
    /// `SELECT COUNT()`: one row `{"COUNT": n}` for the whole result.
    Count,
    /// `SELECT a, T.b AS c, T`: one object per item, keyed by column name.
    Columns(Vec<Column>),
}

/// One projected column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    /// Key in the result row: the `AS` name, else the alias or the path's last segment.
    pub key: String,
    /// What to read from the item; empty path = the whole item.
    pub path: Path,
}

/// A WHERE condition. Evaluates to true, false or undefined (ADT/Cosmos three-valued logic).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cond {
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    Compare {
        left: Operand,
        op: CmpOp,
        right: Operand,
    },
    /// `x IN [..]` (`negated: false`) or `x NIN [..]` / `x NOT IN [..]`.
    In {
        operand: Operand,
        list: Vec<Value>,
        negated: bool,
    },
    /// `IS_OF_MODEL([T,] 'dtmi' [, exact])`.
    IsOfModel {
        model: String,
        exact: bool,
    },
    /// `IS_DEFINED(p)`, `IS_NULL(p)`, ...
    TypeCheck {
        check: TypeCheck,
        path: Path,
    },
    /// `STARTSWITH(a, b)`, `ENDSWITH(a, b)`, `CONTAINS(a, b)`.
    StringFn {
        func: StringFn,
        subject: Operand,
        needle: Operand,
    },
}

/// A comparison's side: a property of the item or a constant.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    Path(Path),
    Literal(Value),
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
}

/// Type-checking functions over one property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypeCheck {
    Defined,
    Null,
    Bool,
    Number,
    String,
    Primitive,
    Object,
}

/// String predicate functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StringFn {
    StartsWith,
    EndsWith,
    Contains,
}
