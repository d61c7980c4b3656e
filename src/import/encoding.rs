//! Which text encoding a planner's CSV is in, and its text.
//!
//! Excel in a Chinese locale saves "CSV" in the system code page (GBK, whose superset is
//! GB18030), "Unicode text" as UTF-16 little-endian with a BOM, and "CSV UTF-8" with a BOM;
//! ACD and ticket systems mostly write UTF-8 without one. The order of the checks is the order
//! of certainty: a BOM names its encoding; text that is valid UTF-8 is UTF-8 (legacy multi-byte
//! text almost never is, because UTF-8's continuation-byte rules are strict); UTF-16 without a
//! BOM shows as NUL bytes in every other position of ASCII-heavy text; anything else is tried
//! as GB18030, which decodes every GBK file. Decoding is strict: a byte sequence that is not
//! valid in the chosen encoding is an error naming its line, never a silent U+FFFD.
//! The decoders are `encoding_rs` (the WHATWG Encoding Standard's implementation).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// The encoding a text file was decoded from (reported to the planner).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 little-endian (with or without a BOM; Excel's "Unicode text").
    Utf16Le,
    /// UTF-16 big-endian.
    Utf16Be,
    /// GB18030, the superset of GBK and GB2312 (Excel's "CSV" in a Chinese locale).
    Gb18030,
}

impl TextEncoding {
    /// A label for people: `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`, `UTF-16BE`, `GB18030/GBK`.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Gb18030 => "GB18030/GBK",
        }
    }
}

/// Decode `bytes` as text, detecting the encoding (see the module docs). `source` names the
/// file in errors; an `forced` encoding skips the detection.
pub fn decode(
    bytes: &[u8],
    forced: Option<TextEncoding>,
    source: &str,
) -> Result<(String, TextEncoding)> {
    let enc = forced.unwrap_or_else(|| detect(bytes));
    let body = match enc {
        TextEncoding::Utf8Bom => bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes),
        TextEncoding::Utf16Le => bytes.strip_prefix(b"\xFF\xFE").unwrap_or(bytes),
        TextEncoding::Utf16Be => bytes.strip_prefix(b"\xFE\xFF").unwrap_or(bytes),
        TextEncoding::Utf8 | TextEncoding::Gb18030 => bytes,
    };
    let text = match enc {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => match std::str::from_utf8(body) {
            Ok(s) => s.to_string(),
            Err(e) => return Err(bad_byte(body, e.valid_up_to(), enc, source)),
        },
        TextEncoding::Utf16Le | TextEncoding::Utf16Be => utf16(body, enc == TextEncoding::Utf16Le)
            .map_err(|at| bad_byte(body, at, enc, source))?,
        TextEncoding::Gb18030 => {
            match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(body) {
                Some(s) => s.into_owned(),
                None => return Err(bad_byte(body, gb18030_error_at(body), enc, source)),
            }
        }
    };
    Ok((text, enc))
}

/// The encoding [`decode`] would pick.
pub fn detect(bytes: &[u8]) -> TextEncoding {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return TextEncoding::Utf8Bom;
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return TextEncoding::Utf16Le;
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return TextEncoding::Utf16Be;
    }
    // ASCII in UTF-16 is also valid UTF-8 (NUL is a character), so look for UTF-16 first.
    match looks_utf16(bytes) {
        Some(true) => TextEncoding::Utf16Le,
        Some(false) => TextEncoding::Utf16Be,
        None if std::str::from_utf8(bytes).is_ok() => TextEncoding::Utf8,
        None => TextEncoding::Gb18030,
    }
}

/// UTF-16 without a BOM: in the first 4 KB, most bytes at odd (little-endian) or even
/// (big-endian) offsets are NUL, as they are for ASCII digits, separators and Latin headers.
/// `Some(true)` for little-endian.
fn looks_utf16(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(4096)];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for p in head.chunks_exact(2) {
        even += usize::from(p[0] == 0);
        odd += usize::from(p[1] == 0);
    }
    if odd * 10 >= pairs * 4 && even * 20 < pairs {
        Some(true)
    } else if even * 10 >= pairs * 4 && odd * 20 < pairs {
        Some(false)
    } else {
        None
    }
}

