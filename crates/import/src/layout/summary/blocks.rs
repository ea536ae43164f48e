//! A sheet of several blocks, each under a heading of its own: the same indicators' targets in
//! one block and their results in another (`番号 | 指標名 | 目標値(R6)`, then `番号 | 指標名 |
//! R4実績 | R5実績`). A heading that differs from the one being read opens a new block read
//! with its own columns; a row naming an indicator of an earlier block — by its number, else
//! by its name and group — gives its figures to that indicator.

use super::heading::{Header, heading_at};
use crate::grid::Grid;
use crate::header::{Role, role_of};
use shinchoku_core::Cell;
use shinchoku_core::era::Era;
use shinchoku_core::ids::IndicatorId;

/// The longest cell of a heading row, in characters.
const HEADING_CHARS: usize = 20;

/// The heading of a new block at row `i`, if the row is one: a heading of an indicator column
/// and value columns, other than the one being read, and no figure in it.
pub(super) fn next_heading(
    grid: &Grid,
    i: usize,
    era: Option<Era>,
    current: &Header,
) -> Option<Header> {
    let row = &grid.rows[i];
    // a heading is a row of short words naming its columns, the indicators' among them, and
    // no figure: a row of an indicator with dated figures (`2.0箇所(2014年)`) is none
    if i == current.row
        || current.rows.contains(&i)
        || row.filled().count() < 2
        || !row
            .filled()
            .any(|(_, t)| role_of(t) == Some(Role::Indicator))
        || row.filled().any(|(_, t)| {
            t.trim().chars().count() > HEADING_CHARS
                || t.contains('\n')
                || Cell::read(t).number().is_some()
        })
    {
        return None;
    }
    let next = heading_at(grid, i, era)?;
    // the same columns again are the heading repeated (a table continued under a title)
    let columns = |h: &Header| -> Vec<(usize, String)> {
        h.values
            .iter()
            .map(|v| (v.col, v.heading.clone()))
            .collect()
    };
    (next.col(Role::Indicator).is_some()
        && !next.values.is_empty()
        && columns(&next) != columns(current))
    .then_some(next)
}

/// What names an indicator across blocks: its number, its name and group.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Key {
    pub number: Option<String>,
    pub name: String,
    pub group: Option<String>,
}

/// The indicators of the blocks read so far.
#[derive(Debug, Default)]
pub(super) struct Blocks {
    earlier: Vec<(Key, IndicatorId)>,
    current: Vec<(Key, IndicatorId)>,
}

impl Blocks {
    /// A new block begins: the indicators read so far become earlier ones.
    pub fn open(&mut self) {
        self.earlier.append(&mut self.current);
    }

    /// The indicator of an earlier block this row names: by number where both have one, else
    /// by name and group.
    pub fn earlier(&self, key: &Key) -> Option<IndicatorId> {
        let by_number = key.number.as_ref().and_then(|n| {
            self.earlier
                .iter()
                .find(|(k, _)| k.number.as_ref() == Some(n))
        });
        by_number
            .or_else(|| {
                self.earlier
                    .iter()
                    .find(|(k, _)| k.name == key.name && k.group == key.group)
            })
            .map(|(_, id)| *id)
    }

    /// An indicator read in the current block.
    pub fn read(&mut self, key: Key, id: IndicatorId) {
        self.current.push((key, id));
    }
}
