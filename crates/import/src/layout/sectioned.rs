//! The sectioned layout (釜石市): numbered headings (プロジェクト1, ①…) and under them small
//! tables `指標内容 | 目標値 | 実績値` with a row of fiscal years beneath the header, one row
//! per indicator; footnotes (※ …) under a table belong to it.

use super::describe::{DESCRIBED, describe};
use super::years::{Figure, SheetYears, Stated, dated_cell, undated_column};
use super::{Layout, Recognition, SheetContext};
use crate::grid::{Grid, Row};
use crate::header::{self, Role, has_note_mark, label_of, role_of};
use crate::notes::{NoteScope, note_number};
use crate::outline::{Outline, marker_of};
use shinchoku_core::fiscal_year::{self, FiscalYear};
use shinchoku_core::indicator::Baseline;
use shinchoku_core::plan::{PeriodSource, PlanPeriod};
use shinchoku_core::{Cell, CellValue, Finding, FindingKind, Indicator, PlanBuilder, Series};

/// The sectioned layout.
#[derive(Debug, Clone, Copy)]
pub struct Sectioned;

/// The columns of one small table.
#[derive(Debug)]
struct Table {
    name_col: usize,
    target_col: Option<usize>,
    /// The year the targets are for, when the header says so.
    target_year: Option<FiscalYear>,
    years: Vec<(usize, FiscalYear)>,
    /// The row after which data rows start (the year row, or the header itself).
    data_from: usize,
    header_marked: bool,
    /// The descriptive columns (`DESCRIBED`: 単位, 担当課 …) the table has.
    described: Vec<(Role, usize)>,
    /// The baseline column (基準値 / 現状値) and the year its header or the year row gives.
    baseline: Option<(usize, Option<FiscalYear>)>,
}

impl Table {
    /// The last year of the table's year row: what a target no statement dates is assumed for.
    fn last_year(&self) -> Option<FiscalYear> {
        self.years.iter().map(|(_, y)| *y).max()
    }
}

/// The columns a table header names.
#[derive(Debug)]
struct TableHeader {
    name_col: usize,
    target_col: Option<usize>,
    actual_col: Option<usize>,
    /// The 実績値 header carries a note mark (※実績値).
    marked: bool,
    described: Vec<(Role, usize)>,
    baseline_col: Option<usize>,
}

/// A table header: an indicator column, and 目標 and 実績 labels on one row.
fn table_header(row: &Row) -> Option<TableHeader> {
    // labels are cheap to rule out; role words are not, so look for labels first: a table
    // header names both series, or one of them beside the years it spans
    if !header::may_have_label(row) {
        return None;
    }
    let labels = row.filled().filter(|(_, t)| label_of(t).is_some()).count();
    if labels == 0
        || (labels == 1
            && !row
                .filled()
                .any(|(_, t)| header::year_of(t, None).is_some()))
    {
        return None;
    }
    let mut name_col = None;
    let mut target_col = None;
    let mut actual_col = None;
    let mut marked = false;
    let (mut described, mut baseline_col): (Vec<(Role, usize)>, _) = (Vec::new(), None);
    for (c, t) in row.filled() {
        let role = role_of(t);
        if name_col.is_none() && role == Some(Role::Indicator) {
            name_col = Some(c);
        } else if label_of(t).is_none()
            && let Some(role) = role.filter(|r| DESCRIBED.contains(r))
        {
            if !described.iter().any(|(r, _)| *r == role) {
                described.push((role, c));
            }
        } else if label_of(t).is_none() && role == Some(Role::Baseline) {
            baseline_col.get_or_insert(c);
        } else {
            match label_of(t) {
                Some(Series::Target) if target_col.is_none() => target_col = Some(c),
                Some(Series::Actual) if actual_col.is_none() => {
                    actual_col = Some(c);
                    marked |= has_note_mark(t);
                }
                _ => {}
            }
        }
    }
    let name_col = name_col?;
    (target_col.is_some() || actual_col.is_some()).then_some(TableHeader {
        name_col,
        target_col,
        actual_col,
        marked,
        described,
        baseline_col,
    })
}

