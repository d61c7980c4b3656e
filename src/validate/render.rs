//! Renderers of a [`Report`]: plain text for people, JSON for scripts and the page, JUnit XML
//! for CI systems (GitLab, Jenkins, GitHub test reporters), which show each check as a test
//! case and each broken rule as a failed test.

use super::report::{Report, Severity, Violation};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Human-readable lines.
    Text,
    /// The [`Report`] as JSON.
    Json,
    /// JUnit XML.
    Junit,
}

impl std::str::FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Format> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "junit" => Ok(Format::Junit),
            other => Err(Error::invalid("format", "text, json or junit", other)),
        }
    }
}

/// Render `report` in `format`.
pub fn render(report: &Report, format: Format) -> Result<String> {
    match format {
        Format::Text => Ok(to_text(report)),
        Format::Json => to_json(report),
        Format::Junit => Ok(to_junit(report)),
    }
}

/// Check names in order, then any rule that has violations but no recorded check (so nothing is
/// ever lost from a hand-assembled report).
fn rules(report: &Report) -> Vec<(&str, Option<usize>)> {
    let mut out: Vec<(&str, Option<usize>)> = report
        .checks_run
        .iter()
        .map(|c| (c.rule.as_str(), Some(c.checked)))
        .collect();
    for v in &report.violations {
        if !out.iter().any(|(r, _)| *r == v.rule) {
            out.push((v.rule.as_str(), None));
        }
    }
    out
}

fn line(v: &Violation) -> String {
    format!("[{}] {}: {}", v.severity, v.subject, v.message)
}

/// Plain text: one line per check (`ok`/`FAIL`/`warn`), the violations indented below it, and a
/// summary line.
pub fn to_text(report: &Report) -> String {
    let mut s = String::new();
    let rules = rules(report);
    for (rule, checked) in &rules {
        let vs: Vec<&Violation> = report.violations_of(rule).collect();
        let failed = vs.iter().any(|v| v.severity == Severity::Error);
        let status = if failed {
            "FAIL"
        } else if vs.is_empty() {
            "ok  "
        } else {
            "warn"
        };
        let scope = match checked {
            Some(n) if vs.is_empty() => format!("{n} checked"),
            Some(n) => format!("{} of {n} checked", vs.len()),
            None => format!("{}", vs.len()),
        };
        let _ = writeln!(s, "{status} {rule} ({scope})");
        for v in vs {
            let _ = writeln!(s, "     {}", line(v));
        }
    }
    let _ = writeln!(
        s,
        "{}: {}, {}, {}",
        if report.passed { "PASSED" } else { "FAILED" },
        plural(rules.len(), "check"),
        plural(report.errors(), "error"),
        plural(report.warnings(), "warning")
    );
    s
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The report as pretty JSON.
pub fn to_json(report: &Report) -> Result<String> {
    serde_json::to_string_pretty(report)
        .map_err(|e| Error::invalid("report", "serialisable JSON", e))
}

/// Escape text for XML 1.0 content and attribute values. Characters XML 1.0 forbids (control
/// characters other than tab, newline, carriage return; lone surrogates cannot occur in a Rust
/// `str`; U+FFFE/U+FFFF) become U+FFFD; tab/newline/CR are written as character references so
/// attribute values keep them.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one `<testcase>` per check; a check with error violations has one `<failure>`
/// listing them (one per line); warnings go to the test case's `<system-out>`.
pub fn to_junit(report: &Report) -> String {
    let rules = rules(report);
    let failures = rules
        .iter()
        .filter(|(r, _)| {
            report
                .violations_of(r)
                .any(|v| v.severity == Severity::Error)
        })
        .count();
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<testsuites name=\"paiban validate\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
        rules.len()
    );
    let _ = writeln!(
        s,
        "  <testsuite name=\"paiban validate\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        rules.len()
    );
    for (rule, _) in &rules {
        let errors: Vec<&Violation> = report
            .violations_of(rule)
            .filter(|v| v.severity == Severity::Error)
            .collect();
        let warnings: Vec<&Violation> = report
            .violations_of(rule)
            .filter(|v| v.severity == Severity::Warning)
            .collect();
        let head = format!(
            "    <testcase classname=\"paiban.validate\" name=\"{}\"",
            xml_escape(rule)
        );
        if errors.is_empty() && warnings.is_empty() {
            let _ = writeln!(s, "{head}/>");
            continue;
        }
        let _ = writeln!(s, "{head}>");
        if let Some(first) = errors.first() {
            let message = if errors.len() == 1 {
                format!("{}: {}", first.subject, first.message)
            } else {
                format!(
                    "{} violations, first: {}: {}",
                    errors.len(),
                    first.subject,
                    first.message
                )
            };
            let body: Vec<String> = errors.iter().map(|v| xml_escape(&line(v))).collect();
            let _ = writeln!(
                s,
                "      <failure type=\"violation\" message=\"{}\">{}</failure>",
                xml_escape(&message),
                body.join("&#10;")
            );
        }
        if !warnings.is_empty() {
            let body: Vec<String> = warnings.iter().map(|v| xml_escape(&line(v))).collect();
            let _ = writeln!(s, "      <system-out>{}</system-out>", body.join("&#10;"));
        }
        s.push_str("    </testcase>\n");
    }
    s.push_str("  </testsuite>\n</testsuites>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_covers_markup_quotes_and_control_characters() {
        assert_eq!(
            xml_escape("a<b & \"c\" 'd'>\n\t\u{1}\u{ffff}排班"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;&#10;&#9;\u{fffd}\u{fffd}排班"
        );
    }

    #[test]
    fn formats_parse() {
        assert_eq!("junit".parse::<Format>().unwrap(), Format::Junit);
        assert_eq!("xml".parse::<Format>().unwrap_err().path(), "format");
    }
}
