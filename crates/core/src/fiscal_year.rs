//! `FiscalYear` (年度): April to March, stored as the Gregorian year it starts in, parsed from
//! every way sheets write it (H30, 平成30年度, R元, 令和２年度, 2020年度, FY2020, 22年度 with an
//! era taken from the sheet's context).

use crate::era::Era;
use crate::text::compact;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A Japanese fiscal year, identified by the Gregorian year in which it starts (令和2年度 = 2020).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct FiscalYear(u16);

/// Why a text is not a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FiscalYearError {
    #[error("年度が空です (empty)")]
    Empty,
    #[error("「{0}」は年度として読めません (not-a-fiscal-year)")]
    NotAYear(String),
    #[error("「{0}」は元号が分からないため年度を決められません (era-needed)")]
    EraNeeded(String),
    #[error("{0}年は扱える範囲(1868〜2200年)の外です (out-of-range)")]
    OutOfRange(i64),
}

impl FiscalYear {
    pub const MIN: i32 = 1868;
    pub const MAX: i32 = 2200;

    /// The fiscal year starting in April of `start_year`.
    pub fn new(start_year: i32) -> Result<Self, FiscalYearError> {
        if (Self::MIN..=Self::MAX).contains(&start_year) {
            Ok(FiscalYear(start_year as u16))
        } else {
            Err(FiscalYearError::OutOfRange(start_year.into()))
        }
    }

    /// The Gregorian year in which this fiscal year starts.
    pub fn start_year(self) -> i32 {
        i32::from(self.0)
    }

    /// Parses a fiscal year written with an era, a letter or four digits. Two-digit forms
    /// such as `22年度` need an era: use [`FiscalYear::parse_in_era`].
    pub fn parse(s: &str) -> Result<Self, FiscalYearError> {
        Self::parse_in_era(s, None)
    }

    /// Parses like [`FiscalYear::parse`], resolving a bare era year (`22年度`) in `era`,
    /// which the caller takes from the sheet's title or header.
    pub fn parse_in_era(s: &str, era: Option<Era>) -> Result<Self, FiscalYearError> {
        let t = compact(s);
        if t.is_empty() {
            return Err(FiscalYearError::Empty);
        }
        let not_a_year = || FiscalYearError::NotAYear(s.trim().to_owned());
        let body = strip_brackets(&t);
        let (body, has_suffix) = match body
            .strip_suffix("年度")
            .or_else(|| body.strip_suffix('年'))
        {
            Some(b) => (b, true),
            None => (body, false),
        };
        if body.is_empty() {
            return Err(not_a_year());
        }
        // FY2020
        if let Some(rest) = body.strip_prefix("FY").or_else(|| body.strip_prefix("fy")) {
            return match parse_digits(rest) {
                Some(y) if rest.len() == 4 => Self::new_checked(y),
                _ => Err(not_a_year()),
            };
        }
        // 2020, 2020年度
        if body.bytes().all(|b| b.is_ascii_digit()) {
            let n = parse_digits(body).ok_or_else(not_a_year)?;
            return match body.len() {
                4 => Self::new_checked(n),
                1 | 2 if has_suffix => match era {
                    Some(e) if n >= 1 => Self::new_checked(i64::from(e.gregorian(n as u32))),
                    _ => Err(FiscalYearError::EraNeeded(s.trim().to_owned())),
                },
                _ => Err(not_a_year()),
            };
        }
        // 令和2, 平成31, 令和元; 令和五, 平成三十一 as a formal document writes them
        for e in Era::ALL {
            if let Some(rest) = body.strip_prefix(e.kanji()) {
                return era_year(e, rest)
                    .or_else(|| {
                        let n = kanji_number(rest)?;
                        FiscalYear::new(e.gregorian(n)).ok()
                    })
                    .ok_or_else(not_a_year);
            }
        }
        // H30, R1, R元, H.30
        let mut chars = body.chars();
        if let Some(e) = chars.next().and_then(Era::from_letter) {
            let rest = chars.as_str();
            let rest = rest.strip_prefix('.').unwrap_or(rest);
            if !rest.is_empty() && rest.len() <= 3 {
                return era_year(e, rest).ok_or_else(not_a_year);
            }
        }
        Err(not_a_year())
    }

    fn new_checked(y: i64) -> Result<Self, FiscalYearError> {
        i32::try_from(y)
            .map_err(|_| FiscalYearError::OutOfRange(y))
            .and_then(Self::new)
    }

