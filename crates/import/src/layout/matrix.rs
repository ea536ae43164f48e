//! The matrix layout (流山市): one band of rows per indicator under a header of role columns
//! (基本目標 | カテゴリ | 番号 | 事業名 | 成果目標 | 指標 | 単位) and fiscal years (H30 R1 R2 R3).
//! Each row is labelled 目標値 or 実績値, and the year cells follow the label in header order.
//!
//! Extraction from PDF shifts rows left and right, so nothing is read by absolute position: a
//! row is anchored on its label, the year cells are found at the header's distance from the
//! label, and the cells before the label are matched to the header's roles by content (a unit
//! looks like a unit, a project number like a number) with position as a tie-breaker.

use super::describe::{DESCRIBED, describe};
use super::years::{Figure, NO_YEAR, SheetYears, Stated, dated_cell, undated_column};
use super::{Layout, Recognition, SheetContext};
use crate::grid::{Grid, Row};
use crate::header::{self, Role, ValueWord, role_of, row_label_of, value_word};
use crate::notes::{NoteScope, note_number};
use crate::outline::{Marker, Outline, marker_of};
use shinchoku_core::fiscal_year;
use shinchoku_core::ids::{IndicatorId, OutcomeId, ProjectId};
use shinchoku_core::plan::{Outcome, PeriodSource, PlanPeriod, Project, ProjectNumber};
use shinchoku_core::{Cell, CellValue, FiscalYear, Indicator, PlanBuilder, Series, Unit};

/// The matrix layout.
#[derive(Debug, Clone, Copy)]
pub struct Matrix;

/// The header of a matrix: role columns and year columns.
#[derive(Debug)]
pub(crate) struct Header {
    row: usize,
    roles: Vec<(Role, usize)>,
    years: Vec<(usize, FiscalYear)>,
    /// Columns after the years that name their own series and year (`目標値(R6)`), or a target
    /// and no year (`最終目標`: its year is resolved per cell, see `years`): read on the rows of
    /// that series only.
    labelled: Vec<(usize, Series, Option<FiscalYear>)>,
    /// The column read as the indicator's name when none is headed 指標: a 事業計画 gives
    /// each 事業 its 計画 and 実績 rows.
    names_from: Option<Role>,
}

fn find_header(grid: &Grid, ctx: &SheetContext) -> Option<Header> {
    grid.rows.iter().enumerate().find_map(|(i, row)| {
        let years = header::year_columns(row, ctx.era)?;
        let first_year = years[0].0;
        let mut roles: Vec<(Role, usize, &str)> = row
            .filled()
            .filter(|(c, _)| *c < first_year)
            .filter_map(|(c, t)| role_of(t).map(|r| (r, c, t.trim())))
            .collect();
        // a header cell merged or repeated across columns names one column; two goal columns
        // with their own words (基本目標 | 施策) are two levels
        roles.dedup_by(|(r, _, t), (pr, _, pt)| r == pr && (t == pt || *r != Role::Goal));
        let mut roles: Vec<(Role, usize)> = roles.into_iter().map(|(r, c, _)| (r, c)).collect();
        let last_year = years[years.len() - 1].0;
        let labelled = row
            .filled()
            .filter(|(c, _)| *c > last_year)
            .filter_map(|(c, t)| match header::labelled_year(t, ctx.era) {
                Some((s, y)) => Some((c, s, Some(y))),
                None => (value_word(t) == Some(ValueWord::Target)
                    && fiscal_year::find_in(t, ctx.era).is_none())
                .then_some((c, Series::Target, None)),
            })
            .collect();
        let mut names_from = None;
        if !roles.iter().any(|(r, _)| *r == Role::Indicator) {
            let namer = [Role::Project, Role::Outcome]
                .into_iter()
                .find(|n| roles.iter().any(|(r, _)| r == n));
            if let Some(namer) = namer {
                for (r, _) in roles.iter_mut().filter(|(r, _)| *r == namer) {
                    *r = Role::Indicator;
                }
                names_from = Some(namer);
            }
        }
        Some(Header {
            row: i,
            roles,
            years,
            labelled,
            names_from,
        })
    })
}

/// Where a row's label is: a cell of its own, or the end of the name cell (`相談件数(目標)`).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Label {
    col: usize,
    series: Series,
    in_name: bool,
}

