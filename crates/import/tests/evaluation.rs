//! Evaluation on the fixture indicators, for every rule of design.md §4 the sheets exercise.

mod common;

use common::evaluation::{eval, fy, reported};

use shinchoku_core::evaluate::TargetSource;
use shinchoku_core::evaluate::{
    Evaluator, Judgement, OutlookStatus, PolaritySource, TrendDirection, Unevaluable,
};
use shinchoku_core::{Cell, Polarity, Policy, Series};

#[test]
fn kamaishi_publicity_count_is_b() {
    let sheet = common::read("kamaishi-priority-projects.txt");
    let p = Policy::standard();
    let e = eval(&sheet.plan, &p, "広報に子育て情報を掲載した回数", 2023);
    assert!((e.rate().expect("a rate") - 23.0 / 24.0).abs() < 1e-12);
    assert_eq!(
        (e.grade.label.as_str(), e.grade.meaning.as_str()),
        ("B", "概ね達成")
    );
    assert!(
        e.to_string()
            .starts_with("実績 23回 / 目標 24回 = 95.8% → B 概ね達成"),
        "{e}"
    );
    // the target is the plan-end target of 令和6年度
    let t = e.target.expect("a target");
    assert_eq!((t.year, t.source), (fy(2024), TargetSource::PlanEnd));
}

#[test]
fn kamaishi_line_friends_running_total_is_a() {
    let sheet = common::read("kamaishi-priority-projects.txt");
    let p = Policy::standard();
    let e = eval(&sheet.plan, &p, "釜石市LINEの友達登録数(累計)", 2023);
    assert_eq!(e.accumulation, shinchoku_core::Accumulation::RunningTotal);
    assert!((e.rate().expect("a rate") - 5992.0 / 5000.0).abs() < 1e-12);
    assert_eq!(e.grade.label, "A");
    assert!(e.to_string().contains("119.8%"), "{e}");
}

#[test]
fn kamaishi_abuse_cases_decrease_from_the_name_and_worsen() {
    let sheet = common::read("kamaishi-priority-projects.txt");
    let p = Policy::standard();
    let e = eval(&sheet.plan, &p, "児童虐待発生件数(の減少)", 2023);
    assert_eq!(e.polarity.polarity, Polarity::Decrease);
    assert!(
        matches!(e.polarity.source, PolaritySource::Name { .. }),
        "{:?}",
        e.polarity
    );
    assert_eq!(e.met(), Some(false));
    let trend = e.trend.expect("a trend");
    assert_eq!(trend.direction, TrendDirection::Worsened);
    assert_eq!((trend.from, trend.to), ((fy(2022), 7.0), (fy(2023), 25.0)));
    assert_eq!(e.outlook.map(|o| o.status), Some(OutlookStatus::Difficult));
}

#[test]
fn kamaishi_family_space_state_is_met() {
    let sheet = common::read("kamaishi-priority-projects.txt");
    let p = Policy::standard();
    let e = eval(&sheet.plan, &p, "親子の交流スペースの確保の有無", 2023);
    assert!(matches!(
        e.judgement,
        Judgement::State {
            met: true,
            target: true,
            actual: true
        }
    ));
    assert_eq!(e.grade.label, "A");
    let e = eval(&sheet.plan, &p, "親子の交流スペースの確保の有無", 2021);
    assert_eq!((e.met(), e.grade.label.as_str()), (Some(false), "C"));
}

#[test]
fn kamaishi_survey_done_is_not_evaluable_with_the_reason() {
    let sheet = common::read("kamaishi-priority-projects.txt");
    let p = Policy::standard();
    let e = eval(&sheet.plan, &p, "広報に掲載した子育て情報の満足度", 2022);
    assert_eq!(
        e.judgement,
        Judgement::NotEvaluable(Unevaluable::ActualIsText("アンケート調査済"))
    );
    assert_eq!(e.grade.label, "−");
    assert!(
        e.to_string()
            .contains("「アンケート調査済」は数値ではありません"),
        "{e}"
    );
}

#[test]
fn kamaishi_lectures_are_summed_against_a_cumulative_target() {
    let sheet = common::read("kamaishi-priority-projects.txt");
    let p = Policy::standard();
    let e = eval(
        &sheet.plan,
        &p,
        "虐待に関する市民向けの講座の定期開催(累計)",
        2023,
    );
    assert_eq!(e.accumulation, shinchoku_core::Accumulation::YearlySum);
    assert_eq!((e.rate(), e.grade.label.as_str()), (Some(0.0), "D"));
}

