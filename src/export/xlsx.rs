//! A small `.xlsx` writer: sheets of text and numbers, fill colours, bold headers, frozen
//! header rows and column widths, written to bytes in memory.
//!
//! Why not a general-purpose crate: the roster workbook needs a few features, and the engine's
//! rules exclude what the usual writers do on every call, reading the system clock for the
//! document's creation date (which also panics in wasm without JS bindings and makes the same
//! plan give different bytes). This writer produces the same bytes for the same plan, natively
//! and in wasm, and adds a few KB to the wasm instead of a zip compressor. Parts are stored
//! uncompressed (zip method 0, valid for every OOXML reader); text is written as inline strings
//! with XML escaping and control characters dropped, so Chinese names stay intact. The file
//! layout follows ECMA-376 Part 1 (SpreadsheetML): `[Content_Types].xml`, the package and
//! workbook relationships, `xl/workbook.xml`, `xl/styles.xml` and one `xl/worksheets/sheetN.xml`.

use std::fmt::Write;

/// A colour as `RRGGBB`.
pub type Rgb = [u8; 3];

/// How a cell looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Style {
    /// Background fill.
    pub fill: Option<Rgb>,
    /// Bold text.
    pub bold: bool,
    /// Number format: `Some(2)` for `0.00`, `Some(10)` for `0.00%`, `Some(1)` for `0`.
    pub num_format: Option<u8>,
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum XCell {
    /// Nothing.
    Empty,
    /// Text with a style.
    Text(String, Style),
    /// A number with a style (non-finite numbers are written as empty cells).
    Number(f64, Style),
}

impl XCell {
    /// Plain text.
    pub fn text(s: impl Into<String>) -> XCell {
        XCell::Text(s.into(), Style::default())
    }
    /// A plain number.
    pub fn num(x: f64) -> XCell {
        XCell::Number(x, Style::default())
    }
}

/// One worksheet.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    /// Sheet name (cut to Excel's 31 characters; `[]:*?/\` replaced).
    pub name: String,
    /// Rows of cells.
    pub rows: Vec<Vec<XCell>>,
    /// Rows frozen at the top (the header).
    pub freeze_rows: u32,
    /// Columns frozen at the left.
    pub freeze_cols: u32,
    /// Column widths in characters (first columns; others default).
    pub widths: Vec<f64>,
}

/// Excel's sheet-name rules: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .take(31)
        .collect();
    let base = if clean.trim().is_empty() {
        "Sheet".to_string()
    } else {
        clean
    };
    let mut out = base.clone();
    let mut k = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&out)) {
        let suffix = format!(" ({k})");
        out = format!(
            "{}{suffix}",
            base.chars().take(31 - suffix.len()).collect::<String>()
        );
        k += 1;
    }
    out
}

fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
}

/// `A1`-style reference of a 0-based row and column.
pub fn cell_ref(row: usize, col: usize) -> String {
    format!("{}{}", crate::import::column_letter(col), row + 1)
}

