//! Reading one cell of a sheet (design.md §3): the raw text is kept forever and the value
//! read from it sits beside it — a number with its unit and qualifiers, a direction, a state,
//! free text, or nothing. Free text is never guessed into a number.

use crate::text::normalize;
use crate::unit::Unit;
use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt::{self, Write as _};

/// A cell: the text as written and what it says. The raw text is a `CompactString`: nearly
/// every cell is shorter than 24 bytes and is then stored inline, without an allocation.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub raw: CompactString,
    pub value: CellValue,
}

/// What a cell says.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Number(Quantity),
    /// ↑ 増加 / → 維持 / ↓ 減少
    Direction(Direction),
    /// 有り / 無し
    State(bool),
    /// Free text such as `アンケート調査済`: kept, never read as a number.
    Text,
    /// `-`, `—`, `空欄` or a blank cell.
    Empty,
}

/// A number as written, with what surrounds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub unit: Option<Unit>,
    pub qualifier: Option<Qualifier>,
    pub bound: Option<Bound>,
    /// 約50人
    pub approximate: bool,
    /// `※` before or after the number: the note text is elsewhere in the sheet.
    pub note_mark: Option<NoteMark>,
    /// Text in parentheses after the number: `1か所(予定)`. Boxed: it is rare, and every
    /// figure would otherwise carry its room.
    pub remark: Option<Box<str>>,
}

impl Quantity {
    /// A bare number, as `2,068` or `51.4` are written.
    pub fn plain(value: f64) -> Quantity {
        Quantity {
            value,
            unit: None,
            qualifier: None,
            bound: None,
            approximate: false,
            note_mark: None,
            remark: None,
        }
    }
}

/// 年3回 (per year), 月20件 (per month) or 累計10回 (a running total).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    PerYear,
    PerMonth,
    Cumulative,
}

/// 以上 / 以下 / 超 / 未満 after a number: the target is a bound, which also tells its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    AtLeast,
    AtMost,
    Above,
    Below,
}

/// A direction target or statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Keep,
    Down,
}

/// A note mark: `※` alone, or numbered (`※1`) to match a numbered footnote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NoteMark {
    pub number: Option<u32>,
}

/// The kind of a cell, as named in the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellKind {
    Number,
    Direction,
    Boolean,
    Text,
    None,
}

impl CellKind {
    /// What the kind is called: 数値, 方向, 有無, 文字, なし.
    pub fn words(self) -> &'static str {
        match self {
            CellKind::Number => "数値",
            CellKind::Direction => "方向",
            CellKind::Boolean => "有無",
            CellKind::Text => "文字",
            CellKind::None => "なし",
        }
    }
}

/// Why a text written where a figure goes, and shaped like one, is not read as one: it stays
/// text (design.md §3: never guessed into a number), and the reader says why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotAFigure {
    /// `5〜10`, `5-10人`: two figures, not one.
    Range,
    /// `(5)`: a negative figure in accounting, or a reference figure beside the real one.
    Parenthesised,
    /// `5-`, `1e`, `1,5`, `¥5千円`: cut short, mistyped, or saying two things.
    Malformed,
}

impl NotAFigure {
    /// Why the text is not a figure, in Japanese, to follow 「raw」は.
    pub fn words(self) -> &'static str {
        match self {
            NotAFigure::Range => "範囲で、1つの数値ではありません",
            NotAFigure::Parenthesised => "括弧付きで、負の数(会計の書き方)か参考値か分かりません",
            NotAFigure::Malformed => "数値として読めません",
        }
    }

    /// Why a cell's text is not a figure, when the text is shaped like one: it starts with a
    /// figure (after `(`, `¥`, a sign or 約), is short, and is not a sentence. Prose that
    /// happens to start with a number (`3年ごとに調査`) and plain words are `None`.
    pub fn of(raw: &str) -> Option<NotAFigure> {
        let s = normalize(raw);
        let s = s.as_ref();
        if !matches!(CellValue::read(s), CellValue::Text) || s.chars().count() > 16 {
            return None;
        }
        let sentence = s
            .chars()
            .any(|c| matches!(c, '\u{3041}'..='\u{309F}' | '、' | '。') || c.is_whitespace());
        let body = s.trim_start_matches(['(', '¥', '\\', '約', '※', '△', '▲', '+', '-', '−']);
        if sentence || !body.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let digit_dash_digit = s
            .as_bytes()
            .windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b'-' && w[2].is_ascii_digit());
        Some(if s.contains(['〜', '~', '～']) || digit_dash_digit {
            NotAFigure::Range
        } else if s.starts_with('(') && s.ends_with(')') {
            NotAFigure::Parenthesised
        } else {
            NotAFigure::Malformed
        })
    }
}

impl Cell {
    /// Reads a cell from its text. Total: any text gives a cell.
    pub fn read(raw: &str) -> Cell {
        Cell {
            raw: CompactString::from(raw),
            value: CellValue::read(raw),
        }
    }

    pub fn kind(&self) -> CellKind {
        self.value.kind()
    }

    pub fn number(&self) -> Option<&Quantity> {
        match &self.value {
            CellValue::Number(q) => Some(q),
            _ => None,
        }
    }

