//! The transposed layout: fiscal years down the rows, one indicator per column, as a chart's
//! source table is often kept. A row labelled with a year holds actuals; a row labelled 目標
//! (with or without a year) holds targets; a 区分 column may say which a row holds. The unit may
//! sit in the name's parentheses (`相談件数(件)`) or in a 単位 row. A heading of 年度 | 目標値 |
//! 実績値 (| 達成率) heads the series of one indicator, named by the line above the table
//! (`caption`); such small tables may follow one another, each under its own caption.

use super::caption::{Caption, caption_above};
use super::{Layout, Recognition, SheetContext};
use crate::grid::{Grid, Row};
use crate::header::{self, Role, role_of, row_label_of, value_word};
use shinchoku_core::era::Era;
use shinchoku_core::fiscal_year::{self, FiscalYear};
use shinchoku_core::ids::IndicatorId;
use shinchoku_core::plan::{PeriodSource, PlanPeriod};
use shinchoku_core::{Cell, CellValue, Finding, FindingKind, Indicator, PlanBuilder, Series, Unit};

/// The transposed layout.
#[derive(Debug, Clone, Copy)]
pub struct Transposed;

#[derive(Debug)]
pub(crate) struct Shape {
    /// The column of the row labels (years, 目標).
    label_col: usize,
    /// A 区分 column saying 目標値/実績値, when there is one.
    kind_col: Option<usize>,
    header_row: usize,
    /// The indicators' names as the header writes them, each at its first column.
    indicators: Vec<(usize, String)>,
    /// Every value column: the indicator it belongs to (an index into `indicators`) and the
    /// series a second header row gives it (目標 | 実績 under each name), if any.
    columns: Vec<(usize, usize, Option<Series>)>,
    /// The first row after the header rows.
    data_from: usize,
    /// For a table of one indicator's series, the caption naming it.
    caption: Option<Caption>,
    /// The columns of the 達成率 the sheet states.
    stated: Vec<usize>,
}

/// `年度 | 目標値 | 実績値 | 達成率` on row `header_row`: the series of one indicator, which the
/// caption above the table names.
fn captioned(grid: &Grid, label_col: usize, header_row: usize) -> Option<Shape> {
    let header = &grid.rows[header_row];
    let label = header.cell(label_col).trim();
    if !(label.is_empty() || role_of(label) == Some(Role::FiscalYear)) {
        return None;
    }
    let mut columns = Vec::new();
    let mut stated = Vec::new();
    for (c, t) in header.filled().filter(|(c, _)| *c > label_col) {
        match (row_label_of(t), role_of(t)) {
            (Some(s), _) => columns.push((c, 0, Some(s))),
            (None, Some(Role::StatedAchievement)) => stated.push(c),
            _ => return None,
        }
    }
    if columns.is_empty() {
        return None;
    }
    let caption = caption_above(grid, header_row, 0)?;
    Some(Shape {
        label_col,
        kind_col: None,
        header_row,
        indicators: vec![(caption.col, caption.name.clone())],
        columns,
        data_from: header_row + 1,
        caption: Some(caption),
        stated,
    })
}

/// A row label: a year, 目標 with or without a year, or 単位.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RowLabel {
    Year(FiscalYear),
    Target(Option<FiscalYear>),
    Units,
}

fn row_label(text: &str, era: Option<Era>) -> Option<RowLabel> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if role_of(t) == Some(Role::Unit) {
        return Some(RowLabel::Units);
    }
    let year = header::year_of(t, era);
    match row_label_of(t) {
        Some(Series::Target) => Some(RowLabel::Target(
            year.or_else(|| fiscal_year::find_in(t, era).map(|(y, _)| y)),
        )),
        Some(Series::Actual) => year.map(RowLabel::Year),
        None if t.contains("目標") => Some(RowLabel::Target(
            fiscal_year::find_in(t, era).map(|(y, _)| y),
        )),
        None => year.map(RowLabel::Year),
    }
}

