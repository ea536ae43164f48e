//! The wide layout: one row per indicator, and for each fiscal year a pair of columns under two
//! header rows — the year above (merged over its pair in the workbook), 目標 and 実績 below.
//! Exported to text, the year stands over the first column of its pair only; a label column
//! belongs to the nearest year to its left.

use super::indicator_rows::IndicatorRows;
use super::{Layout, Recognition, SheetContext};
use crate::grid::Grid;
use crate::header::{self, Role, role_of, row_label_of};
use shinchoku_core::era::Era;
use shinchoku_core::fiscal_year::FiscalYear;
use shinchoku_core::plan::{PeriodSource, PlanPeriod};
use shinchoku_core::{Cell, PlanBuilder, Series};

/// The wide layout.
#[derive(Debug, Clone, Copy)]
pub struct Wide;

#[derive(Debug)]
pub(crate) struct Header {
    /// The row of years over the labels.
    years_row: usize,
    /// The row of labels; data start after it.
    labels_row: usize,
    roles: Vec<(usize, Role)>,
    /// Each value column: its year and series.
    columns: Vec<(usize, FiscalYear, Series)>,
    /// 達成率 / 評価 columns beside a year's pair: the sheet's own judgement of that year.
    judgements: Vec<(usize, FiscalYear, Role)>,
}

impl Header {
    fn col(&self, role: Role) -> Option<usize> {
        self.roles.iter().find(|(_, r)| *r == role).map(|(c, _)| *c)
    }
}

fn find_header(grid: &Grid, era: Option<Era>) -> Option<Header> {
    let rows = &grid.rows;
    rows.iter().enumerate().take(60).find_map(|(i, years_row)| {
        // each year once, at the first column of its merged range
        let years: Vec<(usize, FiscalYear)> = years_row
            .filled()
            .filter(|(c, _)| !years_row.is_merge_fill(*c))
            .filter_map(|(c, t)| header::year_of(t, era).map(|y| (c, y)))
            .collect();
        if years.is_empty() {
            return None;
        }
        let (k, labels_row) = rows
            .iter()
            .enumerate()
            .skip(i + 1)
            .find(|(_, r)| !r.is_blank())?;
        let first_year = years[0].0;
        let mut columns = Vec::new();
        let mut judgements = Vec::new();
        for (c, t) in labels_row.filled().filter(|(c, _)| *c >= first_year) {
            // the year over this column, or the nearest one to its left
            let Some(&(_, year)) = years.iter().rev().find(|(yc, _)| *yc <= c) else {
                continue;
            };
            match (row_label_of(t), role_of(t)) {
                (Some(series), _) => columns.push((c, year, series)),
                (None, Some(r @ (Role::StatedAchievement | Role::SelfAssessment))) => {
                    judgements.push((c, year, r));
                }
                _ => {}
            }
        }
        // a year's pair with one column labelled and the other left blank (`平成20年度` over
        // ` | 目標値`): the blank one holds the other series, the actual beside its target
        let step = years.get(1).map(|(c, _)| c - years[0].0);
        for (n, &(yc, year)) in years.iter().enumerate() {
            let end = years.get(n + 1).map(|(c, _)| *c).or(step.map(|s| yc + s));
            if end != Some(yc + 2) {
                continue;
            }
            let labelled: Vec<(usize, Series)> = columns
                .iter()
                .filter(|(c, _, _)| (yc..yc + 2).contains(c))
                .map(|(c, _, s)| (*c, *s))
                .collect();
            if let [(c, series)] = labelled[..] {
                let other = if c == yc { yc + 1 } else { yc };
                let figures = rows[k + 1..]
                    .iter()
                    .take(10)
                    .any(|r| Cell::read(r.cell(other)).number().is_some());
                if labels_row.cell(other).trim().is_empty() && figures {
                    let complement = match series {
                        Series::Target => Series::Actual,
                        Series::Actual => Series::Target,
                    };
                    columns.push((other, year, complement));
                }
            }
        }
        columns.sort_by_key(|(c, _, _)| *c);
        // a pair per year, at least two columns, and no column read twice
        let distinct: std::collections::HashSet<(FiscalYear, Series)> =
            columns.iter().map(|(_, y, s)| (*y, *s)).collect();
        if columns.len() < 2 || distinct.len() != columns.len() {
            return None;
        }
        let mut roles: Vec<(usize, Role)> = Vec::new();
        for row in [years_row, labels_row] {
            for (c, t) in row.filled().filter(|(c, _)| *c < first_year) {
                if let Some(r) = role_of(t)
                    && !roles.iter().any(|(rc, _)| *rc == c)
                {
                    roles.push((c, r));
                }
            }
        }
        Some(Header {
            years_row: i,
            labels_row: k,
            roles,
            columns,
            judgements,
        })
    })
}

impl Layout for Wide {
    type Found = Header;

