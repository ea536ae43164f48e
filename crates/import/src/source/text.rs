//! Delimited text: decoding it whatever Excel or a city's system saved it as (UTF-8 with or
//! without BOM, UTF-16 with BOM, Shift_JIS/CP932), or in the encoding the user names. A file
//! whose lines are in different encodings is read line by line, with a finding.

use encoding_rs::{EUC_JP, Encoding, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE};

/// Why bytes are not text.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// Control bytes that no text file holds, first seen on this line.
    Binary { line: usize },
    /// Not in the encoding named; the first bad byte is on this line.
    Encoding { line: usize },
    /// Text in an encoding not read (UTF-32).
    Unsupported(&'static str),
    /// UTF-16 of an odd number of bytes: cut short.
    Truncated(&'static str),
}

/// Decoded text, the encoding it was in, and the lines that were in another encoding than the
/// rest (a file pieced together from two systems).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    pub other_lines: Vec<(usize, &'static str)>,
}

impl Decoded {
    fn whole(text: String, encoding: &'static str) -> Decoded {
        Decoded {
            text,
            encoding,
            other_lines: Vec::new(),
        }
    }
}

/// Decodes a text file: with the encoding forced when `forced` is given, else detected.
///
/// Takes the bytes by value: UTF-8, the common case, becomes the text in place, without a copy
/// of what may be a file of a hundred megabytes.
pub(crate) fn decode(
    bytes: Vec<u8>,
    forced: Option<&'static Encoding>,
) -> Result<Decoded, DecodeError> {
    if let Some(enc) = forced {
        let (body, _) =
            Encoding::for_bom(&bytes).map_or((&bytes[..], 0), |(_, n)| (&bytes[n..], n));
        return match enc.decode_without_bom_handling_and_without_replacement(body) {
            Some(text) => Ok(Decoded::whole(text.into_owned(), enc.name())),
            None => Err(DecodeError::Encoding {
                line: first_bad_line(body, enc),
            }),
        };
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        let mut rest = bytes;
        rest.drain(..3);
        return utf8(rest).map(|s| Decoded::whole(s, "UTF-8 (BOM)"));
    }
    // UTF-32's byte order marks begin like UTF-16LE's: they are looked for first
    if bytes.starts_with(b"\xFF\xFE\x00\x00") || bytes.starts_with(b"\x00\x00\xFE\xFF") {
        return Err(DecodeError::Unsupported("UTF-32のテキスト"));
    }
    for (bom, enc, name) in [
        (&b"\xFF\xFE"[..], UTF_16LE, "UTF-16LE"),
        (&b"\xFE\xFF"[..], UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return utf16(rest, enc, name);
        }
    }
    if let Some((enc, name)) = utf16_without_bom(&bytes) {
        return utf16(&bytes, enc, name);
    }
    if let Some(line) = binary_line(&bytes) {
        return Err(DecodeError::Binary { line });
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(s) => return Ok(Decoded::whole(s, "UTF-8")),
        Err(e) => e.into_bytes(),
    };
    let bytes = &bytes[..];
    // EUC-JP often decodes as Shift_JIS too, into nonsense; but Shift_JIS kana and most kanji
    // lead with 0x81–0x9F, which EUC-JP (all 0xA1–0xFE, and 0x8E/0x8F) never uses
    if !bytes.iter().any(|b| matches!(b, 0x80..=0x8D | 0x90..=0xA0))
        && let Some(text) = EUC_JP.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return Ok(Decoded::whole(text.into_owned(), "EUC-JP"));
    }
    if let Some(text) = SHIFT_JIS.decode_without_bom_handling_and_without_replacement(bytes) {
        return Ok(Decoded::whole(text.into_owned(), "Shift_JIS"));
    }
    mixed(bytes)
}

/// UTF-16 text after its byte order mark (if any).
fn utf16(bytes: &[u8], enc: &'static Encoding, name: &'static str) -> Result<Decoded, DecodeError> {
    if bytes.len() % 2 == 1 {
        return Err(DecodeError::Truncated(name));
    }
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError::Encoding { line: 1 });
    }
    Ok(Decoded::whole(text.into_owned(), name))
}

