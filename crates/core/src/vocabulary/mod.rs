//! The words of progress sheets, in one place: what a header cell names (指標, 単位, 事業名 …),
//! which cells label a row as 目標値 or 実績値, what a value column's heading says its figures
//! are, and the words shinchoku itself writes in the long CSV (`long`), so that what it writes
//! it reads back. The reader (shinchoku-import) recognises by these; nothing here looks at
//! positions.

mod group;

pub use group::is_group_label;

use crate::fiscal_year;
use crate::indicator::{Accumulation, Polarity, Series};
use crate::text::compact;

/// The long CSV's kind column (区分). A header word that names a category in a matrix
/// (カテゴリ): the reader tells the two apart by the cells under it.
pub const KIND_COLUMN: &str = "区分";

/// The kind column's words.
pub const TARGET: &str = "目標値";
pub const ACTUAL: &str = "実績値";
pub const BASELINE: &str = "基準値";
pub const SELF_ASSESSMENT: &str = "自己評価";
pub const STATED_ACHIEVEMENT: &str = "達成率(記載)";

/// True for a title that speaks of progress or results (`令和5年度 …進捗状況`, `実績報告`,
/// `点検・評価`): a year it names is the year the sheet reports on.
pub fn reports_progress(title: &str) -> bool {
    const WORDS: [&str; 7] = ["進捗", "実績", "評価", "点検", "状況", "報告", "検証"];
    WORDS.iter().any(|w| title.contains(w))
}

/// Words for a stated polarity, as the 方向 column writes them.
pub fn polarity_word(p: Polarity) -> &'static str {
    match p {
        Polarity::Increase => "増加",
        Polarity::Decrease => "減少",
        Polarity::Maintain => "維持",
    }
}

/// Words for a stated accumulation, as the 累計 column writes them.
pub fn accumulation_word(a: Accumulation) -> &'static str {
    match a {
        Accumulation::None => "なし",
        Accumulation::RunningTotal => "累計値",
        Accumulation::YearlySum => "年ごとの値の合計",
    }
}

/// The polarity a 方向 cell states: [`polarity_word`]'s words and their synonyms.
pub fn polarity_of(text: &str) -> Option<Polarity> {
    match compact(text).as_ref() {
        "増加" | "↑" | "上昇" | "多いほど良い" => Some(Polarity::Increase),
        "減少" | "↓" | "下降" | "少ないほど良い" => Some(Polarity::Decrease),
        "維持" | "→" | "現状維持" => Some(Polarity::Maintain),
        _ => None,
    }
}

/// The accumulation a 累計 cell states: [`accumulation_word`]'s words and their synonyms.
pub fn accumulation_of(text: &str) -> Option<Accumulation> {
    match compact(text).as_ref() {
        "累計値" | "累計" => Some(Accumulation::RunningTotal),
        "年ごとの値の合計" | "合計" => Some(Accumulation::YearlySum),
        "なし" => Some(Accumulation::None),
        _ => None,
    }
}

/// What a 区分 cell says a row's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Series(Series),
    Baseline,
    SelfAssessment,
    StatedAchievement,
}

/// The kind a 区分 cell names: the long CSV's words, their English names and a few synonyms.
pub fn kind_of(text: &str) -> Option<Kind> {
    let t = compact(text);
    match t.as_ref() {
        BASELINE | "現状値" | "基準" => Some(Kind::Baseline),
        SELF_ASSESSMENT | "評価" => Some(Kind::SelfAssessment),
        STATED_ACHIEVEMENT | "達成率" => Some(Kind::StatedAchievement),
        "target" | "Target" | "TARGET" => Some(Kind::Series(Series::Target)),
        "actual" | "Actual" | "ACTUAL" => Some(Kind::Series(Series::Actual)),
        "baseline" | "Baseline" => Some(Kind::Baseline),
        _ => row_label_of(&t).map(Kind::Series),
    }
}

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
    /// Its name in explanations (`列の見出し: 指標・単位`).
    pub const fn name(self) -> &'static str {
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
    // a KPI's value with its deadline (`指標値(目標年月)`): the target
    if t.starts_with("指標値") && t.contains("目標") {
        return Some(ValueWord::Target);
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

impl Role {
    /// The word shinchoku writes for the column (the long CSV's header; the goal path's levels
    /// are numbered after it, `目標階層1`). Read back, it names the same role.
    pub const fn word(self) -> &'static str {
        match self {
            Role::Goal => "目標階層",
            Role::Project => "事業",
            other => other.name(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_shinchoku_writes_is_read_back_as_its_role() {
        // every role has its words in ROLE_WORDS
        for role in ROLE_WORDS.iter().map(|(role, _)| *role) {
            assert_eq!(role_of(role.word()), Some(role), "{}", role.word());
        }
        // the goal path's numbered levels
        assert_eq!(role_of("目標階層3"), Some(Role::Goal));
    }

    #[test]
    fn a_title_reporting_progress_is_told_from_a_plans_name() {
        assert!(reports_progress(
            "令和5年度 子ども・子育て支援事業計画 進捗状況"
        ));
        assert!(reports_progress("総合戦略 KPI検証シート"));
        assert!(!reports_progress("第2期子ども・子育て支援事業計画"));
    }

    #[test]
    fn every_polarity_and_accumulation_shinchoku_writes_is_read_back() {
        for p in [Polarity::Increase, Polarity::Decrease, Polarity::Maintain] {
            assert_eq!(polarity_of(polarity_word(p)), Some(p));
        }
        for a in [
            Accumulation::None,
            Accumulation::RunningTotal,
            Accumulation::YearlySum,
        ] {
            assert_eq!(accumulation_of(accumulation_word(a)), Some(a));
        }
    }

    #[test]
    fn every_kind_shinchoku_writes_is_read_back() {
        assert_eq!(kind_of(TARGET), Some(Kind::Series(Series::Target)));
        assert_eq!(kind_of(ACTUAL), Some(Kind::Series(Series::Actual)));
        assert_eq!(kind_of(BASELINE), Some(Kind::Baseline));
        assert_eq!(kind_of(SELF_ASSESSMENT), Some(Kind::SelfAssessment));
        assert_eq!(kind_of(STATED_ACHIEVEMENT), Some(Kind::StatedAchievement));
        // the targets and actuals are row labels and value headings too
        assert_eq!(label_of(TARGET), Some(Series::Target));
        assert_eq!(label_of(ACTUAL), Some(Series::Actual));
        assert_eq!(value_word(BASELINE), Some(ValueWord::Baseline));
    }
}
