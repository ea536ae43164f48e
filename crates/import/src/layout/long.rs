//! The long layout: one row per indicator × fiscal year (× 目標値/実績値), as databases and
//! open-data portals export, and as `shinchoku read --csv` writes. The year is a column (年度),
//! the kind a column (区分) or the value columns themselves (目標値 | 実績値); every other
//! column says which indicator the row belongs to.

use super::describe::describe;
use super::{Layout, Recognition, SheetContext, SheetRows};
use crate::grid::{DelimitedRows, Grid, Locator, Row};
use crate::header::{self, Role, label_of, role_of};
use shinchoku_core::ids::{GoalId, IndicatorId, OutcomeId, ProjectId};
use shinchoku_core::indicator::Baseline;
use shinchoku_core::long::{self, LIST_SEPARATOR};
use shinchoku_core::plan::{Outcome, Project, ProjectNumber};
use shinchoku_core::text::compact;
use shinchoku_core::vocabulary::{Kind, kind_of};
use shinchoku_core::{Cell, Finding, FindingKind, Indicator, PlanBuilder, Series};
use std::borrow::Borrow;
use std::collections::HashMap;

/// The long layout.
#[derive(Debug, Clone, Copy)]
pub struct Long;

/// What a column of a long sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    Role(Role),
    /// 区分: 目標値 / 実績値 / 基準値 / 自己評価
    Kind,
    /// A value column named for its series (目標値, 実績値).
    Series(Series),
}

#[derive(Debug)]
pub(crate) struct Header {
    pub(crate) row: usize,
    pub(crate) columns: Vec<(usize, Column)>,
}

impl Header {
    pub(crate) fn find(&self, c: Column) -> Option<usize> {
        self.columns.iter().find(|(_, k)| *k == c).map(|(i, _)| *i)
    }

    pub(crate) fn all(&self, c: Column) -> impl Iterator<Item = usize> + '_ {
        self.columns
            .iter()
            .filter(move |(_, k)| *k == c)
            .map(|(i, _)| *i)
    }
}

pub(crate) fn find_header(grid: &Grid) -> Option<Header> {
    grid.rows.iter().enumerate().take(60).find_map(|(i, row)| {
        let mut columns: Vec<(usize, Column)> = Vec::new();
        for (c, t) in row.filled() {
            if let Some(s) = label_of(t).filter(|_| compact(t).chars().count() <= 4) {
                columns.push((c, Column::Series(s)));
            } else if let Some(r) = role_of(t) {
                columns.push((c, Column::Role(r)));
            }
        }
        let has = |r: Role| columns.iter().any(|(_, k)| *k == Column::Role(r));
        let values =
            has(Role::Value) || columns.iter().any(|(_, k)| matches!(k, Column::Series(_)));
        if !(has(Role::Indicator) && has(Role::FiscalYear) && values) {
            return None;
        }
        // a long sheet's years are down its 年度 column; a heading with years across
        // (`目標 | 平成32年 | 23年度 | 24年度`) is a list whose 年度 column dates one value
        let era = row
            .filled()
            .find_map(|(_, t)| shinchoku_core::fiscal_year::era_named_in(t));
        let years_across = row
            .filled()
            .filter(|(_, t)| crate::header::year_of(t, era).is_some())
            .count();
        if years_across >= 2 {
            return None;
        }
        // 区分 names a category in a matrix and the kind here: the cells below decide
        let sample: Vec<&Row> = grid.rows[i + 1..]
            .iter()
            .filter(|r| !r.is_blank())
            .take(50)
            .collect();
        for (c, k) in &mut columns {
            if matches!(k, Column::Role(Role::Category | Role::Value)) {
                let filled: Vec<&str> = sample
                    .iter()
                    .map(|r| r.cell(*c))
                    .filter(|t| !t.trim().is_empty())
                    .collect();
                let kinds = filled.iter().filter(|t| kind_of(t).is_some()).count();
                if !filled.is_empty() && kinds * 2 > filled.len() {
                    *k = Column::Kind;
                }
            }
        }
        Some(Header { row: i, columns })
    })
}

impl Layout for Long {
    type Found = Header;

