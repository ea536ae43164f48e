//! What an updated sheet changes in a stored plan: indicators added and removed, attributes
//! and values changed (by raw text: `5,070人` and `5070人` are different entries), and whether
//! the sheet's structure moved (goal tree, projects, notes, where cells sit, findings).

use crate::save;
use shinchoku_core::Plan;
use shinchoku_core::fiscal_year::FiscalYear;
use shinchoku_core::indicator::Indicator;
use std::collections::BTreeMap;
use std::fmt;

/// One change, as the user reads it before it is applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    IndicatorAdded {
        key: String,
        name: String,
    },
    IndicatorRemoved {
        key: String,
        name: String,
    },
    Attribute {
        key: String,
        name: String,
        attribute: &'static str,
        before: Option<String>,
        after: Option<String>,
    },
    Value {
        key: String,
        name: String,
        series: &'static str,
        year: FiscalYear,
        before: Option<String>,
        after: Option<String>,
    },
}

/// The changes an updated sheet makes, and the parts of the sheet's structure that moved.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlanDiff {
    pub changes: Vec<Change>,
    /// 計画の表題・期間, 目標・事業・成果・注記, セルの位置, 読み取りの指摘 …
    pub structure: Vec<&'static str>,
}

impl PlanDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.structure.is_empty()
    }
}

/// The values of one indicator: (series code, year) → raw text.
pub(crate) type ValueSet = BTreeMap<(&'static str, FiscalYear), String>;

pub(crate) fn value_set(ind: &Indicator) -> ValueSet {
    save::entries(ind)
        .map(|(series, year, raw, _)| ((series, year), raw.to_owned()))
        .collect()
}

/// The attributes compared between two versions of an indicator, in Japanese.
pub(crate) fn attributes(ind: &Indicator) -> [(&'static str, Option<String>); 7] {
    [
        ("定義・出典", ind.definition.clone()),
        ("カテゴリ", ind.category.clone()),
        ("所管課", ind.department.clone()),
        ("単位", ind.unit.as_ref().map(|u| u.as_str().to_owned())),
        ("方向", ind.polarity.map(|p| p.to_string())),
        (
            "累計",
            ind.accumulation
                .map(|a| crate::values::accumulation_code(a).to_owned()),
        ),
        (
            "基準値",
            ind.baseline.as_ref().map(|b| match b.year {
                Some(y) => format!("{}@{}", b.cell.raw, y),
                None => b.cell.raw.to_string(),
            }),
        ),
    ]
}

/// The value changes from `old` to `new`.
pub(crate) fn value_changes(
    key: &str,
    name: &str,
    old: &ValueSet,
    new: &ValueSet,
    out: &mut Vec<Change>,
) {
    let change = |(series, year): (&'static str, FiscalYear),
                  before: Option<&String>,
                  after: Option<&String>| {
        Change::Value {
            key: key.to_owned(),
            name: name.to_owned(),
            series,
            year,
            before: before.cloned(),
            after: after.cloned(),
        }
    };
    for (k, before) in old {
        match new.get(k) {
            Some(after) if after == before => {}
            after => out.push(change(*k, Some(before), after)),
        }
    }
    for (k, after) in new {
        if !old.contains_key(k) {
            out.push(change(*k, None, Some(after)));
        }
    }
}

/// The parts of the structure that differ between two versions of a plan whose indicators
/// are paired by key (`pairs`: new index → old index).
pub(crate) fn structure(old: &Plan, new: &Plan, pairs: &[Option<usize>]) -> Vec<&'static str> {
    let mut parts = Vec::new();
    if old.title != new.title
        || old.municipality != new.municipality
        || old.period != new.period
        || old.period_source != new.period_source
        || old.fiscal_years != new.fiscal_years
    {
        parts.push("計画の表題・期間・年度");
    }
    if old.goals != new.goals
        || old.projects != new.projects
        || old.outcomes != new.outcomes
        || old.notes != new.notes
    {
        parts.push("目標・事業・成果・注記");
    }
    let order_or_links = pairs.iter().enumerate().any(|(n, o)| {
        o.is_none_or(|o| {
            let (a, b) = (&old.indicators[o], &new.indicators[n]);
            o != n
                || a.goal != b.goal
                || a.outcome != b.outcome
                || a.projects != b.projects
                || a.notes != b.notes
                || a.group != b.group
        })
    }) || old.indicators.len() != new.indicators.len();
    if order_or_links {
        parts.push("指標の順序・つながり");
    }
    let cells = pairs.iter().enumerate().any(|(n, o)| {
        o.is_some_and(|o| {
            let (a, b) = (&old.indicators[o], &new.indicators[n]);
            a.location != b.location
                || a.cell_locations != b.cell_locations
                || a.self_assessment_cells != b.self_assessment_cells
        })
    });
    if cells {
        parts.push("セルの位置");
    }
    if save::reading_findings(old) != save::reading_findings(new) {
        parts.push("読み取りの指摘");
    }
    parts
}

fn or_none(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("(なし)")
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::IndicatorAdded { name, key } => write!(f, "+ 指標を追加: {name} [{key}]"),
            Change::IndicatorRemoved { name, key } => {
                write!(
                    f,
                    "- 指標がシートにありません: {name} [{key}](値と履歴は残します)"
                )
            }
            Change::Attribute {
                name,
                attribute,
                before,
                after,
                ..
            } => write!(
                f,
                "~ {name} の{attribute}: {} → {}",
                or_none(before),
                or_none(after)
            ),
            Change::Value {
                name,
                series,
                year,
                before,
                after,
                ..
            } => {
                let mark = match (before, after) {
                    (None, _) => '+',
                    (_, None) => '-',
                    _ => '~',
                };
                write!(
                    f,
                    "{mark} {name} の{year}{}: {} → {}",
                    series_label(series),
                    or_none(before),
                    or_none(after)
                )
            }
        }
    }
}

/// The Japanese name of a series code.
pub fn series_label(code: &str) -> &'static str {
    match code {
        "target" => "目標値",
        "actual" => "実績値",
        crate::values::SELF_GRADE => "自己評価",
        crate::values::STATED_ACHIEVEMENT => "達成率(記載)",
        _ => "値",
    }
}
