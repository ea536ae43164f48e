//! Every rule of design.md §4, on small indicators written the way sheets write them.

use super::*;
use crate::cell::Cell;
use crate::indicator::{Baseline, Series};
use crate::location::Location;
use crate::test_support::{fy, indicator, period};
use proptest::prelude::*;

fn rate(e: &Evaluation<'_>) -> f64 {
    e.rate().expect("a rate")
}

#[test]
fn increase_is_actual_over_target() {
    let i = indicator(
        "広報に子育て情報を掲載した回数",
        &[(2024, "24回")],
        &[(2022, "24回"), (2023, "23回")],
    );
    let p = Policy::standard();
    let e = evaluate(&i, fy(2023), period(2020, 2024), &p);
    assert!((rate(&e) - 23.0 / 24.0).abs() < 1e-12);
    assert_eq!(e.grade.label, "B");
    assert!(
        e.explanation()
            .starts_with("実績 23回 / 目標 24回 = 95.8% → B 概ね達成"),
        "{e}"
    );
}

#[test]
fn the_years_own_target_comes_before_the_plan_end_target() {
    let i = indicator("x", &[(2020, "60"), (2021, "63")], &[(2020, "60")]);
    let p = Policy::standard();
    let e = evaluate(&i, fy(2020), period(2020, 2021), &p);
    let t = e.target.expect("a target");
    assert_eq!((t.year, t.source), (fy(2020), TargetSource::OwnYear));
    assert_eq!(e.grade.label, "A");
}

#[test]
fn a_dash_target_falls_back_to_the_plan_end_target() {
    let i = indicator(
        "x",
        &[(2018, "-"), (2019, "-"), (2020, "-"), (2021, "63")],
        &[(2019, "50"), (2020, "56.8")],
    );
    let p = Policy::standard();
    let e = evaluate(&i, fy(2020), period(2020, 2021), &p);
    let t = e.target.expect("a target");
    assert_eq!((t.year, t.source), (fy(2021), TargetSource::PlanEnd));
    assert!((rate(&e) - 56.8 / 63.0).abs() < 1e-12);
    assert!(e.explanation().contains("令和3年度の計画最終目標"), "{e}");
}

#[test]
fn the_sheets_last_target_is_not_the_plans_end_unless_the_period_says_so() {
    let i = indicator("x", &[(2021, "63")], &[(2020, "56.8")]);
    let p = Policy::standard();
    let context = PlanContext {
        period: period(2020, 2021),
        knows_end: false,
        notes: Vec::new(),
    };
    let e = Evaluator::with_context(&i, context, &p).at(fy(2020));
    assert_eq!(e.target.map(|t| t.source), Some(TargetSource::LastInSheet));
    assert!(
        e.explanation()
            .contains("(目標は表中最終年度(令和3年度)の目標)"),
        "{e}"
    );
    assert!(!e.explanation().contains("計画最終目標"), "{e}");
    // a stated period that ends later: the target of 令和3年度 is a mid-term one
    let e = evaluate(&i, fy(2020), period(2020, 2024), &p);
    assert_eq!(e.target.map(|t| t.source), Some(TargetSource::OtherYear));
    assert!(e.explanation().contains("(目標は令和3年度の目標)"), "{e}");
}

#[test]
fn grade_bands_are_inclusive_at_their_threshold() {
    let p = Policy::standard();
    for (actual, grade) in [
        ("100", "A"),
        ("80", "B"),
        ("79.9", "C"),
        ("50", "C"),
        ("49.9", "D"),
        ("0", "D"),
        ("150", "A"),
    ] {
        let i = indicator("x", &[(2020, "100")], &[(2020, actual)]);
        assert_eq!(
            evaluate(&i, fy(2020), None, &p).grade.label,
            grade,
            "{actual}"
        );
    }
}

#[test]
fn decrease_uses_target_over_actual_without_a_baseline() {
    let i = indicator(
        "児童虐待発生件数(の減少)",
        &[(2024, "0件")],
        &[
            (2020, "14件"),
            (2021, "12件"),
            (2022, "7件"),
            (2023, "25件"),
        ],
    );
    let p = Policy::standard();
    let e = evaluate(&i, fy(2023), period(2020, 2024), &p);
    assert_eq!(e.polarity.polarity, Polarity::Decrease);
    assert_eq!(e.polarity.source, PolaritySource::Name { word: "減少" });
    assert_eq!(e.met(), Some(false));
    assert!(matches!(
        e.judgement,
        Judgement::Achievement {
            formula: Formula::TargetOverActual,
            ..
        }
    ));
    assert_eq!(e.grade.label, "D");
    let t = e.trend.expect("a trend");
    assert_eq!(t.direction, TrendDirection::Worsened);
    assert_eq!((t.from.1, t.to.1), (7.0, 25.0));
}

#[test]
fn decrease_with_a_baseline_uses_the_gap_floored_at_zero() {
    let mut i = indicator(
        "待機児童数",
        &[(2024, "0人")],
        &[(2021, "30人"), (2022, "60人")],
    );
    i.baseline = Some(Baseline {
        cell: Cell::read("40人"),
        year: Some(fy(2019)),
    });
    let p = Policy::standard();
    let e = evaluate(&i, fy(2021), period(2020, 2024), &p);
    assert!((rate(&e) - 0.25).abs() < 1e-12, "{e}"); // (40 − 30) ÷ (40 − 0)
    assert!(matches!(
        e.judgement,
        Judgement::Achievement {
            formula: Formula::BaselineGap,
            ..
        }
    ));
    let e = evaluate(&i, fy(2022), period(2020, 2024), &p);
    assert_eq!(rate(&e), 0.0, "worse than the baseline is floored at 0");
}

