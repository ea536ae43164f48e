//! The grades found wrong on the two sample sheets when they were evaluated as a 子ども家庭課
//! official would (issue 11), each on the sample indicator itself; and a sweep over every year
//! and every policy preset for what a secretariat would never sign.

mod common;

use common::evaluation::{eval, fy, reported};

use shinchoku_core::evaluate::{
    self, Expectation, ExpectationUsed, Formula, Judgement, Review, TargetSource, TrendDirection,
    Unevaluable,
};
use shinchoku_core::{Accumulation, Polarity, Policy};

#[test]
fn kamaishi_parks_the_reconstruction_built_are_not_the_plans_park() {
    let sheet = common::read("kamaishi-priority-projects.txt");
    let plan = &sheet.plan;
    let p = Policy::standard();
    let name = "子育て世代が集える公園の整備数";
    let e = eval(plan, &p, name, 2020);
    assert!(
        matches!(e.judgement, Judgement::NotEvaluable(Unevaluable::SetAside { raw: "※41か所", note: Some(n) }) if n.contains("復興事業")),
        "{e}"
    );
    assert_eq!(e.grade.label, "−");
    // the park built in 令和3年度 meets the target of one from then on
    for year in 2021..=2023 {
        let e = eval(plan, &p, name, year);
        assert_eq!(e.accumulation, Accumulation::YearlySum, "{e}");
        assert_eq!(e.grade.label, "A", "{e}");
        if let Some(o) = e.outlook {
            assert!(o.projected >= 0.0, "never −20 parks: {o:?}");
        }
    }
    let found = evaluate::findings(&evaluate::evaluate_plan(plan, fy(2023), &p));
    let set_aside: Vec<_> = found
        .iter()
        .filter(|f| f.kind.key() == "figure-set-aside")
        .collect();
    assert_eq!(set_aside.len(), 1, "{found:#?}");
    assert!(
        set_aside[0]
            .kind
            .to_string()
            .contains("復興事業により整備した公園数")
    );
}

#[test]
fn kamaishi_repairs_are_summed_to_the_plan_wide_target() {
    let sheet = common::read("kamaishi-priority-projects.txt");
    let p = Policy::standard();
    let e = eval(&sheet.plan, &p, "老朽化した施設や公園の改修数", 2023);
    let Judgement::Achievement { rate, compared, .. } = e.judgement else {
        panic!("{e}")
    };
    assert_eq!((compared.actual, rate), (2.0, 0.5), "0+1+0+1 of 4: {e}");
    assert_eq!(e.grade.label, "C");
}

#[test]
fn kamaishi_abuse_reports_ask_which_way_is_better_every_year() {
    let sheet = common::read("kamaishi-priority-projects.txt");
    let p = Policy::standard();
    let name = "釜石市への児童虐待通告件数";
    for year in 2020..=2023 {
        let e = eval(&sheet.plan, &p, name, year);
        assert!(
            matches!(e.reviews[..], [Review::PolarityDefaulted { .. }]),
            "{year}: {e}"
        );
        assert!(e.to_string().contains("要確認"), "{e}");
    }
    let evaluations = evaluate::evaluate_plan(&sheet.plan, fy(2023), &p);
    let found = evaluate::findings(&evaluations);
    assert_eq!(found[0].kind.key(), "polarity-unclear", "the first to read");
    assert_eq!(found[0].indicator.map(|i| i.index() + 1), Some(21));
}

#[test]
fn nagareyama_years_before_the_plan_are_its_baseline() {
    let sheet = common::read("nagareyama-progress-sheet.txt");
    let plan = &sheet.plan;
    let period = plan.effective_period().expect("a period");
    assert_eq!((period.first, period.last), (fy(2020), fy(2021)));
    // no year of the plan has an actual: the default is its first year, shown as such
    assert_eq!(plan.default_evaluation_year(), Err(Some(fy(2020))));
    let p = Policy::standard();
    for year in [2018, 2019] {
        for e in evaluate::evaluate_plan(plan, fy(year), &p) {
            assert_eq!(
                e.judgement,
                Judgement::NotEvaluable(Unevaluable::BeforePlan { first: fy(2020) }),
                "{e}"
            );
        }
    }
    // what there is to show in 令和2年度: the baseline and the outlook
    let e = eval(plan, &p, "子育てしやすいまちだと思える市民の割合", 2020);
    assert_eq!(
        e.baseline.map(|b| (b.year, b.value)),
        Some((Some(fy(2019)), 56.8))
    );
    assert!(e.outlook.is_some() && e.growth.is_some(), "{e:?}");
}

#[test]
fn nagareyama_waiting_children_are_never_measured_from_their_own_year() {
    let sheet = common::read("nagareyama-progress-sheet.txt");
    let p = Policy::standard();
    let e = eval(&sheet.plan, &p, "待機児童数", 2019);
    assert!(e.baseline.is_none_or(|b| b.year < Some(fy(2019))), "{e:?}");
    assert!(!matches!(e.judgement, Judgement::Achievement { .. }), "{e}");
}

#[test]
fn nagareyama_targets_are_the_sheets_last_not_the_plans_end() {
    let sheet = common::read("nagareyama-progress-sheet.txt");
    let p = Policy::standard();
    for year in 2018..=2021 {
        for e in evaluate::evaluate_plan(&sheet.plan, fy(year), &p) {
            assert!(!e.to_string().contains("計画最終目標"), "{e}");
            if let Some(t) = e.target.filter(|t| t.stands_in()) {
                assert_eq!(t.source, TargetSource::LastInSheet, "{e}");
            }
        }
    }
    // the statutory term makes Kamaishi's 令和6年度 the plan's end
    let kamaishi = common::read("kamaishi-priority-projects.txt");
    let e = eval(&kamaishi.plan, &p, "広報に子育て情報を掲載した回数", 2023);
    assert!(
        e.to_string().contains("(目標は令和6年度の計画最終目標)"),
        "{e}"
    );
}

