//! Recognising header cells by content: which column holds what (指標, 単位, 事業名 …), which
//! cells are fiscal years, and which cells label a row as 目標値 or 実績値. Shared by the
//! layouts; a dictionary of the words cities use, not positions.

use shinchoku_core::Series;
use shinchoku_core::Unit;
use shinchoku_core::era::Era;
use shinchoku_core::fiscal_year::{self, FiscalYear};
use shinchoku_core::text::{compact, normalize};

/// What a column of a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Goal,
    Category,
    Number,
    Project,
    Outcome,
    Indicator,
    Unit,
    Department,
    Baseline,
    /// 年度 in a long sheet: the fiscal year of the row.
    FiscalYear,
    /// 値: the figure of a long sheet's row.
    Value,
    /// 計画: the plan's name.
    PlanName,
    /// 団体 / 団体コード
    Municipality,
    /// 計画期間
    Period,
    /// 定義 / 算出方法 / 出典
    Definition,
    /// 注記 / 備考
    Notes,
    /// 方向: which way is better, stated.
    Polarity,
    /// 累計: how the figures accumulate, stated.
    Accumulation,
    /// 指標番号: the indicator a row of a long sheet belongs to.
    IndicatorNumber,
    /// 対象 / 内訳: the group one measure is split into (就学前児童, 小学生 …).
    Group,
    /// 達成率 as the sheet states it.
    StatedAchievement,
    /// 評価 as the sheet states it (A, B, ◎ …).
    SelfAssessment,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Goal => "目標・施策",
            Role::Category => "カテゴリ",
            Role::Number => "番号",
            Role::Project => "事業名",
            Role::Outcome => "成果目標",
            Role::Indicator => "指標",
            Role::Unit => "単位",
            Role::Department => "担当課",
            Role::Baseline => "基準値",
            Role::FiscalYear => "年度",
            Role::Value => "値",
            Role::PlanName => "計画",
            Role::Municipality => "団体",
            Role::Period => "計画期間",
            Role::Definition => "定義",
            Role::Notes => "注記",
            Role::Polarity => "方向",
            Role::Accumulation => "累計",
            Role::IndicatorNumber => "指標番号",
            Role::Group => "対象",
            Role::StatedAchievement => "達成率",
            Role::SelfAssessment => "評価",
        }
    }
}

/// Words a header cell is recognised by, most specific first.
const ROLE_WORDS: &[(Role, &[&str])] = &[
    (
        Role::IndicatorNumber,
        &["指標番号", "指標No", "指標No.", "indicator_no"],
    ),
    (Role::Period, &["計画期間", "事業期間", "期間"]),
    (
        Role::FiscalYear,
        &[
            "年度",
            "対象年度",
            "会計年度",
            "基準年度",
            "目標年度",
            "達成年度",
            "fiscal_year",
            "year",
            "FY",
        ],
    ),
    (
        Role::Value,
        &["値", "数値", "値(原文)", "データ", "raw", "value"],
    ),
    (Role::PlanName, &["計画", "計画名", "計画名称"]),
    (
        Role::Municipality,
        &[
            "団体",
            "団体名",
            "団体コード",
            "市町村",
            "市町村名",
            "市町村コード",
            "自治体",
            "自治体名",
            "municipality",
            "municipality_code",
        ],
    ),
    (
        Role::Definition,
        &[
            "定義",
            "指標の定義",
            "算出方法",
            "算定方法",
            "出典",
            "指標の説明",
        ],
    ),
    (Role::Notes, &["注記", "備考", "注"]),
    (Role::Polarity, &["方向", "方向性", "目指す方向"]),
    (Role::Accumulation, &["累計"]),
    (
        Role::Group,
        &[
            "対象",
            "対象者",
            "内訳",
            "属性",
            "年齢区分",
            "性別",
            "男女別",
            "地区",
            "学年",
        ],
    ),
    (Role::StatedAchievement, &["達成率", "進捗率", "達成度"]),
    (
        Role::SelfAssessment,
        &[
            "評価",
            "自己評価",
            "達成状況",
            "判定",
            "評価区分",
            "進捗区分",
            "評価結果",
            "達成区分",
        ],
    ),
    (
        Role::Outcome,
        &[
            "成果目標",
            "目指す姿",
            "めざす姿",
            "目指す状態",
            "めざす状態",
        ],
    ),
    (
        Role::Number,
        &["事業番号", "番号", "No.", "No", "NO", "通番", "事業No"],
    ),
    (
        Role::Indicator,
        &[
            "指標内容",
            "指標名",
            "指標名称",
            "指標の名称",
            "成果指標の名称",
            "成果指標名",
            "評価指標名",
            "重要業績評価指標",
            "数値指標",
            "目標指標",
            "まちづくり指標",
            "成果指標",
            "評価指標",
            "活動指標",
            "指標",
            "KPI",
            "数値目標の内容",
            "評価項目",
            "目標項目",
            "項目",
            "indicator",
            "indicator_id",
            "indicator_name",
        ],
    ),
    (Role::Unit, &["単位"]),
    (
        Role::Baseline,
        &["基準値", "現状値", "策定時", "計画策定時"],
    ),
    (
        Role::Department,
        &[
            "担当課",
            "所管課",
            "担当部署",
            "所管部署",
            "担当部局",
            "所管",
            "担当",
        ],
    ),
    (
        Role::Category,
        &["カテゴリー", "カテゴリ", "分類", "種別", "区分", "kind"],
    ),
    (
        Role::Project,
        &["事業名", "事業名称", "主な取組", "取組名", "取組", "事業"],
    ),
    (
        Role::Goal,
        &[
            "基本目標",
            "主要課題",
            "基本施策",
            "施策の方向",
            "重点施策",
            "施策",
            "基本方針",
            "政策",
            "分野",
            "プロジェクト",
            "目標階層",
        ],
    ),
];

