//! The heading of a one-row-per-indicator table: its header row, and a second row under it that
//! completes its headings (`当初値 | 達成値` over `12年度 | 22年度`, or `数値目標` merged over
//! `現状値 | 目標値`); what each column holds, from its words, its year and, where the words are
//! ambiguous, its cells (a column headed 数値目標 whose cells are long sentences is the names).

use crate::grid::{Grid, Row};
use crate::header::{self, Role, ValueWord, role_of, row_label_of, value_word};
use shinchoku_core::era::Era;
use shinchoku_core::fiscal_year::{FiscalYear, dated_in, part_of_year_in};

use super::figure::split_figure;
use shinchoku_core::{Cell, CellValue, Series};

/// What a value column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Value {
    Baseline,
    Series(Series),
    /// Bare years over figures the caption above calls targets or actuals; a bound
    /// (`68.0以上`) among them is a target whatever the caption says.
    Year,
}

/// A value column, its heading's year and the heading as written.
#[derive(Debug, Clone)]
pub(crate) struct ValueColumn {
    pub col: usize,
    pub value: Value,
    pub year: Option<FiscalYear>,
    pub heading: String,
    /// The heading dates the column by a day within the year (`令和6年9月30日現在`): its
    /// figures are the year's so far, not the whole year's.
    pub part_year: bool,
}

/// A column read as neither a value nor a description, with why: its cells are reported.
#[derive(Debug, Clone)]
pub(crate) struct SetAside {
    pub col: usize,
    pub reason: &'static str,
    /// A reference column of this plan's own yearly targets (参考年間目標): a cell listing
    /// them year by year (`2019年度:300 2020年度:600`) gives a target for each year.
    pub yearly: bool,
}

#[derive(Debug)]
pub(crate) struct Header {
    pub row: usize,
    /// The rows of the heading, the first one included.
    pub rows: Vec<usize>,
    /// The first row after the heading.
    pub data_from: usize,
    pub roles: Vec<(usize, Role)>,
    pub values: Vec<ValueColumn>,
    pub set_aside: Vec<SetAside>,
    /// The series bare year columns hold: the caption above the table says (`…の目標値`),
    /// else actuals.
    pub years_hold: Series,
    /// How the names' column was found, when its heading did not say.
    pub name_found: Option<String>,
    /// True when each value cell holds the indicator's name before its figure
    /// (`就業相談者数100人`): the name column is the first value column, read for its name.
    pub names_in_values: bool,
}

impl Header {
    pub fn col(&self, role: Role) -> Option<usize> {
        col_of(&self.roles, role)
    }

    /// True when `row` writes a figure in a value column other than the names' `name_col`.
    pub fn has_figures(&self, row: &Row, name_col: usize) -> bool {
        self.values
            .iter()
            .any(|v| v.col != name_col && !row.cell(v.col).trim().is_empty())
    }

    pub fn reads(&self, c: usize) -> bool {
        self.values.iter().any(|v| v.col == c) || self.set_aside.iter().any(|s| s.col == c)
    }

    /// True when `row` repeats the heading (a second table under a section title).
    pub fn repeated_by(&self, grid: &Grid, row: &Row) -> bool {
        let first = &grid.rows[self.row];
        let same = row
            .filled()
            .filter(|(c, t)| first.cell(*c).trim() == t.trim())
            .count();
        same >= 2 && same * 2 >= row.filled().count()
    }
}

/// One column's heading: its texts from the top heading row down.
type Parts<'a> = Vec<&'a str>;

/// True for a row that completes the heading above it: every cell a year, a value word or a
/// role word, and no figure.
fn completes_heading(row: &Row, era: Option<Era>) -> bool {
    let mut any = false;
    for (_, t) in row.filled() {
        let heading_word = header::year_of(t, era).is_some()
            || dated_in(t, era).is_some() && Cell::read(t).number().is_none()
            || value_word(t).is_some()
            || role_of(t).is_some()
            || row_label_of(t).is_some();
        if !heading_word {
            return false;
        }
        any = true;
    }
    any
}

