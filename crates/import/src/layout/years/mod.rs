//! The one place a value's fiscal year is decided, whatever the layout. A sheet states years in
//! many places (`stated` reads each); every kind of figure looks for its year in one fixed
//! order, nearest first — its own cell, a year column beside it, its column's heading, then
//! what the sheet says around the table: a numbered note, the row's own target, a sentence,
//! the period of the row or of the plan. Each answer says where it came from: a year read from
//! context becomes a finding a person checks, and a value with no year anywhere stays without
//! one, never given an invented year.

mod stated;

pub(crate) use stated::{
    NoteYears, cell_year, course_in, dated_cell, era_of, note_years, sentence_years, yearly_figures,
};

use super::SheetContext;
use crate::grid::Grid;
use shinchoku_core::era::Era;
use shinchoku_core::finding::{Finding, FindingKind};
use shinchoku_core::fiscal_year::FiscalYear;
use shinchoku_core::ids::IndicatorId;
use shinchoku_core::plan::{PeriodSource, PlanPeriod};
use shinchoku_core::{Location, Series};
use stated::SentenceYears;

/// Where a value's year was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YearSource {
    /// The value's own cell (`54.6% (22年度)`).
    Cell,
    /// A 年度 column right of the value, a year per row.
    Beside,
    /// The value's column heading (`目標値(R6)`).
    Heading,
    /// A column heading dating it by a day within the year (`令和6年9月30日現在`): the
    /// year's figure so far.
    PartOfYear,
    /// A numbered note under the table (【現状値の出典】 (1) …平成26年度).
    Note,
    /// The year the same row's target cell states: an undated result is that milestone's.
    Row,
    /// A sentence above or under the table (「現状が平成20年度、目標が平成26年度」).
    Sentence,
    /// The end of the period the row states (事業期間): a target's year only.
    RowPeriod,
    /// The end of the plan's period: a target's year only.
    Period,
    /// The year the title says the sheet reports on (`令和5年度 …進捗状況`): the year of its
    /// results, and of a target nothing else dates.
    Title,
    /// A line of results under the table (`平成30年度実績 …`).
    Results,
}

impl YearSource {
    /// Where the year was read, in words a person checking it understands.
    pub(crate) fn says(self) -> &'static str {
        match self {
            YearSource::Cell => "セルに書かれた年度",
            YearSource::Beside => "隣の年度の列",
            YearSource::Heading => "列見出しの年度",
            YearSource::PartOfYear => "列見出しの日付(年度の途中の時点の実績)",
            YearSource::Note => "表の下の番号つきの注記に書かれた年度",
            YearSource::Row => "同じ行の目標値のセルに書かれた年度",
            YearSource::Sentence => "表の上下の文に書かれた年度",
            YearSource::RowPeriod => "行に書かれた事業期間の最終年度",
            YearSource::Period => "計画期間の最終年度",
            YearSource::Title => "表題の年度(報告の対象の年度)",
            YearSource::Results => "表の下の文に書かれた実績",
        }
    }

    /// True when the value's own cell, row or column states the year: nothing to check.
    pub(crate) fn is_the_values_own(self) -> bool {
        matches!(
            self,
            YearSource::Cell | YearSource::Beside | YearSource::Heading
        )
    }
}

/// What a value is, as far as its year goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Figure {
    /// 基準値 / 現状値: where the plan starts.
    Baseline,
    Target,
    Actual,
}

impl Figure {
    /// The figure of a series; `None` is a baseline.
    pub(crate) fn of(series: Option<Series>) -> Figure {
        match series {
            None => Figure::Baseline,
            Some(Series::Target) => Figure::Target,
            Some(Series::Actual) => Figure::Actual,
        }
    }

    /// Where a figure of this kind looks for its year, nearest first. A note dates when a
    /// figure was measured, so never a target; a period ends in the year a target is for, so
    /// never a measurement; a baseline is where the plan started, never the year reported on.
    fn order(self) -> &'static [YearSource] {
        use YearSource::*;
        match self {
            Figure::Baseline => &[Cell, Beside, Heading, Note, Sentence],
            Figure::Actual => &[
                Cell, Beside, Heading, PartOfYear, Note, Row, Sentence, Title,
            ],
            Figure::Target => &[Cell, Beside, Heading, Sentence, RowPeriod, Period, Title],
        }
    }
}

/// What one value's cell, row and column state of its year.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Stated {
    pub cell: Option<FiscalYear>,
    pub beside: Option<FiscalYear>,
    pub heading: Option<FiscalYear>,
    /// The year a heading dating the column by a day within it gives (a measurement only).
    pub part_of_year: Option<FiscalYear>,
    /// What a numbered note under the table gives the row's number.
    pub note: Option<FiscalYear>,
    /// The year the row's own target cell states.
    pub row: Option<FiscalYear>,
    /// The period the row states (事業期間).
    pub row_period: Option<PlanPeriod>,
}