    fn name(&self) -> &'static str {
        "long"
    }

    fn description(&self) -> &'static str {
        "縦持ち型: 指標・年度・区分(目標値/実績値)・値が1行ずつ並ぶ表 (shinchoku の CSV 出力もこの形)"
    }

    fn recognise(&self, grid: &Grid, ctx: &SheetContext) -> (Recognition, Option<Header>) {
        match find_header(grid) {
            Some(h) => (recognition(grid, ctx, &h), Some(h)),
            None => (
                Recognition::none(
                    "「指標」「年度」「値(または目標値・実績値)」の列がそろった見出し行がありません",
                ),
                None,
            ),
        }
    }

    fn read(&self, header: Header, grid: &Grid, ctx: &SheetContext, plan: &mut PlanBuilder) {
        let start = header.row + 1;
        let data = || grid.rows[start..].iter();
        let scan = PlanLevelScan::new(&header).over(data());
        LongReader::new(grid.locator(), ctx, header, plan, scan).read(data());
    }

    fn read_rows(
        &self,
        header: Header,
        rows: SheetRows<'_>,
        ctx: &SheetContext,
        plan: &mut PlanBuilder,
    ) -> Result<(), Header> {
        match rows {
            SheetRows::Text { text, delimiter } => read_text(text, delimiter, header, ctx, plan),
            SheetRows::Stream { rows, locator } => read_rows(rows, locator, header, ctx, plan),
        }
        Ok(())
    }
}

/// How well a long sheet's header and the rows under it fit.
fn recognition(grid: &Grid, ctx: &SheetContext, h: &Header) -> Recognition {
    let mut r = Recognition::default();
    r.add(
        0.5,
        format!("{}行目に指標・年度・値の列見出し", grid.rows[h.row].line),
    );
    let Some(year_col) = h.find(Column::Role(Role::FiscalYear)) else {
        return r;
    };
    let rows: Vec<&Row> = grid.rows[h.row + 1..]
        .iter()
        .filter(|r| !r.is_blank())
        .take(200)
        .collect();
    // a row without a year (a 基準値) says nothing of the column; a year the grammar cannot
    // read (令和4・5年度, 2023/24) is a cell to report when the sheet is read, and a few of
    // them must not make a long sheet look like another layout
    let written: Vec<&str> = rows
        .iter()
        .map(|row| row.cell(year_col).trim())
        .filter(|t| !t.is_empty())
        .collect();
    let unread: Vec<&str> = written
        .iter()
        .copied()
        .filter(|t| header::year_of(t, ctx.era).is_none())
        .collect();
    if !written.is_empty() {
        let years = written.len() - unread.len();
        let share = years as f64 / written.len() as f64;
        let mut reason = format!("年度の列が読める行が{years}/{}行", written.len());
        if !unread.is_empty() {
            let shown: Vec<String> = unread.iter().take(3).map(|t| format!("「{t}」")).collect();
            reason.push_str(&format!("(年度として読めない: {})", shown.join("")));
        }
        r.add(if share >= 0.75 { 0.4 } else { 0.4 * share }, reason);
    }
    if h.find(Column::Kind).is_some() {
        r.add(0.1, "区分の列に目標値・実績値");
    } else if h
        .columns
        .iter()
        .any(|(_, k)| matches!(k, Column::Series(_)))
    {
        r.add(0.1, "目標値・実績値の列");
    }
    r
}

/// Reads a long text file straight from its text, row by row, without a grid of all its rows:
/// its first rows gave the layout and the header.
fn read_text(
    text: &str,
    delimiter: u8,
    header: Header,
    ctx: &SheetContext,
    plan: &mut PlanBuilder,
) {
    let start = header.row + 1;
    let data = || DelimitedRows::new(text, delimiter).skip(start);
    let scan = PlanLevelScan::new(&header).over(data());
    LongReader::new(Locator::default(), ctx, header, plan, scan).read(data());
}

/// Reads a long sheet from rows that come one at a time and cannot be read twice (a workbook
/// sheet still being parsed): the rows the plan-level scan looks at are kept for the reading.
fn read_rows(
    rows: &mut dyn Iterator<Item = Row>,
    locator: Locator,
    header: Header,
    ctx: &SheetContext,
    plan: &mut PlanBuilder,
) {
    let mut rows = rows.skip(header.row + 1);
    let mut scan = PlanLevelScan::new(&header);
    let mut seen: Vec<Row> = Vec::new();
    if !scan.done() {
        for row in rows.by_ref() {
            let done = scan.see(&row);
            seen.push(row);
            if done {
                break;
            }
        }
    }
    LongReader::new(locator, ctx, header, plan, scan).read(seen.into_iter().chain(rows));
}

