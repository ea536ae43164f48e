//! The indicator (指標): what is measured, in which unit, in which direction is better, and its
//! targets (目標値) and actuals (実績値) per fiscal year.

use crate::cell::{Cell, CellValue, Qualifier};
use crate::fiscal_year::FiscalYear;
use crate::ids::{GoalId, NoteId, OutcomeId, ProjectId};
use crate::location::Location;
use crate::unit::Unit;
use crate::year_map::YearMap;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// More is better (the default).
    Increase,
    /// Less is better: 待機児童数, 児童虐待発生件数.
    Decrease,
    /// Keep the level: → 維持.
    Maintain,
}

/// The way a target points (`↑`, `減少`, `維持`) is the way that is better.
impl From<crate::cell::Direction> for Polarity {
    fn from(d: crate::cell::Direction) -> Polarity {
        match d {
            crate::cell::Direction::Up => Polarity::Increase,
            crate::cell::Direction::Down => Polarity::Decrease,
            crate::cell::Direction::Keep => Polarity::Maintain,
        }
    }
}

impl fmt::Display for Polarity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Polarity::Increase => "増加",
            Polarity::Decrease => "減少",
            Polarity::Maintain => "維持",
        })
    }
}

/// How yearly actuals relate to a cumulative (累計) target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Accumulation {
    /// Each year stands alone.
    None,
    /// Each actual is already the running total (LINE友達登録数(累計): 1,748 → 3,188 → 5,070).
    RunningTotal,
    /// Each actual is the year's amount; the target is their sum (累計10回 against 0回 a year).
    YearlySum,
}

/// The value a plan started from (基準値 / 現状値), when the sheet states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub cell: Cell,
    pub year: Option<FiscalYear>,
}

/// Why a year has no actual, as a person records it: the blank is then explained, not a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlankReason {
    /// 未把握
    NotKnown,
    /// 調査年でない
    NotSurveyYear,
    /// 事業終了
    ProjectEnded,
}

impl BlankReason {
    /// From its Japanese or English name.
    pub fn parse(s: &str) -> Option<BlankReason> {
        match s.trim() {
            "未把握" | "not_known" | "not-known" => Some(BlankReason::NotKnown),
            "調査年でない" | "調査年ではない" | "not_survey_year" | "not-survey-year" => {
                Some(BlankReason::NotSurveyYear)
            }
            "事業終了" | "project_ended" | "project-ended" => Some(BlankReason::ProjectEnded),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            BlankReason::NotKnown => "not_known",
            BlankReason::NotSurveyYear => "not_survey_year",
            BlankReason::ProjectEnded => "project_ended",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BlankReason::NotKnown => "未把握",
            BlankReason::NotSurveyYear => "調査年でない",
            BlankReason::ProjectEnded => "事業終了",
        }
    }
}

/// Targets or actuals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Series {
    Target,
    Actual,
}

impl fmt::Display for Series {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Series::Target => "目標値",
            Series::Actual => "実績値",
        })
    }
}

/// Where one target or actual was read: row (or line) and column, in the indicator's sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellPosition {
    pub series: Series,
    pub year: FiscalYear,
    pub row: u32,
    pub column: u32,
}

/// An indicator of a plan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Indicator {
    pub name: String,
    /// How it is measured or where it comes from (まちづくり達成度アンケート).
    pub definition: Option<String>,
    pub goal: Option<GoalId>,
    pub outcome: Option<OutcomeId>,
    pub projects: Vec<ProjectId>,
    /// カテゴリ: 普及・啓発, 相談, 連携, 整備, 支援, 給付・補助 …
    pub category: Option<String>,
    /// 所管課 / 担当課
    pub department: Option<String>,
    pub unit: Option<Unit>,
    /// Polarity as stated by the sheet or a person; `None` means it is inferred at evaluation.
    pub polarity: Option<Polarity>,
    /// Accumulation as stated; `None` means it is inferred from the name and cells.
    pub accumulation: Option<Accumulation>,
    pub baseline: Option<Baseline>,
    pub targets: YearMap<Cell>,
    pub actuals: YearMap<Cell>,
    pub notes: Vec<NoteId>,
    /// The grade the city gave itself per year, as written (評価 column), to be checked against
    /// the computed one.
    pub self_assessments: YearMap<String>,
    /// Where each self-assessment was read: year, row (or line) and column in the indicator's
    /// sheet.
    pub self_assessment_cells: Vec<(FiscalYear, u32, u32)>,
    /// The 達成率 the sheet states per year, as written: kept beside the computed one.
    pub stated_achievements: YearMap<Cell>,
    /// Why a year has no actual, where someone has said (kept with the plan, not in sheets).
    pub blank_reasons: YearMap<BlankReason>,
    /// The group this indicator is for when a sheet splits one measure (就学前児童 / 小学生,
    /// 子ども / 大人): each group is an indicator of its own with the same name.
    pub group: Option<String>,
    /// Where the indicator's name was read.
    pub location: Option<Location>,
    /// Where each target and actual was read, in reading order: row and column in the sheet
    /// the indicator was read from (a list of 12-byte entries, not a map: it is written for
    /// every cell and read only to name the cell of a finding).
    pub cell_locations: Vec<CellPosition>,
    /// Values for a series and year the indicator already had, refused as they were recorded:
    /// `PlanBuilder::finish` reports each, so that a second value is never dropped unseen.
    pub(crate) refused: Vec<Refused>,
}