    /// True for a cell with nothing written in it at all (not even `-`).
    pub fn is_blank(&self) -> bool {
        self.raw.trim().is_empty()
    }

    /// How the cell was read, in words: what a person who typed it is told (`数値 5,070人`,
    /// `方向 ↑`, `有無 有り`, `文字:「5〜10」は範囲で、1つの数値ではありません`, `なし`).
    pub fn reading(&self) -> String {
        let kind = self.kind().words();
        match &self.value {
            CellValue::Number(q) => format!("{kind} {q}"),
            CellValue::Direction(d) => format!("{kind} {d}"),
            CellValue::State(true) => format!("{kind} 有り"),
            CellValue::State(false) => format!("{kind} 無し"),
            CellValue::Text => match NotAFigure::of(&self.raw) {
                Some(why) => format!("{kind}:「{}」は{}", self.raw.trim(), why.words()),
                None => format!("{kind}(数値としては読みません)"),
            },
            CellValue::Empty => kind.to_owned(),
        }
    }
}

impl CellValue {
    /// Reads the value of a cell text.
    pub fn read(raw: &str) -> CellValue {
        let s = normalize(raw);
        let s = s.as_ref();
        if s.is_empty() || is_empty_mark(s) {
            return CellValue::Empty;
        }
        // most cells are figures: try them first, without the word lists
        if s.starts_with(|c: char| c.is_ascii_digit()) {
            if let Some((value, "")) = read_number(s) {
                return CellValue::Number(Quantity::plain(value));
            }
            if let Some(q) = read_quantity(s) {
                return CellValue::Number(q);
            }
        }
        if let Some(d) = read_direction(s) {
            return CellValue::Direction(d);
        }
        if let Some(b) = read_state(s) {
            return CellValue::State(b);
        }
        match read_quantity(s) {
            Some(q) => CellValue::Number(q),
            None => CellValue::Text,
        }
    }

    pub fn kind(&self) -> CellKind {
        match self {
            CellValue::Number(_) => CellKind::Number,
            CellValue::Direction(_) => CellKind::Direction,
            CellValue::State(_) => CellKind::Boolean,
            CellValue::Text => CellKind::Text,
            CellValue::Empty => CellKind::None,
        }
    }
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '−' | '—' | '―' | 'ー' | '‐' | '–' | '─' | '━' | '_'
    )
}

fn is_empty_mark(s: &str) -> bool {
    s.chars().all(is_dash) || matches!(s, "空欄" | "/" | "N/A" | "n/a" | "NA" | "斜線")
}

const DIRECTION_WORDS: &[(&str, Direction)] = &[
    // at least the present level: kept, not raised
    ("現状維持以上", Direction::Keep),
    ("現状値以上", Direction::Keep),
    ("現状維持", Direction::Keep),
    ("現状値を維持", Direction::Keep),
    ("現状を維持", Direction::Keep),
    ("増加傾向", Direction::Up),
    ("減少傾向", Direction::Down),
    ("横ばい", Direction::Keep),
    ("増加", Direction::Up),
    ("上昇", Direction::Up),
    ("向上", Direction::Up),
    ("拡大", Direction::Up),
    ("拡充", Direction::Up),
    ("維持", Direction::Keep),
    ("継続", Direction::Keep),
    ("減少", Direction::Down),
    ("下降", Direction::Down),
    ("低下", Direction::Down),
    ("削減", Direction::Down),
    ("縮小", Direction::Down),
    // katakana, as some 総合計画 write a target's direction
    ("アップ", Direction::Up),
    ("ダウン", Direction::Down),
    ("↑", Direction::Up),
    ("↗", Direction::Up),
    ("⇧", Direction::Up),
    ("⬆", Direction::Up),
    ("→", Direction::Keep),
    ("⇒", Direction::Keep),
    ("➡", Direction::Keep),
    ("↓", Direction::Down),
    ("↘", Direction::Down),
    ("⇩", Direction::Down),
    ("⬇", Direction::Down),
    ("増", Direction::Up),
    ("減", Direction::Down),
];

/// A direction alone (`↑`) or said twice the same way (`↑(増加)`, `増加↑`).
fn read_direction(s: &str) -> Option<Direction> {
    const FIRST: &str = "現増減横維継上向拡下低削縮アダ↑↗⇧⬆→⇒➡↓↘⇩⬇([【";
    if !s.starts_with(|c: char| FIRST.contains(c)) || s.len() > 40 {
        return None;
    }
    // 減少を目指します, 増加をめざす: the aim said as a sentence is still its direction
    let s = ["を目指します", "を目指す", "をめざします", "をめざす"]
        .iter()
        .find_map(|tail| s.strip_suffix(tail))
        .unwrap_or(s);
    // a remark in brackets after the aim (`現状値を維持(44%台)`) says how much, not which way
    if let Some(open) = s.rfind('(').filter(|&o| o > 0 && s.ends_with(')'))
        && let Some(d) = direction_words(&s[..open])
    {
        return Some(d);
    }
    direction_words(s)
}

