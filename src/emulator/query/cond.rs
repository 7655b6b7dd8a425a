//! WHERE-condition grammar: OR < AND < NOT precedence, comparisons, IN/NIN lists and the
//! supported functions (IS_OF_MODEL, IS_DEFINED and type checks, STARTSWITH/ENDSWITH/CONTAINS).
//! Pure.

use serde_json::{Number, Value};

use super::Collection;
use super::QueryError;
use super::ast::{CmpOp, Cond, Operand, StringFn, TypeCheck};
use super::lexer::{Sym, Tok};
use super::parser::{MAX_IN_ITEMS, MAX_LOGICAL_OPS, MAX_NESTING, Parser, unsupported};

impl Parser {
    /// `and (OR and)*`
    pub(crate) fn condition(&mut self) -> Result<Cond, QueryError> {
        let mut terms = vec![self.and_term()?];
        while self.eat_kw("OR") {
            self.count_logical_op()?;
            terms.push(self.and_term()?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Cond::Or(terms)
        })
    }

    /// `not (AND not)*`
    fn and_term(&mut self) -> Result<Cond, QueryError> {
        let mut terms = vec![self.not_term()?];
        while self.eat_kw("AND") {
            self.count_logical_op()?;
            terms.push(self.not_term()?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Cond::And(terms)
        })
    }

    fn count_logical_op(&mut self) -> Result<(), QueryError> {
        self.logical_ops += 1;
        if self.logical_ops > MAX_LOGICAL_OPS {
            return Err(QueryError::new(format!(
                "query has more than {MAX_LOGICAL_OPS} AND/OR operators; the limit is {MAX_LOGICAL_OPS}"
            )));
        }
        Ok(())
    }

    /// `NOT not | primary`
    fn not_term(&mut self) -> Result<Cond, QueryError> {
        if self.peek().is_kw("NOT") {
            self.advance();
            let inner = self.nested(Self::not_term)?;
            return Ok(Cond::Not(Box::new(inner)));
        }
        self.primary()
    }

