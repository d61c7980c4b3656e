//! The one way a JSON document becomes a typed value: strict serde parsing whose errors name the
//! JSON path of the first problem (`queues[1].aht_seconds`) and the parser's line and column.
//!
//! It sits at the bottom of the crate (beside `error`), so every module that reads JSON — the
//! scenario, the roster input, the simulation input, a plan's stages — shares one definition
//! instead of pasting its own.

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;

/// Parse a JSON document into `T`; `source` names the document in errors ("scenario",
/// "roster", "plan").
pub fn from_json<T: DeserializeOwned>(source: &str, text: &str) -> Result<T> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        Error::Json {
            source: source.to_string(),
            path,
            line: inner.line(),
            column: inner.column(),
            message: strip_position(&inner.to_string()),
        }
    })
}

/// serde_json appends " at line L column C"; the error carries those separately.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_path_line_and_column() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Doc {
            a: Vec<u32>,
        }
        let e = from_json::<Doc>("doc", "{\n \"a\": [1, -2]\n}").unwrap_err();
        assert_eq!(e.kind(), "json");
        assert_eq!(e.path(), "a[1]");
        assert_eq!(e.line(), Some(2));
        assert!(!e.to_string().contains(" at line "), "{e}");
    }
}
