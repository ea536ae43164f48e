//! A 100 MB CSV in the long form — the size of a prefecture's or the country's figures in one
//! file — is read whole, with every figure kept, in memory that grows with the figures and
//! not with copies of the file.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Write};

mod support;
use support::{MB, Numbers, run};

const HEADER: &str = "指標番号,計画,団体,計画期間,目標階層1,カテゴリ,事業,成果目標,指標,対象,定義,担当課,単位,方向,累計,注記,年度,区分,値";

/// Writes rows until the file holds `size` bytes; returns the number of data rows.
fn write_long_csv(path: &std::path::Path, size: u64) -> u64 {
    let mut out = BufWriter::new(File::create(path).expect("the sheet"));
    writeln!(out, "{HEADER}").expect("written");
    let mut written = HEADER.len() as u64 + 1;
    let mut numbers = Numbers::new(7);
    let mut rows = 0;
    let mut indicator = 0u64;
    while written < size {
        indicator += 1;
        let municipality = indicator / 60 + 1;
        let goal = indicator % 5 + 1;
        for year in 1..=10 {
            for kind in ["目標値", "実績値"] {
                let value = numbers.below(100_000);
                let line = format!(
                    "{indicator},第2期総合戦略,市町村{municipality},令和元年度〜令和10年度,基本目標{goal},,,,指標{},,,,人,,,,令和{year}年度,{kind},\"{},{:03}\"\n",
                    indicator % 60,
                    value / 1000,
                    value % 1000
                );
                out.write_all(line.as_bytes()).expect("written");
                written += line.len() as u64;
                rows += 1;
            }
        }
    }
    out.flush().expect("written");
    rows
}

#[test]
fn a_100_mb_long_csv_is_read_whole_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let sheet = dir.path().join("national.csv");
    let rows = write_long_csv(&sheet, 100 * MB);
    let size = fs::metadata(&sheet).expect("the sheet").len();
    assert!(size >= 100 * MB);

    let out = dir.path().join("out.csv");
    let path = sheet.display().to_string();
    let run = run(&["read", "--csv", &path], &out);
    assert!(run.status.success(), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);

    // every figure comes out again, none lost and none doubled
    let written = BufReader::new(File::open(&out).expect("the output"))
        .lines()
        .skip(1)
        .map(|l| l.expect("a line"))
        .filter(|l| !l.is_empty())
        .count() as u64;
    assert_eq!(written, rows);

    // The plan itself takes about 110 bytes per figure (the cell, its raw text and where it
    // was read) and the file is held while it is read: two to four times the file in all,
    // as rows are longer or shorter. A grid of the whole file, or a second copy of it, would
    // pass five times.
    run.assert_peak_below(5.0, size);
}
