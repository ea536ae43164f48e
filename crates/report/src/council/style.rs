//! How a council sheet prints: a Japanese font, thin borders, wrapped text, grade cells coloured
//! by their place (light fills, so the letter stays readable in black and white, and bold), and
//! each figure's number format taken from the way the city wrote it (`5,070人` is 5070 shown
//! with `#,##0"人"`), so a number stays a number and still reads as written.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};
use shinchoku_core::{Cell, CellValue};
use std::borrow::Cow;

/// The font the sheet is printed in: Excel's Japanese default since 2016.
pub const FONT: &str = "游ゴシック";

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(10)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
}

fn title() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(14)
        .set_bold()
}

fn plain() -> Format {
    Format::new().set_font_name(FONT).set_font_size(10)
}

fn header() -> Format {
    base()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(0xD9E1F2))
}

/// A goal's heading: one line running over the row (not wrapped in its first cell).
fn goal() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(10)
        .set_bold()
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xEDEDED))
}

fn figure() -> Format {
    base().set_align(FormatAlign::Right)
}

fn label() -> Format {
    base().set_align(FormatAlign::Center)
}

/// The fill of the grade at `rank` (0 best) among `count` labels, the last being 評価不能.
fn grade(rank: usize, count: usize) -> Format {
    let fill = if count == 0 || rank + 1 >= count {
        0xE7E6E6 // 評価不能: grey
    } else {
        // best to worst among the evaluable grades: green, yellow-green, yellow, orange, red
        const FILLS: [u32; 5] = [0xC6EFCE, 0xE2F0D9, 0xFFF2CC, 0xFCE4D6, 0xF8CBAD];
        let evaluable = (count - 1).max(1);
        let at = if evaluable == 1 {
            0
        } else {
            rank * (FILLS.len() - 1) / (evaluable - 1)
        };
        FILLS[at.min(FILLS.len() - 1)]
    };
    base()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(fill))
}

/// Every format a sheet is written with, made once: a format built for each cell would cost
/// more than writing the cell.
#[derive(Debug)]
pub struct Formats {
    pub base: Format,
    pub title: Format,
    pub plain: Format,
    pub header: Format,
    pub goal: Format,
    pub figure: Format,
    pub label: Format,
    pub percent: Format,
    grades: Vec<Format>,
    /// The figures' formats by how they were written: a sheet has a handful, so a list
    /// searched in order.
    numbers: Vec<(NumberStyle<'static>, Format)>,
}

impl Formats {
    /// The formats of a sheet whose grades are `count` labels (評価不能 last).
    pub fn new(count: usize) -> Formats {
        Formats {
            base: base(),
            title: title(),
            plain: plain(),
            header: header(),
            goal: goal(),
            figure: figure(),
            label: label(),
            percent: figure().set_num_format("0.0%"),
            grades: (0..count.max(1)).map(|rank| grade(rank, count)).collect(),
            numbers: Vec::new(),
        }
    }

    /// The fill of the grade at `rank` (0 best; beyond the labels: 評価不能's).
    pub fn grade(&self, rank: usize) -> &Format {
        &self.grades[rank.min(self.grades.len() - 1)]
    }

    /// A figure shown as it was written (`style`).
    pub fn number(&mut self, style: &NumberStyle<'_>) -> &Format {
        let at = match self.numbers.iter().position(|(known, _)| known == style) {
            Some(at) => at,
            None => {
                let format = figure().set_num_format(style.code());
                self.numbers.push((style.owned(), format));
                self.numbers.len() - 1
            }
        };
        &self.numbers[at].1
    }
}

/// The height of a text line at the sheet's 10 pt, in points.
pub const LINE: f64 = 14.0;
/// Excel's own row height at that size.
pub const ROW: f64 = 15.0;

/// How many lines `text` takes wrapped in a column `width` characters wide: a Japanese
/// character is two of Excel's width units, an ASCII one about one. An estimate — Excel does
/// not fit the height of merged cells itself, so the sheet sets it.
pub fn lines(text: &str, width: f64) -> u32 {
    let room = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|line| {
            let units: f64 = line
                .chars()
                .map(|c| if c.is_ascii() { 1.1 } else { 2.0 })
                .sum();
            (units / room).ceil().max(1.0) as u32
        })
        .sum()
}

/// How a figure was written, as far as a number format can show it: thousands separators,
/// decimals, a unit after the number (`5,070人`: separators, none, 人).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberStyle<'a> {
    pub separators: bool,
    pub decimals: usize,
    pub unit: Option<Cow<'a, str>>,
}