/// The row's label: the first cell that is a label, else a name cell ending in one.
fn label_in(row: &Row) -> Option<Label> {
    if !header::may_have_label(row) {
        return None;
    }
    let own = row.filled().find_map(|(col, t)| {
        row_label_of(t).map(|series| Label {
            col,
            series,
            in_name: false,
        })
    });
    own.or_else(|| {
        row.filled().find_map(|(col, t)| {
            header::name_with_label(t).map(|(_, series)| Label {
                col,
                series,
                in_name: true,
            })
        })
    })
}

fn label_count(row: &Row) -> usize {
    if !header::may_have_label(row) {
        return 0;
    }
    let own = row
        .filled()
        .filter(|(_, t)| row_label_of(t).is_some())
        .count();
    if own > 0 {
        return own;
    }
    usize::from(
        row.filled()
            .any(|(_, t)| header::name_with_label(t).is_some()),
    )
}

impl Layout for Matrix {
    type Found = Header;

    fn name(&self) -> &'static str {
        "matrix"
    }

    fn description(&self) -> &'static str {
        "マトリクス型: 列見出し(指標・単位など)と年度列の下に、指標ごとに目標値・実績値の行が並ぶ表"
    }

    fn recognise(&self, grid: &Grid, ctx: &SheetContext) -> (Recognition, Option<Header>) {
        let Some(h) = find_header(grid, ctx) else {
            return (
                Recognition::none("年度が2つ以上並ぶ見出し行がありません"),
                None,
            );
        };
        let mut r = Recognition::default();
        let years: Vec<String> = h.years.iter().map(|(_, y)| y.short()).collect();
        r.add(
            0.3,
            format!(
                "{}行目に年度の見出し({})",
                grid.rows[h.row].line,
                years.join(", ")
            ),
        );
        if !h.roles.is_empty() {
            let names: Vec<&str> = h.roles.iter().map(|(role, _)| role.name()).collect();
            let weight = 0.1 * (h.roles.len().min(3) as f64 / 3.0);
            r.add(weight, format!("列の見出し: {}", names.join("・")));
        }
        if let Some(namer) = h.names_from {
            r.reasons.push(format!(
                "「指標」の列がないため「{}」の列を指標名として読みます",
                namer.name()
            ));
        }
        if h.labelled.iter().any(|(_, _, y)| y.is_none()) {
            let around = SheetYears::around(grid, h.row, h.row + 1, ctx.era, false, ctx);
            let source = around.source_for(Figure::Target, |_| false);
            for (c, _, _) in h.labelled.iter().filter(|(_, _, y)| y.is_none()) {
                r.reasons
                    .push(undated_column(grid.rows[h.row].cell(*c), source, NO_YEAR));
            }
        }
        let rows = &grid.rows[h.row + 1..];
        let labelled = rows.iter().filter(|row| label_count(row) == 1).count();
        let doubled = rows.iter().filter(|row| label_count(row) >= 2).count();
        if labelled > 0 {
            r.add(
                0.6 * (labelled.min(4) as f64 / 4.0),
                format!("目標値・実績値の行が{labelled}行"),
            );
        } else {
            r.reasons
                .push("目標値・実績値と書かれた行がありません".into());
        }
        if doubled >= 2 {
            r.add(
                -0.4,
                format!("目標値と実績値が同じ行に並ぶ見出しが{doubled}行(区切られた表の形)"),
            );
        }
        (r, Some(h))
    }

    fn read(&self, header: Header, grid: &Grid, ctx: &SheetContext, plan: &mut PlanBuilder) {
        let mut reader = MatrixReader::new(grid, header, ctx, plan);
        reader.read_rows();
        reader.finish();
    }
}

/// The projects and outcome the current rows belong to.
#[derive(Debug, Default)]
struct Band {
    outcome: Option<OutcomeId>,
    category: Option<String>,
    projects: Vec<ProjectId>,
}

struct MatrixReader<'g, 'p> {
    grid: &'g Grid,
    plan: &'p mut PlanBuilder,
    header: Header,
    /// The label of each row after the header, found once.
    labels: Vec<Option<Label>>,
    /// Where, counted from the label, each year's cell is.
    year_offsets: Vec<(isize, FiscalYear)>,
    /// The header's labelled columns, as offsets from the label column like the years.
    labelled_offsets: Vec<(isize, Series, Option<FiscalYear>)>,
    /// What the sheet says of years around the table, for a labelled column with none.
    around: SheetYears,
    baseline_offset: Option<isize>,
    outline: Outline,
    band: Band,
    current: Option<IndicatorId>,
    notes: NoteScope,
    /// Scratch: which cells of the row being read were placed.
    placed: Vec<bool>,
    aligner: Aligner,
    /// The goal, outcome and indicator texts of the last labelled row: a sheet filled down
    /// (or merged cells saved to CSV by some tools) repeats them on the 実績値 row.
    previous: Repeated,
    /// How many columns the header gives to goals.
    goal_columns: usize,
}

