//! Data-quality findings: what a careful reader notices in a sheet (a unit that changes, a
//! project number used twice, a value it could not place). A finding is never an error: the
//! sheet is still read, and the finding tells the user where to look.

use crate::fiscal_year::FiscalYear;
use crate::ids::IndicatorId;
use crate::indicator::Series;
use crate::location::Location;
use crate::unit::Unit;
use std::fmt;

/// One finding, with the cell or line it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub kind: FindingKind,
    pub location: Option<Location>,
    pub indicator: Option<IndicatorId>,
}

/// What was found.
#[derive(Debug, Clone, PartialEq)]
pub enum FindingKind {
    /// A cell's unit differs from the indicator's: 8,000人 as target, 3,831件 as actual.
    UnitMismatch {
        indicator: String,
        unit: Unit,
        found: Unit,
        series: Series,
        years: Vec<FiscalYear>,
    },
    /// One project number names different projects.
    DuplicateProjectNumber { number: String, names: Vec<String> },
    /// Several indicators carry exactly the same figures: one measure under two wordings.
    SameValues {
        indicators: Vec<String>,
        values: String,
    },
    /// A non-empty cell the reader could not place in the model.
    UnplacedCell { raw: String, reason: String },
    /// A `※` mark in a cell with no footnote found for it.
    NoteMarkWithoutNote { indicator: String, raw: String },
    /// A footnote that could not be attached to any table or cell.
    NoteWithoutMark { text: String },
    /// A year header that could not be read as a fiscal year.
    YearNotUnderstood { raw: String, reason: String },
    /// Targets without a year, taken as plan-end targets of the last year of their table.
    TargetYearAssumed { year: FiscalYear, tables: usize },
    /// A running total (累計) that went down.
    RunningTotalDecreased {
        indicator: String,
        from: (FiscalYear, String),
        to: (FiscalYear, String),
    },
    /// Two indicators with the same name under the same goal.
    DuplicateIndicator { indicator: String },
    /// Lines in another text encoding than the rest of the file.
    MixedEncoding {
        encoding: String,
        other: String,
        lines: Vec<usize>,
    },
    /// An Excel error value (#DIV/0!, #N/A, #REF!) where a figure should be.
    ErrorCell { raw: String },
    /// A sheet of a workbook that was not read, and why.
    SheetSkipped { sheet: String, reason: String },
    /// No actual for a year the others report, and no reason (未把握, 調査年でない, 事業終了).
    BlankActualWithoutReason { indicator: String, year: FiscalYear },
    /// The grade written in the sheet is not the one its figures give.
    SelfAssessmentContradicts {
        indicator: String,
        year: FiscalYear,
        stated: String,
        computed: String,
        explanation: String,
    },
}

impl FindingKind {
    /// A stable English key for scripts and the JSON form.
    pub fn key(&self) -> &'static str {
        match self {
            FindingKind::UnitMismatch { .. } => "unit-mismatch",
            FindingKind::DuplicateProjectNumber { .. } => "duplicate-project-number",
            FindingKind::SameValues { .. } => "same-values",
            FindingKind::UnplacedCell { .. } => "unplaced-cell",
            FindingKind::NoteMarkWithoutNote { .. } => "note-mark-without-note",
            FindingKind::NoteWithoutMark { .. } => "note-without-mark",
            FindingKind::YearNotUnderstood { .. } => "year-not-understood",
            FindingKind::TargetYearAssumed { .. } => "target-year-assumed",
            FindingKind::RunningTotalDecreased { .. } => "running-total-decreased",
            FindingKind::DuplicateIndicator { .. } => "duplicate-indicator",
            FindingKind::MixedEncoding { .. } => "mixed-encoding",
            FindingKind::ErrorCell { .. } => "error-cell",
            FindingKind::SheetSkipped { .. } => "sheet-skipped",
            FindingKind::BlankActualWithoutReason { .. } => "blank-actual",
            FindingKind::SelfAssessmentContradicts { .. } => "self-assessment-contradicts",
        }
    }

    /// True for what a person should look at; false for what the reader merely assumed.
    pub fn is_warning(&self) -> bool {
        !matches!(self, FindingKind::TargetYearAssumed { .. })
    }
}

impl Finding {
    pub fn new(kind: FindingKind) -> Finding {
        Finding {
            kind,
            location: None,
            indicator: None,
        }
    }

    pub fn at(mut self, location: Option<Location>) -> Finding {
        self.location = location;
        self
    }

    pub fn about(mut self, indicator: IndicatorId) -> Finding {
        self.indicator = Some(indicator);
        self
    }
}