impl NumberStyle<'_> {
    /// The same style, owning its unit: kept beside the format made for it.
    pub fn owned(&self) -> NumberStyle<'static> {
        NumberStyle {
            separators: self.separators,
            decimals: self.decimals,
            unit: self.unit.as_deref().map(|u| Cow::Owned(u.to_owned())),
        }
    }

    /// Excel's number format code for the style (`#,##0"人"`).
    pub fn code(&self) -> String {
        let mut code = String::from(if self.separators { "#,##0" } else { "0" });
        if self.decimals > 0 {
            code.push('.');
            code.extend(std::iter::repeat_n('0', self.decimals));
        }
        if let Some(u) = &self.unit {
            code.push('"');
            code.push_str(u);
            code.push('"');
        }
        code
    }
}

/// The longest number read without allocating (digits, separators, a point, a sign).
const DIGITS: usize = 40;

/// The number and the style that show `value` as `raw` shows it, when the raw text is nothing
/// but the number (thousands separators, decimals, a unit after it): `None` keeps it text.
/// Called for every figure of a sheet, so it allocates nothing.
pub fn number_format(cell: &Cell) -> Option<(f64, NumberStyle<'_>)> {
    let CellValue::Number(q) = &cell.value else {
        return None;
    };
    if !q.value.is_finite()
        || q.qualifier.is_some()
        || q.bound.is_some()
        || q.approximate
        || q.note_mark.is_some()
        || q.remark.is_some()
    {
        return None;
    }
    let raw = cell.raw.trim();
    let unit = q
        .unit
        .as_ref()
        .map(|u| u.as_str())
        .filter(|u| !u.is_empty());
    let digits = match unit {
        Some(u) => raw.strip_suffix(u)?,
        None => raw,
    };
    // the unit is written inside quotes in the code
    if unit.is_some_and(|u| u.contains('"')) {
        return None;
    }
    let unsigned = digits.strip_prefix('-').unwrap_or(digits);
    if unsigned.is_empty()
        || !unsigned
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
        || !unsigned.bytes().next().is_some_and(|b| b.is_ascii_digit())
        || unsigned.matches('.').count() > 1
        || digits.len() > DIGITS
    {
        return None;
    }
    // the number without its separators, parsed to check it is the value read
    let mut plain = [0u8; DIGITS];
    let mut n = 0;
    for b in digits.bytes().filter(|b| *b != b',') {
        plain[n] = b;
        n += 1;
    }
    let parsed: f64 = std::str::from_utf8(&plain[..n]).ok()?.parse().ok()?;
    if parsed != q.value {
        return None;
    }
    let style = NumberStyle {
        separators: unsigned.contains(','),
        decimals: unsigned.split_once('.').map_or(0, |(_, d)| d.len()),
        unit: unit.map(Cow::Borrowed),
    };
    Some((q.value, style))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format_of(raw: &str) -> Option<(f64, String)> {
        number_format(&Cell::read(raw)).map(|(v, style)| (v, style.code()))
    }

    #[test]
    fn a_figure_keeps_the_way_it_was_written() {
        assert_eq!(format_of("5,070人"), Some((5070.0, "#,##0\"人\"".into())));
        assert_eq!(format_of("56.8"), Some((56.8, "0.0".into())));
        assert_eq!(format_of("2,068"), Some((2068.0, "#,##0".into())));
        assert_eq!(format_of("100%"), Some((100.0, "0\"%\"".into())));
        assert_eq!(format_of("24回"), Some((24.0, "0\"回\"".into())));
        assert_eq!(format_of("-1,234.50"), Some((-1234.5, "#,##0.00".into())));
        // a number longer than any figure a city writes stays text rather than cut
        assert_eq!(format_of(&"1".repeat(60)), None);
    }

    #[test]
    fn what_a_format_cannot_show_stays_text() {
        for raw in [
            "※41か所",
            "約50人",
            "90%以上",
            "△5",
            "↑",
            "アンケート調査済",
            "-",
            "1か所(予定)",
        ] {
            assert_eq!(format_of(raw), None, "{raw}");
        }
    }

    #[test]
    fn wrapped_lines_are_estimated_by_width() {
        assert_eq!(lines("", 10.0), 1);
        assert_eq!(lines("子育て", 10.0), 1);
        // 20 Japanese characters are 40 units: five lines of 9
        assert_eq!(lines(&"あ".repeat(20), 10.0), 5);
        assert_eq!(lines("一行目\n二行目", 30.0), 2);
    }

    #[test]
    fn grades_are_coloured_by_their_place() {
        // best and worst differ, 評価不能 is grey
        let formats = Formats::new(5);
        let fill = |f: &Format| format!("{f:?}");
        assert_ne!(fill(formats.grade(0)), fill(formats.grade(3)));
        assert_ne!(fill(formats.grade(3)), fill(formats.grade(4)));
        assert_eq!(
            fill(formats.grade(4)),
            fill(formats.grade(9)),
            "beyond: 評価不能"
        );
    }
}
