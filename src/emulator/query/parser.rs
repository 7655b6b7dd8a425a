//! Recursive-descent parser for the statement: SELECT list, TOP, COUNT, FROM, alias, WHERE,
//! plus the token cursor and error helpers the condition grammar (`cond.rs`) shares. Pure.

use std::collections::HashSet;

use super::ast::{Column, Path, Select};
use super::lexer::{Sym, Tok, Token, tokenize};
use super::{Collection, Query, QueryError};

/// ADT limit: characters in one query.
pub const MAX_QUERY_CHARS: usize = 8000;
/// ADT limit: AND/OR operators in one query.
pub const MAX_LOGICAL_OPS: usize = 50;
/// ADT limit: items in one IN/NIN list.
pub const MAX_IN_ITEMS: usize = 50;
/// Emulator guard (not an ADT limit): nesting of parentheses and NOT, to bound recursion.
pub(crate) const MAX_NESTING: usize = 64;

/// ADT's reserved keywords: usable as identifiers only when escaped as `[[word]]`.
const RESERVED: &[&str] = &[
    "ALL",
    "AND",
    "AS",
    "ASC",
    "AVG",
    "BY",
    "COUNT",
    "DESC",
    "DEVICES_JOBS",
    "DEVICES_MODULES",
    "DEVICES",
    "ENDS_WITH",
    "FALSE",
    "FROM",
    "GROUP",
    "IN",
    "IS_BOOL",
    "IS_DEFINED",
    "IS_NULL",
    "IS_NUMBER",
    "IS_OBJECT",
    "IS_PRIMITIVE",
    "IS_STRING",
    "MAX",
    "MIN",
    "NOT",
    "NOT_IN",
    "NULL",
    "OR",
    "ORDER",
    "SELECT",
    "STARTS_WITH",
    "SUM",
    "TOP",
    "TRUE",
    "WHERE",
    "IS_OF_MODEL",
];

/// Clause keywords the emulator recognises only to reject them by name.
const UNSUPPORTED_CLAUSES: &[(&str, &str)] = &[
    ("JOIN", "JOIN"),
    ("MATCH", "MATCH"),
    ("ORDER", "ORDER BY"),
    ("GROUP", "GROUP BY"),
    ("HAVING", "HAVING"),
    ("LIMIT", "LIMIT"),
    ("OFFSET", "OFFSET"),
    ("UNION", "UNION"),
    ("DISTINCT", "DISTINCT"),
    ("LIKE", "LIKE"),
    ("BETWEEN", "BETWEEN"),
    ("IS", "IS [NOT] NULL (use IS_NULL(property))"),
];

/// The error for a construct the emulator deliberately does not implement.
pub(crate) fn unsupported(what: &str) -> QueryError {
    QueryError::new(format!(
        "{what} is not supported by the twinbridge emulator"
    ))
}

fn is_reserved(word: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word))
}

/// A column before the FROM clause tells us the collection alias.
struct RawColumn {
    segments: Vec<String>,
    rename: Option<String>,
}

enum RawSelect {
    Star,
    Count,
    Columns(Vec<RawColumn>),
}

/// Token cursor plus what the statement has declared so far.
pub(crate) struct Parser {
    tokens: Vec<Token>,
    i: usize,
    pub(crate) collection: Collection,
    pub(crate) alias: Option<String>,
    pub(crate) logical_ops: usize,
    pub(crate) depth: usize,
}

/// Parses and validates one query text.
pub(crate) fn parse_query(text: &str) -> Result<Query, QueryError> {
    let chars = text.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(QueryError::new(format!(
            "query is {chars} characters long; the limit is {MAX_QUERY_CHARS}"
        )));
    }
    if text.trim().is_empty() {
        return Err(QueryError::new("query is empty"));
    }
    let mut parser = Parser {
        tokens: tokenize(text)?,
        i: 0,
        collection: Collection::DigitalTwins,
        alias: None,
        logical_ops: 0,
        depth: 0,
    };
    parser.statement()
}

impl Parser {
    fn statement(&mut self) -> Result<Query, QueryError> {
        if !self.eat_kw("SELECT") {
            return Err(self.unexpected("SELECT"));
        }
        let top = self.top()?;
        let raw = self.select_list(top.is_some())?;
        if !self.eat_kw("FROM") {
            return Err(self.unexpected("FROM"));
        }
        self.collection_clause()?;
        let select = self.resolve_select(raw)?;
        let filter = if self.eat_kw("WHERE") {
            Some(self.condition()?)
        } else {
            None
        };
        if self.peek() != &Tok::Eof {
            let expected = if filter.is_some() {
                "AND, OR or end of query"
            } else {
                "WHERE or end of query"
            };
            return Err(self.unexpected(expected));
        }
        Ok(Query {
            collection: self.collection,
            alias: self.alias.take(),
            select,
            top,
            filter,
        })
    }

