//! Where something was found in a source file, so that every finding names its cell: a line
//! and column in a text file, or `Sheet1!C12` in a workbook.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
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

/// Column letters back to a number: A → 1, AA → 27; `None` for anything else.
pub fn column_number(letters: &str) -> Option<u32> {
    if letters.is_empty() || letters.len() > 7 {
        return None;
    }
    letters.bytes().try_fold(0u32, |n, b| {
        b.is_ascii_uppercase()
            .then(|| n * 26 + u32::from(b - b'A' + 1))
    })
}

impl std::str::FromStr for Location {
    type Err = String;

    /// Reads a location as it is displayed (`12行3列`, `Sheet1!C12`), so that one stored as
    /// text comes back the same.
    fn from_str(s: &str) -> Result<Location, String> {
        let bad = || format!("not a location: {s}");
        if let Some((sheet, cell)) = s.rsplit_once('!') {
            let digits = cell.find(|c: char| c.is_ascii_digit()).ok_or_else(bad)?;
            let column = column_number(&cell[..digits]).ok_or_else(bad)?;
            let row = cell[digits..].parse().map_err(|_| bad())?;
            return Ok(Location::Sheet {
                sheet: sheet.to_owned(),
                row,
                column,
            });
        }
        let (line, rest) = s.split_once('行').ok_or_else(bad)?;
        let column = rest.strip_suffix('列').ok_or_else(bad)?;
        Ok(Location::Text {
            line: line.parse().map_err(|_| bad())?,
            column: column.parse().map_err(|_| bad())?,
        })
    }
}

impl<'de> Deserialize<'de> for Location {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Location, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_it_displays() {
        for at in [
            Location::text(12, 3),
            Location::Sheet {
                sheet: "進捗!シート".into(),
                row: 1048576,
                column: 16384,
            },
            Location::Sheet {
                sheet: String::new(),
                row: 1,
                column: 27,
            },
        ] {
            assert_eq!(at.to_string().parse::<Location>(), Ok(at));
        }
        for bad in ["", "12行", "Sheet1!12", "Sheet1!C", "行3列", "Sheet1!c3"] {
            assert!(bad.parse::<Location>().is_err(), "{bad}");
        }
    }

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