struct LongReader<'g, 'p> {
    locator: Locator,
    ctx: &'g SheetContext,
    header: Header,
    plan: &'p mut PlanBuilder,
    /// Columns that say which indicator a row belongs to.
    key_columns: Vec<usize>,
    indicators: HashMap<String, IndicatorId>,
    /// Years the last finished indicator had, reserved for each new one.
    years_per_indicator: usize,
    goals: HashMap<(Option<GoalId>, String), GoalId>,
    outcomes: HashMap<(Option<GoalId>, String), OutcomeId>,
    projects: HashMap<(Option<String>, String), ProjectId>,
    /// Plan-level columns whose value is the same on every row: they describe the plan, not
    /// a level of the goal path.
    plan_level: Vec<usize>,
    /// Columns the header names, by index: a cell elsewhere is reported.
    known: Vec<bool>,
}

/// Plan-level columns (計画, 団体, 計画期間) with one value on every row describe the plan, not a
/// level of the goal path. The scan looks at rows until each has shown a second value.
struct PlanLevelScan {
    candidates: Vec<(usize, Role)>,
    first: Vec<Option<String>>,
    varies: Vec<bool>,
    /// The first value unlike the first, for each candidate that varies.
    other: Vec<Option<String>>,
}

impl PlanLevelScan {
    fn new(header: &Header) -> PlanLevelScan {
        let candidates: Vec<(usize, Role)> = [Role::PlanName, Role::Municipality, Role::Period]
            .into_iter()
            .flat_map(|r| header.all(Column::Role(r)).map(move |c| (c, r)))
            .collect();
        PlanLevelScan {
            first: vec![None; candidates.len()],
            varies: vec![false; candidates.len()],
            other: vec![None; candidates.len()],
            candidates,
        }
    }

    /// True when no more rows need be seen.
    fn done(&self) -> bool {
        self.varies.iter().all(|v| *v)
    }

    /// Looks at one row; true when no more rows need be seen.
    fn see(&mut self, row: &Row) -> bool {
        if row.is_blank() {
            return self.done();
        }
        for (k, (c, _)) in self.candidates.iter().enumerate() {
            let v = row.cell(*c).trim();
            match &self.first[k] {
                None => self.first[k] = Some(v.to_owned()),
                Some(f) if f != v && !self.varies[k] => {
                    self.varies[k] = true;
                    self.other[k] = Some(v.to_owned());
                }
                Some(_) => {}
            }
        }
        self.done()
    }

    /// Scans `rows` as far as it needs.
    fn over<R: Borrow<Row>>(mut self, rows: impl Iterator<Item = R>) -> PlanLevelScan {
        if !self.done() {
            for row in rows {
                if self.see(row.borrow()) {
                    break;
                }
            }
        }
        self
    }
}

impl<'g, 'p> LongReader<'g, 'p> {
    fn new(
        locator: Locator,
        ctx: &'g SheetContext,
        header: Header,
        plan: &'p mut PlanBuilder,
        scan: PlanLevelScan,
    ) -> Self {
        let PlanLevelScan {
            candidates,
            first,
            varies,
            other,
        } = scan;
        let mut plan_level = Vec::new();
        for (k, (c, role)) in candidates.iter().enumerate() {
            if varies[k] {
                if let (Role::Municipality, Some(first), Some(other)) =
                    (role, first[k].as_ref(), other[k].as_ref())
                    && !first.is_empty()
                    && !other.is_empty()
                {
                    plan.report(Finding::new(FindingKind::SeveralMunicipalities {
                        first: first.clone(),
                        other: other.clone(),
                    }));
                }
                continue;
            }
            plan_level.push(*c);
            let value = first[k].clone().unwrap_or_default();
            match role {
                Role::PlanName if !value.is_empty() => plan.set_title(value),
                Role::Municipality if !value.is_empty() => plan.set_municipality(value),
                Role::Period => {
                    if let Some((period, source)) = long::read_period(&value, ctx.era) {
                        plan.set_period_from(period, source);
                    }
                }
                _ => {}
            }
        }
        let key_columns = header
            .columns
            .iter()
            .filter(|(c, k)| {
                !plan_level.contains(c)
                    && !matches!(
                        k,
                        Column::Kind
                            | Column::Series(_)
                            | Column::Role(Role::FiscalYear | Role::Value)
                    )
            })
            .map(|(c, _)| *c)
            .collect();
        let width = header.columns.iter().map(|(c, _)| c + 1).max().unwrap_or(0);
        let mut known = vec![false; width];
        for (c, _) in &header.columns {
            known[*c] = true;
        }
        LongReader {
            known,
            locator,
            ctx,
            header,
            plan,
            key_columns,
            indicators: HashMap::new(),
            years_per_indicator: 0,
            goals: HashMap::new(),
            outcomes: HashMap::new(),
            projects: HashMap::new(),
            plan_level,
        }
    }

