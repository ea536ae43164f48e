//! Reading a collection (see `shinchoku_core::collection`): a long CSV or TSV whose 団体コード
//! column names more than one municipality. It is recognised by the long layout's header, and
//! read a row at a time, each figure by the cell grammar, so that a table of millions of rows
//! never becomes one plan in memory. A row that cannot be taken is reported with its line and
//! column; the other rows are still read.

use crate::grid::{DelimitedRows, Grid, Row};
use crate::header::{Role, year_of};
use crate::layout::long::{Column, Header, find_header};
use crate::source::{Sheet, Source};
use shinchoku_core::collection::{CollectionRow, RejectedRow};
use shinchoku_core::municipality::MunicipalityCode;
use shinchoku_core::vocabulary::{Kind, kind_of};
use shinchoku_core::{FiscalYear, Series};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Rows looked at to recognise a collection.
const SAMPLE_ROWS: usize = 200;

/// A collection file, decoded, with its columns found.
#[derive(Debug)]
pub struct Collection {
    pub file: PathBuf,
    /// The text encoding it was decoded from (`UTF-8`, `Shift_JIS` …).
    pub encoding: String,
    /// What decoding it found (lines in another encoding …).
    pub findings: Vec<shinchoku_core::Finding>,
    text: String,
    delimiter: u8,
    header_row: usize,
    columns: Columns,
    /// Each column's header as written, for messages.
    names: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
struct Columns {
    municipality: usize,
    indicator: usize,
    name: Option<usize>,
    year: usize,
    kind: usize,
    value: usize,
}

impl Columns {
    fn of(h: &Header) -> Option<Columns> {
        let role = |r: Role| h.find(Column::Role(r));
        // the indicator's number names it, its name is shown; of two indicator columns
        // (指標ID, 指標名) the first is the id
        let named: Vec<usize> = h.all(Column::Role(Role::Indicator)).collect();
        let (indicator, name) = match (role(Role::IndicatorNumber), named.as_slice()) {
            (Some(n), names) => (n, names.first().copied()),
            (None, [id, name, ..]) => (*id, Some(*name)),
            (None, [id]) => (*id, None),
            (None, []) => return None,
        };
        Some(Columns {
            municipality: role(Role::Municipality)?,
            indicator,
            name,
            year: role(Role::FiscalYear)?,
            kind: h.find(Column::Kind)?,
            value: role(Role::Value)?,
        })
    }
}

/// The collection `source` holds, or the source back when it is one plan's sheet.
pub(crate) fn recognise(file: &Path, source: Source) -> Result<Collection, Source> {
    let Some((header_row, columns, names)) = find_columns(&source) else {
        return Err(source);
    };
    let Source {
        mut sheets,
        findings,
        description: encoding,
    } = source;
    match sheets.pop() {
        Some(Sheet::Text { text, delimiter }) => Ok(Collection {
            file: file.to_owned(),
            encoding,
            findings,
            text,
            delimiter,
            header_row,
            columns,
            names,
        }),
        other => {
            sheets.extend(other);
            Err(Source {
                sheets,
                findings,
                description: encoding,
            })
        }
    }
}

/// In a source of one text sheet, the header row, the collection's columns and every column's
/// header as written; `None` when it is not a collection.
fn find_columns(source: &Source) -> Option<(usize, Columns, Vec<String>)> {
    let [Sheet::Text { text, delimiter }] = source.sheets.as_slice() else {
        return None;
    };
    let sample = source.sheets[0].sample(SAMPLE_ROWS);
    let (header, columns) = find_header(&sample)
        .and_then(|h| Columns::of(&h).map(|c| (h, c)))
        .filter(|(h, c)| names_several(&sample, h.row, c.municipality, text, *delimiter))?;
    let names = sample.rows[header.row]
        .cells()
        .map(|c| c.trim().to_owned())
        .collect();
    Some((header.row, columns, names))
}

/// True when the column names more than one municipality: in the sample's data rows, else in
/// rows further on (a collection is often sorted by municipality, so that its first hundreds
/// of rows are all one). A row found by jumping into the text may be cut; only a valid code
/// other than the first counts.
fn names_several(sample: &Grid, header: usize, column: usize, text: &str, delimiter: u8) -> bool {
    let mut first: Option<&str> = None;
    for row in &sample.rows[header + 1..] {
        let t = row.cell(column).trim();
        if t.is_empty() {
            continue;
        }
        match first {
            None => first = Some(t),
            Some(f) if f != t => return true,
            Some(_) => {}
        }
    }
    let Some(first) = first.and_then(|f| MunicipalityCode::parse(f).ok()) else {
        return false;
    };
    let bytes = text.as_bytes();
    (1..=16).any(|k| {
        let at = bytes.len() / 16 * k;
        let Some(start) = bytes[..at.min(bytes.len())]
            .iter()
            .rposition(|b| *b == b'\n')
            .map(|p| p + 1)
        else {
            return false;
        };
        DelimitedRows::new(&text[start..], delimiter)
            .next()
            .and_then(|row| MunicipalityCode::parse(row.cell(column).trim()).ok())
            .is_some_and(|code| code != first)
    })
}

impl Collection {
    /// About how many data rows the file holds, from its length and its first rows'.
    pub fn estimated_rows(&self) -> usize {
        let sample: Vec<usize> = self
            .text
            .lines()
            .skip(self.header_row + 1)
            .take(SAMPLE_ROWS)
            .map(|l| l.len() + 1)
            .collect();
        let mean = sample.iter().sum::<usize>() / sample.len().max(1);
        self.text.len() / mean.max(1)
    }

