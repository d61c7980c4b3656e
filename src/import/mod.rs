//! Import what planners' systems really export: bytes in, tables and histories out.
//!
//! A history rarely arrives as the engine's own `timestamp,volume` CSV. It comes from an ACD,
//! a chat platform or a ticket system through Excel: a GBK-encoded CSV with Chinese headers, an
//! `.xlsx` with a date column and a `09:00-10:00` interval column and one queue per block of
//! rows, or one row per contact. This module turns such a file into the engine's shapes in
//! three steps, each usable alone (the page shows the middle one to the planner):
//!
//! 1. [`read_table`]: bytes → rows of typed [`Cell`]s ([`encoding`] for text, [`spreadsheet`]
//!    for workbooks), with the encoding, format and sheet that were used.
//! 2. [`mapping::guess`]: which column is what ([`Mapping`]), from header names in Chinese and
//!    English and from what the cells contain; [`preview`] pairs it with the first rows.
//! 3. [`import`]: the table read through a (corrected) mapping → one [`History`] per queue,
//!    written back as the engine's canonical CSV, plus what the file tells about service:
//!    per-contact records aggregated by [`contacts`] (with each queue's patience), observed
//!    service level, ASA and abandonment, and [`observed`]'s comparison with the staffing model.
//!
//! Everything happens in memory: no I/O, no clock. Every bad cell is an error naming the file,
//! the sheet, the row and the column; nothing is half-imported.

pub mod cells;
pub mod contacts;
pub mod encoding;
pub mod mapping;
pub mod observed;
mod records;
pub mod spreadsheet;

pub use cells::{Cell, DateOrder};
pub use encoding::TextEncoding;
pub use mapping::{Mapping, RecordKind};
pub use records::{canonical_csv, import, import_table, Import, QueueImport};
pub use spreadsheet::FileFormat;

use crate::error::{Error, Result};
use crate::limits::{MAX_HISTORY_BYTES, MAX_HISTORY_ROWS};
use serde::{Deserialize, Serialize};

/// How to read a file: its name (for messages), and optionally the sheet, the encoding and
/// the header row when the planner overrides what was detected.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadOptions {
    /// The file name, used in every error ("calls.xlsx, sheet 话务 line 12, column 时段 (C)").
    #[serde(default)]
    pub name: String,
    /// The sheet of a workbook; the first sheet with data when absent.
    #[serde(default)]
    pub sheet: Option<String>,
    /// Force a text encoding instead of detecting it.
    #[serde(default)]
    pub encoding: Option<TextEncoding>,
    /// The 1-based row (line) of the header; detected when absent.
    #[serde(default)]
    pub header_row: Option<usize>,
}

/// What was read: the format, the encoding of a text file, the sheets of a workbook.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceInfo {
    /// The file name given.
    pub name: String,
    /// The format, told by the file's first bytes.
    pub format: FileFormat,
    /// The text encoding used (text files only).
    pub encoding: Option<TextEncoding>,
    /// The encoding for people (`GB18030/GBK`, `UTF-8 (BOM)`, …).
    pub encoding_label: Option<String>,
    /// The field separator of a text file (`,`, `;`, tab or `|`).
    pub delimiter: Option<String>,
    /// Every sheet of a workbook.
    pub sheets: Vec<String>,
    /// The sheet read.
    pub sheet: Option<String>,
}

/// A file read into rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// What was read and how.
    pub info: SourceInfo,
    /// Non-empty rows with their 1-based line (text) or row (sheet) numbers.
    pub rows: Vec<(usize, Vec<Cell>)>,
}

impl Table {
    /// How errors name this file: `calls.csv`, or `calls.xlsx, sheet 话务`.
    pub fn label(&self) -> String {
        let name = if self.info.name.is_empty() {
            "import"
        } else {
            &self.info.name
        };
        match &self.info.sheet {
            Some(s) => format!("{name}, sheet {s}"),
            None => name.to_string(),
        }
    }

    /// The header: its row number and one unique, non-empty name per column.
    pub fn header(&self, header_row: Option<usize>) -> Result<Header> {
        let idx = match header_row {
            Some(r) => self.rows.iter().position(|(n, _)| *n == r).ok_or_else(|| {
                Error::invalid(
                    "header_row",
                    format!("a row of {} that is not empty", self.label()),
                    r,
                )
            })?,
            None => detect_header(&self.rows).ok_or_else(|| Error::Empty {
                path: self.label(),
                expected: "a header row naming the columns, then data rows".into(),
            })?,
        };
        let (row, cells) = &self.rows[idx];
        let width = self.rows.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
        let mut names: Vec<String> = Vec::with_capacity(width);
        for i in 0..width {
            let raw = cells.get(i).map(Cell::display).unwrap_or_default();
            let base = if raw.is_empty() {
                format!("column {}", i + 1)
            } else {
                raw
            };
            let mut name = base.clone();
            let mut k = 2;
            while names.contains(&name) {
                name = format!("{base} ({k})");
                k += 1;
            }
            names.push(name);
        }
        Ok(Header {
            row: *row,
            index: idx,
            names,
            sheet: self.info.sheet.is_some(),
        })
    }
}