    /// `TOP(n)` or `TOP n`.
    fn top(&mut self) -> Result<Option<usize>, QueryError> {
        if !self.eat_kw("TOP") {
            return Ok(None);
        }
        let paren = self.eat_sym(Sym::LParen);
        let n = match self.peek() {
            Tok::Num(n) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
            _ => None,
        };
        let Some(n) = n else {
            let found = self.peek().describe();
            return Err(QueryError::at(
                self.pos(),
                format!("expected a non-negative integer after TOP, found {found}"),
            ));
        };
        self.advance();
        if paren && !self.eat_sym(Sym::RParen) {
            return Err(self.unexpected("')'"));
        }
        Ok(Some(n))
    }

    fn select_list(&mut self, has_top: bool) -> Result<RawSelect, QueryError> {
        if self.eat_sym(Sym::Star) {
            return Ok(RawSelect::Star);
        }
        if has_top && self.peek().is_kw("FROM") {
            return Ok(RawSelect::Star);
        }
        if self.peek().is_kw("COUNT") && self.peek_at(1) == &Tok::Sym(Sym::LParen) {
            if has_top {
                return Err(QueryError::at(
                    self.pos(),
                    "TOP can't be combined with COUNT()",
                ));
            }
            self.advance();
            self.advance();
            if !self.eat_sym(Sym::RParen) {
                return Err(QueryError::at(
                    self.pos(),
                    "COUNT takes no arguments: write COUNT()",
                ));
            }
            return Ok(RawSelect::Count);
        }
        for word in ["VALUE", "DISTINCT"] {
            if self.peek().is_kw(word)
                && matches!(self.peek_at(1), Tok::Word { .. } | Tok::Sym(Sym::Star))
            {
                return Err(unsupported(&format!("SELECT {word}")));
            }
        }
        let mut columns = Vec::new();
        loop {
            if let (Tok::Word { text, .. }, Tok::Sym(Sym::LParen)) = (self.peek(), self.peek_at(1))
            {
                let name = text.to_ascii_uppercase();
                return Err(match name.as_str() {
                    "SUM" | "AVG" | "MIN" | "MAX" => unsupported(&format!("aggregate {name}()")),
                    _ => unsupported(&format!("function {name}() in the SELECT list")),
                });
            }
            let segments = self.raw_path()?;
            let rename = if self.eat_kw("AS") {
                Some(self.identifier()?)
            } else {
                None
            };
            columns.push(RawColumn { segments, rename });
            if !self.eat_sym(Sym::Comma) {
                break;
            }
        }
        Ok(RawSelect::Columns(columns))
    }

    /// `DIGITALTWINS | RELATIONSHIPS [[AS] alias]`.
    fn collection_clause(&mut self) -> Result<(), QueryError> {
        self.collection = match self.peek() {
            t if t.is_kw("DIGITALTWINS") => Collection::DigitalTwins,
            t if t.is_kw("RELATIONSHIPS") => Collection::Relationships,
            Tok::Sym(Sym::LParen) => return Err(unsupported("a subquery in FROM")),
            Tok::Word { text, .. } => {
                return Err(QueryError::at(
                    self.pos(),
                    format!(
                        "unknown collection '{text}': FROM takes DIGITALTWINS or RELATIONSHIPS"
                    ),
                ));
            }
            _ => return Err(self.unexpected("DIGITALTWINS or RELATIONSHIPS")),
        };
        self.advance();
        let explicit = self.eat_kw("AS");
        let alias_next = matches!(self.peek(), Tok::Word { .. }) && !self.peek().is_kw("WHERE");
        if explicit || alias_next {
            if let Some(err) = clause_error(self.peek()) {
                return Err(err);
            }
            self.alias = Some(self.identifier()?);
        }
        Ok(())
    }

