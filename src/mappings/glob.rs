//! Shell-style globs over device ids: `*` matches any run of characters (also none), `?`
//! exactly one; everything else matches itself, case-sensitively (device ids are).
//! Pure: no I/O.

/// A compiled glob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    pattern: Vec<char>,
    text: String,
}

impl Glob {
    /// Compile a pattern (every string is a valid pattern).
    pub fn new(pattern: &str) -> Self {
        Self {
            pattern: pattern.chars().collect(),
            text: pattern.to_string(),
        }
    }

    /// The pattern as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether `text` matches the whole pattern.
    pub fn matches(&self, text: &str) -> bool {
        let t: Vec<char> = text.chars().collect();
        let p = &self.pattern;
        let (mut pi, mut ti) = (0usize, 0usize);
        // Where the last `*` was and which text position it is currently standing in for.
        let mut star: Option<(usize, usize)> = None;
        while ti < t.len() {
            if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
                pi += 1;
                ti += 1;
            } else if pi < p.len() && p[pi] == '*' {
                star = Some((pi, ti));
                pi += 1;
            } else if let Some((sp, st)) = star {
                // Let the last `*` swallow one more character and retry.
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            } else {
                return false;
            }
        }
        p[pi..].iter().all(|c| *c == '*')
    }
}

#[cfg(test)]
mod tests {
    use super::Glob;

    #[test]
    fn star_and_question_mark() {
        let cases = [
            ("*", "", true),
            ("*", "anything", true),
            ("thermo-*", "thermo-1", true),
            ("thermo-*", "thermo-", true),
            ("thermo-*", "Thermo-1", false),
            ("t?-1", "t1-1", true),
            ("t?-1", "t-1", false),
            ("*-1?", "a-b-12", true),
            ("*-1?", "a-b-1", false),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
            ("exact", "exact", true),
            ("exact", "exactly", false),
            ("**x", "x", true),
            ("ü?", "üß", true),
        ];
        for (p, t, want) in cases {
            assert_eq!(Glob::new(p).matches(t), want, "{p:?} vs {t:?}");
        }
    }
}