/// A value's year and where it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dated {
    pub year: FiscalYear,
    pub source: YearSource,
}

impl Dated {
    /// The finding that asks a person to check a year read from context rather than from the
    /// value's own cell, row or column; `None` for those.
    pub(crate) fn finding(self, raw: &str, at: Location, about: IndicatorId) -> Option<Finding> {
        (!self.source.is_the_values_own()).then(|| {
            Finding::new(FindingKind::YearFromContext {
                raw: raw.trim().to_owned(),
                year: self.year,
                source: self.source.says().to_owned(),
            })
            .at(Some(at))
            .about(about)
        })
    }
}

/// What the sheet says of years around one table: its era, the sentences about it, the notes
/// under it, the plan's period.
#[derive(Debug, Default)]
pub(crate) struct SheetYears {
    pub era: Option<Era>,
    sentence: SentenceYears,
    pub notes: NoteYears,
    period: Option<PlanPeriod>,
    title: Option<FiscalYear>,
}

impl SheetYears {
    /// The years stated around the table whose header is the row `header_row` and whose data
    /// starts at `data_from`, two-digit years in `era`; `numbered`: the table numbers its rows,
    /// so notes under it may date them. The plan's period and the year the title reports on
    /// come from `ctx`.
    pub(crate) fn around(
        grid: &Grid,
        header_row: usize,
        data_from: usize,
        era: Option<Era>,
        numbered: bool,
        ctx: &SheetContext,
    ) -> SheetYears {
        SheetYears {
            era,
            sentence: sentence_years(grid, header_row, era),
            notes: if numbered {
                note_years(grid, data_from, era)
            } else {
                NoteYears::default()
            },
            period: ctx.period,
            title: ctx.report_year(era),
        }
    }

    /// Nothing around the table, only the era two-digit years are in: for a table whose
    /// values' own cells and headings date them all.
    pub(crate) fn only_the_era(era: Option<Era>) -> SheetYears {
        SheetYears {
            era,
            ..SheetYears::default()
        }
    }

    /// Leaves out what the years of a table's own year row say better: a period the sheet
    /// does not state (the statutory term a title names) and the year the title reports on.
    pub(crate) fn under_a_year_row(mut self, ctx: &SheetContext) -> SheetYears {
        if ctx.period_source != PeriodSource::Stated {
            self.period = None;
        }
        self.title = None;
        self
    }

    /// The year the sheet, around the table, gives a figure of this kind from `source`.
    fn around_the_table(&self, figure: Figure, source: YearSource) -> Option<FiscalYear> {
        match source {
            YearSource::Sentence => match figure {
                Figure::Baseline => self.sentence.baseline,
                Figure::Target => self.sentence.target,
                Figure::Actual => self.sentence.actual,
            },
            YearSource::Period => self.period.map(|p| p.last),
            YearSource::Title => self.title,
            _ => None,
        }
    }

    /// The year of a value: the first source in its figure's order that gives one.
    pub(crate) fn resolve(&self, figure: Figure, stated: &Stated) -> Option<Dated> {
        figure.order().iter().find_map(|&source| {
            let year = match source {
                YearSource::Cell => stated.cell,
                YearSource::Beside => stated.beside,
                YearSource::Heading => stated.heading,
                YearSource::PartOfYear => stated.part_of_year,
                YearSource::Note => stated.note,
                YearSource::Row => stated.row,
                YearSource::RowPeriod => stated.row_period.map(|p| p.last),
                _ => self.around_the_table(figure, source),
            };
            year.map(|year| Dated { year, source })
        })
    }

    /// Where a column whose heading states no year takes the year of a value whose cell states
    /// none either, as far as the table shows before its rows are read: `row_gives` says which
    /// of the row's own sources (a note, the row's target, its period) the table has. For
    /// `read --explain`: a person checks these columns, not every cell.
    pub(crate) fn source_for(
        &self,
        figure: Figure,
        row_gives: impl Fn(YearSource) -> bool,
    ) -> Option<YearSource> {
        figure
            .order()
            .iter()
            .copied()
            .filter(|s| !s.is_the_values_own())
            .find(|&s| row_gives(s) || self.around_the_table(figure, s).is_some())
    }
}

/// What becomes of a value with no year anywhere, for most layouts: it is reported, not dated.
pub(crate) const NO_YEAR: &str = "年度のない値として指摘";

