//! The matrix council sheet (流山市's 進捗管理シート): a header of role columns (基本目標・主要
//! 課題 | カテゴリ | 番号 | 事業名 | 成果目標 | 指標 | 単位 | 区分) and one column per fiscal year;
//! under each goal heading, one band of two rows per indicator, 目標値 then 実績値, its
//! descriptive cells merged over the band as the original merges them; then this year's 達成率,
//! grade and comment. A3 landscape, the header repeated on every page, fitted to the width.

use super::CouncilYear;
use super::sheet;
use super::style::{self, Formats};
use crate::{ReportError, Subject};
use rust_xlsxwriter::{Workbook, Worksheet};
use shinchoku_core::long::LIST_SEPARATOR;
use shinchoku_core::{FiscalYear, Indicator, Plan};

/// The role columns, as the reader's header words name them.
const ROLES: [(&str, f64); 8] = [
    ("基本目標・主要課題", 22.0),
    ("カテゴリ", 10.0),
    ("番号", 7.0),
    ("事業名", 22.0),
    ("成果目標", 26.0),
    ("指標", 30.0),
    ("単位", 8.0),
    ("区分", 8.0),
];
/// Places among `ROLES`: the projects' numbers and names (a project a row), the indicator's
/// name and the 目標値/実績値 label (both always shown).
const GOAL: usize = 0;
const CATEGORY: usize = 1;
const NUMBER: usize = 2;
const PROJECT: usize = 3;
const OUTCOME: usize = 4;
const UNIT: usize = 6;
/// The comment column's width.
const COMMENT_WIDTH: f64 = 40.0;
/// The roles from here on are the indicator's own; those before, its outcome's.
const OWN: usize = 5;
const NAME: usize = 5;
const LABEL: usize = 7;
/// Rows above the header: the title (the plan and the year), two blank lines.
const HEADER_ROW: u32 = 3;

/// The council sheet of `subject` for `council.py.year`, as xlsx bytes.
pub fn matrix_xlsx(
    subject: &Subject<'_>,
    council: &CouncilYear<'_>,
) -> Result<Vec<u8>, ReportError> {
    sheet::check(subject, council)?;
    let plan = subject.plan;
    let years = plan.all_years();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("進捗管理シート")?;
    let texts: Vec<[String; 7]> = plan
        .indicators
        .iter()
        .map(|ind| descriptive(plan, ind))
        .collect();
    // the indicator's name and the 目標値/実績値 label always; the rest where some row fills them
    let roles = (0..ROLES.len())
        .filter(|r| *r == NAME || *r == LABEL || texts.iter().any(|t| !t[*r].is_empty()))
        .collect();
    let columns = Columns::new(years.len(), roles);
    let mut formats = Formats::new(council.py.labels.len());
    print_setup(sheet, &columns)?;
    sheet::title(sheet, subject, council.py.year, &formats)?;
    header_row(sheet, &years, &columns, &formats)?;

    let mut row = HEADER_ROW + 1;
    let mut headings: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < plan.indicators.len() {
        let path = plan.path(plan.indicators[i].goal);
        // every level but the deepest is a heading row when it changes
        let above = path.split_last().map_or(&[][..], |(_, above)| above);
        if headings != above {
            let shared = headings
                .iter()
                .zip(above)
                .take_while(|(a, b)| a == b)
                .count();
            for title in &above[shared..] {
                // the words in one cell (a reader sees one heading), the band across the rest
                sheet.write_string_with_format(row, 0, *title, &formats.goal)?;
                for c in 1..=columns.last {
                    sheet.write_blank(row, c, &formats.goal)?;
                }
                row += 1;
            }
            headings = above.to_vec();
        }
        // indicators of one outcome share its goal, category, projects and outcome cells, as
        // the city's sheet has them: one block, a band per indicator
        let end = (i + 1..plan.indicators.len())
            .find(|j| {
                plan.indicators[*j].outcome.is_none()
                    || plan.indicators[*j].outcome != plan.indicators[i].outcome
                    || texts[*j][..OWN] != texts[i][..OWN]
            })
            .unwrap_or(plan.indicators.len());
        let projects = texts[i][PROJECT]
            .split(LIST_SEPARATOR)
            .count()
            .max(texts[i][NUMBER].split(LIST_SEPARATOR).count());
        let bands = 2 * (end - i);
        let first = row;
        let mut heights: Vec<f64> = Vec::new();
        for (k, own) in texts.iter().enumerate().take(end).skip(i) {
            // the last band grows when the projects need more rows than the bands give
            let height = if k + 1 == end {
                2 + projects.saturating_sub(bands) as u32
            } else {
                2
            };
            // rows tall enough for the band's wrapped texts, shared evenly
            let comment = council.comments.get(k).map_or("", String::as_str);
            let needed = [NAME, UNIT]
                .iter()
                .map(|r| style::lines(&own[*r], ROLES[*r].1))
                .chain([style::lines(comment, COMMENT_WIDTH)])
                .max()
                .unwrap_or(1);
            let each = (f64::from(needed) * style::LINE / f64::from(height)).max(style::ROW);
            heights.extend(std::iter::repeat_n(each, height as usize));
            band(
                sheet,
                row,
                height,
                (k, &plan.indicators[k]),
                own,
                &years,
                council,
                &columns,
                &mut formats,
            )?;
            row += height;
        }
        shared(sheet, (first, row - 1), &texts[i], &columns, &formats)?;
        // and the block tall enough for its goal, category and outcome
        let needed = [GOAL, CATEGORY, OUTCOME]
            .iter()
            .map(|r| f64::from(style::lines(&texts[i][*r], ROLES[*r].1)) * style::LINE)
            .fold(0.0, f64::max);
        // each row tall enough for its own project's name
        let projects: Vec<&str> = texts[i][PROJECT].split(LIST_SEPARATOR).collect();
        for (h, name) in heights.iter_mut().zip(&projects) {
            *h = h.max(f64::from(style::lines(name, ROLES[PROJECT].1)) * style::LINE);
        }
        let total: f64 = heights.iter().sum();
        let scale = if needed > total { needed / total } else { 1.0 };
        for (k, h) in heights.iter().enumerate() {
            let h = h * scale;
            // a row of one line keeps Excel's own height (and the file says nothing of it)
            if h > style::ROW {
                sheet.set_row_height(first + k as u32, h)?;
            }
        }
        i = end;
    }
    notes(sheet, row + 1, plan, &formats)?;
    Ok(workbook.save_to_buffer()?)
}