    fn name(&self) -> &'static str {
        "wide"
    }

    fn description(&self) -> &'static str {
        "横持ち型: 年度の下に目標・実績の2列ずつが並び、指標ごとに1行の表(見出しが2行)"
    }

    fn recognise(&self, grid: &Grid, ctx: &SheetContext) -> (Recognition, Option<Header>) {
        let Some(h) = find_header(grid, ctx.era) else {
            return (
                Recognition::none(
                    "年度の行と、その下に目標・実績の行が続く2段の見出しがありません",
                ),
                None,
            );
        };
        let mut r = Recognition::default();
        let years: std::collections::BTreeSet<i32> =
            h.columns.iter().map(|(_, y, _)| y.start_year()).collect();
        r.add(
            0.55,
            format!(
                "{}行目までの2段の見出し: {}年度分の目標・実績の列({}列)",
                grid.rows[h.labels_row].line,
                years.len(),
                h.columns.len()
            ),
        );
        if h.col(Role::Indicator).is_some() {
            r.add(0.25, "指標の列見出し");
        }
        let columns: Vec<usize> = h.columns.iter().map(|(c, _, _)| *c).collect();
        let rows = grid.rows[h.labels_row + 1..]
            .iter()
            .filter(|r| !r.is_blank());
        let with_figures = super::rows_with_figures(rows.take(100), &columns);
        if with_figures > 0 {
            r.add(0.15, format!("数値のある行が{with_figures}行"));
        }
        (r, Some(h))
    }

    fn read(&self, header: Header, grid: &Grid, ctx: &SheetContext, plan: &mut PlanBuilder) {
        plan.add_fiscal_years(header.columns.iter().map(|(_, y, _)| *y));
        let mut rows = IndicatorRows::new(&header.roles, ctx.root);
        let mut caption = captioned(grid, &header).map(str::to_owned);
        for row in &grid.rows[header.labels_row + 1..] {
            if row.is_blank() || repeats_heading(row, ctx.era) {
                continue;
            }
            // a caption between small tables names the measure of the next one
            if let Some(c) = caption.as_mut()
                && let mut filled = row.filled()
                && let (Some((_, text)), None) = (filled.next(), filled.next())
            {
                *c = measure_of(text).to_owned();
                continue;
            }
            let Some(mut ind) = rows.indicator(grid, row, plan) else {
                continue;
            };
            if let Some(c) = &caption {
                ind.group = Some(std::mem::replace(&mut ind.name, c.clone()));
            }
            ind.reserve_years(header.columns.len() / 2);
            for &(c, year, series) in &header.columns {
                ind.record(
                    series,
                    year,
                    Cell::read(row.cell(c)),
                    Some(grid.location(row, c)),
                );
            }
            for &(c, year, role) in &header.judgements {
                let raw = row.cell(c).trim();
                if raw.is_empty() {
                    continue;
                }
                if role == Role::StatedAchievement {
                    ind.stated_achievements.insert(year, Cell::read(raw));
                } else {
                    ind.record_self_assessment(year, raw, Some(grid.location(row, c)));
                }
            }
            rows.add(grid, row, plan, ind, |c| {
                header.columns.iter().any(|(k, _, _)| *k == c)
                    || header.judgements.iter().any(|(k, _, _)| *k == c)
            });
        }
        let targets = header
            .columns
            .iter()
            .filter(|(_, _, s)| *s == Series::Target)
            .map(|(_, y, _)| *y);
        let years = header.columns.iter().map(|(_, y, _)| *y);
        if let (Some(first), Some(last)) =
            (targets.clone().min().or(years.clone().min()), years.max())
        {
            plan.set_period_from(PlanPeriod::new(first, last), PeriodSource::SheetColumns);
        }
    }
}

/// The caption over a table whose rows are groups of one measure, not indicators: the line just
/// above the years (`○特定健康診査実施率`) when no heading names the first column and every row
/// is a short label (北海道 / 全国, 男性 / 女性). Each small table under its own caption is
/// another measure with the same groups.
fn captioned<'g>(grid: &'g Grid, header: &Header) -> Option<&'g str> {
    if header.col(Role::Indicator).is_some() {
        return None;
    }
    let above = grid.rows[..header.years_row]
        .iter()
        .rev()
        .find(|r| !r.is_blank())?;
    let mut filled = above.filled();
    let (Some((_, caption)), None) = (filled.next(), filled.next()) else {
        return None;
    };
    let first_value = header.columns.iter().map(|(c, _, _)| *c).min()?;
    let mut labels = grid.rows[header.labels_row + 1..]
        .iter()
        .take_while(|r| !r.is_blank())
        .map(|r| {
            (0..first_value)
                .map(|c| r.cell(c).trim())
                .find(|t| !t.is_empty())
                .unwrap_or("")
        })
        .peekable();
    labels.peek()?;
    labels
        .all(|t| t.chars().count() <= 10 && !names_a_measure(t))
        .then(|| measure_of(caption))
}

/// The measure a caption names, without its bullet: `○特定健康診査実施率`.
fn measure_of(caption: &str) -> &str {
    crate::outline::without_bullet(caption).unwrap_or(caption.trim())
}

/// True for a label that names something measured (…率, …数, …割合) rather than a group.
fn names_a_measure(label: &str) -> bool {
    ["率", "数", "割合", "量", "額", "件", "人", "回", "時間"]
        .iter()
        .any(|w| label.ends_with(w))
}

/// True for a row that says the heading again under a caption: years and labels only.
fn repeats_heading(row: &crate::grid::Row, era: Option<Era>) -> bool {
    let mut n = 0;
    for (_, t) in row.filled() {
        if header::year_of(t, era).is_none() && row_label_of(t).is_none() {
            return false;
        }
        n += 1;
    }
    n >= 2
}