/// Each column's heading texts over the rows `rows` (top first). A blank cell of an upper row
/// over a filled one below takes the text to its left: the first cell of a range merged over
/// several columns (text files keep its text in its first cell only).
fn compose<'g>(grid: &'g Grid, rows: &[usize]) -> Vec<(usize, Parts<'g>)> {
    let width = rows.iter().map(|&r| grid.rows[r].len()).max().unwrap_or(0);
    let mut out = Vec::new();
    for c in 0..width {
        let mut parts: Parts = Vec::new();
        for (k, &r) in rows.iter().enumerate() {
            let row = &grid.rows[r];
            let t = row.cell(c).trim();
            if !t.is_empty() {
                parts.push(t);
                continue;
            }
            let below_filled = rows[k + 1..]
                .iter()
                .any(|&b| !grid.rows[b].cell(c).trim().is_empty());
            if below_filled
                && let Some(left) = (0..c)
                    .rev()
                    .take(6)
                    .map(|l| row.cell(l).trim())
                    .find(|t| !t.is_empty())
            {
                parts.push(left);
            }
        }
        if !parts.is_empty() {
            out.push((c, parts));
        }
    }
    out
}

/// The cells of column `c` in the first data rows, each merged range once.
fn cells_below(grid: &Grid, from: usize, c: usize) -> impl Iterator<Item = &str> {
    grid.rows[from.min(grid.rows.len())..]
        .iter()
        .take(25)
        .filter(move |r| !r.is_merge_fill(c))
        .map(move |r| r.cell(c).trim())
        .filter(|t| !t.is_empty())
}

/// True when a column's cells read as indicator names: mostly text of some length.
fn holds_names(grid: &Grid, from: usize, c: usize) -> bool {
    let cells: Vec<&str> = cells_below(grid, from, c).collect();
    let names = cells
        .iter()
        .filter(|t| {
            t.chars().count() >= 5
                && matches!(Cell::read(t).value, CellValue::Text)
                // a year down the rows (`令和2年度`) is a transposed table's, not a name
                && header::year_of(t, None).is_none()
        })
        .count();
    !cells.is_empty() && names * 3 >= cells.len() * 2
}

/// True when a column's cells are item numbers: `(1)`, `2`, `①`, `1-3`.
fn holds_item_numbers(grid: &Grid, from: usize, c: usize) -> bool {
    // the table's body only: the notes under it may be numbered too
    let mut cells = grid.rows[from.min(grid.rows.len())..]
        .iter()
        .take_while(|r| !r.is_blank())
        .take(25)
        .map(|r| r.cell(c).trim())
        .filter(|t| !t.is_empty())
        .peekable();
    cells.peek().is_some() && cells.all(crate::outline::is_item_number)
}

/// True when a column's cells are a few short words said again and again (就学前 / 小学生):
/// groups of one measure, whatever its heading says. One word on every row (`延伸`, `延伸`)
/// tells no rows apart: that is a column's value, not groups.
fn holds_groups(grid: &Grid, from: usize, c: usize) -> bool {
    let cells: Vec<&str> = cells_below(grid, from, c).collect();
    if cells.len() < 2 {
        return false;
    }
    // a dated cell (`(H28) 公表予定`) is a value, however short
    let words = cells.iter().all(|t| {
        t.chars().count() <= 16
            && matches!(Cell::read(t).value, CellValue::Text)
            && crate::layout::years::cell_year(t, None).is_none()
    });
    let mut distinct = cells.clone();
    distinct.sort_unstable();
    distinct.dedup();
    words && distinct.len() >= 2 && distinct.len() < cells.len()
}

/// True when column `c` holds short words and, on some row, one where the name column is
/// blank: the row goes on with the indicator above, in another group (`20歳代 男性` under
/// `欠食の割合`, then `30歳代 男性` alone).
fn continues_names(grid: &Grid, from: usize, name_col: usize, c: usize) -> bool {
    let body = grid.rows[from.min(grid.rows.len())..]
        .iter()
        .take_while(|r| !r.is_blank())
        .take(25);
    let mut words = 0;
    let mut continued = false;
    for r in body {
        let t = r.cell(c).trim();
        if t.is_empty() {
            continue;
        }
        if t.chars().count() > 16 || !matches!(Cell::read(t).value, CellValue::Text) {
            return false;
        }
        words += 1;
        continued |= r.cell(name_col).trim().is_empty() || r.is_merge_fill(name_col);
    }
    words >= 2 && continued
}

