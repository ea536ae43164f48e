//! The figure of a value cell, wherever the sheet writes it: after a year in brackets or
//! before one (`(H27) 55.8%`, `8,348人⏎(R3.5)`), after a lead-in with は (`平成31年度は10%`),
//! or after a name or a group in the same cell (`就業相談者数100人`, `男性 72.8%`). Both layouts
//! that read cells of this kind (summary, form) read them here.

use crate::layout::years::dated_cell;
use shinchoku_core::era::Era;
use shinchoku_core::fiscal_year::{FiscalYear, dated_in};
use shinchoku_core::{Cell, CellValue};

/// A value cell read: the cell (its raw text whole, its value the figure), the year the cell
/// states, and the words written before the figure, if any (a name or a group).
#[derive(Debug)]
pub(crate) struct ValueCell {
    pub cell: Cell,
    pub year: Option<FiscalYear>,
    pub lead: Option<String>,
}

/// Reads a value cell; the figure is a number only where the cell holds one.
pub(crate) fn value_cell(raw: &str, era: Option<Era>) -> ValueCell {
    let (mut cell, mut year, rest) = dated_cell(raw, era);
    let mut lead = None;
    if matches!(cell.value, CellValue::Text)
        && let Some((before, figure)) = lead_in(&rest)
    {
        cell.value = Cell::read(figure).value;
        year = year.or_else(|| dated_in(before, era));
    } else if matches!(cell.value, CellValue::Text)
        && let Some((before, figure)) = split_figure(&rest)
    {
        cell.value = Cell::read(figure).value;
        lead = Some(before.to_owned());
    }
    ValueCell { cell, year, lead }
}

/// A name and the figure written after it in one cell: `就業相談者数100人` → (`就業相談者数`,
/// `100人`). The figure is the shortest tail that reads as a number whole, after a name that
/// does not end in a digit.
pub(crate) fn split_figure(text: &str) -> Option<(&str, &str)> {
    let t = text.trim();
    let mut prev: Option<char> = None;
    for (i, c) in t.char_indices() {
        let starts =
            c.is_ascii_digit() && prev.is_some_and(|p| !p.is_ascii_digit() && p != '.' && p != ',');
        prev = Some(c);
        if !starts {
            continue;
        }
        let (name, figure) = t.split_at(i);
        if name.trim().chars().count() >= 2 && Cell::read(figure).number().is_some() {
            return Some((name.trim(), figure));
        }
    }
    None
}

/// What a figure is for, said before it with は (`平成31年度は10%`, `当面は20%`), and the figure.
fn lead_in(raw: &str) -> Option<(&str, &str)> {
    let t = raw.trim();
    let (lead, figure) = t.rsplit_once('は')?;
    let figure = figure.trim();
    (!lead.trim().is_empty()
        && lead.chars().count() <= 10
        && shinchoku_core::Cell::read(figure).number().is_some())
    .then_some((lead.trim(), figure))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shinchoku_core::era::Era;

    fn read(raw: &str) -> (Option<f64>, Option<i32>, Option<String>) {
        let v = value_cell(raw, Some(Era::Heisei));
        (
            v.cell.number().map(|q| q.value),
            v.year.map(FiscalYear::start_year),
            v.lead,
        )
    }

    #[test]
    fn the_figure_wherever_the_cell_writes_it() {
        assert_eq!(read("(H27) 55.8%"), (Some(55.8), Some(2015), None));
        assert_eq!(read("8,348人\n(R3.5)"), (Some(8348.0), Some(2021), None));
        assert_eq!(read("平成31年度は10%"), (Some(10.0), Some(2019), None));
        assert_eq!(read("当面は20%"), (Some(20.0), None, None));
        assert_eq!(
            read("男性76.9歳(H21)"),
            (Some(76.9), Some(2009), Some("男性".to_owned()))
        );
        assert_eq!(
            read("就業相談者数100人"),
            (Some(100.0), None, Some("就業相談者数".to_owned()))
        );
        assert_eq!(read("検討中"), (None, None, None));
    }
}
