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
fn evaluate_table_ends_with_the_distribution_the_roll_up_and_the_findings() {
    let o = shinchoku(&[
        "evaluate",
        &sample("kamaishi-priority-projects.txt"),
        "--year",
        "R5",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("令和5年度 の評価"), "{out}");
    assert!(
        out.contains("計画期間: 令和2年度〜令和6年度 (法定の計画期間)"),
        "{out}"
    );
    assert!(out.contains("95.8%"), "{out}");
    let tail = &out[out.find("評価の分布 (計 26):").expect("a distribution")..];
    let count = |label: &str| -> Option<usize> {
        tail.lines()
            .find(|l| l.trim_start().starts_with(label))
            .and_then(|l| l.split_whitespace().last())
            .and_then(|n| n.parse().ok())
    };
    assert_eq!(count("A 達成"), Some(9), "{tail}");
    assert_eq!(count("C 未達成"), Some(2), "{tail}");
    assert_eq!(count("うち要確認"), Some(2), "{tail}");
    assert!(
        tail.contains("目標ごとのまとめ (規則: A・B の割合):"),
        "{tail}"
    );
    assert!(
        tail.contains("計画全体: A・B の割合 70.6% (12/17"),
        "{tail}"
    );
    assert!(
        tail.contains("プロジェクト2:遊び場開拓プロジェクト: A・B の割合"),
        "{tail}"
    );
    // the findings' count and the three that matter most
    let findings = &tail[tail.find("指摘 ").expect("findings")..];
    assert!(findings.contains("重要なもの 3 件"), "{findings}");
    assert_eq!(
        findings.lines().filter(|l| l.starts_with("  - ")).count(),
        3
    );
    let unwrapped = findings.replace("\n    ", " ");
    assert!(
        unwrapped.contains("[polarity-unclear] → 少ないほど良いなら --polarity 21=decrease"),
        "{findings}"
    );
}

#[test]
fn evaluate_table_fits_an_80_column_terminal_without_cutting_a_figure() {
    use unicode_width::UnicodeWidthStr;
    for (file, columns) in [
        ("kamaishi-priority-projects.txt", "80"),
        ("nagareyama-progress-sheet.txt", "80"),
        ("kamaishi-priority-projects.txt", "132"),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
            .args(["evaluate", &sample(file), "--year", "R3"])
            .env("COLUMNS", columns)
            .output()
            .expect("runs");
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        let max: usize = columns.parse().expect("a number");
        for line in out.lines().filter(|l| !l.starts_with("ファイル: ")) {
            assert!(line.width() <= max, "{} > {max}: {line}", line.width());
        }
        // a figure with its unit is never split over two lines
        if file.starts_with("kamaishi") {
            for figure in ["3,188人", "6,648回", "5,000人", "41回", "年4回"] {
                assert!(out.contains(figure), "{figure} cut in {out}");
            }
        }
    }
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
    assert_eq!(report["period"]["source"], "statutory");
    let evaluations = report["evaluations"].as_array().expect("evaluations");
    let e = evaluations
        .iter()
        .find(|e| e["indicator"] == "釜石市LINEの友達登録数(累計)")
        .expect("LINE");
    assert_eq!(e["grade"], "A");
    assert!((e["achievement"].as_f64().expect("a rate") - 1.1984).abs() < 1e-9);
    assert_eq!(e["achievement_percent"], 119.8);
    assert_eq!(e["polarity"], "increase");
    assert_eq!(e["accumulation"], "running_total");
    assert_eq!(e["target"]["value"], 5000.0);
    assert_eq!(e["target"]["kind"], "number");
    assert_eq!(e["actual"]["raw"], "5,992人");
    assert_eq!(e["target_source"]["key"], "plan_end");
    // a reason not to grade has its key beside its words
    let survey = evaluations
        .iter()
        .find(|e| e["indicator"] == "子ども家庭総合支援拠点の周知度")
        .expect("a survey");
    assert_eq!(survey["not_evaluable"]["key"], "not-evaluable/no-figure");
    let park = evaluations
        .iter()
        .find(|e| e["indicator"] == "子育て世代が集える公園の整備数")
        .expect("the park");
    assert_eq!(park["notes"][0], "※復興事業により整備した公園数");
    // the eight survey indicators blank in 令和5年度 are one finding
    let findings = report["findings"].as_array().expect("findings");
    let blank: Vec<_> = findings
        .iter()
        .filter(|f| f["kind"] == "blank-actual")
        .collect();
    assert_eq!(blank.len(), 1, "{findings:#?}");
    assert!(
        blank[0]["message"].as_str().expect("text").contains("8件"),
        "{blank:?}"
    );
    assert_eq!(report["rollups"]["rule"]["rule"], "share_of");
    assert!(report["rollups"]["goals"].as_array().expect("goals").len() >= 3);
    assert!(!report["notes"].as_array().expect("notes").is_empty());
}

/// Parses CSV as Excel does: the BOM says UTF-8, quoted fields may hold commas and newlines.
fn excel_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes)
        .expect("UTF-8")
        .strip_prefix('\u{feff}')
        .expect("a BOM, which Excel needs to read UTF-8");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("a record").iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn evaluate_csv_opens_in_japanese_excel() {
    let o = shinchoku(&[
        "evaluate",
        &sample("kamaishi-priority-projects.txt"),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.windows(2).any(|w| w == b"\r\n"), "CRLF lines");
    let mut rows = excel_rows(&o.stdout);
    let header = rows.remove(0);
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let indicators: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "指標").collect();
    assert_eq!(indicators.len(), 26);
    let first = indicators[0];
    assert_eq!(first[col("団体")], "釜石市");
    assert_eq!(first[col("年度")], "2023");
    assert_eq!(first[col("評価")], "B");
    assert_eq!(first[col("目標(記載)")], "24回");
    // numbers are numbers: no separators, no units, 達成率 in percent with one decimal
    assert_eq!(first[col("目標値")].parse::<f64>().ok(), Some(24.0));
    assert_eq!(first[col("達成率(%)")].parse::<f64>().ok(), Some(95.8));
    let line = indicators
        .iter()
        .find(|r| r[col("指標")] == "釜石市LINEの友達登録数(累計)")
        .expect("LINE");
    assert_eq!(line[col("実績(記載)")], "5,992人");
    assert_eq!(line[col("実績値")].parse::<f64>().ok(), Some(5992.0));
    assert_eq!(line[col("指標ID")].len(), 12);
    // the roll-up rows follow, with their rule
    let summaries: Vec<_> = rows.iter().filter(|r| r[0] == "まとめ").collect();
    assert_eq!(summaries[0][col("施策")], "計画全体");
    assert!(
        summaries
            .iter()
            .all(|r| r[col("評価の意味")] == "A・B の割合")
    );

    let o = shinchoku(&[
        "evaluate",
        &sample("kamaishi-priority-projects.txt"),
        "--format",
        "csv",
        "--encoding",
        "shift_jis",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (text, _, malformed) = encoding_rs::SHIFT_JIS.decode(&o.stdout);
    assert!(!malformed);
    assert!(text.starts_with("種別,団体,計画"), "no BOM in Shift_JIS");
    assert!(text.contains("釜石市LINEの友達登録数(累計)"));
    // the period's 〜 is written as Windows writes it, not lost
    assert!(text.contains("令和2年度～令和6年度"), "{text}");
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn read_and_evaluate_share_the_indicator_ids() {
    let file = sample("nagareyama-progress-sheet.txt");
    let read: serde_json::Value =
        serde_json::from_slice(&shinchoku(&["read", &file, "--json"]).stdout).expect("JSON");
    let evaluated: serde_json::Value =
        serde_json::from_slice(&shinchoku(&["evaluate", &file, "--format", "json"]).stdout)
            .expect("JSON");
    let read_ids: Vec<(&str, &str)> = read["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .map(|i| {
            (
                i["id"].as_str().expect("an id"),
                i["name"].as_str().expect("a name"),
            )
        })
        .collect();
    let evaluated_ids: Vec<(&str, &str)> = evaluated["evaluations"]
        .as_array()
        .expect("evaluations")
        .iter()
        .map(|e| {
            (
                e["id"].as_str().expect("an id"),
                e["indicator"].as_str().expect("a name"),
            )
        })
        .collect();
    assert_eq!(read_ids.len(), 24);
    assert_eq!(read_ids, evaluated_ids);
    let unique: std::collections::HashSet<_> = read_ids.iter().map(|(id, _)| id).collect();
    assert_eq!(unique.len(), 24);
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
    // the plan (令和2〜3年度) has no actual of its own yet: its first year, shown as such
    assert_eq!(report["year"], 2020);
    assert_eq!(report["focus"], "no_actuals_yet");
    let with_growth = report["evaluations"]
        .as_array()
        .expect("evaluations")
        .iter()
        .filter(|e| !e["growth_outlook"].is_null())
        .count();
    assert!(with_growth >= 6, "{with_growth}");
}

#[test]
fn a_plan_without_an_actual_of_its_own_shows_its_baseline_and_outlook() {
    let o = shinchoku(&["evaluate", &sample("nagareyama-progress-sheet.txt")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("令和2年度 の評価"), "{out}");
    assert!(out.contains("まだ実績値がありません"), "{out}");
    assert!(out.contains("基準値"), "{out}");
    assert!(out.contains("56.8% (R1)"), "{out}");
    assert!(!out.contains("計画最終目標"), "{out}");
    // asked for a year before the plan: shown, never graded
    let o = shinchoku(&[
        "evaluate",
        &sample("nagareyama-progress-sheet.txt"),
        "--year",
        "R1",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("計画期間(令和2年度〜)より前の年度です"),
        "{out}"
    );
    assert!(
        !out.contains("D 大幅未達成") && !out.contains("C 未達成"),
        "{out}"
    );
}

#[test]
fn what_a_person_states_overrides_what_was_inferred() {
    let file = sample("kamaishi-priority-projects.txt");
    let json = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["evaluate", file.as_str(), "--format", "json"];
        args.extend_from_slice(extra);
        let o = shinchoku(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).expect("JSON")
    };
    let reports = |r: &serde_json::Value| r["evaluations"][20].clone();
    let before = reports(&json(&[]));
    assert_eq!(
        (
            before["grade"].as_str(),
            before["reviews"].as_array().map(Vec::len)
        ),
        (Some("A"), Some(1))
    );
    let after = json(&["--polarity", "21=decrease", "--accumulation", "20=sum"]);
    let e = reports(&after);
    assert_eq!(e["grade"], "D");
    assert_eq!(e["polarity_source"], "stated");
    assert!(e["reviews"].as_array().expect("reviews").is_empty());
    assert_eq!(after["stated"].as_array().map(Vec::len), Some(2));
    // by name and with a baseline
    let r = json(&[
        "--baseline",
        "釜石市への児童虐待通告件数=30@R1",
        "--polarity",
        "21=減少",
    ]);
    let e = reports(&r);
    assert_eq!(e["baseline"]["value"], 30.0);
    assert_eq!(e["formula"]["key"], "baseline_gap");
    // a bad statement names the option and the value
    for (option, value, says) in [
        ("--polarity", "99=decrease", "指標「99」がありません"),
        ("--polarity", "21=less", "方向として読めません"),
        ("--accumulation", "21", "「指標=値」の形ではありません"),
        ("--baseline", "21=many@R1", "基準値として読めません"),
    ] {
        let o = shinchoku(&["evaluate", &file, option, value]);
        let err = stderr(&o);
        assert!(!o.status.success());
        assert!(
            err.contains("(bad-statement)") && err.contains(option) && err.contains(says),
            "{err}"
        );
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
}

#[test]
fn the_roll_up_rule_can_be_chosen() {
    let file = sample("kamaishi-priority-projects.txt");
    let o = shinchoku(&["evaluate", &file, "--rollup", "worst"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("目標ごとのまとめ (規則: 最も低い評価):"));
    let o = shinchoku(&["evaluate", &file, "--policy", "sano"]);
    assert!(
        stdout(&o).contains("目標ごとのまとめ (規則: 評価点の合計):"),
        "{}",
        stdout(&o)
    );
    let o = shinchoku(&["evaluate", &file, "--rollup", "points"]);
    let err = stderr(&o);
    assert!(!o.status.success() && err.contains("(bad-rollup)"), "{err}");
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
fn a_sheet_without_actuals_says_so() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("targets.txt");
    std::fs::write(
        &path,
        "指標\t単位\t\tR5\tR6\n相談件数\t件\t目標値\t10\t12\n\t\t実績値\t\t\n",
    )
    .expect("written");
    let o = shinchoku(&["evaluate", path.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("まだ実績値がありません"),
        "{}",
        stdout(&o)
    );
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
