//! The small CSV dialect every input file of paiban shares (history, requirements, agents):
//! a header line, `,` `;` or tab separated (detected from the header), optional double quotes
//! around cells, a UTF-8 BOM and CRLF tolerated, blank lines skipped, 1-based line numbers kept
//! for errors. Deliberately simple: exports from ACD, HR and ticket systems look like this, and
//! every error must name its line and column.

use crate::error::{Error, Result};

/// A table read from text: its header cells (lower-cased) and the data lines with their
/// 1-based line numbers.
pub struct Table<'a> {
    /// Which input this is ("history", "requirements", "agents"), for errors.
    pub source: &'static str,
    /// The header line as written.
    pub header: &'a str,
    /// Header cells, trimmed and lower-cased.
    pub names: Vec<String>,
    sep: char,
    lines: Vec<(usize, &'a str)>,
}

impl<'a> Table<'a> {
    /// Split `text` into header and data lines; `expected` describes the file for the error
    /// when it is empty.
    pub fn read(source: &'static str, text: &'a str, expected: &str) -> Result<Table<'a>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
            .filter(|(_, l)| !l.trim().is_empty());
        let (_, header) = lines.next().ok_or_else(|| Error::Empty {
            path: source.into(),
            expected: expected.into(),
        })?;
        let sep = [',', ';', '\t']
            .into_iter()
            .find(|&s| header.contains(s))
            .unwrap_or(',');
        let names = cells(header, sep)
            .iter()
            .map(|c| c.to_ascii_lowercase())
            .collect();
        Ok(Table {
            source,
            header,
            names,
            sep,
            lines: lines.collect(),
        })
    }

    /// Position of the first column named one of `names`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.names.iter().position(|n| names.contains(&n.as_str()))
    }

    /// Position of a required column; the error names the header line.
    pub fn require(&self, names: &[&str], expected: &str) -> Result<usize> {
        self.column(names).ok_or_else(|| {
            self.error(
                1,
                names.first().copied().unwrap_or("?"),
                expected,
                self.header,
            )
        })
    }

    /// The data lines: `(line number, cells)`.
    pub fn rows(&self) -> impl Iterator<Item = (usize, Vec<&'a str>)> + '_ {
        self.lines.iter().map(|&(n, l)| (n, cells(l, self.sep)))
    }

    /// Number of data lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether there are no data lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// An error at `line`/`column` of this file.
    pub fn error(&self, line: usize, column: &str, expected: &str, found: &str) -> Error {
        error(self.source, line, column, expected, found)
    }
}

/// An [`Error::Csv`] with the found cell quoted (and cut to 60 characters).
pub fn error(source: &str, line: usize, column: &str, expected: &str, found: &str) -> Error {
    Error::Csv {
        source: source.into(),
        line,
        column: column.into(),
        expected: expected.into(),
        found: if found.is_empty() {
            "an empty cell".into()
        } else {
            format!("\"{}\"", found.chars().take(60).collect::<String>())
        },
    }
}

/// Split one line on `sep`, trimming blanks and surrounding double quotes.
pub fn cells(line: &str, sep: char) -> Vec<&str> {
    line.split(sep)
        .map(|c| c.trim().trim_matches('"').trim())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_separator_quotes_and_line_numbers() {
        let t = Table::read("x", "\u{feff}A;\"B\"\r\n\r\n1;\"2\"\r\n3;4\n", "rows").unwrap();
        assert_eq!(t.names, vec!["a", "b"]);
        let rows: Vec<_> = t.rows().collect();
        assert_eq!(rows, vec![(3, vec!["1", "2"]), (4, vec!["3", "4"])]);
        assert_eq!(t.require(&["c"], "a c column").unwrap_err().path(), "x:1:c");
        assert_eq!(
            Table::read("x", "\n\n", "rows").err().map(|e| e.kind()),
            Some("empty")
        );
    }
}