/// The role a header cell names, if any.
pub fn role_of(text: &str) -> Option<Role> {
    // a header word is short and does not start with a figure
    let raw = text.trim();
    if raw.is_empty() || raw.len() > 80 || raw.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let t = compact(raw);
    if t.is_empty() || t.chars().count() > 20 {
        return None;
    }
    // 基本目標・主要課題 names the roles of its parts: the first part that names one counts,
    // unless a part names the indicators (基本目標/KPI: the column holds them)
    let mut parts = t.split(['・', '/', '／', '、']).filter_map(role_of_word);
    let first = parts.next()?;
    if first != Role::Indicator && parts.any(|r| r == Role::Indicator) {
        return Some(Role::Indicator);
    }
    Some(first)
}

/// A header word is the whole cell, or the cell with a short qualifier (`指標名`, `現状値(H30)`,
/// `事業名称`); a longer text that merely contains the word (`指標5の利用者数`) is data.
fn role_of_word(t: &str) -> Option<Role> {
    let qualifier = |rest: &str| {
        rest.is_empty() || rest.chars().count() <= 2 || rest.starts_with(['(', '【', '['])
    };
    for exact in [true, false] {
        for (role, words) in ROLE_WORDS {
            let hit = words.iter().any(|w| {
                if exact {
                    t == *w
                } else {
                    t.strip_prefix(w).is_some_and(qualifier)
                }
            });
            if hit {
                return Some(*role);
            }
        }
    }
    None
}

/// The series a row label names: 目標値 (目指す方向), 実績値, 目標, 実績, 計画値.
pub fn label_of(text: &str) -> Option<Series> {
    // cheap rejection first: every cell of a sheet passes through here
    let raw = text
        .trim()
        .trim_start_matches(['※', '*', '＊', ' ', '\u{3000}']);
    if raw.len() > 60 || !raw.starts_with(['目', '実', '計', '数', '最', '達', '年']) {
        return None;
    }
    let t = compact(raw);
    let t = t.trim_start_matches(['※', '*']);
    // 数値目標, 最終目標, 達成目標, 年度目標: a target by another name
    let t = ["数値", "最終", "達成", "年度"]
        .iter()
        .find_map(|p| t.strip_prefix(p).filter(|r| r.starts_with("目標")))
        .unwrap_or(t);
    if t.is_empty() || t.chars().count() > 14 {
        return None;
    }
    let rest_is_note =
        |r: &str| r.is_empty() || r.starts_with('(') || r.starts_with('値') || r.starts_with('【');
    for (word, series) in [
        ("目標", Series::Target),
        ("計画値", Series::Target),
        ("実績", Series::Actual),
    ] {
        if let Some(r) = t.strip_prefix(word)
            && rest_is_note(r)
        {
            return Some(series);
        }
    }
    None
}

