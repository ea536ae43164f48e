//! Sheets written as xlsx (rust_xlsxwriter), xls (BIFF8 records in a compound file, written
//! here: no Rust crate writes xls) and ods (content.xml in a zip, written here). Figures are
//! stored as numbers with the number format that shows them as in the text, as Excel holds
//! what a person typed; the rest as strings.

use std::io::{Cursor, Write};

type Error = Box<dyn std::error::Error>;

/// A merged range of one sheet (rows and columns from 0, inclusive).
#[derive(Debug, Clone, Copy)]
pub struct Merge {
    pub sheet: usize,
    pub first_row: u16,
    pub last_row: u16,
    pub first_col: u16,
    pub last_col: u16,
}

/// A figure as Excel holds it: the value, its number format, and whether it is a percentage.
struct Figure {
    value: f64,
    format: String,
    percent: bool,
}

/// `1,200`, `45.0%`, `1,320人` as a number with a format; anything else is text.
fn figure(raw: &str) -> Option<Figure> {
    let t = raw.trim();
    let (body, suffix) = match t.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')) {
        Some(i) => t.split_at(i),
        None => (t, ""),
    };
    let leading_zero = body.len() > 1 && body.starts_with('0') && !body.starts_with("0.");
    if body.is_empty() || body.starts_with([',', '.']) || leading_zero {
        return None;
    }
    let value: f64 = body.replace(',', "").parse().ok()?;
    let decimals = body.split_once('.').map_or(0, |(_, f)| f.len());
    let digits = if decimals == 0 {
        "0".to_owned()
    } else {
        format!("0.{}", "0".repeat(decimals))
    };
    let grouped = if body.contains(',') {
        format!("#,##{digits}")
    } else {
        digits
    };
    match suffix {
        "" => Some(Figure {
            value,
            format: grouped,
            percent: false,
        }),
        "%" => Some(Figure {
            value: value / 100.0,
            format: format!("{grouped}%"),
            percent: true,
        }),
        "人" | "回" | "件" | "か所" | "施設" | "団体" => Some(Figure {
            value,
            format: format!("{grouped}\"{suffix}\""),
            percent: false,
        }),
        _ => None,
    }
}

fn is_merged_copy(merges: &[Merge], sheet: usize, r: usize, c: usize) -> bool {
    merges.iter().any(|m| {
        m.sheet == sheet
            && (usize::from(m.first_row)..=usize::from(m.last_row)).contains(&r)
            && (usize::from(m.first_col)..=usize::from(m.last_col)).contains(&c)
            && (r, c) != (usize::from(m.first_row), usize::from(m.first_col))
    })
}

pub fn xlsx(sheets: &[(&str, &[Vec<String>])], merges: &[Merge]) -> Result<Vec<u8>, Error> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 4, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    for (s, (name, rows)) in sheets.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(*name)?;
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell.is_empty() || is_merged_copy(merges, s, r, c) {
                    continue;
                }
                let (r, c) = (u32::try_from(r)?, u16::try_from(c)?);
                match figure(cell) {
                    Some(f) => ws.write_number_with_format(
                        r,
                        c,
                        f.value,
                        &Format::new().set_num_format(&f.format),
                    )?,
                    None => ws.write_string(r, c, cell)?,
                };
            }
        }
        for m in merges.iter().filter(|m| m.sheet == s) {
            let text = rows
                .get(usize::from(m.first_row))
                .and_then(|row| row.get(usize::from(m.first_col)))
                .map_or("", String::as_str);
            ws.merge_range(
                m.first_row.into(),
                m.first_col,
                m.last_row.into(),
                m.last_col,
                text,
                &Format::new(),
            )?;
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// BIFF8 records.
struct Biff(Vec<u8>);

impl Biff {
    fn record(&mut self, typ: u16, data: &[u8]) -> Result<(), Error> {
        self.0.extend_from_slice(&typ.to_le_bytes());
        self.0
            .extend_from_slice(&u16::try_from(data.len())?.to_le_bytes());
        self.0.extend_from_slice(data);
        Ok(())
    }

    fn bof(&mut self, dt: u16) -> Result<(), Error> {
        let mut d = Vec::new();
        for v in [0x0600u16, dt, 0x0DBB, 0x07CC] {
            d.extend_from_slice(&v.to_le_bytes());
        }
        d.extend_from_slice(&0x0000_0041u32.to_le_bytes());
        d.extend_from_slice(&0x0000_0006u32.to_le_bytes());
        self.record(0x0809, &d)
    }
}

/// XLUnicodeString: a 16-bit length, a flags byte (1: UTF-16), the characters.
fn unicode_string(s: &str) -> Result<Vec<u8>, Error> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut d = u16::try_from(units.len())?.to_le_bytes().to_vec();
    d.push(1);
    d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    Ok(d)
}