    /// The era this fiscal year is named in, and its year within that era (1 = 元年).
    pub fn era_year(self) -> (Era, u32) {
        let era = Era::of_fiscal_year(self.start_year());
        (era, (self.start_year() - era.first_year() + 1) as u32)
    }

    /// The short form used in column headers: R5, H30.
    pub fn short(self) -> String {
        let (era, n) = self.era_year();
        format!("{}{}", era.letter(), n)
    }

    pub fn next(self) -> Option<Self> {
        Self::new(self.start_year() + 1).ok()
    }

    pub fn prev(self) -> Option<Self> {
        Self::new(self.start_year() - 1).ok()
    }

    /// Years from `self` to `later` (negative when `later` is earlier).
    pub fn years_until(self, later: FiscalYear) -> i32 {
        later.start_year() - self.start_year()
    }
}

fn era_year(e: Era, rest: &str) -> Option<FiscalYear> {
    let n = if rest == "元" {
        1
    } else {
        let n = parse_digits(rest)?;
        if rest.len() > 3 || n == 0 {
            return None;
        }
        n as u32
    };
    FiscalYear::new(e.gregorian(n)).ok()
}

/// An era year in kanji numerals, 1 to 99: 五, 十, 十五, 三十一. Only this one grammar: a digit
/// after another (五五) or a 〇 is not a year anyone writes, and stays unread.
fn kanji_number(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|i| i as u32 + 1)
    };
    let mut chars = s.chars().peekable();
    let first = chars.next()?;
    let n = match (first, digit(first)) {
        ('十', _) => 10 + chars.next().map_or(Some(0), digit)?,
        (_, Some(tens)) if chars.peek() == Some(&'十') => {
            chars.next();
            tens * 10 + chars.next().map_or(Some(0), digit)?
        }
        (_, Some(d)) => d,
        _ => return None,
    };
    chars.next().is_none().then_some(n)
}

fn parse_digits(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn strip_brackets(s: &str) -> &str {
    const PAIRS: [(char, char); 4] = [('(', ')'), ('[', ']'), ('【', '】'), ('「', '」')];
    for (open, close) in PAIRS {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return inner;
        }
    }
    s
}

/// 令和5年度, 令和元年度.
impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (era, n) = self.era_year();
        if n == 1 {
            write!(f, "{}元年度", era.kanji())
        } else {
            write!(f, "{}{}年度", era.kanji(), n)
        }
    }
}

impl TryFrom<i32> for FiscalYear {
    type Error = FiscalYearError;
    fn try_from(y: i32) -> Result<Self, Self::Error> {
        Self::new(y)
    }
}

impl From<FiscalYear> for i32 {
    fn from(y: FiscalYear) -> i32 {
        y.start_year()
    }
}

/// Finds the first era named in `text` (a title such as `平成24年度 施策評価`), to resolve
/// the bare two-digit years (`22年度`) found elsewhere in the same sheet.
pub fn era_named_in(text: &str) -> Option<Era> {
    Era::ALL
        .into_iter()
        .filter_map(|e| text.find(e.kanji()).map(|at| (at, e)))
        .min()
        .map(|(_, e)| e)
}

/// Finds the first fiscal year written inside a longer text, such as a column header
/// `目標値(令和6年度)` or a cell `54.6% (22年度)`. Two-digit years need `era`. Returns the year
/// and the byte range it was read from in the NFKC form of `text` (which is `text` itself
/// when `text` is already normalised).
pub fn find_in(text: &str, era: Option<Era>) -> Option<(FiscalYear, std::ops::Range<usize>)> {
    // not trimmed: for a text already normalised, the range is a range of `text` itself
    let t = crate::text::nfkc(text);
    let t = t.as_ref();
    for (i, c) in t.char_indices() {
        let rest = &t[i..];
        // 令和6年度, 平成30年
        if let Some(e) = Era::ALL.into_iter().find(|e| rest.starts_with(e.kanji())) {
            let after = &rest[e.kanji().len()..];
            let n = digits_or_gan(after);
            if n > 0 {
                let end = i + e.kanji().len() + n + year_suffix(&after[n..]);
                if let Ok(y) = FiscalYear::parse(&t[i..end]) {
                    return Some((y, i..end));
                }
            }
            continue;
        }
        let prev_is_alnum = t[..i]
            .chars()
            .next_back()
            .is_some_and(|p| p.is_ascii_alphanumeric());
        // R6, H30 (a letter that starts a word, 1–2 digits that end it)
        if Era::from_letter(c).is_some() && c.is_ascii_uppercase() && !prev_is_alnum {
            let after = &rest[1..];
            let n = digits_or_gan(after);
            let next = after[n..].chars().next();
            if (1..=3).contains(&n) && !next.is_some_and(|x| x.is_ascii_alphanumeric()) {
                let end = i + 1 + n + year_suffix(&after[n..]);
                if let Ok(y) = FiscalYear::parse(&t[i..end]) {
                    return Some((y, i..end));
                }
            }
            continue;
        }
        // 2020年度, 22年度
        if c.is_ascii_digit() && !prev_is_alnum {
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            if rest[n..].starts_with("年度") {
                let end = i + n + "年度".len();
                if let Ok(y) = FiscalYear::parse_in_era(&t[i..end], era) {
                    return Some((y, i..end));
                }
            }
        }
    }
    None
}