    /// Runs `f` one nesting level deeper, refusing absurd depth before the stack does.
    fn nested(&mut self, f: fn(&mut Self) -> Result<Cond, QueryError>) -> Result<Cond, QueryError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(QueryError::at(
                self.pos(),
                format!("condition nests more than {MAX_NESTING} levels deep"),
            ));
        }
        let out = f(self);
        self.depth -= 1;
        out
    }

    /// `( cond ) | function(...) | operand op operand | operand [NOT] IN [..] | operand NIN [..]`
    fn primary(&mut self) -> Result<Cond, QueryError> {
        if self.eat_sym(Sym::LParen) {
            if self.peek().is_kw("SELECT") {
                return Err(unsupported("a subquery"));
            }
            let inner = self.nested(Self::condition)?;
            if !self.eat_sym(Sym::RParen) {
                return Err(self.unexpected("')'"));
            }
            return Ok(inner);
        }
        if let (
            Tok::Word {
                text,
                escaped: false,
            },
            Tok::Sym(Sym::LParen),
        ) = (self.peek(), self.peek_at(1))
        {
            let name = text.to_ascii_uppercase();
            return self.function(&name);
        }
        let left = self.operand()?;
        let op = match self.peek() {
            Tok::Sym(Sym::Eq) => Some(CmpOp::Eq),
            Tok::Sym(Sym::Ne) => Some(CmpOp::Ne),
            Tok::Sym(Sym::Lt) => Some(CmpOp::Lt),
            Tok::Sym(Sym::Gt) => Some(CmpOp::Gt),
            Tok::Sym(Sym::Le) => Some(CmpOp::Le),
            Tok::Sym(Sym::Ge) => Some(CmpOp::Ge),
            _ => None,
        };
        if let Some(op) = op {
            self.advance();
            let right = self.operand()?;
            return Ok(Cond::Compare { left, op, right });
        }
        let negated = if self.eat_kw("IN") {
            false
        } else if self.eat_kw("NIN") {
            true
        } else if self.peek().is_kw("NOT") && self.peek_at(1).is_kw("IN") {
            self.advance();
            self.advance();
            true
        } else {
            return Err(self.unexpected("a comparison operator, IN or NIN"));
        };
        let list = self.in_list()?;
        Ok(Cond::In {
            operand: left,
            list,
            negated,
        })
    }

    /// `[ literal, ... ]`, at most [`MAX_IN_ITEMS`] items.
    fn in_list(&mut self) -> Result<Vec<Value>, QueryError> {
        if !self.eat_sym(Sym::LBracket) {
            return Err(QueryError::at(
                self.pos(),
                "IN and NIN take a list in square brackets, like IN ['a', 'b']",
            ));
        }
        let mut items = Vec::new();
        if self.eat_sym(Sym::RBracket) {
            return Ok(items);
        }
        loop {
            let pos = self.pos();
            match self.operand()? {
                Operand::Literal(v) => items.push(v),
                Operand::Path(_) => {
                    return Err(QueryError::at(pos, "IN/NIN list items must be constants"));
                }
            }
            if items.len() > MAX_IN_ITEMS {
                return Err(QueryError::new(format!(
                    "IN/NIN list has more than {MAX_IN_ITEMS} items; the limit is {MAX_IN_ITEMS}"
                )));
            }
            if self.eat_sym(Sym::RBracket) {
                return Ok(items);
            }
            if !self.eat_sym(Sym::Comma) {
                return Err(self.unexpected("',' or ']'"));
            }
        }
    }

    /// A constant or a property path.
    fn operand(&mut self) -> Result<Operand, QueryError> {
        let literal = match self.peek().clone() {
            Tok::Str(s) => Some(Value::String(s)),
            Tok::Num(n) => Some(Value::Number(n)),
            Tok::Sym(Sym::Minus) => match self.peek_at(1).clone() {
                Tok::Num(n) => {
                    self.advance();
                    Some(Value::Number(negate(&n)))
                }
                _ => return Err(self.unexpected("a property or a constant")),
            },
            t if t.is_kw("TRUE") => Some(Value::Bool(true)),
            t if t.is_kw("FALSE") => Some(Value::Bool(false)),
            t if t.is_kw("NULL") => Some(Value::Null),
            Tok::Word { text, .. } if self.peek_at(1) == &Tok::Sym(Sym::LParen) => {
                return Err(QueryError::at(
                    self.pos(),
                    format!("{text}() can only be used as a condition, not as a value"),
                ));
            }
            Tok::Word { .. } => None,
            _ => return Err(self.unexpected("a property or a constant")),
        };
        if let Some(v) = literal {
            self.advance();
            return Ok(Operand::Literal(v));
        }
        let raw = self.raw_path()?;
        Ok(Operand::Path(self.resolve(raw)))
    }

    /// A function call used as a condition; `name` is upper-cased and the cursor is on it.
    fn function(&mut self, name: &str) -> Result<Cond, QueryError> {
        let check = match name {
            "IS_OF_MODEL" => None,
            "IS_DEFINED" => Some(TypeCheck::Defined),
            "IS_NULL" => Some(TypeCheck::Null),
            "IS_BOOL" => Some(TypeCheck::Bool),
            "IS_NUMBER" => Some(TypeCheck::Number),
            "IS_STRING" => Some(TypeCheck::String),
            "IS_PRIMITIVE" => Some(TypeCheck::Primitive),
            "IS_OBJECT" => Some(TypeCheck::Object),
            "STARTSWITH" | "STARTS_WITH" => return self.string_fn(StringFn::StartsWith),
            "ENDSWITH" | "ENDS_WITH" => return self.string_fn(StringFn::EndsWith),
            "CONTAINS" => return self.string_fn(StringFn::Contains),
            "MATCH" | "JOIN" => return Err(unsupported(name)),
            "EXISTS" => return Err(unsupported("EXISTS (subqueries)")),
            "ARRAY_CONTAINS" | "IS_ARRAY" | "COUNT" | "SUM" | "AVG" | "MIN" | "MAX" | "LOWER"
            | "UPPER" | "LENGTH" | "SUBSTRING" | "INDEX_OF" | "TRIM" | "LTRIM" | "RTRIM"
            | "ABS" | "ROUND" | "FLOOR" | "CEILING" => {
                return Err(unsupported(&format!("function {name}()")));
            }
            _ => {
                return Err(QueryError::at(
                    self.pos(),
                    format!("unknown function '{name}'"),
                ));
            }
        };
        self.advance(); // name
        self.advance(); // (
        let cond = match check {
            None => self.is_of_model_args()?,
            Some(check) => match self.operand()? {
                Operand::Path(path) => Cond::TypeCheck { check, path },
                Operand::Literal(_) => {
                    return Err(QueryError::new(format!(
                        "{name}() takes a property, not a constant"
                    )));
                }
            },
        };
        if !self.eat_sym(Sym::RParen) {
            return Err(self.unexpected("')'"));
        }
        Ok(cond)
    }

    /// `[collection,] 'model' [, exact]` inside `IS_OF_MODEL(...)`.
    fn is_of_model_args(&mut self) -> Result<Cond, QueryError> {
        if self.collection == Collection::Relationships {
            return Err(QueryError::new(
                "IS_OF_MODEL() applies to digital twins; it can't be used in a RELATIONSHIPS query",
            ));
        }
        if let Tok::Word { text, .. } = self.peek().clone() {
            if self.alias.as_deref() != Some(text.as_str()) {
                return Err(QueryError::at(
                    self.pos(),
                    format!("IS_OF_MODEL(): '{text}' is not the collection name declared in FROM"),
                ));
            }
            self.advance();
            if !self.eat_sym(Sym::Comma) {
                return Err(self.unexpected("','"));
            }
        }
        let Tok::Str(model) = self.peek().clone() else {
            return Err(QueryError::at(
                self.pos(),
                "IS_OF_MODEL() takes a model ID string, like 'dtmi:example:Room;1'",
            ));
        };
        self.advance();
        let exact = if self.eat_sym(Sym::Comma) {
            if !self.eat_kw("exact") {
                return Err(self.unexpected("'exact'"));
            }
            true
        } else {
            false
        };
        Ok(Cond::IsOfModel { model, exact })
    }

    /// `(subject, needle)` of STARTSWITH / ENDSWITH / CONTAINS; the cursor is on the name.
    fn string_fn(&mut self, func: StringFn) -> Result<Cond, QueryError> {
        self.advance();
        self.advance();
        let subject = self.operand()?;
        if !self.eat_sym(Sym::Comma) {
            return Err(self.unexpected("','"));
        }
        let needle = self.operand()?;
        if !self.eat_sym(Sym::RParen) {
            return Err(self.unexpected("')'"));
        }
        Ok(Cond::StringFn {
            func,
            subject,
            needle,
        })
    }
}

/// `-n` for a lexed non-negative number; integers stay integers where they fit.
fn negate(n: &Number) -> Number {
    if let Some(i) = n.as_u64().and_then(|u| i64::try_from(u).ok()) {
        return Number::from(-i);
    }
    n.as_f64()
        .and_then(|f| Number::from_f64(-f))
        .unwrap_or_else(|| n.clone())
}