/// Texts of the last labelled row that a repeat on the next row continues rather than starts.
#[derive(Debug, Default)]
struct Repeated {
    goals: Vec<(usize, String)>,
    outcome: Option<String>,
    indicator: Option<String>,
}

impl<'g, 'p> MatrixReader<'g, 'p> {
    fn new(grid: &'g Grid, header: Header, ctx: &SheetContext, plan: &'p mut PlanBuilder) -> Self {
        plan.add_fiscal_years(header.years.iter().map(|(_, y)| *y));
        plan.add_fiscal_years(header.labelled.iter().filter_map(|(_, _, y)| *y));
        let labels: Vec<Option<Label>> = grid.rows[header.row + 1..].iter().map(label_in).collect();
        // the label column most rows use is the header's label column
        let mut counts: Vec<(usize, usize)> = Vec::new();
        for &Label { col: c, .. } in labels.iter().flatten() {
            match counts.iter_mut().find(|(col, _)| *col == c) {
                Some((_, n)) => *n += 1,
                None => counts.push((c, 1)),
            }
        }
        let label_col = counts
            .iter()
            .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))
            .map_or(header.years[0].0.saturating_sub(1), |(c, _)| *c)
            as isize;
        let year_offsets = header
            .years
            .iter()
            .map(|(c, y)| (*c as isize - label_col, *y))
            .collect();
        let labelled_offsets = header
            .labelled
            .iter()
            .map(|(c, s, y)| (*c as isize - label_col, *s, *y))
            .collect();
        // the sentences around the table are read only for a column whose heading has no year
        let around = if header.labelled.iter().any(|(_, _, y)| y.is_none()) {
            SheetYears::around(grid, header.row, header.row + 1, ctx.era, false, ctx)
        } else {
            SheetYears::only_the_era(ctx.era)
        };
        let baseline_offset = header
            .roles
            .iter()
            .find(|(r, c)| *r == Role::Baseline && (*c as isize) > label_col)
            .map(|(_, c)| *c as isize - label_col);
        let goal_columns = header
            .roles
            .iter()
            .filter(|(r, _)| *r == Role::Goal)
            .count();
        MatrixReader {
            grid,
            plan,
            header,
            labels,
            year_offsets,
            labelled_offsets,
            around,
            baseline_offset,
            outline: Outline::under(ctx.root),
            band: Band::default(),
            current: None,
            notes: NoteScope::default(),
            placed: Vec::new(),
            aligner: Aligner::default(),
            previous: Repeated::default(),
            goal_columns,
        }
    }

    fn unplaced(&mut self, row: &Row, col: usize, reason: &str) {
        self.plan.report(self.grid.unplaced(row, col, reason));
    }

    fn read_rows(&mut self) {
        let grid = self.grid;
        for (k, row) in grid.rows[self.header.row + 1..].iter().enumerate() {
            if row.is_blank() {
                continue;
            }
            match self.labels[k] {
                Some(label) => self.read_labelled(row, label),
                None => self.read_unlabelled(row),
            }
        }
    }

    /// A row without 目標値/実績値: a goal heading, a note, or cells that cannot be placed.
    fn read_unlabelled(&mut self, row: &Row) {
        let filled: Vec<(usize, &str)> = row.filled().collect();
        let Some(&(first_col, first)) = filled.first() else {
            return;
        };
        if note_number(first).is_some() && filled.len() == 1 {
            let at = self.grid.location(row, first_col);
            self.notes.attach(self.plan, first, Some(at));
            return;
        }
        if let Some(marker) = marker_of(first) {
            let at = self.grid.location(row, first_col);
            self.outline.enter(self.plan, marker, first, Some(at));
            self.band = Band::default();
            self.current = None;
            for &(c, _) in &filled[1..] {
                self.unplaced(row, c, "見出し行の余分なセル");
            }
            return;
        }
        if self.read_stated(row, &filled) {
            return;
        }
        for (c, _) in filled {
            self.unplaced(row, c, "目標値・実績値の行でも見出しでもない行");
        }
    }

    /// A 達成率 or 評価 row under an indicator's 目標値 and 実績値 rows: the sheet's own
    /// judgement for each year, kept beside the computed one. False when the row is not one.
    fn read_stated(&mut self, row: &Row, filled: &[(usize, &str)]) -> bool {
        let Some(id) = self.current else {
            return false;
        };
        let Some((label_col, role)) = filled.iter().find_map(|&(c, t)| match role_of(t) {
            Some(r @ (Role::StatedAchievement | Role::SelfAssessment)) => Some((c, r)),
            _ => None,
        }) else {
            return false;
        };
        // the label stands where this sheet's labels stand, with nothing before it
        if filled.iter().any(|(c, _)| *c < label_col) {
            return false;
        }
        let mut placed = vec![label_col];
        for (o, year) in self.year_offsets.clone() {
            let Ok(c) = usize::try_from(label_col as isize + o) else {
                continue;
            };
            let raw = row.cell(c).trim();
            placed.push(c);
            if raw.is_empty() {
                continue;
            }
            let at = self.grid.location(row, c);
            let ind = self.plan.indicator_mut(id);
            if role == Role::StatedAchievement {
                ind.stated_achievements.insert(year, Cell::read(raw));
            } else {
                ind.record_self_assessment(year, raw, Some(at));
            }
        }
        for &(c, _) in filled {
            if !placed.contains(&c) {
                self.unplaced(row, c, "達成率・評価の行で年度の列の外にあるセル");
            }
        }
        true
    }

    fn read_labelled(&mut self, row: &Row, label: Label) {
        let Label {
            col: label_col,
            series,
            in_name,
        } = label;
        // cells a merged range filled in belong to the row that wrote them
        let mut before: Vec<(usize, &str)> = row
            .filled()
            .filter(|(c, _)| *c < label_col && !row.is_merge_fill(*c))
            .collect();
        // a label at the end of the name cell: the name is the cell without it
        if in_name && let Some((name, _)) = header::name_with_label(row.cell(label_col)) {
            before.push((label_col, name));
        }
        let assignment = self
            .aligner
            .align(&before, &self.header.roles, series)
            .to_vec();
        let cells_of = |role: Role| {
            assignment
                .iter()
                .zip(&before)
                .find(|(r, _)| **r == Some(role))
                .map(|(_, (c, t))| (*c, t.trim().to_owned()))
        };
        let repeated = |cell: &Option<(usize, String)>, before: &Option<String>| {
            cell.as_ref().map(|(_, t)| t) == before.as_ref()
        };
        let mut goals: Vec<(usize, String)> = assignment
            .iter()
            .zip(&before)
            .filter(|(r, _)| **r == Some(Role::Goal))
            .map(|(_, (c, t))| (*c, t.trim().to_owned()))
            .collect();
        let category = cells_of(Role::Category);
        let number = cells_of(Role::Number);
        let project = cells_of(Role::Project);
        let mut outcome = cells_of(Role::Outcome);
        let mut indicator = cells_of(Role::Indicator);
        let previous = std::mem::replace(
            &mut self.previous,
            Repeated {
                goals: goals.clone(),
                outcome: outcome.as_ref().map(|(_, t)| t.clone()),
                indicator: indicator.as_ref().map(|(_, t)| t.clone()),
            },
        );
        // the same indicator on its other row: continue it, unless its row for this series
        // is already read, in which case this is a second indicator of the same name
        let continues = repeated(&indicator, &previous.indicator)
            && self.current.is_some_and(|id| {
                self.plan.plan().indicators[id.index()]
                    .series(series)
                    .is_empty()
            });
        if continues {
            indicator = None;
        }
        // a filled-down goal is the one already open; a goal after a changed one is new
        let same = goals
            .iter()
            .zip(&previous.goals)
            .take_while(|(a, b)| a == b)
            .count();
        goals.drain(..same);
        if repeated(&outcome, &previous.outcome) {
            outcome = None;
        }
        let described: Vec<(Role, String)> = DESCRIBED
            .into_iter()
            .filter_map(|role| cells_of(role).map(|(_, t)| (role, t)))
            .collect();
        let baseline = cells_of(Role::Baseline);
        for ((c, _), r) in before.iter().zip(&assignment) {
            if r.is_none() {
                self.unplaced(row, *c, "列の見出しに当てはまらないセル");
            }
        }

        for (c, text) in goals {
            // several goal columns are levels by column; one column, by the heading's numbering
            let marker = if self.goal_columns > 1 {
                Marker::Column(u16::try_from(c).unwrap_or(u16::MAX))
            } else {
                marker_of(&text).unwrap_or(Marker::Plain)
            };
            let at = self.grid.location(row, c);
            self.outline.enter(self.plan, marker, &text, Some(at));
            self.band = Band::default();
        }
        if let Some((_, statement)) = outcome {
            let id = self.plan.add_outcome(Outcome {
                statement,
                projects: Vec::new(),
                goal: self.outline.current(),
            });
            self.band = Band {
                outcome: Some(id),
                category: None,
                projects: Vec::new(),
            };
        }
        if let Some((_, c)) = &category {
            self.band.category = Some(c.clone());
        }
        if number.is_some() || project.is_some() {
            self.add_project(row, number, project, category.map(|(_, c)| c));
        }
        if let Some((c, name)) = indicator {
            // without a 単位 column, a unit is written after the name: 延長保育事業(人)
            let has_unit_column = self.header.roles.iter().any(|(r, _)| *r == Role::Unit);
            let (name, unit_in_name) = if has_unit_column {
                (name, None)
            } else {
                header::name_and_unit(&name)
            };
            let mut ind = Indicator::new(name);
            ind.unit = unit_in_name;
            ind.reserve_years(self.year_offsets.len());
            ind.goal = self.outline.current();
            ind.outcome = self.band.outcome;
            ind.category = self.band.category.clone();
            if self.band.outcome.is_none() {
                ind.projects = self.band.projects.clone();
            }
            ind.location = Some(self.grid.location(row, c));
            let id = self.plan.add_indicator(ind);
            self.notes.add_indicator(id);
            self.current = Some(id);
        }
        let Some(current) = self.current else {
            for (c, _) in row.filled().filter(|(c, _)| *c > label_col) {
                self.unplaced(row, c, "どの指標の値か分からないセル(指標名の前にある)");
            }
            return;
        };
        let ind = self.plan.indicator_mut(current);
        describe(ind, |role| {
            described
                .iter()
                .find(|(r, _)| *r == role)
                .map(|(_, t)| t.as_str())
        });
        if let Some((_, b)) = baseline {
            ind.baseline
                .get_or_insert(shinchoku_core::indicator::Baseline {
                    cell: Cell::read(&b),
                    year: None,
                });
        }
        self.read_values(row, label_col, series, current);
    }

    fn add_project(
        &mut self,
        row: &Row,
        number: Option<(usize, String)>,
        name: Option<(usize, String)>,
        category: Option<String>,
    ) {
        let at = number
            .as_ref()
            .or(name.as_ref())
            .map(|(c, _)| self.grid.location(row, *c));
        let number = number.and_then(|(_, n)| ProjectNumber::parse(&n));
        let name = name.map(|(_, n)| n).unwrap_or_default();
        let existing = self.band.projects.iter().copied().find(|p| {
            let p = &self.plan.plan().projects[p.index()];
            p.name == name && p.number == number
        });
        if existing.is_some() {
            return;
        }
        let id = self.plan.add_project(Project {
            number,
            name,
            category: category.or_else(|| self.band.category.clone()),
            goal: self.outline.current(),
            location: at,
        });
        self.band.projects.push(id);
        match self.band.outcome {
            Some(o) => self.plan.outcome_mut(o).projects.push(id),
            None => {
                if let Some(cur) = self.current {
                    self.plan.indicator_mut(cur).projects.push(id);
                }
            }
        }
    }

    fn read_values(&mut self, row: &Row, label_col: usize, series: Series, id: IndicatorId) {
        let mut placed = std::mem::take(&mut self.placed);
        placed.clear();
        placed.resize(row.len(), false);
        placed[label_col] = true;
        for (c, _) in row.filled().filter(|(c, _)| *c < label_col) {
            placed[c] = true;
        }
        let year_cols: Vec<(usize, FiscalYear)> = self
            .year_offsets
            .iter()
            .filter_map(|(o, y)| {
                usize::try_from(label_col as isize + o)
                    .ok()
                    .map(|c| (c, *y))
            })
            .collect();
        for (c, year) in year_cols {
            if c >= row.len() {
                continue;
            }
            placed[c] = true;
            let raw = row.cell(c);
            if raw.trim().is_empty() {
                let at = self.grid.location(row, c);
                self.plan.indicator_mut(id).place_blank(series, year, at);
                continue;
            }
            let at = self.grid.location(row, c);
            let cell = Cell::read(raw);
            if let CellValue::Number(q) = &cell.value
                && let Some(mark) = q.note_mark
            {
                self.notes.mark(id, mark.number, raw);
            }
            // a second value for the year (a row continuing the indicator) is kept out and
            // reported by the indicator itself
            self.plan
                .indicator_mut(id)
                .record(series, year, cell, Some(at));
        }
        // a column for one series and year (目標値(R6)): read on that series' row; a figure
        // on the other row stays unplaced
        for k in 0..self.labelled_offsets.len() {
            let (o, s, year) = self.labelled_offsets[k];
            let Ok(c) = usize::try_from(label_col as isize + o) else {
                continue;
            };
            let raw = row.cell(c);
            if s != series || c >= row.len() {
                continue;
            }
            placed[c] = true;
            if raw.trim().is_empty() {
                continue;
            }
            let at = self.grid.location(row, c);
            let (cell, in_cell, _) = dated_cell(raw, self.around.era);
            let stated = Stated {
                cell: in_cell,
                heading: year,
                ..Stated::default()
            };
            let Some(dated) = self.around.resolve(Figure::of(Some(series)), &stated) else {
                self.unplaced(
                    row,
                    c,
                    "年度が分からない目標値(セルにも見出しにも、表の上下の文や計画期間にも年度がない)",
                );
                continue;
            };
            if let Some(f) = dated.finding(raw, at.clone(), id) {
                self.plan.report(f);
            }
            self.plan.add_fiscal_years([dated.year]);
            self.plan
                .indicator_mut(id)
                .record(series, dated.year, cell, Some(at));
        }
        if let Some(o) = self.baseline_offset
            && let Ok(c) = usize::try_from(label_col as isize + o)
            && c < row.len()
        {
            placed[c] = true;
            let raw = row.cell(c).trim();
            if !raw.is_empty() && series == Series::Actual {
                let ind = self.plan.indicator_mut(id);
                ind.baseline
                    .get_or_insert(shinchoku_core::indicator::Baseline {
                        cell: Cell::read(raw),
                        year: None,
                    });
            }
        }
        for (c, _) in row.filled() {
            if !placed[c] {
                self.unplaced(row, c, "年度の列の外にあるセル");
            }
        }
        self.placed = placed;
    }

    fn finish(self) {
        let MatrixReader { plan, notes, .. } = self;
        notes.close(plan);
        // the plan starts in the first year any indicator has a real target
        let p = plan.plan();
        let first_target = p
            .indicators
            .iter()
            .flat_map(|i| i.targets.iter())
            .filter(|(_, c)| {
                matches!(
                    c.value,
                    CellValue::Number(_) | CellValue::Direction(_) | CellValue::State(_)
                )
            })
            .map(|(y, _)| *y)
            .min();
        let last = p.fiscal_years.last().copied();
        if let (Some(first), Some(last)) = (first_target, last) {
            plan.set_period_from(
                PlanPeriod::new(first, last.max(first)),
                PeriodSource::SheetColumns,
            );
        }
    }
}