fn find_shape(grid: &Grid, era: Option<Era>) -> Option<Shape> {
    let rows = &grid.rows;
    'label_cols: for label_col in 0..3 {
        let year_rows: Vec<usize> = rows
            .iter()
            .enumerate()
            .take(200)
            .filter(|(_, r)| matches!(row_label(r.cell(label_col), era), Some(RowLabel::Year(_))))
            .map(|(i, _)| i)
            .collect();
        if year_rows.len() < 2 {
            continue;
        }
        // the header is the closest row above the first year row with texts right of the labels
        let first = year_rows[0];
        let has_texts = |i: &usize| {
            let r = &rows[*i];
            r.filled().filter(|(c, _)| *c > label_col).count() >= 1
                && row_label(r.cell(label_col), era).is_none_or(|l| l != RowLabel::Units)
        };
        let mut header_row = (0..first).rev().find(has_texts)?;
        if let Some(shape) = captioned(grid, label_col, header_row) {
            return Some(shape);
        }
        let data_from = header_row + 1;
        // a header row of 目標 | 実績 alone is the second row under the names
        let series: Vec<(usize, Option<Series>)> = rows[header_row]
            .filled()
            .filter(|(c, _)| *c > label_col)
            .map(|(c, t)| (c, row_label_of(t)))
            .collect();
        let series_row = series.iter().all(|(_, s)| s.is_some());
        if series_row {
            header_row = (0..header_row).rev().find(has_texts)?;
        }
        let header = &rows[header_row];
        let mut kind_col = None;
        let mut indicators: Vec<(usize, String)> = Vec::new();
        for (c, t) in header.filled().filter(|(c, _)| *c > label_col) {
            match role_of(t) {
                Some(Role::Category) if kind_col.is_none() => kind_col = Some(c),
                // a long sheet's header names its columns' roles; a transposed one names indicators
                Some(Role::Indicator | Role::Value | Role::FiscalYear | Role::Unit) => return None,
                // a figure's heading with its year (`最終目標(R8)`) heads a column of one
                // indicator per row: that year is no row's
                _ if value_word(t).is_some() && fiscal_year::find_in(t, era).is_some() => {
                    return None;
                }
                // a figure is no indicator's name: the row is data (a long sheet's first row,
                // whose year cell could not be read), not a header
                _ if !matches!(Cell::read(t).value, CellValue::Text) => continue 'label_cols,
                _ => indicators.push((c, t.trim().to_owned())),
            }
        }
        if indicators.is_empty() {
            continue;
        }
        // the value columns: each 目標 / 実績 column of a second header row, or each name's
        let value_columns: Vec<(usize, Option<Series>)> = if series_row {
            series
        } else {
            indicators.iter().map(|(c, _)| (*c, None)).collect()
        };
        // over 目標 | 実績 pairs, a name a merged cell filled across its pair is one indicator
        if series_row {
            indicators.dedup_by(|(_, a), (_, b)| a == b);
        }
        // each column belongs to the name at or before it
        let columns = value_columns
            .into_iter()
            .filter_map(|(c, s)| {
                let k = indicators.iter().rposition(|(nc, _)| *nc <= c)?;
                Some((c, k, s))
            })
            .collect();
        return Some(Shape {
            label_col,
            kind_col,
            header_row,
            indicators,
            columns,
            data_from,
            caption: None,
            stated: Vec::new(),
        });
    }
    None
}

impl Layout for Transposed {
    type Found = Shape;