fn utf16(body: &[u8], little: bool) -> std::result::Result<String, usize> {
    let units = body.chunks_exact(2).map(|p| {
        if little {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let mut out = String::with_capacity(body.len() / 2);
    for (i, r) in char::decode_utf16(units).enumerate() {
        match r {
            Ok(c) => out.push(c),
            Err(_) => return Err(2 * i),
        }
    }
    if body.len() % 2 == 1 {
        return Err(body.len() - 1);
    }
    Ok(out)
}

/// Byte offset of the first sequence that is not GB18030.
fn gb18030_error_at(body: &[u8]) -> usize {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(body.len() * 3 + 16);
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, _) => read.saturating_sub(bad as usize),
        _ => read,
    }
}

fn bad_byte(body: &[u8], at: usize, enc: TextEncoding, source: &str) -> Error {
    let at = at.min(body.len());
    let newline: &[u8] = match enc {
        TextEncoding::Utf16Le => b"\n\0",
        TextEncoding::Utf16Be => b"\0\n",
        _ => b"\n",
    };
    let line = 1 + body[..at]
        .windows(newline.len())
        .enumerate()
        .filter(|(i, w)| *w == newline && (newline.len() == 1 || i % 2 == 0))
        .count();
    Error::Csv {
        source: source.into(),
        line,
        column: "1".into(),
        expected: format!(
            "text in one encoding (read as {}; save as \"CSV UTF-8\" if the file mixes encodings)",
            enc.label()
        ),
        found: format!(
            "a byte 0x{:02X} that is not {}",
            body.get(at).copied().unwrap_or_default(),
            enc.label()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_boms_utf8_utf16_and_gbk() {
        let gbk = encoding_rs::GBK.encode("时间,呼入量\n2024/1/1 9:00,12\n").0;
        let (text, enc) = decode(&gbk, None, "x").unwrap();
        assert_eq!(enc, TextEncoding::Gb18030);
        assert!(text.starts_with("时间,呼入量\n"));

        let (text, enc) = decode("\u{feff}时间,量\n".as_bytes(), None, "x").unwrap();
        assert_eq!((text.as_str(), enc), ("时间,量\n", TextEncoding::Utf8Bom));
        let (_, enc) = decode("时间,量\n".as_bytes(), None, "x").unwrap();
        assert_eq!(enc, TextEncoding::Utf8);

        let le: Vec<u8> = "timestamp,volume\n2024-01-01T09:00,3\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let (text, enc) = decode(&le, None, "x").unwrap();
        assert_eq!(enc, TextEncoding::Utf16Le);
        assert!(text.starts_with("timestamp,volume"));
        let mut be = b"\xFE\xFF".to_vec();
        be.extend("时间\t量\n".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(
            decode(&be, None, "x").unwrap(),
            ("时间\t量\n".into(), TextEncoding::Utf16Be)
        );
    }

    #[test]
    fn a_bad_byte_is_an_error_on_its_line() {
        // 0xFF is never valid in GB18030.
        let e = decode(b"a,b\n1,2\n3,\xFF\n", None, "calls.csv").unwrap_err();
        assert_eq!(e.line(), Some(3), "{e}");
        assert!(e.to_string().contains("GB18030"), "{e}");
        let e = decode(b"\xEF\xBB\xBFa\n\xC3", None, "x").unwrap_err();
        assert_eq!(e.line(), Some(2));
        // A lone surrogate in UTF-16.
        let e = decode(b"\xFF\xFEa\0\n\0\x00\xD8", None, "x").unwrap_err();
        assert_eq!(e.line(), Some(2), "{e}");
    }
}