/// A second value for one series and year: the first stays, this one is reported.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Refused {
    pub series: Series,
    pub year: FiscalYear,
    pub cell: Cell,
    /// Row (or line) and column it was read at.
    pub at: Option<(u32, u32)>,
}

impl Indicator {
    /// An indicator named `name`; a name wrapped onto several lines in its cell is one line
    /// again (the cell's raw text stays where the location points).
    pub fn new(name: impl Into<String>) -> Indicator {
        let mut name = name.into();
        if name.contains(['\n', '\r']) {
            name = one_line(&name);
        }
        Indicator {
            name,
            ..Indicator::default()
        }
    }

    pub fn series(&self, series: Series) -> &YearMap<Cell> {
        match series {
            Series::Target => &self.targets,
            Series::Actual => &self.actuals,
        }
    }

    pub fn series_mut(&mut self, series: Series) -> &mut YearMap<Cell> {
        match series {
            Series::Target => &mut self.targets,
            Series::Actual => &mut self.actuals,
        }
    }

    /// Room for the targets and actuals of `years` fiscal years, reserved once.
    pub fn reserve_years(&mut self, years: usize) {
        self.targets
            .reserve_exact(years.saturating_sub(self.targets.len()));
        self.actuals
            .reserve_exact(years.saturating_sub(self.actuals.len()));
        self.cell_locations
            .reserve_exact((2 * years).saturating_sub(self.cell_locations.len()));
    }

    /// Records a cell read at `location`. Blank cells are not recorded: a blank is the absence
    /// of a figure, while `-` is a figure that says "nothing". Where a blank cell sits is kept,
    /// so that a finding about the missing figure can point at it.
    ///
    /// A second value for a series and year (平成31年度 and 令和元年度 are one year) does not
    /// replace the first: the sheet says two things, and which is meant is for a person to
    /// say. The first is kept, and the second is reported when the plan is finished.
    pub fn record(
        &mut self,
        series: Series,
        year: FiscalYear,
        cell: Cell,
        location: Option<Location>,
    ) {
        if self.series(series).contains_key(&year) {
            if !cell.is_blank() {
                self.refused.push(Refused {
                    series,
                    year,
                    cell,
                    at: location.map(|at| (at.line(), at.column())),
                });
            }
            // where the kept value was read stays where the year's cell is
            return;
        }
        if let Some(at) = location {
            self.cell_locations.push(CellPosition {
                series,
                year,
                row: at.line(),
                column: at.column(),
            });
        }
        if !cell.is_blank() {
            self.series_mut(series).insert(year, cell);
        }
    }

    /// Keeps where the blank cell of `series` in `year` is, so that a finding about the missing
    /// figure points at the cell to fill in.
    pub fn place_blank(&mut self, series: Series, year: FiscalYear, location: Location) {
        if self.series(series).contains_key(&year) {
            return;
        }
        self.cell_locations.push(CellPosition {
            series,
            year,
            row: location.line(),
            column: location.column(),
        });
    }

    /// The values refused as second values for a series and year, as findings; emptied.
    pub(crate) fn take_refused(&mut self) -> Vec<crate::finding::Finding> {
        use crate::finding::{Finding, FindingKind};
        let refused = std::mem::take(&mut self.refused);
        refused
            .into_iter()
            .map(|r| {
                let dropped_at = r.at.map(|(row, column)| self.in_own_sheet(row, column));
                let kept = self
                    .series(r.series)
                    .get(&r.year)
                    .map(|c| c.raw.trim().to_owned())
                    .unwrap_or_default();
                Finding::new(FindingKind::DuplicateValue {
                    indicator: self.name.clone(),
                    series: r.series,
                    year: r.year,
                    kept,
                    kept_at: self.location_of(r.series, r.year),
                    dropped: r.cell.raw.trim().to_owned(),
                    dropped_at: dropped_at.clone(),
                })
                .at(dropped_at)
            })
            .collect()
    }