/// A direction from its words alone, brackets and dots between them ignored: `↑(増加)`.
fn direction_words(s: &str) -> Option<Direction> {
    let noise = |c: char| matches!(c, '(' | ')' | '[' | ']' | '【' | '】' | ' ' | '・');
    let filtered: String;
    let mut rest: &str = if s.contains(noise) {
        filtered = s.chars().filter(|c| !noise(*c)).collect();
        &filtered
    } else {
        s
    };
    let mut found: Option<Direction> = None;
    'consume: while !rest.is_empty() {
        for (word, d) in DIRECTION_WORDS {
            if let Some(r) = rest.strip_prefix(word) {
                if found.is_some_and(|f| f != *d) {
                    return None;
                }
                found = Some(*d);
                rest = r;
                continue 'consume;
            }
        }
        return None;
    }
    found
}

fn read_state(s: &str) -> Option<bool> {
    match s {
        "有り" | "有" | "あり" | "有る" | "ある" | "アリ" => Some(true),
        "無し" | "無" | "なし" | "無い" | "ない" | "ナシ" => Some(false),
        // a thing set up or done, or not yet: 設置 / 未設置, 実施済 / 未実施, 策定 / 未策定
        _ => {
            let (not_yet, act) = match s.strip_prefix('未') {
                Some(act) => (true, act),
                None => (false, s),
            };
            let act = act
                .strip_suffix("済み")
                .or_else(|| act.strip_suffix('済'))
                .filter(|_| !not_yet)
                .unwrap_or(act);
            STATE_ACTS.contains(&act).then_some(!not_yet)
        }
    }
}

/// Acts whose being done or not is a state a plan aims at (`設置`, `未設置`, `実施済`).
const STATE_ACTS: &[&str] = &[
    "設置", "実施", "策定", "完了", "開設", "導入", "整備", "制定", "締結", "設立", "開始", "着手",
    "作成", "配置", "指定", "認定", "取得", "登録", "開催",
];

