//! Recognising header cells by content: which cells are fiscal years, which name a year and a
//! series together, which carry a unit or a note mark. Shared by the layouts. The words
//! themselves (which column holds what, which cells label a row as 目標値 or 実績値) are core's
//! `vocabulary`, re-exported here.

use shinchoku_core::Series;
use shinchoku_core::Unit;
use shinchoku_core::era::Era;
use shinchoku_core::fiscal_year::{self, FiscalYear};
use shinchoku_core::text::{compact, normalize};
pub use shinchoku_core::vocabulary::{
    Role, ValueWord, label_of, role_of, row_label_of, value_word,
};

/// `相談件数(件)` → (`相談件数`, `件`): the unit a sheet without a 単位 column writes after the
/// name; a parenthesis that is not a unit (`(累計)`) stays in the name.
pub fn name_and_unit(text: &str) -> (String, Option<Unit>) {
    let t = normalize(text);
    if let Some(open) = t.rfind('(')
        && t.ends_with(')')
    {
        let inner = &t[open + 1..t.len() - 1];
        if Unit::is_known(inner) && open > 0 {
            return (t[..open].trim().to_owned(), Unit::new(inner));
        }
    }
    (text.trim().to_owned(), None)
}

/// The year a value column's heading, given as its parts from the top heading row down, dates
/// its figures to: a date in any part (`現状(平成22年2月)`, `平成28(現状値)`), else a bare
/// Western year, which counts only beside a word naming the figures (`2018(実績)`).
pub fn heading_year(parts: &[&str], era: Option<Era>) -> Option<FiscalYear> {
    parts
        .iter()
        .rev()
        .find_map(|t| fiscal_year::dated_in(t, era))
        .or_else(|| {
            let named = parts.iter().any(|t| value_word(t).is_some());
            named
                .then(|| {
                    parts
                        .iter()
                        .rev()
                        .find_map(|t| fiscal_year::bare_year_in(t))
                })
                .flatten()
        })
}

/// A name cell that carries its row's label at its end: `相談件数(目標)`, `利用者数【実績】`.
/// Returns the name before the label, a slice of `text`.
pub fn name_with_label(text: &str) -> Option<(&str, Series)> {
    let t = text.trim_end();
    let (open, close) = match t.chars().next_back()? {
        ')' => ('(', ')'),
        '）' => ('（', '）'),
        '】' => ('【', '】'),
        ']' => ('[', ']'),
        _ => return None,
    };
    let start = t.rfind(open)?;
    let inner = &t[start + open.len_utf8()..t.len() - close.len_utf8()];
    let series = row_label_of(inner)?;
    let name = t[..start].trim();
    (!name.is_empty()).then_some((name, series))
}

/// A header cell that names both a fiscal year and a series: `R2実績`, `令和2年度 目標値`,
/// `実績(R2)`, `2020年度実績値` — the columns of a sheet that gives each year's figure a column
/// of its own.
pub fn labelled_year(text: &str, era: Option<Era>) -> Option<(Series, FiscalYear)> {
    let raw = text.trim();
    if raw.is_empty() || raw.len() > 60 || !may_have_label_text(raw) {
        return None;
    }
    let t = compact(raw);
    let (year, at) = fiscal_year::find_in(&t, era)?;
    let rest: String = format!("{}{}", &t[..at.start], &t[at.end..])
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '[' | ']' | '【' | '】' | '・' | '_' | '-'))
        .collect();
    let rest = rest.strip_prefix("度").unwrap_or(&rest);
    row_label_of(rest).map(|series| (series, year))
}

/// Words every 目標値/実績値 label contains: a cheap filter before the labels are parsed.
const LABEL_WORDS: [&str; 3] = ["目標", "実績", "計画"];

fn may_have_label_text(t: &str) -> bool {
    LABEL_WORDS.iter().any(|w| t.contains(w))
}

/// True when a row may hold a 目標値/実績値 label: a filter over the whole row, before
/// [`label_of`] looks at its cells.
pub fn may_have_label(row: &crate::grid::Row) -> bool {
    LABEL_WORDS.iter().any(|w| row.mentions(w))
}

/// True when the cell carries a note mark (`※実績値`).
pub fn has_note_mark(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('※') || t.ends_with('※')
}

/// The fiscal year a header cell names: the whole cell (`H30`, `令和2年度`), or a short cell
/// that contains one (`R2実績`).
pub fn year_of(text: &str, era: Option<Era>) -> Option<FiscalYear> {
    if !may_be_year(text.trim()) {
        return None;
    }
    let t = compact(text);
    if t.is_empty() {
        return None;
    }
    if let Ok(y) = FiscalYear::parse_in_era(&t, era) {
        // a bare four-digit number is a year only in a header of years; callers check the row
        return Some(y);
    }
    // a year with a short label (`R2実績`, `H30(見込)`): the rest is a word, not another figure
    if t.chars().count() <= 20
        && let Some((y, at)) = fiscal_year::find_in(&t, era)
    {
        let rest: String = format!("{}{}", &t[..at.start], &t[at.end..])
            .chars()
            .filter(|c| !matches!(c, '(' | ')' | '[' | ']' | '【' | '】'))
            .collect();
        if t.chars().count() <= 12
            && rest.chars().count() <= 4
            && !rest.chars().any(|c| c.is_ascii_digit())
        {
            return Some(y);
        }
        // the same year twice, in the era and the Western calendar: `平成23年度(2011年度)`
        if FiscalYear::parse_in_era(&rest, era).is_ok_and(|other| other == y) {
            return Some(y);
        }
    }
    None
}

