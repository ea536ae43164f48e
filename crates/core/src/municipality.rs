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

    proptest! {
        #[test]
        fn exactly_one_check_digit_fits(five in 1_000u32..47_999) {
            let s = format!("{five:05}");
            let fits = (0..10).filter(|d| MunicipalityCode::parse(&format!("{s}{d}")).is_ok()).count();
            prop_assert_eq!(fits, 1);
        }
    }
}
