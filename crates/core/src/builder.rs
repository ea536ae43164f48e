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

    pub fn add_indicator(&mut self, indicator: Indicator) -> IndicatorId {
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
        let found = crate::quality::check(&self.plan);
        let read = std::mem::take(&mut self.plan.findings);
        self.plan.findings = crate::finding::collapse_unplaced_runs(read);
        self.plan.findings.extend(found);
        self.plan
    }
}