/// number := note? qualifier? 約? ¥? sign? ¥? digits .? multiplier? unit? bound? (remark)? note?
fn read_quantity(s: &str) -> Option<Quantity> {
    let mut rest = s;
    let mut note_mark = None;
    let mut qualifier = None;
    let mut approximate = false;

    // Prefixes, in any order: ※, 年/毎年/年間, 月/毎月/月間/月平均, 累計/累積, 約
    loop {
        let before = rest;
        if let Some(r) = rest.strip_prefix('※').or_else(|| rest.strip_prefix('*')) {
            // in `※41か所` the digits are the value; in `※2 15か所` a space ends the mark's number
            let digits = r.bytes().take_while(u8::is_ascii_digit).count();
            let spaced = r[digits..].starts_with(' ')
                && r[digits..]
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_digit());
            if digits > 0 && spaced {
                note_mark = Some(NoteMark {
                    number: r[..digits].parse().ok(),
                });
                rest = r[digits..].trim_start();
            } else {
                note_mark = Some(NoteMark { number: None });
                rest = r.trim_start();
            }
        }
        for (word, q) in [
            ("累計", Qualifier::Cumulative),
            ("累積", Qualifier::Cumulative),
            ("毎年", Qualifier::PerYear),
            ("年間", Qualifier::PerYear),
            ("年", Qualifier::PerYear),
            ("月平均", Qualifier::PerMonth),
            ("毎月", Qualifier::PerMonth),
            ("月間", Qualifier::PerMonth),
            ("月", Qualifier::PerMonth),
        ] {
            if let Some(r) = rest.strip_prefix(word) {
                let r = r.trim_start_matches([':', ' ']);
                if r.starts_with(|c: char| c.is_ascii_digit() || "△▲-−+約".contains(c)) {
                    qualifier = Some(q);
                    rest = r;
                    break;
                }
            }
        }
        if let Some(r) = rest.strip_prefix('約') {
            approximate = true;
            rest = r.trim_start();
        }
        if rest == before {
            break;
        }
    }

    // ¥ (or `\`, as Shift_JIS shows it) before the figure can only mean yen: ¥5,000 is 5,000円
    let (yen_first, rest) = strip_yen(rest);
    let (negative, r) = match rest.chars().next()? {
        '△' | '▲' | '-' | '−' => (true, &rest[rest.chars().next()?.len_utf8()..]),
        '+' => (false, &rest[1..]),
        _ => (false, rest),
    };
    let (yen_after_sign, r) = strip_yen(r.trim_start());
    if yen_first && yen_after_sign {
        return None;
    }
    let yen = yen_first || yen_after_sign;
    let (mut value, r) = read_number(r)?;
    if negative {
        value = -value;
    }
    // `5.` is 5 with the point of a number format or a habit: a point followed by nothing
    let r = match r.strip_prefix('.') {
        Some(after) if after.trim().is_empty() => after,
        _ => r,
    };
    let mut rest = r.trim_start();

    // 万, 億 and 兆 scale the value, except in the units 万円, 億円 and 兆円. A figure written
    // in parts (3,737万8千人, 9兆1,400億円) adds them; money in parts keeps its largest mark as
    // its unit (9.14 兆円), as 10兆円 beside it does.
    let mut largest: Option<(char, f64)> = None;
    let mut total = 0.0;
    while let Some((mark, scale)) = [('兆', 1e12), ('億', 1e8), ('万', 1e4), ('千', 1e3)]
        .into_iter()
        .find(|(m, _)| rest.starts_with(*m))
    {
        let after = &rest[mark.len_utf8()..];
        let more = after.starts_with(|c: char| c.is_ascii_digit());
        // 千円, 千人 and 300万円 are units, unless inside a figure in parts
        if largest.is_none() && (mark == '千' || !more && after.starts_with('円')) {
            break;
        }
        if largest.is_some_and(|(_, l)| scale >= l) {
            return None;
        }
        total += value * scale;
        largest.get_or_insert((mark, scale));
        rest = after;
        value = 0.0;
        if !more {
            break;
        }
        let (n, r) = read_number(rest)?;
        value = if negative { -n } else { n };
        rest = r;
    }
    value += total;
    let mut money_mark = None;
    if let Some((mark, scale)) = largest
        && rest.trim_start().starts_with('円')
    {
        value /= scale;
        money_mark = Some(mark);
    }

    // Suffixes from the end: the way a figure is to go on a line of its own (`25.0以上⏎減少`),
    // note mark, remark, bound.
    let mut tail = rest.trim_end();
    let mut remark = None;
    if let Some((before, last)) = tail.rsplit_once('\n')
        && read_direction(last.trim()).is_some()
    {
        remark = Some(last.trim().into());
        tail = before.trim_end();
    }
    if let Some((t, mark)) = strip_note_suffix(tail) {
        note_mark = Some(mark);
        tail = t;
    }
    // a remark in square brackets (`225社 [H29年度以降各年度25社]`)
    if let Some(open) = tail.rfind('[')
        && tail.ends_with(']')
    {
        remark = Some(tail[open + 1..tail.len() - 1].trim().into());
        tail = tail[..open].trim_end();
    }
    if let Some(open) = tail.rfind('(')
        && tail.ends_with(')')
    {
        let inner = &tail[open + 1..tail.len() - 1];
        if let Some((t, mark)) = strip_note_suffix(inner).filter(|(t, _)| t.is_empty()) {
            let _ = t;
            note_mark = Some(mark);
        } else {
            remark = Some(inner.trim().into());
        }
        tail = tail[..open].trim_end();
        if let Some((t, mark)) = strip_note_suffix(tail) {
            note_mark = Some(mark);
            tail = t;
        }
    }
    let mut bound = None;
    for (word, b) in [
        ("以上", Bound::AtLeast),
        ("以下", Bound::AtMost),
        ("未満", Bound::Below),
        ("を超える", Bound::Above),
        ("超", Bound::Above),
    ] {
        if let Some(t) = tail.strip_suffix(word) {
            bound = Some(b);
            tail = t.trim_end();
            break;
        }
    }
    for word in ["程度", "前後"] {
        if let Some(t) = tail.strip_suffix(word) {
            approximate = true;
            tail = t.trim_end();
        }
    }
    let unit_text = tail.trim();
    let unit = if yen {
        // ¥5,000円 says yen twice; ¥5千円 says two things, and is not read as either
        match unit_text {
            "" | "円" => Unit::new("円"),
            _ => return None,
        }
    } else if unit_text.is_empty() {
        None
    } else if let (Some(mark), "円") = (money_mark, unit_text) {
        Unit::new(&format!("{mark}円"))
    } else if plausible_unit(unit_text) {
        Unit::new(unit_text)
    } else {
        return None;
    };
    Some(Quantity {
        value,
        unit,
        qualifier,
        bound,
        approximate,
        note_mark,
        remark,
    })
}

/// `2,068`, `8.6`, `57887`: digits with well-formed thousands groups and an optional fraction.
/// `1,5` is not a number here: Japanese sheets never use the decimal comma.
fn read_number(s: &str) -> Option<(f64, &str)> {
    let bytes = s.as_bytes();
    let mut end = 0;
    // digits without the commas, on the stack: most figures have a handful of digits
    let mut buf = [0u8; 64];
    let mut len = 0;
    let mut push = |b: u8, len: &mut usize| -> Option<()> {
        *buf.get_mut(*len)? = b;
        *len += 1;
        Some(())
    };
    let mut group_len: Option<usize> = None; // digits since the last comma, once a comma is seen
    let mut run = 0;
    let mut int: u64 = 0;
    while end < bytes.len() {
        match bytes[end] {
            b @ b'0'..=b'9' => {
                push(b, &mut len)?;
                int = int.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
                run += 1;
                if let Some(g) = group_len.as_mut() {
                    *g += 1;
                }
            }
            b',' => {
                let first_group_ok = group_len.is_none() && (1..=3).contains(&run);
                let later_group_ok = group_len == Some(3);
                if !(first_group_ok || later_group_ok) {
                    return None;
                }
                // a comma must be followed by a digit
                if !bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
                    return None;
                }
                group_len = Some(0);
            }
            _ => break,
        }
        end += 1;
    }
    if run == 0 || group_len.is_some_and(|g| g != 3) {
        return None;
    }
    let has_fraction =
        bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
    if !has_fraction && run <= 15 {
        // an integer of up to 15 digits is exact in an f64
        return Some((int as f64, &s[end..]));
    }
    if has_fraction {
        push(b'.', &mut len)?;
        end += 1;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            push(bytes[end], &mut len)?;
            end += 1;
        }
        if bytes.get(end) == Some(&b'.') {
            return None; // 12.3.4
        }
    }
    let text = std::str::from_utf8(&buf[..len]).ok()?;
    let value: f64 = text.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    Some((value, &s[end..]))
}

