//! The printed report's HTML, made without a browser: every indicator with its chart (points as
//! one path per series, paper having no hover), the summary per goal, the paper's size, and a
//! sentence where an indicator has no figure to chart.

use shinchoku_core::ids::indicator_keys;
use shinchoku_core::{FiscalYear, Policy};
use shinchoku_report::printed::{Paper, report_html};
use shinchoku_report::{PlanYear, Subject};
use std::path::PathBuf;

#[test]
fn the_report_holds_every_indicator_its_charts_and_the_paper() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/kamaishi-priority-projects.txt");
    let plan = shinchoku_import::read_file(&path, &Default::default())
        .expect("the sample reads")
        .plan;
    let keys = indicator_keys(&plan);
    let policy = Policy::preset("default").expect("the default policy");
    let py = PlanYear::evaluate(&plan, &keys, policy, FiscalYear::new(2023).expect("a year"));
    let comments: Vec<String> = (0..plan.indicators.len())
        .map(|i| {
            if i == 0 {
                "評価: 順調".to_owned()
            } else {
                String::new()
            }
        })
        .collect();
    let subject = Subject {
        municipality_code: "032115",
        plan_name: "重点プロジェクト",
        plan: &plan,
        keys: &keys,
    };
    let a4 = report_html(&subject, &py, &comments, Paper::A4Portrait).expect("laid out");
    assert!(a4.contains("@page { size: A4 portrait;"));
    let a3 = report_html(&subject, &py, &comments, Paper::A3Landscape).expect("laid out");
    assert!(a3.contains("@page { size: A3 landscape;"));
    for ind in &plan.indicators {
        assert!(a4.contains(&ind.name), "{}", ind.name);
    }
    for goal in &py.distribution {
        assert!(a4.contains(&goal.0), "{}", goal.0);
    }
    assert!(a4.contains("評価: 順調"));
    assert!(a4.contains("令和5年度の評価"));
    // charts: the summary's bars and a line chart per indicator that has figures
    let charts = a4.matches("<svg").count();
    assert!(charts > plan.indicators.len() / 2, "{charts} charts");
    assert!(
        a4.contains("class=\"dots actual\""),
        "points as one path a series"
    );
    assert!(!a4.contains("<circle"), "no point elements on paper");
    assert!(
        a4.contains("グラフはありません"),
        "an indicator of 有/無 only"
    );
    // no script, nothing loaded from elsewhere
    assert!(a4.contains("default-src 'none'"));
    assert!(!a4.contains("<script"));
}