/// What a value column's heading says its figures are, in the words of 指標一覧 and KPI
/// sheets: the table interpreter's vocabulary, wider than the row labels of [`label_of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueWord {
    /// 目標値, 目標, 目標数, 数値目標, 計画数値, 中間目標, 最終目標, 目安値 …
    Target,
    /// 実績値, 実績, 現状, 現況, 直近値, 最終評価時, 達成値 …
    Actual,
    /// 基準値, 当初値, 策定時, 基準年: the measured value the plan started from.
    Baseline,
    /// 見込, 見込み: a forecast, never an actual.
    Forecast,
    /// 国の目標, 国(県)目標値, 参考: another body's figure, not this plan's.
    Reference,
}

/// The kind of figures a heading names, its years and brackets set aside (`平成27年目標値`,
/// `現状(平成22年2月)`, `H27実績`, `5ヵ年目標`); `None` for a heading that is not a value's
/// (達成率, 評価, 目標設定の考え方) or a sentence.
pub fn value_word(text: &str) -> Option<ValueWord> {
    let mut t = compact(text);
    if t.is_empty() || t.chars().count() > 30 {
        return None;
    }
    while let Some((_, at)) = fiscal_year::find_in(&t, None) {
        t.replace_range(at, "");
    }
    let t: String = t
        .chars()
        .filter(|c| {
            !c.is_ascii_digit() && !matches!(c, '(' | ')' | '[' | ']' | '【' | '】' | '※' | '*')
        })
        .collect();
    if t.chars().count() > 12 {
        return None;
    }
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if t.starts_with('国') || t.starts_with("全国") || t.starts_with("参考") {
        return Some(ValueWord::Reference);
    }
    if has(&["見込"]) {
        return Some(ValueWord::Forecast);
    }
    // a judgement or an explanation of the figures, not a figure
    if has(&[
        "率",
        "達成度",
        "達成状況",
        "進捗",
        "判定",
        "区分",
        "考え方",
        "理由",
        "根拠",
        "設定",
        "説明",
        "方向",
        "内容",
        "指標",
        "項目",
        "差",
    ]) || (t.contains("評価") && !t.contains("評価時"))
    {
        return None;
    }
    if has(&["基準", "当初", "策定時", "計画時", "開始時"]) {
        return Some(ValueWord::Baseline);
    }
    if has(&["目標", "目安", "計画値", "計画数値"]) {
        return Some(ValueWord::Target);
    }
    if has(&[
        "実績",
        "現状",
        "現況",
        "直近",
        "評価時",
        "達成値",
        "現在値",
        "最新値",
        "結果",
    ]) {
        return Some(ValueWord::Actual);
    }
    None
}

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

/// The series a cell names where it labels a row or a pair of columns: what [`label_of`]
/// reads, and 計画 alone, as a 事業計画 calls its targets (in a header row 計画 names the plan).
pub fn row_label_of(text: &str) -> Option<Series> {
    label_of(text).or_else(|| {
        let t = text.trim();
        if !t.starts_with('計') {
            return None;
        }
        let t = compact(t);
        let rest = t.strip_prefix("計画")?;
        (rest.is_empty() || rest.starts_with('(') || rest.starts_with('【'))
            .then_some(Series::Target)
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
    if t.chars().count() <= 12
        && let Some((y, at)) = fiscal_year::find_in(&t, era)
    {
        let rest: String = format!("{}{}", &t[..at.start], &t[at.end..])
            .chars()
            .filter(|c| !matches!(c, '(' | ')' | '[' | ']' | '【' | '】'))
            .collect();
        if rest.chars().count() <= 4 && !rest.chars().any(|c| c.is_ascii_digit()) {
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
        assert_eq!(year_of("54.6% (22年度)", None), None);
    }
}
