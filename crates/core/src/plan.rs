//! The plan (計画) and everything it holds: the goal tree, projects, outcomes, indicators,
//! notes and the findings made while reading it. Parts refer to each other by typed id.

use crate::finding::Finding;
use crate::fiscal_year::FiscalYear;
use crate::ids::{GoalId, IndicatorId, NoteId, OutcomeId, ProjectId};
use crate::indicator::Indicator;
use crate::location::Location;
use serde::{Deserialize, Serialize};

/// A plan as read from a sheet or kept in the database.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub title: Option<String>,
    pub municipality: Option<String>,
    pub period: Option<PlanPeriod>,
    /// How the period is known; `None` with no period.
    pub period_source: Option<PeriodSource>,
    /// The fiscal years the sheet has columns for, in order.
    pub fiscal_years: Vec<FiscalYear>,
    pub goals: Vec<Goal>,
    pub projects: Vec<Project>,
    pub outcomes: Vec<Outcome>,
    pub indicators: Vec<Indicator>,
    pub notes: Vec<Note>,
    pub findings: Vec<Finding>,
}

/// How a plan's period is known, least sure first. Only a stated or statutory period says
/// where the plan ends: the last column of a sheet is only where the sheet stops.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum PeriodSource {
    /// Read off the sheet's year columns, from the first year that has a target.
    SheetColumns,
    /// The term the law fixes for the plan the title names (第2期 子ども・子育て支援事業計画).
    Statutory,
    /// Written in the sheet: its title, a line of its own, a 計画期間 column.
    #[default]
    Stated,
}

impl PeriodSource {
    /// True when the period's last year is the plan's end, not only the sheet's last column.
    pub fn knows_the_end(self) -> bool {
        !matches!(self, PeriodSource::SheetColumns)
    }
}

impl std::fmt::Display for PeriodSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PeriodSource::Stated => "シートに記載",
            PeriodSource::Statutory => "法定の計画期間",
            PeriodSource::SheetColumns => "表の年度から推定",
        })
    }
}

/// The fiscal years a plan runs over (第2期: 令和2年度〜令和6年度).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PlanPeriod {
    pub first: FiscalYear,
    pub last: FiscalYear,
}

impl PlanPeriod {
    /// A period; the years are put in order whichever way they are given.
    pub fn new(a: FiscalYear, b: FiscalYear) -> PlanPeriod {
        PlanPeriod {
            first: a.min(b),
            last: a.max(b),
        }
    }

    /// The period a text states: `令和2年度〜令和6年度`, `令和2～6年度`, `2020年度から2024年度`,
    /// `R2-R6`. The second year may leave out its era (it is the first's). Two-digit years need
    /// `era`, as in [`crate::fiscal_year::find_in`].
    pub fn find_in(text: &str, era: Option<crate::era::Era>) -> Option<PlanPeriod> {
        const SEPARATORS: &[&str] = &["〜", "~", "-", "ー", "−", "―", "から", "より"];
        let t = crate::text::nfkc(text);
        let t = t.as_ref();
        let mut from = 0;
        // a period may follow other years (令和5年度 報告: 令和2年度〜令和6年度)
        while let Some((first, at)) = crate::fiscal_year::find_in(&t[from..], era) {
            let end = from + at.end;
            let rest = t[end..].trim_start();
            if let Some(sep) = SEPARATORS.iter().find(|s| rest.starts_with(**s)) {
                let after = rest[sep.len()..].trim_start();
                let (first_era, _) = first.era_year();
                if let Some(last) = crate::fiscal_year::find_in(after, Some(first_era))
                    .filter(|(last, at)| at.start == 0 && *last >= first)
                    .map(|(last, _)| last)
                {
                    return Some(PlanPeriod::new(first, last));
                }
            }
            from = end;
        }
        None
    }

    pub fn contains(&self, y: FiscalYear) -> bool {
        (self.first..=self.last).contains(&y)
    }

    /// Number of fiscal years in the period.
    pub fn len(&self) -> u32 {
        (self.first.years_until(self.last) + 1) as u32
    }

    pub fn is_empty(&self) -> bool {
        false
    }
}

