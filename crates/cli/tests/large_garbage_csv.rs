//! A 100 MB CSV with no plan in it (a database dump handed over by mistake) is refused with the
//! usual one-line message, quickly and without holding more than the file.

use std::fs::{self, File};
use std::io::{BufWriter, Write};

mod support;
use support::{MB, Numbers, run};

#[test]
fn a_100_mb_csv_without_a_plan_is_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let sheet = dir.path().join("dump.csv");
    let mut out = BufWriter::new(File::create(&sheet).expect("the sheet"));
    let mut numbers = Numbers::new(11);
    let mut written = 0u64;
    while written < 100 * MB {
        let line: Vec<String> = (0..12)
            .map(|_| numbers.below(1_000_000).to_string())
            .collect();
        let line = line.join(",") + "\n";
        out.write_all(line.as_bytes()).expect("written");
        written += line.len() as u64;
    }
    out.flush().expect("written");
    drop(out);
    let size = fs::metadata(&sheet).expect("the sheet").len();

    let path = sheet.display().to_string();
    let run = run(&["read", &path], &dir.path().join("out.txt"));
    assert!(!run.status.success());
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains(&path), "{}", run.stderr);
    assert!(run.stderr.contains("(no-layout)"), "{}", run.stderr);

    // the file is read once and recognised on a sample: no grid of it is built
    run.assert_peak_below(2.0, size);
}
