//! `MunicipalityCode` (全国地方公共団体コード): six digits, the first two the prefecture, the
//! last a check digit. It exists only through `parse`, which verifies the check digit.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A verified 全国地方公共団体コード such as 122203 (流山市) or 032115 (釜石市).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MunicipalityCode([u8; 6]);

/// Why a text is not a municipality code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MunicipalityCodeError {
    #[error("団体コード「{0}」は6桁の数字ではありません (not-six-digits)")]
    NotSixDigits(String),
    #[error(
        "団体コード「{code}」の都道府県部分 {prefecture:02} は01〜47ではありません (bad-prefecture)"
    )]
    BadPrefecture { code: String, prefecture: u8 },
    #[error("団体コード「{code}」の検査数字が違います(正しくは{expected}) (bad-check-digit)")]
    BadCheckDigit { code: String, expected: u8 },
}

impl MunicipalityCode {
    pub fn parse(s: &str) -> Result<MunicipalityCode, MunicipalityCodeError> {
        let t = crate::text::normalize(s);
        let digits: Vec<u8> = t.bytes().map(|b| b.wrapping_sub(b'0')).collect();
        if digits.len() != 6 || digits.iter().any(|d| *d > 9) {
            return Err(MunicipalityCodeError::NotSixDigits(s.trim().to_owned()));
        }
        let prefecture = digits[0] * 10 + digits[1];
        if !(1..=47).contains(&prefecture) {
            return Err(MunicipalityCodeError::BadPrefecture {
                code: t.into_owned(),
                prefecture,
            });
        }
        let expected = check_digit(&digits[..5]);
        if digits[5] != expected {
            return Err(MunicipalityCodeError::BadCheckDigit {
                code: t.into_owned(),
                expected,
            });
        }
        let mut code = [0; 6];
        code.copy_from_slice(&digits);
        Ok(MunicipalityCode(code))
    }

    /// The prefecture code (01〜47).
    pub fn prefecture(&self) -> u8 {
        self.0[0] * 10 + self.0[1]
    }
}

/// The check digit of the first five digits: weights 6,5,4,3,2, then 11 minus the remainder
/// mod 11, keeping the last digit (so 10 → 0 and 11 → 1).
fn check_digit(five: &[u8]) -> u8 {
    let sum: u32 = five
        .iter()
        .zip([6u32, 5, 4, 3, 2])
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    ((11 - sum % 11) % 10) as u8
}

impl fmt::Display for MunicipalityCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.0 {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl TryFrom<String> for MunicipalityCode {
    type Error = MunicipalityCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        MunicipalityCode::parse(&s)
    }
}

impl From<MunicipalityCode> for String {
    fn from(c: MunicipalityCode) -> String {
        c.to_string()
    }
}

/// Words ending in 市, 町 or 村 that name no particular municipality.
const NOT_A_NAME: &[&str] = &[
    "都市",
    "各市",
    "本市",
    "当市",
    "全市",
    "同市",
    "他市",
    "両市",
    "市町村",
    "町村",
    "区市町村",
    "政令市",
    "中核市",
    "近隣市",
    "各町",
    "本町",
    "当町",
    "全町",
    "各村",
    "本村",
    "当村",
    "市区町村",
    "県市町村",
    "府市町村",
    "都市町村",
    "指定都市",
    "特例市",
    "旧市",
    "旧町",
    "旧村",
    "新市",
];

/// The municipality a sheet is about, guessed from the names of the form `釜石市` found in
/// its texts (a run of kanji ending in 市, 町 or 村): the name found most often, the first one
/// on a tie. A plan prefix such as 第2期 is skipped.
pub fn name_in<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for text in texts {
        for name in names_in(text) {
            match counts.iter_mut().find(|(n, _)| *n == name) {
                Some((_, c)) => *c += 1,
                None => counts.push((name, 1)),
            }
        }
    }
    let best = counts.iter().map(|(_, c)| *c).max()?;
    counts.into_iter().find(|(_, c)| *c == best).map(|(n, _)| n)
}

fn names_in(text: &str) -> Vec<String> {
    use crate::text::is_kanji;
    if !text.contains(['市', '町', '村']) {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_kanji(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_kanji(chars[i]) {
            i += 1;
        }
        let mut run: &[char] = &chars[start..i];
        // 第2期釜石市: the digits broke the run; drop a leading 期 or 次 left from the prefix
        if start > 0
            && chars[start - 1].is_ascii_digit()
            && matches!(run.first(), Some('期' | '次'))
        {
            run = &run[1..];
        }
        let suffix = run
            .iter()
            .enumerate()
            .find(|(k, c)| (1..=5).contains(k) && matches!(c, '市' | '町' | '村'));
        if let Some((k, _)) = suffix {
            let name: String = run[..=k].iter().collect();
            // 県内市町村 lists municipalities; 市民 or 都市 names none
            let lists_kinds = matches!(run.get(k + 1), Some('町' | '村' | '区'));
            if !lists_kinds && !NOT_A_NAME.contains(&name.as_str()) {
                out.push(name);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn real_codes_verify() {
        for code in ["122203", "032115", "011002", "131016", "472085"] {
            assert_eq!(
                MunicipalityCode::parse(code).map(|c| c.to_string()),
                Ok(code.to_owned())
            );
        }
        assert_eq!(
            MunicipalityCode::parse("１２２２０３").map(|c| c.prefecture()),
            Ok(12)
        );
    }

    #[test]
    fn bad_codes_are_refused_with_the_reason() {
        assert!(matches!(
            MunicipalityCode::parse("122204"),
            Err(MunicipalityCodeError::BadCheckDigit { expected: 3, .. })
        ));
        assert!(matches!(
            MunicipalityCode::parse("12220"),
            Err(MunicipalityCodeError::NotSixDigits(_))
        ));
        assert!(matches!(
            MunicipalityCode::parse("482001"),
            Err(MunicipalityCodeError::BadPrefecture { .. })
        ));
        assert!(MunicipalityCode::parse("abcdef").is_err());
    }

    #[test]
    fn municipality_names_are_found_in_texts() {
        assert_eq!(
            name_in(["第2期釜石市子ども・子育て支援事業計画 重点プロジェクト進捗状況【数値指標】"])
                .as_deref(),
            Some("釜石市")
        );
        assert_eq!(
            name_in([
                "進捗管理シート(案)",
                "まちづくり達成度アンケート「流山市の子育て支援サービスにより」",
                "思える市民の割合"
            ])
            .as_deref(),
            Some("流山市")
        );
        assert_eq!(
            name_in(["市内の公園の満足度", "市民への周知", "都市計画"]),
            None
        );
        assert_eq!(name_in(["各市町村の取組", "県内市町村"]), None);
    }

    proptest! {
        #[test]
        fn names_never_panic(s in "\\PC*") {
            let _ = name_in([s.as_str()]);
        }

        #[test]
        fn exactly_one_check_digit_fits(five in 1_000u32..47_999) {
            let s = format!("{five:05}");
            let fits = (0..10).filter(|d| MunicipalityCode::parse(&format!("{s}{d}")).is_ok()).count();
            prop_assert_eq!(fits, 1);
        }
    }
}
