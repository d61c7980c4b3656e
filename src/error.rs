//! One error type for the whole engine, so every front end (page, CLI, Node) can show a planner
//! *where* the input is wrong and *what* was expected.
//!
//! Every variant carries a location: a CSV line and column, a JSON path into a scenario
//! (`queues[1].aht_seconds`), a command-line parameter, or an interval. The wasm adapter turns an
//! [`Error`] into a JS `Error` with `message`, `kind` ([`Error::kind`]) and `path`
//! ([`Error::path`]); the CLI prints the message on stderr and exits with code 2.

use std::fmt;

/// Everything that can go wrong with an input. Engine results that are merely *bad news*
/// (an understaffed interval, an unstable queue) are reported in the result, not as errors.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// A value is out of its allowed range or of the wrong kind.
    /// Remedy: change the value at `path` to what `expected` says.
    InvalidField {
        /// JSON path (`queues[0].aht_seconds`) or parameter name (`aht-seconds`).
        path: String,
        /// What would have been accepted, e.g. "a number > 0".
        expected: String,
        /// What was given, rendered for a human.
        found: String,
    },
    /// A row of a delimited text file (history CSV, requirements CSV, events, agents) is bad.
    /// Remedy: fix the cell at `line`/`column` of the file.
    Csv {
        /// Which input this is ("history", "requirements", ...).
        source: String,
        /// 1-based line number in the file (the header is line 1).
        line: usize,
        /// Column name (or 1-based position when the header is missing).
        column: String,
        /// What the cell should contain.
        expected: String,
        /// What it contains.
        found: String,
    },
    /// A JSON document does not parse or does not fit the schema (unknown field, wrong type).
    /// Remedy: fix the document at `path`.
    Json {
        /// Which document ("scenario", "shifts", ...).
        source: String,
        /// JSON path of the offending value (`.` for the document itself).
        path: String,
        /// 1-based line and column of the parser, 0 when unknown.
        line: usize,
        /// Column of the parser.
        column: usize,
        /// The parser's explanation.
        message: String,
    },
    /// A text file in another format (e.g. the NRP benchmark) is malformed.
    Parse {
        /// Which input this is ("nrp", ...).
        source: String,
        /// 1-based line number.
        line: usize,
        /// What was expected there.
        expected: String,
        /// What was found.
        found: String,
    },
    /// An input exceeds a documented size limit (see `crate::limits`).
    /// Remedy: split the input or aggregate it to a coarser interval.
    TooLarge {
        /// Path of the oversized collection.
        path: String,
        /// The limit.
        limit: usize,
        /// The size given.
        found: usize,
    },
    /// Settings that contradict each other (a minimum above its maximum, a shift longer than
    /// the horizon). Remedy: change one of the two paths.
    Inconsistent {
        /// Path of the first setting.
        path: String,
        /// Path of the setting it contradicts.
        other: String,
        /// Why they cannot both hold.
        message: String,
    },
    /// An input is empty where data is needed (a CSV with only a header, no queues).
    Empty {
        /// What is empty.
        path: String,
        /// What should be there.
        expected: String,
    },
}

impl Error {
    /// Build an [`Error::InvalidField`].
    pub fn invalid(
        path: impl Into<String>,
        expected: impl Into<String>,
        found: impl fmt::Display,
    ) -> Self {
        Error::InvalidField {
            path: path.into(),
            expected: expected.into(),
            found: found.to_string(),
        }
    }

    /// The same error located inside `prefix` (`shifts` + `templates[2].name` →
    /// `shifts.templates[2].name`), for engine checks reused inside a larger document.
    pub fn within(self, prefix: &str) -> Self {
        let join = |p: String| {
            if p.is_empty() || p == "." {
                prefix.to_string()
            } else if p.starts_with('[') {
                format!("{prefix}{p}")
            } else {
                format!("{prefix}.{p}")
            }
        };
        match self {
            Error::InvalidField {
                path,
                expected,
                found,
            } => Error::InvalidField {
                path: join(path),
                expected,
                found,
            },
            Error::TooLarge { path, limit, found } => Error::TooLarge {
                path: join(path),
                limit,
                found,
            },
            Error::Inconsistent {
                path,
                other,
                message,
            } => Error::Inconsistent {
                path: join(path),
                other: join(other),
                message,
            },
            Error::Empty { path, expected } => Error::Empty {
                path: join(path),
                expected,
            },
            other => other,
        }
    }

    /// The same file error attributed to another source (a file name, "history of presales").
    pub fn with_source(self, name: &str) -> Self {
        match self {
            Error::Csv {
                line,
                column,
                expected,
                found,
                ..
            } => Error::Csv {
                source: name.to_string(),
                line,
                column,
                expected,
                found,
            },
            Error::Json {
                path,
                line,
                column,
                message,
                ..
            } => Error::Json {
                source: name.to_string(),
                path,
                line,
                column,
                message,
            },
            Error::Parse {
                line,
                expected,
                found,
                ..
            } => Error::Parse {
                source: name.to_string(),
                line,
                expected,
                found,
            },
            other => other,
        }
    }

