//! What a sheet states about years, wherever it states them: in a cell beside its figure
//! (`54.6% (22年度)`, `(H27) 55.8%`, `1.62⏎(H29年)`), in a sentence above or under the table
//! (「現状が平成20年度、目標が平成26年度」), in numbered notes under it (【現状値の出典】), in a
//! cell listing figures year by year, in a name's line giving the plan's course. `super`
//! weighs these against each other; here each is only read.

use crate::grid::{Grid, Row};
use shinchoku_core::era::Era;
use shinchoku_core::fiscal_year::{self, FiscalYear, era_named_in};
use shinchoku_core::text::normalize;
use shinchoku_core::{Cell, CellValue};

/// The year a cell states beside its figure, in brackets anywhere in it (`54.6% (22年度)`,
/// `(H27) 55.8%`, `0人(令和2年度末)`), and the cell's text without it.
pub(crate) fn cell_year(raw: &str, era: Option<Era>) -> Option<(FiscalYear, String)> {
    let t = normalize(raw);
    let mut from = 0;
    while let Some(open) = t[from..].find('(').map(|i| i + from) {
        // the bracket that closes this one, past any inside it: `(H33(R3))`
        let mut depth = 0usize;
        let close = t[open..]
            .char_indices()
            .find(|(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                depth == 0
            })
            .map_or(t.len(), |(i, _)| open + i + 1);
        if let Some(y) = fiscal_year::dated_in(&t[open..close], era) {
            let rest = format!("{}{}", &t[..open], &t[close..]);
            return Some((y, rest.trim().to_owned()));
        }
        from = close.min(t.len());
        if from >= t.len() {
            break;
        }
    }
    None
}

/// A cell that may state its year beside its figure (`500人(R5)`): the cell read (its raw text
/// whole; its value the figure beside the year, where the whole is no figure), the year, and
/// the text without the year.
pub(crate) fn dated_cell(raw: &str, era: Option<Era>) -> (Cell, Option<FiscalYear>, String) {
    let mut cell = Cell::read(raw);
    let (year, rest) = match cell_year(raw, era) {
        Some((y, rest)) => (Some(y), rest),
        None => (None, raw.trim().to_owned()),
    };
    if matches!(cell.value, CellValue::Text) {
        cell.value = Cell::read(&rest).value;
    }
    (cell, year, rest)
}

/// The era a table writes two-digit years in: the first one named in its opening rows, else
/// anywhere in it (a cell `(平成28年度)` beside `(32年度)`).
pub(crate) fn era_of(grid: &Grid, opening: Option<Era>) -> Option<Era> {
    opening.or_else(|| {
        grid.rows
            .iter()
            .take(400)
            .flat_map(Row::filled)
            .find_map(|(_, c)| era_named_in(c))
    })
}

/// Years a sentence gives to the columns: 「現状が平成20年度、目標が平成26年度」, 「この計画の目標年度で
/// ある平成26年度」.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(crate) struct SentenceYears {
    pub baseline: Option<FiscalYear>,
    pub target: Option<FiscalYear>,
    pub actual: Option<FiscalYear>,
}

pub(crate) fn sentence_years(grid: &Grid, header_row: usize, era: Option<Era>) -> SentenceYears {
    let mut found = SentenceYears::default();
    // a sentence is a row of one cell: prose above or under the table, not a cell in it
    let texts = grid
        .rows
        .iter()
        .enumerate()
        .filter(|(i, r)| *i != header_row && r.filled().count() == 1)
        .flat_map(|(_, r)| r.filled().map(|(_, t)| t));
    for text in texts.filter(|t| t.chars().count() >= 6) {
        let t = normalize(text);
        let mut offset = 0;
        while let Some((year, at)) = fiscal_year::find_in(&t[offset..], era) {
            // the clause before the year names the column: 現状が平成20年度, 目標値は計画期間最終
            // 年度である平成32年度; of several words in it, the one nearest the year
            let head = &t[..offset + at.start];
            let clause = head
                .rfind(['、', '。', ',', '，'])
                .map_or(head, |k| &head[k..]);
            let clause: String = clause
                .chars()
                .rev()
                .take(30)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let slot = [
                ("現状", 0),
                ("基準", 0),
                ("策定時", 0),
                ("目標", 1),
                ("実績", 2),
            ]
            .into_iter()
            .filter_map(|(w, k)| clause.rfind(w).map(|at| (at, k)))
            .max()
            .map(|(_, k)| match k {
                0 => &mut found.baseline,
                1 => &mut found.target,
                _ => &mut found.actual,
            });
            if let Some(slot) = slot {
                slot.get_or_insert(year);
            }
            offset += at.end;
        }
    }
    found
}