    /// The data rows, in order: each a figure, or the reason it was left out.
    pub fn rows(&self) -> impl Iterator<Item = Result<CollectionRow, RejectedRow>> + '_ {
        let mut codes: HashMap<String, Result<MunicipalityCode, String>> = HashMap::new();
        DelimitedRows::new(&self.text, self.delimiter)
            .skip(self.header_row + 1)
            .filter(|row| !row.is_blank())
            .map(move |row| self.row(&row, &mut codes))
    }

    fn reject(&self, row: &Row, column: usize, reason: String) -> RejectedRow {
        RejectedRow {
            line: row.line,
            column: self.names.get(column).cloned(),
            reason,
        }
    }

    fn row(
        &self,
        row: &Row,
        codes: &mut HashMap<String, Result<MunicipalityCode, String>>,
    ) -> Result<CollectionRow, RejectedRow> {
        let c = self.columns;
        let code_text = row.cell(c.municipality).trim();
        // 1,741 codes repeat over two million rows: each is checked once
        let municipality = match codes.get(code_text) {
            Some(known) => known.clone(),
            None => {
                let checked = MunicipalityCode::parse(code_text).map_err(|e| e.to_string());
                codes.insert(code_text.to_owned(), checked.clone());
                checked
            }
        }
        .map_err(|why| self.reject(row, c.municipality, why))?;
        let indicator = row.cell(c.indicator).trim();
        if indicator.is_empty() {
            return Err(self.reject(row, c.indicator, "指標がありません".into()));
        }
        let year_text = row.cell(c.year);
        let fiscal_year = fast_year(year_text)
            .or_else(|| year_of(year_text, None))
            .ok_or_else(|| {
                self.reject(
                    row,
                    c.year,
                    format!("「{}」を年度として読めません", year_text.trim()),
                )
            })?;
        let kind_text = row.cell(c.kind);
        let series = match fast_kind(kind_text).or_else(|| kind_of(kind_text)) {
            Some(Kind::Series(s)) => s,
            Some(_) => {
                return Err(self.reject(
                    row,
                    c.kind,
                    format!(
                        "区分「{}」は一括取込では扱いません(目標値・実績値のみ)",
                        kind_text.trim()
                    ),
                ));
            }
            None => {
                return Err(self.reject(
                    row,
                    c.kind,
                    format!(
                        "区分「{}」は目標値とも実績値とも読めません",
                        kind_text.trim()
                    ),
                ));
            }
        };
        let raw = row.cell(c.value).trim();
        Ok(CollectionRow {
            line: row.line,
            municipality,
            indicator: indicator.to_owned(),
            name: c
                .name
                .map(|n| row.cell(n).trim())
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
            fiscal_year,
            series,
            number: CollectionRow::number_of(raw),
            raw: raw.to_owned(),
        })
    }
}

/// A plain four-digit Western year, the form open data writes, without the full grammar.
fn fast_year(text: &str) -> Option<FiscalYear> {
    let b = text.as_bytes();
    if b.len() != 4 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let y = b.iter().fold(0i32, |y, d| y * 10 + i32::from(d - b'0'));
    FiscalYear::new(y).ok()
}