/// The series the caption just above a table of bare years names: `…受診率の目標値`.
fn caption_series(grid: &Grid, row: usize) -> Series {
    let caption = grid.rows[..row]
        .iter()
        .rev()
        .take(3)
        .find(|r| !r.is_blank())
        .filter(|r| r.filled().count() == 1)
        .and_then(|r| r.filled().next())
        .map(|(_, t)| t);
    match caption {
        Some(t) if t.contains("目標") && !t.contains("実績") => Series::Target,
        _ => Series::Actual,
    }
}

/// What a heading's columns name, before their cells are looked at.
struct Columns {
    roles: Vec<(usize, Role)>,
    values: Vec<ValueColumn>,
    set_aside: Vec<SetAside>,
    /// Columns headed by a year alone: their series is decided by the rest of the heading.
    bare_years: Vec<(usize, FiscalYear, String)>,
    /// Columns headed by the indicator word and a year (`KPI(平成27年度)`): each cell may be
    /// a name and its figure of that year.
    dated_names: Vec<(usize, FiscalYear, String)>,
}

/// Names each column of the heading over `heading_rows` by its words, the lowest words first
/// (現状値 under 数値目標).
fn columns(grid: &Grid, heading_rows: &[usize], era: Option<Era>) -> Columns {
    let mut out = Columns {
        roles: Vec::new(),
        values: Vec::new(),
        set_aside: Vec::new(),
        bare_years: Vec::new(),
        dated_names: Vec::new(),
    };
    for (col, parts) in compose(grid, heading_rows) {
        let heading = parts.join(" ");
        // 値 is the long layout's figure column; here the words beside it say what it holds
        let role = parts
            .iter()
            .rev()
            .find_map(|t| role_of(t))
            .filter(|r| *r != Role::Value);
        let word = parts.iter().rev().find_map(|t| value_word(t));
        let dated = header::heading_year(&parts, era);
        let value = match (role, word) {
            (Some(Role::Indicator), None) if dated.is_some() => {
                if let Some(y) = dated {
                    out.dated_names.push((col, y, heading));
                }
                continue;
            }
            (Some(Role::Baseline), _) | (None, Some(ValueWord::Baseline)) => Value::Baseline,
            (Some(r), _) => {
                out.roles.push((col, r));
                continue;
            }
            (None, Some(ValueWord::Target)) => Value::Series(Series::Target),
            (None, Some(ValueWord::Actual)) => Value::Series(Series::Actual),
            (None, Some(ValueWord::Forecast)) => {
                out.set_aside.push(SetAside {
                    col,
                    reason: "見込(予測)の列: 実績としては読みません",
                    yearly: false,
                });
                continue;
            }
            (None, Some(ValueWord::Reference)) => {
                let yearly = heading.starts_with("参考") && heading.contains("目標");
                out.set_aside.push(SetAside {
                    col,
                    reason: if yearly {
                        "参考の目標の列: 年度ごとに書かれた値のほかは、この計画の目標としては読みません"
                    } else {
                        "国・県など他の目標の列: この計画の目標としては読みません"
                    },
                    yearly,
                });
                continue;
            }
            (None, None) => {
                // a column dated by a day within the year (令和6年9月30日現在) holds that
                // year's actuals so far
                if let Some((y, _)) = parts.iter().rev().find_map(|t| part_of_year_in(t, era)) {
                    out.values.push(ValueColumn {
                        col,
                        value: Value::Series(Series::Actual),
                        year: Some(y),
                        heading,
                        part_year: true,
                    });
                    continue;
                }
                if let Some(y) = parts.iter().find_map(|t| header::year_of(t, era)) {
                    out.bare_years.push((col, y, heading));
                }
                continue;
            }
        };
        out.values.push(ValueColumn {
            col,
            value,
            year: dated,
            heading,
            part_year: false,
        });
    }
    out
}

/// The column holding `role`, if any.
fn col_of(roles: &[(usize, Role)], role: Role) -> Option<usize> {
    roles.iter().find(|(_, r)| *r == role).map(|(c, _)| *c)
}

