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

    // whole words at a time: the fingerprints hash years and figures
    fn write_u64(&mut self, n: u64) {
        let h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        self.0 = (h ^ n).wrapping_mul(0x0100_0000_01b3).rotate_left(29);
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Every plan-wide finding, in the order of the sheet.
pub fn check(plan: &Plan) -> Vec<Finding> {
    let mut out = Vec::new();
    for id in plan.indicator_ids() {
        let ind = plan.indicator(id);
        unit_mismatches(id, ind, &mut out);
        unread_figures(id, ind, &mut out);
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
            if found.same_as(unit) {
                continue;
            }
            match by_unit.iter_mut().find(|(u, _)| u.same_as(found)) {
                Some((_, years)) => years.push(*year),
                None => by_unit.push((found.clone(), vec![*year])),
            }
        }
        for (found, years) in by_unit {
            let location = years.first().and_then(|y| ind.location_of(series, *y));
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

/// Targets and actuals shaped like a figure that the cell grammar does not read as one
/// (`5〜10`, `(5)`, `5-`): they stay text, and the user is told why rather than finding the
/// year ungraded without a word.
fn unread_figures(id: IndicatorId, ind: &Indicator, out: &mut Vec<Finding>) {
    for series in [Series::Target, Series::Actual] {
        for (year, cell) in ind.series(series) {
            if !matches!(cell.value, crate::cell::CellValue::Text) {
                continue;
            }
            let Some(why) = crate::cell::NotAFigure::of(&cell.raw) else {
                continue;
            };
            out.push(
                Finding::new(FindingKind::NotANumber {
                    indicator: ind.name.clone(),
                    series,
                    year: *year,
                    raw: cell.raw.trim().to_owned(),
                    why,
                })
                .at(ind.location_of(series, *year))
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
                    to: (*year, cell.raw.to_string()),
                })
                .at(ind.location_of(Series::Actual, *year))
                .about(id),
            );
        }
        prev = Some((*year, q.value, cell.raw.as_str()));
    }
}

fn duplicate_project_numbers(plan: &Plan, out: &mut Vec<Finding>) {
    // most numbers are used once: remember the first use, and gather only the repeats
    let mut first: FastMap<&str, usize> = FastMap::default();
    let mut repeated: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, p) in plan.projects.iter().enumerate() {
        let Some(digits) = p.number.as_ref().and_then(|n| n.digits.as_deref()) else {
            continue;
        };
        match first.get(digits) {
            None => {
                first.insert(digits, i);
            }
            Some(&f) => match repeated.iter_mut().find(|(d, _)| *d == digits) {
                Some((_, uses)) => uses.push(i),
                None => repeated.push((digits, vec![f, i])),
            },
        }
    }
    for (digits, projects) in repeated {
        let mut names: Vec<String> = Vec::new();
        let mut second_location = None;
        for i in projects {
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
    type Key = Vec<(Series, FiscalYear, u64)>;
    let key_of = |id: IndicatorId| -> Key {
        let ind = plan.indicator(id);
        [Series::Target, Series::Actual]
            .into_iter()
            .flat_map(|s| {
                ind.series(s)
                    .iter()
                    .filter_map(move |(y, c)| c.number().map(|q| (s, *y, q.value.to_bits())))
            })
            .collect()
    };
    // a fingerprint per indicator, without allocating; full keys only where two collide
    let mut prints: Vec<(u64, IndicatorId)> = Vec::new();
    for id in plan.indicator_ids() {
        let ind = plan.indicator(id);
        let mut numeric_actuals = 0;
        let mut nonzero = false;
        let mut h = Fnv::default();
        for s in [Series::Target, Series::Actual] {
            for (y, c) in ind.series(s) {
                if let Some(q) = c.number() {
                    numeric_actuals += usize::from(s == Series::Actual);
                    nonzero |= q.value != 0.0;
                    h.write_u64(((s as u64) << 32) | y.start_year() as u64);
                    h.write_u64(q.value.to_bits());
                }
            }
        }
        if numeric_actuals >= 2 && nonzero {
            prints.push((h.finish(), id));
        }
    }
    prints.sort_unstable();
    let mut groups: Vec<(Key, Vec<IndicatorId>)> = Vec::new();
    for run in prints
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        let mut local: Vec<(Key, Vec<IndicatorId>)> = Vec::new();
        for &(_, id) in run {
            let key = key_of(id);
            match local.iter_mut().find(|(k, _)| *k == key) {
                Some((_, members)) => members.push(id),
                None => local.push((key, vec![id])),
            }
        }
        groups.extend(local.into_iter().filter(|(_, m)| m.len() > 1));
    }
    // in the order of the sheet
    groups.sort_by_key(|(_, members)| members[0]);
    for (key, members) in &groups {
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
    type Key<'a> = (Option<usize>, std::borrow::Cow<'a, str>, Option<&'a str>);
    let mut seen: FastMap<Key<'_>, IndicatorId> = FastMap::default();
    for id in plan.indicator_ids() {
        let ind = plan.indicator(id);
        let key = (
            ind.goal.map(|g| g.index()),
            crate::text::normalize(&ind.name),
            ind.group.as_deref(),
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