/// The workbook as `.xlsx` bytes.
pub fn workbook(sheets: &[Sheet]) -> Vec<u8> {
    // Styles: index 0 is the default; each distinct style gets one `xf`.
    let mut styles: Vec<Style> = vec![Style::default()];
    let mut style_id = |s: &Style| -> usize {
        match styles.iter().position(|x| x == s) {
            Some(i) => i,
            None => {
                styles.push(*s);
                styles.len() - 1
            }
        }
    };
    let mut names: Vec<String> = Vec::new();
    let mut sheet_xml = Vec::new();
    for sheet in sheets {
        let name = sheet_name(&sheet.name, &names);
        names.push(name);
        let mut x = String::with_capacity(256 + sheet.rows.len() * 64);
        x.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
        x.push_str(r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#);
        x.push_str("<sheetViews><sheetView workbookViewId=\"0\"");
        if names.len() == 1 {
            x.push_str(" tabSelected=\"1\"");
        }
        x.push('>');
        if sheet.freeze_rows > 0 || sheet.freeze_cols > 0 {
            let (r, c) = (sheet.freeze_rows as usize, sheet.freeze_cols as usize);
            let pane = match (r > 0, c > 0) {
                (true, true) => "bottomRight",
                (true, false) => "bottomLeft",
                _ => "topRight",
            };
            let _ = write!(x, "<pane");
            if c > 0 {
                let _ = write!(x, " xSplit=\"{c}\"");
            }
            if r > 0 {
                let _ = write!(x, " ySplit=\"{r}\"");
            }
            let _ = write!(
                x,
                " topLeftCell=\"{}\" activePane=\"{pane}\" state=\"frozen\"/>",
                cell_ref(r, c)
            );
            let _ = write!(
                x,
                "<selection pane=\"{pane}\" activeCell=\"{0}\" sqref=\"{0}\"/>",
                cell_ref(r, c)
            );
        }
        x.push_str("</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>");
        if !sheet.widths.is_empty() {
            x.push_str("<cols>");
            for (i, w) in sheet.widths.iter().enumerate() {
                let w = if w.is_finite() {
                    w.clamp(1.0, 255.0)
                } else {
                    10.0
                };
                let _ = write!(
                    x,
                    "<col min=\"{0}\" max=\"{0}\" width=\"{w:.1}\" customWidth=\"1\"/>",
                    i + 1
                );
            }
            x.push_str("</cols>");
        }
        x.push_str("<sheetData>");
        for (r, row) in sheet.rows.iter().enumerate() {
            let _ = write!(x, "<row r=\"{}\">", r + 1);
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    XCell::Empty => {}
                    XCell::Text(s, st) => {
                        let _ = write!(x, "<c r=\"{}\"", cell_ref(r, c));
                        let id = style_id(st);
                        if id > 0 {
                            let _ = write!(x, " s=\"{id}\"");
                        }
                        x.push_str(" t=\"inlineStr\"><is><t xml:space=\"preserve\">");
                        escape(s, &mut x);
                        x.push_str("</t></is></c>");
                    }
                    XCell::Number(v, st) => {
                        let id = style_id(st);
                        let _ = write!(x, "<c r=\"{}\"", cell_ref(r, c));
                        if id > 0 {
                            let _ = write!(x, " s=\"{id}\"");
                        }
                        if v.is_finite() {
                            let _ = write!(x, "><v>{v}</v></c>");
                        } else {
                            x.push_str("/>");
                        }
                    }
                }
            }
            x.push_str("</row>");
        }
        x.push_str("</sheetData><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>");
        sheet_xml.push(x);
    }

    let mut parts: Vec<(String, String)> = Vec::new();
    let mut ct = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
    );
    for i in 1..=sheet_xml.len() {
        let _ = write!(
            ct,
            r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        );
    }
    ct.push_str("</Types>");
    parts.push(("[Content_Types].xml".into(), ct));
    parts.push(("_rels/.rels".into(), r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into()));
    let mut wb = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets>"#,
    );
    for (i, n) in names.iter().enumerate() {
        wb.push_str("<sheet name=\"");
        escape(n, &mut wb);
        let _ = write!(wb, "\" sheetId=\"{0}\" r:id=\"rId{0}\"/>", i + 1);
    }
    wb.push_str("</sheets></workbook>");
    parts.push(("xl/workbook.xml".into(), wb));
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for i in 1..=names.len() {
        let _ = write!(
            rels,
            r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#
        );
    }
    let _ = write!(
        rels,
        r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
        names.len() + 1
    );
    parts.push(("xl/_rels/workbook.xml.rels".into(), rels));
    parts.push(("xl/styles.xml".into(), styles_xml(&styles)));
    for (i, x) in sheet_xml.into_iter().enumerate() {
        parts.push((format!("xl/worksheets/sheet{}.xml", i + 1), x));
    }
    zip_stored(&parts)
}

