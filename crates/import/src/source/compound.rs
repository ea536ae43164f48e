//! What an xls (a compound file) holds, checked before calamine opens it, as `container`
//! checks a zip: calamine follows a looping sector chain until memory runs out, reserves room
//! for the cells a DIMENSIONS record declares before reading any (rows × columns, however
//! wrong), and turns a sheet's cells into a grid spanning its first to its last cell (two
//! cells far apart reserve billions). The `cfb` crate reads the compound file with its chains
//! validated; the workbook stream's DIMENSIONS records and the extent of each sheet's cell
//! records are then checked against the sheet limits.

use super::Failure;
use crate::limits::{Limit, Limits};
use std::io::{Cursor, Read};

/// BIFF record type of DIMENSIONS ([MS-XLS] 2.4.90).
const DIMENSIONS: u16 = 0x0200;

/// BOF and EOF, which begin and end each substream (a sheet).
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;

/// The records of a cell, each beginning with its row and column: NUMBER, RK, LABELSST, LABEL,
/// BLANK, BOOLERR, FORMULA, RSTRING; MULRK and MULBLANK give their last column in their last
/// two bytes.
const CELLS: [u16; 8] = [
    0x0203, 0x027E, 0x00FD, 0x0204, 0x0201, 0x0205, 0x0006, 0x00D6,
];
const MULTIPLE_CELLS: [u16; 2] = [0x00BD, 0x00BE];

/// The rows and columns a sheet's cells reach.
#[derive(Debug, Default)]
struct Extent {
    rows: Option<(u32, u32)>,
    columns: Option<(u32, u32)>,
}

impl Extent {
    fn add(&mut self, row: u32, first_col: u32, last_col: u32) {
        let widen = |span: &mut Option<(u32, u32)>, lo: u32, hi: u32| {
            *span = Some(span.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
        };
        widen(&mut self.rows, row, row);
        widen(
            &mut self.columns,
            first_col.min(last_col),
            first_col.max(last_col),
        );
    }

    /// Checks the grid the cells span; starts the next sheet afresh.
    fn check(&mut self, limits: &Limits) -> Result<(), Failure> {
        if let (Some((r0, r1)), Some((c0, c1))) = (self.rows, self.columns) {
            limits.check(Limit::Rows, u64::from(r1) + 1)?;
            limits.check(Limit::Columns, u64::from(c1) + 1)?;
            let cells = (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
            limits.check(Limit::Cells, cells)?;
        }
        *self = Extent::default();
        Ok(())
    }
}

/// Checks the compound file in `bytes`: its structure, and each sheet's declared extent.
pub(crate) fn check_compound(bytes: &[u8], limits: &Limits) -> Result<(), Failure> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| Failure::Broken(format!("複合ファイルとして壊れています: {e}")))?;
    // an encrypted xlsx holds no workbook stream: calamine says it is protected
    let Some(name) = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
    else {
        return Ok(());
    };
    let mut stream = Vec::new();
    file.open_stream(name)
        .and_then(|s| {
            s.take(limits.get(Limit::PartBytes).saturating_add(1))
                .read_to_end(&mut stream)
        })
        .map_err(|e| Failure::Broken(format!("複合ファイルの {name} を読めません: {e}")))?;
    limits.check(Limit::PartBytes, stream.len() as u64)?;
    check_dimensions(&stream, limits)
}

