//! The printed report (進捗状況報告書) as an HTML document made for paper: a cover, a summary
//! per goal with the grade distribution chart and the roll-up with its rule, then each
//! indicator with its chart, its values as written, its grade with the explanation and the
//! year's comment. `pdf` prints it; the charts are `chart`'s, as on the web's pages.

use crate::chart;
use crate::{GoalLine, PlanYear, ReportError, Subject};
use askama::Template;

/// The paper a report is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4Portrait,
    A3Landscape,
}

impl Paper {
    fn css(self) -> &'static str {
        match self {
            Paper::A4Portrait => "A4 portrait",
            Paper::A3Landscape => "A3 landscape",
        }
    }
}

struct IndicatorPage {
    no: usize,
    name: String,
    path: String,
    unit: String,
    grade: String,
    grade_class: String,
    meaning: String,
    achievement: String,
    explanation: String,
    chart: String,
    targets: Vec<String>,
    actuals: Vec<String>,
    comment: String,
}

#[derive(Template)]
#[template(path = "printed.html")]
struct PrintedView<'a> {
    paper: &'static str,
    chart_style: &'static str,
    plan_name: &'a str,
    municipality: String,
    code: &'a str,
    period: String,
    year: String,
    policy: &'a str,
    rule: &'a str,
    overall_value: &'a str,
    overall_explanation: &'a str,
    indicator_count: usize,
    bars: String,
    labels: &'a [String],
    distribution: &'a [(String, Vec<usize>)],
    goals: Vec<GoalLine>,
    years: Vec<String>,
    indicators: Vec<IndicatorPage>,
}

/// The report of `subject` evaluated in `py`, with each indicator's comment for the year (one
/// per indicator, empty for none), laid out for `paper`.
pub fn report_html(
    subject: &Subject<'_>,
    py: &PlanYear,
    comments: &[String],
    paper: Paper,
) -> Result<String, ReportError> {
    let plan = subject.plan;
    let years = plan.all_years();
    let year_labels: Vec<String> = years.iter().map(ToString::to_string).collect();
    let mut indicators = Vec::with_capacity(plan.indicators.len());
    for (i, ind) in plan.indicators.iter().enumerate() {
        let record = &py.records[i];
        let unit = record.unit.clone().unwrap_or_default();
        let chart = match chart::indicator_chart(&format!("i{i}"), ind, record, &years) {
            Some(mut c) => {
                c.tips = false;
                c.render()?
            }
            None => String::new(),
        };
        indicators.push(IndicatorPage {
            no: i + 1,
            name: match &ind.group {
                Some(g) => format!("{}({g})", ind.name),
                None => ind.name.clone(),
            },
            path: record.path.join(" › "),
            unit,
            grade: record.grade.clone(),
            grade_class: chart::grade_class(
                py.rank(&record.grade, record.evaluable),
                py.labels.len(),
            ),
            meaning: record.grade_meaning.clone(),
            achievement: record
                .achievement_percent
                .filter(|p| p.is_finite())
                .map_or_else(String::new, |p| format!("{p:.1}%")),
            explanation: record.explanation.clone(),
            chart,
            targets: years
                .iter()
                .map(|y| {
                    ind.targets
                        .get(y)
                        .map_or_else(String::new, |c| c.raw.to_string())
                })
                .collect(),
            actuals: years
                .iter()
                .map(|y| {
                    ind.actuals
                        .get(y)
                        .map_or_else(String::new, |c| c.raw.to_string())
                })
                .collect(),
            comment: comments.get(i).cloned().unwrap_or_default(),
        });
    }
    let view = PrintedView {
        paper: paper.css(),
        chart_style: chart::STYLE,
        plan_name: subject.plan_name,
        municipality: plan.municipality.clone().unwrap_or_default(),
        code: subject.municipality_code,
        period: plan
            .effective_period()
            .map_or_else(String::new, |p| format!("{}〜{}", p.first, p.last)),
        year: py.year.to_string(),
        policy: &py.policy.name,
        rule: &py.rule,
        overall_value: &py.overall.value,
        overall_explanation: &py.overall.explanation,
        indicator_count: plan.indicators.len(),
        bars: chart::grade_bars(
            "bars",
            &format!("{}の評価の分布(基本目標ごと)", py.year),
            &py.labels,
            &py.distribution,
        )
        .render()?,
        labels: &py.labels,
        distribution: &py.distribution,
        goals: py.goal_lines(),
        years: year_labels,
        indicators,
    };
    Ok(view.render()?)
}