/// What a cell's text looks like, for matching it to a column role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Looks {
    Heading,
    Category,
    ProjectNumber,
    /// Digits alone: a project number or a figure, the column decides.
    Integer,
    Unit,
    Department,
    Figure,
    Short,
    Text,
}

const CATEGORIES: &[&str] = &[
    "普及・啓発",
    "普及啓発",
    "啓発",
    "普及",
    "相談",
    "連携",
    "整備",
    "支援",
    "給付・補助",
    "給付",
    "補助",
    "情報提供",
    "交流",
    "教育",
    "研修",
    "推進",
    "訓練",
    "指導",
    "助成",
    "保健",
    "医療",
    "予防",
    "周知",
    "広報",
    "啓発・広報",
    "居場所",
    "体制整備",
    "人材育成",
    "環境整備",
    "施設整備",
    "経済的支援",
];

fn looks(text: &str) -> Looks {
    let t = text.trim();
    let Some(first) = t.chars().next() else {
        return Looks::Short;
    };
    // figures and project numbers start with a digit or a mark; decide them first and cheaply
    if first.is_ascii_digit() || "★☑☒☆◎●○◆◇■□△▲※☐０１２３４５６７８９NnＮ".contains(first)
    {
        if t.bytes().all(|b| b.is_ascii_digit()) {
            return Looks::Integer;
        }
        if ProjectNumber::looks_like(t) {
            return Looks::ProjectNumber;
        }
        // 「1 子どもの健やかな育ち」 is a numbered heading, 「1 件」 a figure
        let words = t
            .trim_start_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
            .trim_start_matches(['.', '、', ' ', '　', '．']);
        if words.chars().count() > 3 && !Unit::is_known(words) && marker_of(t).is_some() {
            return Looks::Heading;
        }
        if matches!(CellValue::read(t), CellValue::Number(_)) {
            return Looks::Figure;
        }
    }
    if "基プ重目(（第【①②③④⑤⑥⑦⑧⑨⑩一二三四五六七八九十1234567890".contains(first)
        && marker_of(t).is_some()
    {
        return Looks::Heading;
    }
    let n = t.chars().count();
    // units and categories are short words; longer cells need not be looked up
    if n <= 6 {
        if Unit::is_known(t) {
            return Looks::Unit;
        }
        static CATEGORY_SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
            std::sync::LazyLock::new(|| CATEGORIES.iter().copied().collect());
        if CATEGORY_SET.contains(&*shinchoku_core::text::compact(t)) {
            return Looks::Category;
        }
    }
    if n <= 12
        && ["課", "室", "係", "センター", "事務所"]
            .iter()
            .any(|s| t.ends_with(s))
    {
        return Looks::Department;
    }
    if n <= 6 { Looks::Short } else { Looks::Text }
}