/// Where each kind of column is.
struct Columns {
    /// The role columns shown (indices into `ROLES`), in order: a role no indicator fills
    /// (a plan without カテゴリ or 成果目標) is left out rather than printed empty.
    roles: Vec<usize>,
    first_year: u16,
    achievement: u16,
    grade: u16,
    comment: u16,
    last: u16,
}

impl Columns {
    fn new(years: usize, roles: Vec<usize>) -> Columns {
        let first_year = roles.len() as u16;
        let achievement = first_year + years as u16;
        Columns {
            roles,
            first_year,
            achievement,
            grade: achievement + 1,
            comment: achievement + 2,
            last: achievement + 2,
        }
    }
}

fn print_setup(sheet: &mut Worksheet, columns: &Columns) -> Result<(), ReportError> {
    for (c, role) in columns.roles.iter().enumerate() {
        sheet.set_column_width(c as u16, ROLES[*role].1)?;
    }
    for c in columns.first_year..columns.achievement {
        sheet.set_column_width(c, 11.0)?;
    }
    sheet.set_column_width(columns.achievement, 10.0)?;
    sheet.set_column_width(columns.grade, 7.0)?;
    sheet.set_column_width(columns.comment, COMMENT_WIDTH)?;
    sheet::page_setup(sheet);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    Ok(())
}

fn header_row(
    sheet: &mut Worksheet,
    years: &[FiscalYear],
    columns: &Columns,
    formats: &Formats,
) -> Result<(), ReportError> {
    let header = &formats.header;
    for (c, role) in columns.roles.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, c as u16, ROLES[*role].0, header)?;
    }
    for (i, y) in years.iter().enumerate() {
        sheet.write_string_with_format(
            HEADER_ROW,
            columns.first_year + i as u16,
            y.to_string(),
            header,
        )?;
    }
    // this year's columns say no year: the title names it, and a header's years must rise
    // from left to right for a reader (ours included) to take them as the year columns
    sheet.write_string_with_format(HEADER_ROW, columns.achievement, "達成率", header)?;
    sheet.write_string_with_format(HEADER_ROW, columns.grade, "評価", header)?;
    sheet.write_string_with_format(
        HEADER_ROW,
        columns.comment,
        "評価・課題・今後の方向性",
        header,
    )?;
    Ok(())
}

