//! The goal tree as sheets write it: headings numbered 基本目標1, プロジェクト2, (1), ①, 第1章 …
//! A heading of a kind already open closes that level and opens a sibling; a new kind opens a
//! child. Depth is whatever the sheet uses.

use shinchoku_core::ids::GoalId;
use shinchoku_core::text::normalize;
use shinchoku_core::{Location, PlanBuilder};

/// The numbering style of a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Marker {
    /// 基本目標1, 基本方針2, 目標3
    Basic,
    /// 第1章, 第2節
    Chapter,
    /// プロジェクト1, 重点プロジェクト2
    Project,
    /// (1)
    Paren,
    /// ①
    Circled,
    /// 1. or 1、
    Numbered,
    /// 一、
    Kanji,
    /// 【…】
    Bracket,
    /// A heading with no number, in a goal column.
    Plain,
    /// A heading in the n-th column of a sheet with several goal columns (基本目標 | 施策):
    /// its level is its column.
    Column(u16),
}

fn starts_with_number(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
}

/// An item number: digits, perhaps in brackets, joined by `-` / `.` or after a short word
/// (`(1)`, `①`, `1-3`, `指標2`, `No.3`).
pub(crate) fn is_item_number(t: &str) -> bool {
    let t = shinchoku_core::text::normalize(t);
    let t = t.trim();
    let word = t
        .char_indices()
        .find(|(_, c)| c.is_ascii_digit())
        .map_or(0, |(i, _)| i);
    let t = if (1..=3).contains(&t[..word].chars().count())
        && !t[..word].contains(['(', '[', '【', '〔'])
    {
        &t[word..]
    } else {
        t
    };
    let inner = t
        .trim_start_matches(['(', '[', '【', '〔'])
        .trim_end_matches([')', ']', '】', '〕', '.', '、']);
    inner.chars().count() <= 6
        && inner.starts_with(|c: char| c.is_ascii_digit())
        && inner
            .chars()
            .all(|c| c.is_ascii_digit() || "-.・".contains(c))
}

/// The text after a bullet (`・ 訪問市町数`, `○特定健康診査実施率`), or `None` when it starts
/// with none.
pub fn without_bullet(text: &str) -> Option<&str> {
    text.trim_start()
        .strip_prefix(['・', '○', '◯', '●', '◎', '◆', '◇', '■', '□', '-', '‐'])
        .map(str::trim)
}

/// The numbering style of `text`, if it reads as a numbered heading.
pub fn marker_of(text: &str) -> Option<Marker> {
    let raw = text.trim_start();
    // ① is normalised to 1 by NFKC, so look at it first
    if raw.starts_with(|c: char| {
        ('\u{2460}'..='\u{2473}').contains(&c) || ('\u{3251}'..='\u{325F}').contains(&c)
    }) {
        return Some(Marker::Circled);
    }
    let t = normalize(raw);
    let t = t.as_ref();
    for (word, marker) in [
        ("基本目標", Marker::Basic),
        ("基本方針", Marker::Basic),
        ("基本施策", Marker::Basic),
        ("施策目標", Marker::Basic),
        ("重点プロジェクト", Marker::Project),
        ("プロジェクト", Marker::Project),
        ("目標", Marker::Basic),
    ] {
        if let Some(r) = t.strip_prefix(word)
            && starts_with_number(r.trim_start())
        {
            return Some(marker);
        }
    }
    if let Some(r) = t.strip_prefix('第')
        && starts_with_number(r)
        && r.trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
            .starts_with(['章', '節', '部', '編'])
    {
        return Some(Marker::Chapter);
    }
    if let Some(r) = t.strip_prefix('(') {
        let n = r.bytes().take_while(u8::is_ascii_digit).count();
        if n > 0 && r[n..].starts_with(')') {
            return Some(Marker::Paren);
        }
    }
    if t.starts_with('【') && t.contains('】') {
        return Some(Marker::Bracket);
    }
    let n = t.bytes().take_while(u8::is_ascii_digit).count();
    if n > 0
        && n <= 2
        && t[n..].starts_with(['.', '、', ' '])
        && t[n + 1..]
            .trim_start()
            .chars()
            .next()
            .is_some_and(|c| !c.is_ascii_digit())
    {
        return Some(Marker::Numbered);
    }
    if t.starts_with(|c: char| "一二三四五六七八九十".contains(c)) && t.chars().nth(1) == Some('、')
    {
        return Some(Marker::Kanji);
    }
    None
}

/// The open headings, outermost first, under an optional root.
#[derive(Debug, Default)]
pub struct Outline {
    root: Option<GoalId>,
    stack: Vec<(Marker, GoalId)>,
}

impl Outline {
    /// An outline whose top headings sit under `root`.
    pub fn under(root: Option<GoalId>) -> Outline {
        Outline {
            root,
            stack: Vec::new(),
        }
    }

    /// Adds a heading of style `marker` and makes it the current goal.
    pub fn enter(
        &mut self,
        plan: &mut PlanBuilder,
        marker: Marker,
        title: &str,
        location: Option<Location>,
    ) -> GoalId {
        let closes = |m: &Marker| match (marker, m) {
            // a column closes the headings of its own column and those to its right
            (Marker::Column(k), Marker::Column(j)) => *j >= k,
            _ => *m == marker,
        };
        if let Some(p) = self.stack.iter().position(|(m, _)| closes(m)) {
            self.stack.truncate(p);
        }
        let parent = self.stack.last().map(|(_, g)| *g).or(self.root);
        let id = plan.add_goal(parent, title.trim(), location);
        self.stack.push((marker, id));
        id
    }

    pub fn current(&self) -> Option<GoalId> {
        self.stack.last().map(|(_, g)| *g).or(self.root)
    }

    pub fn is_empty(&self) -> bool {
        self.stack.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_recognised() {
        assert_eq!(
            marker_of("基本目標1 子育てを支援する地域づくり"),
            Some(Marker::Basic)
        );
        assert_eq!(
            marker_of("プロジェクト1:情報発信プロジェクト"),
            Some(Marker::Project)
        );
        assert_eq!(
            marker_of("(1)情報提供・相談体制の充実"),
            Some(Marker::Paren)
        );
        assert_eq!(marker_of("（２）地域における"), Some(Marker::Paren));
        assert_eq!(
            marker_of("①広報誌に子ども・子育て支援ページを設け"),
            Some(Marker::Circled)
        );
        assert_eq!(marker_of("第3章 施策の展開"), Some(Marker::Chapter));
        assert_eq!(marker_of("1. 子育て支援"), Some(Marker::Numbered));
        assert_eq!(marker_of("一、子育て支援"), Some(Marker::Kanji));
        assert_eq!(marker_of("子育てガイドブックの発行"), None);
        assert_eq!(marker_of("2,068"), None);
        assert_eq!(marker_of("1 2"), None);
        assert_eq!(marker_of("目標値"), None);
    }

    #[test]
    fn a_known_kind_closes_its_level() {
        let mut plan = PlanBuilder::new();
        let mut o = Outline::default();
        let b1 = o.enter(&mut plan, Marker::Basic, "基本目標1", None);
        let p1 = o.enter(&mut plan, Marker::Paren, "(1)", None);
        let p2 = o.enter(&mut plan, Marker::Paren, "(2)", None);
        let b2 = o.enter(&mut plan, Marker::Basic, "基本目標2", None);
        let plan = plan.finish();
        assert_eq!(plan.goal(p1).parent, Some(b1));
        assert_eq!(plan.goal(p2).parent, Some(b1));
        assert_eq!(plan.goal(b2).parent, None);
        assert_eq!(o.current(), Some(b2));
    }
}
