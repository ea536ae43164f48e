//! What passes between the reader and its worker process: the request (limits, sheet, the
//! file's bytes) one way, the workbook's sheets row by row the other. Frames are a tag byte and
//! a length; the reader trusts no length it did not bound, since the worker is the process
//! that reads hostile files.

use super::Failure;
use crate::grid::Row;
use crate::limits::{Exceeded, Limit};
use std::io::{self, Read, Write};

/// One frame.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Message {
    /// To the worker: read the workbook within these limits (`NAME=VALUE`), this sheet only.
    Request {
        limits: Vec<String>,
        sheet: Option<String>,
    },
    /// To the worker: the file's bytes.
    Bytes(Vec<u8>),
    /// The workbook's kind and the sheets that follow, in order.
    Begin {
        kind: String,
        sheets: Vec<String>,
    },
    /// The next sheet's rows follow.
    Sheet(String),
    Row(Row),
    /// An error value (`#DIV/0!`) at a cell of the current sheet, from 0.
    ErrorCell {
        row: u32,
        column: u32,
        raw: String,
    },
    /// The current sheet is read whole.
    SheetEnd,
    /// Reading ended here, and why.
    Failed(Failure),
    /// Every sheet is sent.
    Done,
}

/// An encoded frame's payload.
#[derive(Debug, Default)]
struct Encoder(Vec<u8>);

impl Encoder {
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.0.extend_from_slice(b);
    }

    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        for s in v {
            self.str(s);
        }
    }

    fn u32s(&mut self, v: &[u32]) {
        self.u32(v.len() as u32);
        for x in v {
            self.u32(*x);
        }
    }
}

/// A payload being read; every read is checked against what is left.
#[derive(Debug)]
struct Decoder<'a>(&'a [u8]);

impl<'a> Decoder<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Option<u64> {
        self.take(8)
            .and_then(|b| b.try_into().ok())
            .map(u64::from_le_bytes)
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.u64()?).ok()?;
        self.take(n)
    }

    fn string(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
    }

    fn strings(&mut self) -> Option<Vec<String>> {
        let n = self.u32()? as usize;
        // each string takes at least its 8-byte length: a count beyond that is a lie
        if n > self.0.len() / 8 {
            return None;
        }
        (0..n).map(|_| self.string()).collect()
    }

    fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.u32()? as usize;
        if n > self.0.len() / 4 {
            return None;
        }
        (0..n).map(|_| self.u32()).collect()
    }
}

fn encode(message: &Message) -> (u8, Encoder) {
    let mut e = Encoder::default();
    let tag = match message {
        Message::Request { limits, sheet } => {
            e.strs(limits);
            e.strs(sheet.as_slice());
            1
        }
        Message::Bytes(b) => {
            e.bytes(b);
            2
        }
        Message::Begin { kind, sheets } => {
            e.str(kind);
            e.strs(sheets);
            3
        }
        Message::Sheet(name) => {
            e.str(name);
            4
        }
        Message::Row(row) => {
            let (line, text, ends, merge_filled) = row.parts();
            // one allocation per row: rows are most of what passes
            e.0.reserve(24 + text.len() + 4 * (ends.len() + merge_filled.len()));
            e.u64(line as u64);
            e.str(text);
            e.u32s(ends);
            e.u32s(merge_filled);
            5
        }
        Message::ErrorCell { row, column, raw } => {
            e.u32(*row);
            e.u32(*column);
            e.str(raw);
            6
        }
        Message::SheetEnd => 7,
        Message::Failed(f) => {
            match f {
                Failure::Broken(detail) => {
                    e.0.push(0);
                    e.str(detail);
                }
                Failure::Exceeded(x) => {
                    e.0.push(1);
                    e.u32(x.limit as u32);
                    e.u64(x.found.map_or(u64::MAX, |f| f));
                    e.u64(x.max);
                }
                Failure::Password => e.0.push(2),
                Failure::TimedOut(seconds) => {
                    e.0.push(4);
                    e.u64(*seconds);
                }
                Failure::NoSuchSheet { sheet, sheets } => {
                    e.0.push(3);
                    e.str(sheet);
                    e.strs(sheets);
                }
            }
            8
        }
        Message::Done => 9,
    };
    (tag, e)
}

