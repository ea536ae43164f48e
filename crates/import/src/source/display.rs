//! How Excel displays a number with its number format, so that a workbook cell reads as the
//! text its user sees: 0.546 with `0.0%` is `54.6%`, 1234 with `#,##0"人"` is `1,234人`, a date
//! serial with `ggge"年"m"月"d"日"` is `令和5年1月1日`. The common formats of Japanese plan
//! sheets, not all of Excel: anything else shows as General.

/// The format code of a built-in number format id (ja-JP).
pub(crate) fn builtin_code(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        5 => "\"¥\"#,##0;\"¥\"-#,##0",
        6 => "\"¥\"#,##0;[Red]\"¥\"-#,##0",
        7 => "\"¥\"#,##0.00;\"¥\"-#,##0.00",
        8 => "\"¥\"#,##0.00;[Red]\"¥\"-#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "yyyy/m/d",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "yyyy/m/d h:mm",
        27 => "[$-411]ge.m.d",
        28 => "[$-411]ggge\"年\"m\"月\"d\"日\"",
        29 => "[$-411]ggge\"年\"m\"月\"d\"日\"",
        30 => "m/d/yy",
        31 => "yyyy\"年\"m\"月\"d\"日\"",
        32 => "h\"時\"mm\"分\"",
        33 => "h\"時\"mm\"分\"ss\"秒\"",
        34 => "yyyy\"年\"m\"月\"",
        35 => "m\"月\"d\"日\"",
        36 => "[$-411]ge.m.d",
        37 => "#,##0;-#,##0",
        38 => "#,##0;[Red]-#,##0",
        39 => "#,##0.00;-#,##0.00",
        40 => "#,##0.00;[Red]-#,##0.00",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mm:ss.0",
        48 => "##0.0E+0",
        49 => "@",
        50 => "[$-411]ge.m.d",
        51 => "[$-411]ggge\"年\"m\"月\"d\"日\"",
        52 => "yyyy\"年\"m\"月\"",
        53 => "m\"月\"d\"日\"",
        54 => "[$-411]ggge\"年\"m\"月\"d\"日\"",
        55 => "yyyy\"年\"m\"月\"",
        56 => "m\"月\"d\"日\"",
        57 => "[$-411]ge.m.d",
        58 => "[$-411]ggge\"年\"m\"月\"d\"日\"",
        _ => return None,
    })
}

/// One token of a format section.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Literal(String),
    /// `0`, `#` or `?` before the decimal point.
    IntDigit(char),
    /// The same after it.
    FracDigit(char),
    Percent,
    Thousands,
    Date(String),
    Exponent,
}

/// Splits a code into its sections (`;`), leaving quoted and escaped text alone.
fn sections(code: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if !quoted => {
                if let Some(s) = out.last_mut() {
                    s.push(c);
                    s.extend(chars.next());
                }
                continue;
            }
            ';' if !quoted => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(s) = out.last_mut() {
            s.push(c);
        }
    }
    out
}

fn tokens(section: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = section.chars().peekable();
    let mut after_point = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let text: String = chars.by_ref().take_while(|c| *c != '"').collect();
                out.push(Token::Literal(text));
            }
            '\\' => out.extend(chars.next().map(|n| Token::Literal(n.to_string()))),
            '[' => {
                let inside: String = chars.by_ref().take_while(|c| *c != ']').collect();
                // [$¥-411] shows its symbol; colours, conditions and locales show nothing
                if let Some(rest) = inside.strip_prefix('$') {
                    let symbol = rest.split('-').next().unwrap_or("");
                    if !symbol.is_empty() {
                        out.push(Token::Literal(symbol.to_owned()));
                    }
                } else if inside.eq_ignore_ascii_case("h") || inside.eq_ignore_ascii_case("hh") {
                    out.push(Token::Date(format!("[{inside}]")));
                }
            }
            '_' => {
                chars.next();
                out.push(Token::Literal(" ".into()));
            }
            '*' => {
                chars.next();
            }
            '0' | '#' | '?' => out.push(if after_point {
                Token::FracDigit(c)
            } else {
                Token::IntDigit(c)
            }),
            '.' if !matches!(out.last(), Some(Token::Date(_))) => {
                after_point = true;
                out.push(Token::Literal(".".into()));
            }
            ',' => out.push(Token::Thousands),
            '%' => out.push(Token::Percent),
            'E' | 'e' if matches!(chars.peek(), Some('+' | '-')) => {
                chars.next();
                out.push(Token::Exponent);
            }
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' | 'g' | 'G' | 'e' | 'a'
            | 'A' => {
                let mut run = c.to_ascii_lowercase().to_string();
                if (c == 'A' || c == 'a') && section.contains("AM/PM") {
                    // AM/PM is one token
                    for _ in 0..4 {
                        chars.next();
                    }
                    out.push(Token::Date("AM/PM".into()));
                    continue;
                }
                while chars
                    .peek()
                    .is_some_and(|n| n.to_ascii_lowercase() == run.chars().next().unwrap_or(' '))
                {
                    chars.next();
                    run.push(c.to_ascii_lowercase());
                }
                out.push(Token::Date(run));
            }
            '@' => out.push(Token::Literal("@".into())),
            other => out.push(Token::Literal(other.to_string())),
        }
    }
    out
}