fn styles_xml(styles: &[Style]) -> String {
    // Fills 0 and 1 are reserved by Excel (none, gray125); font 1 is bold.
    let mut fills: Vec<Rgb> = Vec::new();
    for s in styles {
        if let Some(f) = s.fill {
            if !fills.contains(&f) {
                fills.push(f);
            }
        }
    }
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    x.push_str(r#"<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>"#);
    let _ = write!(
        x,
        r#"<fills count="{}"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>"#,
        fills.len() + 2
    );
    for f in &fills {
        let _ = write!(
            x,
            r#"<fill><patternFill patternType="solid"><fgColor rgb="FF{:02X}{:02X}{:02X}"/><bgColor indexed="64"/></patternFill></fill>"#,
            f[0], f[1], f[2]
        );
    }
    x.push_str("</fills>");
    x.push_str(r#"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#);
    x.push_str(r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#);
    let _ = write!(x, r#"<cellXfs count="{}">"#, styles.len());
    for s in styles {
        let fill = s
            .fill
            .and_then(|f| fills.iter().position(|x| *x == f))
            .map_or(0, |i| i + 2);
        let font = usize::from(s.bold);
        let fmt = s.num_format.unwrap_or(0);
        let _ = write!(
            x,
            r#"<xf numFmtId="{fmt}" fontId="{font}" fillId="{fill}" borderId="0" xfId="0""#
        );
        if fill > 0 {
            x.push_str(r#" applyFill="1""#);
        }
        if font > 0 {
            x.push_str(r#" applyFont="1""#);
        }
        if fmt > 0 {
            x.push_str(r#" applyNumberFormat="1""#);
        }
        x.push_str("/>");
    }
    x.push_str(r#"</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#);
    x
}

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as zip requires.
fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, t) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        *t = c;
    }
    let mut crc = !0u32;
    for &b in data {
        crc = table[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}

/// A zip archive of uncompressed entries (PKWARE APPNOTE 4.3: local headers, central
/// directory, end record), with a fixed timestamp (1980-01-01) so the bytes never depend on
/// when they were written.
fn zip_stored(parts: &[(String, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    const DOS_DATE: u16 = (1 << 5) | 1; // 1980-01-01: year 0 (1980), month 1, day 1
    for (name, body) in parts {
        let data = body.as_bytes();
        let crc = crc32(data);
        let offset = out.len() as u32;
        le32(&mut out, 0x0403_4B50);
        le16(&mut out, 20); // version needed
        le16(&mut out, 0x0800); // UTF-8 names
        le16(&mut out, 0); // stored
        le16(&mut out, 0); // time
        le16(&mut out, DOS_DATE);
        le32(&mut out, crc);
        le32(&mut out, data.len() as u32);
        le32(&mut out, data.len() as u32);
        le16(&mut out, name.len() as u16);
        le16(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        le32(&mut central, 0x0201_4B50);
        le16(&mut central, 20); // made by
        le16(&mut central, 20);
        le16(&mut central, 0x0800);
        le16(&mut central, 0);
        le16(&mut central, 0);
        le16(&mut central, DOS_DATE);
        le32(&mut central, crc);
        le32(&mut central, data.len() as u32);
        le32(&mut central, data.len() as u32);
        le16(&mut central, name.len() as u16);
        le16(&mut central, 0); // extra
        le16(&mut central, 0); // comment
        le16(&mut central, 0); // disk
        le16(&mut central, 0); // internal attributes
        le32(&mut central, 0); // external attributes
        le32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    let cd_len = central.len() as u32;
    out.extend_from_slice(&central);
    le32(&mut out, 0x0605_4B50);
    le16(&mut out, 0);
    le16(&mut out, 0);
    le16(&mut out, parts.len() as u16);
    le16(&mut out, parts.len() as u16);
    le32(&mut out, cd_len);
    le32(&mut out, cd_offset);
    le16(&mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_of_a_known_string() {
        // The classic check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn sheet_names_follow_excel_rules() {
        let taken = vec!["排班表".to_string()];
        assert_eq!(sheet_name("排班表", &taken), "排班表 (2)");
        assert_eq!(sheet_name("a/b:c", &[]), "a_b_c");
        assert_eq!(sheet_name(&"x".repeat(40), &[]).chars().count(), 31);
    }

    #[test]
    fn reads_back_with_calamine() {
        let red = Style {
            fill: Some([0xFF, 0, 0]),
            ..Style::default()
        };
        let sheets = vec![Sheet {
            name: "排班表".into(),
            rows: vec![
                vec![XCell::text("姓名 <&>"), XCell::num(1.5)],
                vec![
                    XCell::Text("早班".into(), red),
                    XCell::Number(f64::NAN, Style::default()),
                ],
            ],
            freeze_rows: 1,
            freeze_cols: 1,
            widths: vec![12.0],
        }];
        let bytes = workbook(&sheets);
        assert_eq!(bytes, workbook(&sheets), "deterministic");
        let t = crate::import::read_table(&bytes, &Default::default()).unwrap();
        assert_eq!(t.info.sheets, vec!["排班表"]);
        assert_eq!(t.rows[0].1[0].display(), "姓名 <&>");
        assert_eq!(t.rows[0].1[1].display(), "1.5");
        assert_eq!(t.rows[1].1[0].display(), "早班");
    }
}
