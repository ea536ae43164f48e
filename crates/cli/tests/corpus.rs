//! The corpus of real published tables (`tests/corpus/`): every table read with no mapping and
//! scored cell by cell by `../shared/tools/fidelity.py`'s rule, the score printed per table and in
//! total. The floor only rises: a change that reads fewer cells right fails here.

mod fidelity;

use fidelity::{Score, score};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The share of all expected cells read right below which the corpus test fails. Raised as the
/// reader improves; the goal is 0.98.
const FLOOR: f64 = 0.99;

/// The cells each table is known to miss, and why: every other table must be read whole, so
/// a regression anywhere fails the test even above the floor.
const KNOWN_MISSES: &[(&str, usize, &str)] = &[
    (
        "kanto-matsudo-sousei-genjouchi.tsv",
        2,
        "two figures stand in 参考) lines under the tables, not in them",
    ),
    (
        "west-yakage-chiikisaisei-jigohyoka.xlsx",
        3,
        "the 最終実績 column states no year: the plan's last year is not assumed for results",
    ),
];

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

fn read_json(sheet: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .arg("read")
        .arg("--json")
        .arg(sheet)
        .output()
        .expect("the binary runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{}: {err}", sheet.display());
    // a refused sheet scores nothing: the refusal is printed with its score
    if !out.status.success() {
        let name = sheet.file_name().map(|n| n.to_string_lossy().into_owned());
        println!("  {} refused: {}", name.unwrap_or_default(), err.trim());
        return Value::Null;
    }
    serde_json::from_slice(&out.stdout).expect("read --json prints JSON")
}

#[test]
fn the_corpus_of_real_tables_is_read_without_a_mapping() {
    let expected_dir = corpus_dir().join("expected");
    let mut expected: Vec<PathBuf> = std::fs::read_dir(&expected_dir)
        .expect("tests/corpus/expected exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    expected.sort();
    assert!(
        !expected.is_empty(),
        "no expected facts in {}",
        expected_dir.display()
    );
    let mut total = Score::default();
    let mut lines = Vec::new();
    let mut regressed = Vec::new();
    for path in &expected {
        let exp: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("readable"))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let fixture = exp["fixture"].as_str().expect("fixture names its file");
        let sheet = corpus_dir().join(fixture);
        assert!(
            sheet.exists(),
            "{} names a missing {fixture}",
            path.display()
        );
        let got = read_json(&sheet);
        let s = score(&exp, &got);
        lines.push(format!(
            "{:>5.1}%  {:>4}/{:<4} cells  {:>3}/{:<3} indicators  {fixture}",
            s.share() * 100.0,
            s.hit,
            s.total,
            s.found,
            s.indicators
        ));
        for miss in s.misses.iter().take(8) {
            lines.push(format!("         miss: {miss}"));
        }
        let known = KNOWN_MISSES
            .iter()
            .find(|(f, _, _)| *f == fixture)
            .map_or(0, |(_, n, _)| *n);
        if s.total - s.hit > known || s.found < s.indicators {
            regressed.push(fixture.to_owned());
        }
        total.add(&s);
    }
    println!("corpus: {} tables", expected.len());
    for l in &lines {
        println!("{l}");
    }
    println!(
        "corpus total: {}/{} cells ({:.1}%), {}/{} indicators",
        total.hit,
        total.total,
        total.share() * 100.0,
        total.found,
        total.indicators
    );
    assert!(
        regressed.is_empty(),
        "tables read worse than they are known to be: {regressed:?}"
    );
    assert!(
        total.share() >= FLOOR,
        "the corpus fell below its floor: {:.3} < {FLOOR}",
        total.share()
    );
}
