//! What a zipped workbook (xlsx, ods) declares about itself, checked before anything is
//! inflated: each part's size, the whole, and how far each part inflates. The zip reader
//! refuses a part that inflates past its declared size, so the declaration is a bound.

use super::Failure;
use crate::limits::{Limit, Limits};
use std::io::Cursor;

/// Parts smaller than this may compress at any ratio (a sheet of one repeated row).
const RATIO_FROM_BYTES: u64 = 1 << 20;

/// What a zip's parts say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zipped {
    /// Office Open XML: has `[Content_Types].xml` (xlsx, xlsm).
    OfficeOpenXml,
    /// Office Open XML with a binary workbook part (`xl/workbook.bin`): xlsb.
    Binary,
    /// OpenDocument: has `content.xml` or a `mimetype` (ods).
    OpenDocument,
    Unknown,
}

/// Checks the declared sizes of every part of the zip in `bytes`, and says what it holds.
pub(crate) fn check_zip(bytes: &[u8], limits: &Limits) -> Result<Zipped, Failure> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(Failure::broken)?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let kind = if names
        .iter()
        .any(|n| n.eq_ignore_ascii_case("xl/workbook.bin"))
    {
        Zipped::Binary
    } else if names
        .iter()
        .any(|n| n.eq_ignore_ascii_case("[Content_Types].xml"))
    {
        Zipped::OfficeOpenXml
    } else if names.iter().any(|n| n == "content.xml" || n == "mimetype") {
        Zipped::OpenDocument
    } else {
        Zipped::Unknown
    };
    let mut total = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(Failure::broken)?;
        let size = part.size();
        limits.check(Limit::PartBytes, size)?;
        total = total.saturating_add(size);
        limits.check(Limit::WorkbookBytes, total)?;
        if size >= RATIO_FROM_BYTES {
            limits.check(
                Limit::CompressionRatio,
                size / part.compressed_size().max(1),
            )?;
        }
    }
    Ok(kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_of(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in parts {
            w.start_file(*name, SimpleFileOptions::default())
                .expect("a part");
            w.write_all(data).expect("written");
        }
        w.finish().expect("a zip").into_inner()
    }

    #[test]
    fn a_part_that_inflates_too_far_is_refused_by_name() {
        let bomb = zip_of(&[("xl/worksheets/sheet1.xml", vec![b' '; 8 << 20])]);
        let mut limits = Limits::default();
        assert!(
            check_zip(&bomb, &limits).is_err(),
            "8 MiB of spaces compress ~1000×"
        );
        limits.set(Limit::CompressionRatio, 2000);
        assert_eq!(check_zip(&bomb, &limits), Ok(Zipped::Unknown));
        limits.set(Limit::PartBytes, 1 << 20);
        match check_zip(&bomb, &limits) {
            Err(Failure::Exceeded(e)) => assert_eq!(e.limit, Limit::PartBytes),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn small_parts_may_compress_at_any_ratio() {
        let ok = zip_of(&[("a.xml", vec![b'a'; 500_000]), ("b.xml", vec![b'b'; 10])]);
        assert_eq!(check_zip(&ok, &Limits::default()), Ok(Zipped::Unknown));
        let ods = zip_of(&[(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
        )]);
        assert_eq!(
            check_zip(&ods, &Limits::default()),
            Ok(Zipped::OpenDocument)
        );
        let mut limits = Limits::default();
        limits.set(Limit::WorkbookBytes, 500_005);
        assert!(check_zip(&ok, &limits).is_err());
    }
}
