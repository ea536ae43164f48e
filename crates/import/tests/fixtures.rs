//! Both fixture sheets read and compared with `../shared/fixtures/expected` fact by fact: every
//! indicator with its path, projects, outcome, unit, every target and actual (kind, value,
//! unit, qualifier, note mark, direction), notes and polarity, and every data-quality finding.

mod common;

use shinchoku_core::finding::FindingKind;

#[test]
fn nagareyama_matrix_sheet_reads_as_expected() {
    let sheet = common::read("nagareyama-progress-sheet.txt");
    assert_eq!(sheet.layout, "matrix");
    common::compare("nagareyama-progress-sheet.json", &sheet);
}

#[test]
fn kamaishi_sectioned_sheet_reads_as_expected() {
    let sheet = common::read("kamaishi-priority-projects.txt");
    assert_eq!(sheet.layout, "sectioned");
    common::compare("kamaishi-priority-projects.json", &sheet);
}

#[test]
fn nagareyama_findings_are_reported() {
    let sheet = common::read("nagareyama-progress-sheet.txt");
    let f = &sheet.plan.findings;
    // project number 116 is used by two different projects (虐待予防と早期発見, 児童虐待防止の啓発)
    let dup = f
        .iter()
        .find_map(|f| match &f.kind {
            FindingKind::DuplicateProjectNumber { number, names } if number == "116" => {
                Some((names, f))
            }
            _ => None,
        })
        .expect("the duplicate project number 116");
    assert_eq!(dup.0, &["虐待予防と早期発見", "児童虐待防止の啓発"]);
    assert_eq!(
        dup.1.location.as_ref().map(ToString::to_string).as_deref(),
        Some("50行3列")
    );
    // the same survey measure (71.4, 67.7; targets 70, 72) appears under two indicators
    let same = f
        .iter()
        .find_map(|f| match &f.kind {
            FindingKind::SameValues { indicators, values } => Some((indicators, values)),
            _ => None,
        })
        .expect("the same values under two indicators");
    assert_eq!(same.0.len(), 2);
    assert!(same.0[0].starts_with("子育てに係る不安や負担が軽減されていると感じる保護者の割合"));
    assert!(same.0[1].starts_with("まちづくり達成度アンケート「流山市の子育て支援サービスにより"));
    assert!(same.1.contains("71.4, 67.7"));
    // and nothing else: every cell of the sheet was placed
    assert_eq!(f.len(), 2, "{f:#?}");
}

#[test]
fn kamaishi_findings_are_reported() {
    let sheet = common::read("kamaishi-priority-projects.txt");
    let f = &sheet.plan.findings;
    // 子育て支援センターの利用者数: actuals for 2021-2023 are in 件 while the target is in 人
    let unit = f
        .iter()
        .find_map(|f| match &f.kind {
            FindingKind::UnitMismatch {
                indicator,
                unit,
                found,
                years,
                ..
            } => Some((indicator, unit, found, years, f)),
            _ => None,
        })
        .expect("the unit mismatch");
    assert_eq!(unit.0, "子育て支援センターの利用者数");
    assert_eq!((unit.1.as_str(), unit.2.as_str()), ("人", "件"));
    assert_eq!(
        unit.3.iter().map(|y| y.start_year()).collect::<Vec<_>>(),
        [2021, 2022, 2023]
    );
    assert_eq!(
        unit.4.location.as_ref().map(ToString::to_string).as_deref(),
        Some("56行4列")
    );
    // 関係機関との連携件数 appears twice with the same values under different wording
    let same = f
        .iter()
        .find_map(|f| match &f.kind {
            FindingKind::SameValues { indicators, .. } => Some(indicators),
            _ => None,
        })
        .expect("the same values");
    assert_eq!(
        same,
        &[
            "関係機関との連携件数(児童相談所からの広報支援回数)",
            "関係機関との連携件数(児童相談所からの後方支援回数)"
        ]
    );
    let unexpected: Vec<_> = f
        .iter()
        .filter(|f| {
            !matches!(
                f.kind,
                FindingKind::UnitMismatch { .. }
                    | FindingKind::SameValues { .. }
                    | FindingKind::TargetYearAssumed { .. }
            )
        })
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:#?}");
}

#[test]
fn notes_attach_to_the_cells_and_tables_they_speak_of() {
    let sheet = common::read("kamaishi-priority-projects.txt");
    let plan = &sheet.plan;
    let notes_of = |name: &str| -> Vec<String> {
        let i = plan.indicators.iter().find(|i| i.name == name).expect(name);
        i.notes.iter().map(|n| plan.note(*n).text.clone()).collect()
    };
    assert_eq!(
        notes_of("子育て世代が集える公園の整備数"),
        ["※復興事業により整備した公園数"]
    );
    assert!(notes_of("市内の公園の満足度(アンケート調査)").is_empty());
    assert_eq!(
        notes_of("老朽化した施設や公園の改修数"),
        ["※今後整備が必要な公園"]
    );
    // ※実績値 in the header: the note speaks of the whole table
    for name in [
        "子育て支援センターの相談件数",
        "子育て支援センターの利用者数",
        "子育て支援センターの利用満足度",
    ] {
        assert_eq!(notes_of(name), ["※子育て支援センター全体合計数"], "{name}");
    }
    let note = plan
        .notes
        .iter()
        .find(|n| n.text.contains("復興事業"))
        .expect("the note");
    assert_eq!(
        note.location.as_ref().map(ToString::to_string).as_deref(),
        Some("38行1列")
    );
}

#[test]
fn the_plan_period_comes_from_the_sheet() {
    let k = common::read("kamaishi-priority-projects.txt");
    let p = k.plan.period.expect("a period");
    assert_eq!((p.first.start_year(), p.last.start_year()), (2020, 2024));
    let n = common::read("nagareyama-progress-sheet.txt");
    let p = n.plan.period.expect("a period");
    // targets start in R2: H30 and R1 are the years before the plan
    assert_eq!((p.first.start_year(), p.last.start_year()), (2020, 2021));
}

#[test]
fn the_samples_shipped_in_the_repository_are_the_fixtures() {
    for name in [
        "nagareyama-progress-sheet.txt",
        "kamaishi-priority-projects.txt",
    ] {
        let sample = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../samples")
            .join(name);
        let ours = std::fs::read(&sample).unwrap_or_else(|e| panic!("{}: {e}", sample.display()));
        let theirs = std::fs::read(common::fixture(name)).expect("fixture");
        assert_eq!(ours, theirs, "{name} differs from the shared fixture");
    }
}

#[test]
#[should_panic(expected = "differences")]
fn the_comparison_notices_a_changed_cell() {
    let mut sheet = common::read("kamaishi-priority-projects.txt");
    let ind = sheet
        .plan
        .indicators
        .iter_mut()
        .find(|i| i.name == "「赤ちゃんの駅」登録数")
        .expect("indicator");
    let year = shinchoku_core::FiscalYear::new(2022).expect("year");
    ind.actuals
        .insert(year, shinchoku_core::Cell::read("28施設"));
    common::compare("kamaishi-priority-projects.json", &sheet);
}
