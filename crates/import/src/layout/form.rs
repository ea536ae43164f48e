//! The form layout: a page laid out as labels and their values rather than a table, as a
//! plan's public summary shows an example indicator per goal — `施策 | 感染症対策の強化`,
//! `指標 | 「感染症専門研修受講者数」`, then `現状値 | 0人(令和2年度末) | 目標値 | 542人(令和8年度末)`.
//! A label that names the indicator opens one; rows of value words and figures in pairs give
//! its figures, each dated in its cell; the other labels are the goals it sits under, a level
//! each in the order they first appear.

use super::summary::{ValueCell, value_cell};
use super::years::{Dated, Figure, SheetYears, Stated};
use super::{Layout, Recognition, SheetContext};
use crate::grid::{Grid, Row};
use crate::header::{Role, ValueWord, role_of, value_word};
use crate::outline::{Marker, Outline};
use shinchoku_core::fiscal_year::{FiscalYear, dated_in};
use shinchoku_core::ids::IndicatorId;
use shinchoku_core::indicator::Baseline;
use shinchoku_core::{Indicator, PlanBuilder, Series};

/// The form layout.
#[derive(Debug, Clone, Copy)]
pub struct Form;

/// The figure a label cell names, if it is one of this plan's (現状値, 目標値, 実績値, 基準値):
/// a forecast or another body's figure is no label of a form.
fn value_label(text: &str) -> Option<Figure> {
    let t = text.trim();
    if t.chars().count() > 8 {
        return None;
    }
    match value_word(t)? {
        ValueWord::Target => Some(Figure::Target),
        ValueWord::Actual => Some(Figure::Actual),
        ValueWord::Baseline => Some(Figure::Baseline),
        ValueWord::Forecast | ValueWord::Reference => None,
    }
}

/// The pairs of a row of value words and figures: `現状値 | 0人(令和2年度末) | 目標値 | 542人…`.
fn pairs(row: &Row) -> Vec<(usize, Figure, &str)> {
    let filled: Vec<(usize, &str)> = row.filled().collect();
    if filled.len() < 2 || filled.len() % 2 != 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for pair in filled.chunks(2) {
        let [(_, label), (c, value)] = pair else {
            return Vec::new();
        };
        let Some(word) = value_label(label) else {
            return Vec::new();
        };
        out.push((*c, word, *value));
    }
    out
}

/// A label and its text: `指標 | 「感染症専門研修受講者数」`.
fn labelled(row: &Row) -> Option<(&str, usize, &str)> {
    let mut filled = row.filled();
    let (_, label) = filled.next()?;
    let (c, text) = filled.next()?;
    let label = label.trim();
    (label.chars().count() <= 8 && value_label(label).is_none()).then_some((label, c, text.trim()))
}

/// The row indexes of indicator labels that a row of value pairs follows within two rows.
fn blocks(grid: &Grid) -> Vec<usize> {
    let rows = &grid.rows;
    (0..rows.len())
        .filter(|&i| {
            labelled(&rows[i]).is_some_and(|(l, _, _)| role_of(l) == Some(Role::Indicator))
                && rows[i + 1..].iter().take(2).any(|r| !pairs(r).is_empty())
        })
        .collect()
}

