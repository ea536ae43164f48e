//! Japanese text laid out for a terminal: display widths (a kanji is two columns), and line
//! breaking where Japanese allows it (UAX #14: between kanji, never before 」、。), and never
//! inside a figure with its unit (`5,992人`, `95.8%`) or a Latin word.

use unicode_width::UnicodeWidthStr;

/// The width to lay out for: the terminal's, `$COLUMNS`, or 80 when written to a file.
pub fn terminal_width() -> usize {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok());
    let from_tty = comfy_table::Table::new().width().map(usize::from);
    from_tty.or(from_env).unwrap_or(80).clamp(40, 400)
}

/// Columns `s` takes on a terminal.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` padded with spaces to `w` columns, on the left when `right` (figures).
pub fn pad(s: &str, w: usize, right: bool) -> String {
    let gap = " ".repeat(w.saturating_sub(width(s)));
    if right {
        format!("{gap}{s}")
    } else {
        format!("{s}{gap}")
    }
}

/// Lines of at most `max` columns. Breaks only where line breaking allows, keeping a figure
/// and its unit together; a piece wider than a whole line is cut by characters.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(2);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for piece in pieces(paragraph) {
            if width(&line) + width(piece.trim_end()) > max && !line.trim().is_empty() {
                lines.push(line.trim_end().to_owned());
                line = String::new();
            }
            let piece = if line.is_empty() {
                piece.trim_start()
            } else {
                piece
            };
            if width(piece.trim_end()) > max {
                // a single piece too wide for any line: cut it
                for c in piece.chars() {
                    let mut buf = [0; 4];
                    let cw = width(c.encode_utf8(&mut buf));
                    if width(&line) + cw > max && !line.is_empty() {
                        lines.push(line.trim_end().to_owned());
                        line = String::new();
                    }
                    line.push(c);
                }
            } else {
                line.push_str(piece);
            }
        }
        lines.push(line.trim_end().to_owned());
    }
    lines
}

/// The text cut at every break opportunity, except between a figure and the word after it
/// (23回, 5,992人) and inside a run of Latin letters, digits and signs.
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, _) in unicode_linebreak::linebreaks(text) {
        if at == 0 || at >= text.len() {
            continue;
        }
        let before = text[..at].chars().next_back();
        let after = text[at..].chars().next();
        let keeps_unit = matches!(before, Some(c) if c.is_ascii_digit() || c == '%')
            && matches!(after, Some(c) if !c.is_whitespace() && !c.is_ascii_punctuation());
        // a run of Latin text breaks only at its spaces: --polarity=21, [blank-actual], a URL
        let ascii_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_graphic());
        if keeps_unit || (ascii_word(before) && ascii_word(after)) {
            continue;
        }
        out.push(&text[start..at]);
        start = at;
    }
    out.push(&text[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fit_and_keep_figures_whole() {
        let text = "実績 5,992人 / 目標 5,000人 = 119.8% → A 達成 (目標は令和6年度の計画最終目標)";
        for max in [12, 20, 33, 50] {
            let lines = wrap(text, max);
            assert!(lines.iter().all(|l| width(l) <= max), "{max}: {lines:?}");
            let joined: String = lines.concat();
            for token in ["5,992人", "5,000人", "119.8%", "令和6年度"] {
                assert!(joined.contains(token), "{max}: {lines:?}");
            }
            for l in &lines {
                assert!(
                    !l.starts_with(['人', '%', ')', '、', '。']),
                    "{max}: {lines:?}"
                );
            }
        }
    }

    #[test]
    fn japanese_breaks_between_characters_but_not_before_closing_marks() {
        let lines = wrap(
            "子育てしやすいまちだと思える市民の割合(まちづくり達成度アンケート)",
            10,
        );
        assert!(lines.iter().all(|l| width(l) <= 10), "{lines:?}");
        assert!(lines.iter().all(|l| !l.starts_with(')')), "{lines:?}");
        assert_eq!(
            lines.concat(),
            "子育てしやすいまちだと思える市民の割合(まちづくり達成度アンケート)"
        );
    }

    #[test]
    fn padding_counts_wide_characters_twice() {
        assert_eq!(pad("達成", 6, false), "達成  ");
        assert_eq!(pad("95%", 6, true), "   95%");
        assert_eq!(width("B 概ね達成"), 10);
    }
}
