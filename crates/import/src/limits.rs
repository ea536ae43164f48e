//! The bounds an untrusted file is read within. Each is checked before the memory or time it
//! guards is spent, is named in the error that reports it, and can be raised
//! (`--limit rows=2000000`) for a sheet that honestly needs more.

use std::fmt;
use std::str::FromStr;

/// One bound, by the name the user gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// The file's size in bytes.
    FileBytes,
    /// One workbook part (a sheet's XML, the shared strings) once inflated, in bytes.
    PartBytes,
    /// All the workbook's parts once inflated, in bytes.
    WorkbookBytes,
    /// How many times larger a part is inflated than stored.
    CompressionRatio,
    /// Rows of one sheet (the last row that holds a cell).
    Rows,
    /// Columns of one sheet.
    Columns,
    /// Cells of one sheet filled from merged ranges.
    MergedCells,
    /// Cells one sheet spans, empty ones included (rows × columns between its first and last
    /// cells): what a reader that holds a sheet as a grid reserves.
    Cells,
    /// Sheets of one workbook.
    Sheets,
    /// Characters of one number format code.
    FormatLength,
    /// Memory of the process that parses a workbook, in bytes.
    Memory,
    /// Processor time of the process that parses a workbook, in seconds.
    Seconds,
}

impl Limit {
    pub const ALL: [Limit; 12] = [
        Limit::FileBytes,
        Limit::PartBytes,
        Limit::WorkbookBytes,
        Limit::CompressionRatio,
        Limit::Rows,
        Limit::Columns,
        Limit::MergedCells,
        Limit::Cells,
        Limit::Sheets,
        Limit::FormatLength,
        Limit::Memory,
        Limit::Seconds,
    ];

    /// The name used in `--limit NAME=VALUE` and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Limit::FileBytes => "file-size",
            Limit::PartBytes => "part-size",
            Limit::WorkbookBytes => "workbook-size",
            Limit::CompressionRatio => "compression-ratio",
            Limit::Rows => "rows",
            Limit::Columns => "columns",
            Limit::MergedCells => "merged-cells",
            Limit::Cells => "cells",
            Limit::Sheets => "sheets",
            Limit::FormatLength => "format-length",
            Limit::Memory => "memory",
            Limit::Seconds => "seconds",
        }
    }

    /// What it bounds, in Japanese.
    pub fn words(self) -> &'static str {
        match self {
            Limit::FileBytes => "ファイルの大きさ",
            Limit::PartBytes => "ブックの部品の展開後の大きさ",
            Limit::WorkbookBytes => "ブック全体の展開後の大きさ",
            Limit::CompressionRatio => "圧縮率(展開後÷圧縮時)",
            Limit::Rows => "シートの行数",
            Limit::Columns => "シートの列数",
            Limit::MergedCells => "結合セルで埋めるセルの数",
            Limit::Cells => "シートが占めるセルの数(行数×列数)",
            Limit::Sheets => "シートの数",
            Limit::FormatLength => "表示形式の長さ(文字数)",
            Limit::Memory => "読み取りに使うメモリ",
            Limit::Seconds => "読み取りにかかる処理時間(秒)",
        }
    }

    /// A value of this bound as people read it: bytes in KB/MB/GB, others as numbers.
    pub fn show(self, value: u64) -> String {
        match self {
            Limit::FileBytes | Limit::PartBytes | Limit::WorkbookBytes | Limit::Memory => {
                bytes(value)
            }
            _ => value.to_string(),
        }
    }
}

fn bytes(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if n >= size {
            let whole = n / size;
            let tenths = (n % size) * 10 / size;
            return if tenths == 0 || whole >= 100 {
                format!("{whole} {unit}")
            } else {
                format!("{whole}.{tenths} {unit}")
            };
        }
    }
    format!("{n} B")
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Limit {
    type Err = String;

    fn from_str(s: &str) -> Result<Limit, String> {
        Limit::ALL
            .into_iter()
            .find(|l| l.name() == s)
            .ok_or_else(|| {
                format!(
                    "上限「{s}」はありません(使えるもの: {})",
                    Limit::ALL.map(Limit::name).join(", ")
                )
            })
    }
}

/// Every bound. The defaults are far above what a municipal sheet needs (the largest seen hold
/// a few thousand rows in a few megabytes) and far below what would take a server down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    values: [u64; Limit::ALL.len()],
}

