//! Text normalisation shared by every reader: NFKC (full-width digits and letters become
//! ASCII, `％` becomes `%`) with a zero-copy fast path, because most cells are plain ASCII.

use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// NFKC-normalises `s` and trims it (including the ideographic space U+3000, which NFKC
/// turns into an ASCII space). Borrows when nothing changes.
pub fn normalize(s: &str) -> Cow<'_, str> {
    let trimmed = s.trim();
    if trimmed.is_ascii() || is_nfkc_quick(trimmed.chars()) == IsNormalized::Yes {
        return Cow::Borrowed(trimmed);
    }
    let n: String = trimmed.nfkc().collect();
    let t = n.trim();
    if t.len() == n.len() {
        Cow::Owned(n)
    } else {
        Cow::Owned(t.to_owned())
    }
}

/// Normalises and removes every whitespace character: for matching labels such as
/// `目標値 (目指す方向)` or `令 和 2 年 度`, where extraction scatters spaces.
pub fn compact(s: &str) -> String {
    normalize(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// True for characters written in kanji (CJK unified ideographs and the iteration mark).
pub fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' | '〆' | 'ヶ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_become_ascii() {
        assert_eq!(normalize("　５，０７０人 "), "5,070人");
        assert_eq!(normalize("令和２年度"), "令和2年度");
        assert_eq!(normalize("１００％"), "100%");
    }

    #[test]
    fn ascii_is_borrowed() {
        assert!(matches!(normalize("  2,068 "), Cow::Borrowed("2,068")));
    }

    #[test]
    fn compact_removes_inner_spaces() {
        assert_eq!(compact("目標値 (目指す方向)"), "目標値(目指す方向)");
        assert_eq!(compact("令 和 ２ 年 度"), "令和2年度");
    }
}