    /// Where the cell of `series` in `year` was read.
    pub fn location_of(&self, series: Series, year: FiscalYear) -> Option<Location> {
        let p = self
            .cell_locations
            .iter()
            .rev()
            .find(|p| p.series == series && p.year == year)?;
        Some(self.in_own_sheet(p.row, p.column))
    }

    /// Records the grade the sheet gives itself for `year` (its 評価 cell), read at `location`.
    pub fn record_self_assessment(
        &mut self,
        year: FiscalYear,
        raw: impl Into<String>,
        location: Option<Location>,
    ) {
        if let Some(at) = location {
            self.self_assessment_cells
                .push((year, at.line(), at.column()));
        }
        self.self_assessments.insert(year, raw.into());
    }

    /// Where the sheet's own grade for `year` was read.
    pub fn self_assessment_location(&self, year: FiscalYear) -> Option<Location> {
        let &(_, row, column) = self
            .self_assessment_cells
            .iter()
            .rev()
            .find(|(y, _, _)| *y == year)?;
        Some(self.in_own_sheet(row, column))
    }

    /// A row and column of the sheet the indicator was read from.
    fn in_own_sheet(&self, row: u32, column: u32) -> Location {
        match &self.location {
            Some(Location::Sheet { sheet, .. }) => Location::Sheet {
                sheet: sheet.clone(),
                row,
                column,
            },
            _ => Location::Text { line: row, column },
        }
    }

    /// The unit the indicator is measured in: stated, or else the one its targets are written
    /// in, or else the one most of its actuals are written in.
    pub fn effective_unit(&self) -> Option<&Unit> {
        if let Some(u) = &self.unit {
            return Some(u);
        }
        most_common_unit(self.targets.values()).or_else(|| most_common_unit(self.actuals.values()))
    }

    /// The accumulation stated, or inferred with its reason.
    pub fn accumulation(&self) -> (Accumulation, &'static str) {
        if let Some(a) = self.accumulation {
            return (a, "指定");
        }
        let target_says_cumulative = self.targets.values().any(|c| {
            c.number()
                .is_some_and(|q| q.qualifier == Some(Qualifier::Cumulative))
        });
        let actual_says_cumulative = self.actuals.values().any(|c| {
            c.number()
                .is_some_and(|q| q.qualifier == Some(Qualifier::Cumulative))
        });
        let name_says_cumulative = self.name.contains("累計") || self.name.contains("累積");
        if target_says_cumulative && !actual_says_cumulative {
            (
                Accumulation::YearlySum,
                "目標値が「累計」で実績値は年ごとの値",
            )
        } else if name_says_cumulative || actual_says_cumulative {
            (Accumulation::RunningTotal, "指標名または実績値が「累計」")
        } else if self.counts_works_done() {
            (
                Accumulation::YearlySum,
                "指標名が整備・改修などの数で、目標は計画全体の1つだけ、実績値は年ごとの数(減る年がある)",
            )
        } else {
            (Accumulation::None, "累計の記載なし")
        }
    }

    /// True for a count of works done over the plan (公園の整備数, 施設の改修数) with one
    /// plan-wide target, whose actuals are each year's new works: they fall back (1, 0, 0),
    /// which a running total never does.
    fn counts_works_done(&self) -> bool {
        const WORKS: &[&str] = &[
            "整備", "改修", "改築", "修繕", "設置", "開設", "新設", "建設", "建替", "補修",
        ];
        const COUNTED: &[&str] = &["数", "件数", "箇所数", "か所数", "施設数"];
        // the words are kanji, which normalising leaves alone: most names have none of their
        // first characters and end here, in one pass
        let first = |c: char| matches!(c, '整' | '改' | '修' | '設' | '開' | '新' | '建' | '補');
        if !self.name.chars().any(first) || !WORKS.iter().any(|w| self.name.contains(w)) {
            return false;
        }
        let name = crate::text::compact(&self.name);
        let names_works = WORKS.iter().any(|w| {
            name.match_indices(w).any(|(at, _)| {
                let after = &name[at + w.len()..];
                let after = after.strip_prefix("した").unwrap_or(after);
                COUNTED.iter().any(|c| after.starts_with(c))
            })
        });
        if !names_works {
            return false;
        }
        let mut target_years = self
            .targets
            .iter()
            .filter(|(_, c)| c.number().is_some_and(|q| q.qualifier.is_none()));
        let one_target = target_years.next().is_some() && target_years.next().is_none();
        let values: Vec<f64> = self
            .actuals
            .values()
            .filter_map(|c| c.number().map(|q| q.value))
            .collect();
        one_target && values.windows(2).any(|w| w[1] < w[0])
    }

    /// The plan-end target: the target of the latest year that has a real one.
    pub fn final_target(&self) -> Option<(FiscalYear, &Cell)> {
        self.targets
            .iter()
            .rev()
            .find(|(_, c)| !matches!(c.value, CellValue::Empty | CellValue::Text))
            .map(|(y, c)| (*y, c))
    }
}