/// What `read --explain` says of a column whose heading states no year: where its values'
/// years will come from (`source`, else `otherwise`), for a person to check.
pub(crate) fn undated_column(
    heading: &str,
    source: Option<YearSource>,
    otherwise: &'static str,
) -> String {
    format!(
        "「{}」の年度はセルに書かれた年度、なければ{}(要確認)",
        heading.trim(),
        source.map_or(otherwise, YearSource::says)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Row;

    fn fy(y: i32) -> FiscalYear {
        FiscalYear::new(y).expect("a fiscal year")
    }

    fn sheet(sentence: &str, period: Option<PlanPeriod>) -> SheetYears {
        let grid = Grid {
            rows: vec![
                Row::new(1, [sentence]),
                Row::new(2, ["指標", "現状値", "目標値"]),
            ],
            ..Grid::default()
        };
        let ctx = SheetContext {
            period,
            ..SheetContext::of(&grid)
        };
        SheetYears::around(&grid, 1, 2, None, false, &ctx)
    }

    #[test]
    fn the_values_own_year_comes_first_then_the_nearest_context() {
        let period = Some(PlanPeriod::new(fy(2020), fy(2024)));
        let years = sheet("※現状が平成30年度、目標が令和5年度の値です。", period);
        let dated = |figure, stated: Stated| years.resolve(figure, &stated);
        // the cell beats the heading, the heading beats the sentence
        let own = Stated {
            cell: Some(fy(2019)),
            heading: Some(fy(2021)),
            ..Stated::default()
        };
        assert_eq!(
            dated(Figure::Target, own),
            Some(Dated {
                year: fy(2019),
                source: YearSource::Cell
            })
        );
        let headed = Stated {
            heading: Some(fy(2021)),
            ..Stated::default()
        };
        assert_eq!(
            dated(Figure::Target, headed).map(|d| d.source),
            Some(YearSource::Heading)
        );
        // the sentence before the plan's period, for a target; for a baseline its own clause
        assert_eq!(
            dated(Figure::Target, Stated::default()),
            Some(Dated {
                year: fy(2023),
                source: YearSource::Sentence
            })
        );
        assert_eq!(
            dated(Figure::Baseline, Stated::default()).map(|d| d.year),
            Some(fy(2018))
        );
        // the sentence gives no actual's year, and a period never dates a measurement
        assert_eq!(dated(Figure::Actual, Stated::default()), None);
        // a note dates a measurement, never a target
        let noted = Stated {
            note: Some(fy(2014)),
            ..Stated::default()
        };
        assert_eq!(
            dated(Figure::Actual, noted).map(|d| d.source),
            Some(YearSource::Note)
        );
        assert_eq!(
            dated(Figure::Target, noted).map(|d| d.source),
            Some(YearSource::Sentence)
        );
    }

    #[test]
    fn a_target_with_nothing_else_takes_the_row_period_then_the_plans() {
        let period = Some(PlanPeriod::new(fy(2020), fy(2024)));
        let years = sheet("指標の一覧", period);
        let in_row = Stated {
            row_period: Some(PlanPeriod::new(fy(2019), fy(2022))),
            ..Stated::default()
        };
        assert_eq!(
            years.resolve(Figure::Target, &in_row),
            Some(Dated {
                year: fy(2022),
                source: YearSource::RowPeriod
            })
        );
        assert_eq!(
            years.resolve(Figure::Target, &Stated::default()),
            Some(Dated {
                year: fy(2024),
                source: YearSource::Period
            })
        );
        // no period, no sentence: no year, rather than an invented one
        let bare = sheet("指標の一覧", None);
        assert_eq!(bare.resolve(Figure::Target, &Stated::default()), None);
        assert_eq!(
            bare.source_for(Figure::Target, |s| s == YearSource::RowPeriod),
            Some(YearSource::RowPeriod)
        );
        assert_eq!(bare.source_for(Figure::Target, |_| false), None);
        assert_eq!(
            years.source_for(Figure::Target, |_| false),
            Some(YearSource::Period)
        );
    }

    #[test]
    fn only_context_asks_to_be_checked() {
        let at = Location::text(3, 2);
        let id = IndicatorId::from_index(0);
        let own = Dated {
            year: fy(2020),
            source: YearSource::Heading,
        };
        assert!(own.finding("5人", at.clone(), id).is_none());
        let guessed = Dated {
            year: fy(2024),
            source: YearSource::Period,
        };
        let finding = guessed.finding(" 5人 ", at, id);
        assert!(matches!(
            finding.map(|f| f.kind),
            Some(FindingKind::YearFromContext { raw, source, .. })
                if raw == "5人" && source == "計画期間の最終年度"
        ));
    }
}