/// A node of the goal tree: 基本目標, 施策, プロジェクト, ①…, to any depth.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub title: String,
    pub parent: Option<GoalId>,
    pub location: Option<Location>,
}

/// A project (事業) with its number as written, marks included.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub number: Option<ProjectNumber>,
    pub name: String,
    pub category: Option<String>,
    pub goal: Option<GoalId>,
    pub location: Option<Location>,
}

/// A project number such as `★☑`, `★41`, `★☒2` or `116`: the raw text is kept whole, the
/// marks and the digits are read out of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProjectNumber {
    pub raw: String,
    pub digits: Option<String>,
    pub marks: Vec<ProjectMark>,
}

/// A mark on a project number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectMark {
    /// ★ 重点 (priority)
    Priority,
    /// ☑
    Checked,
    /// ☒
    Crossed,
    /// ☆ ◎ ● ○ ◆ and others, kept as written
    Other(char),
}

impl ProjectMark {
    fn from_char(c: char) -> Option<ProjectMark> {
        match c {
            '★' => Some(ProjectMark::Priority),
            '☑' | '✓' | '✔' => Some(ProjectMark::Checked),
            '☒' | '✗' | '✘' => Some(ProjectMark::Crossed),
            '☆' | '◎' | '●' | '○' | '◆' | '◇' | '■' | '□' | '▲' | '△' | '♦' | '※' | '☐' => {
                Some(ProjectMark::Other(c))
            }
            _ => None,
        }
    }
}

impl ProjectNumber {
    /// Reads a project number: marks and digits only (`★☒2`, `116`, `★☑`, `No.5`). Anything
    /// else is not a project number.
    pub fn parse(raw: &str) -> Option<ProjectNumber> {
        let t = crate::text::normalize(raw);
        let body = t
            .strip_prefix("No.")
            .or_else(|| t.strip_prefix("No"))
            .or_else(|| t.strip_prefix("no."))
            .unwrap_or(&t)
            .trim();
        if body.is_empty() {
            return None;
        }
        let mut marks = Vec::new();
        let mut digits = String::new();
        for c in body.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else if let Some(m) = ProjectMark::from_char(c) {
                if !digits.is_empty() {
                    return None;
                }
                marks.push(m);
            } else if c == '-' && !digits.is_empty() {
                // 3-1: a sub-number
                digits.push('-');
            } else {
                return None;
            }
        }
        if digits.ends_with('-') || (digits.is_empty() && marks.is_empty()) || digits.len() > 8 {
            return None;
        }
        Some(ProjectNumber {
            raw: raw.trim().to_owned(),
            digits: (!digits.is_empty()).then_some(digits),
            marks,
        })
    }

    /// True when `raw` would parse as a project number; allocates nothing, for classifying
    /// many cells.
    pub fn looks_like(raw: &str) -> bool {
        let t = raw.trim();
        let body = t
            .strip_prefix("No.")
            .or_else(|| t.strip_prefix("No"))
            .unwrap_or(t);
        let mut digits = 0;
        let mut marks = 0;
        let mut last = ' ';
        for c in body.trim().chars() {
            match c {
                '0'..='9' => digits += 1,
                '-' if digits > 0 => {}
                c if digits == 0 && ProjectMark::from_char(c).is_some() => marks += 1,
                // full-width digits and the like: let the parser decide
                c if !c.is_ascii() => return ProjectNumber::parse(raw).is_some(),
                _ => return false,
            }
            last = c;
        }
        (digits > 0 || marks > 0) && digits <= 8 && last != '-'
    }

    pub fn is_priority(&self) -> bool {
        self.marks.contains(&ProjectMark::Priority)
    }
}

/// An outcome statement (成果目標), shared by the projects working towards it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub statement: String,
    pub projects: Vec<ProjectId>,
    pub goal: Option<GoalId>,
}

/// A footnote (※ …) and where it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub text: String,
    pub location: Option<Location>,
}

impl Plan {
    pub fn goal(&self, id: GoalId) -> &Goal {
        &self.goals[id.index()]
    }