#[test]
fn nagareyama_waiting_children_decrease_from_the_zero_target() {
    let sheet = common::read("nagareyama-progress-sheet.txt");
    let p = Policy::standard();
    for name in ["待機児童数", "待機児童数(0～2歳児のみ)"] {
        let ind = sheet
            .plan
            .indicators
            .iter()
            .find(|i| i.name == name)
            .expect(name);
        let mut unnamed = ind.clone();
        unnamed.name = "保育の受け皿".into(); // the name alone would say so too; the target must
        let e = Evaluator::in_plan(&sheet.plan, &unnamed, &p).at(fy(2019));
        assert_eq!(e.polarity.polarity, Polarity::Decrease);
        assert_eq!(e.polarity.source, PolaritySource::ZeroTarget);
        let e = Evaluator::in_plan(&sheet.plan, ind, &p).at(fy(2019));
        assert_eq!(e.polarity.polarity, Polarity::Decrease);
        // 42 → 26: fewer waiting children is an improvement
        assert_eq!(
            e.trend.map(|t| t.direction),
            Some(TrendDirection::Improved),
            "{name}"
        );
    }
    // reported for 令和2年度, measured from the baseline of 令和元年度
    let plan = reported(&sheet.plan, "待機児童数", 2020, "13");
    let e = eval(&plan, &p, "待機児童数", 2020);
    assert!((e.rate().expect("a rate") - 0.5).abs() < 1e-12, "{e}"); // (26 − 13) ÷ (26 − 0)
    assert!(e.to_string().contains("基準値 26人"), "{e}");
}

#[test]
fn nagareyama_fixed_gender_roles_decrease_from_targets_below_the_baseline() {
    let sheet = common::read("nagareyama-progress-sheet.txt");
    let p = Policy::standard();
    let e = eval(&sheet.plan, &p, "「男性は仕事、女性は家事育児」", 2020);
    assert_eq!(e.polarity.polarity, Polarity::Decrease);
    match e.polarity.source {
        PolaritySource::BelowBaseline { target, baseline } => {
            assert_eq!(target, 7.0);
            assert!(baseline.value > 7.0);
            assert_eq!(baseline.year, Some(fy(2019)));
        }
        other => panic!("inferred from {other:?}"),
    }
    assert!(e.polarity.source.to_string().contains("基準値"));
}

#[test]
fn nagareyama_up_targets_are_judged_against_the_previous_years_actual() {
    let sheet = common::read("nagareyama-progress-sheet.txt");
    let p = Policy::standard();
    // 125,879 → 120,000 under ↑: not met
    let plan = reported(&sheet.plan, "児童館・児童センター利用者数", 2020, "120,000");
    let e = eval(&plan, &p, "児童館・児童センター利用者数", 2020);
    assert!(
        matches!(e.judgement, Judgement::Moved { met: false, .. }),
        "{e}"
    );
    assert_eq!(e.grade.label, "C");
    // 9 → 11 団体 under ↑: met
    let plan = reported(
        &sheet.plan,
        "流山子ども食堂ネットワークの加盟団体数",
        2020,
        "11",
    );
    let e = eval(&plan, &p, "流山子ども食堂ネットワークの加盟団体数", 2020);
    assert!(
        matches!(e.judgement, Judgement::Moved { met: true, .. }),
        "{e}"
    );
    assert_eq!(e.grade.label, "A");
    assert!(e.to_string().contains("令和元年度 9団体 から増加"), "{e}");
    // ↑ with no earlier figure cannot be judged
    let mut plan = sheet.plan.clone();
    let ind = plan
        .indicators
        .iter_mut()
        .find(|i| i.name.starts_with("子育て支援総合窓口相談件数"))
        .expect("the indicator");
    ind.actuals = Default::default();
    ind.record(Series::Actual, fy(2020), Cell::read("2,100"), None);
    let e = eval(&plan, &p, "子育て支援総合窓口相談件数", 2020);
    assert_eq!(
        e.judgement,
        Judgement::NotEvaluable(Unevaluable::NoPreviousActual)
    );
}

#[test]
fn the_nagareyama_policy_grades_the_nagareyama_sheet() {
    let p = Policy::nagareyama();
    let standard = Policy::standard();
    let sheet = common::read("nagareyama-progress-sheet.txt");
    // 745 of 916 (R3's target standing in for the report of R2): 81.3 % is B in both scales
    let plan = reported(&sheet.plan, "保育所等の整備定員数", 2021, "745");
    assert_eq!(
        eval(&plan, &p, "保育所等の整備定員数", 2021).grade.label,
        "B"
    );
    // 56.8 of 63 (90.2 %) is A only in Nagareyama's
    let name = "子育てしやすいまちだと思える市民の割合";
    let plan = reported(&sheet.plan, name, 2021, "56.8");
    assert_eq!(eval(&plan, &p, name, 2021).grade.label, "A");
    assert_eq!(eval(&plan, &standard, name, 2021).grade.label, "B");
}