fn strip_note_suffix(s: &str) -> Option<(&str, NoteMark)> {
    let s = s.trim_end();
    let digits_start = s
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map_or(s.len(), |(i, _)| i);
    let (head, number) = (&s[..digits_start], &s[digits_start..]);
    let head = head.strip_suffix('※').or_else(|| head.strip_suffix('*'))?;
    Some((
        head.trim_end(),
        NoteMark {
            number: number.parse().ok(),
        },
    ))
}

fn strip_yen(s: &str) -> (bool, &str) {
    match s.strip_prefix(['¥', '\\']) {
        Some(r) => (true, r.trim_start()),
        None => (false, s),
    }
}

/// A unit suffix is short, carries no digits and no sentence: longer text means the cell is
/// prose that happens to start with a number, which stays text. It is a word: what is left
/// after a number that is only punctuation (`5-`, `5/`) or the start of an exponent (`1e`) is a
/// number cut short or mistyped, never a unit.
fn plausible_unit(s: &str) -> bool {
    let n = s.chars().count();
    let first = s.chars().next().unwrap_or(' ');
    let exponent = matches!(s, "e" | "E" | "e+" | "e-" | "E+" | "E-");
    // a count per period with no noun before it: `3,200,000/年間`
    let per_period = s
        .strip_prefix('/')
        .is_some_and(|p| matches!(p, "年" | "年間" | "月" | "日" | "週"));
    n <= 10
        && (!first.is_ascii_punctuation() || first == '%' || per_period)
        && s.chars().any(|c| c.is_alphabetic() || c == '%' || c == '‰')
        && !exponent
        && !s.chars().any(|c| {
            c.is_whitespace()
                || matches!(c, '、' | '。' | ',' | '~' | '〜' | '(' | ')' | '※' | ':')
        })
        // a digit belongs to another figure, except in a listed unit (m2: ㎡ after NFKC)
        && (!s.bytes().any(|b| b.is_ascii_digit()) || Unit::is_known(s))
        && s != "年度"
        && !s.ends_with("年度")
}

impl fmt::Display for Quantity {
    /// Writes the quantity in the form sheets use: `※累計5,070人以上`. Reading it back gives
    /// the same quantity.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.note_mark.is_some_and(|m| m.number.is_none()) {
            f.write_char('※')?;
        }
        match self.qualifier {
            Some(Qualifier::PerYear) => f.write_char('年')?,
            Some(Qualifier::PerMonth) => f.write_char('月')?,
            Some(Qualifier::Cumulative) => f.write_str("累計")?,
            None => {}
        }
        if self.approximate {
            f.write_char('約')?;
        }
        f.write_str(&format_number(self.value, None))?;
        if let Some(u) = &self.unit {
            f.write_str(u.as_str())?;
        }
        match self.bound {
            Some(Bound::AtLeast) => f.write_str("以上")?,
            Some(Bound::AtMost) => f.write_str("以下")?,
            Some(Bound::Above) => f.write_str("超")?,
            Some(Bound::Below) => f.write_str("未満")?,
            None => {}
        }
        if let Some(r) = &self.remark {
            write!(f, "({r})")?;
        }
        if let Some(NoteMark { number: Some(n) }) = self.note_mark {
            write!(f, "※{n}")?;
        }
        Ok(())
    }
}

/// Formats a number with thousands separators: `5,070`, `-8.6`. With `decimals`, rounds to
/// at most that many places and drops trailing zeros (`95.8`); without, writes it exactly.
pub fn format_number(value: f64, decimals: Option<usize>) -> String {
    let plain = match decimals {
        Some(d) => {
            let s = format!("{value:.d$}");
            if s.contains('.') {
                s.trim_end_matches('0').trim_end_matches('.').to_owned()
            } else {
                s
            }
        }
        None => format!("{value}"),
    };
    let (sign, body) = match plain.strip_prefix('-') {
        Some(b) if b.trim_matches(['0', '.']).is_empty() => ("", b),
        Some(b) => ("-", b),
        None => ("", plain.as_str()),
    };
    let (int, frac) = body
        .split_once('.')
        .map_or((body, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(plain.len() + int.len() / 3 + 1);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::Up => "↑",
            Direction::Keep => "→",
            Direction::Down => "↓",
        })
    }
}

/// The JSON form of a cell (design.md §3): `{"raw", "kind", …}`.
#[derive(Serialize, Deserialize)]
struct CellJson {
    raw: String,
    kind: CellKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<serde_json_value::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<Unit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    qualifier: Option<Qualifier>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bound: Option<Bound>,
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    approximate: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    note_mark: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    note_number: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remark: Option<Box<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    direction: Option<Direction>,
}

