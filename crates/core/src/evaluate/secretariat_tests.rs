//! Grades a plan's secretariat (事務局) would not sign, each as a rule on made-up indicators
//! of the kinds the sample sheets showed: marked figures that are another quantity, works
//! summed to a plan-wide target, an unstated polarity, years before the plan, the units of a
//! comparison, per-month targets, the growth outlook, the roll-up.

use super::*;
use crate::cell::Cell;
use crate::indicator::{Baseline, Series};
use crate::plan::{Goal, Note};
use crate::test_support::{fy, indicator, period};

fn with_notes<'a>(i: &'a Indicator, notes: &[&'a str], p: &'a Policy) -> Evaluator<'a> {
    let context = PlanContext {
        period: period(2020, 2024),
        knows_end: true,
        notes: notes.to_vec(),
    };
    Evaluator::with_context(i, context, p)
}

#[test]
fn a_marked_figure_of_another_quantity_is_never_graded_summed_or_projected() {
    let p = Policy::standard();
    // 41 is the parks the reconstruction built; the plan's own count is 1, 0, 0
    let i = indicator(
        "子育て世代が集える公園の整備数",
        &[(2024, "1か所")],
        &[
            (2020, "※41か所"),
            (2021, "1か所"),
            (2022, "0か所"),
            (2023, "0か所"),
        ],
    );
    let ev = with_notes(&i, &["※復興事業により整備した公園数"], &p);
    let first = ev.at(fy(2020));
    assert!(
        matches!(first.judgement, Judgement::NotEvaluable(Unevaluable::SetAside { note: Some(n), .. }) if n.contains("復興事業")),
        "{first}"
    );
    assert_eq!(first.grade.label, "−");
    assert!(first.to_string().contains("別の数値"), "{first}");
    // summed yearly from 令和3年度: the one park meets the target of one
    for year in [2021, 2022, 2023] {
        let e = ev.at(fy(year));
        assert_eq!(e.accumulation, Accumulation::YearlySum);
        assert_eq!(e.grade.label, "A", "{e}");
        // the line runs through the plan's own figures only: never −20 parks
        if year > 2021 {
            let o = e.outlook.expect("an outlook");
            assert!(o.projected >= 1.0 && o.projected < 5.0, "{o:?}");
        }
    }
    assert_eq!(ev.at(fy(2023)).set_aside.len(), 1);
    // a made-up one of the same kind: a city-wide total marked among the centre's own counts
    let visits = indicator(
        "相談室の来所者数",
        &[(2024, "60人")],
        &[(2021, "45人"), (2022, "※1,250人"), (2023, "52人")],
    );
    let ev = with_notes(&visits, &["※市全体の来所者数"], &p);
    let e = ev.at(fy(2023));
    assert_eq!(
        e.trend.map(|t| t.from.1),
        Some(45.0),
        "the marked year is skipped"
    );
    assert!(e.outlook.is_some_and(|o| o.projected < 100.0));
}

#[test]
fn yearly_works_are_summed_to_the_plan_wide_target() {
    let p = Policy::standard();
    let i = indicator(
        "老朽化した施設や公園の改修数",
        &[(2024, "※4か所")],
        &[
            (2020, "0か所"),
            (2021, "1か所"),
            (2022, "0か所"),
            (2023, "1か所"),
        ],
    );
    let e = evaluate(&i, fy(2023), period(2020, 2024), &p);
    let Judgement::Achievement { rate, compared, .. } = e.judgement else {
        panic!("{e}")
    };
    assert_eq!((compared.actual, rate), (2.0, 0.5), "{e}");
    assert_eq!(e.grade.label, "C");
    assert!(e.to_string().contains("令和2年度〜令和5年度の合計"), "{e}");
    let benches = indicator(
        "ベンチの設置数",
        &[(2024, "30基")],
        &[(2021, "8基"), (2022, "5基"), (2023, "9基")],
    );
    let e = evaluate(&benches, fy(2023), period(2020, 2024), &p);
    assert_eq!(e.rate(), Some(22.0 / 30.0), "{e}");
}

#[test]
fn an_unstated_polarity_with_a_target_below_every_actual_is_to_be_confirmed() {
    let p = Policy::standard();
    let i = indicator(
        "釜石市への児童虐待通告件数",
        &[(2024, "10件")],
        &[
            (2020, "20件"),
            (2021, "17件"),
            (2022, "16件"),
            (2023, "25件"),
        ],
    );
    let e = evaluate(&i, fy(2023), period(2020, 2024), &p);
    assert_eq!(e.polarity.source, PolaritySource::Default);
    assert!(e.needs_review(), "{e}");
    assert!(
        matches!(e.reviews[0], Review::PolarityDefaulted { target, lowest, .. } if target == 10.0 && lowest == 16.0)
    );
    assert!(e.to_string().contains("要確認"), "{e}");
    let found = findings(std::slice::from_ref(&e));
    assert_eq!(found[0].kind.key(), "polarity-unclear");
    // stated, the question is answered
    let mut stated = i.clone();
    stated.polarity = Some(Polarity::Decrease);
    let e = evaluate(&stated, fy(2023), period(2020, 2024), &p);
    assert!(!e.needs_review());
    assert_eq!(e.grade.label, "D");
    // a made-up one: a waiting list with a target below it and nothing in its name
    let waiting = indicator(
        "相談の順番待ち",
        &[(2024, "5人")],
        &[(2022, "9人"), (2023, "12人")],
    );
    assert!(evaluate(&waiting, fy(2023), period(2020, 2024), &p).needs_review());
    // a target some actual falls short of says nothing about the direction
    let links = indicator(
        "関係機関との連携件数",
        &[(2024, "50回")],
        &[(2020, "60回"), (2021, "41回")],
    );
    assert!(!evaluate(&links, fy(2021), period(2020, 2024), &p).needs_review());
}