/// The header row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Its 1-based row number.
    pub row: usize,
    /// Its position in [`Table::rows`]; data rows follow it.
    pub index: usize,
    /// One unique name per column.
    pub names: Vec<String>,
    sheet: bool,
}

impl Header {
    /// A column as errors name it: `时段 (C)` in a sheet, `时段` in a CSV.
    pub fn label(&self, col: usize) -> String {
        let name = self
            .names
            .get(col)
            .cloned()
            .unwrap_or_else(|| format!("column {}", col + 1));
        if self.sheet {
            format!("{name} ({})", column_letter(col))
        } else {
            name
        }
    }
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
pub fn column_letter(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The header is the first of the first 20 rows with at least two text cells and at least
/// half as many filled cells as the widest of those rows (title lines such as
/// `话务报表 2024年1月` above the header have one cell).
fn detect_header(rows: &[(usize, Vec<Cell>)]) -> Option<usize> {
    let head = &rows[..rows.len().min(20)];
    let filled = |c: &[Cell]| c.iter().filter(|x| !x.is_empty()).count();
    let widest = head.iter().map(|(_, c)| filled(c)).max()?;
    head.iter()
        .position(|(_, c)| {
            let text = c.iter().filter(|x| matches!(x, Cell::Text(t) if !t.trim().is_empty() && cells::number(x).is_none())).count();
            text >= 2.min(widest) && filled(c) * 2 >= widest
        })
        .or(Some(0))
}

/// Read a file into rows of cells: the format is sniffed from the first bytes; text is
/// decoded (encoding detected unless forced) and split on its delimiter with quotes.
pub fn read_table(bytes: &[u8], opts: &ReadOptions) -> Result<Table> {
    let name = if opts.name.is_empty() {
        "import".to_string()
    } else {
        opts.name.clone()
    };
    if bytes.len() > MAX_HISTORY_BYTES {
        return Err(Error::TooLarge {
            path: name,
            limit: MAX_HISTORY_BYTES,
            found: bytes.len(),
        });
    }
    let format = spreadsheet::sniff(bytes);
    if format == FileFormat::Csv {
        let (text, enc) = encoding::decode(bytes, opts.encoding, &name)?;
        let (delimiter, rows) = split_text(&text, &name)?;
        return Ok(Table {
            info: SourceInfo {
                name: opts.name.clone(),
                format,
                encoding: Some(enc),
                encoding_label: Some(enc.label().to_string()),
                delimiter: Some(delimiter.to_string()),
                sheets: Vec::new(),
                sheet: None,
            },
            rows,
        });
    }
    let wb = spreadsheet::read(
        bytes,
        format,
        opts.sheet.as_deref(),
        &name,
        MAX_HISTORY_ROWS + 50,
    )?;
    Ok(Table {
        info: SourceInfo {
            name: opts.name.clone(),
            format,
            encoding: None,
            encoding_label: None,
            delimiter: None,
            sheets: wb.sheets,
            sheet: Some(wb.sheet),
        },
        rows: wb.rows,
    })
}

/// Rows of cells with their 1-based line or row numbers.
type Rows = Vec<(usize, Vec<Cell>)>;

/// Split text into rows: the delimiter is the one of `,` `;` tab `|` seen most often outside
/// quotes in the first lines; `"…"` quotes may hold delimiters, doubled quotes and newlines.
fn split_text(text: &str, source: &str) -> Result<(char, Rows)> {
    let sample: String = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(5)
        .collect::<Vec<_>>()
        .join("\n");
    let delimiter = [',', '\t', ';', '|']
        .into_iter()
        .map(|d| (d, sample.chars().filter(|&c| c == d).count()))
        .max_by_key(|&(d, n)| (n, d == ','))
        .map_or(',', |(d, _)| d);
    let mut rows = Vec::new();
    let mut cells: Vec<Cell> = Vec::new();
    let mut cell = String::new();
    let (mut line, mut row_line) = (1usize, 1usize);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let finish_row =
        |cells: &mut Vec<Cell>, rows: &mut Vec<(usize, Vec<Cell>)>, at: usize| -> Result<()> {
            let mut row = std::mem::take(cells);
            while row.last().is_some_and(Cell::is_empty) {
                row.pop();
            }
            if !row.is_empty() {
                if rows.len() >= MAX_HISTORY_ROWS + 50 {
                    return Err(Error::TooLarge {
                        path: format!("{source} rows"),
                        limit: MAX_HISTORY_ROWS,
                        found: rows.len() + 1,
                    });
                }
                rows.push((at, row));
            }
            Ok(())
        };
    let text_cell = |s: &mut String| {
        let t = std::mem::take(s);
        let t = t.trim();
        if t.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(t.to_string())
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            }
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            '\n' if quoted => {
                line += 1;
                cell.push('\n');
            }
            '\r' if !quoted => {}
            '\n' => {
                cells.push(text_cell(&mut cell));
                finish_row(&mut cells, &mut rows, row_line)?;
                line += 1;
                row_line = line;
            }
            d if d == delimiter && !quoted => cells.push(text_cell(&mut cell)),
            '\u{feff}' if line == 1 && cells.is_empty() && cell.is_empty() => {}
            _ => {
                if cells.len() >= spreadsheet::MAX_COLUMNS {
                    return Err(Error::TooLarge {
                        path: format!("{source}:{row_line} columns"),
                        limit: spreadsheet::MAX_COLUMNS,
                        found: cells.len() + 1,
                    });
                }
                cell.push(c);
            }
        }
    }
    if quoted {
        return Err(crate::csv::error(
            source,
            row_line,
            "1",
            "a closing double quote",
            "the end of the file",
        ));
    }
    cells.push(text_cell(&mut cell));
    finish_row(&mut cells, &mut rows, row_line)?;
    Ok((delimiter, rows))
}