/// The figures a cell lists year by year, `2019年度:300 2020年度:600`: each year, the text it
/// was read from and the figure; `None` unless the whole cell is two such pairs or more.
pub(crate) fn yearly_figures(raw: &str, era: Option<Era>) -> Option<Vec<(FiscalYear, &str, &str)>> {
    let mut out = Vec::new();
    for token in raw
        .split([' ', '\u{3000}', '\n', '、'])
        .filter(|t| !t.is_empty())
    {
        let (year, figure) = token.split_once([':', '：'])?;
        let year = fiscal_year::dated_in(year, era)?;
        shinchoku_core::Cell::read(figure).number()?;
        out.push((year, token, figure));
    }
    (out.len() >= 2).then_some(out)
}

/// A name cell's line that gives the plan's course, `H26年1.54→H31年1.68`: the figure of the
/// first year (the baseline) and the target of the last, each with the text it was read from.
pub(crate) type Course = ((FiscalYear, String), (FiscalYear, String));

/// The course a line of a name cell states, if it is one.
pub(crate) fn course_in(line: &str, era: Option<Era>) -> Option<Course> {
    let t = normalize(line);
    let (from, to) = t.split_once('→')?;
    let dated = |side: &str| -> Option<(FiscalYear, String)> {
        let (year, at) = fiscal_year::find_in(side.trim(), era)?;
        let (before, figure) = side.trim().split_at(at.end);
        let figure = figure.trim();
        (before[..at.start].trim().is_empty()
            && shinchoku_core::Cell::read(figure).number().is_some())
        .then(|| (year, figure.to_owned()))
    };
    Some((dated(from)?, dated(to)?))
}

/// The years the numbered notes under a table give its items (`(1) 8020推進員研修会修了者(平成26
/// 年度)`, `(6)・(7) 平成26年度 学校歯科健康診断結果`): when each numbered row's figures were
/// measured, as a list of sources (【現状値の出典】) says. Keyed by the item's digits, with the
/// rows the notes take.
#[derive(Debug, Default)]
pub(crate) struct NoteYears {
    by_item: Vec<(String, FiscalYear)>,
    pub rows: Vec<usize>,
}

impl NoteYears {
    /// The year the notes give the item numbered `number` (`(1)`, `1`, `①`).
    pub fn of(&self, number: &str) -> Option<FiscalYear> {
        let key = item_digits(number)?;
        self.by_item
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, y)| *y)
    }
}

/// The digits of an item number, `(1)` → `1`; `None` for anything else.
fn item_digits(t: &str) -> Option<String> {
    crate::outline::is_item_number(t).then(|| {
        normalize(t)
            .chars()
            .filter(|c| c.is_ascii_digit() || "-.".contains(*c))
            .collect::<String>()
            .trim_matches('.')
            .to_owned()
    })
}

/// Splits the item numbers off the start of a note: `(6)・(7) 平成26年度…` → `[6, 7]`, the rest.
fn leading_items(t: &str) -> (Vec<String>, &str) {
    let mut items = Vec::new();
    let mut rest = t.trim_start();
    while let Some(r) = rest.strip_prefix('(') {
        let Some(close) = r.find(')') else { break };
        let Some(d) = item_digits(&rest[..close + 2]) else {
            break;
        };
        items.push(d);
        rest = r[close + 1..].trim_start_matches(['・', '、', ',', ' ', '\u{3000}']);
    }
    (items, rest)
}