#[test]
fn a_year_before_the_plan_is_its_baseline_not_a_graded_year() {
    let p = Policy::standard();
    let i = indicator(
        "待機児童数",
        &[(2018, "-"), (2019, "-"), (2020, "0"), (2021, "0")],
        &[(2018, "42"), (2019, "26")],
    );
    let e = evaluate(&i, fy(2019), period(2020, 2021), &p);
    assert_eq!(
        e.judgement,
        Judgement::NotEvaluable(Unevaluable::BeforePlan { first: fy(2020) })
    );
    assert_eq!(e.grade.label, "−");
    // the baseline is never the year's own actual, nor a later one
    assert_eq!(e.baseline.map(|b| b.year), None, "{:?}", e.baseline);
    let e = evaluate(&i, fy(2018), period(2020, 2021), &p);
    assert!(e.baseline.is_none());
    let mut later = indicator("利用者数", &[(2024, "100人")], &[(2021, "60人")]);
    later.baseline = Some(Baseline {
        cell: Cell::read("50人"),
        year: Some(fy(2022)),
    });
    let e = evaluate(&later, fy(2021), period(2020, 2024), &p);
    assert!(
        e.baseline.is_none(),
        "a baseline of a later year is not in force"
    );
    let e = evaluate(&later, fy(2023), period(2020, 2024), &p);
    assert_eq!(e.baseline.map(|b| b.value), Some(50.0));
}

#[test]
fn a_plan_without_an_actual_of_its_own_defaults_to_its_first_year() {
    let mut plan = Plan::default();
    plan.period = period(2020, 2021);
    plan.period_source = Some(crate::plan::PeriodSource::SheetColumns);
    plan.indicators.push(indicator(
        "待機児童数",
        &[(2020, "0"), (2021, "0")],
        &[(2018, "42"), (2019, "26")],
    ));
    assert_eq!(plan.default_evaluation_year(), Err(Some(fy(2020))));
    plan.indicators[0].record(Series::Actual, fy(2020), Cell::read("12"), None);
    assert_eq!(plan.default_evaluation_year(), Ok(fy(2020)));
}

#[test]
fn the_growth_outlook_needs_only_a_baseline_and_a_later_actual() {
    let p = Policy::standard();
    // the plan starts in 令和2年度: the baseline is 令和元年度, with 平成30年度 before it
    let i = indicator(
        "子育てしやすいまちだと思える市民の割合",
        &[(2020, "60%"), (2021, "63%")],
        &[(2018, "51.4%"), (2019, "56.8%")],
    );
    let e = evaluate(&i, fy(2020), period(2020, 2021), &p);
    let g = e.growth.expect("a growth outlook");
    assert_eq!((g.base.0, g.latest.0), (fy(2018), fy(2019)));
    assert_eq!(g.status, GrowthStatus::Substantial, "{g:?}");
    // a later actual measured from the stated baseline
    let mut j = indicator("登録数", &[(2024, "100")], &[(2022, "70")]);
    j.baseline = Some(Baseline {
        cell: Cell::read("50"),
        year: Some(fy(2019)),
    });
    let g = evaluate(&j, fy(2023), period(2020, 2024), &p)
        .growth
        .expect("growth");
    assert_eq!((g.base, g.latest), ((fy(2019), 50.0), (fy(2022), 70.0)));
    // a base above the target and a latest figure below it: moving away, whatever the ratio
    let users = indicator(
        "地域子育て支援センター利用者数",
        &[(2020, "57,887"), (2021, "57,824")],
        &[(2018, "57,887"), (2019, "53,336")],
    );
    let g = evaluate(&users, fy(2020), period(2020, 2021), &p).growth;
    assert_eq!(g.map(|g| g.status), Some(GrowthStatus::Deterioration));
    // a target already met is achieved
    let k = indicator("x", &[(2024, "10")], &[(2022, "12")]);
    let g = evaluate(&k, fy(2022), period(2020, 2024), &p).growth;
    assert_eq!(g.map(|g| g.status), Some(GrowthStatus::Achieved));
}

