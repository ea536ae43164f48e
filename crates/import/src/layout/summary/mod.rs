//! The summary layout: one row per indicator, with one column each for the baseline (現状値 /
//! 基準値), the latest actual (実績値), the target (目標値), and often the sheet's own 達成率 and
//! 評価, as 施策評価シート and 総合戦略の検証シート are laid out. A cell may carry its year
//! (`54.6% (22年度)`), a header may (`目標値(H26)`), and a sentence may give the years of
//! columns that carry none (「現状が平成20年度、目標が平成26年度」). The table's heading may take two
//! rows, name its columns in many words (目安値, 当初値, 直近値 …) or name none at all; see
//! `heading` for how each column is told, `super::years` for how each value gets its year.

use std::borrow::Cow;

use super::indicator_rows::IndicatorRows;
use super::{Layout, Recognition, SheetContext};
use crate::grid::{Grid, Row};
use crate::header::Role;
use crate::outline::{marker_of, without_bullet};
use shinchoku_core::era::Era;
use shinchoku_core::fiscal_year::{FiscalYear, in_year_column};
use shinchoku_core::ids::IndicatorId;
use shinchoku_core::indicator::Baseline;
use shinchoku_core::plan::{PeriodSource, PlanPeriod};
use shinchoku_core::vocabulary::is_group_label;
use shinchoku_core::{Cell, CellValue, Indicator, Location, PlanBuilder, Series};

/// The summary layout.
#[derive(Debug, Clone, Copy)]
pub struct Summary;

mod blocks;
mod figure;
mod heading;
mod prose;

use super::years::{
    Dated, Figure, NO_YEAR, SheetYears, Stated, YearSource, cell_year, course_in, era_of,
    undated_column, yearly_figures,
};
use blocks::{Blocks, Key};
pub(crate) use figure::{ValueCell, split_figure, value_cell};
use heading::{Header, Value, find_header};

impl Layout for Summary {
    /// The era two-digit years are written in, and the header.
    type Found = (Option<Era>, Header);