/// The fiscal year a text dates: `令和2年度末` is FY2020; a date in January to March
/// (`平成22年2月`, `R3.3.31`) falls in the fiscal year before its calendar year.
pub fn dated_in(text: &str, era: Option<Era>) -> Option<FiscalYear> {
    dated_with_month(text, era).map(|(year, _)| year)
}

/// A date within a fiscal year short of its end (`令和6年9月30日現在`, `R6.9.30時点`): the year
/// and the month. A month's figure is part of the year's, not the year's whole; March ends
/// the year (`R3.3.31`), so it is not short of it.
pub fn part_of_year_in(text: &str, era: Option<Era>) -> Option<(FiscalYear, u32)> {
    match dated_with_month(text, era)? {
        (year, Some(month)) if month != 3 => Some((year, month)),
        _ => None,
    }
}

/// The fiscal year a text dates and the month it names, if any.
fn dated_with_month(text: &str, era: Option<Era>) -> Option<(FiscalYear, Option<u32>)> {
    let t = crate::text::normalize(text);
    let (year, at) = find_in(&t, era)
        .or_else(|| western_year(&t))
        .or_else(|| two_digit_year(&t, era))?;
    let after = &t[at.end..];
    let month: Option<u32> = if let Some(r) = after.strip_prefix('.') {
        r.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
    } else {
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        after[digits.len()..]
            .starts_with('月')
            .then(|| digits.parse().ok())
            .flatten()
    };
    let year = match month {
        Some(1..=3) if !t[at.clone()].ends_with("年度") => year.prev()?,
        _ => year,
    };
    Some((year, month.filter(|m| (1..=12).contains(m))))
}

/// `2014年(度)`, `2019年`: a Western year written with 年 alone, which [`find_in`] leaves to a
/// header of years (a bare `2019年` may be a calendar year in a sentence).
fn western_year(t: &str) -> Option<(FiscalYear, std::ops::Range<usize>)> {
    let at = t.find('年')?;
    let start = at.checked_sub(4)?;
    let digits = t.get(start..at)?;
    let before_ok = !t[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == ',');
    if !before_ok || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y = FiscalYear::new(digits.parse().ok()?).ok()?;
    Some((y, start..at + '年'.len_utf8()))
}

