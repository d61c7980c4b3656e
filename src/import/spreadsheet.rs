//! Workbooks (`.xlsx`, `.xls`, `.ods`) to rows of typed cells, in memory, with `calamine`
//! (pure Rust, so the same reader runs natively and in wasm).
//!
//! The format is told by the file's first bytes, not its name: an OLE compound file is a BIFF
//! `.xls`, a zip whose first entry is an OpenDocument `mimetype` is `.ods`, any other zip is
//! tried as `.xlsx`. `.xlsx` sheets are read cell by cell (calamine's streaming reader), so a
//! hostile sheet that places one cell at `XFD1048576` cannot make the reader allocate the
//! whole grid; the size limits below are checked as cells arrive. Date-formatted numbers
//! become dates (both the 1900 and 1904 date systems), time formats become times of day and
//! `[h]:mm:ss` formats durations, so `cells` never has to guess what a number meant.

use super::cells::Cell;
use crate::error::{Error, Result};
use calamine::{Data, DataRef, Reader};
use chrono::{Duration, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};
use std::io::Cursor;

/// What kind of file an import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    /// Delimited text.
    Csv,
    /// Office Open XML workbook (Excel 2007+).
    Xlsx,
    /// BIFF8 workbook (Excel 97–2003).
    Xls,
    /// OpenDocument spreadsheet (LibreOffice, WPS).
    Ods,
}

/// Most columns of an imported sheet: a cell beyond it is an error in `.xlsx` (read cell by
/// cell); `.xls` and `.ods` sheets are cut there.
pub const MAX_COLUMNS: usize = 256;

/// The format of `bytes`, from their magic number.
pub fn sniff(bytes: &[u8]) -> FileFormat {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        FileFormat::Xls
    } else if bytes.starts_with(b"PK\x03\x04") {
        // ODF puts an uncompressed `mimetype` entry first (its name at offset 30).
        let head = &bytes[..bytes.len().min(120)];
        let ods = head.windows(8).any(|w| w == b"mimetype")
            && head
                .windows(b"opendocument.spreadsheet".len())
                .any(|w| w == b"opendocument.spreadsheet");
        if ods {
            FileFormat::Ods
        } else {
            FileFormat::Xlsx
        }
    } else {
        FileFormat::Csv
    }
}

/// One sheet read: all sheet names, the chosen one, and its rows as `(1-based row, cells)`.
pub struct Workbook {
    /// Every sheet of the workbook, in order.
    pub sheets: Vec<String>,
    /// The sheet read.
    pub sheet: String,
    /// Its non-empty rows with their 1-based row numbers.
    pub rows: Vec<(usize, Vec<Cell>)>,
}

fn unreadable(source: &str, format: FileFormat, e: impl std::fmt::Display) -> Error {
    let what = match format {
        FileFormat::Xlsx => "an .xlsx workbook",
        FileFormat::Xls => "an .xls workbook",
        FileFormat::Ods => "an .ods spreadsheet",
        FileFormat::Csv => "a spreadsheet",
    };
    Error::invalid(
        source,
        format!("{what} that opens (not password-protected, not damaged)"),
        e,
    )
}

/// Read one sheet (`sheet`, or the first one with data) of a workbook.
pub fn read(
    bytes: &[u8],
    format: FileFormat,
    sheet: Option<&str>,
    source: &str,
    max_rows: usize,
) -> Result<Workbook> {
    let cursor = Cursor::new(bytes);
    match format {
        FileFormat::Xlsx => {
            let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(cursor)
                .map_err(|e| unreadable(source, format, e))?;
            let sheets = wb.sheet_names();
            let names = pick_order(&sheets, sheet, source)?;
            let mut last = None;
            for name in names {
                let rows = xlsx_rows(&mut wb, &name, source, max_rows)?;
                if !rows.is_empty() || sheet.is_some() {
                    return Ok(Workbook {
                        sheets,
                        sheet: name,
                        rows,
                    });
                }
                last = Some(name);
            }
            Ok(Workbook {
                sheet: last.unwrap_or_default(),
                sheets,
                rows: Vec::new(),
            })
        }
        FileFormat::Xls => {
            check_compound_file(bytes).map_err(|why| unreadable(source, format, why))?;
            let wb: calamine::Xls<_> = calamine::open_workbook_from_rs(cursor)
                .map_err(|e| unreadable(source, format, e))?;
            ranged(wb, format, sheet, source, max_rows)
        }
        FileFormat::Ods => {
            let wb: calamine::Ods<_> = calamine::open_workbook_from_rs(cursor)
                .map_err(|e| unreadable(source, format, e))?;
            ranged(wb, format, sheet, source, max_rows)
        }
        FileFormat::Csv => Err(unreadable(source, format, "text")),
    }
}

