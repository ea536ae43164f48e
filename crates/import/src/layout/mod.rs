//! Layout recognition: one recogniser per way cities lay out a progress sheet, behind one
//! trait. Each scores how well a grid fits it, with reasons; the best one reads the grid into
//! a plan. A new layout is a new file here and one line in [`layouts`].

mod caption;
mod captioned;
mod describe;
mod form;
mod indicator_rows;
pub(crate) mod long;
mod matrix;
mod sectioned;
mod summary;
mod transposed;
mod wide;
pub(crate) mod years;

pub use captioned::Captioned;
pub use form::Form;
pub use long::Long;
pub use matrix::Matrix;
pub use sectioned::Sectioned;
pub use summary::Summary;
pub use transposed::Transposed;
pub use wide::Wide;

use crate::grid::{Grid, Locator, Row};
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
    /// No fit, and why.
    pub(crate) fn none(reason: impl Into<String>) -> Recognition {
        Recognition {
            score: 0.0,
            reasons: vec![reason.into()],
        }
    }

    pub(crate) fn add(&mut self, weight: f64, reason: impl Into<String>) {
        self.score += weight;
        self.reasons.push(reason.into());
    }
}

/// A way of laying out a progress sheet (seen from outside the crate as an [`AnyLayout`]).
pub(crate) trait Layout {
    /// What recognition found in a sheet's first rows and reading starts from: the header,
    /// the columns' roles and their years. The first rows are the sheet's own, so what is found
    /// there holds for the whole sheet: reading never searches for it again.
    type Found;
    /// A short English name (`matrix`, `sectioned`).
    fn name(&self) -> &'static str;
    /// A description in Japanese: its kind, a colon, what it looks like.
    fn description(&self) -> &'static str;
    /// How well `grid`, a sheet's first rows, fits this layout, and what was found there when
    /// it fits at all.
    fn recognise(&self, grid: &Grid, context: &SheetContext) -> (Recognition, Option<Self::Found>);
    /// Reads the whole sheet, `grid`, from what recognition found. Cells that cannot be placed
    /// become findings, never errors.
    fn read(&self, found: Self::Found, grid: &Grid, context: &SheetContext, plan: &mut PlanBuilder);
    /// Reads the sheet's rows as they come, without a grid of all of them, when the layout
    /// reads in row order; gives `found` back when it needs the whole grid.
    fn read_rows(
        &self,
        found: Self::Found,
        _rows: SheetRows<'_>,
        _context: &SheetContext,
        _plan: &mut PlanBuilder,
    ) -> Result<(), Self::Found> {
        Err(found)
    }
}

/// A sheet's rows as they come: a text file's, or a workbook sheet's while it is still being
/// parsed (they cannot be read twice).
pub(crate) enum SheetRows<'a> {
    Text {
        text: &'a str,
        delimiter: u8,
    },
    Stream {
        rows: &'a mut dyn Iterator<Item = Row>,
        locator: Locator,
    },
}

/// A layout behind `dyn`, as [`layouts`] lists them: what its recognition found travels,
/// unseen, to its reading.
pub trait AnyLayout {
    fn name(&self) -> &'static str;
    fn description(&self) -> &'static str;
    /// The kind of table, the description's first words (マトリクス型).
    fn kind(&self) -> &'static str {
        let d = self.description();
        d.split_once(':').map_or(d, |(kind, _)| kind)
    }
    fn recognise<'l>(&'l self, grid: &Grid, context: &SheetContext) -> Recognised<'l>;
}

impl<L: Layout> AnyLayout for L {
    fn name(&self) -> &'static str {
        Layout::name(self)
    }

    fn description(&self) -> &'static str {
        Layout::description(self)
    }

    fn recognise<'l>(&'l self, grid: &Grid, context: &SheetContext) -> Recognised<'l> {
        let (recognition, found) = Layout::recognise(self, grid, context);
        Recognised {
            recognition,
            reading: found.map(|found| {
                Box::new(LayoutReading {
                    layout: self,
                    found,
                }) as Box<dyn SheetReading<'l> + 'l>
            }),
        }
    }
}

/// A layout's recognition of a sheet and, when it found its structure there, the reading
/// that starts from it.
pub struct Recognised<'l> {
    pub recognition: Recognition,
    pub(crate) reading: Option<Box<dyn SheetReading<'l> + 'l>>,
}

impl std::fmt::Debug for Recognised<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recognised")
            .field("recognition", &self.recognition)
            .field("reading", &self.reading.is_some())
            .finish()
    }
}

/// Reading a sheet from what a layout's recognition found in it.
pub(crate) trait SheetReading<'l> {
    /// Reads the whole sheet.
    fn read(self: Box<Self>, grid: &Grid, context: &SheetContext, plan: &mut PlanBuilder);
    /// Reads the rows as they come, or gives the reading back when the layout needs the grid.
    fn read_rows(
        self: Box<Self>,
        rows: SheetRows<'_>,
        context: &SheetContext,
        plan: &mut PlanBuilder,
    ) -> Result<(), Box<dyn SheetReading<'l> + 'l>>;
}

/// A layout and what its recognition found.
struct LayoutReading<'l, L: Layout> {
    layout: &'l L,
    found: L::Found,
}

impl<'l, L: Layout> SheetReading<'l> for LayoutReading<'l, L> {
    fn read(self: Box<Self>, grid: &Grid, context: &SheetContext, plan: &mut PlanBuilder) {
        self.layout.read(self.found, grid, context, plan);
    }

    fn read_rows(
        self: Box<Self>,
        rows: SheetRows<'_>,
        context: &SheetContext,
        plan: &mut PlanBuilder,
    ) -> Result<(), Box<dyn SheetReading<'l> + 'l>> {
        let LayoutReading { layout, found } = *self;
        layout
            .read_rows(found, rows, context, plan)
            .map_err(|found| {
                Box::new(LayoutReading { layout, found }) as Box<dyn SheetReading<'l> + 'l>
            })
    }
}

/// Every layout shinchoku knows.
pub fn layouts() -> Vec<Box<dyn AnyLayout>> {
    vec![
        Box::new(Matrix),
        Box::new(Sectioned),
        Box::new(Summary),
        Box::new(Wide),
        Box::new(Transposed),
        Box::new(Long),
        Box::new(Form),
        Box::new(Captioned),
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

    /// The fiscal year the sheet reports on, as its title names it (`令和5年度 …進捗状況`): the
    /// one year a title speaking of progress or results names besides the plan's period.
    pub fn report_year(&self, era: Option<Era>) -> Option<shinchoku_core::FiscalYear> {
        let (_, title) = self.title.as_ref()?;
        let t = shinchoku_core::text::normalize(title);
        if !shinchoku_core::vocabulary::reports_progress(&t) {
            return None;
        }
        let mut years = Vec::new();
        let mut from = 0;
        while let Some((year, at)) = shinchoku_core::fiscal_year::find_in(&t[from..], era) {
            years.push(year);
            from += at.end;
        }
        // the period the title writes (令和2年度〜令和6年度) names its ends once each
        if let Some(p) = shinchoku_core::plan::PlanPeriod::find_in(&t, era) {
            for end in [p.first, p.last] {
                if let Some(k) = years.iter().position(|y| *y == end) {
                    years.remove(k);
                }
            }
        }
        years.sort_unstable();
        years.dedup();
        match years.as_slice() {
            [year] => Some(*year),
            _ => None,
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