/// UTF-16 saved without a byte order mark: a table's ASCII (digits, commas, line ends) puts a
/// zero byte in every other place, on one side only; no other text has zero bytes.
fn utf16_without_bom(bytes: &[u8]) -> Option<(&'static Encoding, &'static str)> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros_at = |side: usize| head.chunks_exact(2).filter(|p| p[side] == 0).count();
    let (even, odd) = (zeros_at(0), zeros_at(1));
    // ASCII puts its zero on one side; the other side's zeros are rare characters (U+3000)
    let (enc, name) = if odd * 4 >= pairs && even * 10 <= odd {
        (UTF_16LE, "UTF-16LE (BOMなし)")
    } else if even * 4 >= pairs && odd * 10 <= even {
        (UTF_16BE, "UTF-16BE (BOMなし)")
    } else {
        return None;
    };
    // and what it reads as is text, not binary data with zeros in it
    let (text, _) = enc.decode_without_bom_handling(head);
    text.chars()
        .all(|c| !c.is_control() || matches!(c, '\t' | '\r' | '\n'))
        .then_some((enc, name))
}

/// Line by line: UTF-8 where a line is UTF-8, Shift_JIS where it is that, and an error where
/// a line is neither.
fn mixed(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let mut text = String::with_capacity(bytes.len());
    let mut utf8_lines = Vec::new();
    let mut sjis_lines = Vec::new();
    for (i, line) in bytes.split_inclusive(|b| *b == b'\n').enumerate() {
        if let Ok(s) = std::str::from_utf8(line) {
            text.push_str(s);
            if !s.is_ascii() {
                utf8_lines.push(i + 1);
            }
        } else if let Some(s) = SHIFT_JIS.decode_without_bom_handling_and_without_replacement(line)
        {
            text.push_str(&s);
            sjis_lines.push(i + 1);
        } else {
            return Err(DecodeError::Encoding { line: i + 1 });
        }
    }
    // the encoding most lines use is the file's; the others are reported
    let (encoding, others, other_name) = if utf8_lines.len() >= sjis_lines.len() {
        ("UTF-8", sjis_lines, "Shift_JIS")
    } else {
        ("Shift_JIS", utf8_lines, "UTF-8")
    };
    Ok(Decoded {
        text,
        encoding,
        other_lines: others.into_iter().map(|l| (l, other_name)).collect(),
    })
}

/// The line of the first byte sequence `enc` cannot decode.
fn first_bad_line(bytes: &[u8], enc: &'static Encoding) -> usize {
    let mut line = 1;
    for chunk in bytes.split_inclusive(|b| *b == b'\n') {
        if enc
            .decode_without_bom_handling_and_without_replacement(chunk)
            .is_none()
        {
            return line;
        }
        line += 1;
    }
    line
}

/// An encoding by the name a user gives it (`utf-8`, `shift_jis`, `sjis`, `cp932`, `utf-16`).
pub(crate) fn encoding_named(name: &str) -> Option<&'static Encoding> {
    let n = name.trim().to_ascii_lowercase();
    match n.as_str() {
        "sjis" | "cp932" | "ms932" | "windows-31j" | "shiftjis" => Some(SHIFT_JIS),
        "utf8" => Some(UTF_8),
        "utf16" | "utf-16" => Some(UTF_16LE),
        _ => Encoding::for_label(n.as_bytes()),
    }
}

fn utf8(bytes: Vec<u8>) -> Result<String, DecodeError> {
    String::from_utf8(bytes).map_err(|e| DecodeError::Encoding {
        line: line_of(e.as_bytes(), e.utf8_error().valid_up_to()),
    })
}