/// The year a cell under a 年度 heading gives: a date as [`dated_in`] reads it, or a number of
/// the era alone (`21` in a sheet of 平成), as a column headed 年度 writes it.
pub fn in_year_column(text: &str, era: Option<Era>) -> Option<FiscalYear> {
    dated_in(text, era).or_else(|| {
        let t = text.trim();
        let bare = (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
        bare.then(|| FiscalYear::parse_in_era(&format!("{t}年度"), era).ok())
            .flatten()
    })
}

/// A Western year written bare beside a heading's word (`2018(実績)`, `現状(2019)`,
/// `目標値 2030`): four digits from 1900 to 2100 standing alone, as nothing but a heading
/// that names its figures' kind may be read. `None` when the text writes any other number.
pub fn bare_year_in(text: &str) -> Option<FiscalYear> {
    let t = crate::text::normalize(text);
    let mut numbers = t
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .filter(|n| n.bytes().any(|b| b.is_ascii_digit()));
    let n = numbers.next()?;
    if numbers.next().is_some() || n.len() != 4 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = n.parse().ok()?;
    (1900..=2100)
        .contains(&year)
        .then(|| FiscalYear::new(year).ok())
        .flatten()
}

/// `28年` / `32年` with the table's era: a two-digit year [`find_in`] reads only with 年度.
fn two_digit_year(t: &str, era: Option<Era>) -> Option<(FiscalYear, std::ops::Range<usize>)> {
    let era = era?;
    let at = t.find('年')?;
    let start = t[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map(|(i, _)| i)?;
    if start > 0
        && t[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.')
    {
        return None;
    }
    let end = at
        + '年'.len_utf8()
        + if t[at..].starts_with("年度") {
            '度'.len_utf8()
        } else {
            0
        };
    let y = FiscalYear::parse_in_era(&format!("{}{}年度", era.kanji(), &t[start..at]), Some(era))
        .ok()?;
    Some((y, start..end))
}

fn digits_or_gan(s: &str) -> usize {
    if s.starts_with('元') {
        '元'.len_utf8()
    } else {
        s.bytes().take_while(u8::is_ascii_digit).count()
    }
}

fn year_suffix(s: &str) -> usize {
    if s.starts_with("年度") {
        "年度".len()
    } else if s.starts_with('年') {
        '年'.len_utf8()
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_number_of_the_era_under_a_year_heading() {
        let heisei = Some(Era::Heisei);
        assert_eq!(
            in_year_column("21", heisei).map(|y| y.start_year()),
            Some(2009)
        );
        assert_eq!(
            in_year_column("平成26年度", None).map(|y| y.start_year()),
            Some(2014)
        );
        assert_eq!(in_year_column("21", None), None);
        assert_eq!(in_year_column("215", heisei), None);
    }

    #[test]
    fn a_bare_year_beside_a_heading_word() {
        for (text, year) in [
            ("2018(実績)", Some(2018)),
            ("現状(2019)", Some(2019)),
            ("目標値 2030", Some(2030)),
        ] {
            assert_eq!(bare_year_in(text).map(|y| y.start_year()), year, "{text}");
        }
        for text in [
            "1,636",
            "2018.5",
            "2018-2022",
            "目標値(5,000)",
            "12345",
            "実績",
        ] {
            assert_eq!(bare_year_in(text), None, "{text}");
        }
    }

    use super::*;

    #[test]
    fn dates_fall_in_their_fiscal_year() {
        let start = |y: Option<FiscalYear>| y.map(FiscalYear::start_year);
        assert_eq!(start(dated_in("現状(平成22年2月)", None)), Some(2009));
        assert_eq!(start(dated_in("(R3.3.31)", None)), Some(2020));
        assert_eq!(start(dated_in("令和2年度末", None)), Some(2020));
        assert_eq!(start(dated_in("令和3年度3月", None)), Some(2021));
        assert_eq!(start(dated_in("平成27年目標値", None)), Some(2015));
        assert_eq!(start(dated_in("基準値(2014年(度))", None)), Some(2014));
        assert_eq!(start(dated_in("12,345年", None)), None);
    }

    #[test]
    fn a_date_short_of_the_years_end_is_part_of_it() {
        let part = |t| part_of_year_in(t, None).map(|(y, m)| (y.start_year(), m));
        assert_eq!(part("令和6年9月30日現在"), Some((2024, 9)));
        assert_eq!(part("R6.9.30時点"), Some((2024, 9)));
        // January falls in the fiscal year before
        assert_eq!(part("令和7年1月末現在"), Some((2024, 1)));
        // the year's end, or no month: the whole year
        assert_eq!(part("R7.3.31現在"), None);
        assert_eq!(part("令和6年度"), None);
        assert_eq!(part("9月30日現在"), None);
    }

    use proptest::prelude::*;
    use rstest::rstest;

    #[rstest]
    #[case::heisei_letter("H30", 2018)]
    #[case::heisei_kanji("平成30年度", 2018)]
    #[case::reiwa_one("R1", 2019)]
    #[case::reiwa_gan("R元", 2019)]
    #[case::reiwa_gannen("令和元年度", 2019)]
    #[case::heisei_31("平成31年度", 2019)]
    #[case::heisei_32_written_before_reiwa("平成32年度", 2020)]
    #[case::reiwa_2("令和2年度", 2020)]
    #[case::gregorian_nendo("2020年度", 2020)]
    #[case::fy("FY2020", 2020)]
    #[case::bare("2020", 2020)]
    #[case::full_width_reiwa("令和２年度", 2020)]
    #[case::full_width_letter("Ｒ２", 2020)]
    #[case::lowercase_letter("r5", 2023)]
    #[case::spaced("令 和 ６ 年 度", 2024)]
    #[case::bracketed("(R3)", 2021)]
    #[case::showa("昭和64年度", 1989)]
    #[case::dotted("H.30", 2018)]
    #[case::kanji_numeral("令和五年度", 2023)]
    #[case::kanji_ten("令和十年度", 2028)]
    #[case::kanji_tens_and_units("平成三十一年度", 2019)]
    #[case::kanji_teen("平成十五年度", 2003)]
    #[case::kanji_tens("昭和二十年", 1945)]
    fn parses(#[case] s: &str, #[case] y: i32) {
        assert_eq!(FiscalYear::parse(s).map(FiscalYear::start_year), Ok(y));
    }

    #[rstest]
    #[case("")]
    #[case("目標値")]
    #[case("123")]
    #[case("R0")]
    #[case("令和年度")]
    #[case("H300")]
    #[case("FY20")]
    #[case("1800")]
    #[case("2,020")]
    #[case::two_years("令和4・5年度")]
    #[case::two_gregorian_years("2023/24")]
    #[case::a_month("H30.4")]
    #[case::kanji_zero("令和〇年度")]
    #[case::kanji_digits_run_together("令和五五年度")]
    #[case::kanji_ten_twice("平成十十年度")]
    #[case::kanji_after_a_letter("R五")]
    fn rejects(#[case] s: &str) {
        assert!(FiscalYear::parse(s).is_err(), "{s} parsed");
    }

    #[test]
    fn two_digit_years_need_the_sheets_era() {
        assert_eq!(
            FiscalYear::parse("22年度"),
            Err(FiscalYearError::EraNeeded("22年度".into()))
        );
        let fy = FiscalYear::parse_in_era("22年度", Some(Era::Heisei)).map(FiscalYear::start_year);
        assert_eq!(fy, Ok(2010));
        let fy = FiscalYear::parse_in_era("２年度", Some(Era::Reiwa)).map(FiscalYear::start_year);
        assert_eq!(fy, Ok(2020));
        // a bare two-digit number is a value, not a year, even with an era at hand
        assert!(FiscalYear::parse_in_era("22", Some(Era::Heisei)).is_err());
    }

    #[test]
    fn years_are_found_inside_longer_texts() {
        let y = |s: &str, era| find_in(s, era).map(|(y, _)| y.start_year());
        assert_eq!(y("目標値(令和6年度)", None), Some(2024));
        assert_eq!(y("54.6% (22年度)", Some(Era::Heisei)), Some(2010));
        assert_eq!(y("54.6% (22年度)", None), None);
        assert_eq!(y("現状値 H30", None), Some(2018));
        assert_eq!(y("2020年度実績", None), Some(2020));
        assert_eq!(y("令和元年度末", None), Some(2019));
        assert_eq!(y("目標値", None), None);
        assert_eq!(y("HR2", None), None);
        assert_eq!(y("R12345", None), None);
        assert_eq!(y("実績(R3)", None), Some(2021));
    }

    #[test]
    fn era_is_found_in_a_title() {
        assert_eq!(era_named_in("平成24年度 施策評価シート"), Some(Era::Heisei));
        assert_eq!(era_named_in("第2期釜石市子ども・子育て支援事業計画"), None);
    }

    #[test]
    fn displays_in_era_and_short_form() {
        let y = |n| FiscalYear::new(n).expect("in range");
        assert_eq!(y(2023).to_string(), "令和5年度");
        assert_eq!(y(2019).to_string(), "令和元年度");
        assert_eq!(y(2018).to_string(), "平成30年度");
        assert_eq!(y(2023).short(), "R5");
        assert_eq!(y(2018).short(), "H30");
    }

    #[test]
    fn serialises_as_the_gregorian_start_year() {
        let y = FiscalYear::new(2020).expect("in range");
        assert_eq!(serde_json::to_string(&y).ok().as_deref(), Some("2020"));
        assert!(serde_json::from_str::<FiscalYear>("3000").is_err());
    }

    proptest! {
        #[test]
        fn any_text_parses_without_panicking(s in "\\PC*") {
            let _ = find_in(&s, Some(Era::Reiwa));
            let _ = FiscalYear::parse(&s);
            let _ = FiscalYear::parse_in_era(&s, Some(Era::Heisei));
        }

        #[test]
        fn display_and_short_form_parse_back(y in FiscalYear::MIN..=FiscalYear::MAX) {
            let fy = FiscalYear::new(y).expect("in range");
            prop_assert_eq!(FiscalYear::parse(&fy.to_string()), Ok(fy));
            prop_assert_eq!(FiscalYear::parse(&fy.short()), Ok(fy));
        }
    }
}