    fn name(&self) -> &'static str {
        "transposed"
    }

    fn description(&self) -> &'static str {
        "縦横入れ替え型: 年度が行に、指標が列に並ぶ表"
    }

    fn recognise(&self, grid: &Grid, ctx: &SheetContext) -> (Recognition, Option<Shape>) {
        let Some(s) = find_shape(grid, ctx.era) else {
            return (
                Recognition::none(
                    "年度が縦に2つ以上並び、その上に指標名の見出し行がある形ではありません",
                ),
                None,
            );
        };
        let mut r = Recognition::default();
        let found = match &s.caption {
            Some(c) => format!(
                "{}列目に年度が縦に並び、{}行目の目標値・実績値の列は表の上の行が名づける指標「{}」のもの",
                s.label_col + 1,
                grid.rows[s.header_row].line,
                c.name
            ),
            None => format!(
                "{}列目に年度が縦に並び、{}行目に指標名が{}列",
                s.label_col + 1,
                grid.rows[s.header_row].line,
                s.indicators.len()
            ),
        };
        r.add(0.55, found);
        let rows = grid.rows[s.data_from..]
            .iter()
            .filter(|row| row_label(row.cell(s.label_col), ctx.era).is_some());
        let columns: Vec<usize> = s.columns.iter().map(|(c, _, _)| *c).collect();
        let figures = super::rows_with_figures(rows, &columns);
        if figures > 0 {
            r.add(0.35, format!("数値のある年度の行が{figures}行"));
        }
        (r, Some(s))
    }

    fn read(&self, shape: Shape, grid: &Grid, ctx: &SheetContext, plan: &mut PlanBuilder) {
        let mut made: Vec<IndicatorId> = Vec::new();
        match &shape.caption {
            Some(caption) => made.push(captioned_indicator(grid, ctx, plan, caption)),
            None => {
                for (c, header) in &shape.indicators {
                    let (name, unit) = header::name_and_unit(header);
                    let mut ind = Indicator::new(name);
                    ind.unit = unit;
                    ind.goal = ctx.root;
                    ind.location = Some(grid.location(&grid.rows[shape.header_row], *c));
                    made.push(plan.add_indicator(ind));
                }
            }
        }
        // each value column, its indicator and the series its header gives
        let mut ids: Vec<(usize, IndicatorId, Option<Series>)> = shape
            .columns
            .iter()
            .map(|&(c, k, s)| (c, made[k], s))
            .collect();
        // the small tables after the first, each headed the same way under its own caption
        let mut later = later_tables(grid, &shape);
        let mut years: Vec<FiscalYear> = Vec::new();
        let mut undated_targets: Vec<&Row> = Vec::new();
        for (i, row) in grid.rows.iter().enumerate().skip(shape.data_from) {
            if row.is_blank() || later.iter().any(|(_, c)| c.row == i) {
                continue;
            }
            if let Some(k) = later.iter().position(|(h, _)| *h == i) {
                let (_, caption) = later.remove(k);
                let id = captioned_indicator(grid, ctx, plan, &caption);
                for entry in &mut ids {
                    entry.1 = id;
                }
                continue;
            }
            let label = row_label(row.cell(shape.label_col), ctx.era);
            let kind = shape.kind_col.and_then(|k| row_label_of(row.cell(k)));
            let (series, year) = match (label, kind) {
                (Some(RowLabel::Units), _) => {
                    for &(c, id, _) in &ids {
                        let u = row.cell(c).trim();
                        if !u.is_empty() {
                            plan.indicator_mut(id).unit = Unit::new(u);
                        }
                    }
                    continue;
                }
                (Some(RowLabel::Year(y)), k) => (k.unwrap_or(Series::Actual), y),
                (Some(RowLabel::Target(Some(y))), _) => (Series::Target, y),
                (Some(RowLabel::Target(None)), _) => {
                    undated_targets.push(row);
                    continue;
                }
                (None, _) => {
                    for (c, _) in row.filled() {
                        plan.report(grid.unplaced(row, c, "年度でも目標でもない行"));
                    }
                    continue;
                }
            };
            years.push(year);
            // a cell outside the indicator columns: reported, never dropped unseen
            for (c, _) in row.filled() {
                let known = c == shape.label_col
                    || Some(c) == shape.kind_col
                    || shape.stated.contains(&c)
                    || ids.iter().any(|(k, _, _)| *k == c);
                if !known {
                    plan.report(grid.unplaced(row, c, "指標名の見出しがない列のセル"));
                }
            }
            if let Some(&(_, id, _)) = ids.first() {
                for &c in &shape.stated {
                    let raw = row.cell(c).trim();
                    if !raw.is_empty() {
                        let ind = plan.indicator_mut(id);
                        ind.stated_achievements.insert(year, Cell::read(raw));
                    }
                }
            }
            for &(c, id, own) in &ids {
                plan.indicator_mut(id).record(
                    own.unwrap_or(series),
                    year,
                    Cell::read(row.cell(c)),
                    Some(grid.location(row, c)),
                );
            }
        }
        // a 目標 row without a year holds the plan-end targets: the last year of the table
        if let Some(last) = years.iter().max().copied() {
            for row in undated_targets {
                for &(c, id, _) in ids.iter().filter(|(_, _, s)| *s != Some(Series::Actual)) {
                    plan.indicator_mut(id).record(
                        Series::Target,
                        last,
                        Cell::read(row.cell(c)),
                        Some(grid.location(row, c)),
                    );
                }
                plan.report(
                    Finding::new(FindingKind::TargetYearAssumed {
                        year: last,
                        tables: 1,
                    })
                    .at(Some(grid.location(row, shape.label_col))),
                );
            }
        }
        plan.add_fiscal_years(years.iter().copied());
        if let (Some(first), Some(last)) = (years.iter().min(), years.iter().max()) {
            plan.set_period_from(PlanPeriod::new(*first, *last), PeriodSource::SheetColumns);
        }
    }
}

/// The indicator a caption names, added to the plan.
fn captioned_indicator(
    grid: &Grid,
    ctx: &SheetContext,
    plan: &mut PlanBuilder,
    caption: &Caption,
) -> IndicatorId {
    let mut ind = Indicator::new(caption.name.clone());
    ind.unit = caption.unit.clone();
    ind.goal = ctx.root;
    ind.location = Some(grid.location(&grid.rows[caption.row], caption.col));
    plan.add_indicator(ind)
}

/// The heading rows that say the first table's heading again below it, each with the caption
/// above it: the tables of a sheet of captioned tables after the first.
fn later_tables(grid: &Grid, shape: &Shape) -> Vec<(usize, Caption)> {
    if shape.caption.is_none() {
        return Vec::new();
    }
    let heading: Vec<(usize, &str)> = grid.rows[shape.header_row]
        .filled()
        .map(|(c, t)| (c, t.trim()))
        .collect();
    let mut out = Vec::new();
    let mut after = shape.data_from;
    for (i, row) in grid.rows.iter().enumerate().skip(shape.data_from) {
        let same = row
            .filled()
            .map(|(c, t)| (c, t.trim()))
            .eq(heading.iter().copied());
        if !same {
            continue;
        }
        if let Some(caption) = caption_above(grid, i, after) {
            out.push((i, caption));
        }
        after = i + 1;
    }
    out
}