impl Layout for Form {
    fn name(&self) -> &'static str {
        "form"
    }

    fn description(&self) -> &'static str {
        "様式型: 表ではなく「指標」「現状値」「目標値」などの見出しと値が組になって並ぶページ"
    }

    /// The row of the first block.
    type Found = usize;

    fn recognise(&self, grid: &Grid, _ctx: &SheetContext) -> (Recognition, Option<usize>) {
        let found = blocks(grid);
        let Some(&first) = found.first() else {
            return (
                Recognition::none(
                    "「指標」の見出しと名前の行、その下に「現状値・目標値」と値が組で並ぶ行がありません",
                ),
                None,
            );
        };
        let mut r = Recognition::default();
        let lines: Vec<String> = found
            .iter()
            .map(|&i| grid.rows[i].line.to_string())
            .collect();
        // a table's heading row of 指標 | 現状値 | 目標値 is no form: it holds no name
        r.add(
            0.45 + 0.05 * (found.len().min(4) as f64),
            format!(
                "{}行目に「指標」と名前、その下に値の見出しと値の組",
                lines.join("・")
            ),
        );
        (r, Some(first))
    }

    fn read(&self, first: usize, grid: &Grid, ctx: &SheetContext, plan: &mut PlanBuilder) {
        let mut outline = Outline::under(ctx.root);
        // the goal labels, a level each in the order they first appear (将来像, 針路, 施策)
        let mut levels: Vec<String> = Vec::new();
        let mut current: Option<IndicatorId> = None;
        let mut years = Vec::new();
        // a value whose cell states no year takes one from a sentence or the plan's period
        let around = SheetYears::around(grid, first, first, ctx.era, false, ctx);
        // the goal labels just before the first indicator belong to it, not to the title
        let start = grid.rows[..first]
            .iter()
            .rposition(|r| r.is_blank())
            .map_or(0, |b| b + 1);
        for row in &grid.rows[start..] {
            if row.is_blank() {
                continue;
            }
            let found = pairs(row);
            if !found.is_empty() {
                let Some(id) = current else {
                    for (c, _) in row.filled() {
                        plan.report(grid.unplaced(row, c, "指標の見出しより前の値"));
                    }
                    continue;
                };
                current = Some(read_pairs(grid, row, &found, &around, plan, id, &mut years));
                continue;
            }
            let Some((label, c, text)) = labelled(row) else {
                for (c, _) in row.filled() {
                    plan.report(grid.unplaced(row, c, "様式の中の文(見出しと値の組ではない行)"));
                }
                continue;
            };
            if role_of(label) == Some(Role::Indicator) {
                let mut ind = Indicator::new(text);
                ind.goal = outline.current();
                ind.location = Some(grid.location(row, c));
                current = Some(plan.add_indicator(ind));
                continue;
            }
            // `将来像 1` and `将来像 2` are one level
            let key: String = label
                .chars()
                .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
                .collect();
            let level = match levels.iter().position(|l| *l == key) {
                Some(k) => k,
                None => {
                    levels.push(key);
                    levels.len() - 1
                }
            };
            let title = row
                .filled()
                .map(|(_, t)| t.trim())
                .collect::<Vec<_>>()
                .join(" ");
            outline.enter(
                plan,
                Marker::Column(u16::try_from(level).unwrap_or(u16::MAX)),
                &title,
                Some(grid.location(row, c)),
            );
            current = None;
        }
        plan.add_fiscal_years(years);
    }
}

/// Reads one row of value pairs into the indicator `id`; a group before the figures
/// (`30歳から39歳 71.6%`) makes the row that group's, under the same name. Returns the
/// indicator the row went to, which later rows continue.
fn read_pairs(
    grid: &Grid,
    row: &Row,
    found: &[(usize, Figure, &str)],
    around: &SheetYears,
    plan: &mut PlanBuilder,
    id: IndicatorId,
    years: &mut Vec<FiscalYear>,
) -> IndicatorId {
    let group = found
        .iter()
        .find_map(|(_, _, raw)| value_cell(raw, around.era).lead)
        .filter(|g| g.chars().count() <= 16);
    let mut target = id;
    if let Some(g) = group {
        let ind = plan.plan().indicator(id);
        let fresh = ind.group.is_none()
            && ind.baseline.is_none()
            && ind.targets.is_empty()
            && ind.actuals.is_empty();
        let same = ind.group.as_deref() == Some(g.as_str());
        let (name, goal) = (ind.name.clone(), ind.goal);
        if fresh {
            plan.indicator_mut(id).group = Some(g);
        } else if !same {
            let mut other = Indicator::new(name);
            other.goal = goal;
            other.location = Some(grid.location(row, found[0].0));
            other.group = Some(g);
            target = plan.add_indicator(other);
        }
    }
    for &(c, figure, raw) in found {
        let ValueCell { cell, year, .. } = value_cell(raw, around.era);
        let at = grid.location(row, c);
        let stated = Stated {
            cell: year.or_else(|| dated_in(raw, around.era)),
            ..Stated::default()
        };
        let dated = around.resolve(figure, &stated);
        if let Some(finding) = dated.and_then(|d| d.finding(raw, at.clone(), target)) {
            plan.report(finding);
        }
        let ind = plan.indicator_mut(target);
        match (figure, dated) {
            (Figure::Target, Some(Dated { year: y, .. })) => {
                ind.record(Series::Target, y, cell, Some(at));
                years.push(y);
            }
            (Figure::Actual, Some(Dated { year: y, .. })) => {
                ind.record(Series::Actual, y, cell, Some(at));
                years.push(y);
            }
            // 基準値 (当初値, 策定時) is where the plan starts: its baseline, dated or not
            (Figure::Baseline, dated) => {
                let year = dated.map(|d| d.year);
                ind.baseline = Some(Baseline { cell, year });
                years.extend(year);
            }
            (_, None) => plan.report(grid.unplaced(
                row,
                c,
                "年度が分からない値(セルにも、表の上下の文や計画期間にも年度がない)",
            )),
        }
    }
    target
}