/// The line of the first control byte no text file holds (NUL and the like; tab, newline,
/// carriage return, form feed and escape are allowed), if any.
fn binary_line(bytes: &[u8]) -> Option<usize> {
    const CHUNK: usize = 64;
    let binary = |b: u8| matches!(b, 0x00..=0x08 | 0x0E..=0x1A | 0x1C..=0x1F | 0x7F);
    // a chunk is tested whole, without a branch per byte, which the compiler turns into vector
    // instructions: 70 MB in a few milliseconds instead of some forty
    let chunk = bytes
        .chunks(CHUNK)
        .position(|c| c.iter().fold(false, |any, &b| any | binary(b)))?;
    let at = chunk * CHUNK + bytes[chunk * CHUNK..].iter().position(|&b| binary(b))?;
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

    fn text_of(d: Result<Decoded, DecodeError>) -> (String, &'static str) {
        let d = d.expect("decodes");
        (d.text, d.encoding)
    }

    #[test]
    fn text_in_every_encoding_decodes() {
        let text = "指標\t目標値\n待機児童数\t0人\n";
        let t = || text.to_owned();
        assert_eq!(
            text_of(decode(text.as_bytes().to_vec(), None)),
            (t(), "UTF-8")
        );
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(text_of(decode(bom.to_vec(), None)), (t(), "UTF-8 (BOM)"));
        let (sjis, _, _) = SHIFT_JIS.encode(text);
        assert_eq!(text_of(decode(sjis.to_vec(), None)), (t(), "Shift_JIS"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(text_of(decode(utf16.to_vec(), None)), (t(), "UTF-16LE"));
    }

    #[test]
    fn a_forced_encoding_is_used_or_names_the_bad_line() {
        let (sjis, _, _) = SHIFT_JIS.encode("a\n指標\n");
        assert_eq!(
            text_of(decode(sjis.to_vec(), encoding_named("cp932"))).0,
            "a\n指標\n"
        );
        assert_eq!(
            decode(sjis.to_vec(), encoding_named("utf-8")),
            Err(DecodeError::Encoding { line: 2 })
        );
        assert!(encoding_named("klingon").is_none());
    }

    #[test]
    fn mixed_encodings_are_read_line_by_line() {
        let (sjis, _, _) = SHIFT_JIS.encode("実績値\t5\n");
        let bytes = ["指標\tR2\n".as_bytes(), &sjis, "目標値\t6\n".as_bytes()].concat();
        let d = decode(bytes.to_vec(), None).expect("decodes");
        assert_eq!(d.text, "指標\tR2\n実績値\t5\n目標値\t6\n");
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.other_lines, [(2, "Shift_JIS")]);
    }

    #[test]
    fn encodings_a_system_may_write_are_read_or_named() {
        let table = "指標,年度,実績値\r\n保育所数,令和5年度,12\r\n";
        // UTF-16 without a byte order mark, both orders, with an ideographic space in it
        let with_space = format!("{table}待機　児童,令和5年度,0\r\n");
        for (enc, name) in [
            (UTF_16LE, "UTF-16LE (BOMなし)"),
            (UTF_16BE, "UTF-16BE (BOMなし)"),
        ] {
            let bytes: Vec<u8> = with_space
                .encode_utf16()
                .flat_map(|u| {
                    if enc == UTF_16LE {
                        u.to_le_bytes()
                    } else {
                        u.to_be_bytes()
                    }
                })
                .collect();
            let d = decode(bytes.clone(), None).expect("decodes");
            assert_eq!((d.text.as_str(), d.encoding), (with_space.as_str(), name));
            // cut by one byte, with its mark
            let mut cut = if enc == UTF_16LE {
                b"\xFF\xFE".to_vec()
            } else {
                b"\xFE\xFF".to_vec()
            };
            cut.extend_from_slice(&bytes[..bytes.len() - 1]);
            assert!(matches!(decode(cut, None), Err(DecodeError::Truncated(_))));
        }
        assert!(matches!(
            decode(b"\xFF\xFE\x00\x00\x41\x00\x00\x00".to_vec(), None),
            Err(DecodeError::Unsupported(w)) if w.contains("UTF-32")
        ));
        let (euc, _, _) = EUC_JP.encode(table);
        let d = decode(euc.into_owned(), None).expect("decodes");
        assert_eq!((d.text.as_str(), d.encoding), (table, "EUC-JP"));
        // Shift_JIS stays Shift_JIS
        let (sjis, _, _) = SHIFT_JIS.encode(table);
        assert_eq!(
            decode(sjis.into_owned(), None).expect("decodes").encoding,
            "Shift_JIS"
        );
    }

    #[test]
    fn binary_is_found_with_its_line() {
        assert_eq!(
            decode(b"a\nb\n\x00\x01".to_vec(), None),
            Err(DecodeError::Binary { line: 3 })
        );
    }

    #[test]
    fn binary_is_found_in_any_place_of_a_long_text() {
        // lines of 12 bytes: the control byte lands before, on and after the 64-byte chunks
        let text = "目標値,1\n".repeat(40).into_bytes();
        assert_eq!(binary_line(&text), None);
        for at in [0, 1, 62, 63, 64, 65, 127, 128, 300, text.len() - 1] {
            let mut bytes = text.clone();
            bytes[at] = 0x1F;
            let line = text[..at].iter().filter(|b| **b == b'\n').count() + 1;
            assert_eq!(binary_line(&bytes), Some(line), "at {at}");
        }
    }
}
