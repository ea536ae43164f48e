//! Where something was found in a source file, so that every finding names its cell: a line
//! and column in a text file, or `Sheet1!C12` in a workbook.

use serde::{Serialize, Serializer};
use std::fmt;

/// A position in a source file. Lines, rows and columns count from 1.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Location {
    /// A cell of a delimited text file: line and field.
    Text { line: u32, column: u32 },
    /// A cell of a workbook sheet.
    Sheet {
        sheet: String,
        row: u32,
        column: u32,
    },
}

impl Location {
    pub fn text(line: usize, column: usize) -> Location {
        Location::Text {
            line: to_u32(line),
            column: to_u32(column),
        }
    }

    pub fn line(&self) -> u32 {
        match self {
            Location::Text { line, .. } => *line,
            Location::Sheet { row, .. } => *row,
        }
    }

    pub fn column(&self) -> u32 {
        match self {
            Location::Text { column, .. } | Location::Sheet { column, .. } => *column,
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Spreadsheet column letters: 1 → A, 27 → AA.
pub fn column_letters(mut column: u32) -> String {
    let mut out = Vec::new();
    while column > 0 {
        let rem = (column - 1) % 26;
        out.push(b'A' + rem as u8);
        column = (column - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Text { line, column } => write!(f, "{line}行{column}列"),
            Location::Sheet { sheet, row, column } => {
                write!(f, "{sheet}!{}{row}", column_letters(*column))
            }
        }
    }
}

impl Serialize for Location {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_as_users_name_cells() {
        assert_eq!(Location::text(12, 3).to_string(), "12行3列");
        let c = Location::Sheet {
            sheet: "Sheet1".into(),
            row: 12,
            column: 3,
        };
        assert_eq!(c.to_string(), "Sheet1!C12");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(702), "ZZ");
        assert_eq!(column_letters(703), "AAA");
    }
}
