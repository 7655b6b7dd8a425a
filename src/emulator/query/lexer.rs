//! Tokenizer for the ADT query subset: words, quoted strings, numbers and symbols. Pure, no I/O.

use serde_json::Number;

use super::QueryError;

/// One lexical token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// A bare word (keyword or identifier) or a `[[escaped]]` identifier.
    Word { text: String, escaped: bool },
    /// A string literal, quotes removed and escapes resolved.
    Str(String),
    /// A non-negative number literal (a leading `-` is a separate token).
    Num(Number),
    /// Punctuation or an operator.
    Sym(Sym),
    /// End of input.
    Eof,
}

/// Punctuation and operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sym {
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Star,
    Eq,
    /// `!=` or `<>`.
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Plus,
    Minus,
    Slash,
    Percent,
    At,
}

/// A token and the character position (0-based) where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub pos: usize,
}

impl Tok {
    /// True for an unescaped word equal to `kw`, ignoring ASCII case.
    pub fn is_kw(&self, kw: &str) -> bool {
        matches!(self, Tok::Word { text, escaped: false } if text.eq_ignore_ascii_case(kw))
    }

    /// How the token reads in an error message.
    pub fn describe(&self) -> String {
        match self {
            Tok::Word {
                text,
                escaped: false,
            } => format!("'{text}'"),
            Tok::Word {
                text,
                escaped: true,
            } => format!("'[[{text}]]'"),
            Tok::Str(s) => format!("string '{s}'"),
            Tok::Num(n) => format!("number {n}"),
            Tok::Sym(s) => format!("'{}'", sym_text(*s)),
            Tok::Eof => "end of query".to_owned(),
        }
    }
}

fn sym_text(s: Sym) -> &'static str {
    match s {
        Sym::LParen => "(",
        Sym::RParen => ")",
        Sym::LBracket => "[",
        Sym::RBracket => "]",
        Sym::Comma => ",",
        Sym::Dot => ".",
        Sym::Star => "*",
        Sym::Eq => "=",
        Sym::Ne => "!=",
        Sym::Lt => "<",
        Sym::Gt => ">",
        Sym::Le => "<=",
        Sym::Ge => ">=",
        Sym::Plus => "+",
        Sym::Minus => "-",
        Sym::Slash => "/",
        Sym::Percent => "%",
        Sym::At => "@",
    }
}

fn is_word_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '$'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// Splits `text` into tokens, ending with [`Tok::Eof`].
pub(crate) fn tokenize(text: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let tok = if is_word_start(c) {
            while i < chars.len() && is_word_char(chars[i]) {
                i += 1;
            }
            Tok::Word {
                text: chars[start..i].iter().collect(),
                escaped: false,
            }
        } else if c.is_ascii_digit() {
            let (num, end) = lex_number(&chars, i)?;
            i = end;
            Tok::Num(num)
        } else if c == '\'' || c == '"' {
            let (s, end) = lex_string(&chars, i)?;
            i = end;
            Tok::Str(s)
        } else if c == '[' && chars.get(i + 1) == Some(&'[') {
            let (name, end) = lex_escaped_word(&chars, i)?;
            i = end;
            Tok::Word {
                text: name,
                escaped: true,
            }
        } else {
            let next = chars.get(i + 1).copied();
            let (sym, len) = match (c, next) {
                ('!', Some('=')) => (Sym::Ne, 2),
                ('<', Some('>')) => (Sym::Ne, 2),
                ('<', Some('=')) => (Sym::Le, 2),
                ('>', Some('=')) => (Sym::Ge, 2),
                ('(', _) => (Sym::LParen, 1),
                (')', _) => (Sym::RParen, 1),
                ('[', _) => (Sym::LBracket, 1),
                (']', _) => (Sym::RBracket, 1),
                (',', _) => (Sym::Comma, 1),
                ('.', _) => (Sym::Dot, 1),
                ('*', _) => (Sym::Star, 1),
                ('=', _) => (Sym::Eq, 1),
                ('<', _) => (Sym::Lt, 1),
                ('>', _) => (Sym::Gt, 1),
                ('+', _) => (Sym::Plus, 1),
                ('-', _) => (Sym::Minus, 1),
                ('/', _) => (Sym::Slash, 1),
                ('%', _) => (Sym::Percent, 1),
                ('@', _) => (Sym::At, 1),
                _ => {
                    return Err(QueryError::at(start, format!("unexpected character '{c}'")));
                }
            };
            i += len;
            Tok::Sym(sym)
        };
        out.push(Token { tok, pos: start });
    }
    out.push(Token {
        tok: Tok::Eof,
        pos: chars.len(),
    });
    Ok(out)
}

