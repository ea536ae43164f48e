//! A sheet as a grid of cell texts, whatever container it came from, with the source line or
//! row of every row so that findings can name their cell.

use shinchoku_core::{Finding, Location};

/// One row of a sheet: its cells' texts end to end in one string, to spare an allocation per
/// cell (a large sheet has hundreds of thousands).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    /// The source line (text) or row (workbook), from 1.
    pub line: usize,
    text: String,
    ends: Vec<u32>,
    /// Columns whose text was filled in from a merged range above or to the left.
    merge_filled: Vec<u32>,
}

/// True for a text with nothing but whitespace; most cells answer on their first byte.
fn blank(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(b' ' | b'\t' | b'\r' | b'\n' | 0xE3 | 0xC2) => s.trim().is_empty(),
        Some(_) => false,
    }
}

impl Row {
    pub fn new<S: AsRef<str>>(line: usize, cells: impl IntoIterator<Item = S>) -> Row {
        let mut row = Row {
            line,
            ..Row::default()
        };
        for c in cells {
            row.push(c.as_ref());
        }
        row
    }

    fn with_capacity(line: usize, text: usize, cells: usize) -> Row {
        Row {
            line,
            text: String::with_capacity(text),
            ends: Vec::with_capacity(cells),
            merge_filled: Vec::new(),
        }
    }

    /// The row as its line, its text, where each cell ends and its merge-filled columns (what
    /// a worker process sends).
    pub(crate) fn parts(&self) -> (usize, &str, &[u32], &[u32]) {
        (self.line, &self.text, &self.ends, &self.merge_filled)
    }

    /// A row from its parts; cells that end past the text, or before the cell they follow,
    /// read as empty (see `cell`).
    pub(crate) fn from_parts(
        line: usize,
        text: String,
        ends: Vec<u32>,
        mut merge_filled: Vec<u32>,
    ) -> Row {
        merge_filled.sort_unstable();
        merge_filled.dedup();
        Row {
            line,
            text,
            ends,
            merge_filled,
        }
    }

    /// Marks columns as filled in from a merged range (not written in the cell itself).
    pub fn mark_merge_fill(&mut self, mut columns: Vec<usize>) {
        columns.sort_unstable();
        columns.dedup();
        self.merge_filled = columns
            .into_iter()
            .filter_map(|c| u32::try_from(c).ok())
            .collect();
    }

    /// True when column `col` shows the text of a merged range that starts elsewhere.
    pub fn is_merge_fill(&self, col: usize) -> bool {
        u32::try_from(col).is_ok_and(|c| self.merge_filled.binary_search(&c).is_ok())
    }

    /// A line with nothing on it is a row of no cells, not of one empty cell.
    fn cleared_if_blank_line(mut self) -> Row {
        if self.len() == 1 && self.cell(0).is_empty() {
            self.ends.clear();
        }
        self
    }

    fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    /// The number of cells, empty ones included.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The text of column `col` (from 0), empty past the end of the row.
    pub fn cell(&self, col: usize) -> &str {
        let Some(&end) = self.ends.get(col) else {
            return "";
        };
        let start = if col == 0 { 0 } else { self.ends[col - 1] };
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// Every cell, left to right.
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|c| self.cell(c))
    }

    /// The columns that hold something other than whitespace, with their text.
    pub fn filled(&self) -> impl Iterator<Item = (usize, &str)> {
        self.cells().enumerate().filter(|(_, c)| !blank(c))
    }

    pub fn is_blank(&self) -> bool {
        blank(&self.text)
    }

    /// True when some cell contains `needle` (or it spans two cells): a quick filter before
    /// looking at cells one by one.
    pub fn mentions(&self, needle: &str) -> bool {
        self.text.contains(needle)
    }
}

/// A sheet as rows of cell texts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grid {
    /// The sheet's name in a workbook; `None` for a text file.
    pub sheet: Option<String>,
    pub rows: Vec<Row>,
    /// The sheet column of the grid's first column, from 0 (a workbook's used range may start
    /// at column C).
    pub first_column: usize,
}

/// The rows of delimited text, one at a time: a long file can be read without holding a copy
/// of all its rows. Every source line gives a row, blank ones included.
#[derive(Debug, Clone)]
pub struct DelimitedRows<'a> {
    text: &'a str,
    delimiter: u8,
    i: usize,
    line: usize,
    done: bool,
}

