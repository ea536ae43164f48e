//! The sectioned council sheet (釜石市's 重点プロジェクト進捗状況): a heading per project and per
//! measure, and under each measure a small table — 指標内容 | 目標値 | 実績値 over one column
//! per fiscal year (the years on a row of their own beneath) | 達成率 | 評価 | comment — with the
//! ※ notes of its indicators under it. It suits a plan whose indicators each have one target
//! (the plan's goal); [`fits`] says whether a plan does.

use super::CouncilYear;
use super::sheet;
use super::style::{self, Formats};
use crate::{ReportError, Subject};
use rust_xlsxwriter::{Workbook, Worksheet};
use shinchoku_core::ids::NoteId;
use shinchoku_core::{FiscalYear, Plan};

/// Columns before the years: the indicator, its target.
const NAME: u16 = 0;
const TARGET: u16 = 1;
const FIRST_YEAR: u16 = 2;
/// The widths of the indicator's and the comment's columns.
const NAME_WIDTH: f64 = 44.0;
const COMMENT_WIDTH: f64 = 40.0;

/// Whether every indicator has at most one target, and all of them for the same year: the
/// target column then says which (when it is not the plan's last year).
pub fn fits(plan: &Plan) -> bool {
    target_year(plan).is_ok()
}

/// The one year every target is for (`None`: no targets at all); `Err` when targets differ.
fn target_year(plan: &Plan) -> Result<Option<FiscalYear>, ()> {
    let mut year = None;
    for ind in &plan.indicators {
        let mut years = ind.targets.keys();
        match (years.next(), years.next()) {
            (None, _) => {}
            (Some(y), None) => {
                if year.is_some_and(|seen| seen != *y) {
                    return Err(());
                }
                year = Some(*y);
            }
            (Some(_), Some(_)) => return Err(()),
        }
    }
    Ok(year)
}

