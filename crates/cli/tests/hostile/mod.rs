//! Small generators of hostile and broken workbooks, written part by part so that each says
//! exactly what is wrong with it, and the checks of how `shinchoku` refuses them.
// each test file uses some of these
#![allow(dead_code)]

use std::io::{Cursor, Write};
use std::path::Path;
use std::process::ExitStatus;
use zip::write::SimpleFileOptions;

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A zip of `parts`, deflated.
pub fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        w.start_file(*name, SimpleFileOptions::default())
            .expect("a part");
        w.write_all(data).expect("written");
    }
    w.finish().expect("a zip").into_inner()
}

/// The rows of a small long-format table (指標・年度・実績値), as sheet XML.
pub fn long_rows() -> String {
    let mut r = String::from(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>指標</t></is></c><c r="B1" t="inlineStr"><is><t>年度</t></is></c><c r="C1" t="inlineStr"><is><t>実績値</t></is></c></row>"#,
    );
    for i in 2..=7 {
        r.push_str(&format!(
            r#"<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>保育所数</t></is></c><c r="B{i}" t="inlineStr"><is><t>令和{i}年度</t></is></c><c r="C{i}"><v>{}</v></c></row>"#,
            i * 10
        ));
    }
    r
}

/// An xlsx of one sheet part, named by `sheets` sheet entries (all pointing at that part),
/// with optional styles and shared strings.
pub fn xlsx(
    sheet_xml: &str,
    sheets: usize,
    styles: Option<&str>,
    shared: Option<&[u8]>,
) -> Vec<u8> {
    let entries: String = (0..sheets)
        .map(|i| format!(r#"<sheet name="S{i}" sheetId="{}" r:id="rId1"/>"#, i + 1))
        .collect();
    let workbook = format!(
        r#"<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{entries}</sheets></workbook>"#
    );
    let mut rels = format!(
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>"#
    );
    if styles.is_some() {
        rels.push_str(&format!(
            r#"<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>"#
        ));
    }
    if shared.is_some() {
        rels.push_str(&format!(
            r#"<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>"#
        ));
    }
    rels.push_str("</Relationships>");
    let types = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
    let root = format!(
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let sheet =
        format!(r#"<?xml version="1.0"?><worksheet xmlns="{MAIN}">{sheet_xml}</worksheet>"#);
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", root.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    if let Some(s) = styles {
        parts.push(("xl/styles.xml", s.as_bytes()));
    }
    if let Some(s) = shared {
        parts.push(("xl/sharedStrings.xml", s));
    }
    zip_of(&parts)
}

/// An ods whose content.xml holds `body` after the opening of the spreadsheet.
pub fn ods(body: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{body}"#
    );
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        (
            "META-INF/manifest.xml",
            br#"<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#,
        ),
        ("content.xml", content.as_bytes()),
    ])
}

/// Refused in one line with `key`, naming the file, without a panic or a crash.
pub fn assert_refused(status: ExitStatus, stderr: &str, key: &str, file: &Path) {
    assert_eq!(
        status.code(),
        Some(1),
        "a clean exit, not a crash: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(&format!("({key})")), "key {key}: {stderr}");
    assert!(
        stderr.contains(&file.display().to_string()),
        "names the file: {stderr}"
    );
}