/// Reads the table starting at `rows[i]`, finding its year row.
fn table_at(rows: &[Row], i: usize, ctx: &SheetContext) -> Option<Table> {
    let TableHeader {
        name_col,
        target_col,
        actual_col,
        marked: header_marked,
        described,
        baseline_col,
    } = table_header(&rows[i])?;
    let era = ctx.era;
    let years_in = |row: &Row| -> Vec<(usize, FiscalYear)> {
        row.filled()
            .filter(|(c, _)| Some(*c) != target_col && *c != name_col && Some(*c) != baseline_col)
            .filter_map(|(c, t)| header::year_of(t, era).map(|y| (c, y)))
            .collect()
    };
    let mut years = years_in(&rows[i]);
    let mut data_from = i;
    if years.is_empty() {
        // the year row sits under the header (the 実績値 cell spanned the years)
        for (k, row) in rows.iter().enumerate().skip(i + 1).take(YEAR_ROW_BELOW) {
            let y = years_in(row);
            if !y.is_empty() {
                years = y;
                data_from = k;
                break;
            }
        }
    }
    // an actual column with no year under it cannot be placed in time
    if years.is_empty() || actual_col.is_some_and(|c| years.iter().all(|(yc, _)| *yc < c)) {
        return None;
    }
    let target_year = target_col.and_then(|c| {
        fiscal_year::find_in(rows[i].cell(c), era)
            .map(|(y, _)| y)
            .or_else(|| {
                rows.get(data_from)
                    .and_then(|r| header::year_of(r.cell(c), era))
                    .filter(|_| data_from != i)
            })
    });
    let baseline = baseline_col.map(|c| {
        let year = fiscal_year::find_in(rows[i].cell(c), era)
            .map(|(y, _)| y)
            .or_else(|| {
                rows.get(data_from)
                    .and_then(|r| header::year_of(r.cell(c), era))
                    .filter(|_| data_from != i)
            });
        (c, year)
    });
    Some(Table {
        name_col,
        target_col,
        target_year,
        years,
        data_from,
        header_marked,
        described,
        baseline,
    })
}

/// How far under a table's header its year row may be (the 実績値 cell spanning the years).
const YEAR_ROW_BELOW: usize = 2;

/// The tables recognition found in a sheet's first rows, by the row of their header.
#[derive(Debug)]
pub(crate) struct Tables {
    found: std::collections::BTreeMap<usize, Table>,
    /// The rows whose every table is in `found`: reading looks for tables only past them.
    searched: usize,
}

impl Layout for Sectioned {
    type Found = Tables;

    fn name(&self) -> &'static str {
        "sectioned"
    }

    fn description(&self) -> &'static str {
        "区切り型: 見出し(プロジェクト・①など)ごとに「指標・目標値・実績値」の小さな表が並ぶシート"
    }

    fn recognise(&self, grid: &Grid, ctx: &SheetContext) -> (Recognition, Option<Tables>) {
        let tables = Tables {
            found: (0..grid.rows.len())
                .filter_map(|i| table_at(&grid.rows, i, ctx).map(|t| (i, t)))
                .collect(),
            // a header among the last rows may have its year row past them: looked at again
            searched: grid.rows.len().saturating_sub(YEAR_ROW_BELOW),
        };
        if tables.found.is_empty() {
            return (
                Recognition::none(
                    "「指標・目標値・実績値」が並び、その下に年度の行がある表の見出しがありません",
                ),
                None,
            );
        }
        let mut r = Recognition::default();
        let lines: Vec<String> = tables
            .found
            .keys()
            .take(3)
            .map(|i| grid.rows[*i].line.to_string())
            .collect();
        r.add(
            0.5 + 0.2 * (tables.found.len().min(3) as f64 / 3.0),
            format!(
                "指標・目標値・実績値の表が{}個 ({}行目…)",
                tables.found.len(),
                lines.join(", ")
            ),
        );
        let headings = grid
            .rows
            .iter()
            .filter(|row| {
                let mut f = row.filled();
                matches!((f.next(), f.next()), (Some((_, t)), None) if marker_of(t).is_some())
            })
            .count();
        if headings > 0 {
            r.add(0.2, format!("番号付きの見出しが{headings}行"));
        }
        if let Some((i, t)) = tables
            .found
            .iter()
            .find(|(_, t)| t.target_col.is_some() && t.target_year.is_none())
            && let Some(c) = t.target_col
        {
            let source = years_around(grid, &tables, ctx).source_for(Figure::Target, |_| false);
            r.reasons.push(undated_column(
                grid.rows[*i].cell(c),
                source,
                "その表の年度の行の最後の年度と仮定",
            ));
        }
        (r, Some(tables))
    }

    fn read(&self, mut tables: Tables, grid: &Grid, ctx: &SheetContext, plan: &mut PlanBuilder) {
        let mut outline = Outline::under(ctx.root);
        let around = years_around(grid, &tables, ctx);
        let mut table: Option<Table> = None;
        let mut scope = NoteScope::default();
        let mut in_data = false;
        // tables whose targets carry no year: (the year assumed, how many, the first header)
        let mut assumed: Option<(FiscalYear, usize, shinchoku_core::Location)> = None;
        let mut years_seen: Vec<FiscalYear> = Vec::new();
        let mut skip_until = 0;
        for (i, row) in grid.rows.iter().enumerate() {
            if i < skip_until || ctx.title.as_ref().is_some_and(|(t, _)| *t == i) {
                continue;
            }
            if row.is_blank() {
                in_data = false;
                continue;
            }
            let found = if i < tables.searched {
                tables.found.remove(&i)
            } else {
                table_at(&grid.rows, i, ctx)
            };
            if let Some(t) = found {
                std::mem::take(&mut scope).close(plan);
                scope.header_marked = t.header_marked;
                if let (Some(c), None) = (t.target_col, t.target_year)
                    && around.resolve(Figure::Target, &Stated::default()).is_none()
                    && let Some(y) = t.last_year()
                {
                    let at = grid.location(row, c);
                    assumed = Some(match assumed {
                        Some((first, n, loc)) => (first.max(y), n + 1, loc),
                        None => (y, 1, at),
                    });
                }
                // the target's own year (目標値(令和6年度)) is a year of the plan too
                let years: Vec<FiscalYear> = t
                    .years
                    .iter()
                    .map(|(_, y)| *y)
                    .chain(t.target_year)
                    .collect();
                plan.add_fiscal_years(years.iter().copied());
                years_seen.extend(years);
                skip_until = t.data_from + 1;
                in_data = true;
                table = Some(t);
                continue;
            }
            let filled: Vec<(usize, &str)> = row.filled().collect();
            if filled.len() == 1 {
                let (c, text) = filled[0];
                let at = Some(grid.location(row, c));
                if note_number(text).is_some() {
                    scope.attach(plan, text, at);
                    continue;
                }
                if let Some(marker) = marker_of(text) {
                    outline.enter(plan, marker, text, at);
                    in_data = false;
                    continue;
                }
            }
            match &table {
                Some(t) if in_data => read_row(grid, row, t, &around, &outline, plan, &mut scope),
                _ => {
                    for (c, _) in filled {
                        plan.report(grid.unplaced(row, c, "表の外にある、番号のない文"));
                    }
                }
            }
        }
        scope.close(plan);
        if let (Some(first), Some(last)) = (years_seen.iter().min(), years_seen.iter().max()) {
            plan.set_period_from(PlanPeriod::new(*first, *last), PeriodSource::SheetColumns);
        }
        if let Some((year, tables, at)) = assumed {
            plan.report(Finding::new(FindingKind::TargetYearAssumed { year, tables }).at(Some(at)));
        }
    }
}