/// A number or a boolean in the `value` field, without pulling a JSON library into the core.
mod serde_json_value {
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    pub enum Value {
        Bool(bool),
        Integer(i64),
        Number(f64),
    }

    impl Value {
        /// Whole numbers are written without a fraction (`24`, not `24.0`).
        pub fn number(v: f64) -> Value {
            if v.fract() == 0.0 && v.abs() < 9.0e15 {
                Value::Integer(v as i64)
            } else {
                Value::Number(v)
            }
        }
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde_json_value::Value;
        let mut json = CellJson {
            raw: self.raw.to_string(),
            kind: self.kind(),
            value: None,
            unit: None,
            qualifier: None,
            bound: None,
            approximate: false,
            note_mark: false,
            note_number: None,
            remark: None,
            direction: None,
        };
        match &self.value {
            CellValue::Number(q) => {
                json.value = Some(Value::number(q.value));
                json.unit = q.unit.clone();
                json.qualifier = q.qualifier;
                json.bound = q.bound;
                json.approximate = q.approximate;
                json.note_mark = q.note_mark.is_some();
                json.note_number = q.note_mark.and_then(|m| m.number);
                json.remark = q.remark.clone();
            }
            CellValue::Direction(d) => json.direction = Some(*d),
            CellValue::State(b) => json.value = Some(Value::Bool(*b)),
            CellValue::Text | CellValue::Empty => {}
        }
        json.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Cell {
    /// A cell is read again from its raw text: the raw text is the record, the rest is derived.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = CellJson::deserialize(deserializer)?;
        Ok(Cell::read(&json.raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_says_how_it_was_read() {
        assert_eq!(Cell::read("5,070人").reading(), "数値 5,070人");
        assert_eq!(Cell::read("△5").reading(), "数値 -5");
        assert_eq!(Cell::read("↑").reading(), "方向 ↑");
        assert_eq!(Cell::read("有り").reading(), "有無 有り");
        assert_eq!(
            Cell::read("5〜10").reading(),
            "文字:「5〜10」は範囲で、1つの数値ではありません"
        );
        assert_eq!(
            Cell::read("アンケート調査済").reading(),
            "文字(数値としては読みません)"
        );
        assert_eq!(Cell::read("-").reading(), "なし");
    }
    use proptest::prelude::*;
    use rstest::rstest;

    fn number(raw: &str) -> Quantity {
        match Cell::read(raw).value {
            CellValue::Number(q) => q,
            other => panic!("{raw:?} read as {other:?}"),
        }
    }

    #[rstest]
    #[case::plain("57", 57.0, None)]
    #[case::thousands("2,068", 2068.0, None)]
    #[case::full_width("５，０７０", 5070.0, None)]
    #[case::full_width_unit("５，０７０人", 5070.0, Some("人"))]
    #[case::decimal("8.6", 8.6, None)]
    #[case::percent("100%", 100.0, Some("%"))]
    #[case::full_width_percent("７１．４％", 71.4, Some("%"))]
    #[case::per_mille("5.5‰", 5.5, Some("‰"))]
    #[case::triangle_minus("△5", -5.0, None)]
    #[case::black_triangle_minus("▲5.2%", -5.2, Some("%"))]
    #[case::ascii_minus("-3", -3.0, None)]
    #[case::math_minus("−3人", -3.0, Some("人"))]
    #[case::unit_kasho("1か所", 1.0, Some("か所"))]
    #[case::unit_shisetsu("30施設", 30.0, Some("施設"))]
    #[case::unit_episode("50エピソード", 50.0, Some("エピソード"))]
    #[case::unit_dantai("7団体", 7.0, Some("団体"))]
    #[case::unit_rate("57,887人日/年", 57887.0, Some("人日/年"))]
    #[case::man("1.2万人", 12000.0, Some("人"))]
    #[case::man_yen("300万円", 300.0, Some("万円"))]
    #[case::in_parts("3,737万8千人", 37_378_000.0, Some("人"))]
    #[case::money_in_parts("9兆1,400億円", 9.14, Some("兆円"))]
    #[case::thousand_yen("8,137千円", 8137.0, Some("千円"))]
    #[case::man_and_rest("1万500人", 10_500.0, Some("人"))]
    #[case::per_year("3,200,000/年間", 3_200_000.0, Some("/年間"))]
    #[case::way_on_its_line("25.0以上\n減少", 25.0, None)]
    #[case::square_remark("225社 [H29年度以降各年度25社]", 225.0, Some("社"))]
    #[case::sen_yen("1,200千円", 1200.0, Some("千円"))]
    #[case::zero("0件", 0.0, Some("件"))]
    #[case::cho("2兆", 2e12, None)]
    #[case::cho_people("1.5兆人", 1.5e12, Some("人"))]
    #[case::cho_yen("3兆円", 3.0, Some("兆円"))]
    #[case::trailing_point("5.", 5.0, None)]
    #[case::yen_sign("¥5,000", 5000.0, Some("円"))]
    #[case::full_width_yen_sign("￥５，０００", 5000.0, Some("円"))]
    #[case::yen_sign_and_suffix("¥300円", 300.0, Some("円"))]
    #[case::square_metres("120㎡", 120.0, Some("m2"))]
    fn numbers(#[case] raw: &str, #[case] value: f64, #[case] unit: Option<&str>) {
        let q = number(raw);
        assert_eq!(q.value, value);
        assert_eq!(q.unit.as_ref().map(Unit::as_str), unit);
    }

    #[test]
    fn qualifiers() {
        let q = number("年3回");
        assert_eq!((q.value, q.qualifier), (3.0, Some(Qualifier::PerYear)));
        let q = number("累計10回");
        assert_eq!((q.value, q.qualifier), (10.0, Some(Qualifier::Cumulative)));
        let q = number("月20件");
        assert_eq!((q.value, q.qualifier), (20.0, Some(Qualifier::PerMonth)));
        let q = number("毎月2回");
        assert_eq!((q.value, q.qualifier), (2.0, Some(Qualifier::PerMonth)));
        let q = number("約50人");
        assert!(q.approximate);
        let q = number("80%以上");
        assert_eq!((q.value, q.bound), (80.0, Some(Bound::AtLeast)));
        let q = number("10件以下");
        assert_eq!(q.bound, Some(Bound::AtMost));
        let q = number("1か所(予定)");
        assert_eq!(q.remark.as_deref(), Some("予定"));
    }

    #[test]
    fn note_marks() {
        let q = number("※41か所");
        assert_eq!(
            (q.value, q.note_mark),
            (41.0, Some(NoteMark { number: None }))
        );
        let q = number("41か所※2");
        assert_eq!(
            (q.value, q.note_mark),
            (41.0, Some(NoteMark { number: Some(2) }))
        );
        let q = number("※2 15か所");
        assert_eq!(
            (q.value, q.note_mark),
            (15.0, Some(NoteMark { number: Some(2) }))
        );
        let q = number("41か所(※1)");
        assert_eq!(q.note_mark, Some(NoteMark { number: Some(1) }));
        assert_eq!(q.remark, None);
    }

    #[rstest]
    #[case("↑", Direction::Up)]
    #[case("↗", Direction::Up)]
    #[case("増加", Direction::Up)]
    #[case("↑(増加)", Direction::Up)]
    #[case("→", Direction::Keep)]
    #[case("維持", Direction::Keep)]
    #[case("現状維持", Direction::Keep)]
    #[case("↓", Direction::Down)]
    #[case("↘", Direction::Down)]
    #[case("減少", Direction::Down)]
    #[case("減少を目指します", Direction::Down)]
    #[case("増加をめざす", Direction::Up)]
    #[case("現状値を維持", Direction::Keep)]
    #[case("現状値を維持(44%台)", Direction::Keep)]
    #[case("現状維持以上", Direction::Keep)]
    #[case("アップ", Direction::Up)]
    #[case("ダウン", Direction::Down)]
    fn directions(#[case] raw: &str, #[case] d: Direction) {
        assert_eq!(Cell::read(raw).value, CellValue::Direction(d));
    }

    #[rstest]
    #[case("有り", true)]
    #[case("有", true)]
    #[case("あり", true)]
    #[case("無し", false)]
    #[case("無", false)]
    #[case("なし", false)]
    #[case("設置", true)]
    #[case("設置済み", true)]
    #[case("実施済", true)]
    #[case("未設置", false)]
    #[case("未実施", false)]
    #[case("未策定", false)]
    fn states(#[case] raw: &str, #[case] b: bool) {
        assert_eq!(Cell::read(raw).value, CellValue::State(b));
    }

    #[rstest]
    #[case("")]
    #[case("   ")]
    #[case("-")]
    #[case("−")]
    #[case("—")]
    #[case("―")]
    #[case("ー")]
    #[case("－")]
    #[case("空欄")]
    fn empties(#[case] raw: &str) {
        assert_eq!(Cell::read(raw).value, CellValue::Empty);
    }

    #[rstest]
    #[case("アンケート調査済")]
    #[case("未把握")]
    #[case("↑↓")]
    #[case("1,5")]
    #[case("12.3.4")]
    #[case("5～10人")]
    #[case("3年ごとに調査、次回は令和6年度")]
    #[case("2020年度")]
    #[case("H30")]
    #[case("1,2345")]
    #[case("12,")]
    #[case::dash_after("5-")]
    #[case::exponent_fragment("1e")]
    #[case::exponent_sign("1E+")]
    #[case::slash_after("5/")]
    #[case::dot_then_word("5.x")]
    #[case::range("5〜10")]
    #[case::parenthesised("(5)")]
    #[case::yen_sign_and_other_unit("¥5千円")]
    fn texts_stay_text(#[case] raw: &str) {
        assert_eq!(Cell::read(raw).value, CellValue::Text, "{raw}");
    }

    #[rstest]
    #[case("5〜10", Some(NotAFigure::Range))]
    #[case("5～10人", Some(NotAFigure::Range))]
    #[case("5-10", Some(NotAFigure::Range))]
    #[case("(5)", Some(NotAFigure::Parenthesised))]
    #[case("（５）", Some(NotAFigure::Parenthesised))]
    #[case("5-", Some(NotAFigure::Malformed))]
    #[case("1e", Some(NotAFigure::Malformed))]
    #[case("1,5", Some(NotAFigure::Malformed))]
    #[case("¥5千円", Some(NotAFigure::Malformed))]
    #[case("2020年度", Some(NotAFigure::Malformed))]
    #[case("5", None)]
    #[case("¥5,000", None)]
    #[case("アンケート調査済", None)]
    #[case("3年ごとに調査、次回は令和6年度", None)]
    #[case("1回目は中止", None)]
    #[case("H30", None)]
    #[case("-", None)]
    fn figures_that_are_not_read_say_why(#[case] raw: &str, #[case] why: Option<NotAFigure>) {
        assert_eq!(NotAFigure::of(raw), why, "{raw}");
    }

    #[test]
    fn raw_is_kept() {
        let c = Cell::read(" ５，０７０人 ");
        assert_eq!(c.raw, " ５，０７０人 ");
    }

    #[test]
    fn format_number_groups_and_rounds() {
        assert_eq!(format_number(5070.0, None), "5,070");
        assert_eq!(format_number(1234567.25, None), "1,234,567.25");
        assert_eq!(format_number(0.958333, Some(3)), "0.958");
        assert_eq!(format_number(95.0, Some(1)), "95");
        assert_eq!(format_number(-8.6, None), "-8.6");
        assert_eq!(format_number(-0.0001, Some(1)), "0");
        assert_eq!(format_number(999.96, Some(1)), "1,000");
    }

    #[test]
    fn json_form_matches_the_contract() {
        let json = serde_json::to_value(Cell::read("※41か所")).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({"raw": "※41か所", "kind": "number", "value": 41, "unit": "か所", "note_mark": true})
        );
        let json = serde_json::to_value(Cell::read("有り")).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({"raw": "有り", "kind": "boolean", "value": true})
        );
        let json = serde_json::to_value(Cell::read("↑")).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({"raw": "↑", "kind": "direction", "direction": "up"})
        );
        let back: Cell =
            serde_json::from_value(serde_json::json!({"raw": "年3回", "kind": "number"}))
                .expect("deserialises");
        assert_eq!(back, Cell::read("年3回"));
    }