impl<'a> DelimitedRows<'a> {
    pub fn new(text: &'a str, delimiter: u8) -> DelimitedRows<'a> {
        DelimitedRows {
            text,
            delimiter,
            i: 0,
            line: 1,
            done: text.is_empty(),
        }
    }
}

impl Iterator for DelimitedRows<'_> {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        if self.done {
            return None;
        }
        let (text, bytes, delimiter) = (self.text, self.text.as_bytes(), self.delimiter);
        // sized from its line, to fill it without growing
        let rest = &bytes[self.i..];
        let len = rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
        let fields = rest[..len].iter().filter(|b| **b == delimiter).count() + 1;
        let mut row = Row::with_capacity(self.line, len, fields);
        let mut field_start = true;
        loop {
            let i = self.i;
            if field_start
                && bytes.get(i) == Some(&b'"')
                && let Some((value, next, lines)) = quoted(bytes, i, delimiter)
            {
                row.push(&value);
                self.line += lines;
                self.i = next;
                field_start = false;
                continue;
            }
            // an unquoted field runs to the delimiter or the end of the line
            let end = bytes[i..]
                .iter()
                .position(|b| *b == delimiter || *b == b'\n')
                .map_or(bytes.len(), |p| i + p);
            if field_start || end > i {
                let field = text[i..end].strip_suffix('\r').unwrap_or(&text[i..end]);
                row.push(field);
            }
            match bytes.get(end) {
                Some(b) if *b == delimiter => {
                    self.i = end + 1;
                    field_start = true;
                }
                Some(_) => {
                    self.i = end + 1;
                    self.line += 1;
                    self.done = self.i >= bytes.len();
                    return Some(row.cleared_if_blank_line());
                }
                None => {
                    self.done = true;
                    // the empty "row" after a final line break is no row
                    return (!(row.len() == 1 && row.cell(0).is_empty())).then_some(row);
                }
            }
        }
    }
}

/// Reads a quoted field starting at `start` (on the `"`). Returns its value, where the next
/// field or line starts, and how many line breaks it spanned; `None` when the quotes do not
/// close cleanly before a delimiter or the end of the line.
fn quoted(bytes: &[u8], start: usize, delimiter: u8) -> Option<(String, usize, usize)> {
    let mut value = Vec::new();
    let mut i = start + 1;
    let mut lines = 0;
    loop {
        match bytes.get(i)? {
            b'"' if bytes.get(i + 1) == Some(&b'"') => {
                value.push(b'"');
                i += 2;
            }
            b'"' => {
                i += 1;
                if bytes.get(i) == Some(&b'\r') {
                    i += 1;
                }
                return match bytes.get(i) {
                    None => Some((String::from_utf8(value).ok()?, i, lines)),
                    Some(b) if *b == delimiter || *b == b'\n' => {
                        // leave the delimiter or line break for the caller
                        Some((String::from_utf8(value).ok()?, i, lines))
                    }
                    Some(_) => None,
                };
            }
            b'\n' => {
                lines += 1;
                value.push(b'\n');
                i += 1;
            }
            b => {
                value.push(*b);
                i += 1;
            }
        }
    }
}

impl Grid {
    /// Where column `col` (from 0) of `row` is in the source.
    pub fn location(&self, row: &Row, col: usize) -> Location {
        self.locator().location(row, col)
    }

    /// The finding for a cell of `row` the reader could not place, and why.
    pub fn unplaced(&self, row: &Row, col: usize, reason: &str) -> Finding {
        Finding::unplaced_cell(row.cell(col), reason, self.location(row, col))
    }

    /// What locates this grid's cells in the source, to keep once the grid is gone.
    pub fn locator(&self) -> Locator {
        Locator {
            sheet: self.sheet.clone(),
            first_column: self.first_column,
        }
    }
}

/// Locates cells of a sheet's rows in the source file.
#[derive(Debug, Clone, Default)]
pub struct Locator {
    pub sheet: Option<String>,
    pub first_column: usize,
}

impl Locator {
    /// The finding for a cell of `row` the reader could not place, and why.
    pub fn unplaced(&self, row: &Row, col: usize, reason: &str) -> Finding {
        Finding::unplaced_cell(row.cell(col), reason, self.location(row, col))
    }