/// `digits [. digits] [e [+-] digits]`; integers that fit stay integers.
fn lex_number(chars: &[char], start: usize) -> Result<(Number, usize), QueryError> {
    let mut i = start;
    let digits = |i: &mut usize| {
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
    };
    digits(&mut i);
    let mut is_float = false;
    if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
        is_float = true;
        i += 1;
        digits(&mut i);
    }
    if matches!(chars.get(i), Some('e' | 'E')) {
        let mut j = i + 1;
        if matches!(chars.get(j), Some('+' | '-')) {
            j += 1;
        }
        if chars.get(j).is_some_and(char::is_ascii_digit) {
            is_float = true;
            i = j;
            digits(&mut i);
        }
    }
    if chars.get(i).is_some_and(|c| is_word_char(*c)) {
        return Err(QueryError::at(start, "malformed number"));
    }
    let text: String = chars[start..i].iter().collect();
    let num = if is_float {
        None
    } else {
        text.parse::<u64>().ok().map(Number::from)
    };
    let num = match num {
        Some(n) => n,
        None => text
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .ok_or_else(|| QueryError::at(start, format!("number {text} is out of range")))?,
    };
    Ok((num, i))
}

/// A string in `'` or `"` quotes with JSON-style backslash escapes (`'D\'Souza'`).
fn lex_string(chars: &[char], start: usize) -> Result<(String, usize), QueryError> {
    let quote = chars[start];
    let mut out = String::new();
    let mut i = start + 1;
    loop {
        let Some(&c) = chars.get(i) else {
            return Err(QueryError::at(start, "unterminated string literal"));
        };
        i += 1;
        if c == quote {
            return Ok((out, i));
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(&e) = chars.get(i) else {
            return Err(QueryError::at(start, "unterminated string literal"));
        };
        i += 1;
        match e {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'u' => {
                let hex: String = chars.get(i..i + 4).unwrap_or_default().iter().collect();
                let ch = u32::from_str_radix(&hex, 16)
                    .ok()
                    .filter(|_| hex.len() == 4)
                    .and_then(char::from_u32)
                    .ok_or_else(|| QueryError::at(i - 2, "invalid \\u escape in string literal"))?;
                out.push(ch);
                i += 4;
            }
            other => out.push(other),
        }
    }
}

/// `[[name]]`: an identifier that may be a reserved keyword or start with a digit.
fn lex_escaped_word(chars: &[char], start: usize) -> Result<(String, usize), QueryError> {
    let mut i = start + 2;
    let mut name = String::new();
    while i < chars.len() {
        if chars[i] == ']' && chars.get(i + 1) == Some(&']') {
            if name.is_empty() {
                return Err(QueryError::at(start, "empty [[ ]] identifier"));
            }
            return Ok((name, i + 2));
        }
        name.push(chars[i]);
        i += 1;
    }
    Err(QueryError::at(
        start,
        "unterminated [[ identifier (missing ]])",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Tok> {
        tokenize(text)
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    #[test]
    fn words_symbols_and_eof() {
        assert_eq!(
            toks("T.$dtId<>'a'"),
            vec![
                Tok::Word {
                    text: "T".into(),
                    escaped: false
                },
                Tok::Sym(Sym::Dot),
                Tok::Word {
                    text: "$dtId".into(),
                    escaped: false
                },
                Tok::Sym(Sym::Ne),
                Tok::Str("a".into()),
                Tok::Eof,
            ]
        );
        assert_eq!(toks("<= >= != < >")[..5].len(), 5);
        assert_eq!(toks("!=")[0], Tok::Sym(Sym::Ne));
    }

    #[test]
    fn numbers_keep_integers_exact() {
        assert_eq!(toks("42")[0], Tok::Num(Number::from(42u64)));
        assert_eq!(
            toks("2.5")[0],
            Tok::Num(Number::from_f64(2.5).unwrap_or(0u64.into()))
        );
        assert_eq!(
            toks("1e3")[0],
            Tok::Num(Number::from_f64(1000.0).unwrap_or(0u64.into()))
        );
        assert!(tokenize("12abc").is_err());
    }

    #[test]
    fn strings_in_either_quote_with_escapes() {
        assert_eq!(toks(r#""a'b""#)[0], Tok::Str("a'b".into()));
        assert_eq!(toks(r"'D\'Souza'")[0], Tok::Str("D'Souza".into()));
        assert_eq!(toks(r"'\u0041\n'")[0], Tok::Str("A\n".into()));
        let err = tokenize("'open").err().map(|e| e.message);
        assert_eq!(
            err.as_deref(),
            Some("unterminated string literal at character 1")
        );
    }

    #[test]
    fn escaped_identifiers() {
        assert_eq!(
            toks("[[Group]]")[0],
            Tok::Word {
                text: "Group".into(),
                escaped: true
            }
        );
        assert!(tokenize("[[Group").is_err());
        assert!(tokenize("[[]]").is_err());
    }

    #[test]
    fn rejects_unknown_characters() {
        let err = tokenize("a ; b").err().map(|e| e.message);
        assert_eq!(
            err.as_deref(),
            Some("unexpected character ';' at character 3")
        );
    }
}
