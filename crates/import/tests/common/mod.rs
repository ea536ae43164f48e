//! Where the shared fixtures are, and reading them. The fixtures live beside the repository in
//! `../shared`; a test run without them fails loudly rather than skipping.

#![allow(dead_code)]

pub mod evaluation;
pub mod inline;
pub mod sheets;

use serde_json::Value;
use shinchoku_core::document::PlanDocument;
use shinchoku_core::text::compact;
use shinchoku_import::{ReadOptions, ReadSheet, read_file};
use std::path::PathBuf;

pub fn shared_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    assert!(
        dir.join("fixtures").is_dir(),
        "the shared fixtures are missing: expected them at {} (../shared beside the repository)",
        dir.display()
    );
    dir
}

pub fn fixture(name: &str) -> PathBuf {
    shared_dir().join("fixtures").join(name)
}

pub fn expected(name: &str) -> serde_json::Value {
    let path = shared_dir().join("fixtures/expected").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn read(name: &str) -> ReadSheet {
    let path = fixture(name);
    read_file(&path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn document(sheet: &ReadSheet) -> Value {
    serde_json::to_value(PlanDocument::new(&sheet.plan, Some(sheet.source_info())))
        .expect("serialises")
}

/// Compares one expected cell with ours, field by field; returns what differs.
pub fn cell_differences(
    what: &str,
    expected: &Value,
    got: Option<&Value>,
    lenient: bool,
) -> Vec<String> {
    let Some(got) = got else {
        return vec![format!("{what}: missing (expected {expected})")];
    };
    let mut out = Vec::new();
    let same_raw = |a: Option<&Value>, b: Option<&Value>| {
        let norm = |v: Option<&Value>| v.and_then(Value::as_str).map(shift_jis_spelling);
        norm(a) == norm(b)
    };
    for key in ["raw", "kind", "unit", "qualifier", "direction"] {
        if key == "raw" && lenient && same_raw(expected.get(key), got.get(key)) {
            continue;
        }
        if expected.get(key) != got.get(key) && (expected.get(key).is_some() || key == "kind") {
            out.push(format!(
                "{what}.{key}: expected {:?}, got {:?}",
                expected.get(key),
                got.get(key)
            ));
        }
    }
    let note = |v: &Value| v.get("note_mark").and_then(Value::as_bool).unwrap_or(false);
    if note(expected) != note(got) {
        out.push(format!(
            "{what}.note_mark: expected {}, got {}",
            note(expected),
            note(got)
        ));
    }
    match (expected.get("value"), got.get("value")) {
        (Some(Value::Bool(e)), Some(Value::Bool(g))) if e == g => {}
        (Some(Value::Number(e)), Some(Value::Number(g)))
            if (e.as_f64().unwrap_or(f64::NAN) - g.as_f64().unwrap_or(f64::NAN)).abs() < 1e-9 => {}
        (None, None) => {}
        (e, g) => out.push(format!("{what}.value: expected {e:?}, got {g:?}")),
    }
    out
}

/// The text as a Shift_JIS file spells it: the dash, the tilde, and ■ □ for ☑ ☒.
fn shift_jis_spelling(s: &str) -> String {
    s.replace('―', "—")
        .replace('〜', "～")
        .replace('■', "☑")
        .replace('□', "☒")
}

/// Every string of a JSON value in its Shift_JIS spelling.
fn in_shift_jis_spelling(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(shift_jis_spelling(s)),
        Value::Array(a) => Value::Array(a.iter().map(in_shift_jis_spelling).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), in_shift_jis_spelling(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

pub fn compare(expected_name: &str, sheet: &ReadSheet) {
    compare_with(expected_name, sheet, false);
}

/// Like [`compare`]; `lenient` lets texts differ where Shift_JIS spells them differently
/// (— and ―, ～ and 〜, ☑ ☒ written ■ □).
pub fn compare_with(expected_name: &str, sheet: &ReadSheet, lenient: bool) {
    let (mut expected, mut got) = (expected(expected_name), document(sheet));
    if lenient {
        expected = in_shift_jis_spelling(&expected);
        got = in_shift_jis_spelling(&got);
    }
    let ours = got["indicators"].as_array().expect("indicators");
    let theirs = expected["indicators"].as_array().expect("indicators");
    assert_eq!(ours.len(), theirs.len(), "indicator count");
    assert_eq!(
        expected["indicator_count"].as_u64(),
        Some(ours.len() as u64)
    );
    let mut problems = Vec::new();
    for (n, e) in theirs.iter().enumerate() {
        let name = e["name"].as_str().expect("name");
        // the same name may appear twice (関係機関との連携件数 …): match in order
        let Some(g) = ours
            .iter()
            .filter(|g| compact(g["name"].as_str().unwrap_or("")) == compact(name))
            .nth(
                theirs[..n]
                    .iter()
                    .filter(|p| p["name"] == e["name"])
                    .count(),
            )
        else {
            problems.push(format!("indicator not read: {name}"));
            continue;
        };
        let fields = [
            "path",
            "category",
            "outcome",
            "unit",
            "projects",
            "notes",
            "polarity",
            "cumulative",
        ];
        for key in fields {
            if let Some(ev) = e.get(key)
                && g.get(key) != Some(ev)
            {
                problems.push(format!(
                    "{name}: {key}: expected {ev}, got {:?}",
                    g.get(key)
                ));
            }
        }
        for series in ["targets", "actuals"] {
            let (es, gs) = (&e[series], &g[series]);
            let ek: Vec<&String> = es
                .as_object()
                .map(|o| o.keys().collect())
                .unwrap_or_default();
            let gk: Vec<&String> = gs
                .as_object()
                .map(|o| o.keys().collect())
                .unwrap_or_default();
            if ek != gk {
                problems.push(format!(
                    "{name}: {series} years: expected {ek:?}, got {gk:?}"
                ));
            }
            for (year, cell) in es.as_object().into_iter().flatten() {
                problems.extend(cell_differences(
                    &format!("{name} {series} {year}"),
                    cell,
                    gs.get(year),
                    lenient,
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );

    assert_eq!(got["title"], expected["title"], "title");
    assert_eq!(
        got["municipality"], expected["municipality"],
        "municipality"
    );
    let years: Vec<i64> = expected["fiscal_years"]
        .as_object()
        .expect("years")
        .values()
        .filter_map(Value::as_i64)
        .collect();
    let ours: Vec<i64> = got["fiscal_years"]
        .as_array()
        .expect("years")
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    assert_eq!(ours, years, "fiscal years");
}