/// Check the structure of an OLE compound file (MS-CFB) before the `.xls` reader walks it: the
/// reader trusts the sector numbers, chain links and stream lengths it finds, so one damaged
/// link can make it allocate terabytes or loop forever. Here every FAT and mini-FAT link must
/// point inside the file (or be an end marker), no chain may loop, and no length may exceed
/// the file. Costs one pass over the allocation tables.
fn check_compound_file(b: &[u8]) -> std::result::Result<(), String> {
    const END: u32 = 0xFFFF_FFFA; // ids at or above this are markers (free, end of chain, …)
    let u16_at = |i: usize| b.get(i..i + 2).map(|x| u16::from_le_bytes([x[0], x[1]]));
    let u32_at = |i: usize| {
        b.get(i..i + 4)
            .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
    };
    let bad = |what: &str| format!("a damaged compound file ({what})");
    let ss: usize = match u16_at(30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Err(bad("sector size")),
    };
    if b.len() < ss {
        return Err(bad("shorter than its header"));
    }
    // Whole sectors only: the reader's tables and directory assume complete sectors.
    let sectors = (b.len() - ss) / ss;
    let sector = |id: u32| -> Option<&[u8]> {
        let start = ss + id as usize * ss;
        (id != u32::MAX && (id as usize) < sectors).then(|| &b[start..start + ss])
    };
    let field = |i: usize| u32_at(i).unwrap_or(u32::MAX);
    let (dir_len, fat_len, dir_start) = (field(40) as usize, field(44) as usize, field(48));
    let (mini_start, mini_len, difat_start, difat_len) =
        (field(60), field(64) as usize, field(68), field(72) as usize);
    if dir_len.saturating_mul(ss) > b.len()
        || fat_len > sectors
        || mini_len > sectors
        || difat_len > sectors
    {
        return Err(bad("table sizes"));
    }
    // The FAT sector ids: 109 in the header, the rest in the DIFAT chain.
    let mut fat_ids: Vec<u32> = (0..109)
        .map(|k| field(76 + 4 * k))
        .filter(|&id| id < END)
        .collect();
    let (mut id, mut steps) = (difat_start, 0);
    while id < END {
        let s = sector(id).ok_or_else(|| bad("DIFAT link"))?;
        steps += 1;
        if steps > sectors {
            return Err(bad("DIFAT loop"));
        }
        let n = s.len() / 4;
        fat_ids.extend(
            (0..n.saturating_sub(1))
                .map(|k| u32::from_le_bytes([s[4 * k], s[4 * k + 1], s[4 * k + 2], s[4 * k + 3]]))
                .filter(|&x| x < END),
        );
        id = if n > 0 {
            u32::from_le_bytes([s[4 * n - 4], s[4 * n - 3], s[4 * n - 2], s[4 * n - 1]])
        } else {
            u32::MAX
        };
    }
    let table = |ids: &[u32]| -> std::result::Result<Vec<u32>, String> {
        let mut t = Vec::new();
        for &id in ids {
            let s = sector(id).ok_or_else(|| bad("FAT sector outside the file"))?;
            t.extend(
                s.chunks_exact(4)
                    .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]])),
            );
            if t.len() > 4 * sectors + 1024 {
                return Err(bad("FAT larger than the file"));
            }
        }
        Ok(t)
    };
    let fat = table(&fat_ids)?;
    // Links of a table: inside `limit` entries or markers, and no loops (each entry is entered
    // at most once across all chains).
    let check_links = |t: &[u32], limit: usize, what: &str| -> std::result::Result<(), String> {
        let mut entered = vec![false; t.len().min(limit)];
        for (i, &next) in t.iter().enumerate().take(limit) {
            if next < END {
                if next as usize >= limit || next as usize >= t.len() {
                    return Err(bad(&format!("{what} link {i} -> {next}")));
                }
                if std::mem::replace(&mut entered[next as usize], true) || next as usize == i {
                    return Err(bad(&format!("{what} chains join or loop")));
                }
            }
        }
        Ok(())
    };
    check_links(&fat, sectors, "FAT")?;
    let chain = |t: &[u32], start: u32, limit: usize| -> std::result::Result<Vec<u32>, String> {
        let (mut out, mut id) = (Vec::new(), start);
        while id < END {
            if id as usize >= limit || out.len() > limit {
                return Err(bad("chain"));
            }
            out.push(id);
            id = t.get(id as usize).copied().unwrap_or(u32::MAX);
        }
        Ok(out)
    };
    let dirs = chain(&fat, dir_start, sectors)?;
    let mut dir_bytes = Vec::new();
    for id in &dirs {
        dir_bytes.extend_from_slice(sector(*id).unwrap_or(&[]));
    }
    // Directory entries: stream lengths within the file (the reader reserves them up front),
    // and each stream's first sector inside the table it is read from.
    let entries: Vec<(u8, u32, u64)> = dir_bytes
        .chunks_exact(128)
        .map(|e| {
            let len = if ss == 512 {
                u64::from(u32::from_le_bytes([e[120], e[121], e[122], e[123]]))
            } else {
                u64::from_le_bytes([
                    e[120], e[121], e[122], e[123], e[124], e[125], e[126], e[127],
                ])
            };
            (
                e[66],
                u32::from_le_bytes([e[116], e[117], e[118], e[119]]),
                len,
            )
        })
        .collect();
    let Some(&(_, root_start, root_len)) = entries.first() else {
        return Err(bad("no directory"));
    };
    if entries.iter().any(|&(_, _, len)| len > b.len() as u64) {
        return Err(bad("stream longer than the file"));
    }
    // The mini stream is what the root entry's chain really holds (it may end early).
    let mini_sectors = if mini_len > 0 {
        let held = chain(&fat, root_start, sectors)?.len() * ss;
        (root_len as usize).min(held) / 64
    } else {
        0
    };
    if mini_len > 0 {
        let mini_ids = chain(&fat, mini_start, sectors)?;
        let minifat = table(&mini_ids)?;
        check_links(&minifat, mini_sectors, "mini FAT")?;
    }
    // Streams under 4096 bytes live in the mini stream, longer ones in the file's sectors.
    for &(_, start, len) in entries.iter().skip(1) {
        let outside = if len < 4096 {
            start as usize >= mini_sectors
        } else {
            start as usize >= sectors
        };
        if len > 0 && start < END && outside {
            return Err(bad("stream outside its sectors"));
        }
    }
    Ok(())
}

