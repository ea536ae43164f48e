//! Text for spreadsheets and addresses: Shift_JIS (CP932) for older Japanese Excel, with what it
//! cannot hold listed rather than lost silently, numbers written the way a spreadsheet reads
//! them, and percent-encoding.

/// A number as a spreadsheet reads it: no thousands separators, no unit; nothing when there is
/// no finite number.
pub fn plain_number(v: Option<f64>) -> String {
    match v {
        Some(v) if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 => format!("{v:.0}"),
        Some(v) if v.is_finite() => format!("{v}"),
        _ => String::new(),
    }
}

/// The characters Unicode has twice, written in Shift_JIS by the form Windows (CP932) maps:
/// 〜 (WAVE DASH) is ～ there, − is －, and so on. Japanese text written on other systems uses
/// the first forms; Excel reads the second.
fn cp932_form(c: char) -> char {
    match c {
        '\u{301C}' => '\u{FF5E}', // 〜 → ～
        '\u{2016}' => '\u{2225}', // ‖ → ∥
        '\u{2212}' => '\u{FF0D}', // − → －
        '\u{00A2}' => '\u{FFE0}', // ¢ → ￠
        '\u{00A3}' => '\u{FFE1}', // £ → ￡
        '\u{00AC}' => '\u{FFE2}', // ¬ → ￢
        '\u{2014}' => '\u{2015}', // — → ―
        other => other,
    }
}

/// `text` in Shift_JIS (CP932), with each character it cannot hold replaced by 〓 and listed.
pub fn shift_jis(text: &str) -> (Vec<u8>, Vec<char>) {
    use encoding_rs::EncoderResult;
    let text: String = text.chars().map(cp932_form).collect();
    let mut encoder = encoding_rs::SHIFT_JIS.new_encoder();
    let mut out = Vec::with_capacity(text.len());
    let mut replaced = Vec::new();
    let mut rest = text.as_str();
    loop {
        let need = encoder
            .max_buffer_length_from_utf8_without_replacement(rest.len())
            .unwrap_or(rest.len() * 2 + 16);
        out.reserve(need);
        let (result, read) =
            encoder.encode_from_utf8_to_vec_without_replacement(rest, &mut out, true);
        rest = &rest[read..];
        match result {
            EncoderResult::InputEmpty => break,
            EncoderResult::OutputFull => {}
            EncoderResult::Unmappable(c) => {
                replaced.push(c);
                out.extend_from_slice(&[0x81, 0xac]); // 〓
            }
        }
    }
    (out, replaced)
}

/// Every byte but the unreserved ASCII ones (and `keep`) as %XX: a query's text, a file name in
/// a `filename*` (RFC 5987) so that a Japanese name survives, a path in a `file://` URL.
pub fn percent_encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_plain_for_a_spreadsheet() {
        assert_eq!(plain_number(Some(5992.0)), "5992");
        assert_eq!(plain_number(Some(95.8)), "95.8");
        assert_eq!(plain_number(Some(-3.0)), "-3");
        assert_eq!(plain_number(Some(f64::NAN)), "");
        assert_eq!(plain_number(None), "");
    }

    #[test]
    fn shift_jis_keeps_japanese_and_marks_what_it_cannot_hold() {
        let (bytes, replaced) = shift_jis("令和2年度〜令和6年度,①,−3,—,𠮷");
        assert_eq!(replaced, vec!['𠮷']);
        let (back, _, _) = encoding_rs::SHIFT_JIS.decode(&bytes);
        assert_eq!(back, "令和2年度～令和6年度,①,－3,―,〓");
    }
}