    /// A machine-readable kind for the page and scripts (stable strings).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::InvalidField { .. } => "invalid_field",
            Error::Csv { .. } => "csv",
            Error::Json { .. } => "json",
            Error::Parse { .. } => "parse",
            Error::TooLarge { .. } => "too_large",
            Error::Inconsistent { .. } => "inconsistent",
            Error::Empty { .. } => "empty",
        }
    }

    /// Where the error is: a JSON path, a parameter, or `source:line:column`.
    pub fn path(&self) -> String {
        match self {
            Error::InvalidField { path, .. }
            | Error::TooLarge { path, .. }
            | Error::Inconsistent { path, .. }
            | Error::Empty { path, .. } => path.clone(),
            Error::Json { path, .. } => path.clone(),
            Error::Csv {
                source,
                line,
                column,
                ..
            } => format!("{source}:{line}:{column}"),
            Error::Parse { source, line, .. } => format!("{source}:{line}"),
        }
    }

    /// The error's parameters by name (`path`, `expected`, `found`, `line`, ...), so a page can
    /// word the message in its own language from [`Error::kind`] and these.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Error::InvalidField {
                path,
                expected,
                found,
            } => vec![
                ("path", path.clone()),
                ("expected", expected.clone()),
                ("found", found.clone()),
            ],
            Error::Csv {
                source,
                line,
                column,
                expected,
                found,
            } => vec![
                ("source", source.clone()),
                ("line", line.to_string()),
                ("column", column.clone()),
                ("expected", expected.clone()),
                ("found", found.clone()),
            ],
            Error::Json {
                source,
                path,
                line,
                column,
                message,
            } => vec![
                ("source", source.clone()),
                ("path", path.clone()),
                ("line", line.to_string()),
                ("column", column.to_string()),
                ("message", message.clone()),
            ],
            Error::Parse {
                source,
                line,
                expected,
                found,
            } => vec![
                ("source", source.clone()),
                ("line", line.to_string()),
                ("expected", expected.clone()),
                ("found", found.clone()),
            ],
            Error::TooLarge { path, limit, found } => vec![
                ("path", path.clone()),
                ("limit", limit.to_string()),
                ("found", found.to_string()),
            ],
            Error::Inconsistent {
                path,
                other,
                message,
            } => vec![
                ("path", path.clone()),
                ("other", other.clone()),
                ("message", message.clone()),
            ],
            Error::Empty { path, expected } => {
                vec![("path", path.clone()), ("expected", expected.clone())]
            }
        }
    }

    /// The 1-based line of a file error, if the error is in a file.
    pub fn line(&self) -> Option<usize> {
        match self {
            Error::Csv { line, .. } | Error::Parse { line, .. } => Some(*line),
            Error::Json { line, .. } if *line > 0 => Some(*line),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidField {
                path,
                expected,
                found,
            } => write!(f, "{path}: expected {expected}, found {found}"),
            Error::Csv {
                source,
                line,
                column,
                expected,
                found,
            } => write!(
                f,
                "{source} line {line}, column {column}: expected {expected}, found {found}"
            ),
            Error::Json {
                source,
                path,
                line,
                column,
                message,
            } => {
                if *line > 0 {
                    write!(
                        f,
                        "{source} at {path} (line {line}, column {column}): {message}"
                    )
                } else {
                    write!(f, "{source} at {path}: {message}")
                }
            }
            Error::Parse {
                source,
                line,
                expected,
                found,
            } => write!(
                f,
                "{source} line {line}: expected {expected}, found {found}"
            ),
            Error::TooLarge { path, limit, found } => {
                write!(f, "{path}: {found} is more than the limit of {limit}")
            }
            Error::Inconsistent {
                path,
                other,
                message,
            } => write!(f, "{path} contradicts {other}: {message}"),
            Error::Empty { path, expected } => write!(f, "{path} is empty: expected {expected}"),
        }
    }
}

impl std::error::Error for Error {}

/// Result alias used across the engine.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A number as a planner reads it: plain for everyday sizes, scientific for huge or tiny ones
/// (so `1e308` is not printed as 309 digits).
pub fn num(x: f64) -> String {
    let a = x.abs();
    if x.is_finite() && a != 0.0 && !(1e-6..1e15).contains(&a) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Require a finite number `> 0`.
pub fn positive(path: &str, value: f64) -> Result<f64> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(Error::invalid(path, "a finite number > 0", num(value)))
    }
}

/// Require a finite number `>= 0`.
pub fn non_negative(path: &str, value: f64) -> Result<f64> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(Error::invalid(path, "a finite number >= 0", num(value)))
    }
}

/// Require a fraction in `[lo, hi]` (for probabilities and rates).
pub fn fraction(path: &str, value: f64, lo: f64, hi: f64) -> Result<f64> {
    if value.is_finite() && value >= lo && value <= hi {
        Ok(value)
    } else {
        Err(Error::invalid(
            path,
            format!("a number between {lo} and {hi}"),
            num(value),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_paths_locate_the_error() {
        let e = Error::Csv {
            source: "history".into(),
            line: 7,
            column: "volume".into(),
            expected: "a number >= 0".into(),
            found: "-3".into(),
        };
        assert_eq!(e.kind(), "csv");
        assert_eq!(e.path(), "history:7:volume");
        assert_eq!(e.line(), Some(7));
        assert!(e.params().contains(&("column", "volume".to_string())));
        assert_eq!(
            e.to_string(),
            "history line 7, column volume: expected a number >= 0, found -3"
        );
    }

    #[test]
    fn validators_reject_nan_and_out_of_range() {
        assert!(positive("aht_seconds", 0.0).is_err());
        assert!(positive("aht_seconds", f64::NAN).is_err());
        assert_eq!(non_negative("volume", 0.0), Ok(0.0));
        assert!(non_negative("volume", f64::INFINITY).is_err());
        let e = fraction("target_sl", 1.2, 0.0, 1.0).unwrap_err();
        assert_eq!(e.path(), "target_sl");
        assert!(e.to_string().contains("between 0 and 1"));
    }
}
