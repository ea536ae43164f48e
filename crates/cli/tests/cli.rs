//! The `shinchoku` binary as a user runs it: the fixtures read and evaluated, and every kind
//! of bad input answered with one Japanese line naming the file, an English key and a
//! non-zero exit — never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shinchoku(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn sample(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(name)
        .display()
        .to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A bad input fails with one line that names the file and carries the key.
fn assert_refused(o: &Output, file: &Path, key: &str, japanese: &str) {
    let err = stderr(o);
    assert!(!o.status.success(), "succeeded on {}", file.display());
    assert!(!err.contains("panicked"), "panicked: {err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("エラー: "), "{err}");
    assert!(
        err.contains(&file.display().to_string()),
        "names the file: {err}"
    );
    assert!(
        err.contains(&format!("({key})")),
        "carries the key {key}: {err}"
    );
    assert!(err.contains(japanese), "says {japanese}: {err}");
    assert!(o.stdout.is_empty(), "prints nothing on stdout");
}

#[test]
fn read_json_is_the_contract_form() {
    let o = shinchoku(&["read", &sample("kamaishi-priority-projects.txt"), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let inds = doc["indicators"].as_array().expect("indicators");
    assert_eq!(inds.len(), 26);
    let line = inds
        .iter()
        .find(|i| i["name"] == "釜石市LINEの友達登録数(累計)")
        .expect("LINE");
    assert_eq!(
        line["targets"]["2024"],
        serde_json::json!({"raw": "5,000人", "kind": "number", "value": 5000, "unit": "人"})
    );
    assert_eq!(line["cumulative"], true);
    assert_eq!(doc["source"]["layout"], "sectioned");
    assert!(
        doc["findings"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["kind"] == "unit-mismatch"))
    );
}

#[test]
fn read_shows_a_table_and_the_findings() {
    let o = shinchoku(&[
        "read",
        &sample("nagareyama-progress-sheet.txt"),
        "--explain",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("レイアウト: matrix"), "{out}");
    assert!(out.contains("matrix: 1.00"), "{out}");
    assert!(out.contains("指標: 24 件"), "{out}");
    assert!(out.contains("番号116が別々の事業"), "{out}");
    assert!(out.contains("| H30 "), "{out}");
}

#[test]
fn evaluate_table_ends_with_the_grade_distribution() {
    let o = shinchoku(&[
        "evaluate",
        &sample("kamaishi-priority-projects.txt"),
        "--year",
        "R5",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("令和5年度 の評価"), "{out}");
    assert!(out.contains("95.8%"), "{out}");
    let tail = &out[out.find("評価の分布").expect("a distribution")..];
    assert!(tail.contains("| A 達成       |    8 |"), "{tail}");
    assert!(tail.contains("| 計           |   26 |"), "{tail}");
}

#[test]
fn evaluate_table_columns_line_up_in_display_width() {
    use unicode_width::UnicodeWidthStr;
    let o = shinchoku(&["evaluate", &sample("nagareyama-progress-sheet.txt")]);
    let out = stdout(&o);
    let table = &out[..out.find("評価の分布").expect("a distribution")];
    let widths: Vec<usize> = table
        .lines()
        .filter(|l| l.starts_with('|') || l.starts_with('+'))
        .map(UnicodeWidthStr::width)
        .collect();
    assert!(widths.len() > 24, "{out}");
    assert!(
        widths.windows(2).all(|w| w[0] == w[1]),
        "ragged rows: {widths:?}"
    );
}

#[test]
fn evaluate_json_and_csv() {
    let o = shinchoku(&[
        "evaluate",
        &sample("kamaishi-priority-projects.txt"),
        "--year",
        "2023",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(report["year"], 2023);
    let e = report["evaluations"]
        .as_array()
        .expect("evaluations")
        .iter()
        .find(|e| e["indicator"] == "釜石市LINEの友達登録数(累計)")
        .expect("LINE");
    assert_eq!(e["grade"], "A");
    assert!((e["achievement"].as_f64().expect("a rate") - 1.1984).abs() < 1e-9);
    // the survey indicators have no R5 figure and say nothing of why
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(
        findings
            .iter()
            .filter(|f| f["kind"] == "blank-actual")
            .count(),
        8
    );

    let o = shinchoku(&[
        "evaluate",
        &sample("kamaishi-priority-projects.txt"),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let mut rows = csv_rows(&text);
    let header = rows.remove(0);
    assert_eq!(header[0], "年度");
    assert_eq!(rows.len(), 26);
    let grade = header
        .iter()
        .position(|h| h == "評価")
        .expect("a grade column");
    assert_eq!(rows[0][grade], "B");
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

#[test]
fn evaluate_with_a_city_policy() {
    let o = shinchoku(&[
        "evaluate",
        &sample("nagareyama-progress-sheet.txt"),
        "--policy",
        "nagareyama",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(report["policy"]["key"], "nagareyama");
    assert_eq!(report["year"], 2019);
}

#[test]
fn missing_file() {
    let path = PathBuf::from("no/such/sheet.txt");
    let o = shinchoku(&["read", "no/such/sheet.txt"]);
    assert_refused(&o, &path, "file-not-found", "見つかりません");
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("empty.txt");
    std::fs::write(&path, "").expect("written");
    assert_refused(
        &shinchoku(&["read", path.to_str().expect("utf-8")]),
        &path,
        "empty-file",
        "空です",
    );
    std::fs::write(&path, "\n\t\t\n  \n").expect("written");
    assert_refused(
        &shinchoku(&["evaluate", path.to_str().expect("utf-8")]),
        &path,
        "empty-file",
        "空です",
    );
}

#[test]
fn binary_garbage() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("garbage.txt");
    let mut bytes = b"line one\nline two\n".to_vec();
    bytes.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    std::fs::write(&path, &bytes).expect("written");
    let o = shinchoku(&["read", path.to_str().expect("utf-8")]);
    assert_refused(&o, &path, "binary-data", "3行目");
}

#[test]
fn a_png_renamed_txt() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("chart.txt");
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89";
    std::fs::write(&path, png).expect("written");
    assert_refused(
        &shinchoku(&["read", path.to_str().expect("utf-8")]),
        &path,
        "not-a-sheet",
        "PNG画像",
    );
}

#[test]
fn a_sheet_with_no_recognisable_layout() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("minutes.txt");
    std::fs::write(
        &path,
        "第2回子ども・子育て会議 議事録\n\n出席者\t10名\n議題\t計画の進捗について\n",
    )
    .expect("written");
    let o = shinchoku(&["read", path.to_str().expect("utf-8")]);
    assert_refused(&o, &path, "no-layout", "レイアウト");
    assert!(stderr(&o).contains("4行"), "{}", stderr(&o));
    // the way on: a mapping
    assert!(stderr(&o).contains("--suggest-mapping"), "{}", stderr(&o));
}

#[test]
fn text_in_an_unknown_encoding() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("latin1.txt");
    // valid in neither UTF-8 nor Shift_JIS: 0x80 and 0xA0 lead no Shift_JIS character
    std::fs::write(&path, b"ok\nok\n\x80\xA0\x80\xA0 text\n").expect("written");
    assert_refused(
        &shinchoku(&["read", path.to_str().expect("utf-8")]),
        &path,
        "encoding",
        "3行目",
    );
}

#[test]
fn a_bad_year_and_an_unknown_policy_are_named() {
    let s = sample("kamaishi-priority-projects.txt");
    let o = shinchoku(&["evaluate", &s, "--year", "令和"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("(bad-year)"), "{}", stderr(&o));
    // a year the plan does not have, most likely mistyped
    let o = shinchoku(&["evaluate", &s, "--year", "R99"]);
    assert_refused(
        &o,
        Path::new(&s),
        "year-outside-plan",
        "令和2年度〜令和6年度",
    );
    let o = shinchoku(&["evaluate", &s, "--policy", "tokyo"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("(unknown-policy)") && stderr(&o).contains("nagareyama"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_sheet_without_actuals_needs_a_year() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("targets.txt");
    std::fs::write(
        &path,
        "指標\t単位\t\tR5\tR6\n相談件数\t件\t目標値\t10\t12\n\t\t実績値\t\t\n",
    )
    .expect("written");
    let o = shinchoku(&["evaluate", path.to_str().expect("utf-8")]);
    assert_refused(&o, &path, "no-actuals", "--year");
    let o = shinchoku(&["evaluate", path.to_str().expect("utf-8"), "--year", "R5"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn policies_are_listed() {
    let o = shinchoku(&["policies"]);
    assert!(o.status.success());
    for key in [
        "default",
        "nagareyama",
        "nagayo",
        "fukuoka",
        "ino",
        "tama",
        "shizuoka",
        "sano",
    ] {
        assert!(stdout(&o).contains(key), "{key}");
    }
}
