//! What every council sheet shares, whatever its layout: the check that the evaluation is the
//! plan's, the title row, who it is on every printed page, the page setup, a figure cell and
//! this year's 達成率.

use super::CouncilYear;
use super::style::{self, Formats};
use crate::{ReportError, Subject};
use rust_xlsxwriter::Worksheet;
use shinchoku_core::{Cell, FiscalYear};

/// Excel's paper size code for A3.
const A3: u8 = 8;

/// The evaluation has one record and one comment slot per indicator.
pub fn check(subject: &Subject<'_>, council: &CouncilYear<'_>) -> Result<(), ReportError> {
    let n = subject.plan.indicators.len();
    if council.py.records.len() != n {
        return Err(ReportError::Mismatch(format!(
            "評価 {} 件と指標 {n} 件の数が合いません",
            council.py.records.len()
        )));
    }
    Ok(())
}

/// A3 landscape, one page wide, centred, page numbers below.
pub fn page_setup(sheet: &mut Worksheet) {
    sheet
        .set_paper_size(A3)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_footer("&C&P / &N");
}

/// The title row (what a reader takes as the plan's name, with the year reported on), and who
/// it is — with the 団体コード — heading every printed page.
pub fn title(
    sheet: &mut Worksheet,
    subject: &Subject<'_>,
    year: FiscalYear,
    formats: &Formats,
) -> Result<(), ReportError> {
    let title = match &subject.plan.municipality {
        Some(name) if !subject.plan_name.contains(name.as_str()) => {
            format!("{name} {}({year}の評価)", subject.plan_name)
        }
        _ => format!("{}({year}の評価)", subject.plan_name),
    };
    // one cell: its text runs over the empty cells beside it, and a reader takes it as the
    // title rather than the same words in every column
    sheet.write_string_with_format(0, 0, &title, &formats.title)?;
    let who = match &subject.plan.municipality {
        Some(name) => format!("{name}(団体コード {})", subject.municipality_code),
        None => format!("団体コード {}", subject.municipality_code),
    };
    // `&` starts a code in a page header: a name's own is doubled
    sheet.set_header(format!("&R{}", who.replace('&', "&&")));
    Ok(())
}

/// A target or an actual: a number in the city's format where its text is only a number,
/// else the text as written.
pub fn figure(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: Option<&Cell>,
    formats: &mut Formats,
) -> Result<(), ReportError> {
    let Some(cell) = cell else {
        sheet.write_blank(row, col, &formats.figure)?;
        return Ok(());
    };
    match style::number_format(cell) {
        Some((value, style)) => {
            sheet.write_number_with_format(row, col, value, formats.number(&style))?;
        }
        None => {
            sheet.write_string_with_format(row, col, cell.raw.as_str(), &formats.figure)?;
        }
    }
    Ok(())
}

/// This year's 達成率 (a number shown as a percentage), merged over `rows` rows.
pub fn achievement(
    sheet: &mut Worksheet,
    (first, last): (u32, u32),
    col: u16,
    percent: Option<f64>,
    formats: &Formats,
) -> Result<(), ReportError> {
    if last > first {
        sheet.merge_range(first, col, last, col, "", &formats.base)?;
    }
    match percent.filter(|p| p.is_finite()) {
        Some(p) => {
            sheet.write_number_with_format(first, col, p / 100.0, &formats.percent)?;
        }
        None if last == first => {
            sheet.write_blank(first, col, &formats.base)?;
        }
        None => {}
    }
    Ok(())
}
