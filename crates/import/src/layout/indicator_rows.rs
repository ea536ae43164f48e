//! What the layouts with one row per indicator (summary, wide) share, row by row: a heading
//! alone on its row or a goal column opens a goal; a row with no name under a named one is
//! another group of that indicator, and so is a row named only by a group (`男性`, `20歳代`)
//! under an indicator's name; the descriptive columns (単位, 担当課, 分類, 定義, 備考)
//! fill it; a cell in no column the layout reads is reported, never dropped.

use super::describe::describe;
use crate::grid::{Grid, Row};
use crate::header::{self, Role};
use crate::outline::{Marker, Outline, marker_of};
use shinchoku_core::ids::{GoalId, IndicatorId};
use shinchoku_core::vocabulary::is_group_label;
use shinchoku_core::{Indicator, PlanBuilder};

/// The reading state of a sheet with one row per indicator, over its header's role columns.
#[derive(Debug)]
pub(super) struct IndicatorRows<'h> {
    roles: &'h [(usize, Role)],
    outline: Outline,
    /// The indicator of the row before: a group row without a name continues it.
    previous: Option<IndicatorId>,
    /// An indicator named on a row without figures, whose groups follow on the rows below
    /// (`健康寿命の延伸` over `男性` / `女性`).
    parent: Option<Indicator>,
}

impl<'h> IndicatorRows<'h> {
    pub fn new(roles: &'h [(usize, Role)], root: Option<GoalId>) -> Self {
        IndicatorRows {
            roles,
            outline: Outline::under(root),
            previous: None,
            parent: None,
        }
    }

    fn col(&self, role: Role) -> Option<usize> {
        self.roles.iter().find(|(_, r)| *r == role).map(|(c, _)| *c)
    }

    /// The column of the indicators' names.
    pub fn name_col(&self) -> usize {
        self.col(Role::Indicator).unwrap_or(0)
    }

    /// Opens a goal titled `text`, alone on its row at column `c`: a title between tables.
    pub fn heading(
        &mut self,
        grid: &Grid,
        row: &Row,
        plan: &mut PlanBuilder,
        c: usize,
        text: &str,
    ) {
        let marker = marker_of(text).unwrap_or(Marker::Plain);
        self.outline
            .enter(plan, marker, text, Some(grid.location(row, c)));
        self.previous = None;
        self.parent = None;
    }

    /// True when the row under row `i` is named only by a group and `has_figures`: row `i`,
    /// without figures of its own, names the indicator those groups measure.
    pub fn groups_below(&self, grid: &Grid, i: usize, has_figures: impl Fn(&Row) -> bool) -> bool {
        grid.rows.get(i + 1).is_some_and(|next| {
            let written = next.cell(self.name_col()).trim();
            is_group_label(written) && !next.is_merge_fill(self.name_col()) && has_figures(next)
        })
    }

    /// Keeps `ind`, named on a row without figures, for the group rows below it.
    pub fn name_groups(&mut self, ind: Indicator) {
        self.previous = None;
        self.parent = Some(ind);
    }

    /// The indicator named on row `row`'s lone cell `c`, for the group rows below it.
    pub fn name_groups_at(&mut self, grid: &Grid, row: &Row, c: usize, text: &str) {
        let (name, unit) = header::name_and_unit(text);
        let mut ind = Indicator::new(name);
        ind.unit = unit;
        ind.goal = self.outline.current();
        ind.location = Some(grid.location(row, c));
        self.name_groups(ind);
    }

    /// The indicator `row` gives, with its descriptive columns read, not yet in the plan.
    /// `None` for a heading row, or a row without a name (its cells are reported).
    pub fn indicator(
        &mut self,
        grid: &Grid,
        row: &Row,
        plan: &mut PlanBuilder,
    ) -> Option<Indicator> {
        self.indicator_in_group(grid, row, plan, None)
    }

