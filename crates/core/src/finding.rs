//! Data-quality findings: what a careful reader notices in a sheet (a unit that changes, a
//! project number used twice, a value it could not place). A finding is never an error: the
//! sheet is still read, and the finding tells the user where to look.

use crate::cell::NotAFigure;
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

/// What was found. Serialized (tagged by variant) so that a stored plan keeps its findings
/// exactly as they were read.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
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
    /// A run of unplaced cells along one row (a sheet pasted far to the right): one finding
    /// for the run instead of one per cell, from the first cell to `through`.
    UnplacedCells {
        count: usize,
        first: String,
        last: String,
        through: Location,
        reason: String,
    },
    /// A `※` mark in a cell with no footnote found for it.
    NoteMarkWithoutNote { indicator: String, raw: String },
    /// A footnote that could not be attached to any table or cell.
    NoteWithoutMark { text: String },
    /// A year header that could not be read as a fiscal year.
    YearNotUnderstood { raw: String, reason: String },
    /// A target or actual shaped like a figure that is not one (`5〜10`, `(5)`, `5-`): kept as
    /// text, never guessed into a number.
    NotANumber {
        indicator: String,
        series: Series,
        year: FiscalYear,
        raw: String,
        why: NotAFigure,
    },
    /// Two values for one indicator, fiscal year and series (平成31年度 and 令和元年度 are one
    /// year; a row written twice): the first is kept, the second is not used.
    DuplicateValue {
        indicator: String,
        series: Series,
        year: FiscalYear,
        kept: String,
        kept_at: Option<Location>,
        dropped: String,
        dropped_at: Option<Location>,
    },
    /// Targets without a year, taken as targets of the last year of their table (the plan's
    /// end only where its period says so).
    TargetYearAssumed { year: FiscalYear, tables: usize },
    /// A value whose year the reader took from around it (a sentence above the table, a
    /// numbered note under it, the plan period, the row's milestone), not from its cell or
    /// its column's heading: a person checks these few cells, not the whole sheet.
    YearFromContext {
        raw: String,
        year: FiscalYear,
        /// Where the year was read, in words a person understands.
        source: String,
    },
    /// Two layouts read a sheet almost equally well: it was read as the first; a person
    /// checks that it is not the second (`read --explain` gives both reasons).
    LayoutClose { chosen: String, other: String },
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
    /// A long table whose 団体 column names more than one municipality: read as one plan, it
    /// is a collection that `import` keeps as a plan per municipality.
    SeveralMunicipalities { first: String, other: String },
    /// No actual for a year the others report, and no reason (未把握, 調査年でない, 事業終了):
    /// one finding for every indicator blank in that year.
    BlankActualWithoutReason {
        year: FiscalYear,
        indicators: Vec<String>,
        /// The year these indicators' survey was last done (アンケート調査済), when they all
        /// have one: the blank year is then most likely a year without a survey.
        surveyed: Option<FiscalYear>,
    },
    /// A survey or count marked done (`アンケート調査済`) whose result was never entered.
    SurveyWithoutResult {
        year: FiscalYear,
        raw: String,
        indicators: Vec<String>,
    },
    /// A figure marked ※ that lies far from the rest of its series, and that its note says is
    /// another quantity: left out of the evaluation.
    FigureSetAside {
        indicator: String,
        year: FiscalYear,
        raw: String,
        note: Option<String>,
        typical: String,
    },
    /// A grade a person should confirm before it is published (要確認).
    GradeNeedsReview {
        indicator: String,
        year: FiscalYear,
        grade: String,
        review: crate::evaluate::Review,
    },
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
            FindingKind::UnplacedCells { .. } => "unplaced-cells",
            FindingKind::NoteMarkWithoutNote { .. } => "note-mark-without-note",
            FindingKind::NoteWithoutMark { .. } => "note-without-mark",
            FindingKind::YearNotUnderstood { .. } => "year-not-understood",
            FindingKind::NotANumber { .. } => "not-a-number",
            FindingKind::DuplicateValue { .. } => "duplicate-value",
            FindingKind::TargetYearAssumed { .. } => "target-year-assumed",
            FindingKind::YearFromContext { .. } => "year-from-context",
            FindingKind::LayoutClose { .. } => "layout-close",
            FindingKind::RunningTotalDecreased { .. } => "running-total-decreased",
            FindingKind::DuplicateIndicator { .. } => "duplicate-indicator",
            FindingKind::MixedEncoding { .. } => "mixed-encoding",
            FindingKind::ErrorCell { .. } => "error-cell",
            FindingKind::SheetSkipped { .. } => "sheet-skipped",
            FindingKind::SeveralMunicipalities { .. } => "several-municipalities",
            FindingKind::BlankActualWithoutReason { .. } => "blank-actual",
            FindingKind::SurveyWithoutResult { .. } => "survey-without-result",
            FindingKind::FigureSetAside { .. } => "figure-set-aside",
            FindingKind::GradeNeedsReview { review, .. } => match review {
                crate::evaluate::Review::PolarityDefaulted { .. } => "polarity-unclear",
                crate::evaluate::Review::UnitsDiffer { .. } => "units-differ",
                crate::evaluate::Review::AccumulationUnclear { .. } => "accumulation-unclear",
                crate::evaluate::Review::PerMonthTarget { .. } => "per-month-target",
            },
            FindingKind::SelfAssessmentContradicts { .. } => "self-assessment-contradicts",
        }
    }

    /// True for what a person should look at; false for what the reader merely assumed.
    pub fn is_warning(&self) -> bool {
        !matches!(
            self,
            FindingKind::TargetYearAssumed { .. } | FindingKind::YearFromContext { .. }
        )
    }

    /// How much a finding matters to the grades a council sees, most first (0): a grade that
    /// contradicts the sheet or may be wrong, then figures read as something they are not,
    /// then gaps in the sheet, then what the reader merely assumed.
    pub fn importance(&self) -> u8 {
        use crate::evaluate::Review;
        match self {
            FindingKind::SelfAssessmentContradicts { .. } => 0,
            FindingKind::GradeNeedsReview { review, .. } => match review {
                Review::PolarityDefaulted { .. } => 1,
                Review::UnitsDiffer { .. } => 3,
                Review::AccumulationUnclear { .. } => 4,
                Review::PerMonthTarget { .. } => 5,
            },
            FindingKind::FigureSetAside { .. } => 2,
            FindingKind::UnitMismatch { .. }
            | FindingKind::ErrorCell { .. }
            | FindingKind::NotANumber { .. }
            | FindingKind::DuplicateValue { .. } => 6,
            FindingKind::RunningTotalDecreased { .. } => 7,
            FindingKind::SameValues { .. }
            | FindingKind::DuplicateIndicator { .. }
            | FindingKind::DuplicateProjectNumber { .. } => 8,
            FindingKind::SurveyWithoutResult { .. } => 9,
            FindingKind::BlankActualWithoutReason { .. } => 10,
            FindingKind::NoteMarkWithoutNote { .. } | FindingKind::NoteWithoutMark { .. } => 11,
            FindingKind::UnplacedCell { .. }
            | FindingKind::UnplacedCells { .. }
            | FindingKind::YearNotUnderstood { .. }
            | FindingKind::MixedEncoding { .. }
            | FindingKind::SheetSkipped { .. }
            | FindingKind::LayoutClose { .. }
            | FindingKind::SeveralMunicipalities { .. } => 12,
            FindingKind::TargetYearAssumed { .. } | FindingKind::YearFromContext { .. } => 13,
        }
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

    /// A cell the reader could not place, the reason why, and where it was read.
    pub fn unplaced_cell(raw: &str, reason: impl Into<String>, at: Location) -> Finding {
        Finding::new(FindingKind::UnplacedCell {
            raw: raw.trim().to_owned(),
            reason: reason.into(),
        })
        .at(Some(at))
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

/// Fewer unplaced cells in a row than this stay one finding each.
const RUN_TO_COLLAPSE: usize = 4;

/// Folds each run of unplaced cells along one row into one [`FindingKind::UnplacedCells`], so
/// that a sheet with thousands of stray columns gives a finding a person can read rather than
/// thousands. Everything else keeps its place and order.
pub fn collapse_unplaced_runs(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out = Vec::with_capacity(findings.len());
    let mut run: Vec<Finding> = Vec::new();
    for finding in findings {
        if !run.is_empty() && !continues(&run[run.len() - 1], &finding) {
            flush(&mut run, &mut out);
        }
        if matches!(finding.kind, FindingKind::UnplacedCell { .. }) && finding.location.is_some() {
            run.push(finding);
        } else {
            flush(&mut run, &mut out);
            out.push(finding);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Whether `next` is the next unplaced cell to the right on the row of `previous`.
fn continues(previous: &Finding, next: &Finding) -> bool {
    let (FindingKind::UnplacedCell { reason: a, .. }, FindingKind::UnplacedCell { reason: b, .. }) =
        (&previous.kind, &next.kind)
    else {
        return false;
    };
    let same_row = match (&previous.location, &next.location) {
        (
            Some(Location::Text {
                line: l1,
                column: c1,
            }),
            Some(Location::Text {
                line: l2,
                column: c2,
            }),
        ) => l1 == l2 && c1 < c2,
        (
            Some(Location::Sheet {
                sheet: s1,
                row: r1,
                column: c1,
            }),
            Some(Location::Sheet {
                sheet: s2,
                row: r2,
                column: c2,
            }),
        ) => s1 == s2 && r1 == r2 && c1 < c2,
        _ => false,
    };
    same_row && a == b && previous.indicator == next.indicator
}

fn flush(run: &mut Vec<Finding>, out: &mut Vec<Finding>) {
    if run.len() < RUN_TO_COLLAPSE {
        out.append(run);
        return;
    }
    let count = run.len();
    let mut cells = run.drain(..);
    let (Some(first), Some(last)) = (cells.next(), cells.next_back()) else {
        return;
    };
    let (
        FindingKind::UnplacedCell {
            raw: first_raw,
            reason,
        },
        FindingKind::UnplacedCell { raw: last_raw, .. },
    ) = (first.kind, last.kind)
    else {
        return;
    };
    let Some(through) = last.location else {
        return;
    };
    out.push(Finding {
        kind: FindingKind::UnplacedCells {
            count,
            first: first_raw,
            last: last_raw,
            through,
            reason,
        },
        location: first.location,
        indicator: first.indicator,
    });
}

/// Names as a list: 「a」「b」「c」.
fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("「{n}」")).collect()
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
            FindingKind::UnplacedCells {
                count,
                first,
                last,
                through,
                reason,
            } => write!(
                f,
                "読み取れなかったセル{count}個: 「{first}」から{through}の「{last}」まで({reason})"
            ),
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
            FindingKind::NotANumber {
                indicator,
                series,
                year,
                raw,
                why,
            } => write!(
                f,
                "数値として読めない値: 「{indicator}」の{year}の{series}「{raw}」は{}。文字のまま残し、評価には使いません",
                why.words()
            ),
            FindingKind::DuplicateValue {
                indicator,
                series,
                year,
                kept,
                kept_at,
                dropped,
                dropped_at,
            } => {
                let at =
                    |l: &Option<Location>| l.as_ref().map(|l| format!("({l})")).unwrap_or_default();
                if kept.trim() == dropped.trim() {
                    let places = match (kept_at, dropped_at) {
                        (Some(a), Some(b)) => format!("({a}と{b})"),
                        (a, b) => at(a) + &at(b),
                    };
                    write!(
                        f,
                        "値の重複: 「{indicator}」の{year}の{series}「{kept}」が2回書かれています{places}。1つの値として読みました"
                    )
                } else {
                    write!(
                        f,
                        "値の重複: 「{indicator}」の{year}の{series}が2つあります: 「{kept}」{}と「{dropped}」{}。先に書かれた「{kept}」を使い、「{dropped}」は使っていません。どちらが正しいか確かめてください",
                        at(kept_at),
                        at(dropped_at)
                    )
                }
            }
            FindingKind::TargetYearAssumed { year, tables } => write!(
                f,
                "目標年度の推定: 目標値に年度の記載がない表が{tables}個あり、表の最終年度({year})の目標とみなしました"
            ),
            FindingKind::LayoutClose { chosen, other } => write!(
                f,
                "表の形の判定が僅差(要確認): {chosen}として読みましたが、{other}の点もほぼ同じです。--explain で理由を確かめ、違うときは --layout で指定してください"
            ),
            FindingKind::YearFromContext { raw, year, source } => write!(
                f,
                "年度の推定(要確認): 「{raw}」は{source}から{year}の値として読みました"
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
            FindingKind::SeveralMunicipalities { first, other } => write!(
                f,
                "複数の団体: 団体の列に「{first}」「{other}」など複数の団体があり、ここでは1つの計画として読みました。団体ごとの計画として保管するには shinchoku import で取り込みます(団体コードの列があれば団体ごとの一括取込になります)"
            ),
            FindingKind::BlankActualWithoutReason {
                year,
                indicators,
                surveyed,
            } => {
                let names = quoted(indicators);
                match (indicators.len(), surveyed) {
                    (1, None) => write!(
                        f,
                        "実績値の空欄: {names}の{year}の実績値が空欄で、理由(未把握・調査年でない・事業終了など)の記載がありません"
                    ),
                    (n, None) => write!(
                        f,
                        "実績値の空欄: {year}の実績値が空欄で理由(未把握・調査年でない・事業終了など)の記載がない指標が{n}件あります: {names}"
                    ),
                    (n, Some(s)) => write!(
                        f,
                        "実績値の空欄: {year}の実績値が空欄で理由の記載がない指標が{n}件あります。いずれも{s}に調査済で、{year}は調査年でないと思われます。そうであれば「調査年でない」と記入してください: {names}"
                    ),
                }
            }
            FindingKind::SurveyWithoutResult {
                year,
                raw,
                indicators,
            } => write!(
                f,
                "結果のない調査: {year}の実績値が「{raw}」で、結果の数値が記入されていない指標が{}件あります。結果を記入すれば評価できます: {}",
                indicators.len(),
                quoted(indicators)
            ),
            FindingKind::FigureSetAside {
                indicator,
                year,
                raw,
                note,
                typical,
            } => {
                let note = note.as_deref().map_or_else(
                    || "※が付いています".to_owned(),
                    |n| format!("注記「{n}」が付いています"),
                );
                write!(
                    f,
                    "注記付きの別の数値: 「{indicator}」の{year}の実績値「{raw}」は他の値(中央値 {typical})から大きく外れ、{note}。この指標の値ではないとみなし、評価・合計・見通しから除きました。この指標の値であれば※を外してください"
                )
            }
            FindingKind::GradeNeedsReview {
                indicator,
                year,
                grade,
                review,
            } => {
                use crate::evaluate::Review;
                let ask = match review {
                    Review::PolarityDefaulted { .. } => {
                        "多いほど良いとして評価しました。少ないほど良い指標かどうかを指定してください"
                    }
                    Review::UnitsDiffer { .. } => "同じものを数えているか確かめてください",
                    Review::AccumulationUnclear { .. } => {
                        "計画期間の合計と比べる指標であれば、累計の扱いを指定してください"
                    }
                    Review::PerMonthTarget { .. } => "目標と実績の単位を確かめてください",
                };
                write!(
                    f,
                    "要確認の評価: 「{indicator}」の{year}の評価「{grade}」: {review}。{ask}"
                )
            }
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

    fn unplaced(line: usize, column: usize, raw: &str) -> Finding {
        Finding::new(FindingKind::UnplacedCell {
            raw: raw.into(),
            reason: "年度の列の外にあるセル".into(),
        })
        .at(Some(Location::text(line, column)))
    }

    #[test]
    fn a_long_run_of_unplaced_cells_is_one_finding() {
        let mut findings: Vec<Finding> = (4..=20_000)
            .map(|c| unplaced(11, c, &c.to_string()))
            .collect();
        findings.insert(0, unplaced(3, 9, "x"));
        findings.push(unplaced(12, 4, "y"));
        findings.push(unplaced(12, 5, "z"));
        let folded = collapse_unplaced_runs(findings);
        assert_eq!(folded.len(), 4);
        assert_eq!(folded[0], unplaced(3, 9, "x"));
        assert_eq!(
            folded[1].to_string(),
            "11行4列: 読み取れなかったセル19997個: 「4」から11行20000列の「20000」まで(年度の列の外にあるセル)"
        );
        assert_eq!(folded[1].kind.key(), "unplaced-cells");
        assert_eq!(folded[2..], [unplaced(12, 4, "y"), unplaced(12, 5, "z")]);
    }

    #[test]
    fn short_runs_and_other_findings_keep_their_order() {
        let other = Finding::new(FindingKind::NoteWithoutMark { text: "※".into() });
        let findings = vec![
            unplaced(2, 1, "a"),
            unplaced(2, 2, "b"),
            other.clone(),
            unplaced(2, 3, "c"),
            unplaced(2, 4, "d"),
            unplaced(2, 5, "e"),
        ];
        assert_eq!(collapse_unplaced_runs(findings.clone()), findings);
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
