//! The descriptive columns of an indicator's row — 単位, 担当課 (所管課), 定義 (算出方法, 出典),
//! 方向, 累計 — read the same way by every layout that has them, in the vocabulary's words.

use crate::header::Role;
use shinchoku_core::vocabulary::{accumulation_of, polarity_of};
use shinchoku_core::{Cell, CellValue, Indicator, Polarity, Unit};

/// The descriptive roles, in the order a layout may keep their columns.
pub(crate) const DESCRIBED: [Role; 5] = [
    Role::Unit,
    Role::Department,
    Role::Definition,
    Role::Polarity,
    Role::Accumulation,
];

/// Fills what `ind` does not know yet from the descriptive cells of a row: `text_of` gives a
/// role's cell, trimmed, or None when the sheet has no such column or the cell is empty. What
/// is known stays (an indicator of two rows is described by the first that says), and a cell
/// that says nothing the vocabulary knows leaves the field unknown.
pub(crate) fn describe<'t>(ind: &mut Indicator, text_of: impl Fn(Role) -> Option<&'t str>) {
    if ind.unit.is_none() {
        ind.unit = text_of(Role::Unit).and_then(Unit::new);
    }
    if ind.department.is_none() {
        ind.department = text_of(Role::Department).map(str::to_owned);
    }
    if ind.definition.is_none() {
        ind.definition = text_of(Role::Definition).map(str::to_owned);
    }
    if ind.polarity.is_none() {
        ind.polarity = text_of(Role::Polarity).and_then(stated_polarity);
    }
    if ind.accumulation.is_none() {
        ind.accumulation = text_of(Role::Accumulation).and_then(accumulation_of);
    }
}

/// A 方向 cell: the vocabulary's words (増加, 多いほど良い …), or a direction as the cell grammar
/// reads it (↑, 増やす).
fn stated_polarity(text: &str) -> Option<Polarity> {
    polarity_of(text).or_else(|| match Cell::read(text).value {
        CellValue::Direction(d) => Some(Polarity::from(d)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shinchoku_core::Accumulation;

    fn described(cells: &[(Role, &'static str)]) -> Indicator {
        let mut ind = Indicator::new("保育所待機児童数".to_owned());
        describe(&mut ind, |role| {
            cells.iter().find(|(r, _)| *r == role).map(|(_, t)| *t)
        });
        ind
    }

    #[test]
    fn every_descriptive_column_is_read() {
        let ind = described(&[
            (Role::Unit, "人"),
            (Role::Department, "こども課"),
            (Role::Definition, "4月1日現在"),
            (Role::Polarity, "減少"),
            (Role::Accumulation, "累計"),
        ]);
        assert_eq!(ind.unit.as_ref().map(|u| u.as_str()), Some("人"));
        assert_eq!(ind.department.as_deref(), Some("こども課"));
        assert_eq!(ind.definition.as_deref(), Some("4月1日現在"));
        assert_eq!(ind.polarity, Some(Polarity::Decrease));
        assert_eq!(ind.accumulation, Some(Accumulation::RunningTotal));
    }

    #[test]
    fn a_direction_mark_is_a_polarity_and_other_words_are_not() {
        assert_eq!(
            described(&[(Role::Polarity, "↑")]).polarity,
            Some(Polarity::Increase)
        );
        assert_eq!(described(&[(Role::Polarity, "検討中")]).polarity, None);
        assert_eq!(
            described(&[(Role::Accumulation, "検討中")]).accumulation,
            None
        );
        assert_eq!(described(&[]).unit, None);
    }

    #[test]
    fn what_is_known_stays() {
        let mut ind = described(&[(Role::Unit, "人"), (Role::Polarity, "増加")]);
        describe(&mut ind, |role| match role {
            Role::Unit => Some("件"),
            Role::Polarity => Some("減少"),
            Role::Department => Some("保育課"),
            _ => None,
        });
        assert_eq!(ind.unit.as_ref().map(|u| u.as_str()), Some("人"));
        assert_eq!(ind.polarity, Some(Polarity::Increase));
        assert_eq!(ind.department.as_deref(), Some("保育課"));
    }
}
