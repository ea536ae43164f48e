//! Summing grades up: the distribution of a set of evaluations over the policy's labels, and
//! the roll-up of indicator grades to a 施策 or 基本目標 by a stated rule (share of good
//! grades, worst-of, point sum) — printed with its rule, never a hidden average.

use super::Evaluation;
use super::policy::{GradeLabel, Policy};
use crate::plan::Plan;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How many evaluations got each label, in the policy's order (best first).
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution<'a> {
    pub counts: Vec<(&'a GradeLabel, usize)>,
    pub total: usize,
}

impl<'a> Distribution<'a> {
    pub fn of(policy: &'a Policy, evaluations: &[Evaluation<'_>]) -> Distribution<'a> {
        let mut counts: Vec<(&GradeLabel, usize)> =
            policy.labels().into_iter().map(|l| (l, 0)).collect();
        for e in evaluations {
            if let Some((_, n)) = counts.iter_mut().find(|(l, _)| l.label == e.grade.label) {
                *n += 1;
            }
        }
        Distribution {
            counts,
            total: evaluations.len(),
        }
    }
}

impl fmt::Display for Distribution<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .counts
            .iter()
            .map(|(l, n)| format!("{} {}: {n}", l.label, l.meaning))
            .collect();
        write!(f, "{} (計 {})", parts.join(" / "), self.total)
    }
}

/// A stated rule for rolling grades up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub enum RollUpRule {
    /// The share of evaluable indicators graded with one of `labels` (A・B の割合).
    ShareOf { labels: Vec<String> },
    /// The worst grade among the evaluable indicators.
    WorstOf,
    /// The sum of the grades' points (佐野市).
    PointSum,
}

impl RollUpRule {
    /// The rule in words, printed with every result.
    pub fn words(&self) -> String {
        match self {
            RollUpRule::ShareOf { labels } => format!("{} の割合", labels.join("・")),
            RollUpRule::WorstOf => "最も低い評価".to_owned(),
            RollUpRule::PointSum => "評価点の合計".to_owned(),
        }
    }
}

/// The result of a roll-up, with the rule it followed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RollUp {
    pub rule: RollUpRule,
    /// `75%`, `C`, `31点`.
    pub value: String,
    pub explanation: String,
    /// Indicators graded, and among them those whose grade is to be confirmed.
    pub graded: usize,
    pub needs_review: usize,
    /// Indicators left out as not evaluable.
    pub not_evaluable: usize,
}

/// The roll-up of one node of the goal tree, over every indicator under it at any depth.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalRollUp {
    /// The goal's titles from the root down to it.
    pub path: Vec<String>,
    /// 0 for a top-level goal (プロジェクト, 基本目標), 1 below it, and so on.
    pub depth: usize,
    pub indicators: usize,
    #[serde(flatten)]
    pub rollup: RollUp,
}

/// Rolls the grades up to every goal of `plan` that has indicators under it, in the order of
/// the goal tree, parents before their children. `evaluations` are in the plan's order.
pub fn by_goal(
    plan: &Plan,
    policy: &Policy,
    evaluations: &[Evaluation<'_>],
    rule: &RollUpRule,
) -> Vec<GoalRollUp> {
    let mut under: Vec<Vec<usize>> = vec![Vec::new(); plan.goals.len()];
    for (i, ind) in plan.indicators.iter().enumerate().take(evaluations.len()) {
        for g in plan.goal_and_ancestors(ind.goal) {
            under[g.index()].push(i);
        }
    }
    let mut out = Vec::new();
    for (g, indices) in under.iter().enumerate() {
        if indices.is_empty() {
            continue;
        }
        let id = crate::ids::GoalId::from_index(g);
        let path: Vec<String> = plan.path(Some(id)).into_iter().map(str::to_owned).collect();
        let chosen: Vec<&Evaluation<'_>> = indices.iter().map(|i| &evaluations[*i]).collect();
        out.push(GoalRollUp {
            depth: path.len().saturating_sub(1),
            path,
            indicators: indices.len(),
            rollup: roll_up_refs(policy, &chosen, rule),
        });
    }
    out
}

/// Rolls the grades of `evaluations` up by `rule`. Not evaluable grades are left out and
/// counted in the explanation.
pub fn roll_up(policy: &Policy, evaluations: &[Evaluation<'_>], rule: &RollUpRule) -> RollUp {
    let all: Vec<&Evaluation<'_>> = evaluations.iter().collect();
    roll_up_refs(policy, &all, rule)
}

fn roll_up_refs(policy: &Policy, evaluations: &[&Evaluation<'_>], rule: &RollUpRule) -> RollUp {
    let evaluable: Vec<&Evaluation<'_>> = evaluations
        .iter()
        .copied()
        .filter(|e| e.is_evaluable())
        .collect();
    let left_out = evaluations.len() - evaluable.len();
    let needs_review = evaluable.iter().filter(|e| e.needs_review()).count();
    let mut note = String::new();
    if left_out > 0 {
        note.push_str(&format!("、評価不能 {left_out} 件を除く"));
    }
    if needs_review > 0 {
        note.push_str(&format!("、要確認 {needs_review} 件を含む"));
    }
    let (value, explanation) = match rule {
        RollUpRule::ShareOf { labels } => {
            let good = evaluable
                .iter()
                .filter(|e| labels.contains(&e.grade.label))
                .count();
            let value = if evaluable.is_empty() {
                "−".to_owned()
            } else {
                super::explain::percent(good as f64 / evaluable.len() as f64)
            };
            let explanation = format!(
                "{} の割合 {value} ({good}/{}{note})",
                labels.join("・"),
                evaluable.len()
            );
            (value, explanation)
        }
        RollUpRule::WorstOf => {
            let order = policy.labels();
            let rank = |label: &str| order.iter().position(|l| l.label == label).unwrap_or(0);
            let worst = evaluable
                .iter()
                .map(|e| &e.grade.label)
                .max_by_key(|l| rank(l));
            let value = worst
                .cloned()
                .unwrap_or_else(|| policy.unevaluable.label.clone());
            let explanation = format!("最も低い評価 {value} ({} 件中{note})", evaluable.len());
            (value, explanation)
        }
        RollUpRule::PointSum => {
            let sum: u32 = evaluable
                .iter()
                .filter_map(|e| e.grade.points)
                .map(u32::from)
                .sum();
            let value = format!("{sum}点");
            let explanation = format!("評価点の合計 {value} ({} 件{note})", evaluable.len());
            (value, explanation)
        }
    };
    RollUp {
        rule: rule.clone(),
        value,
        explanation,
        graded: evaluable.len(),
        needs_review,
        not_evaluable: left_out,
    }
}