/// Renders `value` as Excel shows it with `code`. Total: anything it cannot render shows as
/// General.
pub(crate) fn render(value: f64, code: &str, date1904: bool) -> String {
    if !value.is_finite() {
        return general(value);
    }
    let code = code.trim();
    if code.is_empty() || code.eq_ignore_ascii_case("general") || code == "@" {
        return general(value);
    }
    let sections = sections(code);
    let (section, signed) = match (sections.len(), value) {
        (n, v) if n >= 3 && v == 0.0 => (&sections[2], false),
        (n, v) if n >= 2 && v < 0.0 => (&sections[1], false),
        (_, v) => (&sections[0], v < 0.0),
    };
    if section.eq_ignore_ascii_case("general") {
        return general(value);
    }
    let tokens = tokens(section);
    if tokens.iter().any(|t| matches!(t, Token::Date(_))) {
        return date(value, &tokens, date1904).unwrap_or_else(|| general(value));
    }
    let magnitude = if sections.len() >= 2 && value < 0.0 {
        -value
    } else {
        value.abs()
    };
    let mut s = number(magnitude, &tokens);
    if signed && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        s.insert(0, '-');
    }
    s
}

/// Excel's General: up to 11 significant digits, no thousands separators.
fn general(value: f64) -> String {
    if value.is_nan() {
        return "#NUM!".into();
    }
    // a whole number is kept exact up to the 15 digits a double holds: a budget of 2千億円
    // stored as 200000000000 is a figure to evaluate, where Excel's narrow-column `2E+11` is not
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return format!("{value:.0}");
    }
    let abs = value.abs();
    if !(1e-9..1e11).contains(&abs) {
        // Excel's General drops the mantissa's trailing zeros: 1.5E+16, 2E-10
        let s = format!("{value:.5E}");
        let (mantissa, exponent) = s.split_once('E').unwrap_or((&s, "0"));
        let mantissa = if mantissa.contains('.') {
            mantissa.trim_end_matches('0').trim_end_matches('.')
        } else {
            mantissa
        };
        let exponent = match exponent.strip_prefix('-') {
            Some(e) => format!("-{e:0>2}"),
            None => format!("+{exponent:0>2}"),
        };
        return format!("{mantissa}E{exponent}");
    }
    // ten decimals at most, trailing zeros dropped, 11 significant digits
    let digits_before = if abs >= 1.0 {
        abs.log10().floor() as i32 + 1
    } else {
        1
    };
    let decimals = (11 - digits_before).clamp(0, 10) as usize;
    let s = format!("{value:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// Rounds half away from zero at `decimals`, on the value's 15-significant-digit decimal form
/// (as Excel does: 1.005 with `0.00` is 1.01).
fn rounded(value: f64, decimals: usize) -> String {
    // the 15 significant digits Excel works with, as a decimal string
    let sci = format!("{:.14e}", value.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    // digits[0] is the digit of 10^exp; the result has the integer digits (at least one)
    // and `decimals` places
    let digit = |power: i64| -> u8 {
        let index = exp - power;
        if (0..digits.len() as i64).contains(&index) {
            digits[index as usize]
        } else {
            0
        }
    };
    let int_digits = (exp + 1).max(1);
    let mut kept: Vec<u8> = (0..int_digits + decimals as i64)
        .map(|k| digit(int_digits - 1 - k))
        .collect();
    let next = digit(-(decimals as i64) - 1);
    if next >= 5 {
        // half away from zero: carry up through the kept digits
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, 1);
                break;
            }
            i -= 1;
            if kept[i] == 9 {
                kept[i] = 0;
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let int_len = kept.len() - decimals;
    let text: String = kept.iter().map(|d| char::from(b'0' + d)).collect();
    let (int, frac) = text.split_at(int_len);
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let sign = if value < 0.0 && kept.iter().any(|d| *d != 0) {
        "-"
    } else {
        ""
    };
    if decimals == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac:0<decimals$}")
    }
}

