//! The council sheet (子ども・子育て会議の資料): the plan's targets and actuals year by year,
//! with this year's 達成率, grade and comment, as an xlsx workbook ready to print. `matrix` lays
//! it out as 流山市 does (one band of 目標値 / 実績値 rows per indicator under its goals);
//! `style` holds what every layout prints with (font, borders, grade colours, number formats).

mod matrix;
mod sheet;
mod style;

pub use matrix::matrix_xlsx;

use shinchoku_core::FiscalYear;
use shinchoku_core::evaluate::EvaluationRecord;

/// What a council sheet shows besides the plan: the fiscal year it reports on, each
/// indicator's evaluation in that year, and each indicator's comment for it.
#[derive(Debug, Clone, Copy)]
pub struct CouncilYear<'a> {
    pub year: FiscalYear,
    /// One per indicator, in the plan's order.
    pub records: &'a [EvaluationRecord],
    /// The policy's grade labels, best first (評価不能 last): a grade's colour is its place.
    pub labels: &'a [String],
    /// One per indicator (empty: none), in the plan's order.
    pub comments: &'a [String],
}
