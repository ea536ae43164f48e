//! One fiscal year of a plan, evaluated for what people read — the web's pages and the printed
//! report — by `core` alone: the records, the roll-up of every goal with its rule, the grade
//! distribution under each top-level goal, the indicators most at risk, and the grades that
//! changed since the year before. Pages and reports only show what is computed here.

use shinchoku_core::evaluate::EvaluationRecord;
use shinchoku_core::evaluate::rollup::{self, GoalRollUp, RollUp};
use shinchoku_core::evaluate::{evaluate_plan, findings, with_reading};
use shinchoku_core::{Finding, FiscalYear, Plan, Policy};

/// How many indicators the overview lists as most at risk.
const AT_RISK: usize = 8;

/// One fiscal year of a plan, evaluated.
#[derive(Debug)]
pub struct PlanYear {
    pub policy: Policy,
    pub year: FiscalYear,
    /// The years a person may choose: the plan's period.
    pub years: Vec<FiscalYear>,
    pub records: Vec<EvaluationRecord>,
    /// Each grade's place, best first (the policy's labels, its label for 評価不能 last).
    pub labels: Vec<String>,
    pub rule: String,
    pub overall: RollUp,
    pub rollups: Vec<GoalRollUp>,
    /// Under each top-level goal, how many indicators got each label (in `labels`' order).
    pub distribution: Vec<(String, Vec<usize>)>,
    /// Records worst first: the lowest grades, then the lowest 達成率.
    pub at_risk: Vec<usize>,
    /// Grades that differ from the year before: (record, the year before's grade).
    pub changes: Vec<(usize, String)>,
    pub findings: Vec<Finding>,
}

/// A goal's roll-up as a line of a table: how deep the goal is, its own title, how many
/// indicators stand under it, the rolled-up value and how it was reached.
#[derive(Debug, Clone)]
pub struct GoalLine {
    pub depth: usize,
    pub title: String,
    pub indicators: usize,
    pub value: String,
    pub explanation: String,
}

impl PlanYear {
    /// Every goal's roll-up, as lines of a table, in the plan's order.
    pub fn goal_lines(&self) -> Vec<GoalLine> {
        self.rollups
            .iter()
            .map(|g| GoalLine {
                depth: g.depth,
                title: g.path.last().cloned().unwrap_or_default(),
                indicators: g.indicators,
                value: g.rollup.value.clone(),
                explanation: g.rollup.explanation.clone(),
            })
            .collect()
    }

    /// The place of a grade among `labels` (0 best).
    pub fn rank(&self, grade: &str, evaluable: bool) -> usize {
        rank(&self.labels, grade, evaluable)
    }
}

fn rank(labels: &[String], grade: &str, evaluable: bool) -> usize {
    if !evaluable {
        return labels.len() - 1;
    }
    labels
        .iter()
        .position(|l| l == grade)
        .unwrap_or(labels.len() - 1)
}

impl PlanYear {
    /// Evaluates `plan` (its indicators' stable keys in `keys`) in `year` under `policy`.
    pub fn evaluate(plan: &Plan, keys: &[String], policy: Policy, year: FiscalYear) -> PlanYear {
        let evaluations = evaluate_plan(plan, year, &policy);
        let rule = policy.rollup.clone();
        let rollups = rollup::by_goal(plan, &policy, &evaluations, &rule);
        let overall = rollup::roll_up(&policy, &evaluations, &rule);
        let found = with_reading(findings(&evaluations), &plan.findings);
        let records: Vec<EvaluationRecord> = evaluations
            .iter()
            .enumerate()
            .map(|(i, e)| EvaluationRecord::new(e, plan, i, &keys[i]))
            .collect();
        let labels: Vec<String> = policy.labels().iter().map(|l| l.label.clone()).collect();

        let mut distribution: Vec<(String, Vec<usize>)> = Vec::new();
        for r in &records {
            let goal = r
                .path
                .first()
                .cloned()
                .unwrap_or_else(|| "(目標なし)".to_owned());
            let at = match distribution.iter().position(|(g, _)| *g == goal) {
                Some(at) => at,
                None => {
                    distribution.push((goal, vec![0; labels.len()]));
                    distribution.len() - 1
                }
            };
            distribution[at].1[rank(&labels, &r.grade, r.evaluable)] += 1;
        }

        let best = 0;
        let mut at_risk: Vec<usize> = (0..records.len())
            .filter(|i| records[*i].evaluable && rank(&labels, &records[*i].grade, true) > best)
            .collect();
        at_risk.sort_by(|a, b| {
            let (ra, rb) = (&records[*a], &records[*b]);
            rank(&labels, &rb.grade, true)
                .cmp(&rank(&labels, &ra.grade, true))
                .then(
                    ra.achievement
                        .unwrap_or(f64::INFINITY)
                        .total_cmp(&rb.achievement.unwrap_or(f64::INFINITY)),
                )
        });
        at_risk.truncate(AT_RISK);

        let mut changes = Vec::new();
        if let Some(before) = plan.period_years().into_iter().rev().find(|y| *y < year) {
            let earlier = evaluate_plan(plan, before, &policy);
            for (i, (now, then)) in evaluations.iter().zip(&earlier).enumerate() {
                if now.is_evaluable() && then.is_evaluable() && now.grade.label != then.grade.label
                {
                    changes.push((i, then.grade.label.clone()));
                }
            }
        }

        PlanYear {
            years: plan.period_years(),
            year,
            records,
            labels,
            rule: rule.words(),
            overall,
            rollups,
            distribution,
            at_risk,
            changes,
            findings: found,
            policy,
        }
    }
}