fn number(value: f64, tokens: &[Token]) -> String {
    let percent = tokens
        .iter()
        .filter(|t| matches!(t, Token::Percent))
        .count();
    let int_digits = tokens
        .iter()
        .filter(|t| matches!(t, Token::IntDigit(_)))
        .count();
    let frac_digits = tokens
        .iter()
        .filter(|t| matches!(t, Token::FracDigit(_)))
        .count();
    let last_digit = tokens
        .iter()
        .rposition(|t| matches!(t, Token::IntDigit(_) | Token::FracDigit(_)));
    // a comma between digits groups thousands; commas after the last digit scale by 1000
    let grouping = tokens
        .iter()
        .enumerate()
        .any(|(i, t)| matches!(t, Token::Thousands) && last_digit.is_some_and(|l| i < l));
    let scaling = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| matches!(t, Token::Thousands) && last_digit.is_none_or(|l| *i > l))
        .count();
    let mut v = value * 100f64.powi(percent as i32) / 1000f64.powi(scaling as i32);
    if let Some(e) = tokens.iter().position(|t| matches!(t, Token::Exponent)) {
        // the digits after E are the exponent's
        let mantissa_places = tokens[..e]
            .iter()
            .filter(|t| matches!(t, Token::FracDigit(_)))
            .count();
        return scientific(v, mantissa_places);
    }
    if int_digits + frac_digits == 0 {
        // literals only, such as "-": the value itself is not shown
        return tokens
            .iter()
            .map(|t| {
                if let Token::Literal(l) = t {
                    l.as_str()
                } else {
                    ""
                }
            })
            .collect();
    }
    let optional_frac = tokens
        .iter()
        .filter(|t| matches!(t, Token::FracDigit('#' | '?')))
        .count();
    if v.abs() >= 1e300 {
        v = v.signum() * 1e300;
    }
    let text = rounded(v, frac_digits);
    let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, ""));
    let mut frac = frac_part.to_owned();
    // optional decimal places (#) are dropped when zero
    let keep = frac_digits - optional_frac;
    while frac.len() > keep && frac.ends_with('0') {
        frac.pop();
    }
    let min_int = tokens
        .iter()
        .filter(|t| matches!(t, Token::IntDigit('0')))
        .count();
    let int_part = int_part.trim_start_matches('-');
    let mut int = if int_part == "0" && min_int == 0 {
        String::new()
    } else {
        int_part.to_owned()
    };
    while int.len() < min_int {
        int.insert(0, '0');
    }
    if grouping {
        int = group(&int);
    }
    let mut out = String::new();
    let mut int_written = false;
    let mut frac_written = false;
    for t in tokens {
        match t {
            Token::Literal(l) => out.push_str(l),
            Token::IntDigit(_) if !int_written => {
                out.push_str(&int);
                int_written = true;
            }
            Token::FracDigit(_) if !frac_written => {
                out.push_str(&frac);
                frac_written = true;
            }
            Token::Percent => out.push('%'),
            _ => {}
        }
    }
    out
}

fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn scientific(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$E}");
    match s.split_once('E') {
        Some((m, e)) => {
            let e: i32 = e.parse().unwrap_or(0);
            format!("{m}E{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
        }
        None => s,
    }
}

/// (year, month, day, seconds of the day) of an Excel serial date.
fn civil(serial: f64, date1904: bool) -> Option<(i32, u32, u32, u32)> {
    if !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let mut days = serial.floor() as i64;
    let secs = ((serial - serial.floor()) * 86_400.0).round() as u32;
    if date1904 {
        days += 1462;
    } else if days == 0 {
        return Some((1900, 1, 0, secs));
    }
    if days >= 60 {
        // Excel counts 1900-02-29, which did not exist
        days -= 1;
    }
    // days since 1899-12-31 → civil date (Howard Hinnant's algorithm, from 1970-01-01, which
    // is day 25,568)
    let z = days - 25_568 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    Some((y, m, d, secs.min(86_399)))
}