    /// Where column `col` (from 0) of `row` is in the source.
    pub fn location(&self, row: &Row, col: usize) -> Location {
        match &self.sheet {
            None => Location::text(row.line, col + 1),
            Some(sheet) => Location::Sheet {
                sheet: sheet.clone(),
                row: u32::try_from(row.line).unwrap_or(u32::MAX),
                column: u32::try_from(col + self.first_column + 1).unwrap_or(u32::MAX),
            },
        }
    }
}

impl Grid {
    /// Parses delimited text (tab or comma) with Excel's quoting: a field that starts with `"`
    /// runs to the matching `"`, may hold delimiters and line breaks, and writes `"` as `""`.
    /// A quote that does not close a field cleanly is taken as text, as extraction from PDF
    /// leaves stray quotes. Every source line gives a row, blank ones included, so a row's
    /// `line` is the line its first cell starts on.
    pub fn from_delimited(text: &str, delimiter: u8) -> Grid {
        Grid {
            sheet: None,
            rows: DelimitedRows::new(text, delimiter).collect(),
            first_column: 0,
        }
    }

    /// The first `n` rows, as a grid of their own.
    pub fn head(&self, n: usize) -> std::borrow::Cow<'_, Grid> {
        if self.rows.len() <= n {
            return std::borrow::Cow::Borrowed(self);
        }
        std::borrow::Cow::Owned(Grid {
            sheet: self.sheet.clone(),
            rows: self.rows[..n].to_vec(),
            first_column: self.first_column,
        })
    }

    /// Tab when most lines hold one, else comma.
    pub fn guess_delimiter(text: &str) -> u8 {
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(50)
            .collect();
        let tabbed = lines.iter().filter(|l| l.contains('\t')).count();
        let commas = lines.iter().filter(|l| l.contains(',')).count();
        if tabbed * 2 >= lines.len() || tabbed >= commas {
            b'\t'
        } else {
            b','
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_their_source_lines() {
        let g = Grid::from_delimited("\n\na\tb\n\n\tc\n", b'\t');
        let lines: Vec<_> = g
            .rows
            .iter()
            .map(|r| (r.line, r.cells().collect::<Vec<_>>()))
            .collect();
        assert_eq!(lines[2], (3, vec!["a", "b"]));
        assert_eq!(lines[4], (5, vec!["", "c"]));
        assert!(g.rows[3].is_blank());
        assert_eq!(g.location(&g.rows[4], 1).to_string(), "5行2列");
    }

    #[test]
    fn excel_quoting_is_understood() {
        let g = Grid::from_delimited("\"a\tb\"\t\"say \"\"hi\"\"\"\n", b'\t');
        assert_eq!(
            g.rows[0].cells().collect::<Vec<_>>(),
            ["a\tb", "say \"hi\""]
        );
        let g = Grid::from_delimited("\"two\nlines\"\tx\nnext\r\n", b'\t');
        assert_eq!(g.rows[0].cells().collect::<Vec<_>>(), ["two\nlines", "x"]);
        assert_eq!((g.rows[1].line, g.rows[1].cell(0)), (3, "next"));
    }

    #[test]
    fn stray_quotes_are_text() {
        let g = Grid::from_delimited("\"そう思う\"+\"どちらか\"\t5\n\"open\t6\n", b'\t');
        assert_eq!(
            g.rows[0].cells().collect::<Vec<_>>(),
            ["\"そう思う\"+\"どちらか\"", "5"]
        );
        assert_eq!(g.rows[1].cells().collect::<Vec<_>>(), ["\"open", "6"]);
    }

    #[test]
    fn crlf_and_trailing_fields() {
        let g = Grid::from_delimited("a\t\tb\t\r\nc", b'\t');
        assert_eq!(g.rows[0].cells().collect::<Vec<_>>(), ["a", "", "b", ""]);
        assert_eq!(g.rows[1].cells().collect::<Vec<_>>(), ["c"]);
        assert_eq!(g.rows.len(), 2);
    }

    #[test]
    fn delimiter_is_guessed() {
        assert_eq!(Grid::guess_delimiter("a\tb\nc\td"), b'\t');
        assert_eq!(Grid::guess_delimiter("a,b\nc,d"), b',');
        assert_eq!(Grid::guess_delimiter("5,000人\t3,188人"), b'\t');
    }
}