/// What the sheet says of years around its tables. A target whose cell and heading state no
/// year takes a sentence's, or the period the sheet states (not a statutory term: the table's
/// own years say more); failing those, its table's last year, assumed and said so.
fn years_around(grid: &Grid, tables: &Tables, ctx: &SheetContext) -> SheetYears {
    let first_header = tables.found.keys().next().copied().unwrap_or(0);
    SheetYears::around(grid, first_header, first_header, ctx.era, false, ctx).under_a_year_row(ctx)
}

/// Reads one data row of a table into a new indicator.
fn read_row(
    grid: &Grid,
    row: &Row,
    t: &Table,
    around: &SheetYears,
    outline: &Outline,
    plan: &mut PlanBuilder,
    scope: &mut NoteScope,
) {
    let name = row.cell(t.name_col).trim();
    if name.is_empty() {
        for (c, _) in row.filled() {
            plan.report(grid.unplaced(row, c, "指標名のない行"));
        }
        return;
    }
    let mut ind = Indicator::new(name);
    ind.goal = outline.current();
    ind.location = Some(grid.location(row, t.name_col));
    let mut placed = vec![t.name_col];
    describe(&mut ind, |role| {
        let (_, c) = t.described.iter().find(|(r, _)| *r == role)?;
        Some(row.cell(*c).trim()).filter(|s| !s.is_empty())
    });
    placed.extend(t.described.iter().map(|(_, c)| *c));
    if let Some((c, year)) = t.baseline {
        let raw = row.cell(c);
        if !raw.trim().is_empty() {
            ind.baseline = Some(Baseline {
                cell: Cell::read(raw),
                year,
            });
        }
        placed.push(c);
    }
    let id = plan.add_indicator(ind);
    scope.add_indicator(id);
    let mut cells: Vec<(Series, FiscalYear, usize, Cell)> = Vec::new();
    if let Some(c) = t.target_col {
        placed.push(c);
        let raw = row.cell(c);
        // a target cell may state its own year (`100人(R6)`): the figure is the rest
        let (cell, in_cell, _) = dated_cell(raw, around.era);
        let stated = Stated {
            cell: in_cell,
            heading: t.target_year,
            ..Stated::default()
        };
        match around.resolve(Figure::Target, &stated) {
            Some(dated) => {
                if !raw.trim().is_empty()
                    && let Some(f) = dated.finding(raw, grid.location(row, c), id)
                {
                    plan.report(f);
                }
                cells.push((Series::Target, dated.year, c, cell));
            }
            // the table's last year, assumed (one finding for the sheet says so)
            None => {
                if let Some(y) = t.last_year() {
                    cells.push((Series::Target, y, c, cell));
                }
            }
        }
    }
    cells.extend(
        t.years
            .iter()
            .map(|(c, y)| (Series::Actual, *y, *c, Cell::read(row.cell(*c)))),
    );
    for (series, year, c, cell) in cells {
        placed.push(c);
        if row.cell(c).trim().is_empty() {
            plan.indicator_mut(id)
                .place_blank(series, year, grid.location(row, c));
            continue;
        }
        if let CellValue::Number(q) = &cell.value
            && let Some(mark) = q.note_mark
        {
            scope.mark(id, mark.number, row.cell(c));
        }
        plan.indicator_mut(id)
            .record(series, year, cell, Some(grid.location(row, c)));
    }
    for (c, _) in row.filled() {
        if !placed.contains(&c) {
            plan.report(grid.unplaced(row, c, "表の列の外にあるセル").about(id));
        }
    }
}