/// The sheets to try: the one asked for, or all in order.
fn pick_order(sheets: &[String], sheet: Option<&str>, source: &str) -> Result<Vec<String>> {
    match sheet {
        Some(s) => {
            if sheets.iter().any(|n| n == s) {
                Ok(vec![s.to_string()])
            } else {
                Err(Error::invalid(
                    "sheet",
                    format!("one of the sheets of {source}: {}", sheets.join(", ")),
                    format!("\"{s}\""),
                ))
            }
        }
        None if sheets.is_empty() => Err(Error::Empty {
            path: source.into(),
            expected: "a sheet".into(),
        }),
        None => Ok(sheets.to_vec()),
    }
}

fn too_large(source: &str, sheet: &str, what: &str, limit: usize, found: usize) -> Error {
    Error::TooLarge {
        path: format!("{source}, sheet {sheet} {what}"),
        limit,
        found,
    }
}

fn xlsx_rows<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<RS>,
    name: &str,
    source: &str,
    max_rows: usize,
) -> Result<Vec<(usize, Vec<Cell>)>> {
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|e| unreadable(source, FileFormat::Xlsx, e))?;
    let mut rows: std::collections::BTreeMap<u32, Vec<Cell>> = Default::default();
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| unreadable(source, FileFormat::Xlsx, e))?
    {
        let (r, c) = cell.get_position();
        let value = from_ref(cell.get_value());
        if value.is_empty() {
            continue;
        }
        let c = c as usize;
        if c >= MAX_COLUMNS {
            return Err(too_large(source, name, "columns", MAX_COLUMNS, c + 1));
        }
        let n = rows.len();
        let row = rows.entry(r).or_default();
        if row.is_empty() && n >= max_rows {
            return Err(too_large(source, name, "rows", max_rows, n + 1));
        }
        if row.len() <= c {
            row.resize(c + 1, Cell::Empty);
        }
        row[c] = value;
    }
    Ok(rows
        .into_iter()
        .map(|(r, cells)| (r as usize + 1, cells))
        .collect())
}