/// Consecutive years written as a range: 令和3〜5年度, or a list when they are not consecutive.
pub fn years_text(years: &[FiscalYear]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < years.len() {
        let mut j = i;
        while j + 1 < years.len() && years[j].years_until(years[j + 1]) == 1 {
            j += 1;
        }
        if j > i {
            parts.push(format!("{}〜{}", years[i], years[j]));
        } else {
            parts.push(years[i].to_string());
        }
        i = j + 1;
    }
    parts.join("・")
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FindingKind::UnitMismatch {
                indicator,
                unit,
                found,
                series,
                years,
            } => write!(
                f,
                "単位の不一致: 「{indicator}」は{unit}で表されていますが、{}の{series}は{found}で記載されています",
                years_text(years)
            ),
            FindingKind::DuplicateProjectNumber { number, names } => write!(
                f,
                "事業番号の重複: 番号{number}が別々の事業({})に使われています",
                names.join("、")
            ),
            FindingKind::SameValues { indicators, values } => write!(
                f,
                "同じ数値の指標: {} は同じ値({values})です。同じ指標を別の表現で重ねて載せていないか確認してください",
                indicators
                    .iter()
                    .map(|n| format!("「{n}」"))
                    .collect::<Vec<_>>()
                    .join("と")
            ),
            FindingKind::UnplacedCell { raw, reason } => {
                write!(f, "読み取れなかったセル: 「{raw}」({reason})")
            }
            FindingKind::NoteMarkWithoutNote { indicator, raw } => write!(
                f,
                "注記なしの※: 「{indicator}」の「{raw}」に※がありますが、対応する注記が見つかりません"
            ),
            FindingKind::NoteWithoutMark { text } => {
                write!(
                    f,
                    "付け先不明の注記: 「{text}」を表やセルに結び付けられませんでした"
                )
            }
            FindingKind::YearNotUnderstood { raw, reason } => {
                write!(f, "年度が読めない見出し: 「{raw}」({reason})")
            }
            FindingKind::TargetYearAssumed { year, tables } => write!(
                f,
                "目標年度の推定: 目標値に年度の記載がない表が{tables}個あり、表の最終年度({year})の計画最終目標とみなしました"
            ),
            FindingKind::RunningTotalDecreased {
                indicator,
                from,
                to,
            } => write!(
                f,
                "累計の減少: 「{indicator}」は累計ですが {} {} から {} {} に減っています",
                from.0, from.1, to.0, to.1
            ),
            FindingKind::DuplicateIndicator { indicator } => {
                write!(f, "指標の重複: 「{indicator}」が同じ目標の下に2回あります")
            }
            FindingKind::MixedEncoding {
                encoding,
                other,
                lines,
            } => {
                let shown: Vec<String> =
                    lines.iter().take(10).map(|l| format!("{l}行目")).collect();
                let more = if lines.len() > 10 {
                    format!(" ほか{}行", lines.len() - 10)
                } else {
                    String::new()
                };
                write!(
                    f,
                    "文字コードの混在: ファイルは{encoding}ですが、{}{more}は{other}で書かれていました(それぞれの文字コードで読みました)",
                    shown.join("・")
                )
            }
            FindingKind::ErrorCell { raw } => {
                write!(
                    f,
                    "Excelのエラー値: 「{raw}」は計算エラーのため値として使えません(文字のまま残しました)"
                )
            }
            FindingKind::SheetSkipped { sheet, reason } => {
                write!(f, "読まなかったシート: 「{sheet}」({reason})")
            }
            FindingKind::BlankActualWithoutReason { indicator, year } => write!(
                f,
                "実績値の空欄: 「{indicator}」の{year}の実績値が空欄で、理由(未把握・調査年でない・事業終了など)の記載がありません"
            ),
            FindingKind::SelfAssessmentContradicts {
                indicator,
                year,
                stated,
                computed,
                explanation,
            } => write!(
                f,
                "自己評価の食い違い: 「{indicator}」の{year}の評価は「{stated}」と書かれていますが、数値からは「{computed}」です({explanation})"
            ),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(at) => write!(f, "{at}: {}", self.kind),
            None => write!(f, "{}", self.kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fy(y: i32) -> FiscalYear {
        FiscalYear::new(y).expect("in range")
    }

    #[test]
    fn years_are_written_as_ranges() {
        assert_eq!(
            years_text(&[fy(2021), fy(2022), fy(2023)]),
            "令和3年度〜令和5年度"
        );
        assert_eq!(years_text(&[fy(2019), fy(2021)]), "令和元年度・令和3年度");
        assert_eq!(years_text(&[]), "");
    }

    #[test]
    fn messages_are_japanese_and_name_the_cell() {
        let f = Finding::new(FindingKind::DuplicateProjectNumber {
            number: "116".into(),
            names: vec!["虐待予防と早期発見".into(), "児童虐待防止の啓発".into()],
        })
        .at(Some(Location::text(50, 3)));
        assert_eq!(
            f.to_string(),
            "50行3列: 事業番号の重複: 番号116が別々の事業(虐待予防と早期発見、児童虐待防止の啓発)に使われています"
        );
        assert_eq!(f.kind.key(), "duplicate-project-number");
    }
}