#[test]
fn decrease_is_never_actual_over_target() {
    // the city that did so published 102 % for a result that got worse
    let i = indicator(
        "待機児童数",
        &[(2021, "50人")],
        &[(2020, "49人"), (2021, "51人")],
    );
    let p = Policy::standard();
    let e = evaluate(&i, fy(2021), None, &p);
    assert_eq!(e.polarity.polarity, Polarity::Decrease);
    assert!(rate(&e) < 1.0);
    assert_eq!(e.met(), Some(false));
}

#[test]
fn decrease_met_at_zero_is_a_threshold() {
    let i = indicator(
        "児童虐待による死亡児童数",
        &[(2020, "0"), (2021, "0")],
        &[(2020, "0")],
    );
    let p = Policy::standard();
    let e = evaluate(&i, fy(2020), None, &p);
    assert!(matches!(
        e.judgement,
        Judgement::Threshold { met: true, .. }
    ));
    assert_eq!(e.grade.label, "A");
    assert!(e.explanation().contains("≤"), "{e}");
}

#[test]
fn polarity_from_a_zero_target() {
    let i = indicator(
        "待機児童数(0～2歳児のみ)",
        &[(2020, "0"), (2021, "0")],
        &[(2018, "36"), (2019, "25")],
    );
    let i = Indicator {
        name: "保育の空き".into(), // a name that says nothing
        ..i
    };
    let policy = Policy::standard();
    let e = evaluate(&i, fy(2019), period(2020, 2021), &policy);
    assert_eq!(e.polarity.source, PolaritySource::ZeroTarget);
    assert_eq!(e.polarity.polarity, Polarity::Decrease);
}

#[test]
fn a_zero_target_above_a_negative_start_is_an_increase() {
    // 転入超過数: ▲120 stated as the baseline, the plan wants it up to 0
    let mut i = indicator(
        "転入超過数",
        &[(2024, "0人")],
        &[(2020, "▲98人"), (2021, "▲60人")],
    );
    i.baseline = Some(Baseline {
        cell: Cell::read("▲120人"),
        year: Some(fy(2018)),
    });
    let policy = Policy::standard();
    let e = evaluate(&i, fy(2021), period(2020, 2024), &policy);
    assert_eq!(e.polarity.polarity, Polarity::Increase);
    assert!(matches!(
        e.polarity.source,
        PolaritySource::ZeroTargetAboveNegativeStart { start } if start.value == -120.0 && start.stated
    ));
    assert!(
        e.polarity.source.to_string().contains("基準値 -120"),
        "{}",
        e.polarity
    );
    assert_ne!(e.grade.label, "A", "{e}");
    // no baseline: the first actual is where it starts
    i.baseline = None;
    let e = evaluate(&i, fy(2021), None, &policy);
    assert!(matches!(
        e.polarity.source,
        PolaritySource::ZeroTargetAboveNegativeStart { start } if start.value == -98.0 && !start.stated
    ));
    // a count that starts above zero still wants to fall to zero
    let j = indicator("相談待ちの件数", &[(2024, "0件")], &[(2020, "12件")]);
    let e = evaluate(&j, fy(2020), None, &policy);
    assert_eq!(e.polarity.source, PolaritySource::ZeroTarget);
}

#[test]
fn polarity_from_targets_below_the_baseline() {
    let i = indicator(
        "固定的な見方をしている人の割合",
        &[(2020, "7"), (2021, "6")],
        &[(2018, "8.6"), (2019, "7.9")],
    );
    let policy = Policy::standard();
    let e = evaluate(&i, fy(2019), period(2020, 2021), &policy);
    assert_eq!(e.polarity.polarity, Polarity::Decrease);
    assert!(
        matches!(e.polarity.source, PolaritySource::BelowBaseline { target, .. } if target == 7.0)
    );
    assert!(e.polarity.source.to_string().contains("基準値"));
    // without a plan period there is no baseline, and more stays better
    let policy = Policy::standard();
    let e = evaluate(&i, fy(2019), None, &policy);
    assert_eq!(e.polarity.polarity, Polarity::Increase);
}

#[test]
fn polarity_is_not_decrease_when_one_target_is_above_the_baseline() {
    let i = indicator(
        "施設利用者数",
        &[(2020, "219"), (2021, "242")],
        &[(2018, "142"), (2019, "230")],
    );
    let policy = Policy::standard();
    let e = evaluate(&i, fy(2019), period(2020, 2021), &policy);
    assert_eq!(e.polarity.polarity, Polarity::Increase);
}

#[test]
fn stated_polarity_overrides_inference() {
    let mut i = indicator("待機児童数", &[(2020, "0")], &[(2020, "3")]);
    i.polarity = Some(Polarity::Increase);
    let policy = Policy::standard();
    let e = evaluate(&i, fy(2020), None, &policy);
    assert_eq!(e.polarity.source, PolaritySource::Stated);
}