    fn unit_strategy() -> impl Strategy<Value = Option<Unit>> {
        prop::option::of(
            prop::sample::select(vec![
                "人",
                "件",
                "回",
                "か所",
                "%",
                "人日/年",
                "エピソード",
                "千円",
            ])
            .prop_map(|u| Unit::new(u).expect("non-empty")),
        )
    }

    proptest! {
        #[test]
        fn any_text_reads_without_panicking(s in "\\PC*") {
            let c = Cell::read(&s);
            prop_assert_eq!(c.raw, s);
        }

        #[test]
        fn any_japanese_ish_text_reads_without_panicking(s in "[0-9０-９,，.．％%※△▲人件回年累計約以上下未満()（）万億円↑→↓ー\\-— ]{0,12}") {
            let _ = Cell::read(&s);
        }

        #[test]
        fn a_unit_is_a_word_never_punctuation_or_an_exponent(
            s in "[0-9]{1,4}[.,eE+\\-/:;!?#&*=<>_|~^'\"`@人件%円兆万億 ]{0,3}"
        ) {
            if let CellValue::Number(q) = Cell::read(&s).value
                && let Some(u) = q.unit
            {
                let u = u.as_str();
                let first = u.chars().next().unwrap_or(' ');
                prop_assert!(!first.is_ascii_punctuation() || first == '%', "{} gave the unit {}", s, u);
                prop_assert!(u.chars().any(|c| c.is_alphabetic() || c == '%' || c == '‰'), "{} gave the unit {}", s, u);
                prop_assert!(!matches!(u, "e" | "E" | "e+" | "e-" | "E+" | "E-"), "{} gave the unit {}", s, u);
            }
        }

        #[test]
        fn digits_with_a_trailing_point_are_those_digits(n in 0u32..10_000_000) {
            prop_assert_eq!(Cell::read(&format!("{n}.")).value, CellValue::Number(Quantity::plain(f64::from(n))));
        }

        #[test]
        fn numbers_round_trip_through_display(
            value in prop_oneof![
                (-1_000_000_000i64..1_000_000_000).prop_map(|n| n as f64),
                -1e12f64..1e12,
                (0u32..100_000).prop_map(|n| f64::from(n) / 10.0),
            ],
            unit in unit_strategy(),
            qualifier in prop::option::of(prop::sample::select(vec![Qualifier::PerYear, Qualifier::PerMonth, Qualifier::Cumulative])),
            bound in prop::option::of(prop::sample::select(vec![Bound::AtLeast, Bound::AtMost, Bound::Below])),
            note in prop::option::of(prop::option::of(1u32..9)),
        ) {
            let q = Quantity {
                value,
                unit,
                qualifier,
                bound,
                approximate: false,
                note_mark: note.map(|number| NoteMark { number }),
                remark: None,
            };
            let written = q.to_string();
            let read = Cell::read(&written).value;
            prop_assert_eq!(read, CellValue::Number(q), "{}", written);
        }
    }
}