    /// Applies the alias to the SELECT list and names its columns.
    fn resolve_select(&self, raw: RawSelect) -> Result<Select, QueryError> {
        let columns = match raw {
            RawSelect::Star => return Ok(Select::Star),
            RawSelect::Count => return Ok(Select::Count),
            RawSelect::Columns(columns) => columns,
        };
        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(columns.len());
        for RawColumn { segments, rename } in columns {
            let path = self.resolve(segments);
            let key = match (rename, path.last(), &self.alias) {
                (Some(name), _, _) => name,
                (None, Some(last), _) => last.clone(),
                (None, None, Some(alias)) => alias.clone(),
                (None, None, None) => String::new(),
            };
            if !seen.insert(key.clone()) {
                return Err(QueryError::new(format!(
                    "the SELECT list has two columns named '{key}'; rename one with AS"
                )));
            }
            out.push(Column { key, path });
        }
        Ok(Select::Columns(out))
    }

    /// Drops a leading collection alias: `T.a.b` -> `a.b`; `T` -> the whole item.
    pub(crate) fn resolve(&self, mut segments: Vec<String>) -> Path {
        if self
            .alias
            .as_deref()
            .is_some_and(|a| segments.first().is_some_and(|s| s == a))
        {
            segments.remove(0);
        }
        segments
    }

    /// `name(.member)*`, unresolved. Array indexing is rejected.
    pub(crate) fn raw_path(&mut self) -> Result<Vec<String>, QueryError> {
        let mut segments = vec![self.identifier()?];
        while self.eat_sym(Sym::Dot) {
            match self.peek().clone() {
                // After a dot any word is a member name, keywords included.
                Tok::Word { text, .. } => {
                    self.advance();
                    segments.push(text);
                }
                _ => return Err(self.unexpected("a property name after '.'")),
            }
        }
        if self.peek() == &Tok::Sym(Sym::LBracket) {
            return Err(unsupported("array indexing"));
        }
        Ok(segments)
    }

    /// An identifier: any escaped word, or an unescaped word that is not reserved.
    pub(crate) fn identifier(&mut self) -> Result<String, QueryError> {
        let pos = self.pos();
        match self.peek().clone() {
            Tok::Word {
                text,
                escaped: true,
            } => {
                self.advance();
                Ok(text)
            }
            Tok::Word {
                text,
                escaped: false,
            } => {
                if text.eq_ignore_ascii_case("JOIN") || text.eq_ignore_ascii_case("MATCH") {
                    return Err(unsupported(&text.to_ascii_uppercase()));
                }
                if is_reserved(&text) {
                    return Err(QueryError::at(
                        pos,
                        format!("'{text}' is a reserved keyword; escape it as [[{text}]]"),
                    ));
                }
                self.advance();
                Ok(text)
            }
            _ => Err(self.unexpected("a name")),
        }
    }

    pub(crate) fn peek(&self) -> &Tok {
        self.peek_at(0)
    }

    pub(crate) fn peek_at(&self, ahead: usize) -> &Tok {
        self.tokens
            .get(self.i + ahead)
            .or_else(|| self.tokens.last())
            .map_or(&Tok::Eof, |t| &t.tok)
    }

    /// Character position of the current token.
    pub(crate) fn pos(&self) -> usize {
        self.tokens
            .get(self.i)
            .or_else(|| self.tokens.last())
            .map_or(0, |t| t.pos)
    }

    pub(crate) fn advance(&mut self) {
        if self.i + 1 < self.tokens.len() {
            self.i += 1;
        }
    }

    pub(crate) fn eat_kw(&mut self, kw: &str) -> bool {
        let hit = self.peek().is_kw(kw);
        if hit {
            self.advance();
        }
        hit
    }

    pub(crate) fn eat_sym(&mut self, sym: Sym) -> bool {
        let hit = self.peek() == &Tok::Sym(sym);
        if hit {
            self.advance();
        }
        hit
    }

    /// An error for the current token; names the construct when it is a known unsupported one.
    pub(crate) fn unexpected(&self, expected: &str) -> QueryError {
        let tok = self.peek();
        if let Some(err) = clause_error(tok) {
            return err;
        }
        match tok {
            Tok::Sym(Sym::Plus | Sym::Minus | Sym::Star | Sym::Slash | Sym::Percent) => {
                unsupported("arithmetic")
            }
            Tok::Sym(Sym::At) => unsupported("a query parameter (@name)"),
            _ => QueryError::at(
                self.pos(),
                format!("expected {expected}, found {}", tok.describe()),
            ),
        }
    }
}

/// The named error for a clause keyword the emulator does not implement, if `tok` is one.
fn clause_error(tok: &Tok) -> Option<QueryError> {
    UNSUPPORTED_CLAUSES
        .iter()
        .find(|(word, _)| tok.is_kw(word))
        .map(|(_, name)| unsupported(name))
}
