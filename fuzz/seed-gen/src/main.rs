//! Writes the seed corpus of the `read_bytes` fuzz target (`fuzz/seeds/read_bytes/`) from the
//! repository's test sheets: the two samples (`samples/`, the shared fixtures' copies) and every
//! sheet of `crates/import/tests/common/sheets.rs`. Each sheet is written as tab-separated text,
//! as CSV, and as an xlsx, an xls and an ods workbook; the samples also in Shift_JIS, UTF-16 and
//! UTF-8 with a BOM, and both samples together as workbooks of two sheets with merged cells.
//!
//! Every seed starts with the fuzz input's selector byte (`fuzz/src/exercise.rs`): the
//! extension, with the layout and the encoding left to be detected. The output is the same on
//! every run (fixed dates in the workbooks), so the committed seeds can be checked by
//! regenerating them:
//!
//! ```sh
//! cargo run --manifest-path fuzz/Cargo.toml -p shinchoku-fuzz-seed-gen -- fuzz/seeds/read_bytes
//! ```

#[path = "../../../crates/import/tests/common/sheets.rs"]
mod sheets;

mod workbooks;

use std::path::{Path, PathBuf};

/// The selector bytes of `fuzz/src/exercise.rs` for each extension (bits 0–2), and the bit
/// that forces Shift_JIS (bits 6–7 = 2).
mod selector {
    pub const CSV: u8 = 0;
    pub const TSV: u8 = 1;
    pub const TXT: u8 = 2;
    pub const XLSX: u8 = 3;
    pub const XLS: u8 = 4;
    pub const ODS: u8 = 5;
    pub const FORCE_SHIFT_JIS: u8 = 2 << 6;
}

/// A sheet as rows of cells, from its tab-separated text.
pub type Rows = Vec<Vec<String>>;

fn rows_of(text: &str) -> Rows {
    text.lines()
        .map(|line| line.split('\t').map(str::to_owned).collect())
        .collect()
}

fn csv_of(rows: &Rows) -> String {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

fn shift_jis(text: &str) -> Vec<u8> {
    encoding_rs::SHIFT_JIS.encode(text).0.into_owned()
}

fn utf16_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

struct Writer {
    dir: PathBuf,
    written: usize,
}

impl Writer {
    fn seed(&mut self, name: &str, selector: u8, bytes: &[u8]) -> std::io::Result<()> {
        let mut data = Vec::with_capacity(bytes.len() + 1);
        data.push(selector);
        data.extend_from_slice(bytes);
        std::fs::write(self.dir.join(name), data)?;
        self.written += 1;
        Ok(())
    }

    /// A sheet as text, CSV and the three workbooks.
    fn sheet(&mut self, name: &str, text: &str) -> Result<(), Box<dyn std::error::Error>> {
        let rows = rows_of(text);
        self.seed(&format!("{name}.txt"), selector::TXT, text.as_bytes())?;
        self.seed(&format!("{name}.tsv"), selector::TSV, text.as_bytes())?;
        self.seed(
            &format!("{name}.csv"),
            selector::CSV,
            csv_of(&rows).as_bytes(),
        )?;
        let sheets = [("進捗", rows.as_slice())];
        self.seed(
            &format!("{name}.xlsx"),
            selector::XLSX,
            &workbooks::xlsx(&sheets, &[])?,
        )?;
        self.seed(
            &format!("{name}.xls"),
            selector::XLS,
            &workbooks::xls(&sheets, &[])?,
        )?;
        self.seed(
            &format!("{name}.ods"),
            selector::ODS,
            &workbooks::ods(&sheets, &[])?,
        )?;
        Ok(())
    }
}

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| repository().join("fuzz/seeds/read_bytes"), PathBuf::from);
    std::fs::create_dir_all(&dir)?;
    for entry in std::fs::read_dir(&dir)? {
        std::fs::remove_file(entry?.path())?;
    }
    let mut w = Writer { dir, written: 0 };

    let mut samples = Vec::new();
    for name in ["kamaishi-priority-projects", "nagareyama-progress-sheet"] {
        let text =
            std::fs::read_to_string(repository().join("samples").join(format!("{name}.txt")))?;
        w.sheet(name, &text)?;
        let csv = csv_of(&rows_of(&text));
        w.seed(&format!("{name}.sjis.csv"), selector::CSV, &shift_jis(&csv))?;
        w.seed(
            &format!("{name}.forced-sjis.csv"),
            selector::CSV | selector::FORCE_SHIFT_JIS,
            &shift_jis(&csv),
        )?;
        w.seed(
            &format!("{name}.utf16.txt"),
            selector::TXT,
            &utf16_with_bom(&text),
        )?;
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        w.seed(&format!("{name}.bom.txt"), selector::TXT, &bom)?;
        samples.push(rows_of(&text));
    }
    for (name, text) in sheets::ALL {
        w.sheet(&name.to_lowercase().replace('_', "-"), text)?;
    }

    // both samples in one workbook, the first sheet's title merged across four columns and
    // the second's first two rows of its first column merged
    let two = [
        ("釜石", samples[0].as_slice()),
        ("流山", samples[1].as_slice()),
    ];
    let merges = [
        workbooks::Merge {
            sheet: 0,
            first_row: 0,
            last_row: 0,
            first_col: 0,
            last_col: 3,
        },
        workbooks::Merge {
            sheet: 1,
            first_row: 1,
            last_row: 2,
            first_col: 0,
            last_col: 0,
        },
    ];
    w.seed(
        "two-samples.xlsx",
        selector::XLSX,
        &workbooks::xlsx(&two, &merges)?,
    )?;
    w.seed(
        "two-samples.xls",
        selector::XLS,
        &workbooks::xls(&two, &merges)?,
    )?;
    w.seed(
        "two-samples.ods",
        selector::ODS,
        &workbooks::ods(&two, &merges)?,
    )?;

    println!("{} seeds written to {}", w.written, w.dir.display());
    Ok(())
}
