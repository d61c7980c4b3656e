//! File and stdin reading for the CLI; errors name the file.

use paiban::Error;
use std::io::Read;

/// Read a whole file (or stdin for `-`) as UTF-8 text.
pub fn read_text(path: &str) -> Result<String, Error> {
    let mut bytes = Vec::new();
    let res = if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    res.map_err(|e| Error::invalid(path, "a readable file", e))?;
    String::from_utf8(bytes).map_err(|e| {
        Error::invalid(
            path,
            "UTF-8 text",
            format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        )
    })
}

/// Print a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Error> {
    let s = serde_json::to_string_pretty(value)
        .map_err(|e| Error::invalid("output", "serialisable JSON", e))?;
    println!("{s}");
    Ok(())
}

/// Name the file in a file error (CSV line, JSON path, parse line).
pub fn in_file(path: &str, e: Error) -> Error {
    e.with_source(path)
}

/// Read and strictly parse a JSON file; errors name the file and the JSON path.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &str) -> Result<T, Error> {
    let text = read_text(path)?;
    paiban::json::from_json(path, &text)
}
