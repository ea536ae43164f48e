//! Layout recognition: one recogniser per way cities lay out a progress sheet, behind one
//! trait. Each scores how well a grid fits it, with reasons; the best one reads the grid into
//! a plan. A new layout is a new file here and one line in [`layouts`].

mod form;
mod indicator_rows;
pub(crate) mod long;
mod matrix;
mod sectioned;
mod summary;
mod transposed;
mod wide;

pub use form::Form;
pub use long::Long;
pub(crate) use long::{read_rows as read_long_rows, read_text as read_long_text};
pub use matrix::Matrix;
pub use sectioned::Sectioned;
pub use summary::Summary;
pub use transposed::Transposed;
pub use wide::Wide;

use crate::grid::Grid;
use shinchoku_core::PlanBuilder;
use shinchoku_core::era::Era;
use shinchoku_core::fiscal_year::era_named_in;

/// How well a grid fits a layout: a score from 0 to 1 and the reasons, in Japanese.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recognition {
    pub score: f64,
    pub reasons: Vec<String>,
}

impl Recognition {
    pub(crate) fn add(&mut self, weight: f64, reason: impl Into<String>) {
        self.score += weight;
        self.reasons.push(reason.into());
    }
}

/// A way of laying out a progress sheet.
pub trait Layout {
    /// A short English name (`matrix`, `sectioned`).
    fn name(&self) -> &'static str;
    /// A description in Japanese: its kind, a colon, what it looks like.
    fn description(&self) -> &'static str;
    /// The kind of table, the description's first words (マトリクス型).
    fn kind(&self) -> &'static str {
        let d = self.description();
        d.split_once(':').map_or(d, |(kind, _)| kind)
    }
    /// How well `grid` fits this layout.
    fn recognise(&self, grid: &Grid, context: &SheetContext) -> Recognition;
    /// Reads `grid` into `plan`. Cells that cannot be placed become findings, never errors.
    fn read(&self, grid: &Grid, context: &SheetContext, plan: &mut PlanBuilder);
}

/// Every layout shinchoku knows.
pub fn layouts() -> Vec<Box<dyn Layout>> {
    vec![
        Box::new(Matrix),
        Box::new(Sectioned),
        Box::new(Summary),
        Box::new(Wide),
        Box::new(Transposed),
        Box::new(Long),
        Box::new(Form),
    ]
}

/// How many of `rows` hold a figure in one of `columns`: the evidence that a header really
/// heads a table of figures.
pub(crate) fn rows_with_figures<'r>(
    rows: impl Iterator<Item = &'r crate::grid::Row>,
    columns: &[usize],
) -> usize {
    rows.filter(|row| {
        columns
            .iter()
            .any(|c| shinchoku_core::Cell::read(row.cell(*c)).number().is_some())
    })
    .count()
}

/// How many rows from the top a layout is recognised on.
pub const RECOGNITION_ROWS: usize = 400;

/// A score a layout must reach to be used.
pub const MIN_SCORE: f64 = 0.5;

/// Two layouts whose scores are nearer than this both read the sheet about as well: the
/// choice is reported for a person to check.
pub const CLOSE_SCORES: f64 = 0.1;

/// What is known of a sheet before any layout reads it: its title, the era it writes
/// two-digit years in, and the plan's period when it states one.
#[derive(Debug, Clone, Default)]
pub struct SheetContext {
    pub title: Option<(usize, String)>,
    pub era: Option<Era>,
    /// The plan's period, where the title or a line of the opening states it
    /// (`第2期こども計画(令和2年度〜令和6年度)`, `計画期間:令和2～6年度`).
    pub period: Option<shinchoku_core::plan::PlanPeriod>,
    /// How `period` is known: stated, or the statutory term of the plan the title names
    /// (`第2期…子ども・子育て支援事業計画` runs 令和2〜6年度).
    pub period_source: shinchoku_core::PeriodSource,
    /// The goal the sheet's own goals sit under (the sheet, when a workbook's sheets make one
    /// plan together).
    pub root: Option<shinchoku_core::ids::GoalId>,
}

impl SheetContext {
    /// The title is the first text before any table, alone on its row; the era is the first
    /// one named in the sheet's opening rows.
    pub fn of(grid: &Grid) -> SheetContext {
        let opening: Vec<_> = grid.rows.iter().take(15).collect();
        let title = opening.iter().enumerate().find_map(|(i, r)| {
            let mut filled = r.filled();
            let first = filled.next()?;
            (filled.next().is_none() && first.1.trim().chars().count() >= 4)
                .then(|| (i, first.1.trim().to_owned()))
        });
        let era = opening
            .iter()
            .flat_map(|r| r.filled())
            .find_map(|(_, c)| era_named_in(c).filter(|_| c.contains("年度") || c.contains("年")));
        // a period stands in a line of its own: the title, or 計画期間 on a row of its own
        let period = opening
            .iter()
            .filter(|r| r.filled().count() <= 2)
            .flat_map(|r| r.filled())
            .find_map(|(_, c)| shinchoku_core::plan::PlanPeriod::find_in(c, era));
        let (period, period_source) = match period {
            Some(p) => (Some(p), shinchoku_core::PeriodSource::Stated),
            None => (
                title
                    .as_ref()
                    .and_then(|(_, t)| shinchoku_core::plan_term::find_in(t))
                    .map(|term| term.period),
                shinchoku_core::PeriodSource::Statutory,
            ),
        };
        SheetContext {
            title,
            era,
            period,
            period_source,
            root: None,
        }
    }
}

/// Why a layout the user named (`--layout`) found no indicator in a sheet, from its own
/// recognition's reasons, and what to do instead: the layout recognition would choose, when
/// one fits. A forced layout reads whatever it is given, so finding nothing is how it shows
/// that it did not fit — and saying nothing would pass for a sheet without indicators.
pub(crate) fn does_not_fit(
    layout: &str,
    recognitions: &[(&'static str, Recognition)],
) -> (String, String) {
    let reasons = recognitions
        .iter()
        .find(|(name, _)| *name == layout)
        .map(|(_, r)| r.reasons.join("、"))
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "このレイアウトとして読める行がありません".to_owned());
    let hint = match recognitions
        .first()
        .filter(|(name, r)| *name != layout && r.score >= MIN_SCORE)
    {
        Some((best, _)) => format!("--layout を付けずに読むと、表の形から「{best}」として読めます"),
        None => "--layout を外して表の形を判定させるか、--suggest-mapping で対応づけの案を書き出し、直して --mapping で指定してください".to_owned(),
    };
    (reasons, hint)
}