fn decode(tag: u8, payload: &[u8]) -> Option<Message> {
    let mut d = Decoder(payload);
    let message = match tag {
        1 => Message::Request {
            limits: d.strings()?,
            sheet: d.strings()?.into_iter().next(),
        },
        2 => Message::Bytes(d.bytes()?.to_vec()),
        3 => Message::Begin {
            kind: d.string()?,
            sheets: d.strings()?,
        },
        4 => Message::Sheet(d.string()?),
        5 => {
            let line = usize::try_from(d.u64()?).ok()?;
            let text = d.string()?;
            let ends = d.u32s()?;
            let merge_filled = d.u32s()?;
            Message::Row(Row::from_parts(line, text, ends, merge_filled))
        }
        6 => Message::ErrorCell {
            row: d.u32()?,
            column: d.u32()?,
            raw: d.string()?,
        },
        7 => Message::SheetEnd,
        8 => Message::Failed(match d.u8()? {
            0 => Failure::Broken(d.string()?),
            1 => {
                let limit = *Limit::ALL.get(d.u32()? as usize)?;
                let found = Some(d.u64()?).filter(|f| *f != u64::MAX);
                Failure::Exceeded(Exceeded {
                    limit,
                    found,
                    max: d.u64()?,
                })
            }
            2 => Failure::Password,
            3 => Failure::NoSuchSheet {
                sheet: d.string()?,
                sheets: d.strings()?,
            },
            4 => Failure::TimedOut(d.u64()?),
            _ => return None,
        }),
        9 => Message::Done,
        _ => return None,
    };
    // a payload longer than its message is as wrong as a shorter one
    d.0.is_empty().then_some(message)
}

/// Frames up to this size are read into a buffer of their size at once.
const READ_AT_ONCE: u64 = 1 << 20;

/// Writes one frame.
pub(crate) fn write(out: &mut impl Write, message: &Message) -> io::Result<()> {
    let (tag, payload) = encode(message);
    out.write_all(&[tag])?;
    out.write_all(&(payload.0.len() as u64).to_le_bytes())?;
    out.write_all(&payload.0)
}

/// Reads one frame of at most `max` bytes: `Ok(None)` at the end of the stream, an error for
/// a frame that is cut, too long or not understood.
pub(crate) fn read(input: &mut impl Read, max: u64) -> io::Result<Option<Message>> {
    let mut tag = [0u8; 1];
    match input.read_exact(&mut tag) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut len = [0u8; 8];
    input.read_exact(&mut len)?;
    let len = u64::from_le_bytes(len);
    if len > max {
        return Err(invalid(format!("{len} バイトの送信は上限を超えています")));
    }
    // a small frame (a row) is read into its size at once; a large one only as it arrives, so
    // that a length the worker got wrong costs no memory before the bytes are there
    let mut payload = Vec::new();
    if len <= READ_AT_ONCE {
        payload.resize(len as usize, 0);
        input.read_exact(&mut payload)?;
    } else {
        input.take(len).read_to_end(&mut payload)?;
        if payload.len() as u64 != len {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
    }
    decode(tag[0], &payload)
        .map(Some)
        .ok_or_else(|| invalid(format!("読めない送信(種類 {})", tag[0])))
}

fn invalid(why: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(m: Message) {
        let mut buf = Vec::new();
        write(&mut buf, &m).expect("written");
        let mut input = buf.as_slice();
        assert_eq!(read(&mut input, 1 << 20).expect("read"), Some(m));
        assert_eq!(read(&mut input, 1 << 20).expect("the end"), None);
    }

    #[test]
    fn every_message_round_trips() {
        let mut row = Row::new(7, ["基本目標", "", "5,070人"]);
        row.mark_merge_fill(vec![1]);
        for m in [
            Message::Request {
                limits: vec!["rows=10".into()],
                sheet: Some("進捗".into()),
            },
            Message::Request {
                limits: vec![],
                sheet: None,
            },
            Message::Bytes(b"PK\x03\x04".to_vec()),
            Message::Begin {
                kind: "xlsx".into(),
                sheets: vec!["A".into(), "B".into()],
            },
            Message::Sheet("進捗".into()),
            Message::Row(row),
            Message::ErrorCell {
                row: 3,
                column: 4,
                raw: "#DIV/0!".into(),
            },
            Message::SheetEnd,
            Message::Failed(Failure::Broken("途中で切れています".into())),
            Message::Failed(Failure::Exceeded(Exceeded {
                limit: Limit::Rows,
                found: Some(5),
                max: 4,
            })),
            Message::Failed(Failure::Exceeded(Exceeded {
                limit: Limit::Memory,
                found: None,
                max: 4,
            })),
            Message::Failed(Failure::Password),
            Message::Failed(Failure::TimedOut(120)),
            Message::Failed(Failure::NoSuchSheet {
                sheet: "x".into(),
                sheets: vec!["a".into()],
            }),
            Message::Done,
        ] {
            round_trip(m);
        }
    }

    #[test]
    fn lies_about_lengths_are_errors_not_allocations() {
        // a frame that claims 2^60 bytes
        let mut frame = vec![5u8];
        frame.extend_from_slice(&(1u64 << 60).to_le_bytes());
        assert!(read(&mut frame.as_slice(), 1 << 20).is_err());
        // a row that claims a billion cells in a payload of twelve bytes
        let mut payload = Encoder::default();
        payload.u64(1);
        payload.str("");
        payload.u32(1_000_000_000);
        assert_eq!(decode(5, &payload.0), None);
        // cut short, unknown tag, trailing bytes
        let mut buf = Vec::new();
        write(&mut buf, &Message::Sheet("進捗".into())).expect("written");
        assert!(read(&mut &buf[..buf.len() - 1], 1 << 20).is_err());
        assert_eq!(decode(200, &[]), None);
        assert_eq!(decode(7, &[0]), None);
    }
}