/// Each DIMENSIONS record of the workbook stream: a last row before the first, or an extent
/// beyond the sheet limits, is refused.
fn check_dimensions(stream: &[u8], limits: &Limits) -> Result<(), Failure> {
    let u16_at = |b: &[u8], i: usize| u32::from(u16::from_le_bytes([b[i], b[i + 1]]));
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let mut at = 0;
    let mut extent = Extent::default();
    while let Some(header) = stream.get(at..at + 4) {
        let typ = u16_at(header, 0) as u16;
        let len = u16_at(header, 2) as usize;
        let Some(data) = stream.get(at + 4..at + 4 + len) else {
            // a cut record: calamine's reading says so
            return extent.check(limits);
        };
        at += 4 + len;
        match typ {
            BOF | EOF => extent.check(limits)?,
            t if CELLS.contains(&t) && len >= 4 => {
                let col = u16_at(data, 2);
                extent.add(u16_at(data, 0), col, col);
            }
            t if MULTIPLE_CELLS.contains(&t) && len >= 6 => {
                extent.add(u16_at(data, 0), u16_at(data, 2), u16_at(data, len - 2));
            }
            _ => {}
        }
        if typ != DIMENSIONS {
            continue;
        }
        // rows first and one past the last, columns likewise: BIFF8 in 14 (or 16) bytes, BIFF5
        // in 10
        let (first_row, past_row, past_col) = match len {
            14 | 16 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 10)),
            10 => (u16_at(data, 0), u16_at(data, 2), u16_at(data, 6)),
            _ => continue,
        };
        if past_row > 0 && past_row <= first_row {
            return Err(Failure::Broken(format!(
                "シートの範囲の記録が壊れています(最初の行 {} が最後の行 {} より後)",
                u64::from(first_row) + 1,
                past_row
            )));
        }
        limits.check(Limit::Rows, u64::from(past_row))?;
        // (a first column past the last calamine reads as column 0: no harm)
        limits.check(Limit::Columns, u64::from(past_col))?;
    }
    extent.check(limits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend_from_slice(&(data.len() as u16).to_le_bytes());
        r.extend_from_slice(data);
        r
    }

    fn dimensions(first_row: u32, past_row: u32, past_col: u16) -> Vec<u8> {
        let mut d = first_row.to_le_bytes().to_vec();
        d.extend_from_slice(&past_row.to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        d.extend_from_slice(&past_col.to_le_bytes());
        d.extend_from_slice(&[0, 0]);
        record(DIMENSIONS, &d)
    }

    #[test]
    fn a_declared_extent_is_checked_before_anything_is_reserved() {
        let limits = Limits::default();
        let mut ok = record(0x0809, &[0; 16]);
        ok.extend(dimensions(0, 100, 10));
        assert_eq!(check_dimensions(&ok, &limits), Ok(()));
        // empty sheets declare 0..0
        assert_eq!(check_dimensions(&dimensions(0, 0, 0), &limits), Ok(()));
        assert!(matches!(
            check_dimensions(&dimensions(50, 10, 10), &limits),
            Err(Failure::Broken(_))
        ));
        assert!(matches!(
            check_dimensions(&dimensions(0, u32::MAX, 10), &limits),
            Err(Failure::Exceeded(e)) if e.limit == Limit::Rows
        ));
        // a record cut short is left to calamine
        let mut cut = dimensions(50, 10, 10);
        cut.truncate(10);
        assert_eq!(check_dimensions(&cut, &limits), Ok(()));
    }

    fn cell(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend_from_slice(&col.to_le_bytes());
        d.extend_from_slice(&[0; 10]);
        record(0x0203, &d)
    }

    #[test]
    fn the_grid_a_sheets_cells_span_is_checked_before_it_is_reserved() {
        let limits = Limits::default();
        let mut near = record(BOF, &[0; 16]);
        near.extend(cell(0, 0));
        near.extend(cell(999, 40));
        near.extend(record(EOF, &[]));
        assert_eq!(check_dimensions(&near, &limits), Ok(()));
        // two cells far apart span 65,536 × 256 = 16.8 million cells
        let mut far = record(BOF, &[0; 16]);
        far.extend(cell(0, 0));
        far.extend(cell(65_535, 255));
        far.extend(record(EOF, &[]));
        assert!(matches!(
            check_dimensions(&far, &limits),
            Err(Failure::Exceeded(e)) if e.limit == Limit::Cells
        ));
        // a MULBLANK's last column counts; each sheet is measured on its own
        let mut multiple = record(BOF, &[0; 16]);
        multiple.extend(cell(0, 0));
        let mut mulblank = 60_000u16.to_le_bytes().to_vec();
        mulblank.extend_from_slice(&0u16.to_le_bytes());
        mulblank.extend_from_slice(&[0; 4]);
        mulblank.extend_from_slice(&255u16.to_le_bytes());
        multiple.extend(record(0x00BE, &mulblank));
        assert!(check_dimensions(&multiple, &limits).is_err());
        let mut two_sheets = near.clone();
        two_sheets.extend(near);
        assert_eq!(check_dimensions(&two_sheets, &limits), Ok(()));
        let mut raised = Limits::default();
        raised.set(Limit::Cells, 20_000_000);
        assert_eq!(check_dimensions(&far, &raised), Ok(()));
    }

    #[test]
    fn what_is_not_a_compound_file_is_named_so() {
        let e = check_compound(
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and then nothing",
            &Limits::default(),
        );
        assert!(matches!(e, Err(Failure::Broken(d)) if d.contains("複合ファイル")));
    }
}
