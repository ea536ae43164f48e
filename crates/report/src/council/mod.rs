//! The council sheet (子ども・子育て会議の資料): the plan's targets and actuals year by year,
//! with this year's 達成率, grade and comment, as an xlsx workbook ready to print, in the
//! layout the city's own sheet had. `matrix` lays it out as 流山市 does (one band of 目標値 /
//! 実績値 rows per indicator under its goals), `sectioned` as 釜石市 does (a small table per
//! measure under its headings); `sheet` is what both share, `style` what they print with
//! (font, borders, grade colours, number formats).

mod matrix;
mod sectioned;
mod sheet;
mod style;

pub use matrix::matrix_xlsx;
pub use sectioned::{fits as fits_sectioned, sectioned_xlsx};

use crate::PlanYear;

/// What a council sheet shows besides the plan: the plan evaluated in the year it reports on,
/// and each indicator's comment for that year.
#[derive(Debug, Clone, Copy)]
pub struct CouncilYear<'a> {
    pub py: &'a PlanYear,
    /// One per indicator (empty: none), in the plan's order.
    pub comments: &'a [String],
}

/// The council sheet in the layout the plan's sheet was read with (`layout`, as the reader
/// names it): sectioned for a sectioned sheet whose indicators each have one target, the
/// matrix otherwise (every plan fits it).
pub fn council_xlsx(
    subject: &crate::Subject<'_>,
    council: &CouncilYear<'_>,
    layout: Option<&str>,
) -> Result<Vec<u8>, crate::ReportError> {
    if layout == Some("sectioned") && sectioned::fits(subject.plan) {
        sectioned_xlsx(subject, council)
    } else {
        matrix_xlsx(subject, council)
    }
}