/// The heading at `rows[i]`, if it heads a table with one row per indicator.
pub(super) fn heading_at(grid: &Grid, i: usize, era: Option<Era>) -> Option<Header> {
    let rows = &grid.rows;
    let first = &rows[i];
    // a heading names two things at least; a title merged over the row names one
    let mut texts: Vec<&str> = first.filled().map(|(_, t)| t.trim()).collect();
    texts.dedup();
    if texts.len() < 2 {
        return None;
    }
    // the row under it may complete the headings
    let (next_at, next) = rows
        .iter()
        .enumerate()
        .skip(i + 1)
        .find(|(_, r)| !r.is_blank())?;
    let heading_rows = if completes_heading(next, era) {
        // years under a heading that spans them (実績値 over R2 | R3 | R4) are a sectioned
        // table's
        let spanned_years = next.filled().any(|(c, t)| {
            (first.cell(c).trim().is_empty() || first.is_merge_fill(c))
                && header::year_of(t, era).is_some()
        });
        if spanned_years {
            return None;
        }
        vec![i, next_at]
    } else {
        vec![i]
    };
    let data_from = heading_rows.last().map_or(i, |r| r + 1);
    let Columns {
        mut roles,
        mut values,
        set_aside,
        mut bare_years,
        dated_names,
    } = columns(grid, &heading_rows, era);
    let mut names_in_values = false;
    let mut name_found = None;
    if dated_names.len() >= 2 && values.is_empty() {
        // `KPI(平成32年3月まで) | KPI(平成27年度)` over `相談者数100人 | 相談者数0人`: each cell
        // names the indicator and gives its figure of the heading's year; the deadline (まで)
        // or else the latest year is the target
        let split = dated_names.iter().all(|(c, _, _)| {
            let cells: Vec<&str> = cells_below(grid, data_from, *c).collect();
            let named = cells.iter().filter(|t| split_figure(t).is_some()).count();
            !cells.is_empty() && named * 3 >= cells.len() * 2
        });
        if !split {
            return None;
        }
        let target = dated_names
            .iter()
            .find(|(_, _, h)| h.contains("まで") || h.contains("目標"))
            .or_else(|| dated_names.iter().max_by_key(|(_, y, _)| *y))
            .map(|(c, _, _)| *c);
        for (col, year, heading) in dated_names {
            let series = if Some(col) == target {
                Series::Target
            } else {
                Series::Actual
            };
            values.push(ValueColumn {
                col,
                value: Value::Series(series),
                year: Some(year),
                heading,
                part_year: false,
            });
        }
        // the names come from the cells; the text columns left of them are the goals
        let first = values.iter().map(|v| v.col).min().unwrap_or(0);
        for g in 0..first {
            if !roles.iter().any(|(k, _)| *k == g)
                && cells_below(grid, data_from, g).next().is_some()
            {
                roles.push((g, Role::Goal));
            }
        }
        roles.retain(|(_, r)| *r != Role::Indicator);
        roles.push((first, Role::Indicator));
        names_in_values = true;
        name_found = Some(
            "値の列のセルに指標名と数値が続けて書かれているため、名前と数値に分けて読みます(要確認)"
                .to_owned(),
        );
    } else {
        for (col, _, _) in dated_names {
            roles.push((col, Role::Indicator));
        }
    }
    // 基準値 and 現状値 side by side: the baseline is the first, the other the latest actual
    if values.iter().filter(|v| v.value == Value::Baseline).count() > 1 {
        for v in values
            .iter_mut()
            .skip_while(|v| v.value != Value::Baseline)
            .skip(1)
        {
            if v.value == Value::Baseline && value_word(&v.heading) == Some(ValueWord::Actual) {
                v.value = Value::Series(Series::Actual);
            }
        }
    }
    // a heading merged over a number and a name (指標名称 over `1 | 住んでいる地域が…`): the
    // names are the column whose cells read as names, the other one numbers them
    let named: Vec<usize> = roles
        .iter()
        .filter(|(_, r)| *r == Role::Indicator)
        .map(|(c, _)| *c)
        .collect();
    if named.len() > 1
        && let Some(&names) = named.iter().find(|&&c| holds_names(grid, data_from, c))
    {
        for (c, r) in &mut roles {
            if *r == Role::Indicator && *c != names {
                // right of the names, words (人力測定 / 機械測定) are groups; numbers number
                *r = if *c > names && !holds_item_numbers(grid, data_from, *c) {
                    Role::Group
                } else {
                    Role::Number
                };
            }
        }
    }
    // a heading over item numbers whose names sit in the unheaded column beside them
    // (`指標 |` over `(1) | 8020推進員…`, a merge saved in its first cell)
    if let [c] = named[..]
        && !holds_names(grid, data_from, c)
        && holds_item_numbers(grid, data_from, c)
        && !roles.iter().any(|(k, _)| *k == c + 1)
        && !values.iter().any(|v| v.col == c + 1)
        && holds_names(grid, data_from, c + 1)
    {
        for (k, r) in &mut roles {
            if *k == c {
                *r = Role::Number;
            }
        }
        roles.push((c + 1, Role::Indicator));
    }
    // a column whose heading names figures but whose cells are the names, or the groups
    if col_of(&roles, Role::Indicator).is_none() {
        if let Some(k) = roles.iter().position(|(_, r)| *r == Role::Outcome) {
            roles[k].1 = Role::Indicator;
            name_found = Some("成果目標の列を指標名として読みます".to_owned());
        } else if let Some(k) = values
            .iter()
            .position(|v| holds_names(grid, data_from, v.col))
            .filter(|&k| k == 0)
        {
            let v = values.remove(k);
            name_found = Some(format!(
                "「{}」の列は文が並ぶため指標名として読みます",
                v.heading
            ));
            roles.push((v.col, Role::Indicator));
        }
    }
    let first_value = values
        .iter()
        .map(|v| v.col)
        .chain(bare_years.iter().map(|(c, _, _)| *c))
        .min()?;
    if col_of(&roles, Role::Indicator).is_none() {
        // no heading names them: the names are the text column nearest the first value
        let unclaimed = (0..first_value)
            .rev()
            .filter(|c| !roles.iter().any(|(k, _)| k == c))
            .find(|&c| holds_names(grid, data_from, c));
        // else a 区分 / 分類 column whose cells are names, not kinds
        let c = unclaimed.or_else(|| {
            let k = roles.iter().position(|(c, r)| {
                *r == Role::Category && *c < first_value && holds_names(grid, data_from, *c)
            })?;
            Some(roles.remove(k).0)
        })?;
        name_found = Some(format!("{}列目は文が並ぶため指標名として読みます", c + 1));
        roles.push((c, Role::Indicator));
        // text columns left of the names are the goals they sit under
        for g in 0..c {
            if !roles.iter().any(|(k, _)| *k == g)
                && cells_below(grid, data_from, g).next().is_some()
            {
                roles.push((g, Role::Goal));
            }
        }
    }
    let name_col = col_of(&roles, Role::Indicator)?;
    values.retain(|v| {
        let group = v.col > name_col
            && col_of(&roles, Role::Group).is_none()
            && holds_groups(grid, data_from, v.col);
        if group {
            roles.push((v.col, Role::Group));
        }
        !group
    });
    // an unheaded column of short repeated words beside the names, or of short words on
    // rows that continue the name above: the groups
    if col_of(&roles, Role::Group).is_none()
        && let Some(c) = (name_col + 1..first_value).find(|c| {
            !roles.iter().any(|(k, _)| k == c)
                && (holds_groups(grid, data_from, *c)
                    || continues_names(grid, data_from, name_col, *c))
        })
    {
        roles.push((c, Role::Group));
    }
    // 目標 over two columns, `アップ | 93.00` under `目標 | 平成32年`: the year is the target's,
    // and a column of directions beside it says which way is better
    let dated_target = bare_years.iter().enumerate().find_map(|(k, (c, _, _))| {
        values
            .iter()
            .position(|v| {
                v.col + 1 == *c && v.year.is_none() && v.value == Value::Series(Series::Target)
            })
            .map(|t| (k, t))
    });
    if let Some((k, t)) = dated_target {
        let directions = grid.rows[data_from..]
            .iter()
            .take_while(|r| !r.is_blank())
            .map(|r| r.cell(values[t].col).trim())
            .filter(|t| !t.is_empty())
            .all(|t| matches!(Cell::read(t).value, CellValue::Direction(_)));
        if directions {
            roles.push((values[t].col, Role::Polarity));
            values.remove(t);
        }
        let (col, year, heading) = bare_years.remove(k);
        values.push(ValueColumn {
            col,
            value: Value::Series(Series::Target),
            year: Some(year),
            heading,
            part_year: false,
        });
        values.sort_by_key(|v| v.col);
    }
    let years_hold = caption_series(grid, i);
    if !bare_years.is_empty() {
        let has = |s: Series| values.iter().any(|v| v.value == Value::Series(s));
        if values.is_empty() || (!has(Series::Actual) && has(Series::Target)) {
            // labelled rows under a header of years are a matrix's
            // (or names ending in their label: `相談件数(目標)`)
            let named_labels = rows[data_from..]
                .iter()
                .filter(|r| !r.is_blank())
                .take(20)
                .filter(|r| header::name_with_label(r.cell(name_col)).is_some())
                .count()
                >= 2;
            let labelled = named_labels
                || rows[data_from..]
                    .iter()
                    .filter(|r| !r.is_blank())
                    .take(20)
                    .any(|r| {
                        // one label a row (a heading said again under a title has several)
                        header::may_have_label(r)
                            && r.filled()
                                .filter(|(_, t)| row_label_of(t).is_some())
                                .count()
                                == 1
                            && !r.filled().any(|(_, t)| role_of(t) == Some(Role::Indicator))
                    });
            // a small heading (names, a target, years) said again under titles: small tables,
            // each with its notes, are the sectioned layout's; a heading that also describes
            // its indicators (単位, 現状値, 達成率 …) is a list, said again per section
            let small = roles.iter().all(|(_, r)| *r == Role::Indicator)
                && values
                    .iter()
                    .all(|v| v.value == Value::Series(Series::Target));
            let recurs = small
                && !values.is_empty()
                && rows.iter().enumerate().take(400).any(|(k, r)| {
                    k != i
                        && r.filled().any(|(_, t)| role_of(t) == Some(Role::Indicator))
                        && r.filled()
                            .any(|(_, t)| header::label_of(t) == Some(Series::Target))
                });
            if labelled || recurs {
                return None;
            }
            let value = if values.is_empty() {
                Value::Year
            } else {
                Value::Series(Series::Actual)
            };
            values.extend(
                bare_years
                    .into_iter()
                    .map(|(col, year, heading)| ValueColumn {
                        col,
                        value,
                        year: Some(year),
                        heading,
                        part_year: false,
                    }),
            );
            values.sort_by_key(|v| v.col);
        } else {
            // a year no later than a column of actuals was measured too (`平成23年度` beside
            // `平成28年度 現状値`)
            let latest_actual = values
                .iter()
                .filter(|v| v.value == Value::Series(Series::Actual))
                .filter_map(|v| v.year)
                .max();
            let (past, later): (Vec<_>, Vec<_>) = bare_years
                .into_iter()
                .partition(|(_, y, _)| latest_actual.is_some_and(|a| *y <= a));
            if later.len() >= 2 {
                return None;
            }
            values.extend(past.into_iter().map(|(col, year, heading)| ValueColumn {
                col,
                value: Value::Series(Series::Actual),
                year: Some(year),
                heading,
                part_year: false,
            }));
            values.sort_by_key(|v| v.col);
        }
    }
    if values.is_empty() {
        return None;
    }
    Some(Header {
        row: i,
        rows: heading_rows,
        data_from,
        roles,
        values,
        set_aside,
        years_hold,
        name_found,
        names_in_values,
    })
}