/// A cheap test that rules out most cells (figures, words) before parsing: a year is four
/// digits, or starts with an era letter or FY, or names 年 or an era.
fn may_be_year(raw: &str) -> bool {
    if raw.is_empty() || raw.len() > 48 {
        return false;
    }
    if raw.is_ascii() {
        let b = raw.as_bytes();
        return (b.len() == 4 && b.iter().all(u8::is_ascii_digit))
            || matches!(
                b[0],
                b'M' | b'T' | b'S' | b'H' | b'R' | b'F' | b'f' | b'h' | b'r' | b'(' | b'['
            );
    }
    raw.starts_with(['M', 'T', 'S', 'H', 'R', 'F', 'h', 'r', '(', '['])
        || raw.chars().any(|c| {
            matches!(
                c,
                '年' | '治' | '正' | '和' | '成' | '\u{FF00}'..='\u{FFEF}'
            )
        })
}

/// The cells of a row that are fiscal years, left to right, when the row reads as a header
/// of years: at least two, in increasing order.
pub fn year_columns(row: &crate::grid::Row, era: Option<Era>) -> Option<Vec<(usize, FiscalYear)>> {
    let years: Vec<(usize, FiscalYear)> = row
        .filled()
        .filter_map(|(i, c)| year_of(c, era).map(|y| (i, y)))
        .collect();
    let increasing = years.windows(2).all(|w| w[0].1 < w[1].1);
    (years.len() >= 2 && increasing).then_some(years)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Row;

    #[test]
    fn value_words_name_the_figures_of_a_column() {
        use ValueWord::*;
        for (text, word) in [
            ("目標値", Some(Target)),
            ("平成27年\n目標値", Some(Target)),
            ("5ヵ年目標", Some(Target)),
            ("目安値", Some(Target)),
            ("計画数値", Some(Target)),
            ("指標値\n(目標年月)", Some(Target)),
            ("H27実績", Some(Actual)),
            ("現状\n(平成22年2月)", Some(Actual)),
            ("直近値", Some(Actual)),
            ("最終評価時", Some(Actual)),
            ("達成値", Some(Actual)),
            ("当初値", Some(Baseline)),
            ("基準値(H26)", Some(Baseline)),
            ("策定時", Some(Baseline)),
            ("計画時\n(H16)", Some(Baseline)),
            ("R5見込", Some(Forecast)),
            ("国(県)\n目標値", Some(Reference)),
            ("国の目標令和5年度", Some(Reference)),
            ("達成率", None),
            ("進捗区分", None),
            ("目標設定の考え方", None),
            ("評価", None),
            ("目標指標", None),
            ("指標値", None),
            ("子育て支援の実感度を高める目標を達成するための取組", None),
        ] {
            assert_eq!(value_word(text), word, "{text}");
        }
    }

    #[test]
    fn header_words_name_roles() {
        assert_eq!(role_of("基本目標・主要課題"), Some(Role::Goal));
        assert_eq!(role_of("カテゴリ"), Some(Role::Category));
        assert_eq!(role_of("番号"), Some(Role::Number));
        assert_eq!(role_of("事業名"), Some(Role::Project));
        assert_eq!(role_of("成果目標"), Some(Role::Outcome));
        assert_eq!(role_of("指標"), Some(Role::Indicator));
        assert_eq!(role_of("指標内容"), Some(Role::Indicator));
        assert_eq!(role_of("項目"), Some(Role::Indicator));
        assert_eq!(role_of("評価項目"), Some(Role::Indicator));
        assert_eq!(role_of("単位"), Some(Role::Unit));
        assert_eq!(role_of("担当課"), Some(Role::Department));
        assert_eq!(role_of("現状値(H30)"), Some(Role::Baseline));
        assert_eq!(role_of("H30"), None);
        assert_eq!(role_of("事業名称"), Some(Role::Project));
        assert_eq!(role_of("指標5の利用者数"), None);
        assert_eq!(role_of("子育てに関する指標"), None);
        assert_eq!(role_of(""), None);
    }

    #[test]
    fn cells_naming_a_year_and_a_series() {
        let r2 = FiscalYear::new(2020).expect("a year");
        for text in [
            "R2実績",
            "令和2年度 実績値",
            "実績(R2)",
            "2020年度実績",
            "【R2】実績値",
        ] {
            assert_eq!(
                labelled_year(text, None),
                Some((Series::Actual, r2)),
                "{text}"
            );
        }
        assert_eq!(
            labelled_year("目標値(R6)", None),
            Some((Series::Target, FiscalYear::new(2024).expect("a year")))
        );
        assert_eq!(labelled_year("R2計画値", None), Some((Series::Target, r2)));
        for text in [
            "R2",
            "実績値",
            "R2利用者数",
            "成果目標(R2)",
            "R2実績の説明をここに書く欄",
        ] {
            assert_eq!(labelled_year(text, None), None, "{text}");
        }
    }

    #[test]
    fn units_come_out_of_the_name_only_when_they_are_units() {
        assert_eq!(
            name_and_unit("相談件数(件)"),
            ("相談件数".to_owned(), Unit::new("件"))
        );
        assert_eq!(
            name_and_unit("利用者数(累計)"),
            ("利用者数(累計)".to_owned(), None)
        );
        assert_eq!(
            name_and_unit("満足度（％）"),
            ("満足度".to_owned(), Unit::new("%"))
        );
        assert_eq!(name_and_unit("(人)"), ("(人)".to_owned(), None));
    }

    #[test]
    fn a_label_at_the_end_of_a_name() {
        assert_eq!(
            name_with_label("相談件数(目標)"),
            Some(("相談件数", Series::Target))
        );
        assert_eq!(
            name_with_label("利用者数【実績】"),
            Some(("利用者数", Series::Actual))
        );
        assert_eq!(
            name_with_label("満足度（実績値）"),
            Some(("満足度", Series::Actual))
        );
        assert_eq!(name_with_label("相談件数(件)"), None);
        assert_eq!(name_with_label("(目標)"), None);
        assert_eq!(name_with_label("目標"), None);
    }

    #[test]
    fn row_labels_of_a_plan() {
        assert_eq!(row_label_of("計画"), Some(Series::Target));
        assert_eq!(row_label_of("計画(見込み)"), Some(Series::Target));
        assert_eq!(row_label_of("実績"), Some(Series::Actual));
        assert_eq!(row_label_of("計画期間"), None);
        assert_eq!(row_label_of("計画の推進"), None);
        // in a header, 計画 names the plan
        assert_eq!(label_of("計画"), None);
        assert_eq!(role_of("計画"), Some(Role::PlanName));
        assert_eq!(
            labelled_year("R2計画", None),
            Some((Series::Target, FiscalYear::new(2020).expect("a year")))
        );
    }

    #[test]
    fn row_labels() {
        assert_eq!(label_of("目標値 (目指す方向)"), Some(Series::Target));
        assert_eq!(label_of("目標値"), Some(Series::Target));
        assert_eq!(label_of("実績値"), Some(Series::Actual));
        assert_eq!(label_of("※実績値"), Some(Series::Actual));
        assert_eq!(label_of("実績"), Some(Series::Actual));
        assert_eq!(label_of("成果目標"), None);
        assert_eq!(label_of("数値目標(R6)"), Some(Series::Target));
        assert_eq!(label_of("最終目標値"), Some(Series::Target));
        assert_eq!(label_of("年度目標"), Some(Series::Target));
        assert_eq!(label_of("数値"), None);
        assert_eq!(label_of("達成率"), None);
        assert_eq!(label_of("年度"), None);
        assert_eq!(label_of("目標を達成するための取組を進める"), None);
        assert_eq!(label_of("目標達成"), None);
    }

    #[test]
    fn year_headers() {
        let years =
            year_columns(&Row::new(1, ["", "H30", "R1", "R2", "R3"]), None).expect("a header");
        assert_eq!(
            years
                .iter()
                .map(|(c, y)| (*c, y.start_year()))
                .collect::<Vec<_>>(),
            [(1, 2018), (2, 2019), (3, 2020), (4, 2021)]
        );
        assert_eq!(
            year_columns(&Row::new(1, ["5,000人", "1,748人"]), None),
            None
        );
        assert_eq!(year_columns(&Row::new(1, ["R3", "R2"]), None), None);
        assert_eq!(
            year_of("R2実績", None).map(FiscalYear::start_year),
            Some(2020)
        );
        assert_eq!(year_of("令和2年度〜令和6年度", None), None);
        assert_eq!(
            year_of("平成23\n年度\n(2011\n年度)", None).map(FiscalYear::start_year),
            Some(2011)
        );
        assert_eq!(year_of("平成23年度(2012年度)", None), None);
        // a bare Western year dates a heading only beside a word naming its figures
        let year = |parts: &[&str]| heading_year(parts, None).map(FiscalYear::start_year);
        assert_eq!(year(&["2018(実績)"]), Some(2018));
        assert_eq!(year(&["実績", "2018"]), Some(2018));
        assert_eq!(year(&["2018"]), None);
        assert_eq!(year(&["現状(平成22年2月)"]), Some(2009));
        assert_eq!(year_of("54.6% (22年度)", None), None);
    }
}