/// How well a cell that looks like `l` fits `role`.
fn fit(role: Role, l: Looks) -> f64 {
    use Looks::*;
    const NO: f64 = -10.0;
    match role {
        Role::Goal => match l {
            Heading => 6.0,
            Text => 0.5,
            Short => 0.0,
            _ => NO,
        },
        Role::Category => match l {
            Category => 6.0,
            Short => 1.0,
            Text => -1.0,
            _ => NO,
        },
        Role::Number => match l {
            ProjectNumber => 6.0,
            Integer => 5.0,
            _ => NO,
        },
        Role::Project | Role::Outcome | Role::Indicator => match l {
            Text => 2.0,
            Short | Category | Department => {
                if role == Role::Outcome {
                    0.5
                } else {
                    1.5
                }
            }
            Heading => -2.0,
            Unit => -3.0,
            Figure | Integer => -4.0,
            ProjectNumber => -6.0,
        },
        Role::Unit => match l {
            Unit => 6.0,
            Short => 0.5,
            _ => NO,
        },
        Role::Department => match l {
            Department => 5.0,
            Short => 0.5,
            _ => -3.0,
        },
        Role::Baseline => match l {
            Figure | Integer => 4.0,
            _ => -5.0,
        },
        // texts about the indicator, kept where the header puts them
        Role::Definition | Role::Notes | Role::PlanName | Role::Municipality | Role::Period => {
            match l {
                Text => 1.0,
                Short => 0.5,
                _ => -3.0,
            }
        }
        Role::Group => match l {
            Short | Category => 2.0,
            Text => 0.5,
            _ => -3.0,
        },
        Role::StatedAchievement | Role::SelfAssessment => NO,
        Role::Polarity | Role::Accumulation | Role::IndicatorNumber => match l {
            Short | Integer => 0.5,
            _ => -3.0,
        },
        // these belong to long sheets: a matrix row has its years across
        Role::FiscalYear | Role::Value => NO,
    }
}