/// A column of the preview: its name and letter, and what its cells look like.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnPreview {
    /// The header name (unique).
    pub name: String,
    /// `A`, `B`, … (spreadsheet letter; the 1-based position for text files is `index + 1`).
    pub letter: String,
    /// What most sample cells are.
    pub looks_like: mapping::Sniffed,
}

/// What the page shows before importing: the file as read, its first rows, the guess.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preview {
    /// Format, encoding, sheets.
    pub source: SourceInfo,
    /// 1-based header row.
    pub header_row: usize,
    /// The columns.
    pub columns: Vec<ColumnPreview>,
    /// The first data rows as the planner reads them: `(row number, cells)`.
    pub rows: Vec<PreviewRow>,
    /// Data rows after the header.
    pub data_rows: usize,
    /// The guessed mapping.
    pub guess: Mapping,
}

/// One row of the preview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreviewRow {
    /// 1-based row (line) number.
    pub row: usize,
    /// The cells, displayed.
    pub cells: Vec<String>,
}

/// Read a file and guess its mapping; `rows` data rows are returned for display.
pub fn preview(bytes: &[u8], opts: &ReadOptions, rows: usize) -> Result<Preview> {
    let table = read_table(bytes, opts)?;
    preview_table(&table, opts.header_row, rows)
}

/// [`preview`] of a table already read.
pub fn preview_table(table: &Table, header_row: Option<usize>, rows: usize) -> Result<Preview> {
    let header = table.header(header_row)?;
    let data = &table.rows[header.index + 1..];
    let guess = mapping::guess(table, &header);
    let columns = header
        .names
        .iter()
        .enumerate()
        .map(|(i, name)| ColumnPreview {
            name: name.clone(),
            letter: column_letter(i),
            looks_like: mapping::sniff_column(data, i),
        })
        .collect();
    Ok(Preview {
        source: table.info.clone(),
        header_row: header.row,
        columns,
        rows: data
            .iter()
            .take(rows)
            .map(|(n, c)| PreviewRow {
                row: *n,
                cells: (0..header.names.len())
                    .map(|i| c.get(i).map(Cell::display).unwrap_or_default())
                    .collect(),
            })
            .collect(),
        data_rows: data.len(),
        guess,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        read_table(
            text.as_bytes(),
            &ReadOptions {
                name: "t.csv".into(),
                ..Default::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn quotes_delimiters_and_line_numbers() {
        let t = table("a;b\n\"x;1\";\"say \"\"hi\"\"\"\n\n\"two\nlines\";3\n4;5");
        assert_eq!(t.info.delimiter.as_deref(), Some(";"));
        let rows: Vec<_> = t
            .rows
            .iter()
            .map(|(n, c)| (*n, c.iter().map(Cell::display).collect::<Vec<_>>()))
            .collect();
        assert_eq!(
            rows,
            vec![
                (1, vec!["a".to_string(), "b".into()]),
                (2, vec!["x;1".into(), "say \"hi\"".into()]),
                (4, vec!["two\nlines".into(), "3".into()]),
                (6, vec!["4".into(), "5".into()]),
            ]
        );
        let e = read_table(b"a,b\n\"open,2\n", &ReadOptions::default()).unwrap_err();
        assert_eq!(e.line(), Some(2));
    }

    #[test]
    fn the_header_is_found_below_a_title_and_named_uniquely() {
        let t =
            table("话务报表 2024年1月\n\n日期,时段,呼入量,呼入量,\n2024/1/1,09:00-09:30,12,3,\n");
        let h = t.header(None).unwrap();
        assert_eq!(h.row, 3);
        assert_eq!(h.names, vec!["日期", "时段", "呼入量", "呼入量 (2)"]);
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(t.header(Some(9)).unwrap_err().path(), "header_row");
    }
}