    /// As [`indicator`](Self::indicator), with the group `in_cells` the row writes elsewhere
    /// than in a group column (in its value cells: `男性 72.8%`).
    pub fn indicator_in_group(
        &mut self,
        grid: &Grid,
        row: &Row,
        plan: &mut PlanBuilder,
        in_cells: Option<&str>,
    ) -> Option<Indicator> {
        let filled: Vec<(usize, &str)> = row.filled().collect();
        if let [(c, text)] = filled.as_slice()
            && let Some(marker) = marker_of(text)
        {
            self.outline
                .enter(plan, marker, text, Some(grid.location(row, *c)));
            return None;
        }
        // several goal columns (施策 | 取組) are levels by their place; one goal column's
        // headings by their numbering
        let goals: Vec<usize> = self
            .roles
            .iter()
            .filter(|(_, r)| *r == Role::Goal)
            .map(|(c, _)| *c)
            .collect();
        for (level, &c) in goals.iter().enumerate() {
            let text = row.cell(c).trim();
            if text.is_empty() || row.is_merge_fill(c) {
                continue;
            }
            let marker = if goals.len() > 1 {
                Marker::Column(u16::try_from(level).unwrap_or(u16::MAX))
            } else {
                marker_of(text).unwrap_or(Marker::Plain)
            };
            self.outline
                .enter(plan, marker, text, Some(grid.location(row, c)));
        }
        let roles = self.roles;
        let text_of = |role: Role| {
            roles
                .iter()
                .find(|(_, r)| *r == role)
                .map(|(c, _)| row.cell(*c).trim())
                .filter(|t| !t.is_empty())
        };
        // a group cell merged from the name beside it names no group
        let group = text_of(Role::Group)
            .filter(|_| {
                self.col(Role::Group).is_none_or(|c| {
                    !row.is_merge_fill(c) || row.cell(c) != row.cell(self.name_col())
                })
            })
            .or(in_cells);
        let name_col = self.name_col();
        let written = row.cell(name_col).trim();
        let named = !written.is_empty() && !row.is_merge_fill(name_col);
        // a row named only by a group measures the indicator named above it
        if named && is_group_label(written) {
            let above = match (&self.parent, self.previous) {
                (Some(parent), _) => Some(parent),
                (None, Some(p)) => Some(plan.plan().indicator(p)),
                (None, None) => None,
            };
            if let Some(above) = above {
                return Some(self.group_of(grid, row, above, written, group, text_of));
            }
        }
        if named {
            self.parent = None;
        }
        let name = if named {
            written.to_owned()
        } else if let (Some(_), Some(p)) = (group, self.previous) {
            // a group row under the indicator named above it
            plan.plan().indicator(p).name.clone()
        } else {
            for (c, _) in filled {
                plan.report(grid.unplaced(row, c, "指標名のない行"));
            }
            return None;
        };
        // without a 単位 column, a unit is written after the name: 相談件数(件)
        let (name, unit) = match self.col(Role::Unit) {
            Some(_) => (name, None),
            None => header::name_and_unit(&name),
        };
        let mut ind = Indicator::new(name);
        ind.unit = unit;
        ind.goal = self.outline.current();
        ind.group = group.map(str::to_owned);
        ind.location = Some(grid.location(row, name_col));
        ind.category = text_of(Role::Category).map(str::to_owned);
        describe(&mut ind, text_of);
        Some(ind)
    }

    /// The indicator `above` measured in the group `label` that `row` names, with the
    /// descriptive columns `row` writes over those of `above`.
    fn group_of<'r>(
        &self,
        grid: &Grid,
        row: &Row,
        above: &Indicator,
        label: &str,
        group: Option<&str>,
        text_of: impl Fn(Role) -> Option<&'r str>,
    ) -> Indicator {
        let mut ind = Indicator::new(above.name.clone());
        ind.goal = above.goal;
        ind.group = Some(match group {
            Some(g) => format!("{label} {g}"),
            None => label.to_owned(),
        });
        ind.location = Some(grid.location(row, self.name_col()));
        ind.category = text_of(Role::Category)
            .map(str::to_owned)
            .or_else(|| above.category.clone());
        describe(&mut ind, text_of);
        ind.unit = ind.unit.or_else(|| above.unit.clone());
        ind.definition = ind.definition.or_else(|| above.definition.clone());
        ind.department = ind.department.or_else(|| above.department.clone());
        ind
    }

    /// Adds `ind`, read from `row`, to the plan: its 備考 becomes a note, and a cell in none of
    /// the role columns nor a column the layout `reads` is reported.
    pub fn add(
        &mut self,
        grid: &Grid,
        row: &Row,
        plan: &mut PlanBuilder,
        ind: Indicator,
        reads: impl Fn(usize) -> bool,
    ) -> IndicatorId {
        let id = plan.add_indicator(ind);
        self.previous = Some(id);
        self.rest_of_row(grid, row, plan, id, reads);
        id
    }

    /// The row's note for the indicator `id` and the report of the cells under no heading
    /// this table reads: what every row of an indicator gives besides its figures.
    pub fn rest_of_row(
        &self,
        grid: &Grid,
        row: &Row,
        plan: &mut PlanBuilder,
        id: IndicatorId,
        reads: impl Fn(usize) -> bool,
    ) {
        if let Some(c) = self.col(Role::Notes) {
            let note = row.cell(c).trim();
            if !note.is_empty() && !row.is_merge_fill(c) {
                plan.add_note(note, Some(grid.location(row, c)), &[id]);
            }
        }
        let name_col = self.name_col();
        for (c, _) in row.filled() {
            let known = c == name_col || reads(c) || self.roles.iter().any(|(k, _)| *k == c);
            if !known && !row.is_merge_fill(c) {
                plan.report(grid.unplaced(row, c, "見出しから何の列か分からないセル"));
            }
        }
    }
}
