//! `PlanBuilder`: the sink a layout recogniser writes a plan into, part by part. Tests drive
//! it directly; `finish` runs the plan-wide quality checks.

use crate::finding::Finding;
use crate::fiscal_year::FiscalYear;
use crate::ids::{GoalId, IndicatorId, NoteId, OutcomeId, ProjectId};
use crate::indicator::Indicator;
use crate::location::Location;
use crate::plan::{Goal, Note, Outcome, PeriodSource, Plan, PlanPeriod, Project};

/// Builds a [`Plan`] as a reader discovers it.
#[derive(Debug, Default)]
pub struct PlanBuilder {
    plan: Plan,
}

impl PlanBuilder {
    pub fn new() -> PlanBuilder {
        PlanBuilder::default()
    }

    pub fn set_title(&mut self, title: impl Into<String>) {
        self.plan.title = Some(title.into());
    }

    /// Sets the period the sheet states, widening one stated before (several sheets of one
    /// plan) and replacing one only read off columns.
    pub fn set_period(&mut self, period: PlanPeriod) {
        self.set_period_from(period, PeriodSource::Stated);
    }

    /// Sets the period known from `source`. A period known more surely (stated, then
    /// statutory, then read off columns) is never replaced by one known less surely; one known
    /// as surely is widened.
    pub fn set_period_from(&mut self, period: PlanPeriod, source: PeriodSource) {
        match (self.plan.period, self.plan.period_source) {
            (Some(p), Some(known)) if known == source => {
                self.plan.period = Some(PlanPeriod::new(
                    p.first.min(period.first),
                    p.last.max(period.last),
                ));
            }
            (Some(_), Some(known)) if known > source => {}
            _ => {
                self.plan.period = Some(period);
                self.plan.period_source = Some(source);
            }
        }
    }

    pub fn set_municipality(&mut self, name: impl Into<String>) {
        self.plan.municipality = Some(name.into());
    }

    /// Adds fiscal years the sheet has columns for, keeping them unique and in order.
    pub fn add_fiscal_years(&mut self, years: impl IntoIterator<Item = FiscalYear>) {
        self.plan.fiscal_years.extend(years);
        self.plan.fiscal_years.sort_unstable();
        self.plan.fiscal_years.dedup();
    }

    pub fn add_goal(
        &mut self,
        parent: Option<GoalId>,
        title: impl Into<String>,
        location: Option<Location>,
    ) -> GoalId {
        self.plan.goals.push(Goal {
            title: title.into(),
            parent,
            location,
        });
        GoalId::from_index(self.plan.goals.len() - 1)
    }

    pub fn add_project(&mut self, project: Project) -> ProjectId {
        self.plan.projects.push(project);
        ProjectId::from_index(self.plan.projects.len() - 1)
    }

    pub fn add_outcome(&mut self, outcome: Outcome) -> OutcomeId {
        self.plan.outcomes.push(outcome);
        OutcomeId::from_index(self.plan.outcomes.len() - 1)
    }

    pub fn outcome_mut(&mut self, id: OutcomeId) -> &mut Outcome {
        &mut self.plan.outcomes[id.index()]
    }

    pub fn add_indicator(&mut self, mut indicator: Indicator) -> IndicatorId {
        // a group wrapped in its cell (`小学生⏎男子`) is one label, as a wrapped name is
        if let Some(group) = indicator.group.as_mut()
            && group.contains(['\n', '\r'])
        {
            *group = crate::indicator::one_line(group);
        }
        self.plan.indicators.push(indicator);
        IndicatorId::from_index(self.plan.indicators.len() - 1)
    }

    pub fn indicator_mut(&mut self, id: IndicatorId) -> &mut Indicator {
        &mut self.plan.indicators[id.index()]
    }

    /// Adds a footnote and attaches it to `indicators`.
    pub fn add_note(
        &mut self,
        text: impl Into<String>,
        location: Option<Location>,
        indicators: &[IndicatorId],
    ) -> NoteId {
        self.plan.notes.push(Note {
            text: text.into(),
            location,
        });
        let id = NoteId::from_index(self.plan.notes.len() - 1);
        for i in indicators {
            self.plan.indicators[i.index()].notes.push(id);
        }
        id
    }

    pub fn report(&mut self, finding: Finding) {
        self.plan.findings.push(finding);
    }

