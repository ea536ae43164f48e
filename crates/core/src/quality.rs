//! Data-quality checks over a whole read plan: the findings that need more than one cell to
//! see (a unit that changes within an indicator, a project number used twice, one measure
//! under two names, a running total that goes down).

use crate::cell::format_number;
use crate::finding::{Finding, FindingKind};
use crate::fiscal_year::FiscalYear;
use crate::ids::IndicatorId;
use crate::indicator::{Accumulation, Indicator, Series};
use crate::plan::Plan;
use crate::unit::Unit;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the keys here are short and not attacker-chosen, and SipHash showed in profiles.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Every plan-wide finding, in the order of the sheet.
pub fn check(plan: &Plan) -> Vec<Finding> {
    let mut out = Vec::new();
    for id in plan.indicator_ids() {
        let ind = plan.indicator(id);
        unit_mismatches(id, ind, &mut out);
        running_total_decreases(id, ind, &mut out);
    }
    duplicate_project_numbers(plan, &mut out);
    same_values(plan, &mut out);
    duplicate_indicators(plan, &mut out);
    out
}

fn unit_mismatches(id: IndicatorId, ind: &Indicator, out: &mut Vec<Finding>) {
    let Some(unit) = ind.effective_unit() else {
        return;
    };
    for series in [Series::Target, Series::Actual] {
        let mut by_unit: Vec<(Unit, Vec<FiscalYear>)> = Vec::new();
        for (year, cell) in ind.series(series) {
            let Some(found) = cell.number().and_then(|q| q.unit.as_ref()) else {
                continue;
            };
            if found.same_as(&unit) {
                continue;
            }
            match by_unit.iter_mut().find(|(u, _)| u.same_as(found)) {
                Some((_, years)) => years.push(*year),
                None => by_unit.push((found.clone(), vec![*year])),
            }
        }
        for (found, years) in by_unit {
            let location = years
                .first()
                .and_then(|y| ind.cell_locations.get(&(series, *y)))
                .cloned();
            out.push(
                Finding::new(FindingKind::UnitMismatch {
                    indicator: ind.name.clone(),
                    unit: unit.clone(),
                    found,
                    series,
                    years,
                })
                .at(location)
                .about(id),
            );
        }
    }
}

fn running_total_decreases(id: IndicatorId, ind: &Indicator, out: &mut Vec<Finding>) {
    if ind.accumulation().0 != Accumulation::RunningTotal {
        return;
    }
    let mut prev: Option<(FiscalYear, f64, &str)> = None;
    for (year, cell) in &ind.actuals {
        let Some(q) = cell.number() else { continue };
        if let Some((py, pv, praw)) = prev
            && q.value < pv
        {
            out.push(
                Finding::new(FindingKind::RunningTotalDecreased {
                    indicator: ind.name.clone(),
                    from: (py, praw.to_owned()),
                    to: (*year, cell.raw.clone()),
                })
                .at(ind.cell_locations.get(&(Series::Actual, *year)).cloned())
                .about(id),
            );
        }
        prev = Some((*year, q.value, cell.raw.as_str()));
    }
}

fn duplicate_project_numbers(plan: &Plan, out: &mut Vec<Finding>) {
    let mut seen: FastMap<&str, Vec<usize>> = FastMap::default();
    let mut order: Vec<&str> = Vec::new();
    for (i, p) in plan.projects.iter().enumerate() {
        let Some(digits) = p.number.as_ref().and_then(|n| n.digits.as_deref()) else {
            continue;
        };
        let entry = seen.entry(digits).or_default();
        if entry.is_empty() {
            order.push(digits);
        }
        entry.push(i);
    }
    for digits in order {
        let projects = &seen[digits];
        let mut names: Vec<String> = Vec::new();
        let mut second_location = None;
        if projects.len() < 2 {
            continue;
        }
        for &i in projects {
            let p = &plan.projects[i];
            let name = crate::text::compact(&p.name);
            if !names.iter().any(|n| crate::text::compact(n) == name) {
                if !names.is_empty() && second_location.is_none() {
                    second_location = p.location.clone();
                }
                names.push(p.name.clone());
            }
        }
        if names.len() > 1 {
            out.push(
                Finding::new(FindingKind::DuplicateProjectNumber {
                    number: digits.to_owned(),
                    names,
                })
                .at(second_location),
            );
        }
    }
}

/// Indicators whose figures are identical, year by year, target and actual. Only series that
/// say something are compared: at least two numeric actuals and one value that is not zero,
/// so that indicators which are all `0` or all `アンケート調査済` are not flagged.
fn same_values(plan: &Plan, out: &mut Vec<Finding>) {
    let mut groups: FastMap<Vec<(Series, FiscalYear, u64)>, Vec<IndicatorId>> = FastMap::default();
    let mut order = Vec::new();
    for id in plan.indicator_ids() {
        let ind = plan.indicator(id);
        let numbers = |s: Series| {
            ind.series(s)
                .iter()
                .filter_map(|(y, c)| c.number().map(|q| (*y, q.value)))
        };
        let numeric_actuals = numbers(Series::Actual).count();
        let nonzero = numbers(Series::Target)
            .chain(numbers(Series::Actual))
            .any(|(_, v)| v != 0.0);
        if numeric_actuals < 2 || !nonzero {
            continue;
        }
        let key: Vec<(Series, FiscalYear, u64)> = [Series::Target, Series::Actual]
            .into_iter()
            .flat_map(|s| numbers(s).map(move |(y, v)| (s, y, v.to_bits())))
            .collect();
        let members = groups.entry(key.clone()).or_default();
        if members.is_empty() {
            order.push(key);
        }
        members.push(id);
    }
    for key in order {
        let members = &groups[&key];
        if members.len() < 2 {
            continue;
        }
        let values = key
            .iter()
            .filter(|(s, _, _)| *s == Series::Actual)
            .map(|(_, _, bits)| format_number(f64::from_bits(*bits), None))
            .collect::<Vec<_>>()
            .join(", ");
        let second = plan.indicator(members[1]);
        out.push(
            Finding::new(FindingKind::SameValues {
                indicators: members
                    .iter()
                    .map(|id| plan.indicator(*id).name.clone())
                    .collect(),
                values: format!("実績 {values}"),
            })
            .at(second.location.clone())
            .about(members[1]),
        );
    }
}

fn duplicate_indicators(plan: &Plan, out: &mut Vec<Finding>) {
    let mut seen: FastMap<(Option<usize>, std::borrow::Cow<'_, str>), IndicatorId> =
        FastMap::default();
    for id in plan.indicator_ids() {
        let ind = plan.indicator(id);
        let key = (
            ind.goal.map(|g| g.index()),
            crate::text::normalize(&ind.name),
        );
        if seen.insert(key, id).is_some() {
            out.push(
                Finding::new(FindingKind::DuplicateIndicator {
                    indicator: ind.name.clone(),
                })
                .at(ind.location.clone())
                .about(id),
            );
        }
    }
}