/// The most an SST or CONTINUE record holds.
const MAX_RECORD: usize = 8224;

pub fn xls(sheets: &[(&str, &[Vec<String>])], merges: &[Merge]) -> Result<Vec<u8>, Error> {
    // the shared strings and the number formats (custom ones from 164), in order of use
    let mut strings: Vec<&str> = Vec::new();
    let mut formats: Vec<String> = Vec::new();
    let mut total_strings = 0u32;
    for (_, rows) in sheets {
        for cell in rows.iter().flatten().filter(|c| !c.is_empty()) {
            match figure(cell) {
                Some(f) => {
                    if !formats.contains(&f.format) {
                        formats.push(f.format);
                    }
                }
                None => {
                    total_strings += 1;
                    if !strings.contains(&cell.as_str()) {
                        strings.push(cell);
                    }
                }
            }
        }
    }
    let sheet_streams = sheets
        .iter()
        .enumerate()
        .map(|(s, (_, rows))| xls_sheet(s, rows, merges, &strings, &formats))
        .collect::<Result<Vec<_>, _>>()?;

    // the globals, once to learn their length and again with the sheets' offsets
    let globals = |offsets: &[u32]| -> Result<Vec<u8>, Error> {
        let mut b = Biff(Vec::new());
        b.bof(0x0005)?;
        b.record(0x0042, &1200u16.to_le_bytes())?;
        b.record(0x0022, &0u16.to_le_bytes())?;
        for (i, code) in formats.iter().enumerate() {
            let mut d = u16::try_from(164 + i)?.to_le_bytes().to_vec();
            d.extend(unicode_string(code)?);
            b.record(0x041E, &d)?;
        }
        // XF 0 is General; XF n + 1 shows format n
        for ifmt in std::iter::once(0).chain((0..formats.len()).map(|i| 164 + i)) {
            let mut d = vec![0u8; 20];
            d[2..4].copy_from_slice(&u16::try_from(ifmt)?.to_le_bytes());
            b.record(0x00E0, &d)?;
        }
        for ((name, _), offset) in sheets.iter().zip(offsets) {
            let units: Vec<u16> = name.encode_utf16().collect();
            let mut d = offset.to_le_bytes().to_vec();
            d.extend_from_slice(&[0, 0, u8::try_from(units.len())?, 1]);
            d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
            b.record(0x0085, &d)?;
        }
        // SST, continued at string boundaries
        let mut record = total_strings.to_le_bytes().to_vec();
        record.extend_from_slice(&u32::try_from(strings.len())?.to_le_bytes());
        let mut typ = 0x00FC;
        for s in &strings {
            let encoded = unicode_string(s)?;
            if record.len() + encoded.len() > MAX_RECORD {
                b.record(typ, &record)?;
                record.clear();
                typ = 0x003C;
            }
            record.extend(encoded);
        }
        b.record(typ, &record)?;
        b.record(0x000A, &[])?;
        Ok(b.0)
    };
    let placeholder = vec![0u32; sheets.len()];
    let mut offset = u32::try_from(globals(&placeholder)?.len())?;
    let mut offsets = Vec::new();
    for stream in &sheet_streams {
        offsets.push(offset);
        offset += u32::try_from(stream.len())?;
    }
    let mut stream = globals(&offsets)?;
    for s in sheet_streams {
        stream.extend(s);
    }

    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))?;
    file.create_stream("/Workbook")?.write_all(&stream)?;
    file.flush()?;
    Ok(file.into_inner().into_inner())
}

