//! The captioned layout: small tables of one indicator each, under the line that names it
//! (`数値目標① 婚姻率`): a heading of years across, each with the kind of its figure when it
//! says (`平成25(基準値) | 平成27 | 平成31(目標値)`), and one row of figures under it.

use super::caption::{Caption, caption_above};
use super::{Layout, Recognition, SheetContext};
use crate::grid::{Grid, Row};
use crate::header::{self, ValueWord, value_word};
use shinchoku_core::era::Era;
use shinchoku_core::fiscal_year::FiscalYear;
use shinchoku_core::plan::{PeriodSource, PlanPeriod};
use shinchoku_core::{Cell, CellValue, Indicator, PlanBuilder, Series};

/// The captioned layout.
#[derive(Debug, Clone, Copy)]
pub struct Captioned;

/// One small table: its caption, its heading's columns and the row of figures.
#[derive(Debug)]
pub(crate) struct Table {
    caption: Caption,
    heading: usize,
    /// Each column: its year and what its heading says the figure is (`None` for a bare year).
    columns: Vec<(usize, FiscalYear, Option<ValueWord>)>,
    figures: usize,
}

/// The year and word of a heading cell (`平成28(現状値)`, `2018(実績)`, `平成27`).
fn heading_cell(text: &str, era: Option<Era>) -> Option<(FiscalYear, Option<ValueWord>)> {
    let year = header::year_of(text, era).or_else(|| header::heading_year(&[text], era))?;
    Some((year, value_word(text)))
}

/// A figure, or a cell saying there is none (`-`): what a row of one indicator's figures holds.
fn is_figure(text: &str) -> bool {
    !matches!(Cell::read(text).value, CellValue::Text)
}

/// The tables of `grid`, in order.
fn tables(grid: &Grid, era: Option<Era>) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    let mut after = 0;
    for (i, row) in grid.rows.iter().enumerate() {
        let cells: Vec<(usize, &str)> = row.filled().collect();
        if cells.len() < 2 {
            continue;
        }
        let Some(columns) = cells
            .iter()
            .map(|&(c, t)| heading_cell(t, era).map(|(y, w)| (c, y, w)))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let Some(figures) = (i + 1..grid.rows.len()).find(|&k| !grid.rows[k].is_blank()) else {
            continue;
        };
        let under = &grid.rows[figures];
        let fits = under.filled().count() * 2 >= columns.len()
            && under
                .filled()
                .all(|(c, t)| columns.iter().any(|(k, _, _)| *k == c) && is_figure(t));
        if !fits {
            continue;
        }
        if let Some(caption) = caption_above(grid, i, after) {
            out.push(Table {
                caption,
                heading: i,
                columns,
                figures,
            });
            after = figures + 1;
        }
    }
    out
}

impl Layout for Captioned {
    type Found = Vec<Table>;

    fn name(&self) -> &'static str {
        "captioned"
    }

    fn description(&self) -> &'static str {
        "見出し付き小表型: 指標を名づける行の下に、年度が横に並ぶ見出しと数値の行だけの小さな表が続くシート"
    }

    fn recognise(&self, grid: &Grid, ctx: &SheetContext) -> (Recognition, Option<Vec<Table>>) {
        let found = tables(grid, ctx.era);
        let Some(first) = found.first() else {
            return (
                Recognition::none(
                    "指標名の行の下に、年度だけが並ぶ見出しと数値の行が続く小さな表がありません",
                ),
                None,
            );
        };
        let mut r = Recognition::default();
        r.add(
            0.8,
            format!(
                "{}行目の「{}」の下に年度が横に並ぶ見出しと数値の行(小さな表が{}個)",
                grid.rows[first.caption.row].line,
                first.caption.name,
                found.len()
            ),
        );
        (r, Some(found))
    }

    fn read(&self, tables: Vec<Table>, grid: &Grid, ctx: &SheetContext, plan: &mut PlanBuilder) {
        let mut years = Vec::new();
        let mut read_rows = Vec::new();
        for t in &tables {
            let mut ind = Indicator::new(t.caption.name.clone());
            ind.unit = t.caption.unit.clone();
            ind.goal = ctx.root;
            ind.location = Some(grid.location(&grid.rows[t.caption.row], t.caption.col));
            let id = plan.add_indicator(ind);
            let row = &grid.rows[t.figures];
            for &(c, year, word) in &t.columns {
                let raw = row.cell(c).trim();
                if raw.is_empty() {
                    continue;
                }
                let series = match word {
                    Some(ValueWord::Target) => Series::Target,
                    Some(ValueWord::Forecast | ValueWord::Reference) => {
                        plan.report(grid.unplaced(
                            row,
                            c,
                            "見込・他の目標の列: 実績・目標としては読みません",
                        ));
                        continue;
                    }
                    // a baseline dated to a year is that year's measured value
                    Some(ValueWord::Actual | ValueWord::Baseline) | None => Series::Actual,
                };
                plan.indicator_mut(id).record(
                    series,
                    year,
                    Cell::read(raw),
                    Some(grid.location(row, c)),
                );
                years.push(year);
            }
            read_rows.extend([t.caption.row, t.heading, t.figures]);
        }
        // lines after the first table that no table reads: kept as findings, never dropped
        let first = tables.first().map_or(0, |t| t.heading);
        for (i, row) in grid.rows.iter().enumerate().skip(first) {
            if read_rows.contains(&i) {
                continue;
            }
            report_row(grid, row, plan);
        }
        plan.add_fiscal_years(years.iter().copied());
        if let (Some(first), Some(last)) = (years.iter().min(), years.iter().max()) {
            plan.set_period_from(PlanPeriod::new(*first, *last), PeriodSource::SheetColumns);
        }
    }
}

fn report_row(grid: &Grid, row: &Row, plan: &mut PlanBuilder) {
    for (c, _) in row.filled() {
        plan.report(grid.unplaced(row, c, "小さな表の外の行"));
    }
}
