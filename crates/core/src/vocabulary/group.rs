//! The words that name a part of the population one measure is split into: sex (男性, 女子),
//! age (20歳代, 40〜74歳, 65歳以上), school years (小学生, 中学2年生) and stages of life
//! (乳幼児, 妊婦, 高齢者). A row named by such words alone measures a group of an indicator
//! named elsewhere, never an indicator of its own.

use crate::text::compact;

/// Words that each name a group on their own; where one begins another, the longest is taken.
const WORDS: &[&str] = &[
    "男女計",
    "男女",
    "男性",
    "女性",
    "男子",
    "女子",
    "男",
    "女",
    "計",
    "総数",
    "全体",
    "全年齢",
    "就学前児童",
    "未就学児",
    "乳幼児",
    "乳児",
    "幼児",
    "児童",
    "生徒",
    "学生",
    "小学生",
    "中学生",
    "高校生",
    "大学生",
    "高等学校",
    "小学校",
    "中学校",
    "幼稚園",
    "保育所",
    "妊産婦",
    "妊婦",
    "産婦",
    "成人",
    "高齢者",
    "若者",
    "青年",
    "壮年",
    "中年",
    "子ども",
    "乳幼児期",
    "学童期",
    "思春期",
    "青年期",
    "壮年期",
    "中年期",
    "高齢期",
    "妊娠期",
    "若年層",
    "働き世代",
];

/// Separators between the words of one group (`20歳代 男性`, `男性・女性`, `中学生(女子)`).
fn is_separator(c: char) -> bool {
    matches!(
        c,
        '・' | '/' | '、' | ',' | '(' | ')' | '[' | ']' | '「' | '」' | '〔' | '〕' | 'の' | '-'
    )
}

/// True when `text` names only a group: sex, age, school year or stage of life, alone or
/// together (`40歳代男性`, `小学5年生`, `1歳6か月児`), and nothing else.
pub fn is_group_label(text: &str) -> bool {
    let t = compact(text);
    let t = t.trim_start_matches(['・', '-', '‐', '○', '◯', '·']);
    if t.is_empty() || t.chars().count() > 20 {
        return false;
    }
    let mut rest = t;
    let mut words = 0;
    while !rest.is_empty() {
        if let Some(c) = rest.chars().next().filter(|&c| is_separator(c)) {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let Some(n) = group_word(rest) else {
            return false;
        };
        rest = &rest[n..];
        words += 1;
    }
    words > 0
}

/// The length in bytes of the group word `s` begins with.
fn group_word(s: &str) -> Option<usize> {
    if let Some(n) = age(s).or_else(|| school_year(s)) {
        return Some(n);
    }
    WORDS
        .iter()
        .filter(|w| s.starts_with(*w))
        .map(|w| w.len())
        .max()
}

/// An age or an age band: `20歳代`, `20〜64歳`, `65歳以上`, `75歳未満`, `3歳児`, `1歳6か月児`,
/// `40-74歳`, `20代`.
fn age(s: &str) -> Option<usize> {
    let mut n = digits(s)?;
    let rest = &s[n..];
    let band = ["〜", "~", "-", "～", "−"];
    if let Some(sep) = band.iter().find(|b| rest.starts_with(*b)) {
        let after = &rest[sep.len()..];
        let m = digits(after)?;
        n += sep.len() + m;
    }
    let rest = &s[n..];
    let unit = ["歳代", "歳", "代"].iter().find(|u| rest.starts_with(*u))?;
    n += unit.len();
    if *unit == "歳" {
        // 1歳6か月児
        let rest = &s[n..];
        if let Some(m) = digits(rest) {
            let months = ["か月", "ヶ月", "ヵ月", "カ月", "ケ月"];
            if let Some(mo) = months.iter().find(|w| rest[m..].starts_with(*w)) {
                n += m + mo.len();
            }
        }
    }
    let rest = &s[n..];
    for tail in ["以上", "以下", "未満", "児"] {
        if rest.starts_with(tail) {
            n += tail.len();
            break;
        }
    }
    Some(n)
}

/// A school year: `小学5年生`, `中学2年`, `中2`, `高校3年生`.
fn school_year(s: &str) -> Option<usize> {
    let stage = ["小学校", "中学校", "小学", "中学", "高校", "小", "中", "高"]
        .iter()
        .find(|w| s.starts_with(*w))?;
    let mut n = stage.len();
    n += digits(&s[n..])?;
    for tail in ["年生", "年"] {
        if s[n..].starts_with(tail) {
            n += tail.len();
            break;
        }
    }
    Some(n)
}

/// The length in bytes of the ASCII digits `s` begins with, if any.
fn digits(s: &str) -> Option<usize> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    (n > 0).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_of_a_population_are_told_from_names_of_measures() {
        for group in [
            "男性",
            "　女性",
            "男女計",
            "20歳代 男性",
            "40～74歳",
            "65歳以上",
            "3歳児",
            "1歳6か月児",
            "小学5年生",
            "20歳",
            "男",
            "計",
            "中学2年 女子",
            "中2",
            "高校生",
            "就学前児童",
            "乳幼児期",
            "20代",
            "成人男性",
            "・女性",
            "妊婦",
        ] {
            assert!(is_group_label(group), "{group}");
        }
        for name in [
            "健康寿命の延伸",
            "肥満者の割合",
            "男性の育児休業取得率",
            "小学校の数",
            "子どもの数",
            "中学生の朝食欠食率",
            "計画策定",
            "",
            "5",
            "市民",
            "R6",
        ] {
            assert!(!is_group_label(name), "{name}");
        }
    }
}
