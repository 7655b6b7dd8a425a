//! A live block of lines on stderr, redrawn in place on a terminal (status lines, the lifecycle
//! view in a tmux pane); it follows the terminal's size, so it resizes with the pane.
use console::Term;

/// Redraws a block of lines in place.
pub struct LiveBlock {
    term: Term,
    drawn: usize,
}

impl Default for LiveBlock {
    fn default() -> Self {
        Self::new()
    }
}

impl LiveBlock {
    pub fn new() -> Self {
        Self {
            term: Term::stderr(),
            drawn: 0,
        }
    }

    /// Terminal (rows, columns), or a default when unknown.
    pub fn size(&self) -> (usize, usize) {
        let (r, c) = self.term.size();
        (r.max(5) as usize, c.max(20) as usize)
    }

    /// Replace the block with `lines` (each cut to the terminal width).
    pub fn draw(&mut self, lines: &[String]) {
        let (_, cols) = self.size();
        let _ = self.term.clear_last_lines(self.drawn);
        for l in lines {
            let cut: String = l.chars().take(cols.saturating_sub(1)).collect();
            let _ = self.term.write_line(&cut);
        }
        self.drawn = lines.len();
    }

    /// Leave the last drawing on screen and stop redrawing over it.
    pub fn finish(&mut self) {
        self.drawn = 0;
    }
}
