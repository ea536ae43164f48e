//! From the bytes of a file to text: recognise what is not a sheet at all (an image, a PDF,
//! binary data) and decode the text (UTF-8 with or without BOM, UTF-16 with BOM, Shift_JIS).

use encoding_rs::{SHIFT_JIS, UTF_16BE, UTF_16LE};

/// What the first bytes say a file is, when it is not text.
pub(crate) enum Sniffed {
    Text,
    /// A file that is not a sheet at all (PNG画像, PDF …).
    NotASheet(&'static str),
    /// A workbook format.
    Workbook(&'static str),
}

pub(crate) fn sniff(bytes: &[u8]) -> Sniffed {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG画像"),
        (b"\xFF\xD8\xFF", "JPEG画像"),
        (b"GIF87a", "GIF画像"),
        (b"GIF89a", "GIF画像"),
        (b"%PDF", "PDF"),
        (b"\x1F\x8B", "gzip圧縮ファイル"),
        (b"7z\xBC\xAF\x27\x1C", "7z圧縮ファイル"),
        (b"Rar!", "RAR圧縮ファイル"),
        (b"RIFF", "画像・音声ファイル"),
    ];
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Sniffed::NotASheet(what);
        }
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Sniffed::Workbook("Excelブック(xlsx)またはZIPファイル");
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Sniffed::Workbook("Excel 97-2003ブック(xls)");
    }
    Sniffed::Text
}

/// Why bytes are not text.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// Control bytes that no text file holds, first seen on this line.
    Binary { line: usize },
    /// Neither UTF-8 nor Shift_JIS; the first bad byte is on this line.
    Encoding { line: usize },
}

/// Decodes a text file. Returns the text and the name of the encoding found.
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, &'static str), DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest).map(|s| (s, "UTF-8 (BOM)"));
    }
    for (bom, enc, name) in [
        (b"\xFF\xFE", UTF_16LE, "UTF-16LE"),
        (b"\xFE\xFF", UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(rest);
            if had_errors {
                return Err(DecodeError::Encoding { line: 1 });
            }
            return Ok((text.into_owned(), name));
        }
    }
    if let Some(line) = binary_line(bytes) {
        return Err(DecodeError::Binary { line });
    }
    match utf8(bytes) {
        Ok(s) => Ok((s, "UTF-8")),
        Err(utf8_error) => {
            match SHIFT_JIS.decode_without_bom_handling_and_without_replacement(bytes) {
                Some(text) => Ok((text.into_owned(), "Shift_JIS")),
                None => Err(utf8_error),
            }
        }
    }
}

fn utf8(bytes: &[u8]) -> Result<String, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => Err(DecodeError::Encoding {
            line: line_of(bytes, e.valid_up_to()),
        }),
    }
}

/// The line of the first control byte no text file holds (NUL and the like; tab, newline,
/// carriage return, form feed and escape are allowed), if any.
fn binary_line(bytes: &[u8]) -> Option<usize> {
    let at = bytes
        .iter()
        .position(|b| matches!(b, 0x00..=0x08 | 0x0E..=0x1A | 0x1C..=0x1F | 0x7F))?;
    Some(line_of(bytes, at))
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_in_every_encoding_decodes() {
        let text = "指標\t目標値\n待機児童数\t0人\n";
        assert_eq!(decode(text.as_bytes()), Ok((text.to_owned(), "UTF-8")));
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom), Ok((text.to_owned(), "UTF-8 (BOM)")));
        let (sjis, _, _) = SHIFT_JIS.encode(text);
        assert_eq!(decode(&sjis), Ok((text.to_owned(), "Shift_JIS")));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16), Ok((text.to_owned(), "UTF-16LE")));
    }

    #[test]
    fn binary_is_found_with_its_line() {
        assert_eq!(
            decode(b"a\nb\n\x00\x01"),
            Err(DecodeError::Binary { line: 3 })
        );
    }

    #[test]
    fn images_are_not_sheets() {
        assert!(matches!(
            sniff(b"\x89PNG\r\n\x1a\n...."),
            Sniffed::NotASheet("PNG画像")
        ));
        assert!(matches!(sniff(b"PK\x03\x04...."), Sniffed::Workbook(_)));
        assert!(matches!(sniff("指標".as_bytes()), Sniffed::Text));
    }
}