/// The Japanese era of a date: (kanji, letter, year in the era).
fn japanese_era(y: i32, m: u32, d: u32) -> (&'static str, char, i32) {
    let on_or_after = |ey, em, ed| (y, m, d) >= (ey, em, ed);
    if on_or_after(2019, 5, 1) {
        ("令和", 'R', y - 2018)
    } else if on_or_after(1989, 1, 8) {
        ("平成", 'H', y - 1988)
    } else if on_or_after(1926, 12, 25) {
        ("昭和", 'S', y - 1925)
    } else if on_or_after(1912, 7, 30) {
        ("大正", 'T', y - 1911)
    } else {
        ("明治", 'M', y - 1867)
    }
}

fn date(serial: f64, tokens: &[Token], date1904: bool) -> Option<String> {
    let (y, mo, d, secs) = civil(serial, date1904)?;
    let (h, mi, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let twelve = tokens
        .iter()
        .any(|t| matches!(t, Token::Date(x) if x == "AM/PM"));
    let (era, letter, ey) = japanese_era(y, mo, d);
    let weekday = {
        let days = (serial.floor() as i64 + if date1904 { 1462 } else { 0 } - 1).rem_euclid(7);
        // serial 1 (1900-01-01, as Excel counts) was a Sunday
        days as usize
    };
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        match t {
            Token::Literal(l) => out.push_str(l),
            Token::Date(run) => {
                // m after h or before s is minutes
                let prev_hour = tokens[..i].iter().rev().find_map(|t| {
                    if let Token::Date(r) = t {
                        Some(r.starts_with('h') || r.starts_with("[h"))
                    } else {
                        None
                    }
                });
                let next_sec = tokens[i + 1..].iter().find_map(|t| {
                    if let Token::Date(r) = t {
                        Some(r.starts_with('s'))
                    } else {
                        None
                    }
                });
                let minutes = run.starts_with('m')
                    && run.len() <= 2
                    && (prev_hour == Some(true) || next_sec == Some(true));
                let text = match run.as_str() {
                    "yyyy" | "yyy" => y.to_string(),
                    "yy" | "y" => format!("{:02}", y.rem_euclid(100)),
                    "m" if minutes => mi.to_string(),
                    "mm" if minutes => format!("{mi:02}"),
                    "m" => mo.to_string(),
                    "mm" => format!("{mo:02}"),
                    "mmm" => [
                        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                        "Nov", "Dec",
                    ][(mo - 1) as usize]
                        .to_owned(),
                    "mmmm" => [
                        "January",
                        "February",
                        "March",
                        "April",
                        "May",
                        "June",
                        "July",
                        "August",
                        "September",
                        "October",
                        "November",
                        "December",
                    ][(mo - 1) as usize]
                        .to_owned(),
                    "d" => d.to_string(),
                    "dd" => format!("{d:02}"),
                    "ddd" => ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][weekday].to_owned(),
                    "dddd" => [
                        "Sunday",
                        "Monday",
                        "Tuesday",
                        "Wednesday",
                        "Thursday",
                        "Friday",
                        "Saturday",
                    ][weekday]
                        .to_owned(),
                    "aaa" => ["日", "月", "火", "水", "木", "金", "土"][weekday].to_owned(),
                    "aaaa" => format!(
                        "{}曜日",
                        ["日", "月", "火", "水", "木", "金", "土"][weekday]
                    ),
                    "h" | "hh" => {
                        let hh = if twelve { (h + 11) % 12 + 1 } else { h };
                        if run == "hh" {
                            format!("{hh:02}")
                        } else {
                            hh.to_string()
                        }
                    }
                    "[h]" | "[hh]" => ((serial.floor() as u64) * 24 + u64::from(h)).to_string(),
                    "s" => s.to_string(),
                    "ss" => format!("{s:02}"),
                    "AM/PM" => if h < 12 { "AM" } else { "PM" }.to_owned(),
                    "g" => letter.to_string(),
                    "gg" => era.chars().next().map(String::from).unwrap_or_default(),
                    "ggg" => era.to_owned(),
                    "e" => ey.to_string(),
                    "ee" => format!("{ey:02}"),
                    _ => return None,
                };
                out.push_str(&text);
            }
            _ => {}
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_seen_in_plan_sheets() {
        let cases: &[(f64, &str, &str)] = &[
            (0.546, "0.0%", "54.6%"),
            (0.5, "0%", "50%"),
            (1.0, "0%", "100%"),
            (0.123_45, "0.00%", "12.35%"),
            (1_234_567.0, "#,##0", "1,234,567"),
            (1234.0, "#,##0\"人\"", "1,234人"),
            (5000.0, "#,##0\"人\"", "5,000人"),
            (3.0, "0\"回\"", "3回"),
            (3.0, "\"年\"0\"回\"", "年3回"),
            (1.0, "0\\か\\所", "1か所"),
            (-5.0, "#,##0;\"△\"#,##0", "△5"),
            (-5.0, "#,##0;\"▲\"#,##0", "▲5"),
            (-5.0, "#,##0", "-5"),
            (-5.0, "#,##0;[Red]-#,##0", "-5"),
            (0.0, "0;-0;\"-\"", "-"),
            (12_345.678, "#,##0.00", "12,345.68"),
            (2.5, "0", "3"),
            (-2.5, "0", "-3"),
            (1.005, "0.00", "1.01"),
            (0.0049, "0.00", "0.00"),
            (0.005, "0.00", "0.01"),
            (9.995, "0.00", "10.00"),
            (99.5, "0", "100"),
            (1e20, "0", "100000000000000000000"),
            (0.125, "0.00", "0.13"),
            (51.4, "0.0", "51.4"),
            (51.0, "0.0", "51.0"),
            (51.0, "0.#", "51."),
            (0.5, "#.##", ".5"),
            (1_234_567.0, "#,##0,\"千円\"", "1,235千円"),
            (1234.0, "[$¥-411]#,##0", "¥1,234"),
            (12345.0, "0.00E+00", "1.23E+04"),
            (57_887.0, "General", "57887"),
            (200_000_000_000.0, "General", "200000000000"),
            (123_456_789_012_345.0, "General", "123456789012345"),
            (1.5e16, "General", "1.5E+16"),
            (2e-10, "General", "2E-10"),
            (8.6, "General", "8.6"),
            (0.1 + 0.2, "General", "0.3"),
            (1.0 / 3.0, "General", "0.3333333333"),
            (44927.0, "yyyy/m/d", "2023/1/1"),
            (44927.0, "yyyy\"年\"m\"月\"d\"日\"", "2023年1月1日"),
            (44927.0, "[$-411]ggge\"年\"m\"月\"d\"日\"", "令和5年1月1日"),
            (43586.0, "ggge\"年\"", "令和1年"),
            (43585.0, "gge", "平31"),
            (32516.0, "ge.m.d", "H1.1.8"),
            (44927.5, "h:mm", "12:00"),
            (44927.75, "h:mm AM/PM", "6:00 PM"),
            (44927.0, "aaa", "日"),
            (61.0, "yyyy/m/d", "1900/3/1"),
            (59.0, "yyyy/m/d", "1900/2/28"),
        ];
        for (value, code, want) in cases {
            assert_eq!(render(*value, code, false), *want, "{value} with {code}");
        }
        assert_eq!(render(0.0, "yyyy/m/d", true), "1904/1/1");
    }

    #[test]
    fn builtin_ids() {
        assert_eq!(builtin_code(9), Some("0%"));
        assert_eq!(builtin_code(3), Some("#,##0"));
        assert_eq!(
            render(0.25, builtin_code(10).unwrap_or_default(), false),
            "25.00%"
        );
        assert_eq!(
            render(44927.0, builtin_code(31).unwrap_or_default(), false),
            "2023年1月1日"
        );
        assert_eq!(builtin_code(200), None);
    }

    proptest! {
        #[test]
        fn render_never_panics(value in prop::num::f64::ANY, code in "[0#?.,%;\"人E+\\-\\\\\\[\\]$ymdhsgeaAMP/@_* 年]{0,16}") {
            let _ = render(value, &code, false);
            let _ = render(value, &code, true);
        }
    }
}