pub(crate) fn note_years(grid: &Grid, data_from: usize, era: Option<Era>) -> NoteYears {
    let mut found = NoteYears::default();
    for (i, row) in grid.rows.iter().enumerate().skip(data_from) {
        let mut filled = row.filled();
        let (Some((_, text)), None) = (filled.next(), filled.next()) else {
            continue;
        };
        let t = normalize(text);
        let (items, rest) = leading_items(&t);
        if items.is_empty() {
            continue;
        }
        if let Some(y) = fiscal_year::dated_in(rest, era) {
            found.by_item.extend(items.into_iter().map(|k| (k, y)));
            found.rows.push(i);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(y: Option<FiscalYear>) -> Option<i32> {
        y.map(FiscalYear::start_year)
    }

    #[test]
    fn years_in_cells_dates_and_sentences() {
        let h = Some(Era::Heisei);
        let cell = |raw| cell_year(raw, h).map(|(y, rest)| (y.start_year(), rest));
        assert_eq!(cell("54.6% (22年度)"), Some((2010, "54.6%".to_owned())));
        assert_eq!(cell("(H27) 55.8%"), Some((2015, "55.8%".to_owned())));
        assert_eq!(cell("1.62\n(H29年)"), Some((2017, "1.62".to_owned())));
        assert_eq!(cell("81.0%(32年度)"), Some((2020, "81.0%".to_owned())));
        assert_eq!(cell("57,277件(28年)"), Some((2016, "57,277件".to_owned())));
        assert_eq!(
            cell("2,100戸\n(H33(R3))"),
            Some((2021, "2,100戸".to_owned()))
        );
        assert_eq!(cell("54.6%"), None);
        assert_eq!(cell("1か所(予定)"), None);
        let grid = Grid {
            rows: vec![
                Row::new(1, ["※現状が平成20年度、目標が平成26年度の値です。"]),
                Row::new(2, ["指標"]),
            ],
            ..Grid::default()
        };
        let y = sentence_years(&grid, 1, h);
        assert_eq!(start(y.baseline), Some(2008));
        assert_eq!(start(y.target), Some(2014));
        assert_eq!(y.actual, None);
        // the clause names the column, however far its word is from the year
        let grid = Grid {
            rows: vec![
                Row::new(
                    1,
                    [
                        "現状値は直近の数値とし、目標値は計画期間最終年度である平成32年度の数値とします。",
                    ],
                ),
                Row::new(2, ["指標"]),
            ],
            ..Grid::default()
        };
        let y = sentence_years(&grid, 1, h);
        assert_eq!((start(y.target), y.baseline), (Some(2020), None));
    }

    #[test]
    fn numbered_notes_date_their_items() {
        let h = Some(Era::Heisei);
        let grid = Grid {
            rows: vec![
                Row::new(1, ["(1)", "修了者数", "256人"]),
                Row::new(2, ["【現状値の出典】"]),
                Row::new(3, ["(1) 研修会修了者(平成26年度)"]),
                Row::new(4, ["(6)・(7) 平成27年度 学校歯科健康診断結果"]),
                Row::new(5, ["(8) 出典は町の調査"]),
            ],
            ..Grid::default()
        };
        let notes = note_years(&grid, 1, h);
        assert_eq!(start(notes.of("(1)")), Some(2014));
        assert_eq!(start(notes.of("7")), Some(2015));
        assert_eq!(start(notes.of("(6)")), Some(2015));
        assert_eq!(notes.of("(8)"), None);
        assert_eq!(notes.of("(2)"), None);
        assert_eq!(notes.rows, vec![2, 3]);
    }
}
