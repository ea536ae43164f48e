//! The Japanese era table (元号) and how a fiscal year is named in it. Written by hand: it is
//! five rows, and the rule for a fiscal year that straddles an era change is ours to state.

use serde::{Deserialize, Serialize};

/// A Japanese era, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Era {
    Meiji,
    Taisho,
    Showa,
    Heisei,
    Reiwa,
}

impl Era {
    pub const ALL: [Era; 5] = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

    /// The Gregorian year the era's first year (元年) falls in.
    pub fn first_year(self) -> i32 {
        match self {
            Era::Meiji => 1868,
            Era::Taisho => 1912,
            Era::Showa => 1926,
            Era::Heisei => 1989,
            Era::Reiwa => 2019,
        }
    }

    /// The first day of the era as (month, day) in its first year.
    fn first_day(self) -> (u32, u32) {
        match self {
            Era::Meiji => (1, 1),
            Era::Taisho => (7, 30),
            Era::Showa => (12, 25),
            Era::Heisei => (1, 8),
            Era::Reiwa => (5, 1),
        }
    }

    pub fn kanji(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// The one-letter abbreviation used in sheets (H30, R1).
    pub fn letter(self) -> char {
        match self {
            Era::Meiji => 'M',
            Era::Taisho => 'T',
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    pub fn from_kanji(s: &str) -> Option<Era> {
        Era::ALL.into_iter().find(|e| e.kanji() == s)
    }

    pub fn from_letter(c: char) -> Option<Era> {
        let c = c.to_ascii_uppercase();
        Era::ALL.into_iter().find(|e| e.letter() == c)
    }

    /// The Gregorian year of this era's year `n` (1 = 元年).
    pub fn gregorian(self, n: u32) -> i32 {
        self.first_year() + n as i32 - 1
    }

    /// The era a fiscal year starting in April of `start_year` is named in.
    ///
    /// A fiscal year is named by the era in force for most of it: an era that begins by
    /// 1 May names that fiscal year (FY2019 is 令和元年度, the usage of every ministry since
    /// May 2019), one that begins later names the next (FY1926 stays 大正15年度).
    pub fn of_fiscal_year(start_year: i32) -> Era {
        Era::ALL
            .into_iter()
            .rev()
            .find(|e| {
                let (m, d) = e.first_day();
                e.first_year() < start_year || (e.first_year() == start_year && (m, d) <= (5, 1))
            })
            .unwrap_or(Era::Meiji)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_years_straddling_an_era_change() {
        assert_eq!(Era::of_fiscal_year(2019), Era::Reiwa);
        assert_eq!(Era::of_fiscal_year(2018), Era::Heisei);
        assert_eq!(Era::of_fiscal_year(1989), Era::Heisei);
        assert_eq!(Era::of_fiscal_year(1988), Era::Showa);
        assert_eq!(Era::of_fiscal_year(1926), Era::Taisho);
        assert_eq!(Era::of_fiscal_year(1927), Era::Showa);
    }

    #[test]
    fn letters_and_kanji_round_trip() {
        for e in Era::ALL {
            assert_eq!(Era::from_letter(e.letter()), Some(e));
            assert_eq!(Era::from_kanji(e.kanji()), Some(e));
        }
        assert_eq!(Era::from_letter('h'), Some(Era::Heisei));
    }
}