/// Buffers for [`align`], reused from row to row.
#[derive(Debug, Default)]
struct Aligner {
    best: Vec<f64>,
    scores: Vec<f64>,
    looks: Vec<Looks>,
    out: Vec<Option<Role>>,
}

/// Matches the cells before a label to the header's roles, keeping both in order, for the
/// highest total fit. `None` leaves a cell unplaced.
#[cfg(test)]
fn align(cells: &[(usize, &str)], roles: &[(Role, usize)], series: Series) -> Vec<Option<Role>> {
    Aligner::default().align(cells, roles, series).to_vec()
}

impl Aligner {
    fn align(
        &mut self,
        cells: &[(usize, &str)],
        roles: &[(Role, usize)],
        series: Series,
    ) -> &[Option<Role>] {
        const UNPLACED: f64 = -4.0;
        const DISTANCE: f64 = 0.6;
        let (n, m) = (cells.len(), roles.len());
        self.looks.clear();
        self.looks.extend(cells.iter().map(|(_, t)| looks(t)));
        let looks = &self.looks;
        let score = |i: usize, j: usize| {
            let (role, col) = roles[j];
            let mut s = fit(role, looks[i]) - DISTANCE * (cells[i].0 as f64 - col as f64).abs();
            // a band starts with its target row, which carries the indicator's name
            if role == Role::Indicator && series == Series::Target {
                s += 2.0;
            }
            s
        };
        // best[i][j], flattened: the best total for cells i.. with roles j..
        let w = m + 1;
        let best = &mut self.best;
        best.clear();
        best.resize((n + 1) * w, 0.0);
        let at = |i: usize, j: usize| i * w + j;
        for i in (0..n).rev() {
            best[at(i, m)] = best[at(i + 1, m)] + UNPLACED;
        }
        let scores = &mut self.scores;
        scores.clear();
        scores.resize(n * m, 0.0);
        for i in 0..n {
            for j in 0..m {
                scores[i * m + j] = score(i, j);
            }
        }
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                let take = scores[i * m + j] + best[at(i + 1, j + 1)];
                let skip_role = best[at(i, j + 1)];
                let leave = UNPLACED + best[at(i + 1, j)];
                best[at(i, j)] = take.max(skip_role).max(leave);
            }
        }
        let out = &mut self.out;
        out.clear();
        out.resize(n, None);
        let (mut i, mut j) = (0, 0);
        while i < n {
            if j < m && (best[at(i, j)] - (scores[i * m + j] + best[at(i + 1, j + 1)])).abs() < 1e-9
            {
                out[i] = Some(roles[j].0);
                i += 1;
                j += 1;
            } else if j < m && (best[at(i, j)] - best[at(i, j + 1)]).abs() < 1e-9 {
                j += 1;
            } else {
                i += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLES: &[(Role, usize)] = &[
        (Role::Goal, 0),
        (Role::Category, 1),
        (Role::Number, 2),
        (Role::Project, 3),
        (Role::Outcome, 4),
        (Role::Indicator, 5),
        (Role::Unit, 6),
    ];

    #[test]
    fn cells_look_like_what_they_are() {
        assert_eq!(looks("1 子どもの健やかな育ち"), Looks::Heading);
        assert_eq!(looks("基本目標2 安心のまち"), Looks::Heading);
        assert_eq!(looks("1 件"), Looks::Figure);
        assert_eq!(looks("1,250人"), Looks::Figure);
        assert_eq!(looks("116"), Looks::Integer);
        assert_eq!(looks("★☒2"), Looks::ProjectNumber);
        assert_eq!(looks("か所"), Looks::Unit);
        assert_eq!(looks("子ども家庭課"), Looks::Department);
        assert_eq!(looks("普及・啓発"), Looks::Category);
        assert_eq!(looks("放課後児童クラブ登録児童数"), Looks::Text);
    }

    #[test]
    fn a_row_in_place_is_aligned_by_column() {
        let cells = [
            (0, "(1)情報提供・相談体制の充実"),
            (1, "普及・啓発"),
            (2, "★☑"),
            (3, "子育て及び家庭教育情報の提供"),
            (
                4,
                "子育てに関する各種情報を多くの子育て世帯に提供できている",
            ),
            (5, "子育てしやすいまちだと思える市民の割合"),
            (6, "%"),
        ];
        let got = align(&cells, ROLES, Series::Target);
        assert_eq!(got, ROLES.iter().map(|(r, _)| Some(*r)).collect::<Vec<_>>());
    }

    #[test]
    fn a_row_shifted_left_is_aligned_by_content() {
        let cells = [
            (0, "連携"),
            (1, "★119"),
            (2, "児童虐待防止のための連携強化"),
            (3, "児童虐待防止のための関係機関との連携が図られている"),
            (4, "要保護児童対策地域協議会の開催回数"),
            (5, "回"),
        ];
        let got = align(&cells, ROLES, Series::Target);
        let want = [
            Role::Category,
            Role::Number,
            Role::Project,
            Role::Outcome,
            Role::Indicator,
            Role::Unit,
        ];
        assert_eq!(got, want.map(Some).to_vec());
    }

    #[test]
    fn a_row_with_the_indicator_pushed_right_keeps_its_project() {
        let cells = [
            (2, "5"),
            (3, "地域子育て相談"),
            (7, "子育て支援総合窓口相談件数"),
            (8, "件"),
        ];
        let got = align(&cells, ROLES, Series::Target);
        assert_eq!(
            got,
            [Role::Number, Role::Project, Role::Indicator, Role::Unit]
                .map(Some)
                .to_vec()
        );
    }

    #[test]
    fn an_actual_row_carries_projects_only() {
        let cells = [(2, "★☑"), (3, "幼保一元化")];
        assert_eq!(
            align(&cells, ROLES, Series::Actual),
            [Some(Role::Number), Some(Role::Project)]
        );
    }
}