/// The two words of the long format's 区分 column that open data writes.
fn fast_kind(text: &str) -> Option<Kind> {
    match text {
        "target" | "目標値" => Some(Kind::Series(Series::Target)),
        "actual" | "実績値" => Some(Kind::Series(Series::Actual)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ReadOptions;

    fn open(text: &str) -> Option<Collection> {
        let source = crate::source::open(
            Path::new("c.csv"),
            text.as_bytes().to_vec(),
            &ReadOptions::default(),
        )
        .ok()?;
        recognise(Path::new("c.csv"), source).ok()
    }

    const HEAD: &str = "municipality_code,indicator_id,fiscal_year,kind,raw,value\n";

    #[test]
    fn many_municipalities_make_a_collection_and_one_does_not() {
        let many = format!(
            "{HEAD}122203,KPI001,2023,target,\"5,070\",5070\n032115,KPI001,2023,actual,62.5%,62.5\n"
        );
        let c = open(&many).expect("a collection");
        let rows: Vec<_> = c.rows().collect();
        assert_eq!(rows.len(), 2);
        let first = rows[0].as_ref().expect("row 2 reads");
        assert_eq!(first.line, 2);
        assert_eq!(first.municipality.to_string(), "122203");
        assert_eq!(first.series, Series::Target);
        assert_eq!(first.raw, "5,070");
        assert_eq!(first.number, Some(5070.0));
        assert_eq!(first.fiscal_year.start_year(), 2023);
        let second = rows[1].as_ref().expect("row 3 reads");
        assert_eq!((second.series, second.number), (Series::Actual, Some(62.5)));

        let one = format!("{HEAD}122203,KPI001,2023,target,5,5\n122203,KPI001,2024,target,6,6\n");
        assert!(open(&one).is_none(), "one municipality is one plan's sheet");
    }

    #[test]
    fn a_collection_sorted_by_municipality_is_recognised_past_its_first_rows() {
        let mut text = HEAD.to_owned();
        for code in ["122203", "032115"] {
            for k in 1..=3 {
                for y in 2000..2090 {
                    text.push_str(&format!("{code},KPI00{k},{y},target,1,1\n"));
                }
            }
        }
        let c = open(&text).expect("a collection");
        assert_eq!(c.rows().filter(Result::is_ok).count(), 540);
    }

    #[test]
    fn a_bad_row_is_reported_with_its_line_and_column_and_the_rest_is_read() {
        let text = format!(
            "{HEAD}122203,KPI001,2023,target,5,5\n122204,KPI001,2023,target,5,5\n\
             032115,KPI001,令和5年度,actual,有り,\n032115,KPI002,x年,actual,1,1\n\
             032115,KPI003,2023,基準値,1,1\n032115,,2023,actual,1,1\n"
        );
        let c = open(&text).expect("a collection");
        let rows: Vec<_> = c.rows().collect();
        assert_eq!(rows.len(), 6);
        let bad_code = rows[1].as_ref().expect_err("bad check digit");
        assert_eq!(bad_code.line, 3);
        assert_eq!(bad_code.column.as_deref(), Some("municipality_code"));
        assert!(bad_code.reason.contains("検査数字"), "{bad_code}");
        let wareki = rows[2].as_ref().expect("令和5年度 reads");
        assert_eq!(wareki.fiscal_year.start_year(), 2023);
        assert_eq!((wareki.raw.as_str(), wareki.number), ("有り", None));
        let bad_year = rows[3].as_ref().expect_err("x年");
        assert_eq!(
            (bad_year.line, bad_year.column.as_deref()),
            (5, Some("fiscal_year"))
        );
        let baseline = rows[4].as_ref().expect_err("基準値");
        assert!(baseline.reason.contains("目標値・実績値のみ"), "{baseline}");
        let no_indicator = rows[5].as_ref().expect_err("no indicator");
        assert_eq!(
            no_indicator.to_string(),
            "7行目「indicator_id」列: 指標がありません"
        );
    }

    #[test]
    fn japanese_headers_and_an_indicator_name_beside_its_number() {
        let text = "団体コード,指標番号,指標名,年度,区分,値\n\
                    122203,1,待機児童数,R5,目標値,0人\n032115,1,待機児童数,R5,実績値,3人\n";
        let c = open(text).expect("a collection");
        let row = c.rows().next().expect("a row").expect("it reads");
        assert_eq!(row.indicator, "1");
        assert_eq!(row.name.as_deref(), Some("待機児童数"));
        assert_eq!(row.number, Some(0.0));
    }
}
