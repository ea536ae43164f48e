//! The canonical long form of a plan: one row per indicator × fiscal year × kind (目標値, 実績値,
//! 基準値, 評価) with the raw text, and the indicator's context repeated on every row. It is
//! what `shinchoku read --csv` writes and what the `long` layout reads back, so a plan survives
//! the trip through a spreadsheet.

use crate::indicator::{Accumulation, Indicator, Polarity, Series};
use crate::plan::Plan;

/// The kind column's words.
pub const TARGET: &str = "目標値";
pub const ACTUAL: &str = "実績値";
pub const BASELINE: &str = "基準値";
pub const SELF_ASSESSMENT: &str = "自己評価";
pub const STATED_ACHIEVEMENT: &str = "達成率(記載)";

/// The columns before the goal path.
const LEAD: [&str; 4] = ["指標番号", "計画", "団体", "計画期間"];
/// The columns after the goal path.
const TRAIL: [&str; 14] = [
    "カテゴリ",
    "事業",
    "成果目標",
    "指標",
    "対象",
    "定義",
    "担当課",
    "単位",
    "方向",
    "累計",
    "注記",
    "年度",
    "区分",
    "値",
];

/// Separates several projects or notes inside one cell.
pub const LIST_SEPARATOR: char = '\n';

/// The header row: lead columns, `目標階層1`…`N` for the deepest goal path, the rest.
pub fn header(plan: &Plan) -> Vec<String> {
    let depth = plan
        .indicators
        .iter()
        .map(|i| plan.path(i.goal).len())
        .max()
        .unwrap_or(0)
        .max(1);
    LEAD.iter()
        .map(|s| (*s).to_owned())
        .chain((1..=depth).map(|n| format!("目標階層{n}")))
        .chain(TRAIL.iter().map(|s| (*s).to_owned()))
        .collect()
}

/// Words for a stated polarity, as the 方向 column writes them.
pub fn polarity_word(p: Polarity) -> &'static str {
    match p {
        Polarity::Increase => "増加",
        Polarity::Decrease => "減少",
        Polarity::Maintain => "維持",
    }
}

/// Words for a stated accumulation, as the 累計 column writes them.
pub fn accumulation_word(a: Accumulation) -> &'static str {
    match a {
        Accumulation::None => "なし",
        Accumulation::RunningTotal => "累計値",
        Accumulation::YearlySum => "年ごとの値の合計",
    }
}

/// A project as one line of the 事業 column: `[番号] 事業名`.
pub fn project_line(number: Option<&str>, name: &str) -> String {
    match number {
        Some(n) => format!("[{n}] {name}"),
        None => name.to_owned(),
    }
}

/// Every row, in the order of the plan's indicators and years.
pub fn rows<'a>(plan: &'a Plan) -> Vec<Vec<String>> {
    let depth = header(plan).len() - LEAD.len() - TRAIL.len();
    let period = plan
        .period
        .map(|p| format!("{}〜{}", p.first, p.last))
        .unwrap_or_default();
    let mut out = Vec::new();
    for (n, ind) in plan.indicators.iter().enumerate() {
        let mut context: Vec<String> = vec![
            (n + 1).to_string(),
            plan.title.clone().unwrap_or_default(),
            plan.municipality.clone().unwrap_or_default(),
            period.clone(),
        ];
        let path = plan.path(ind.goal);
        context
            .extend((0..depth).map(|k| path.get(k).map(|s| (*s).to_owned()).unwrap_or_default()));
        context.extend(indicator_columns(plan, ind));
        let mut mine: Vec<(String, &str, &str)> = Vec::new();
        let mut push =
            |year: String, kind: &'static str, raw: &'a str| mine.push((year, kind, raw));
        if let Some(b) = &ind.baseline {
            push(
                b.year.map(|y| y.to_string()).unwrap_or_default(),
                BASELINE,
                &b.cell.raw,
            );
        }
        for (series, kind) in [(Series::Target, TARGET), (Series::Actual, ACTUAL)] {
            for (year, cell) in ind.series(series) {
                push(year.to_string(), kind, &cell.raw);
            }
        }
        for (year, grade) in &ind.self_assessments {
            push(year.to_string(), SELF_ASSESSMENT, grade);
        }
        for (year, cell) in &ind.stated_achievements {
            push(year.to_string(), STATED_ACHIEVEMENT, &cell.raw);
        }
        if mine.is_empty() {
            mine.push((String::new(), "", ""));
        }
        for (year, kind, raw) in mine {
            let mut row = context.clone();
            row.extend([year, kind.to_owned(), raw.to_owned()]);
            out.push(row);
        }
    }
    out
}