    fn name(&self) -> &'static str {
        "summary"
    }

    fn description(&self) -> &'static str {
        "一覧型: 指標ごとに1行で、現状値(基準値)・実績値・目標値(・達成率・評価)の列が並ぶ表"
    }

    fn recognise(&self, grid: &Grid, ctx: &SheetContext) -> (Recognition, Option<Self::Found>) {
        let era = era_of(grid, ctx.era);
        let Some(h) = find_header(grid, era) else {
            return (
                Recognition::none(
                    "指標名の列と、現状値・実績値・目標値か年度の列がそろった見出し行がありません",
                ),
                None,
            );
        };
        let mut r = Recognition::default();
        let names: Vec<String> = h
            .values
            .iter()
            .map(|v| {
                let what = match v.value {
                    Value::Baseline => "基準値",
                    Value::Series(Series::Target) => "目標値",
                    Value::Series(Series::Actual) => "実績値",
                    Value::Year => match h.years_hold {
                        Series::Target => "目標値",
                        Series::Actual => "実績値",
                    },
                };
                match v.year {
                    Some(y) if v.part_year => {
                        format!(
                            "「{}」={what}({}年度の途中の時点)",
                            v.heading,
                            y.start_year()
                        )
                    }
                    Some(y) => format!("「{}」={what}({}年度)", v.heading, y.start_year()),
                    None => format!("「{}」={what}", v.heading),
                }
            })
            .collect();
        let lines: Vec<String> = h
            .rows
            .iter()
            .map(|&k| grid.rows[k].line.to_string())
            .collect();
        r.add(
            0.5,
            format!(
                "{}行目に指標名と値の列見出し: {}",
                lines.join("・"),
                names.join("、")
            ),
        );
        if let Some(how) = &h.name_found {
            r.reasons.push(how.clone());
        }
        // where the years of columns whose heading gives none will come from: a person checks
        // these, not every cell
        let around = SheetYears::around(
            grid,
            h.row,
            h.data_from,
            era,
            h.col(Role::Number).is_some(),
            ctx,
        );
        let noted = !around.notes.rows.is_empty();
        // an undated result takes the year its row's target cell states
        let milestone = h
            .values
            .iter()
            .any(|v| v.value == Value::Series(Series::Target) && v.year.is_none())
            && !h.values.iter().any(|v| v.value == Value::Baseline);
        let period_col = h.col(Role::Period).is_some();
        for v in h.values.iter().filter(|v| v.year.is_none()) {
            let figure = match v.value {
                Value::Baseline => Figure::Baseline,
                Value::Series(Series::Actual) => Figure::Actual,
                Value::Series(Series::Target) | Value::Year => Figure::Target,
            };
            let context = around.source_for(figure, |s| match s {
                YearSource::Note => noted,
                YearSource::Row => milestone,
                YearSource::RowPeriod => period_col,
                _ => false,
            });
            r.reasons.push(undated_column(&v.heading, context, NO_YEAR));
        }
        for s in &h.set_aside {
            r.reasons.push(format!("{}列目は{}", s.col + 1, s.reason));
        }
        let columns: Vec<usize> = h.values.iter().map(|v| v.col).collect();
        let rows = grid.rows[h.data_from..].iter().filter(|r| !r.is_blank());
        let with_figures = super::rows_with_figures(rows.take(100), &columns);
        if with_figures > 0 {
            r.add(0.35, format!("数値のある行が{with_figures}行"));
        }
        if h.col(Role::StatedAchievement).is_some() || h.col(Role::SelfAssessment).is_some() {
            r.add(0.1, "達成率・評価の列");
        }
        (r, Some((era, h)))
    }

    fn read(
        &self,
        (era, mut header): Self::Found,
        grid: &Grid,
        ctx: &SheetContext,
        plan: &mut PlanBuilder,
    ) {
        // numbered notes under the table date numbered rows. Recognition saw the sheet's first
        // rows only: the notes and sentences are looked for again over the whole sheet.
        let number_col = header.col(Role::Number);
        let around = SheetYears::around(
            grid,
            header.row,
            header.data_from,
            era,
            number_col.is_some(),
            ctx,
        );
        let mut rows = IndicatorRows::new(&header.roles, ctx.root);
        let mut years: Vec<FiscalYear> = Vec::new();
        let mut read_ids = Vec::new();
        let mut name_col = rows.name_col();
        let mut blocks = Blocks::default();
        let mut skip_until = 0;
        for (i, row) in grid.rows.iter().enumerate().skip(header.data_from) {
            if i < skip_until || row.is_blank() {
                continue;
            }
            // another heading: a block read with its own columns
            if let Some(next) = blocks::next_heading(grid, i, era, &header) {
                blocks.open();
                skip_until = next.data_from;
                header = next;
                rows = IndicatorRows::new(&header.roles, ctx.root);
                name_col = rows.name_col();
                continue;
            }
            if header.repeated_by(grid, row) {
                continue;
            }
            if around.notes.rows.contains(&i) {
                plan.report(grid.unplaced(
                    row,
                    row.filled().next().map_or(0, |(c, _)| c),
                    "表の下の注記: 番号の指標の現状値・実績値の年度として読みました",
                ));
                continue;
            }
            if let Some((c, text)) = lone_text(row, &header) {
                // a line of results under the table (`平成30年度実績 特定健診受診率 38.1%…`)
                if results_line(grid, row, c, text, era, &read_ids, plan, &mut years) {
                    continue;
                }
                // an indicator's name over rows naming only its groups (`男性` / `女性`)
                if rows.groups_below(grid, i, |r| header.has_figures(r, name_col)) {
                    rows.name_groups_at(grid, row, c, text);
                    continue;
                }
                // a title between tables opens a goal; a footnote or sentence is not a row
                if marker_of(text).is_some() || !is_prose(text) {
                    rows.heading(grid, row, plan, c, text);
                } else {
                    plan.report(grid.unplaced(row, c, "表の中の文(注記・説明)"));
                }
                continue;
            }
            // a cell listing several measures line by line (`・ 訪問市町数⏎・ 入込観光客数`)
            // with their values line by line in the value cells: a row for each
            let pieces: Vec<(Cow<Row>, Option<String>)> = match listed(row, name_col, &header) {
                Some(split) => split.into_iter().map(|(r, g)| (Cow::Owned(r), g)).collect(),
                None => vec![(Cow::Borrowed(row), None)],
            };
            for (row, group) in &pieces {
                let row = row.as_ref();
                // a group written in every value cell before its figure (`男性 72.8%`)
                let in_cells = group_in_cells(row, &header, era);
                let Some(mut ind) = rows.indicator_in_group(grid, row, plan, in_cells.as_deref())
                else {
                    continue;
                };
                if group.is_some() {
                    ind.group.clone_from(group);
                }
                // a row without figures naming the indicator whose groups follow
                if pieces.len() == 1
                    && ind.group.is_none()
                    && !header.has_figures(row, name_col)
                    && rows.groups_below(grid, i, |r| header.has_figures(r, name_col))
                {
                    rows.name_groups(ind);
                    continue;
                }
                if header.names_in_values
                    && let Some((name, _)) = split_figure(row.cell(name_col))
                {
                    let (name, unit) = crate::header::name_and_unit(name);
                    ind.name = name;
                    ind.unit = ind.unit.or(unit);
                }
                // a line under the name giving the plan's course (`H26年1.54→H31年1.68`)
                let at = grid.location(row, name_col);
                years.extend(course(&mut ind, row.cell(name_col), &header, era, at));
                let key = Key {
                    number: header
                        .col(Role::Number)
                        .map(|c| row.cell(c).trim().to_owned())
                        .filter(|n| !n.is_empty()),
                    name: ind.name.clone(),
                    group: ind.group.clone(),
                };
                // an indicator of an earlier block: this block's figures are its own too
                let id = match blocks.earlier(&key) {
                    Some(id) => {
                        rows.rest_of_row(grid, row, plan, id, |c| header.reads(c));
                        id
                    }
                    None => rows.add(grid, row, plan, ind, |c| header.reads(c)),
                };
                blocks.read(key, id);
                read_ids.push(id);
                // the period a row states (事業期間) ends in its target's year
                let row_period = header
                    .col(Role::Period)
                    .and_then(|c| PlanPeriod::find_in(row.cell(c), era));
                // a target cell dated in the row (目安値 `1.62 (H29年)`) is the year the row's
                // undated result is measured against, in a table with no baseline to confuse it with
                let milestone = header
                    .values
                    .iter()
                    .filter(|v| v.value == Value::Series(Series::Target) && v.year.is_none())
                    .find_map(|v| cell_year(row.cell(v.col), era))
                    .map(|(y, _)| y)
                    .filter(|_| !header.values.iter().any(|v| v.value == Value::Baseline));
                let mut actual_year = None;
                for v in &header.values {
                    let raw = row.cell(v.col);
                    if raw.trim().is_empty() || v.col == name_col && !header.names_in_values {
                        continue;
                    }
                    // the figure after the name (`就業相談者数100人`) or the row's group
                    // (`男性 72.8%`) in one cell; words before a figure that are neither leave
                    // the cell as text
                    let ValueCell {
                        mut cell,
                        year,
                        lead,
                    } = value_cell(raw, era);
                    if lead.is_some() && !header.names_in_values && lead != in_cells {
                        cell.value = CellValue::Text;
                    }
                    let series = match v.value {
                        Value::Baseline => None,
                        Value::Series(s) => Some(s),
                        // a bound (以上 / 以下) is what a plan aims at, never a measurement
                        Value::Year if cell.number().is_some_and(|q| q.bound.is_some()) => {
                            Some(Series::Target)
                        }
                        Value::Year => Some(header.years_hold),
                    };
                    let stated = Stated {
                        cell: year,
                        // a 年度 column right of the value gives each row's year (現状値 | 年度)
                        beside: header
                            .roles
                            .iter()
                            .any(|&(c, r)| r == Role::FiscalYear && c == v.col + 1)
                            .then(|| in_year_column(row.cell(v.col + 1), era))
                            .flatten(),
                        heading: v.year.filter(|_| !v.part_year),
                        part_of_year: v.year.filter(|_| v.part_year),
                        note: header
                            .col(Role::Number)
                            .and_then(|c| around.notes.of(row.cell(c))),
                        row: milestone,
                        row_period,
                    };
                    let year = around.resolve(Figure::of(series), &stated);
                    let at = grid.location(row, v.col);
                    if let Some(finding) = year.and_then(|d| d.finding(raw, at.clone(), id)) {
                        plan.report(finding);
                    }
                    let ind = plan.indicator_mut(id);
                    match (series, year) {
                        (None, year) => {
                            ind.baseline = Some(Baseline {
                                cell,
                                year: year.map(|d| d.year),
                            })
                        }
                        (Some(s), Some(Dated { year: y, .. })) => {
                            ind.record(s, y, cell, Some(at));
                            years.push(y);
                            // the sheet's 達成率 and 評価 are of its latest actual
                            if s == Series::Actual && actual_year.is_none_or(|a| a < y) {
                                actual_year = Some(y);
                            }
                        }
                        (Some(_), None) => plan.report(grid.unplaced(
                            row,
                            v.col,
                            "年度が分からない値(セル・見出し・説明文のどこにも年度がない)",
                        )),
                    }
                }
                for s in &header.set_aside {
                    let raw = row.cell(s.col).trim();
                    if raw.is_empty() {
                        continue;
                    }
                    let listed = s.yearly.then(|| yearly_figures(raw, era)).flatten();
                    let Some(listed) = listed else {
                        plan.report(grid.unplaced(row, s.col, s.reason));
                        continue;
                    };
                    let at = grid.location(row, s.col);
                    for (year, token, figure) in listed {
                        let mut cell = Cell::read(token);
                        cell.value = Cell::read(figure).value;
                        plan.indicator_mut(id)
                            .record(Series::Target, year, cell, Some(at.clone()));
                        years.push(year);
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
        }
        plan.add_fiscal_years(years.iter().copied());
        if let (Some(first), Some(last)) = (years.iter().min(), years.iter().max()) {
            plan.set_period_from(PlanPeriod::new(*first, *last), PeriodSource::SheetColumns);
        }
    }
}

/// Records the actuals a line of results under the table gives the indicators read so far;
/// true when it gave any.
#[allow(clippy::too_many_arguments)]
fn results_line(
    grid: &Grid,
    row: &Row,
    c: usize,
    text: &str,
    era: Option<Era>,
    read_ids: &[IndicatorId],
    plan: &mut PlanBuilder,
    years: &mut Vec<FiscalYear>,
) -> bool {
    let Some(year) = prose::results_year(text, era) else {
        return false;
    };
    let at = grid.location(row, c);
    let mut any = false;
    for &id in read_ids {
        let Some(figure) = prose::figure_after(text, &plan.plan().indicator(id).name) else {
            continue;
        };
        let dated = Dated {
            year,
            source: YearSource::Results,
        };
        if let Some(finding) = dated.finding(&figure, at.clone(), id) {
            plan.report(finding);
        }
        plan.indicator_mut(id)
            .record(Series::Actual, year, Cell::read(&figure), Some(at.clone()));
        years.push(year);
        any = true;
    }
    any
}

/// Takes the course a name cell states on a line under the name (`H26年1.54→H31年1.68`) out
/// of the name: the first figure is the baseline (the first year's actual, beside a baseline
/// column of the table's own), the last the plan's target. Returns the years it dated.
fn course(
    ind: &mut Indicator,
    written: &str,
    header: &Header,
    era: Option<Era>,
    at: Location,
) -> Vec<FiscalYear> {
    let Some(((from, base), (to, target))) =
        written.lines().skip(1).find_map(|l| course_in(l, era))
    else {
        return Vec::new();
    };
    let name: Vec<&str> = written
        .lines()
        .filter(|l| course_in(l, era).is_none())
        .collect();
    let (name, unit) = crate::header::name_and_unit(name.join("\n").trim());
    ind.name = name;
    ind.unit = ind.unit.take().or(unit);
    if header.values.iter().any(|v| v.value == Value::Baseline) {
        ind.record(Series::Actual, from, Cell::read(&base), Some(at.clone()));
    } else {
        ind.baseline = Some(Baseline {
            cell: Cell::read(&base),
            year: Some(from),
        });
    }
    ind.record(Series::Target, to, Cell::read(&target), Some(at));
    vec![from, to]
}

/// The one text of a row that holds nothing else, outside the value columns: a title between
/// tables, a footnote, a sentence.
fn lone_text<'r>(row: &'r Row, header: &Header) -> Option<(usize, &'r str)> {
    let mut filled = row.filled().filter(|(c, _)| !row.is_merge_fill(*c));
    let (c, text) = filled.next()?;
    (filled.next().is_none() && !header.reads(c)).then_some((c, text.trim()))
}

/// The rows a row stands for when its cells list values line by line, with the group each
/// names: a name cell listing measures, one a line after a bullet (`・ 訪問市町数⏎・ 入込観光客
///数`), or one name joining as many measures with 及び (`企業数及び従業者数`: the same name,
/// each part a group). Line `j` of every listed cell is row `j`'s; a cell of one line (the
/// goal) stays with the first, one that describes the row (期間, 単位, 所管課) goes with each;
/// a ditto mark (〃) repeats the line above.
fn listed(row: &Row, name_col: usize, header: &Header) -> Option<Vec<(Row, Option<String>)>> {
    // a last line that is only a year in brackets (`(H21)`) dates every line above it
    let year_line = |l: &str| cell_year(l, None).is_some_and(|(_, rest)| rest.is_empty());
    let raw_lines = |c: usize| -> Vec<&str> {
        let mut lines: Vec<&str> = row
            .cell(c)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.len() > 2 && lines.last().is_some_and(|l| year_line(l)) {
            lines.pop();
        }
        lines
    };
    // value cells whose lines go label, figure, label, figure … (`満野→双海⏎20分⏎満野→本庁⏎
    // 40分`) beside a name cell of as many names as pairs: a pair is a line
    let measures = raw_lines(name_col).len();
    let paired = measures >= 2
        && header
            .values
            .iter()
            .any(|v| raw_lines(v.col).len() == measures * 2)
        && header.values.iter().all(|v| {
            let lines = raw_lines(v.col);
            lines.len() <= 1
                || lines.len() == measures * 2
                    && lines.chunks(2).all(|p| {
                        Cell::read(p[0]).number().is_none() && Cell::read(p[1]).number().is_some()
                    })
        });
    let lines_of = |c: usize| -> Vec<Cow<str>> {
        let lines = raw_lines(c);
        if paired && c != name_col && lines.len() == measures * 2 {
            lines
                .chunks(2)
                .map(|p| Cow::Owned(format!("{}\n{}", p[0], p[1])))
                .collect()
        } else {
            lines.into_iter().map(Cow::Borrowed).collect()
        }
    };
    let dated = |c: usize| -> &str {
        row.cell(c)
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty())
            .filter(|l| year_line(l))
            .unwrap_or("")
    };
    let unbulleted = |l: &str| without_bullet(l).unwrap_or(l.trim()).to_owned();
    let names = lines_of(name_col);
    let values: Vec<usize> = header.values.iter().map(|v| v.col).collect();
    let k = values.iter().map(|&c| lines_of(c).len()).max()?;
    if k < 2
        || !values
            .iter()
            .all(|&c| matches!(lines_of(c).len(), 0 | 1) || lines_of(c).len() == k)
    {
        return None;
    }
    // names after bullets, or lines of names beside lines that are each a figure
    let figures = values.iter().all(|&c| {
        let lines = lines_of(c);
        lines.len() != k || lines.iter().all(|l| Cell::read(l).number().is_some())
    });
    let bulleted = names.len() == k
        && (figures || paired || names.iter().all(|l| without_bullet(l).is_some()));
    let (names, groups): (Vec<String>, Vec<Option<String>>) = if bulleted {
        (names.iter().map(|l| unbulleted(l)).collect(), vec![None; k])
    } else if let [one] = &names[..]
        && let name = unbulleted(one.as_ref())
        && name.split("及び").count() == k
    {
        let parts = name
            .split("及び")
            .map(|p| Some(p.trim().to_owned()))
            .collect();
        (vec![name; k], parts)
    } else if let Some(first) = values.iter().find(|&&c| lines_of(c).len() == k)
        && let Some(parts) = lines_of(*first)
            .iter()
            .map(|l| {
                split_figure(l)
                    .map(|(g, _)| g)
                    .filter(|g| g.chars().count() <= 8)
            })
            .collect::<Option<Vec<&str>>>()
    {
        // a group before each line's figure (`男性76.9歳⏎女性81.9歳`): one measure, a row a group
        let name = row.cell(name_col).to_owned();
        (
            vec![name; k],
            parts.into_iter().map(|g| Some(g.to_owned())).collect(),
        )
    } else {
        return None;
    };
    let merged: Vec<usize> = (0..row.len()).filter(|&c| row.is_merge_fill(c)).collect();
    // what describes the row (its period, unit, department) describes each measure in it
    let shared: Vec<usize> = header
        .roles
        .iter()
        .filter(|(_, r)| {
            matches!(
                r,
                Role::Period | Role::Unit | Role::Department | Role::FiscalYear
            )
        })
        .map(|(c, _)| *c)
        .collect();
    let mut out = Vec::with_capacity(k);
    for (j, (name, group)) in names.into_iter().zip(groups).enumerate() {
        let cells = (0..row.len()).map(|c| {
            let parts = lines_of(c);
            if c == name_col {
                name.clone()
            } else if parts.len() == k {
                // 〃 says the line above again
                let mut line = j;
                while line > 0 && matches!(parts[line].as_ref(), "〃" | "″" | "同上") {
                    line -= 1;
                }
                format!("{}{}", parts[line], dated(c))
            } else if j == 0 || shared.contains(&c) {
                row.cell(c).to_owned()
            } else {
                String::new()
            }
        });
        let mut piece = Row::new(row.line, cells);
        if j == 0 {
            piece.mark_merge_fill(merged.clone());
        }
        out.push((piece, group));
    }
    Some(out)
}

/// The group a row writes in its value cells before the figure (`男性 72.8%` | `男性
/// 80%`): the same short word in every filled value cell, and a figure after it, or a
/// group's word in some and none in the others (`男性 51.2%` | `51.0%`).
fn group_in_cells(row: &Row, header: &Header, era: Option<Era>) -> Option<String> {
    if header.names_in_values {
        return None;
    }
    let mut word: Option<String> = None;
    let mut bare = false;
    for v in &header.values {
        let raw = row.cell(v.col).trim();
        if raw.is_empty() {
            continue;
        }
        let Some(prefix) = value_cell(raw, era).lead else {
            bare = true;
            continue;
        };
        if prefix.chars().count() > 8 || word.as_ref().is_some_and(|w| *w != prefix) {
            return None;
        }
        word = Some(prefix);
    }
    // written once (`男性 51.2%` | `51.0%`), only a word naming a group says the row's group
    word.filter(|w| !bare || is_group_label(w))
}

/// A footnote (※, 注) or a sentence (。), rather than a title.
fn is_prose(text: &str) -> bool {
    text.starts_with(['※', '*', '＊', '注']) || text.contains('。') || text.chars().count() > 60
}
