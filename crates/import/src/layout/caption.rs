//! The line above a small table that names the one indicator the table measures
//! (`成果目標 県内のグループホームサービスの利用人数(人)`, `数値目標① 婚姻率`): such a table's
//! heading names only what its columns hold (年度 | 目標値 | 実績値), never the indicator.

use crate::grid::Grid;
use crate::header;
use shinchoku_core::Unit;
use shinchoku_core::text::normalize;

/// Words that introduce an indicator's name on its caption line, longest first where one
/// begins another.
const LABELS: [&str; 10] = [
    "重要業績評価指標",
    "成果目標",
    "成果指標",
    "数値目標",
    "評価指標",
    "目標指標",
    "活動指標",
    "指標名",
    "指標",
    "KPI",
];

/// The indicator a caption names, and where.
#[derive(Debug, Clone)]
pub(crate) struct Caption {
    pub row: usize,
    pub col: usize,
    pub name: String,
    pub unit: Option<Unit>,
}

/// The caption of the table headed on row `heading`: among the lines alone on their rows right
/// above it (none before row `after`, where the table above ended), the nearest that a label
/// word introduces (`成果目標 …`), else the nearest that is not a sentence or a note.
pub(crate) fn caption_above(grid: &Grid, heading: usize, after: usize) -> Option<Caption> {
    let mut lines: Vec<(usize, usize, &str)> = Vec::new();
    let mut blanks = 0;
    for i in (after..heading).rev() {
        let row = &grid.rows[i];
        if row.is_blank() {
            blanks += 1;
            if blanks > 1 {
                break;
            }
            continue;
        }
        let mut filled = row.filled();
        let (Some((c, text)), None) = (filled.next(), filled.next()) else {
            break;
        };
        lines.push((i, c, text.trim()));
        if lines.len() == 4 {
            break;
        }
    }
    let labelled = lines
        .iter()
        .find_map(|&(i, c, t)| after_label(t).map(|name| (i, c, name)));
    let (row, col, text) = labelled.or_else(|| {
        lines
            .iter()
            .find(|(_, _, t)| !is_sentence(t))
            .map(|&(i, c, t)| (i, c, t.to_owned()))
    })?;
    let (name, unit) = header::name_and_unit(&text);
    let name = name
        .strip_suffix("(再掲)")
        .map_or(name.as_str(), str::trim_end)
        .to_owned();
    (!name.is_empty()).then_some(Caption {
        row,
        col,
        name,
        unit,
    })
}

/// The name after a label word and its number (`数値目標① 婚姻率` → `婚姻率`); `None` when the
/// line does not begin with a label word or nothing follows it.
fn after_label(text: &str) -> Option<String> {
    let t = normalize(text);
    let label = LABELS.iter().find(|l| t.starts_with(*l))?;
    let rest = t[label.len()..].trim_start_matches(|c: char| {
        c.is_ascii_digit()
            || c.is_whitespace()
            || matches!(c, ':' | '.' | '(' | ')' | '-' | '、')
            || ('①'..='⑳').contains(&c)
    });
    (!rest.is_empty()).then(|| rest.trim().to_owned())
}

/// A sentence, a note or a line describing the table rather than naming its measure.
fn is_sentence(text: &str) -> bool {
    let text = normalize(text);
    text.contains('。')
        || text.starts_with(['※', '*', '注', '('])
        || text.ends_with("記載")
        || text.chars().count() > 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_word_introduces_the_name() {
        assert_eq!(after_label("数値目標① 婚姻率").as_deref(), Some("婚姻率"));
        assert_eq!(
            after_label("成果目標 県内の利用人数(再掲)(人)").as_deref(),
            Some("県内の利用人数(再掲)(人)")
        );
        assert_eq!(after_label("指標1"), None);
        assert_eq!(after_label("把握すべき状況 整備"), None);
    }
}
