//! Which figures are the indicator's own. A figure marked ※ whose value lies far from the rest
//! of its series is, as its note says, another quantity (`※41か所` under 「※復興事業により
//! 整備した公園数」 beside 1, 0, 0 and a target of 1): it is set aside, never graded, summed or
//! projected as the indicator's, and the user is told.

use crate::cell::{Cell, NoteMark};
use crate::fiscal_year::FiscalYear;
use crate::indicator::Indicator;

/// How many times larger (or smaller) than the rest of its series a marked figure must be to
/// be another quantity. A marked figure of the series' own size is merely annotated.
const FAR: f64 = 5.0;

/// A marked actual set aside as another quantity.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAside<'a> {
    pub year: FiscalYear,
    pub cell: &'a Cell,
    /// The footnote that says what it is, when one was found.
    pub note: Option<&'a str>,
    /// The middle of the indicator's other figures (actuals and targets), for the message.
    pub typical: f64,
}

/// The marked actuals of `indicator` that lie far from every other figure it has.
pub fn set_aside<'a>(indicator: &'a Indicator, notes: &[&'a str]) -> Vec<SetAside<'a>> {
    let marked = |c: &Cell| c.number().is_some_and(|q| q.note_mark.is_some());
    if !indicator.actuals.values().any(marked) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (year, cell) in indicator.actuals.iter() {
        let Some(q) = cell.number().filter(|q| q.note_mark.is_some()) else {
            continue;
        };
        let mut others: Vec<f64> = indicator
            .actuals
            .iter()
            .filter(|(y, c)| *y != year && !marked(c))
            .chain(indicator.targets.iter())
            .filter_map(|(_, c)| c.number().map(|q| q.value))
            .collect();
        if others.len() < 2 {
            continue;
        }
        others.sort_by(f64::total_cmp);
        let typical = median(&others);
        let scale = typical.abs().max(1.0);
        let far = q.value.abs() > FAR * scale || (typical > 0.0 && q.value.abs() * FAR < typical);
        if far {
            out.push(SetAside {
                year: *year,
                cell,
                note: note_for(q.note_mark, notes),
                typical,
            });
        }
    }
    out
}

/// The footnote a marked cell points to.
pub fn note_of<'a>(cell: &Cell, notes: &[&'a str]) -> Option<&'a str> {
    note_for(cell.number().and_then(|q| q.note_mark), notes)
}

fn note_for<'a>(mark: Option<NoteMark>, notes: &[&'a str]) -> Option<&'a str> {
    let mark = mark?;
    let numbered = |n: u32| {
        notes.iter().copied().find(|t| {
            let t = crate::text::normalize(t);
            let rest = t.trim_start_matches(['※', '*']);
            rest.starts_with(&n.to_string())
                && !rest[n.to_string().len()..].starts_with(|c: char| c.is_ascii_digit())
        })
    };
    match mark.number {
        Some(n) => numbered(n).or_else(|| notes.first().copied()),
        None => notes.first().copied(),
    }
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::fy;

    fn indicator(targets: &[(i32, &str)], actuals: &[(i32, &str)]) -> Indicator {
        crate::test_support::indicator("x", targets, actuals)
    }

    #[test]
    fn a_marked_figure_far_from_its_series_is_set_aside_with_its_note() {
        let parks = indicator(
            &[(2024, "1か所")],
            &[
                (2020, "※41か所"),
                (2021, "1か所"),
                (2022, "0か所"),
                (2023, "0か所"),
            ],
        );
        let notes = ["※復興事業により整備した公園数"];
        let out = set_aside(&parks, &notes);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].year, fy(2020));
        assert_eq!(out[0].note, Some("※復興事業により整備した公園数"));
        // the same shape with other figures: 1,250 marked among a few dozen
        let visits = indicator(
            &[(2026, "60回")],
            &[(2022, "45回"), (2023, "※1,250回"), (2024, "52回")],
        );
        assert_eq!(set_aside(&visits, &["※市全体の回数"]).len(), 1);
    }

    #[test]
    fn a_marked_figure_of_the_series_size_is_only_annotated() {
        let repairs = indicator(
            &[(2024, "※4か所")],
            &[
                (2020, "0か所"),
                (2021, "1か所"),
                (2022, "0か所"),
                (2023, "※1か所"),
            ],
        );
        assert!(set_aside(&repairs, &["※今後整備が必要な公園"]).is_empty());
        let users = indicator(
            &[(2024, "8,000人")],
            &[(2020, "※4,801人"), (2021, "3,831人"), (2022, "3,895人")],
        );
        assert!(set_aside(&users, &["※センター全体の合計"]).is_empty());
        // with too little to compare, nothing is set aside
        let alone = indicator(&[], &[(2020, "※41か所"), (2021, "1か所")]);
        assert!(set_aside(&alone, &[]).is_empty());
    }

    #[test]
    fn a_numbered_mark_takes_its_numbered_note() {
        let i = indicator(
            &[(2024, "10件")],
            &[(2020, "※2 900件"), (2021, "8件"), (2022, "9件")],
        );
        let out = set_aside(&i, &["※1 年度末現在", "※2 県全体の件数"]);
        assert_eq!(out[0].note, Some("※2 県全体の件数"));
    }
}
