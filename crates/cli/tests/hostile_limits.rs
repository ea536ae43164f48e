//! Workbooks that only the operating system's limits stop: calamine allocates for an ods of
//! repeated rows and columns before any row reaches our code, and a large sheet under a small
//! processor-time limit runs out of time. The worker process ends; the reader says why in one
//! line, and the memory used stays within the limit it was given.

mod hostile;
mod support;

use hostile::{assert_refused, ods, xlsx};
use support::{MB, run};

#[test]
fn an_ods_of_repeated_cells_ends_at_the_memory_limit() {
    let dir = tempfile::tempdir().expect("a folder");
    let f = dir.path().join("repeated.ods");
    // 99,990,000 cells: under calamine's cap of 100 million, about 6 GB as a range
    let body = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="10000"><table:table-cell table:number-columns-repeated="9999" office:value-type="float" office:value="1"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    std::fs::write(&f, ods(body)).expect("written");
    let path = f.to_str().expect("utf-8");
    let r = run(
        &["read", path, "--limit", "memory=512M"],
        &dir.path().join("out"),
    );
    assert_refused(r.status, &r.stderr, "limit-exceeded", &f);
    assert!(r.stderr.contains("memory"), "{}", r.stderr);
    eprintln!("peak {} MB under a limit of 512 MiB", r.peak_bytes / MB);
    assert!(r.peak_bytes < 600 * MB, "peak {} MB", r.peak_bytes / MB);
}

#[test]
fn a_large_sheet_under_a_small_time_limit_times_out() {
    let dir = tempfile::tempdir().expect("a folder");
    let f = dir.path().join("large.xlsx");
    {
        // 1,000,000 rows of ten numbers: seconds of parsing
        let mut cells = String::from("<sheetData>");
        for r in 1..=1_000_000 {
            cells.push_str(&format!("<row r=\"{r}\">"));
            for c in ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"] {
                cells.push_str(&format!("<c r=\"{c}{r}\"><v>{r}</v></c>"));
            }
            cells.push_str("</row>");
        }
        cells.push_str("</sheetData>");
        std::fs::write(&f, xlsx(&cells, 1, None, None)).expect("written");
    }
    let path = f.to_str().expect("utf-8");
    let started = std::time::Instant::now();
    let r = run(
        &["read", path, "--limit", "seconds=1"],
        &dir.path().join("out"),
    );
    eprintln!("ended after {:.1} s", started.elapsed().as_secs_f64());
    assert_refused(r.status, &r.stderr, "timeout", &f);
}
