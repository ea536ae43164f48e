//! The summary layout: one row per indicator, with one column each for the baseline (現状値 /
//! 基準値), the latest actual (実績値), the target (目標値), and often the sheet's own 達成率 and
//! 評価, as 施策評価シート and 総合戦略の検証シート are laid out. A cell may carry its year
//! (`54.6% (22年度)`), a header may (`目標値(H26)`), and a sentence may give the years of
//! columns that carry none (「現状が平成20年度、目標が平成26年度」).

use super::indicator_rows::IndicatorRows;
use super::{Layout, Recognition, SheetContext};
use crate::grid::{Grid, Row};
use crate::header::{self, Role, label_of, role_of, row_label_of};
use shinchoku_core::era::Era;
use shinchoku_core::fiscal_year::{self, FiscalYear};
use shinchoku_core::indicator::Baseline;
use shinchoku_core::plan::{PeriodSource, PlanPeriod};
use shinchoku_core::text::normalize;
use shinchoku_core::{Cell, PlanBuilder, Series};

/// The summary layout.
#[derive(Debug, Clone, Copy)]
pub struct Summary;

/// A value column and the year its header gives.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Value {
    Baseline,
    Series(Series),
}

#[derive(Debug)]
struct Header {
    row: usize,
    /// The first row after the header (and its row of years, when it has one).
    data_from: usize,
    roles: Vec<(usize, Role)>,
    values: Vec<(usize, Value, Option<FiscalYear>)>,
}

impl Header {
    fn col(&self, role: Role) -> Option<usize> {
        self.roles.iter().find(|(_, r)| *r == role).map(|(c, _)| *c)
    }
}

fn find_header(grid: &Grid, era: Option<Era>) -> Option<Header> {
    let rows = &grid.rows;
    rows.iter().enumerate().take(60).find_map(|(i, row)| {
        let mut roles = Vec::new();
        let mut values = Vec::new();
        // cells that are years and nothing else
        let mut bare_years: Vec<(usize, FiscalYear)> = Vec::new();
        for (c, t) in row.filled() {
            // `R2実績`: a column of one year's figures
            if let Some((s, y)) = header::labelled_year(t, era) {
                values.push((c, Value::Series(s), Some(y)));
                continue;
            }
            let year = fiscal_year::find_in(t, era).map(|(y, _)| y);
            if let Some(s) = label_of(t) {
                values.push((c, Value::Series(s), year));
            } else if let Some(r) = role_of(t) {
                if r == Role::Baseline {
                    values.push((c, Value::Baseline, year));
                } else {
                    roles.push((c, r));
                }
            } else if let Some(y) = header::year_of(t, era) {
                bare_years.push((c, y));
            }
        }
        if !roles.iter().any(|(_, r)| *r == Role::Indicator) {
            return None;
        }
        if !bare_years.is_empty() {
            if bare_years_are_actuals(rows, i, &values) {
                values.extend(
                    bare_years
                        .iter()
                        .map(|&(c, y)| (c, Value::Series(Series::Actual), Some(y))),
                );
                values.sort_by_key(|(c, _, _)| *c);
            } else if bare_years.len() >= 2 {
                // a header of years is another layout's
                return None;
            }
        }
        if values.len() < 2 {
            return None;
        }
        let (next_at, next) = rows
            .iter()
            .enumerate()
            .skip(i + 1)
            .find(|(_, r)| !r.is_blank())?;
        // a row of years under the value columns alone, one each — `(H30) (R4) (R6)` under
        // 現状値 実績値 目標値 — is the header's second row and gives their years
        let mut data_from = i + 1;
        let year_row: Option<Vec<(usize, FiscalYear)>> = next
            .filled()
            .map(|(c, t)| {
                let at_value = values.iter().any(|(vc, _, _)| *vc == c);
                header::year_of(t, era).filter(|_| at_value).map(|y| (c, y))
            })
            .collect();
        if let Some(years) = year_row.filter(|y| !y.is_empty()) {
            for (c, y) in years {
                if let Some(v) = values.iter_mut().find(|(vc, _, _)| *vc == c) {
                    v.2 = Some(y);
                }
            }
            data_from = next_at + 1;
        }
        // otherwise, a header whose next row gives years is a sectioned table, and one under
        // a row of years is the second header row of a wide table: neither is a summary
        let next = rows[data_from..].iter().find(|r| !r.is_blank())?;
        let above = rows[..i].iter().rev().find(|r| !r.is_blank());
        let has_years = |r: &Row| {
            values.iter().any(|(c, _, _)| {
                (0..=*c)
                    .rev()
                    .take(2)
                    .any(|k| header::year_of(r.cell(k), era).is_some())
            })
        };
        if has_years(next) || above.is_some_and(has_years) {
            return None;
        }
        Some(Header {
            row: i,
            data_from,
            roles,
            values,
        })
    })
}

