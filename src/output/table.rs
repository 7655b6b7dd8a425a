//! Tables for people: box lines on a terminal, plain aligned columns elsewhere.
use comfy_table::{ContentArrangement, Table, presets};

/// A table with the given header, styled for where stdout goes.
pub fn new_table(header: &[&str], tty: bool) -> Table {
    let mut t = Table::new();
    if tty {
        t.load_preset(presets::UTF8_HORIZONTAL_ONLY);
        t.set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        t.load_preset(presets::NOTHING);
        t.set_content_arrangement(ContentArrangement::Disabled);
    }
    t.set_header(header.iter().map(|h| h.to_string()));
    // comfy-table pads with one space either side; NOTHING keeps columns aligned.
    t
}

/// Escape control characters in remote strings before they reach a terminal.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn sanitize_escapes_control_characters() {
        assert_eq!(super::sanitize("a\x1b[31mb\n"), "a\\u{1b}[31mb\\n");
        assert_eq!(super::sanitize("plain é"), "plain é");
    }
}