#[test]
fn bound_targets_give_polarity() {
    let i = indicator("x", &[(2020, "10件以下")], &[(2020, "8件")]);
    let policy = Policy::standard();
    let e = evaluate(&i, fy(2020), None, &policy);
    assert_eq!(e.polarity.polarity, Polarity::Decrease);
    assert_eq!(e.met(), Some(true));
}

#[test]
fn up_targets_are_judged_against_the_previous_years_actual() {
    let i = indicator(
        "ひとり親家庭相談件数",
        &[(2020, "↑"), (2021, "↑")],
        &[(2019, "582"), (2020, "600"), (2021, "590")],
    );
    let p = Policy::standard();
    let e = evaluate(&i, fy(2020), period(2020, 2021), &p);
    assert!(matches!(e.judgement, Judgement::Moved { met: true, .. }));
    assert_eq!(e.grade.label, "A");
    let e = evaluate(&i, fy(2021), period(2020, 2021), &p);
    assert!(matches!(
        e.judgement,
        Judgement::Moved {
            met: false,
            from: Reference { value: 600.0, .. },
            ..
        }
    ));
    assert_eq!(e.grade.label, "C");
    assert!(e.explanation().contains("令和2年度 600 から減少"), "{e}");
}

#[test]
fn an_unchanged_figure_has_not_moved_up() {
    let i = indicator("x", &[(2021, "↑")], &[(2020, "5"), (2021, "5")]);
    let policy = Policy::standard();
    let e = evaluate(&i, fy(2021), None, &policy);
    assert_eq!(e.met(), Some(false));
}

#[test]
fn down_targets_and_a_missing_previous_year() {
    let i = indicator("x", &[(2021, "↓")], &[(2019, "10"), (2021, "8")]);
    let policy = Policy::standard();
    let e = evaluate(&i, fy(2021), None, &policy);
    // 2020 is missing: the nearest earlier actual is used and named
    assert!(
        matches!(e.judgement, Judgement::Moved { met: true, from: Reference { year: Some(y), .. }, .. } if y == fy(2019))
    );
    let i = indicator("x", &[(2021, "↓")], &[(2021, "8")]);
    let policy = Policy::standard();
    let e = evaluate(&i, fy(2021), None, &policy);
    assert_eq!(
        e.judgement,
        Judgement::NotEvaluable(Unevaluable::NoPreviousActual)
    );
    assert_eq!(e.grade.label, "−");
}

#[test]
fn maintain_of_a_rate_is_met_within_five_percent_either_side() {
    let p = Policy::standard();
    for (actual, met) in [("52", true), ("47.5", true), ("53", false), ("45", false)] {
        let i = indicator(
            "健診受診率",
            &[(2020, "→")],
            &[(2019, "50%"), (2020, actual)],
        );
        let e = evaluate(&i, fy(2020), None, &p);
        assert_eq!(e.polarity.polarity, Polarity::Maintain);
        assert_eq!(e.met(), Some(met), "{actual}: {e}");
    }
}

#[test]
fn maintain_of_a_count_of_activities_is_met_at_the_level_or_above() {
    let p = Policy::standard();
    // 開催回数 → : more meetings than last year keep the level; fewer by over 5 % do not
    for (actual, met) in [
        ("60回", true),
        ("50回", true),
        ("47.5回", true),
        ("45回", false),
    ] {
        let i = indicator(
            "個別ケース検討会議開催回数",
            &[(2020, "→")],
            &[(2019, "50回"), (2020, actual)],
        );
        let e = evaluate(&i, fy(2020), None, &p);
        assert_eq!(e.met(), Some(met), "{actual}: {e}");
        if met {
            assert!(e.explanation().contains("維持以上"), "{e}");
        }
    }
    // a made-up count without a unit: the name says it counts
    let i = indicator(
        "相談会の開催回数",
        &[(2020, "維持")],
        &[(2019, "12"), (2020, "15")],
    );
    assert_eq!(evaluate(&i, fy(2020), None, &p).met(), Some(true));
    // a plan whose policy says the band is symmetric
    let symmetric = Policy {
        maintain_band: MaintainBand::Symmetric,
        ..Policy::standard()
    };
    assert_eq!(evaluate(&i, fy(2020), None, &symmetric).met(), Some(false));
}

#[test]
fn the_trend_of_a_maintained_level_rises_or_falls_but_does_not_worsen() {
    let p = Policy::standard();
    let i = indicator(
        "要保護児童対策地域協議会の開催回数",
        &[(2021, "→")],
        &[(2019, "62回"), (2020, "73回"), (2021, "60回")],
    );
    let up = evaluate(&i, fy(2020), None, &p).trend.expect("a trend");
    assert_eq!(
        (up.direction, up.direction.to_string()),
        (TrendDirection::Rose, "増加".into())
    );
    let down = evaluate(&i, fy(2021), None, &p).trend.expect("a trend");
    assert_eq!(down.direction, TrendDirection::Fell);
    // meetings rising under → are on track: the level is kept and more
    let rising = indicator(
        "個別ケース検討会議開催回数",
        &[(2022, "→")],
        &[(2019, "49回"), (2020, "60回")],
    );
    let o = evaluate(&rising, fy(2020), None, &p)
        .outlook
        .expect("an outlook");
    assert_eq!(o.status, OutlookStatus::OnTrack);
}