/// The council sheet of `subject` for `council.py.year` in the sectioned layout, as xlsx bytes;
/// a plan that does not [`fits`] is refused.
pub fn sectioned_xlsx(
    subject: &Subject<'_>,
    council: &CouncilYear<'_>,
) -> Result<Vec<u8>, ReportError> {
    sheet::check(subject, council)?;
    let plan = subject.plan;
    let target_year = target_year(plan).map_err(|()| {
        ReportError::Mismatch(
            "区切り型の資料は、目標値が指標ごとに1つ(同じ年度)の計画だけに使えます".into(),
        )
    })?;
    let years = plan.all_years();
    let achievement = FIRST_YEAR + years.len().max(1) as u16;
    let (grade, comment) = (achievement + 1, achievement + 2);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("進捗状況")?;
    let mut formats = Formats::new(council.py.labels.len());
    sheet.set_column_width(NAME, NAME_WIDTH)?;
    sheet.set_column_width(TARGET, 12.0)?;
    for k in 0..years.len() as u16 {
        sheet.set_column_width(FIRST_YEAR + k, 12.0)?;
    }
    sheet.set_column_width(achievement, 10.0)?;
    sheet.set_column_width(grade, 7.0)?;
    sheet.set_column_width(comment, COMMENT_WIDTH)?;
    sheet::page_setup(sheet);
    sheet::title(sheet, subject, council.py.year, &formats)?;

    let target_header = match (target_year, plan.effective_period()) {
        (Some(y), Some(p)) if y != p.last => format!("目標値({y})"),
        _ => "目標値".to_owned(),
    };
    let layout = Layout {
        years: &years,
        achievement,
        grade,
        comment,
        target_header: &target_header,
    };
    let mut row = 2;
    let mut shown: Vec<&str> = Vec::new();
    let mut table: Vec<usize> = Vec::new();
    for (i, ind) in plan.indicators.iter().enumerate() {
        let path = plan.path(ind.goal);
        if path != shown {
            if !table.is_empty() {
                row = write_table(sheet, row, plan, &table, council, &layout, &mut formats)?;
                table.clear();
            }
            let shared = shown.iter().zip(&path).take_while(|(a, b)| a == b).count();
            for (depth, heading) in path.iter().enumerate().skip(shared) {
                row += 1;
                let format = if depth == 0 {
                    &formats.goal
                } else {
                    &formats.plain
                };
                // one cell, as a city writes it: the text runs over the empty cells beside it,
                // and a reader sees one heading, not the same words in every column
                sheet.write_string_with_format(row, 0, *heading, format)?;
                row += 1;
            }
            shown = path;
        }
        table.push(i);
    }
    if !table.is_empty() {
        write_table(sheet, row, plan, &table, council, &layout, &mut formats)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// Where the columns after the indicator and its target are.
struct Layout<'a> {
    years: &'a [FiscalYear],
    achievement: u16,
    grade: u16,
    comment: u16,
    target_header: &'a str,
}

/// One small table from `row`: its two header rows, a row per indicator, its notes. Returns
/// the row after it.
fn write_table(
    sheet: &mut Worksheet,
    mut row: u32,
    plan: &Plan,
    indicators: &[usize],
    council: &CouncilYear<'_>,
    layout: &Layout<'_>,
    formats: &mut Formats,
) -> Result<u32, ReportError> {
    row += 1;
    let header = &formats.header;
    sheet.merge_range(row, NAME, row + 1, NAME, "指標内容", header)?;
    sheet.merge_range(row, TARGET, row + 1, TARGET, layout.target_header, header)?;
    let last_year = FIRST_YEAR + layout.years.len().max(1) as u16 - 1;
    if last_year > FIRST_YEAR {
        sheet.merge_range(row, FIRST_YEAR, row, last_year, "実績値", header)?;
    } else {
        sheet.write_string_with_format(row, FIRST_YEAR, "実績値", header)?;
    }
    for (k, y) in layout.years.iter().enumerate() {
        sheet.write_string_with_format(row + 1, FIRST_YEAR + k as u16, y.to_string(), header)?;
    }
    for (col, text) in [
        (layout.achievement, "達成率"),
        (layout.grade, "評価"),
        (layout.comment, "評価・課題・今後の方向性"),
    ] {
        sheet.merge_range(row, col, row + 1, col, text, header)?;
    }
    row += 2;
    let mut notes: Vec<NoteId> = Vec::new();
    for &i in indicators {
        let ind = &plan.indicators[i];
        let name = match &ind.group {
            Some(g) => format!("{}({g})", ind.name),
            None => ind.name.clone(),
        };
        sheet.write_string_with_format(row, NAME, &name, &formats.base)?;
        // tall enough for the wrapped name and comment
        let comment = council.comments.get(i).map_or("", String::as_str);
        let lines = style::lines(&name, NAME_WIDTH).max(style::lines(comment, COMMENT_WIDTH));
        if lines > 1 {
            sheet.set_row_height(row, f64::from(lines) * style::LINE)?;
        }
        sheet::figure(
            sheet,
            row,
            TARGET,
            ind.targets.iter().next().map(|(_, c)| c),
            formats,
        )?;
        for (k, y) in layout.years.iter().enumerate() {
            sheet::figure(
                sheet,
                row,
                FIRST_YEAR + k as u16,
                ind.actuals.get(y),
                formats,
            )?;
        }
        let record = &council.py.records[i];
        sheet::achievement(
            sheet,
            (row, row),
            layout.achievement,
            record.achievement_percent,
            formats,
        )?;
        let rank = council.py.rank(&record.grade, record.evaluable);
        sheet.write_string_with_format(row, layout.grade, &record.grade, formats.grade(rank))?;
        sheet.write_string_with_format(row, layout.comment, comment, &formats.base)?;
        for n in &ind.notes {
            if !notes.contains(n) {
                notes.push(*n);
            }
        }
        row += 1;
    }
    for n in notes {
        row += 1;
        sheet.write_string_with_format(row, 0, &plan.note(n).text, &formats.plain)?;
    }
    Ok(row + 1)
}