/// The texts of an indicator's role columns, in the order of `ROLES` up to 単位: its goal (the
/// deepest level; those above are heading rows), カテゴリ, the projects' numbers and names (a
/// line each, in step: a project without a number keeps its empty line), 成果目標, its name with
/// its group, its unit.
fn descriptive(plan: &Plan, ind: &Indicator) -> [String; 7] {
    let projects = plan.projects_of(ind);
    // in step with each other; nothing at all when every part is empty
    let lines = |parts: Vec<String>| {
        if parts.iter().all(String::is_empty) {
            String::new()
        } else {
            parts.join(&LIST_SEPARATOR.to_string())
        }
    };
    let numbers = lines(
        projects
            .iter()
            .map(|p| {
                plan.project(*p)
                    .number
                    .as_ref()
                    .map_or_else(String::new, |n| n.raw.clone())
            })
            .collect(),
    );
    let names = lines(
        projects
            .iter()
            .map(|p| plan.project(*p).name.clone())
            .collect(),
    );
    [
        plan.path(ind.goal)
            .last()
            .map_or_else(String::new, |g| (*g).to_owned()),
        ind.category.clone().unwrap_or_default(),
        numbers,
        names,
        ind.outcome
            .map(|o| plan.outcome(o).statement.clone())
            .unwrap_or_default(),
        match &ind.group {
            Some(g) => format!("{}({g})", ind.name),
            None => ind.name.clone(),
        },
        ind.unit
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    ]
}

/// One indicator's band: 目標値 and 実績値 rows (and any more its block's projects need).
#[allow(clippy::too_many_arguments)]
fn band(
    sheet: &mut Worksheet,
    row: u32,
    height: u32,
    (i, ind): (usize, &Indicator),
    texts: &[String; 7],
    years: &[FiscalYear],
    council: &CouncilYear<'_>,
    columns: &Columns,
    formats: &mut Formats,
) -> Result<(), ReportError> {
    let last = row + height - 1;
    for (c, role) in columns.roles.iter().enumerate() {
        let c = c as u16;
        match *role {
            LABEL => {
                sheet.write_string_with_format(row, c, "目標値", &formats.label)?;
                sheet.write_string_with_format(row + 1, c, "実績値", &formats.label)?;
                for k in 2..height {
                    sheet.write_blank(row + k, c, &formats.label)?;
                }
            }
            own if own >= OWN => {
                sheet.merge_range(row, c, last, c, &texts[own], &formats.base)?;
            }
            _ => {}
        }
    }
    for (k, y) in years.iter().enumerate() {
        let c = columns.first_year + k as u16;
        sheet::figure(sheet, row, c, ind.targets.get(y), formats)?;
        sheet::figure(sheet, row + 1, c, ind.actuals.get(y), formats)?;
        for extra in 2..height {
            sheet.write_blank(row + extra, c, &formats.figure)?;
        }
    }
    let record = &council.py.records[i];
    sheet::achievement(
        sheet,
        (row, last),
        columns.achievement,
        record.achievement_percent,
        formats,
    )?;
    let rank = council.py.rank(&record.grade, record.evaluable);
    sheet.merge_range(
        row,
        columns.grade,
        last,
        columns.grade,
        &record.grade,
        formats.grade(rank),
    )?;
    let comment = council.comments.get(i).map_or("", String::as_str);
    sheet.merge_range(
        row,
        columns.comment,
        last,
        columns.comment,
        comment,
        &formats.base,
    )?;
    Ok(())
}

/// The cells an outcome's indicators share, over the rows `first..=last` of their block: the
/// goal, カテゴリ and 成果目標 merged over it, the projects a row each down it.
fn shared(
    sheet: &mut Worksheet,
    (first, last): (u32, u32),
    texts: &[String; 7],
    columns: &Columns,
    formats: &Formats,
) -> Result<(), ReportError> {
    for (c, role) in columns.roles.iter().enumerate() {
        let c = c as u16;
        match *role {
            NUMBER | PROJECT => {
                let lines: Vec<&str> = texts[*role].split(LIST_SEPARATOR).collect();
                for (k, r) in (first..=last).enumerate() {
                    let text = lines.get(k).copied().unwrap_or("");
                    sheet.write_string_with_format(r, c, text, &formats.base)?;
                }
            }
            role if role < OWN => {
                sheet.merge_range(first, c, last, c, &texts[role], &formats.base)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The plan's ※ notes under the table.
fn notes(
    sheet: &mut Worksheet,
    mut row: u32,
    plan: &Plan,
    formats: &Formats,
) -> Result<(), ReportError> {
    for note in &plan.notes {
        sheet.write_string_with_format(row, 0, &note.text, &formats.plain)?;
        row += 1;
    }
    Ok(())
}