fn ranged<RS, R>(
    mut wb: R,
    format: FileFormat,
    sheet: Option<&str>,
    source: &str,
    max_rows: usize,
) -> Result<Workbook>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let sheets = wb.sheet_names();
    let names = pick_order(&sheets, sheet, source)?;
    let mut last = String::new();
    for name in names {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| unreadable(source, format, e))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut rows = Vec::new();
        for (i, row) in range.rows().enumerate() {
            let mut cells: Vec<Cell> = std::iter::repeat(Cell::Empty)
                .take(c0 as usize)
                .chain(row.iter().map(from_data))
                .take(MAX_COLUMNS)
                .collect();
            while cells.last().is_some_and(Cell::is_empty) {
                cells.pop();
            }
            if cells.is_empty() {
                continue;
            }
            if rows.len() >= max_rows {
                return Err(too_large(source, &name, "rows", max_rows, rows.len() + 1));
            }
            rows.push((r0 as usize + i + 1, cells));
        }
        if !rows.is_empty() || sheet.is_some() {
            return Ok(Workbook {
                sheets,
                sheet: name,
                rows,
            });
        }
        last = name;
    }
    Ok(Workbook {
        sheets,
        sheet: last,
        rows: Vec::new(),
    })
}

fn round_to_second(t: NaiveDateTime) -> NaiveDateTime {
    let t = t + Duration::milliseconds(500);
    t.with_nanosecond(0).unwrap_or(t)
}

fn datetime(d: &calamine::ExcelDateTime) -> Cell {
    let v = d.as_f64();
    if d.is_duration() {
        return Cell::Duration(v * 86400.0);
    }
    if (0.0..1.0).contains(&v) {
        return Cell::Time(((v * 86400.0).round() as u32).min(86399));
    }
    match d.as_datetime() {
        Some(t) => Cell::DateTime(round_to_second(t)),
        None => Cell::Number(v),
    }
}

fn iso(s: &str) -> Cell {
    if let Some(t) = crate::time::parse_timestamp(s) {
        return Cell::DateTime(t);
    }
    match super::cells::seconds(&Cell::Text(s.to_string())) {
        Some(x) if s.starts_with("PT") => Cell::Duration(x),
        _ => Cell::Text(s.to_string()),
    }
}

fn from_ref(v: &DataRef<'_>) -> Cell {
    match v {
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) => datetime(d),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => iso(s),
        DataRef::Error(e) => Cell::Text(format!("#{e:?}")),
        DataRef::Empty => Cell::Empty,
    }
}

fn from_data(v: &Data) -> Cell {
    match v {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => datetime(d),
        Data::DateTimeIso(s) | Data::DurationIso(s) => iso(s),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
        Data::Empty => Cell::Empty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_their_first_bytes() {
        assert_eq!(sniff(b"timestamp,volume\n"), FileFormat::Csv);
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            FileFormat::Xls
        );
        assert_eq!(sniff(b"PK\x03\x04 rest of a zip"), FileFormat::Xlsx);
        let mut ods = b"PK\x03\x04".to_vec();
        ods.extend([0u8; 26]);
        ods.extend(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
        assert_eq!(sniff(&ods), FileFormat::Ods);
    }

    #[test]
    fn a_damaged_workbook_is_an_error_naming_the_file() {
        let e = read(
            b"PK\x03\x04garbage",
            FileFormat::Xlsx,
            None,
            "calls.xlsx",
            10,
        )
        .err()
        .unwrap();
        assert_eq!(e.path(), "calls.xlsx");
        assert!(e.to_string().contains(".xlsx workbook"), "{e}");
        let e = read(
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            FileFormat::Xls,
            None,
            "a.xls",
            10,
        )
        .err()
        .unwrap();
        assert_eq!(e.kind(), "invalid_field");
    }
}
