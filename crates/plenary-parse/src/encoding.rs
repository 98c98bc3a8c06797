//! Turns the bytes of a text file into a `String`, whatever its encoding.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::error::ParseError;

/// Text decoded from bytes, with the encoding that was used.
pub(crate) struct DecodedText {
    pub text: String,
    pub encoding: &'static Encoding,
    /// True when some bytes were not valid in the chosen encoding and were
    /// replaced with U+FFFD.
    pub had_errors: bool,
}

/// Decodes bytes: a BOM wins, then a declared encoding (from HTML), then
/// valid UTF-8, then a guess over legacy encodings (Windows-1252 and the
/// like) by `chardetng`.
pub(crate) fn decode_text(bytes: &[u8], declared: Option<&'static Encoding>) -> DecodedText {
    if let Some((bom_encoding, bom_length)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = bom_encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return DecodedText {
            text: text.into_owned(),
            encoding: bom_encoding,
            had_errors,
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return DecodedText {
            text: text.to_string(),
            encoding: UTF_8,
            had_errors: false,
        };
    }
    let encoding = match declared {
        // A page declaring UTF-8 whose bytes are not UTF-8 is more likely
        // legacy text with a wrong declaration than UTF-8 with errors.
        Some(declared) if declared != UTF_8 => declared,
        _ => guess_legacy_encoding(bytes),
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    DecodedText {
        text: text.into_owned(),
        encoding,
        had_errors,
    }
}

fn guess_legacy_encoding(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// Refuses bytes that are mostly not text: NUL bytes or many control
/// characters, in the first 64 KiB. UTF-16 with a BOM is text.
pub(crate) fn refuse_binary(bytes: &[u8]) -> Result<(), ParseError> {
    let bom_encoding = Encoding::for_bom(bytes).map(|(encoding, _)| encoding);
    if bom_encoding == Some(UTF_16LE) || bom_encoding == Some(UTF_16BE) {
        return Ok(());
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.is_empty() {
        return Ok(());
    }
    let nul_count = sample.iter().filter(|&&byte| byte == 0).count();
    let control_count = sample
        .iter()
        .filter(|&&byte| byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    if nul_count * 100 > sample.len() {
        return Err(ParseError::Binary {
            reason: format!("{nul_count} NUL bytes in the first {} bytes", sample.len()),
        });
    }
    if control_count * 20 > sample.len() {
        return Err(ParseError::Binary {
            reason: format!(
                "{control_count} control characters in the first {} bytes",
                sample.len()
            ),
        });
    }
    Ok(())
}

/// Finds the charset an HTML page declares in its first 1024 bytes
/// (`<meta charset>` or `http-equiv` content), as the HTML prescan does.
pub(crate) fn html_declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let position = head.find("charset")?;
    let rest = head[position + "charset".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let label: String = rest
        .chars()
        .take_while(|character| {
            character.is_ascii_alphanumeric() || matches!(character, '-' | '_' | ':' | '.')
        })
        .collect();
    Encoding::for_label(label.as_bytes())
}