impl Default for Limits {
    fn default() -> Limits {
        let mut limits = Limits {
            values: [0; Limit::ALL.len()],
        };
        for limit in Limit::ALL {
            limits.set(
                limit,
                match limit {
                    Limit::FileBytes => 256 << 20,
                    Limit::PartBytes => 512 << 20,
                    Limit::WorkbookBytes => 1 << 30,
                    // sheet XML inflates 5–20×, a sheet of one repeated row up to about 200×; deflate stops
                    // near 1000×
                    Limit::CompressionRatio => 500,
                    // Excel's own bounds
                    Limit::Rows => 1 << 20,
                    Limit::Columns => 1 << 14,
                    Limit::MergedCells => 5_000_000,
                    // 320 MB of grid; a municipal sheet spans thousands of cells, a very large
                    // one a million
                    Limit::Cells => 10_000_000,
                    Limit::Sheets => 1000,
                    // Excel refuses a format code longer than 255 characters
                    Limit::FormatLength => 255,
                    Limit::Memory => 4 << 30,
                    Limit::Seconds => 120,
                },
            );
        }
        limits
    }
}

impl Limits {
    pub fn get(&self, limit: Limit) -> u64 {
        self.values[limit as usize]
    }

    pub fn set(&mut self, limit: Limit, value: u64) {
        self.values[limit as usize] = value;
    }

    /// Sets one bound from `NAME=VALUE`; sizes take K, M and G (`file-size=1G`).
    pub fn set_from(&mut self, assignment: &str) -> Result<(), String> {
        let (name, value) = assignment
            .split_once('=')
            .ok_or_else(|| format!("「{assignment}」は 名前=値 の形ではありません"))?;
        let limit: Limit = name.trim().parse()?;
        let value = value.trim();
        let (digits, scale) = match value.char_indices().last() {
            Some((i, 'K' | 'k')) => (&value[..i], 1u64 << 10),
            Some((i, 'M' | 'm')) => (&value[..i], 1 << 20),
            Some((i, 'G' | 'g')) => (&value[..i], 1 << 30),
            _ => (value, 1),
        };
        let n: u64 = digits
            .trim()
            .parse()
            .ok()
            .and_then(|n: u64| n.checked_mul(scale))
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("上限 {name} の値「{value}」は正の整数ではありません"))?;
        self.set(limit, n);
        Ok(())
    }

    /// The bounds as `NAME=VALUE` pairs (what a worker process is told).
    pub fn assignments(&self) -> Vec<String> {
        Limit::ALL
            .iter()
            .map(|l| format!("{}={}", l.name(), self.get(*l)))
            .collect()
    }

    /// `Err(limit, found)` when `found` is over the bound.
    pub fn check(&self, limit: Limit, found: u64) -> Result<(), Exceeded> {
        if found > self.get(limit) {
            Err(Exceeded {
                limit,
                found: Some(found),
                max: self.get(limit),
            })
        } else {
            Ok(())
        }
    }
}

/// A bound that a file went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exceeded {
    pub limit: Limit,
    /// What the file has (or at least has: reading stops at the first value over); `None`
    /// when the operating system stopped the reading and did not say how far it went.
    pub found: Option<u64>,
    pub max: u64,
}

impl fmt::Display for Exceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}が上限を超えています(", self.limit.words())?;
        if let Some(found) = self.found {
            write!(f, "{} > ", self.limit.show(found))?;
        }
        write!(
            f,
            "上限 {}。必要なら --limit {}=… で上げられます)",
            self.limit.show(self.max),
            self.limit.name()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_set_by_name_with_units() {
        let mut limits = Limits::default();
        limits.set_from("rows=2000000").expect("set");
        assert_eq!(limits.get(Limit::Rows), 2_000_000);
        limits.set_from("file-size=1G").expect("set");
        assert_eq!(limits.get(Limit::FileBytes), 1 << 30);
        limits.set_from(" memory = 512M ").expect("set");
        assert_eq!(limits.get(Limit::Memory), 512 << 20);
        assert!(limits.set_from("rows").is_err());
        assert!(limits.set_from("rows=0").is_err());
        assert!(limits.set_from("rows=-1").is_err());
        assert!(limits.set_from("rows=99999999999999999999").is_err());
        assert!(
            limits
                .set_from("width=5")
                .expect_err("an error")
                .contains("file-size")
        );
    }

    #[test]
    fn every_limit_round_trips_through_its_assignment() {
        let defaults = Limits::default();
        let mut copy = Limits {
            values: [1; Limit::ALL.len()],
        };
        for a in defaults.assignments() {
            copy.set_from(&a).expect("set");
        }
        assert_eq!(copy, defaults);
    }

    #[test]
    fn an_excess_names_the_limit_and_the_way_to_raise_it() {
        let e = Limits::default()
            .check(Limit::FileBytes, 300 << 20)
            .expect_err("an error");
        let text = e.to_string();
        assert!(text.contains("300 MiB"), "{text}");
        assert!(text.contains("256 MiB"), "{text}");
        assert!(text.contains("--limit file-size="), "{text}");
        assert!(Limits::default().check(Limit::Rows, 1 << 20).is_ok());
        assert_eq!(bytes(1536), "1.5 KiB");
    }
}
