//! The canonical long form of a plan: one row per indicator × fiscal year × kind (目標値, 実績値,
//! 基準値, 評価) with the raw text, and the indicator's context repeated on every row. It is
//! what `shinchoku read --csv` writes and what the `long` layout reads back, so a plan survives
//! the trip through a spreadsheet.

use crate::indicator::{Indicator, Series};
use crate::plan::{PeriodSource, Plan, PlanPeriod};
use crate::vocabulary::{
    ACTUAL, BASELINE, KIND_COLUMN, Role, SELF_ASSESSMENT, STATED_ACHIEVEMENT, TARGET,
    accumulation_word, polarity_word,
};

/// The columns before the goal path.
const LEAD: [&str; 4] = [
    Role::IndicatorNumber.word(),
    Role::PlanName.word(),
    Role::Municipality.word(),
    Role::Period.word(),
];
/// The columns after the goal path.
const TRAIL: [&str; 14] = [
    Role::Category.word(),
    Role::Project.word(),
    Role::Outcome.word(),
    Role::Indicator.word(),
    Role::Group.word(),
    Role::Definition.word(),
    Role::Department.word(),
    Role::Unit.word(),
    Role::Polarity.word(),
    Role::Accumulation.word(),
    Role::Notes.word(),
    Role::FiscalYear.word(),
    KIND_COLUMN,
    Role::Value.word(),
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
        .chain((1..=depth).map(|n| format!("{}{n}", Role::Goal.word())))
        .chain(TRAIL.iter().map(|s| (*s).to_owned()))
        .collect()
}

/// A project as one line of the 事業 column: `[番号] 事業名`.
pub fn project_line(number: Option<&str>, name: &str) -> String {
    match number {
        Some(n) => format!("[{n}] {name}"),
        None => name.to_owned(),
    }
}

/// The 計画期間 column: the period, and how it is known unless stated
/// (`令和2年度〜令和3年度 (表の年度から推定)`), so that reading it back knows as much.
pub fn period_text(plan: &Plan) -> String {
    match (plan.period, plan.effective_period_source()) {
        (None, _) => String::new(),
        (Some(p), PeriodSource::Stated) => format!("{}〜{}", p.first, p.last),
        (Some(p), source) => format!("{}〜{} ({source})", p.first, p.last),
    }
}

/// Reads a 計画期間 column written by [`period_text`] (or by a person).
pub fn read_period(text: &str, era: Option<crate::era::Era>) -> Option<(PlanPeriod, PeriodSource)> {
    let period = PlanPeriod::find_in(text, era)?;
    let source = [PeriodSource::Statutory, PeriodSource::SheetColumns]
        .into_iter()
        .find(|s| text.contains(&s.to_string()))
        .unwrap_or(PeriodSource::Stated);
    Some((period, source))
}

/// Calls `visit` with every row, in the order of the plan's indicators and years. Rows are
/// lent, not collected: a national plan has millions, and the CSV is written as they come.
pub fn for_each_row(plan: &Plan, mut visit: impl FnMut(&[&str])) {
    let depth = header(plan).len() - LEAD.len() - TRAIL.len();
    let period = period_text(plan);
    let title = plan.title.clone().unwrap_or_default();
    let municipality = plan.municipality.clone().unwrap_or_default();
    for (n, ind) in plan.indicators.iter().enumerate() {
        let number = (n + 1).to_string();
        let path = plan.path(ind.goal);
        let columns = indicator_columns(plan, ind);
        let mut row: Vec<&str> = Vec::with_capacity(LEAD.len() + depth + TRAIL.len());
        row.extend([number.as_str(), &title, &municipality, &period]);
        row.extend((0..depth).map(|k| path.get(k).copied().unwrap_or("")));
        row.extend(columns.iter().map(String::as_str));
        let context = row.len();
        let mut years: Vec<(String, &str, &str)> = Vec::new();
        if let Some(b) = &ind.baseline {
            years.push((
                b.year.map(|y| y.to_string()).unwrap_or_default(),
                BASELINE,
                &b.cell.raw,
            ));
        }
        for (series, kind) in [(Series::Target, TARGET), (Series::Actual, ACTUAL)] {
            years.extend(
                ind.series(series)
                    .iter()
                    .map(|(y, c)| (y.to_string(), kind, c.raw.as_str())),
            );
        }
        years.extend(
            ind.self_assessments
                .iter()
                .map(|(y, g)| (y.to_string(), SELF_ASSESSMENT, g.as_str())),
        );
        years.extend(
            ind.stated_achievements
                .iter()
                .map(|(y, c)| (y.to_string(), STATED_ACHIEVEMENT, c.raw.as_str())),
        );
        if years.is_empty() {
            years.push((String::new(), "", ""));
        }
        for (year, kind, raw) in years.iter() {
            row.truncate(context);
            row.extend([year.as_str(), kind, raw]);
            visit(&row);
        }
    }
}

/// Every row, collected (for tests and small plans; [`for_each_row`] for the rest).
pub fn rows(plan: &Plan) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for_each_row(plan, |row| {
        out.push(row.iter().map(|s| (*s).to_owned()).collect())
    });
    out
}

/// Appends one CSV line (RFC 4180 quoting, CRLF as Excel writes) to `out`.
pub fn csv_line(out: &mut String, fields: &[&str]) {
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

/// The long form as CSV text.
pub fn to_csv(plan: &Plan) -> String {
    let mut out = String::new();
    let header = header(plan);
    csv_line(
        &mut out,
        &header.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    for_each_row(plan, |row| csv_line(&mut out, row));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::PlanBuilder;
    use crate::cell::Cell;
    use crate::fiscal_year::FiscalYear;
    use crate::indicator::Polarity;

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