fn most_common_unit<'a>(cells: impl Iterator<Item = &'a Cell>) -> Option<&'a Unit> {
    let units: Vec<&Unit> = cells
        .filter_map(|c| c.number().and_then(|q| q.unit.as_ref()))
        .collect();
    let first = *units.first()?;
    if units.iter().all(|u| u.same_as(first)) {
        return Some(first);
    }
    // the most frequent; the first written wins a tie
    let count = |u: &Unit| units.iter().filter(|v| v.same_as(u)).count();
    let best = units.iter().map(|u| count(u)).max()?;
    units.iter().copied().find(|u| count(u) == best)
}

/// Joins the lines of a wrapped name or group: Japanese lines run on, Latin words keep a space.
pub(crate) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if latin(out.chars().next_back()) && latin(line.chars().next()) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::indicator;

    #[test]
    fn a_name_wrapped_in_its_cell_is_one_line() {
        assert_eq!(
            Indicator::new("子育て支援センター\r\n利用者数").name,
            "子育て支援センター利用者数"
        );
        assert_eq!(Indicator::new("LINE\nfriends 数").name, "LINE friends 数");
        assert_eq!(Indicator::new(" 相談件数 ").name, " 相談件数 ");
    }

    #[test]
    fn unit_comes_from_the_target_then_the_actuals() {
        let i = indicator(
            "利用者数",
            &[(2024, "8,000人")],
            &[(2021, "3,831件"), (2022, "3,895件")],
        );
        assert_eq!(i.effective_unit().map(Unit::as_str), Some("人"));
        let i = indicator(
            "利用者数",
            &[(2024, "8,000")],
            &[(2021, "3,831件"), (2022, "3,895件")],
        );
        assert_eq!(i.effective_unit().map(Unit::as_str), Some("件"));
    }

    #[test]
    fn blank_cells_are_not_recorded_but_dashes_are() {
        let i = indicator("x", &[(2020, "-"), (2021, "")], &[]);
        assert_eq!(i.targets.len(), 1);
    }

    #[test]
    fn accumulation_is_inferred_from_name_and_cells() {
        let line = indicator(
            "釜石市LINEの友達登録数(累計)",
            &[(2024, "5,000人")],
            &[(2020, "1,748人")],
        );
        assert_eq!(line.accumulation().0, Accumulation::RunningTotal);
        let lectures = indicator(
            "講座の定期開催(累計)",
            &[(2024, "累計10回")],
            &[(2020, "0回")],
        );
        assert_eq!(lectures.accumulation().0, Accumulation::YearlySum);
        let plain = indicator("相談件数", &[(2024, "150件")], &[(2020, "119件")]);
        assert_eq!(plain.accumulation().0, Accumulation::None);
    }

    #[test]
    fn works_done_each_year_sum_to_a_plan_wide_target() {
        let repairs = indicator(
            "老朽化した施設や公園の改修数",
            &[(2024, "※4か所")],
            &[
                (2020, "0か所"),
                (2021, "1か所"),
                (2022, "0か所"),
                (2023, "1か所"),
            ],
        );
        assert_eq!(repairs.accumulation().0, Accumulation::YearlySum);
        let benches = indicator(
            "ベンチの設置数",
            &[(2026, "30基")],
            &[(2022, "8基"), (2023, "5基"), (2024, "9基")],
        );
        assert_eq!(benches.accumulation().0, Accumulation::YearlySum);
        // rising every year: it may be a running total, so nothing is assumed
        let rising = indicator(
            "公園の整備数",
            &[(2024, "5か所")],
            &[(2020, "1か所"), (2021, "2か所"), (2022, "4か所")],
        );
        assert_eq!(rising.accumulation().0, Accumulation::None);
        // a target for every year is a yearly level
        let yearly = indicator(
            "公園の整備数",
            &[(2020, "1か所"), (2021, "1か所")],
            &[(2020, "1か所"), (2021, "0か所")],
        );
        assert_eq!(yearly.accumulation().0, Accumulation::None);
        // works not named: a count of uses that falls is a level
        let uses = indicator(
            "公園の利用者数",
            &[(2024, "8,000人")],
            &[(2020, "4,801人"), (2021, "3,831人")],
        );
        assert_eq!(uses.accumulation().0, Accumulation::None);
    }

    #[test]
    fn final_target_skips_dashes() {
        let i = indicator("x", &[(2018, "-"), (2020, "60"), (2021, "63")], &[]);
        assert_eq!(
            i.final_target()
                .map(|(y, c)| (y.start_year(), c.raw.as_str())),
            Some((2021, "63"))
        );
    }
}
