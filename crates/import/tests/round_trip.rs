//! The canonical long CSV (`shinchoku read --csv`) read back gives the same plan: for both
//! fixtures and every test sheet, the JSON form is the same but for where cells were read
//! (another file) and the reader's own findings about the original's layout.

mod common;

use serde_json::Value;
use shinchoku_core::document::PlanDocument;
use shinchoku_import::{ReadOptions, ReadSheet, read_bytes};
use std::path::Path;

/// Findings about the plan's figures, which the long form must reproduce; the others are
/// about the original file's layout.
const PLAN_FINDINGS: &[&str] = &[
    "unit-mismatch",
    "duplicate-project-number",
    "same-values",
    "running-total-decreased",
    "duplicate-indicator",
];

fn normalized(sheet: &ReadSheet) -> Value {
    let mut doc = serde_json::to_value(PlanDocument::new(&sheet.plan, None)).expect("serialises");
    for ind in doc["indicators"].as_array_mut().expect("indicators") {
        ind.as_object_mut().expect("an object").remove("location");
    }
    let mut messages: Vec<String> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| PLAN_FINDINGS.contains(&f["kind"].as_str().unwrap_or("")))
        .filter_map(|f| f["message"].as_str().map(str::to_owned))
        .collect();
    messages.sort();
    doc["findings"] = Value::from(messages);
    doc
}

fn assert_round_trip(name: &str, sheet: &ReadSheet) {
    let csv = shinchoku_core::long::to_csv(&sheet.plan);
    let back = read_bytes(
        Path::new("back.csv"),
        csv.as_bytes(),
        &ReadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{name}: the long CSV does not read back: {e}\n{csv}"));
    assert_eq!(back.layout, "long", "{name}");
    let (a, b) = (normalized(sheet), normalized(&back));
    if a != b {
        let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default();
        panic!(
            "{name}: differs after the round trip\n--- original\n{}\n--- back\n{}",
            pretty(&a),
            pretty(&b)
        );
    }
}

#[test]
fn both_fixtures_survive_the_long_csv() {
    for name in [
        "nagareyama-progress-sheet.txt",
        "kamaishi-priority-projects.txt",
    ] {
        assert_round_trip(name, &common::read(name));
    }
}

#[test]
fn every_test_sheet_survives_the_long_csv() {
    for (name, text) in common::sheets::ALL {
        let sheet = read_bytes(
            Path::new("sheet.txt"),
            text.as_bytes(),
            &ReadOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_round_trip(name, &sheet);
    }
}