    /// The plan so far.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The finished plan, with the plan-wide quality findings after the reader's own.
    pub fn finish(mut self) -> Plan {
        for (i, ind) in self.plan.indicators.iter_mut().enumerate() {
            let id = IndicatorId::from_index(i);
            let refused = ind.take_refused();
            self.plan
                .findings
                .extend(refused.into_iter().map(|f| f.about(id)));
        }
        let found = crate::quality::check(&self.plan);
        let read = std::mem::take(&mut self.plan.findings);
        self.plan.findings = crate::finding::collapse_unplaced_runs(read);
        self.plan.findings.extend(found);
        self.plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cell::Cell;
    use crate::finding::FindingKind;
    use crate::indicator::Series;
    use crate::test_support::fy;

    fn of_kind<'p>(plan: &'p Plan, key: &str) -> Vec<&'p Finding> {
        plan.findings
            .iter()
            .filter(|f| f.kind.key() == key)
            .collect()
    }

    #[test]
    fn a_second_value_for_a_year_keeps_the_first_and_is_reported() {
        let mut b = PlanBuilder::new();
        let mut ind = Indicator::new("相談件数");
        // 平成31年度 and 令和元年度 are one fiscal year
        ind.record(
            Series::Actual,
            fy(2019),
            Cell::read("10"),
            Some(Location::text(3, 4)),
        );
        ind.record(
            Series::Actual,
            fy(2019),
            Cell::read(""),
            Some(Location::text(5, 4)),
        );
        ind.record(
            Series::Actual,
            fy(2019),
            Cell::read("90"),
            Some(Location::text(4, 4)),
        );
        ind.record(
            Series::Target,
            fy(2019),
            Cell::read("12"),
            Some(Location::text(3, 5)),
        );
        let id = b.add_indicator(ind);
        let plan = b.finish();
        let ind = &plan.indicators[0];
        assert_eq!(
            ind.actuals.get(&fy(2019)).map(|c| c.raw.as_str()),
            Some("10")
        );
        assert_eq!(
            ind.location_of(Series::Actual, fy(2019)),
            Some(Location::text(3, 4))
        );
        let found = of_kind(&plan, "duplicate-value");
        assert_eq!(found.len(), 1, "{:#?}", plan.findings);
        assert_eq!(found[0].indicator, Some(id));
        assert_eq!(
            found[0].to_string(),
            "4行4列: 値の重複: 「相談件数」の令和元年度の実績値が2つあります: 「10」(3行4列)と「90」(4行4列)。先に書かれた「10」を使い、「90」は使っていません。どちらが正しいか確かめてください"
        );
    }

    #[test]
    fn the_same_value_written_twice_is_reported_once_read() {
        let mut b = PlanBuilder::new();
        let mut ind = Indicator::new("相談件数");
        ind.record(
            Series::Target,
            fy(2020),
            Cell::read("10"),
            Some(Location::text(2, 3)),
        );
        ind.record(
            Series::Target,
            fy(2020),
            Cell::read("10"),
            Some(Location::text(3, 3)),
        );
        b.add_indicator(ind);
        let plan = b.finish();
        let found = of_kind(&plan, "duplicate-value");
        assert_eq!(found.len(), 1, "{:#?}", plan.findings);
        assert!(
            matches!(&found[0].kind, FindingKind::DuplicateValue { kept, dropped, .. } if kept == "10" && dropped == "10")
        );
        assert_eq!(
            found[0].kind.to_string(),
            "値の重複: 「相談件数」の令和2年度の目標値「10」が2回書かれています(2行3列と3行3列)。1つの値として読みました"
        );
    }

    #[test]
    fn a_figure_the_grammar_cannot_read_is_reported_where_it_stands() {
        let mut b = PlanBuilder::new();
        let mut ind = Indicator::new("参加人数");
        ind.record(
            Series::Target,
            fy(2020),
            Cell::read("5〜10"),
            Some(Location::text(2, 3)),
        );
        ind.record(
            Series::Actual,
            fy(2020),
            Cell::read("1e"),
            Some(Location::text(3, 3)),
        );
        ind.record(
            Series::Actual,
            fy(2021),
            Cell::read("アンケート調査済"),
            Some(Location::text(3, 4)),
        );
        b.add_indicator(ind);
        let plan = b.finish();
        let found: Vec<String> = of_kind(&plan, "not-a-number")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            found,
            [
                "2行3列: 数値として読めない値: 「参加人数」の令和2年度の目標値「5〜10」は範囲で、1つの数値ではありません。文字のまま残し、評価には使いません",
                "3行3列: 数値として読めない値: 「参加人数」の令和2年度の実績値「1e」は数値として読めません。文字のまま残し、評価には使いません",
            ]
        );
    }
}