fn xls_sheet(
    index: usize,
    rows: &[Vec<String>],
    merges: &[Merge],
    strings: &[&str],
    formats: &[String],
) -> Result<Vec<u8>, Error> {
    let mut b = Biff(Vec::new());
    b.bof(0x0010)?;
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut d = 0u32.to_le_bytes().to_vec();
    d.extend_from_slice(&u32::try_from(rows.len())?.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    d.extend_from_slice(&u16::try_from(cols)?.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    b.record(0x0200, &d)?;
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell.is_empty() || is_merged_copy(merges, index, r, c) {
                continue;
            }
            let mut d = Vec::new();
            d.extend_from_slice(&u16::try_from(r)?.to_le_bytes());
            d.extend_from_slice(&u16::try_from(c)?.to_le_bytes());
            match figure(cell) {
                Some(f) => {
                    let xf = formats
                        .iter()
                        .position(|x| *x == f.format)
                        .map_or(0, |i| i + 1);
                    d.extend_from_slice(&u16::try_from(xf)?.to_le_bytes());
                    d.extend_from_slice(&f.value.to_le_bytes());
                    b.record(0x0203, &d)?;
                }
                None => {
                    let isst = strings.iter().position(|s| s == cell).unwrap_or(0);
                    d.extend_from_slice(&0u16.to_le_bytes());
                    d.extend_from_slice(&u32::try_from(isst)?.to_le_bytes());
                    b.record(0x00FD, &d)?;
                }
            }
        }
    }
    let mine: Vec<&Merge> = merges.iter().filter(|m| m.sheet == index).collect();
    if !mine.is_empty() {
        let mut d = u16::try_from(mine.len())?.to_le_bytes().to_vec();
        for m in mine {
            for v in [m.first_row, m.last_row, m.first_col, m.last_col] {
                d.extend_from_slice(&v.to_le_bytes());
            }
        }
        b.record(0x00E5, &d)?;
    }
    b.record(0x000A, &[])?;
    Ok(b.0)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const ODS_MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

pub fn ods(sheets: &[(&str, &[Vec<String>])], merges: &[Merge]) -> Result<Vec<u8>, Error> {
    let mut content = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet>",
    );
    for (s, (name, rows)) in sheets.iter().enumerate() {
        content.push_str(&format!(
            "<table:table table:name=\"{}\">",
            xml_escape(name)
        ));
        for (r, row) in rows.iter().enumerate() {
            content.push_str("<table:table-row>");
            for (c, cell) in row.iter().enumerate() {
                if is_merged_copy(merges, s, r, c) {
                    content.push_str("<table:covered-table-cell/>");
                    continue;
                }
                let span = merges
                    .iter()
                    .find(|m| {
                        m.sheet == s
                            && usize::from(m.first_row) == r
                            && usize::from(m.first_col) == c
                    })
                    .map_or_else(String::new, |m| {
                        format!(
                            " table:number-columns-spanned=\"{}\" table:number-rows-spanned=\"{}\"",
                            m.last_col - m.first_col + 1,
                            m.last_row - m.first_row + 1
                        )
                    });
                if cell.is_empty() {
                    content.push_str(&format!("<table:table-cell{span}/>"));
                    continue;
                }
                let kind = match figure(cell) {
                    Some(f) if f.percent => {
                        format!(
                            " office:value-type=\"percentage\" office:value=\"{}\"",
                            f.value
                        )
                    }
                    Some(f) => format!(" office:value-type=\"float\" office:value=\"{}\"", f.value),
                    None => " office:value-type=\"string\"".to_owned(),
                };
                content.push_str(&format!(
                    "<table:table-cell{kind}{span}><text:p>{}</text:p></table:table-cell>",
                    xml_escape(cell)
                ));
            }
            content.push_str("</table:table-row>");
        }
        content.push_str("</table:table>");
    }
    content.push_str("</office:spreadsheet></office:body></office:document-content>\n");
    let manifest = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest \
         xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
         <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"{ODS_MIMETYPE}\"/>\
         <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
         </manifest:manifest>\n"
    );

    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    let deflated = stored.compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored)?;
    zip.write_all(ODS_MIMETYPE.as_bytes())?;
    zip.start_file("META-INF/manifest.xml", deflated)?;
    zip.write_all(manifest.as_bytes())?;
    zip.start_file("content.xml", deflated)?;
    zip.write_all(content.as_bytes())?;
    Ok(zip.finish()?.into_inner())
}