#[test]
fn maintain_falls_back_to_the_baseline() {
    let mut i = indicator("x", &[(2020, "維持")], &[(2020, "101")]);
    i.baseline = Some(Baseline {
        cell: Cell::read("100"),
        year: Some(fy(2019)),
    });
    let policy = Policy::standard();
    let e = evaluate(&i, fy(2020), None, &policy);
    assert!(
        matches!(
            e.judgement,
            Judgement::Maintained {
                met: true,
                reference: Reference {
                    is_baseline: true,
                    ..
                },
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn states_are_met_when_equal() {
    let i = indicator(
        "親子の交流スペースの確保の有無",
        &[(2024, "有り")],
        &[(2021, "無し"), (2022, "有り"), (2023, "有り")],
    );
    let p = Policy::standard();
    let e = evaluate(&i, fy(2023), period(2020, 2024), &p);
    assert_eq!(e.met(), Some(true));
    assert_eq!(e.grade.label, "A");
    let e = evaluate(&i, fy(2021), period(2020, 2024), &p);
    assert_eq!(e.met(), Some(false));
    assert_eq!(e.grade.label, "C");
}

#[test]
fn a_thing_set_up_or_not_is_a_state() {
    let i = indicator(
        "子育て世代包括支援センターの設置",
        &[(2024, "設置")],
        &[(2022, "未設置"), (2023, "設置済み")],
    );
    let p = Policy::standard();
    let e = evaluate(&i, fy(2023), period(2020, 2024), &p);
    assert_eq!(e.met(), Some(true), "{e}");
    let e = evaluate(&i, fy(2022), period(2020, 2024), &p);
    assert_eq!(e.met(), Some(false), "{e}");
    // 未実施 against a figure is still work not done, not a state compared with a number
    let i = indicator("講座の開催回数", &[(2020, "10回")], &[(2020, "未実施")]);
    let e = evaluate(&i, fy(2020), period(2020, 2024), &p);
    assert!(
        matches!(e.judgement, Judgement::NotImplemented { .. }),
        "{e}"
    );
}

#[test]
fn running_totals_are_compared_as_they_stand() {
    let i = indicator(
        "釜石市LINEの友達登録数(累計)",
        &[(2024, "5,000人")],
        &[
            (2020, "1,748人"),
            (2021, "3,188人"),
            (2022, "5,070人"),
            (2023, "5,992人"),
        ],
    );
    let policy = Policy::standard();
    let e = evaluate(&i, fy(2023), period(2020, 2024), &policy);
    assert_eq!(e.accumulation, Accumulation::RunningTotal);
    assert!((rate(&e) - 1.1984).abs() < 1e-9);
    assert_eq!(e.grade.label, "A");
    assert!(e.explanation().contains("119.8%"), "{e}");
}

#[test]
fn yearly_amounts_are_summed_against_a_cumulative_target() {
    let i = indicator(
        "講座の定期開催(累計)",
        &[(2024, "累計10回")],
        &[(2020, "2回"), (2021, "3回"), (2022, "1回")],
    );
    let policy = Policy::standard();
    let e = evaluate(&i, fy(2022), period(2020, 2024), &policy);
    assert_eq!(e.accumulation, Accumulation::YearlySum);
    assert!((rate(&e) - 0.6).abs() < 1e-12);
    assert!(e.explanation().contains("累計6回"), "{e}");
}

#[test]
fn text_and_nothing_are_not_evaluable_with_the_reason() {
    let p = Policy::standard();
    let i = indicator(
        "広報に掲載した子育て情報の満足度",
        &[(2024, "100%")],
        &[(2022, "アンケート調査済"), (2023, "—")],
    );
    let e = evaluate(&i, fy(2022), period(2020, 2024), &p);
    assert_eq!(
        e.judgement,
        Judgement::NotEvaluable(Unevaluable::ActualIsText("アンケート調査済"))
    );
    assert_eq!(e.grade.label, "−");
    assert!(e.explanation().contains("アンケート調査済"), "{e}");
    let e = evaluate(&i, fy(2023), period(2020, 2024), &p);
    assert_eq!(
        e.judgement,
        Judgement::NotEvaluable(Unevaluable::NoFigure("—"))
    );
    let e = evaluate(&i, fy(2021), period(2020, 2024), &p);
    assert_eq!(
        e.judgement,
        Judgement::NotEvaluable(Unevaluable::BlankActual)
    );
    // the same blank with its reason recorded is explained, not a gap
    let mut explained = i.clone();
    explained
        .blank_reasons
        .insert(fy(2021), crate::BlankReason::NotSurveyYear);
    let e = evaluate(&explained, fy(2021), period(2020, 2024), &p);
    assert_eq!(
        e.judgement,
        Judgement::NotEvaluable(Unevaluable::BlankWithReason(
            crate::BlankReason::NotSurveyYear
        ))
    );
    assert!(e.explanation().contains("調査年でない"), "{e}");
    // a reason never hides a figure that is there
    explained
        .blank_reasons
        .insert(fy(2022), crate::BlankReason::NotKnown);
    let e = evaluate(&explained, fy(2022), period(2020, 2024), &p);
    assert_eq!(
        e.judgement,
        Judgement::NotEvaluable(Unevaluable::ActualIsText("アンケート調査済"))
    );
    let no_target = indicator("x", &[], &[(2020, "5")]);
    let e = evaluate(&no_target, fy(2020), None, &p);
    assert_eq!(e.judgement, Judgement::NotEvaluable(Unevaluable::NoTarget));
}

#[test]
fn a_target_written_but_not_a_figure_is_said_to_be_so_not_missing() {
    let p = Policy::standard();
    for (raw, why) in [
        ("5〜10", "範囲で、1つの数値ではありません"),
        ("(5)", "括弧付き"),
        ("5-", "数値として読めません"),
    ] {
        let i = indicator("参加人数", &[(2020, raw)], &[(2020, "7")]);
        let e = evaluate(&i, fy(2020), period(2020, 2024), &p);
        assert_eq!(
            e.judgement,
            Judgement::NotEvaluable(Unevaluable::TargetNotJudgeable(raw))
        );
        let said = e.explanation();
        assert!(said.contains(&format!("目標値「{raw}」は{why}")), "{said}");
        assert!(!said.contains("目標値がありません"), "{said}");
    }
    // the year's own target is unreadable: another year's target does not stand in for it
    let i = indicator("参加人数", &[(2020, "5〜10"), (2024, "20")], &[(2020, "7")]);
    let e = evaluate(&i, fy(2020), period(2020, 2024), &p);
    assert_eq!(
        e.judgement,
        Judgement::NotEvaluable(Unevaluable::TargetNotJudgeable("5〜10"))
    );
    // a word (調査予定) sets no figure for its year: the plan-end target stands in, as before
    let i = indicator("x", &[(2020, "調査予定"), (2024, "20")], &[(2020, "7")]);
    let e = evaluate(&i, fy(2020), period(2020, 2024), &p);
    let t = e.target.expect("a target");
    assert_eq!((t.year, t.source), (fy(2024), TargetSource::PlanEnd));
    // with no figure anywhere, the written word is named, not called missing
    let i = indicator("x", &[(2024, "調査予定")], &[(2020, "7")]);
    let e = evaluate(&i, fy(2020), period(2020, 2024), &p);
    assert_eq!(
        e.judgement,
        Judgement::NotEvaluable(Unevaluable::TargetNotJudgeable("調査予定"))
    );
    assert!(
        e.explanation()
            .contains("目標値「調査予定」は数値ではありません"),
        "{e}"
    );
    // ¥ can only mean yen: ¥5,000 is a figure, 5,000円
    let i = indicator("補助額", &[(2020, "¥5,000")], &[(2020, "¥4,000")]);
    let e = evaluate(&i, fy(2020), period(2020, 2024), &p);
    assert!((rate(&e) - 0.8).abs() < 1e-12, "{e}");
}

#[test]
fn nagareyama_grades_nothing_done_as_not_implemented_and_a_blank_as_unevaluable() {
    let p = Policy::nagareyama();
    // a blank says nothing about whether the work was done
    let i = indicator("x", &[(2020, "10")], &[]);
    assert_eq!(evaluate(&i, fy(2020), None, &p).grade.label, "−");
    // no course held, written as 0 or as 未実施: D 未実施, not C
    for actual in ["0回", "未実施", "中止(感染症対策)"] {
        let i = indicator("講座の開催回数", &[(2020, "10回")], &[(2020, actual)]);
        let e = evaluate(&i, fy(2020), None, &p);
        assert_eq!(
            (e.grade.label.as_str(), e.grade.meaning.as_str()),
            ("D", "未実施"),
            "{e}"
        );
    }
    let lectures = indicator(
        "虐待に関する市民向けの講座の定期開催(累計)",
        &[(2024, "累計10回")],
        &[(2020, "0回"), (2021, "0回")],
    );
    let e = evaluate(&lectures, fy(2021), period(2020, 2024), &p);
    assert_eq!(e.grade.meaning, "未実施", "{e}");
    // the default policy has no 未実施 grade: a text saying so is the lowest grade
    let i = indicator("講座の開催回数", &[(2020, "10回")], &[(2020, "未実施")]);
    assert_eq!(
        evaluate(&i, fy(2020), None, &Policy::standard())
            .grade
            .label,
        "D"
    );
    let i = indicator("x", &[(2020, "10")], &[(2020, "9")]);
    assert_eq!(evaluate(&i, fy(2020), None, &p).grade.label, "A");
    let i = indicator("x", &[(2020, "10")], &[(2020, "8.5")]);
    assert_eq!(evaluate(&i, fy(2020), None, &p).grade.label, "B");
}

#[test]
fn nagayo_grades_against_the_baseline() {
    let p = Policy::nagayo();
    let mut i = indicator(
        "x",
        &[(2024, "100")],
        &[(2022, "80"), (2023, "70"), (2021, "95")],
    );
    i.baseline = Some(Baseline {
        cell: Cell::read("75"),
        year: Some(fy(2019)),
    });
    let pe = period(2020, 2024);
    assert_eq!(evaluate(&i, fy(2022), pe, &p).grade.label, "A"); // above the baseline
    assert_eq!(evaluate(&i, fy(2023), pe, &p).grade.label, "B"); // within △10 %
    i.actuals.insert(fy(2023), Cell::read("60"));
    assert_eq!(evaluate(&i, fy(2023), pe, &p).grade.label, "C");
    i.baseline = None;
    let e = evaluate(&i, fy(2022), pe, &p);
    assert_eq!(e.grade.label, "−");
    assert_eq!(e.ungraded, Some(Unevaluable::NoBaselineForScale));
}

#[test]
fn tama_judges_year_k_against_k_over_n_of_a_cumulative_target() {
    let p = Policy::tama();
    let i = indicator("登録者数(累計)", &[(2024, "100人")], &[(2021, "40人")]);
    let e = evaluate(&i, fy(2021), period(2020, 2024), &p);
    assert!((rate(&e) - 1.0).abs() < 1e-12, "{e}"); // 40 ÷ (100 × 2/5)
    assert!(e.explanation().contains("× 2/5"), "{e}");
}

#[test]
fn a_target_for_each_year_is_never_pro_rated() {
    let p = Policy::tama();
    for (name, target, actual) in [
        ("虐待に対しての市民への周知啓発回数", "年3回", "年3回"),
        ("広報に子育て情報を掲載した回数", "24回", "23回"),
        ("健診の受診者数", "500人", "480人"),
    ] {
        let i = indicator(name, &[(2024, target)], &[(2022, actual), (2023, actual)]);
        let e = evaluate(&i, fy(2023), period(2020, 2024), &p);
        let Judgement::Achievement { compared, .. } = e.judgement else {
            panic!("{e}")
        };
        assert_eq!(compared.expected, compared.target, "{e}");
        assert!(!e.explanation().contains("按分目標"), "{e}");
        assert!(e.explanation().contains("按分しません"), "{e}");
    }
}

#[test]
fn shizuoka_judges_against_the_line_from_the_baseline() {
    let p = Policy::shizuoka();
    let mut i = indicator("x", &[(2024, "100")], &[(2022, "70")]);
    i.baseline = Some(Baseline {
        cell: Cell::read("50"),
        year: Some(fy(2019)),
    });
    let e = evaluate(&i, fy(2022), period(2020, 2024), &p);
    // expected 50 + 50 × 3/5 = 80
    assert!((rate(&e) - 70.0 / 80.0).abs() < 1e-12, "{e}");
}

#[test]
fn progress_from_the_baseline_when_the_policy_asks() {
    let p = Policy {
        increase_formula: IncreaseFormula::ProgressFromBaseline,
        ..Policy::standard()
    };
    let mut i = indicator("x", &[(2024, "100")], &[(2024, "75")]);
    i.baseline = Some(Baseline {
        cell: Cell::read("50"),
        year: Some(fy(2019)),
    });
    let e = evaluate(&i, fy(2024), period(2020, 2024), &p);
    assert!((rate(&e) - 0.5).abs() < 1e-12);
    assert!(matches!(
        e.judgement,
        Judgement::Achievement {
            formula: Formula::ProgressFromBaseline,
            ..
        }
    ));
}

#[test]
fn sano_gives_points() {
    let p = Policy::sano();
    let i = indicator("x", &[(2020, "100")], &[(2020, "75")]);
    let e = evaluate(&i, fy(2020), None, &p);
    assert_eq!(e.grade.points, Some(4));
}

#[test]
fn fukuoka_counts_survey_changes_under_three_points_as_flat() {
    let i = indicator("割合", &[(2021, "70%")], &[(2020, "60%"), (2021, "62%")]);
    let policy = Policy::fukuoka();
    let e = evaluate(&i, fy(2021), None, &policy);
    assert_eq!(e.trend.map(|t| t.direction), Some(TrendDirection::Flat));
    let policy = Policy::standard();
    let e = evaluate(&i, fy(2021), None, &policy);
    assert_eq!(e.trend.map(|t| t.direction), Some(TrendDirection::Improved));
}

#[test]
fn outlook_projects_the_line_to_the_plan_end() {
    let p = Policy::standard();
    let i = indicator(
        "x",
        &[(2024, "100")],
        &[(2020, "60"), (2021, "70"), (2022, "80")],
    );
    let o = evaluate(&i, fy(2022), period(2020, 2024), &p)
        .outlook
        .expect("an outlook");
    assert!((o.projected - 100.0).abs() < 1e-9);
    assert_eq!(o.status, OutlookStatus::OnTrack);
    let i = indicator(
        "x",
        &[(2024, "100")],
        &[(2020, "61"), (2021, "66"), (2022, "71")],
    );
    let o = evaluate(&i, fy(2022), period(2020, 2024), &p)
        .outlook
        .expect("an outlook");
    assert!((o.projected - 81.0).abs() < 1e-9);
    assert_eq!(o.status, OutlookStatus::Caution); // 81 %: between 80 % and 100 %
    let i = indicator(
        "x",
        &[(2024, "100")],
        &[(2020, "60"), (2021, "62"), (2022, "64")],
    );
    let o = evaluate(&i, fy(2022), period(2020, 2024), &p)
        .outlook
        .expect("an outlook");
    assert_eq!(o.status, OutlookStatus::Difficult); // 68 %
}

#[test]
fn outlook_needs_two_actuals() {
    let i = indicator("x", &[(2024, "100")], &[(2022, "80")]);
    assert_eq!(
        evaluate(&i, fy(2022), period(2020, 2024), &Policy::standard()).outlook,
        None
    );
}

#[test]
fn outlook_for_a_decrease_and_for_a_direction() {
    let p = Policy::standard();
    let i = indicator(
        "児童虐待発生件数(の減少)",
        &[(2024, "0件")],
        &[
            (2020, "14件"),
            (2021, "12件"),
            (2022, "7件"),
            (2023, "25件"),
        ],
    );
    let o = evaluate(&i, fy(2023), period(2020, 2024), &p)
        .outlook
        .expect("an outlook");
    assert_eq!(o.status, OutlookStatus::Difficult);
    let i = indicator("x", &[(2021, "↑")], &[(2018, "10"), (2019, "12")]);
    let o = evaluate(&i, fy(2019), period(2020, 2021), &p)
        .outlook
        .expect("an outlook");
    assert_eq!(o.status, OutlookStatus::OnTrack);
}

#[test]
fn growth_outlook_follows_open_sdg() {
    let p = Policy::standard();
    let mut i = indicator("x", &[(2024, "200")], &[(2022, "150")]);
    i.baseline = Some(Baseline {
        cell: Cell::read("100"),
        year: Some(fy(2019)),
    });
    let g = evaluate(&i, fy(2022), period(2020, 2024), &p)
        .growth
        .expect("a growth outlook");
    // observed (1.5)^(1/3) − 1 = 14.5 %, required 2^(1/5) − 1 = 14.9 % → ratio 0.97
    assert_eq!(g.status, GrowthStatus::Substantial);
    i.actuals.insert(fy(2022), Cell::read("90"));
    let g = evaluate(&i, fy(2022), period(2020, 2024), &p)
        .growth
        .expect("a growth outlook");
    assert_eq!(g.status, GrowthStatus::Deterioration);
    i.actuals.insert(fy(2022), Cell::read("210"));
    let g = evaluate(&i, fy(2022), period(2020, 2024), &p)
        .growth
        .expect("a growth outlook");
    assert_eq!(g.status, GrowthStatus::Achieved);
}

#[test]
fn distribution_and_roll_up_state_their_rule() {
    let p = Policy::standard();
    let inds = [
        indicator("a", &[(2020, "10")], &[(2020, "10")]),
        indicator("b", &[(2020, "10")], &[(2020, "9")]),
        indicator("c", &[(2020, "10")], &[(2020, "1")]),
        indicator("d", &[(2020, "10")], &[(2020, "調査中")]),
    ];
    let evals: Vec<_> = inds
        .iter()
        .map(|i| evaluate(i, fy(2020), None, &p))
        .collect();
    let d = Distribution::of(&p, &evals);
    let counts: Vec<_> = d
        .counts
        .iter()
        .map(|(l, n)| (l.label.as_str(), *n))
        .collect();
    assert_eq!(counts, [("A", 1), ("B", 1), ("C", 0), ("D", 1), ("−", 1)]);
    let share = rollup::roll_up(
        &p,
        &evals,
        &RollUpRule::ShareOf {
            labels: vec!["A".into(), "B".into()],
        },
    );
    assert_eq!(share.value, "66.7%");
    assert!(share.explanation.contains("評価不能 1 件を除く"));
    let worst = rollup::roll_up(&p, &evals, &RollUpRule::WorstOf);
    assert_eq!(worst.value, "D");
    let sano = Policy::sano();
    let evals: Vec<_> = inds
        .iter()
        .map(|i| evaluate(i, fy(2020), None, &sano))
        .collect();
    assert_eq!(
        rollup::roll_up(&sano, &evals, &RollUpRule::PointSum).value,
        "14点"
    );
}

#[test]
fn a_contradicted_self_assessment_is_found_at_its_own_cell() {
    let p = Policy::standard();
    let mut ind = indicator("相談件数", &[(2023, "100件")], &[(2023, "72件")]);
    ind.location = Some(Location::text(3, 1));
    ind.record_self_assessment(fy(2023), "A", Some(Location::text(5, 7)));
    let evals = [evaluate(&ind, fy(2023), period(2020, 2024), &p)];
    let found = findings(&evals);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].location, Some(Location::text(5, 7)));
    // read without a place of its own, it is found at the indicator
    ind.self_assessment_cells.clear();
    let evals = [evaluate(&ind, fy(2023), period(2020, 2024), &p)];
    assert_eq!(findings(&evals)[0].location, Some(Location::text(3, 1)));
}

#[test]
fn blank_actuals_and_contradicted_self_assessments_are_findings() {
    let p = Policy::standard();
    let mut stated_a = indicator("相談件数", &[(2023, "100件")], &[(2023, "72件")]);
    stated_a.self_assessments.insert(fy(2023), "A".into());
    let mut stated_c = indicator("訪問件数", &[(2023, "100件")], &[(2023, "72件")]);
    stated_c.self_assessments.insert(fy(2023), "C".into());
    let mut other_scale = indicator("講座数", &[(2023, "10回")], &[(2023, "10回")]);
    other_scale.self_assessments.insert(fy(2023), "◎".into());
    let blank = indicator("満足度", &[(2024, "100%")], &[(2022, "アンケート調査済")]);
    let inds = [stated_a, stated_c, other_scale, blank];
    let evals: Vec<_> = inds
        .iter()
        .map(|i| evaluate(i, fy(2023), period(2020, 2024), &p))
        .collect();
    let found = findings(&evals);
    let keys: Vec<(&str, String)> = found
        .iter()
        .map(|f| (f.kind.key(), f.kind.to_string()))
        .collect();
    let only: Vec<&str> = keys.iter().map(|k| k.0).collect();
    assert_eq!(
        only,
        [
            "self-assessment-contradicts",
            "survey-without-result",
            "blank-actual"
        ],
        "{keys:#?}"
    );
    assert!(
        keys[0].1.contains("「A」") && keys[0].1.contains("C 未達成") && keys[0].1.contains("72%"),
        "{}",
        keys[0].1
    );
    assert!(
        keys[1].1.contains("令和4年度") && keys[1].1.contains("「アンケート調査済」"),
        "{}",
        keys[1].1
    );
    assert!(
        keys[2].1.contains("満足度") && keys[2].1.contains("令和5年度"),
        "{}",
        keys[2].1
    );
    // in a year nobody reports yet, blanks are not findings
    let evals: Vec<_> = inds
        .iter()
        .map(|i| evaluate(i, fy(2024), period(2020, 2024), &p))
        .collect();
    assert!(found_keys(&evals).iter().all(|k| *k != "blank-actual"));
}

fn found_keys(evals: &[Evaluation<'_>]) -> Vec<&'static str> {
    findings(evals).iter().map(|f| f.kind.key()).collect()
}

#[test]
fn blanks_of_one_year_are_one_finding_at_the_first_blank_cell() {
    let p = Policy::standard();
    let mut inds = vec![indicator(
        "登録数",
        &[(2024, "30施設")],
        &[(2023, "30施設")],
    )];
    for (row, name) in [(12, "満足度"), (19, "周知度"), (25, "認知度")] {
        let mut i = indicator(name, &[(2024, "100%")], &[(2022, "アンケート調査済")]);
        i.location = Some(Location::text(row, 1));
        // the blank cell of 令和5年度 is read and placed, though not recorded
        i.record(
            Series::Actual,
            fy(2023),
            Cell::read(""),
            Some(Location::text(row, 6)),
        );
        inds.push(i);
    }
    let evals: Vec<_> = inds
        .iter()
        .map(|i| evaluate(i, fy(2023), period(2020, 2024), &p))
        .collect();
    let found = findings(&evals);
    let blanks: Vec<_> = found
        .iter()
        .filter(|f| f.kind.key() == "blank-actual")
        .collect();
    assert_eq!(blanks.len(), 1, "{found:#?}");
    assert_eq!(blanks[0].location, Some(Location::text(12, 6)));
    let text = blanks[0].kind.to_string();
    for name in ["満足度", "周知度", "認知度"] {
        assert!(text.contains(name), "{text}");
    }
    assert!(
        text.contains("3件") && text.contains("令和4年度に調査済"),
        "{text}"
    );
    // the three surveys without a result are one finding too
    assert_eq!(
        found_keys(&evals)
            .iter()
            .filter(|k| **k == "survey-without-result")
            .count(),
        1
    );
}

#[test]
fn records_carry_the_explanation() {
    let i = indicator(
        "広報に子育て情報を掲載した回数",
        &[(2024, "24回")],
        &[(2023, "23回")],
    );
    let p = Policy::standard();
    let plan = crate::plan::Plan {
        indicators: vec![i],
        ..crate::plan::Plan::default()
    };
    let e = evaluate(&plan.indicators[0], fy(2023), period(2020, 2024), &p);
    let r = EvaluationRecord::new(&e, &plan, 0, "abc");
    assert_eq!((r.id.as_str(), r.no), ("abc", 1));
    assert_eq!(r.grade, "B");
    let target = r.target.expect("a target");
    assert_eq!(
        (target.cell.raw.as_str(), target.value()),
        ("24回", Some(24.0))
    );
    assert_eq!(r.target_source.map(|k| k.key).as_deref(), Some("plan_end"));
    assert_eq!(r.achievement_percent, Some(95.8));
    assert!(r.explanation.contains("95.8%"));
}

fn any_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..10_000).prop_map(|n| n.to_string()),
        (0u32..1000).prop_map(|n| format!("{}.{}人", n / 10, n % 10)),
        Just("↑".to_owned()),
        Just("→".to_owned()),
        Just("↓".to_owned()),
        Just("有り".to_owned()),
        Just("無し".to_owned()),
        Just("-".to_owned()),
        Just("アンケート調査済".to_owned()),
        Just("累計10回".to_owned()),
        Just("0".to_owned()),
        Just("△5".to_owned()),
    ]
}

proptest! {
    /// Evaluation is total: any targets and actuals give a grade from the policy and an
    /// explanation, never a panic, never NaN as a rate.
    #[test]
    fn evaluation_is_total(
        name in prop::sample::select(vec!["相談件数", "待機児童数", "x(累計)", "減少率"]),
        targets in prop::collection::vec((2018i32..2026, any_cell()), 0..5),
        actuals in prop::collection::vec((2018i32..2026, any_cell()), 0..8),
        year in 2018i32..2027,
        key in prop::sample::select(vec!["default", "nagareyama", "nagayo", "fukuoka", "ino", "tama", "shizuoka", "sano"]),
    ) {
        let t: Vec<(i32, &str)> = targets.iter().map(|(y, s)| (*y, s.as_str())).collect();
        let a: Vec<(i32, &str)> = actuals.iter().map(|(y, s)| (*y, s.as_str())).collect();
        let i = indicator(name, &t, &a);
        let p = Policy::preset(key).expect("a preset");
        let e = evaluate(&i, fy(year), period(2020, 2024), &p);
        prop_assert!(p.labels().iter().any(|l| l.label == e.grade.label));
        if let Some(r) = e.rate() {
            prop_assert!(!r.is_nan());
        }
        prop_assert!(!e.explanation().is_empty());
    }
}
