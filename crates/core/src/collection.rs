//! A collection: the figures of many municipalities in one long table, as a prefecture
//! gathers them from its municipalities or a ministry publishes them — one row per
//! municipality × indicator × fiscal year × 目標値/実績値. Each municipality's rows make one plan.

use crate::municipality::MunicipalityCode;
use crate::{Cell, FiscalYear, Series};
use std::fmt;

/// One figure of a collection, its cell already read.
#[derive(Debug, Clone, PartialEq)]
pub struct CollectionRow {
    /// The source line, from 1.
    pub line: usize,
    pub municipality: MunicipalityCode,
    /// The indicator's id (its number, else its name) as the table writes it.
    pub indicator: String,
    /// Its name, when the table has a name beside the id.
    pub name: Option<String>,
    pub fiscal_year: FiscalYear,
    pub series: Series,
    /// The figure as written (`4,395`, `62.5%`, `↑`).
    pub raw: String,
    /// The number the cell grammar reads in it.
    pub number: Option<f64>,
}

impl CollectionRow {
    /// The number `raw` reads as, by the same grammar as every other cell.
    pub fn number_of(raw: &str) -> Option<f64> {
        Cell::read(raw).number().map(|q| q.value)
    }
}

/// A row left out of a collection, and why: the rest of the table is still taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    /// The source line, from 1.
    pub line: usize,
    /// The column's header as the table writes it, when one column is at fault.
    pub column: Option<String>,
    pub reason: String,
}

impl fmt::Display for RejectedRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(f, "{}行目「{c}」列: {}", self.line, self.reason),
            None => write!(f, "{}行目: {}", self.line, self.reason),
        }
    }
}