/// Whether the bare year columns of the header at `rows[i]` hold the actuals: beside a target
/// column and no actual one (指標 | 策定時 | R2 | R3 | R4 | 目標値(R6)) — unless rows below are
/// labelled 目標値 / 実績値, which makes it a matrix's header of years, or such a header recurs
/// (small tables under headings, the sectioned layout's).
fn bare_years_are_actuals(
    rows: &[Row],
    i: usize,
    values: &[(usize, Value, Option<FiscalYear>)],
) -> bool {
    let names = |s: Series| values.iter().any(|(_, v, _)| *v == Value::Series(s));
    if names(Series::Actual) || !names(Series::Target) {
        return false;
    }
    let labelled_rows = rows[i + 1..]
        .iter()
        .filter(|r| !r.is_blank())
        .take(20)
        .any(|r| header::may_have_label(r) && r.filled().any(|(_, t)| row_label_of(t).is_some()));
    let recurs = || {
        rows.iter()
            .enumerate()
            .take(400)
            .filter(|(k, _)| *k != i)
            .any(|(_, r)| {
                r.filled().any(|(_, t)| role_of(t) == Some(Role::Indicator))
                    && r.filled().any(|(_, t)| label_of(t) == Some(Series::Target))
            })
    };
    !labelled_rows && !recurs()
}

/// Years a sentence gives to the columns: 「現状が平成20年度、目標が平成26年度」.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct SentenceYears {
    baseline: Option<FiscalYear>,
    target: Option<FiscalYear>,
    actual: Option<FiscalYear>,
}

fn sentence_years(grid: &Grid, header_row: usize, era: Option<Era>) -> SentenceYears {
    let mut found = SentenceYears::default();
    let texts = grid
        .rows
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != header_row)
        .flat_map(|(_, r)| r.filled().map(|(_, t)| t));
    for text in texts.filter(|t| t.chars().count() >= 6) {
        let t = normalize(text);
        let mut rest: &str = &t;
        let mut offset = 0;
        while let Some((year, at)) = fiscal_year::find_in(rest, era) {
            // the word just before the year names the column: 現状が平成20年度
            let before: String = t[..offset + at.start]
                .chars()
                .rev()
                .take(8)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let slot =
                if before.contains("現状") || before.contains("基準") || before.contains("策定時")
                {
                    Some(&mut found.baseline)
                } else if before.contains("目標") {
                    Some(&mut found.target)
                } else if before.contains("実績") {
                    Some(&mut found.actual)
                } else {
                    None
                };
            if let Some(slot) = slot {
                slot.get_or_insert(year);
            }
            offset += at.end;
            rest = &t[offset..];
        }
    }
    found
}

/// The year a cell names in its trailing parentheses: `54.6% (22年度)`.
fn cell_year(raw: &str, era: Option<Era>) -> Option<FiscalYear> {
    let t = normalize(raw);
    let open = t.rfind('(')?;
    fiscal_year::find_in(&t[open..], era).map(|(y, _)| y)
}