    pub fn project(&self, id: ProjectId) -> &Project {
        &self.projects[id.index()]
    }

    pub fn outcome(&self, id: OutcomeId) -> &Outcome {
        &self.outcomes[id.index()]
    }

    pub fn indicator(&self, id: IndicatorId) -> &Indicator {
        &self.indicators[id.index()]
    }

    pub fn note(&self, id: NoteId) -> &Note {
        &self.notes[id.index()]
    }

    pub fn indicator_ids(&self) -> impl Iterator<Item = IndicatorId> + use<> {
        (0..self.indicators.len()).map(IndicatorId::from_index)
    }

    /// The titles from the root of the goal tree down to `goal`.
    pub fn path(&self, goal: Option<GoalId>) -> Vec<&str> {
        let mut path: Vec<&str> = self
            .goal_and_ancestors(goal)
            .map(|id| self.goal(id).title.as_str())
            .collect();
        path.reverse();
        path
    }

    /// `goal`, its parent, and so on up to the root.
    pub fn goal_and_ancestors(&self, goal: Option<GoalId>) -> impl Iterator<Item = GoalId> + '_ {
        // a parent always precedes its child, so this walk ends; the bound guards a bad tree
        std::iter::successors(goal, |id| self.goal(*id).parent).take(self.goals.len() + 1)
    }

    /// The projects of an indicator: its own, else those of its outcome.
    pub fn projects_of(&self, indicator: &Indicator) -> Vec<ProjectId> {
        if !indicator.projects.is_empty() {
            return indicator.projects.clone();
        }
        indicator
            .outcome
            .map(|o| self.outcome(o).projects.clone())
            .unwrap_or_default()
    }

    /// The plan's period: stated, else the span of the sheet's fiscal years.
    pub fn effective_period(&self) -> Option<PlanPeriod> {
        self.period.or_else(|| {
            let first = self.fiscal_years.iter().min()?;
            let last = self.fiscal_years.iter().max()?;
            Some(PlanPeriod::new(*first, *last))
        })
    }

    /// The years of the plan's period, first to last (the sheet's years when it states none).
    pub fn period_years(&self) -> Vec<FiscalYear> {
        let Some(period) = self.effective_period() else {
            return self.fiscal_years.clone();
        };
        std::iter::successors(Some(period.first), |y| {
            y.next().filter(|n| *n <= period.last)
        })
        .collect()
    }

    /// Every year the plan spans or has figures for, first to last: with the years before the
    /// plan whose actuals are its baseline, as a page or a council sheet lays them out.
    pub fn all_years(&self) -> Vec<FiscalYear> {
        let mut years = self.period_years();
        years.extend(self.fiscal_years.iter().copied());
        years.sort();
        years.dedup();
        years
    }

    /// How the effective period is known: a sheet without one is read off its columns.
    pub fn effective_period_source(&self) -> PeriodSource {
        match self.period {
            Some(_) => self.period_source.unwrap_or(PeriodSource::Stated),
            None => PeriodSource::SheetColumns,
        }
    }

    /// The year `evaluate` looks at unless told: the latest year of the plan's period that has
    /// an actual. `Err` with the period's first year when no year of the period has one yet
    /// (the actuals so far are the baseline), `Err(None)` when nothing tells a year at all.
    pub fn default_evaluation_year(&self) -> Result<FiscalYear, Option<FiscalYear>> {
        let Some(period) = self.effective_period() else {
            return self.latest_actual_year().ok_or(None);
        };
        let latest_in_period = self
            .indicators
            .iter()
            .flat_map(|i| i.actuals.iter())
            .filter(|(y, c)| {
                period.contains(**y) && !matches!(c.value, crate::cell::CellValue::Empty)
            })
            .map(|(y, _)| *y)
            .max();
        latest_in_period.ok_or(Some(period.first))
    }

    /// True when `year` is a year of the plan: within its period, or a year some indicator
    /// has a target or an actual for. A year outside is most likely a mistyped one.
    pub fn covers(&self, year: FiscalYear) -> bool {
        self.effective_period().is_some_and(|p| p.contains(year))
            || self
                .indicators
                .iter()
                .any(|i| i.targets.contains_key(&year) || i.actuals.contains_key(&year))
    }

    /// The latest fiscal year for which any indicator has an actual figure.
    pub fn latest_actual_year(&self) -> Option<FiscalYear> {
        self.indicators
            .iter()
            .filter_map(|i| {
                i.actuals
                    .iter()
                    .rev()
                    .find(|(_, c)| !matches!(c.value, crate::cell::CellValue::Empty))
                    .map(|(y, _)| *y)
            })
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_numbers_keep_their_marks() {
        let n = ProjectNumber::parse("★☒2").expect("a number");
        assert_eq!(n.marks, vec![ProjectMark::Priority, ProjectMark::Crossed]);
        assert_eq!(n.digits.as_deref(), Some("2"));
        assert_eq!(n.raw, "★☒2");
        let n = ProjectNumber::parse("★☑").expect("a number");
        assert_eq!(n.digits, None);
        assert!(n.is_priority());
        assert_eq!(
            ProjectNumber::parse("116").and_then(|n| n.digits),
            Some("116".into())
        );
        assert_eq!(
            ProjectNumber::parse("No.5").and_then(|n| n.digits),
            Some("5".into())
        );
        assert_eq!(
            ProjectNumber::parse("3-1").and_then(|n| n.digits),
            Some("3-1".into())
        );
    }

    #[test]
    fn names_are_not_project_numbers() {
        for s in [
            "保育所",
            "",
            "12人",
            "2,068",
            "51.4",
            "1★",
            "目標値",
            "3-",
            "123456789",
        ] {
            assert_eq!(ProjectNumber::parse(s), None, "{s}");
            assert!(!ProjectNumber::looks_like(s), "{s}");
        }
        for s in ["★☒2", "116", "★☑", "No.5", "3-1", "１１６", " 12 "] {
            assert!(ProjectNumber::looks_like(s), "{s}");
            assert!(ProjectNumber::parse(s).is_some(), "{s}");
        }
    }

    #[test]
    fn a_period_is_found_in_a_title() {
        let period = |t: &str| {
            PlanPeriod::find_in(t, None).map(|p| (p.first.start_year(), p.last.start_year()))
        };
        assert_eq!(
            period("第2期こども計画(令和2年度〜令和6年度) 成果指標"),
            Some((2020, 2024))
        );
        assert_eq!(period("計画期間:令和2～6年度"), Some((2020, 2024)));
        assert_eq!(period("2020年度から2024年度まで"), Some((2020, 2024)));
        assert_eq!(period("R2-R6"), Some((2020, 2024)));
        assert_eq!(
            period("令和5年度 進捗報告 (計画期間 令和2年度〜令和6年度)"),
            Some((2020, 2024))
        );
        assert_eq!(period("平成27年度〜平成31年度"), Some((2015, 2019)));
        assert_eq!(period("令和5年度 施策評価シート"), None);
        assert_eq!(period("令和6年度〜令和2年度"), None);
        // the long CSV writes a one-year plan so
        assert_eq!(period("令和5年度〜令和5年度"), Some((2023, 2023)));
    }

    #[test]
    fn a_plan_covers_its_period_and_the_years_it_has_figures_for() {
        let fy = |y| FiscalYear::new(y).expect("a year");
        let mut plan = Plan {
            period: Some(PlanPeriod::new(fy(2020), fy(2024))),
            ..Plan::default()
        };
        let mut ind = Indicator::new("相談件数");
        ind.record(
            crate::indicator::Series::Actual,
            fy(2018),
            crate::cell::Cell::read("12"),
            None,
        );
        plan.indicators.push(ind);
        assert!(plan.covers(fy(2022)));
        assert!(plan.covers(fy(2018)));
        assert!(!plan.covers(fy(2019)));
        assert!(!plan.covers(fy(2117)));
    }

    #[test]
    fn period_counts_its_years() {
        let p = PlanPeriod::new(
            FiscalYear::new(2024).expect("in range"),
            FiscalYear::new(2020).expect("in range"),
        );
        assert_eq!(p.first.start_year(), 2020);
        assert_eq!(p.len(), 5);
    }
}