fn indicator_columns(plan: &Plan, ind: &Indicator) -> [String; 11] {
    let projects: Vec<String> = plan
        .projects_of(ind)
        .into_iter()
        .map(|p| {
            let p = plan.project(p);
            project_line(p.number.as_ref().map(|n| n.raw.as_str()), &p.name)
        })
        .collect();
    let notes: Vec<&str> = ind
        .notes
        .iter()
        .map(|n| plan.note(*n).text.as_str())
        .collect();
    let sep = LIST_SEPARATOR.to_string();
    [
        ind.category.clone().unwrap_or_default(),
        projects.join(&sep),
        ind.outcome
            .map(|o| plan.outcome(o).statement.clone())
            .unwrap_or_default(),
        ind.name.clone(),
        ind.group.clone().unwrap_or_default(),
        ind.definition.clone().unwrap_or_default(),
        ind.department.clone().unwrap_or_default(),
        ind.unit
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        ind.polarity
            .map(polarity_word)
            .unwrap_or_default()
            .to_owned(),
        ind.accumulation
            .map(accumulation_word)
            .unwrap_or_default()
            .to_owned(),
        notes.join(&sep),
    ]
}

/// The long form as CSV text (RFC 4180 quoting; lines end in CRLF, as Excel writes them).
pub fn to_csv(plan: &Plan) -> String {
    let mut out = String::new();
    let mut line = |fields: &[String]| {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if f.contains([',', '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&f.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(f);
            }
        }
        out.push_str("\r\n");
    };
    line(&header(plan));
    for row in rows(plan) {
        line(&row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::PlanBuilder;
    use crate::cell::Cell;
    use crate::fiscal_year::FiscalYear;

    #[test]
    fn one_row_per_indicator_year_and_kind() {
        let mut b = PlanBuilder::new();
        b.set_title("第2期計画");
        let g = b.add_goal(None, "基本目標1", None);
        let g2 = b.add_goal(Some(g), "(1)相談", None);
        let mut ind = Indicator::new("相談件数");
        ind.goal = Some(g2);
        ind.polarity = Some(Polarity::Increase);
        let y = |n| FiscalYear::new(n).expect("in range");
        ind.record(Series::Target, y(2024), Cell::read("150件"), None);
        ind.record(Series::Actual, y(2020), Cell::read("119件"), None);
        b.add_indicator(ind);
        b.add_indicator(Indicator::new("空の指標"));
        let plan = b.finish();
        let h = header(&plan);
        assert_eq!(&h[4..6], ["目標階層1", "目標階層2"]);
        assert_eq!(h.last().map(String::as_str), Some("値"));
        let rows = rows(&plan);
        assert_eq!(rows.len(), 3);
        let col = |name: &str| h.iter().position(|c| c == name).expect(name);
        assert_eq!(rows[0][col("区分")], "目標値");
        assert_eq!(rows[0][col("年度")], "令和6年度");
        assert_eq!(rows[0][col("値")], "150件");
        assert_eq!(rows[0][col("方向")], "増加");
        assert_eq!(rows[1][col("目標階層2")], "(1)相談");
        assert_eq!(rows[2][col("指標")], "空の指標");
        assert_eq!(rows[2][col("区分")], "");
        assert!(rows.iter().all(|r| r.len() == h.len()));
        let csv = to_csv(&plan);
        assert!(csv.starts_with("指標番号,計画,団体,計画期間,目標階層1"));
        assert_eq!(csv.lines().count(), 4);
    }
}
