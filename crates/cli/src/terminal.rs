//! Text from a sheet or an argument on its way to a terminal: control characters are shown as
//! escapes, never sent raw (an ESC from a cell could recolour, retitle or clear the terminal),
//! and a cell of a megabyte is shortened before a table lays it out.

use std::borrow::Cow;
use std::io::{self, Write};

/// True for what a terminal would act on rather than show: C0 controls but the line feed and
/// the tab, DEL, C1 controls, and the bidirectional overrides that reorder what is shown.
fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every control character written as an escape (`\u{1b}`).
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_control(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` cut to `max` characters with a note of its length: a table cell is read, not studied,
/// and laying out a megabyte without spaces takes a table writer minutes.
pub fn shortened(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some((at, _)) => Cow::Owned(format!("{}…(全{}文字)", &s[..at], s.chars().count())),
    }
}

/// A writer that escapes the ASCII controls passing through it (all but line feed, tab and
/// carriage return): every human-readable output goes through one.
#[derive(Debug)]
pub struct Visible<W: Write>(pub W);

impl<W: Write> Write for Visible<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        for (i, b) in buf.iter().enumerate() {
            // ASCII bytes never occur inside a UTF-8 sequence: a byte is a character here
            if (*b < 0x20 && !matches!(b, b'\n' | b'\t' | b'\r')) || *b == 0x7F {
                self.0.write_all(&buf[start..i])?;
                write!(self.0, "\\u{{{b:x}}}")?;
                start = i + 1;
            }
        }
        self.0.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_sent() {
        assert_eq!(visible("保育所\u{1b}[2J数"), "保育所\\u{1b}[2J数");
        assert_eq!(visible("a\u{202E}b\u{85}"), "a\\u{202e}b\\u{85}");
        assert!(matches!(visible("改行\nと\tタブ"), Cow::Borrowed(_)));
        let mut out = Visible(Vec::new());
        out.write_all("x\u{7}y\u{1b}]0;title\u{7}\n".as_bytes())
            .expect("written");
        assert_eq!(
            String::from_utf8(out.0).expect("utf-8"),
            "x\\u{7}y\\u{1b}]0;title\\u{7}\n"
        );
    }

    #[test]
    fn long_text_is_shortened_by_characters() {
        assert_eq!(shortened("指標名", 5), "指標名");
        assert_eq!(shortened("あいうえおか", 5), "あいうえお…(全6文字)");
    }
}
