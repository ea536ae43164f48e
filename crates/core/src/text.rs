//! Text normalisation shared by every reader: NFKC (full-width digits and letters become
//! ASCII, `％` becomes `%`) with a zero-copy fast path, because most cells are plain ASCII.

use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// NFKC-normalises `s` and trims it (including the ideographic space U+3000, which NFKC
/// turns into an ASCII space). Borrows when nothing changes.
pub fn normalize(s: &str) -> Cow<'_, str> {
    let trimmed = s.trim();
    if trimmed.chars().all(is_nfkc_stable) || is_nfkc_quick(trimmed.chars()) == IsNormalized::Yes {
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

/// NFKC without trimming: offsets into text that is already normalised stay valid.
pub fn nfkc(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_nfkc_stable) || is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfkc().collect())
    }
}

/// Characters that NFKC leaves alone and that cannot combine with a neighbour: the ones
/// Japanese sheets are made of. Checking them is much cheaper than the general quick check.
fn is_nfkc_stable(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{7F}'            // ASCII
        | '\u{3041}'..='\u{3096}'     // hiragana (not the spacing marks ゛゜)
        | '\u{30A1}'..='\u{30FA}'     // katakana
        | '\u{30FB}'..='\u{30FE}'     // ・ ー ヽ ヾ
        | '\u{4E00}'..='\u{9FFF}'     // CJK unified ideographs
        | '\u{3001}'..='\u{3002}'     // 、。
        | '\u{3005}'..='\u{3007}'     // 々〆〇
        | '\u{300C}'..='\u{3011}'     // 「」『』【】
        | '\u{2190}'..='\u{21FF}'     // arrows
        | '\u{2010}' | '\u{2013}'..='\u{2015}' | '\u{2018}'..='\u{201D}' | '\u{203B}' // ‐ – — ― ‘ ’ “ ” ※
        | '\u{2212}' | '\u{2500}'..='\u{257F}' | '\u{25A0}'..='\u{25FF}' // − box drawing, shapes △▲○◎
        | '\u{2605}'..='\u{2606}' | '\u{2610}'..='\u{2612}' // ★☆ ☐☑☒
    )
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
    use unicode_normalization::UnicodeNormalization;

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
    fn the_fast_path_agrees_with_nfkc() {
        for c in (0u32..0x10000)
            .filter_map(char::from_u32)
            .filter(|c| is_nfkc_stable(*c))
        {
            let s = c.to_string();
            let n: String = s.nfkc().collect();
            assert_eq!(n, s, "U+{:04X} is not NFKC-stable", c as u32);
        }
    }

    #[test]
    fn compact_removes_inner_spaces() {
        assert_eq!(compact("目標値 (目指す方向)"), "目標値(目指す方向)");
        assert_eq!(compact("令 和 ２ 年 度"), "令和2年度");
    }
}
