//! Terminal tables aligned for Japanese text: comfy-table measures East Asian wide characters
//! as two columns, so 指標名 and figures line up. Borders are ASCII: box-drawing characters are
//! of ambiguous East Asian width, drawn double-width by many Japanese terminals.

use comfy_table::presets::ASCII_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width};

/// A table with a header row, wrapped to the terminal's width when there is one.
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(ASCII_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(header.iter().map(Cell::new));
    t
}

/// The most characters a table cell shows.
const CELL_CHARS: usize = 400;

/// A cell of text from a sheet: controls escaped, a very long text shortened.
pub fn text(s: &str) -> Cell {
    Cell::new(crate::terminal::visible(&crate::terminal::shortened(
        s, CELL_CHARS,
    )))
}

/// A cell aligned right, for figures.
pub fn figure(s: &str) -> Cell {
    text(s).set_alignment(CellAlignment::Right)
}

/// Caps the width of the given columns (in terminal columns), so that long indicator names
/// and explanations wrap instead of pushing the figures off screen.
pub fn cap_widths(table: &mut Table, caps: &[(usize, u16)]) {
    for (i, width) in caps {
        if let Some(column) = table.column_mut(*i) {
            column.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(*width)));
        }
    }
}