/// The first heading in the sheet's opening rows that heads a one-row-per-indicator table of
/// figures, and is not another layout's: a heading whose next row gives years is a sectioned
/// table's, one under a row of years the second row of a wide table's.
pub(super) fn find_header(grid: &Grid, era: Option<Era>) -> Option<Header> {
    let rows = &grid.rows;
    (0..rows.len().min(80)).find_map(|i| {
        let h = heading_at(grid, i, era)?;
        // a row of years (most of its cells), not a figure dated in a cell (`平成19年度調査`)
        let has_years = |r: &Row| {
            let years = r
                .filled()
                .filter(|(_, t)| header::year_of(t, era).is_some())
                .count();
            years * 2 >= r.filled().count()
                && h.values.iter().any(|v| {
                    (0..=v.col)
                        .rev()
                        .take(2)
                        .any(|k| header::year_of(r.cell(k), era).is_some())
                })
        };
        let next = rows[h.data_from..].iter().find(|r| !r.is_blank())?;
        let above = rows[..i].iter().rev().find(|r| !r.is_blank());
        // the second row of a heading above is no heading of its own
        if above.is_some_and(|a| a.filled().any(|(_, t)| role_of(t) == Some(Role::Indicator))) {
            return None;
        }
        let bare = h.values.iter().all(|v| v.value == Value::Year);
        if !bare && (has_years(next) || above.is_some_and(has_years)) {
            return None;
        }
        // figures, or at least something, under the value columns
        let any_value = rows[h.data_from..]
            .iter()
            .take(30)
            .any(|r| h.values.iter().any(|v| !r.cell(v.col).trim().is_empty()));
        any_value.then_some(h)
    })
}