    fn column(&self, role: Role) -> Option<usize> {
        self.header.find(Column::Role(role))
    }

    fn text<'r>(&self, row: &'r Row, role: Role) -> Option<&'r str> {
        self.column(role)
            .map(|c| row.cell(c).trim())
            .filter(|t| !t.is_empty())
    }

    fn read<R: Borrow<Row>>(mut self, data: impl Iterator<Item = R>) {
        let mut previous: Option<IndicatorId> = None;
        for row in data {
            let row = row.borrow();
            if row.is_blank() {
                continue;
            }
            let Some(id) = self.indicator_of(row) else {
                continue;
            };
            // a long file usually lists an indicator's years together: the years the last one
            // had are reserved for the next at once, where growth by doubling would leave up
            // to half of each year map unused
            if let Some(done) = previous.filter(|p| *p != id) {
                let ind = &self.plan.plan().indicators[done.index()];
                self.years_per_indicator = ind.targets.len().max(ind.actuals.len());
            }
            previous = Some(id);
            self.read_values(row, id);
            // a column whose header names nothing read here: reported, never dropped unseen
            for (c, _) in row.filled() {
                if !self.known.get(c).copied().unwrap_or(false) {
                    self.unplaced(row, c, "見出しから何の列か分からないセル");
                }
            }
        }
    }

    /// The indicator a row belongs to, made on its first row.
    fn indicator_of(&mut self, row: &Row) -> Option<IndicatorId> {
        let key = match self.column(Role::IndicatorNumber) {
            Some(c) if !row.cell(c).trim().is_empty() => row.cell(c).trim().to_owned(),
            _ => self
                .key_columns
                .iter()
                .map(|c| row.cell(*c).trim())
                .collect::<Vec<_>>()
                .join("\u{1F}"),
        };
        if let Some(id) = self.indicators.get(&key) {
            return Some(*id);
        }
        let Some(name) = self.text(row, Role::Indicator) else {
            let c = self.column(Role::Indicator).unwrap_or(0);
            self.unplaced(row, c, "指標名のない行");
            return None;
        };
        let goal = self.goal_of(row);
        let mut ind = Indicator::new(name);
        ind.goal = goal;
        ind.location = Some(
            self.locator
                .location(row, self.column(Role::Indicator).unwrap_or(0)),
        );
        ind.category = self.text(row, Role::Category).map(str::to_owned);
        ind.group = self.text(row, Role::Group).map(str::to_owned);
        describe(&mut ind, |role| self.text(row, role));
        let outcome = self.text(row, Role::Outcome).map(|s| self.outcome(goal, s));
        ind.outcome = outcome;
        let projects = self.projects_of(row, goal);
        match outcome {
            Some(o) => {
                let list = &mut self.plan.outcome_mut(o).projects;
                for p in projects {
                    if !list.contains(&p) {
                        list.push(p);
                    }
                }
            }
            None => ind.projects = projects,
        }
        let notes = self.text(row, Role::Notes).map(str::to_owned);
        ind.reserve_years(self.years_per_indicator);
        let id = self.plan.add_indicator(ind);
        for note in notes
            .iter()
            .flat_map(|n| n.split(LIST_SEPARATOR))
            .filter(|n| !n.trim().is_empty())
        {
            self.plan.add_note(note.trim(), None, &[id]);
        }
        self.indicators.insert(key, id);
        Some(id)
    }

    /// The goal path of a row: a plan or municipality column that varies, then the goal
    /// columns, left to right.
    fn goal_of(&mut self, row: &Row) -> Option<GoalId> {
        let mut parent = None;
        let levels: Vec<usize> = self
            .header
            .columns
            .iter()
            .filter(|(c, k)| {
                !self.plan_level.contains(c)
                    && matches!(
                        k,
                        Column::Role(Role::PlanName | Role::Municipality | Role::Goal)
                    )
            })
            .map(|(c, _)| *c)
            .collect();
        for c in levels {
            let title = row.cell(c).trim();
            if title.is_empty() {
                continue;
            }
            let key = (parent, title.to_owned());
            let id = match self.goals.get(&key) {
                Some(id) => *id,
                None => {
                    let id = self
                        .plan
                        .add_goal(parent, title, Some(self.locator.location(row, c)));
                    self.goals.insert(key, id);
                    id
                }
            };
            parent = Some(id);
        }
        parent.or(self.ctx.root)
    }

    fn outcome(&mut self, goal: Option<GoalId>, statement: &str) -> OutcomeId {
        let key = (goal, statement.to_owned());
        if let Some(id) = self.outcomes.get(&key) {
            return *id;
        }
        let id = self.plan.add_outcome(Outcome {
            statement: statement.to_owned(),
            projects: Vec::new(),
            goal,
        });
        self.outcomes.insert(key, id);
        id
    }

    /// The projects of a row: each line of the 事業 column (`[番号] 事業名`), with the 番号
    /// column's number when there is one project.
    fn projects_of(&mut self, row: &Row, goal: Option<GoalId>) -> Vec<ProjectId> {
        let Some(text) = self.text(row, Role::Project).map(str::to_owned) else {
            return Vec::new();
        };
        let number_column = self.text(row, Role::Number).map(str::to_owned);
        let lines: Vec<&str> = text
            .split(LIST_SEPARATOR)
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let single = lines.len() == 1;
        let mut out = Vec::new();
        for line in lines {
            let (number, name) = match line.strip_prefix('[').and_then(|r| r.split_once(']')) {
                Some((n, name)) => (Some(n.to_owned()), name.trim().to_owned()),
                None if single => (number_column.clone(), line.to_owned()),
                None => (None, line.to_owned()),
            };
            let key = (number.clone(), name.clone());
            let id = match self.projects.get(&key) {
                Some(id) => *id,
                None => {
                    let id = self.plan.add_project(Project {
                        number: number.as_deref().and_then(ProjectNumber::parse),
                        name,
                        category: self.text(row, Role::Category).map(str::to_owned),
                        goal,
                        location: Some(
                            self.locator
                                .location(row, self.column(Role::Project).unwrap_or(0)),
                        ),
                    });
                    self.projects.insert(key, id);
                    id
                }
            };
            out.push(id);
        }
        out
    }

    fn read_values(&mut self, row: &Row, id: IndicatorId) {
        let year_col = self.column(Role::FiscalYear);
        let year_text = year_col.map(|c| row.cell(c).trim()).unwrap_or("");
        let year = if year_text.is_empty() {
            None
        } else {
            match header::year_of(year_text, self.ctx.era) {
                Some(y) => Some(y),
                None => {
                    let c = year_col.unwrap_or(0);
                    self.plan.report(
                        Finding::new(FindingKind::YearNotUnderstood {
                            raw: year_text.to_owned(),
                            reason: "年度として読めません".into(),
                        })
                        .at(Some(self.locator.location(row, c)))
                        .about(id),
                    );
                    return;
                }
            }
        };
        let kind_cell = self
            .header
            .find(Column::Kind)
            .map(|c| (c, row.cell(c).trim()));
        let mut values: Vec<(usize, Kind)> = self
            .header
            .columns
            .iter()
            .filter_map(|(c, k)| match k {
                Column::Series(s) => Some((*c, Kind::Series(*s))),
                _ => None,
            })
            .collect();
        if let Some(vc) = self.column(Role::Value) {
            match kind_cell {
                Some((_, "")) => {}
                Some((kc, k)) => match kind_of(k) {
                    Some(kind) => values.push((vc, kind)),
                    None => self.unplaced(row, kc, "区分が目標値・実績値・基準値のどれでもない"),
                },
                // no kind column: a long sheet of actuals
                None => values.push((vc, Kind::Series(Series::Actual))),
            }
        }
        for (c, kind) in values {
            let raw = row.cell(c);
            if raw.trim().is_empty() {
                continue;
            }
            let at = self.locator.location(row, c);
            let ind = self.plan.indicator_mut(id);
            match (kind, year) {
                (Kind::Series(s), Some(y)) => {
                    ind.record(s, y, Cell::read(raw), Some(at));
                    self.plan.add_fiscal_years([y]);
                }
                (Kind::Baseline, y) => {
                    ind.baseline = Some(Baseline {
                        cell: Cell::read(raw),
                        year: y,
                    })
                }
                (Kind::SelfAssessment, Some(y)) => {
                    ind.record_self_assessment(y, raw.trim(), Some(at));
                }
                (Kind::StatedAchievement, Some(y)) => {
                    ind.stated_achievements.insert(y, Cell::read(raw));
                }
                (_, None) => self.unplaced(row, c, "年度のない値"),
            }
        }
    }

    fn unplaced(&mut self, row: &Row, col: usize, reason: &str) {
        let at = self.locator.location(row, col);
        self.plan
            .report(Finding::unplaced_cell(row.cell(col), reason, at));
    }
}