#[test]
fn a_target_and_an_actual_in_different_units_are_to_be_confirmed() {
    let p = Policy::standard();
    let i = indicator(
        "子育て支援センターの利用者数",
        &[(2024, "8,000人")],
        &[(2022, "3,895件"), (2023, "4,858件")],
    );
    let e = evaluate(&i, fy(2023), period(2020, 2024), &p);
    assert!(
        matches!(&e.reviews[..], [Review::UnitsDiffer { target, actual }] if target.as_str() == "人" && actual.as_str() == "件"),
        "{:?}",
        e.reviews
    );
    let j = indicator(
        "延べ利用者数",
        &[(2024, "57,824人日/年")],
        &[(2023, "53,336人")],
    );
    assert!(evaluate(&j, fy(2023), period(2020, 2024), &p).needs_review());
    let same = indicator("施設数", &[(2024, "4箇所")], &[(2023, "3か所")]);
    assert!(!evaluate(&same, fy(2023), period(2020, 2024), &p).needs_review());
}

#[test]
fn a_per_month_target_is_twelve_times_a_year() {
    let p = Policy::standard();
    let i = indicator("電話相談件数", &[(2024, "月20件")], &[(2023, "252件")]);
    let e = evaluate(&i, fy(2023), period(2020, 2024), &p);
    let Judgement::Achievement { rate, compared, .. } = e.judgement else {
        panic!("{e}")
    };
    assert_eq!(compared.expected, 240.0);
    assert!((rate - 252.0 / 240.0).abs() < 1e-12);
    assert!(matches!(e.reviews[..], [Review::PerMonthTarget { per_month }] if per_month == 20.0));
    assert!(e.to_string().contains("× 12か月"), "{e}");
    // a per-month actual against a per-month target compares as it stands
    let j = indicator("電話相談件数", &[(2024, "月20件")], &[(2023, "月21件")]);
    let e = evaluate(&j, fy(2023), period(2020, 2024), &p);
    assert!(!e.needs_review());
    assert_eq!(e.grade.label, "A");
}

#[test]
fn a_plan_wide_count_read_as_a_level_asks_whether_it_sums() {
    let p = Policy::standard();
    let i = indicator(
        "出前講座の受講団体数",
        &[(2024, "40団体")],
        &[(2021, "8団体"), (2022, "11団体"), (2023, "9団体")],
    );
    let e = evaluate(&i, fy(2023), period(2020, 2024), &p);
    assert!(
        matches!(e.reviews[..], [Review::AccumulationUnclear { sum, .. }] if sum == 28.0),
        "{e}"
    );
    // yearly figures near the target are a level, not a sum
    let j = indicator(
        "相談件数",
        &[(2024, "150件")],
        &[(2022, "214件"), (2023, "140件")],
    );
    assert!(!evaluate(&j, fy(2023), period(2020, 2024), &p).needs_review());
    // stated, the question is answered
    let mut k = i.clone();
    k.accumulation = Some(Accumulation::YearlySum);
    let e = evaluate(&k, fy(2023), period(2020, 2024), &p);
    assert!(!e.needs_review());
    assert_eq!(e.rate(), Some(28.0 / 40.0));
}

#[test]
fn grades_roll_up_to_every_goal_by_the_policys_rule() {
    let mut plan = Plan::default();
    for (title, parent) in [
        ("基本目標1", None),
        ("(1)施策", Some(0)),
        ("(2)施策", Some(0)),
    ] {
        plan.goals.push(Goal {
            title: title.into(),
            parent: parent.map(crate::ids::GoalId::from_index),
            location: None,
        });
    }
    let goal = |g: usize| Some(crate::ids::GoalId::from_index(g));
    for (g, name, actual) in [
        (1, "a", "100"),
        (1, "b", "60"),
        (2, "c", "90"),
        (2, "d", ""),
    ] {
        let mut i = indicator(name, &[(2023, "100")], &[(2023, actual)]);
        i.goal = goal(g);
        plan.indicators.push(i);
    }
    plan.notes.push(Note {
        text: "※".into(),
        location: None,
    });
    let p = Policy::standard();
    let evals = evaluate_plan(&plan, fy(2023), &p);
    let rolled = rollup::by_goal(&plan, &p, &evals, &p.rollup);
    let rows: Vec<(usize, &str, &str)> = rolled
        .iter()
        .map(|r| {
            (
                r.depth,
                r.path.last().map_or("", String::as_str),
                r.rollup.value.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (0, "基本目標1", "66.7%"),
            (1, "(1)施策", "50%"),
            (1, "(2)施策", "100%")
        ]
    );
    assert!(rolled[2].rollup.explanation.contains("評価不能 1 件を除く"));
    let worst = rollup::by_goal(&plan, &p, &evals, &RollUpRule::WorstOf);
    assert_eq!(worst[0].rollup.value, "C");
    let sano = Policy::sano();
    let evals = evaluate_plan(&plan, fy(2023), &sano);
    let points = rollup::by_goal(&plan, &sano, &evals, &sano.rollup);
    assert_eq!(points[0].rollup.value, "16点"); // 7 + 3 + 6
}