#[test]
fn nagareyama_case_meetings_kept_or_exceeded_meet_their_arrow() {
    let sheet = common::read("nagareyama-progress-sheet.txt");
    let p = Policy::standard();
    let name = "個別ケース検討会議開催回数";
    // 49 → 60 under →: more meetings; the trend says so, not 悪化
    let e = eval(&sheet.plan, &p, name, 2019);
    assert_eq!(e.trend.map(|t| t.direction), Some(TrendDirection::Rose));
    assert_eq!(
        e.trend.map(|t| t.direction.to_string()).as_deref(),
        Some("増加")
    );
    for (raw, met) in [("73", true), ("60", true), ("58", true), ("50", false)] {
        let plan = reported(&sheet.plan, name, 2020, raw);
        let e = eval(&plan, &p, name, 2020);
        assert!(
            matches!(e.judgement, Judgement::Maintained { met: m, at_least: true, .. } if m == met),
            "{raw}: {e}"
        );
    }
}

#[test]
fn kamaishi_per_year_targets_are_never_pro_rated() {
    let sheet = common::read("kamaishi-priority-projects.txt");
    let tama = Policy::tama();
    assert_eq!(tama.expectation, Expectation::ProRata);
    for name in [
        "虐待に対しての市民への周知啓発回数",
        "広報に子育て情報を掲載した回数",
    ] {
        for year in 2020..=2023 {
            let e = eval(&sheet.plan, &tama, name, year);
            let Judgement::Achievement { compared, .. } = e.judgement else {
                panic!("{e}")
            };
            assert_eq!(compared.expectation, ExpectationUsed::TargetPerYear, "{e}");
            assert_eq!(compared.expected, compared.target, "{e}");
        }
    }
}

#[test]
fn the_nagareyama_policy_grades_nothing_done_not_a_blank() {
    let sheet = common::read("kamaishi-priority-projects.txt");
    let p = Policy::nagareyama();
    let e = eval(
        &sheet.plan,
        &p,
        "虐待に関する市民向けの講座の定期開催(累計)",
        2023,
    );
    assert_eq!(
        (e.grade.label.as_str(), e.grade.meaning.as_str()),
        ("D", "未実施"),
        "{e}"
    );
    let e = eval(&sheet.plan, &p, "広報に掲載した子育て情報の満足度", 2023);
    assert_eq!(e.grade.label, "−", "{e}");
}

#[test]
fn nagareyama_numeric_targets_have_a_growth_outlook() {
    let sheet = common::read("nagareyama-progress-sheet.txt");
    let p = Policy::standard();
    let evaluations = evaluate::evaluate_plan(&sheet.plan, fy(2020), &p);
    let with_growth = evaluations.iter().filter(|e| e.growth.is_some()).count();
    // every indicator with a positive numeric target, two actuals and more is better or less
    assert!(with_growth >= 6, "{with_growth}");
    let e = eval(&sheet.plan, &p, "保育所等の整備定員数", 2020);
    assert!(e.growth.is_some(), "{e:?}");
}

/// Every year of both samples under every preset: nothing a secretariat would refuse to sign.
#[test]
fn every_year_and_every_policy_gives_only_signable_grades() {
    for file in [
        "kamaishi-priority-projects.txt",
        "nagareyama-progress-sheet.txt",
    ] {
        let sheet = common::read(file);
        let plan = &sheet.plan;
        let first = plan.effective_period().expect("a period").first;
        for policy in Policy::presets() {
            for &year in &plan.fiscal_years {
                for e in evaluate::evaluate_plan(plan, year, &policy) {
                    let at = format!("{file} {} {year}: {e}", policy.key);
                    // years before the plan are never graded
                    if year < first {
                        assert!(!e.is_evaluable(), "{at}");
                    }
                    // a baseline is always from before the year
                    if let Some(b) = e.baseline {
                        assert!(b.year.is_none_or(|by| by < year), "{at}");
                    }
                    // a decrease is never actual ÷ target
                    if e.polarity.polarity == Polarity::Decrease {
                        assert!(
                            !matches!(
                                e.judgement,
                                Judgement::Achievement {
                                    formula: Formula::ActualOverTarget,
                                    ..
                                }
                            ),
                            "{at}"
                        );
                    }
                    // a count is never projected below zero
                    if let Some(o) = e.outlook {
                        assert!(o.projected >= 0.0, "{at}");
                    }
                    // a blank is never graded, whatever the policy
                    if e.actual.is_none() {
                        assert!(!e.is_evaluable(), "{at}");
                    }
                    // a figure set aside is never graded
                    if e.set_aside.iter().any(|s| s.year == year) {
                        assert!(!e.is_evaluable(), "{at}");
                    }
                    // a target below every figure with nothing said of the direction is asked
                    let figures: Vec<f64> = e
                        .indicator
                        .actuals
                        .values()
                        .filter_map(|c| c.number().map(|q| q.value))
                        .collect();
                    if e.polarity.source == evaluate::PolaritySource::Default
                        && let Judgement::Achievement { compared, .. } = e.judgement
                        && figures.len() >= 2
                        && e.set_aside.is_empty()
                        && figures.iter().all(|v| *v > compared.target)
                    {
                        assert!(e.needs_review(), "{at}");
                    }
                }
            }
        }
    }
}