impl Layout for Summary {
    fn name(&self) -> &'static str {
        "summary"
    }

    fn description(&self) -> &'static str {
        "一覧型: 指標ごとに1行で、現状値(基準値)・実績値・目標値(・達成率・評価)の列が並ぶ表"
    }

    fn recognise(&self, grid: &Grid, ctx: &SheetContext) -> Recognition {
        let mut r = Recognition::default();
        let Some(h) = find_header(grid, ctx.era) else {
            r.reasons.push(
                "「指標」と、現状値・実績値・目標値のうち2つ以上の列がそろった見出し行がありません"
                    .into(),
            );
            return r;
        };
        let names: Vec<&str> = h
            .values
            .iter()
            .map(|(_, v, _)| match v {
                Value::Baseline => "基準値",
                Value::Series(Series::Target) => "目標値",
                Value::Series(Series::Actual) => "実績値",
            })
            .collect();
        r.add(
            0.5,
            format!(
                "{}行目に指標と{}の列見出し",
                grid.rows[h.row].line,
                names.join("・")
            ),
        );
        let columns: Vec<usize> = h.values.iter().map(|(c, _, _)| *c).collect();
        let rows = grid.rows[h.data_from..].iter().filter(|r| !r.is_blank());
        let with_figures = super::rows_with_figures(rows.take(100), &columns);
        if with_figures > 0 {
            r.add(0.35, format!("数値のある行が{with_figures}行"));
        }
        if h.col(Role::StatedAchievement).is_some() || h.col(Role::SelfAssessment).is_some() {
            r.add(0.1, "達成率・評価の列");
        }
        r
    }

    fn read(&self, grid: &Grid, ctx: &SheetContext, plan: &mut PlanBuilder) {
        let Some(header) = find_header(grid, ctx.era) else {
            return;
        };
        let sentence = sentence_years(grid, header.row, ctx.era);
        let mut rows = IndicatorRows::new(&header.roles, ctx.root);
        let mut years: Vec<FiscalYear> = Vec::new();
        for row in &grid.rows[header.data_from..] {
            if row.is_blank() {
                continue;
            }
            let Some(ind) = rows.indicator(grid, row, plan) else {
                continue;
            };
            let id = rows.add(grid, row, plan, ind, |c| {
                header.values.iter().any(|(k, _, _)| *k == c)
            });
            let mut actual_year = None;
            for &(c, value, header_year) in &header.values {
                let raw = row.cell(c);
                if raw.trim().is_empty() {
                    continue;
                }
                let fallback = match value {
                    Value::Baseline => sentence.baseline,
                    // a target with no year of its own is the plan's, where the title
                    // states the period
                    Value::Series(Series::Target) => sentence.target.or(ctx.period.map(|p| p.last)),
                    Value::Series(Series::Actual) => sentence.actual,
                };
                let at = grid.location(row, c);
                let year = cell_year(raw, ctx.era).or(header_year).or(fallback);
                let ind = plan.indicator_mut(id);
                match (value, year) {
                    (Value::Baseline, year) => {
                        ind.baseline = Some(Baseline {
                            cell: Cell::read(raw),
                            year,
                        })
                    }
                    (Value::Series(s), Some(y)) => {
                        ind.record(s, y, Cell::read(raw), Some(at));
                        years.push(y);
                        // the sheet's 達成率 and 評価 are of its latest actual
                        if s == Series::Actual && actual_year.is_none_or(|a| a < y) {
                            actual_year = Some(y);
                        }
                    }
                    (Value::Series(_), None) => plan.report(grid.unplaced(
                        row,
                        c,
                        "年度が分からない値(セル・見出し・説明文のどこにも年度がない)",
                    )),
                }
            }
            for (role, stated) in [
                (Role::StatedAchievement, true),
                (Role::SelfAssessment, false),
            ] {
                let Some(c) = header.col(role) else { continue };
                let raw = row.cell(c).trim();
                if raw.is_empty() {
                    continue;
                }
                let Some(y) = actual_year else {
                    plan.report(grid.unplaced(
                        row,
                        c,
                        "実績値の年度が分からないため、どの年度の評価か分からない",
                    ));
                    continue;
                };
                let at = grid.location(row, c);
                let ind = plan.indicator_mut(id);
                if stated {
                    ind.stated_achievements.insert(y, Cell::read(raw));
                } else {
                    ind.record_self_assessment(y, raw, Some(at));
                }
            }
        }
        plan.add_fiscal_years(years.iter().copied());
        if let (Some(first), Some(last)) = (years.iter().min(), years.iter().max()) {
            plan.set_period_from(PlanPeriod::new(*first, *last), PeriodSource::SheetColumns);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_cells_and_sentences() {
        let h = Some(Era::Heisei);
        assert_eq!(
            cell_year("54.6% (22年度)", h).map(FiscalYear::start_year),
            Some(2010)
        );
        assert_eq!(
            cell_year("35（H23）", None).map(FiscalYear::start_year),
            Some(2011)
        );
        assert_eq!(cell_year("54.6%", h), None);
        let grid = Grid {
            rows: vec![
                Row::new(1, ["※現状が平成20年度、目標が平成26年度の値です。"]),
                Row::new(2, ["指標"]),
            ],
            ..Grid::default()
        };
        let y = sentence_years(&grid, 1, h);
        assert_eq!(y.baseline.map(FiscalYear::start_year), Some(2008));
        assert_eq!(y.target.map(FiscalYear::start_year), Some(2014));
        assert_eq!(y.actual, None);
    }
}
