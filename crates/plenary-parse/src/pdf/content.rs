//! A page content stream read as operations, one at a time.
//!
//! `lopdf`'s content parser builds an `Object` tree for every operand and a
//! `String` for every operator through parser combinators; on small PDFs
//! that was half of the extraction time. Text extraction needs only
//! numbers, names, strings and the flat arrays of `TJ`, so this lexer
//! follows the lexical rules of ISO 32000-2 §7.2–7.3 and keeps just those:
//! operands live in buffers reused from one operation to the next, nothing
//! nests on the call stack (dictionaries and inner arrays are skipped with
//! depth counters), and inline image data (`BI … ID … EI`) is stepped over.
//! A malformed byte is skipped rather than ending the page, as viewers do.

use std::ops::Range;

/// At most this many operands are kept for one operator; the rest of a
/// hostile run of operands is read and dropped.
const MAX_OPERANDS: usize = 64;
/// At most this many elements are kept of one `TJ` array.
const MAX_ELEMENTS: usize = 1 << 16;

/// One operand, or one element of an array operand.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Operand {
    Number(f32),
    /// Bytes in [`ContentLexer::data`], `#xx` escapes decoded.
    Name(Range<usize>),
    /// Bytes in [`ContentLexer::data`], escapes decoded.
    String(Range<usize>),
    /// Elements in [`ContentLexer::elements`].
    Array(Range<usize>),
    /// A boolean, null, dictionary or nested array: nothing text needs.
    Other,
}

enum Token {
    Number(f32),
    Name(Range<usize>),
    String(Range<usize>),
    ArrayOpen,
    ArrayClose,
    DictionaryOpen,
    DictionaryClose,
    /// An operator or a keyword operand (`true`, `false`, `null`): bytes of the stream.
    Keyword(Range<usize>),
}

pub(super) struct ContentLexer<'a> {
    bytes: &'a [u8],
    position: usize,
    /// The current operation's operands.
    pub(super) operands: Vec<Operand>,
    /// The elements of its array operands.
    pub(super) elements: Vec<Operand>,
    /// The decoded bytes of its names and strings.
    pub(super) data: Vec<u8>,
}

fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn is_delimiter(byte: u8) -> bool {
    matches!(
        byte,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(byte: u8) -> bool {
    !is_whitespace(byte) && !is_delimiter(byte)
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// A number token (`12`, `-3.5`, `.25`, `4.`); `None` when the token is not one.
fn parse_number(token: &[u8]) -> Option<f32> {
    let (negative, digits) = match token.first()? {
        b'-' => (true, &token[1..]),
        b'+' => (false, &token[1..]),
        _ => (false, token),
    };
    if digits.is_empty() {
        return None;
    }
    let mut value = 0f64;
    let mut scale = 0f64;
    let mut seen_digit = false;
    for &byte in digits {
        match byte {
            b'0'..=b'9' => {
                seen_digit = true;
                let digit = f64::from(byte - b'0');
                if scale == 0.0 {
                    value = value * 10.0 + digit;
                } else {
                    value += digit * scale;
                    scale /= 10.0;
                }
            }
            b'.' if scale == 0.0 => scale = 0.1,
            _ => return None,
        }
    }
    if !seen_digit {
        return None;
    }
    let value = if negative { -value } else { value };
    Some(value as f32)
}

impl<'a> ContentLexer<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        ContentLexer {
            bytes,
            position: 0,
            operands: Vec::new(),
            elements: Vec::new(),
            data: Vec::new(),
        }
    }

    /// The bytes of a name or string operand.
    pub(super) fn bytes_of(&self, range: &Range<usize>) -> &[u8] {
        self.data.get(range.clone()).unwrap_or_default()
    }

    /// The next operation's operator; its operands are in `operands`,
    /// `elements` and `data` until the next call. `None` at the end.
    pub(super) fn next_operation(&mut self) -> Option<&'a [u8]> {
        self.operands.clear();
        self.elements.clear();
        self.data.clear();
        let mut dictionary_depth = 0usize;
        let mut array_depth = 0usize;
        let mut array_start = 0;
        loop {
            let token = self.next_token()?;
            let value = match token {
                Token::DictionaryOpen => {
                    dictionary_depth += 1;
                    continue;
                }
                Token::DictionaryClose => {
                    if dictionary_depth > 0 {
                        dictionary_depth -= 1;
                        if dictionary_depth == 0 {
                            self.push_value(Operand::Other, array_depth);
                        }
                    }
                    continue;
                }
                _ if dictionary_depth > 0 => continue,
                Token::ArrayOpen => {
                    array_depth += 1;
                    if array_depth == 1 {
                        array_start = self.elements.len();
                    } else if array_depth == 2 {
                        self.push_value(Operand::Other, 1);
                    }
                    continue;
                }
                Token::ArrayClose => {
                    if array_depth > 0 {
                        array_depth -= 1;
                        if array_depth == 0 {
                            let array = Operand::Array(array_start..self.elements.len());
                            self.push_value(array, 0);
                        }
                    }
                    continue;
                }
                Token::Number(number) => Operand::Number(number),
                Token::Name(range) => Operand::Name(range),
                Token::String(range) => Operand::String(range),
                Token::Keyword(range) => {
                    let keyword = &self.bytes[range];
                    if array_depth > 0 || matches!(keyword, b"true" | b"false" | b"null") {
                        Operand::Other
                    } else if keyword == b"BI" {
                        self.skip_inline_image();
                        self.operands.clear();
                        self.elements.clear();
                        self.data.clear();
                        continue;
                    } else {
                        return Some(keyword);
                    }
                }
            };
            self.push_value(value, array_depth);
        }
    }

    fn push_value(&mut self, value: Operand, array_depth: usize) {
        match array_depth {
            0 if self.operands.len() < MAX_OPERANDS => self.operands.push(value),
            1 if self.elements.len() < MAX_ELEMENTS => self.elements.push(value),
            _ => {}
        }
    }

    fn next_token(&mut self) -> Option<Token> {
        loop {
            let byte = *self.bytes.get(self.position)?;
            match byte {
                _ if is_whitespace(byte) => self.position += 1,
                b'%' => {
                    while let Some(&byte) = self.bytes.get(self.position) {
                        if byte == b'\n' || byte == b'\r' {
                            break;
                        }
                        self.position += 1;
                    }
                }
                b'/' => {
                    self.position += 1;
                    return Some(Token::Name(self.read_name()));
                }
                b'(' => {
                    self.position += 1;
                    return Some(Token::String(self.read_literal_string()));
                }
                b'<' if self.bytes.get(self.position + 1) == Some(&b'<') => {
                    self.position += 2;
                    return Some(Token::DictionaryOpen);
                }
                b'<' => {
                    self.position += 1;
                    return Some(Token::String(self.read_hex_string()));
                }
                b'>' if self.bytes.get(self.position + 1) == Some(&b'>') => {
                    self.position += 2;
                    return Some(Token::DictionaryClose);
                }
                b'[' => {
                    self.position += 1;
                    return Some(Token::ArrayOpen);
                }
                b']' => {
                    self.position += 1;
                    return Some(Token::ArrayClose);
                }
                // A stray `)`, `>`, `{` or `}`: skipped.
                _ if is_delimiter(byte) => self.position += 1,
                _ => {
                    let start = self.position;
                    while self
                        .bytes
                        .get(self.position)
                        .is_some_and(|&b| is_regular(b))
                    {
                        self.position += 1;
                    }
                    let token = &self.bytes[start..self.position];
                    return Some(match parse_number(token) {
                        Some(number) => Token::Number(number),
                        None => Token::Keyword(start..self.position),
                    });
                }
            }
        }
    }

    fn read_name(&mut self) -> Range<usize> {
        let start = self.data.len();
        while let Some(&byte) = self.bytes.get(self.position) {
            if !is_regular(byte) {
                break;
            }
            self.position += 1;
            if byte == b'#' {
                let high = self.bytes.get(self.position).copied().and_then(hex_value);
                let low = self
                    .bytes
                    .get(self.position + 1)
                    .copied()
                    .and_then(hex_value);
                if let (Some(high), Some(low)) = (high, low) {
                    self.data.push(high * 16 + low);
                    self.position += 2;
                    continue;
                }
            }
            self.data.push(byte);
        }
        start..self.data.len()
    }

    /// After the opening `(`: up to the balancing `)`, escapes decoded.
    fn read_literal_string(&mut self) -> Range<usize> {
        let start = self.data.len();
        let mut depth = 1usize;
        while let Some(&byte) = self.bytes.get(self.position) {
            self.position += 1;
            match byte {
                b'(' => {
                    depth += 1;
                    self.data.push(byte);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    self.data.push(byte);
                }
                b'\r' => {
                    // An end of line in a string reads as a line feed.
                    if self.bytes.get(self.position) == Some(&b'\n') {
                        self.position += 1;
                    }
                    self.data.push(b'\n');
                }
                b'\\' => self.read_escape(),
                _ => self.data.push(byte),
            }
        }
        start..self.data.len()
    }

    fn read_escape(&mut self) {
        let Some(&byte) = self.bytes.get(self.position) else {
            return;
        };
        self.position += 1;
        let decoded = match byte {
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'b' => 0x08,
            b'f' => 0x0c,
            b'0'..=b'7' => {
                let mut value = u32::from(byte - b'0');
                for _ in 0..2 {
                    match self.bytes.get(self.position) {
                        Some(&digit @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(digit - b'0');
                            self.position += 1;
                        }
                        _ => break,
                    }
                }
                // High-order overflow is ignored (ISO 32000-2 §7.3.4.2).
                (value & 0xff) as u8
            }
            // A backslash before an end of line continues the string.
            b'\r' => {
                if self.bytes.get(self.position) == Some(&b'\n') {
                    self.position += 1;
                }
                return;
            }
            b'\n' => return,
            other => other,
        };
        self.data.push(decoded);
    }

    /// After the opening `<`: hex digits up to `>`, white space ignored, an
    /// odd last digit read as followed by 0.
    fn read_hex_string(&mut self) -> Range<usize> {
        let start = self.data.len();
        let mut high: Option<u8> = None;
        while let Some(&byte) = self.bytes.get(self.position) {
            self.position += 1;
            if byte == b'>' {
                break;
            }
            let Some(value) = hex_value(byte) else {
                continue;
            };
            match high.take() {
                Some(high) => self.data.push(high * 16 + value),
                None => high = Some(value),
            }
        }
        if let Some(high) = high {
            self.data.push(high * 16);
        }
        start..self.data.len()
    }

    /// After `BI`: past the image's `ID`, its data and the `EI` that ends it
    /// (white space before and after `EI`, as the data may hold the bytes `EI`).
    fn skip_inline_image(&mut self) {
        // The image dictionary: tokens up to the `ID` keyword.
        loop {
            match self.next_token() {
                None => return,
                Some(Token::Keyword(range)) if &self.bytes[range.clone()] == b"ID" => break,
                Some(_) => {}
            }
        }
        let rest = &self.bytes[self.position..];
        let end = rest
            .windows(3)
            .enumerate()
            .find(|&(index, window)| {
                is_whitespace(window[0])
                    && &window[1..] == b"EI"
                    && rest.get(index + 3).is_none_or(|&byte| is_whitespace(byte))
            })
            .map_or(rest.len(), |(index, _)| index + 3);
        self.position += end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every operation as its operator and operands written back as text.
    fn operations(stream: &[u8]) -> Vec<String> {
        let mut lexer = ContentLexer::new(stream);
        let mut out = Vec::new();
        while let Some(operator) = lexer.next_operation() {
            let operands: Vec<String> = lexer
                .operands
                .iter()
                .map(|operand| describe(&lexer, operand))
                .collect();
            let mut line = operands.join(" ");
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&String::from_utf8_lossy(operator));
            out.push(line);
        }
        out
    }

    fn describe(lexer: &ContentLexer<'_>, operand: &Operand) -> String {
        match operand {
            Operand::Number(number) => number.to_string(),
            Operand::Name(range) => format!("/{}", String::from_utf8_lossy(lexer.bytes_of(range))),
            Operand::String(range) => {
                format!("({})", String::from_utf8_lossy(lexer.bytes_of(range)))
            }
            Operand::Array(range) => {
                let elements: Vec<String> = lexer.elements[range.clone()]
                    .iter()
                    .map(|element| describe(lexer, element))
                    .collect();
                format!("[{}]", elements.join(" "))
            }
            Operand::Other => "_".to_string(),
        }
    }

    #[test]
    fn reads_text_operators_with_their_operands() {
        let stream = b"BT /F1 12 Tf 72 712.5 Td (Hello \\(world\\)) Tj\n[(A) -250 (B)] TJ ET";
        assert_eq!(
            operations(stream),
            [
                "BT",
                "/F1 12 Tf",
                "72 712.5 Td",
                "(Hello (world)) Tj",
                "[(A) -250 (B)] TJ",
                "ET"
            ]
        );
    }

    #[test]
    fn decodes_escapes_hex_strings_and_names() {
        let stream = b"/A#20B Tf (a\\101\\\nb\\n) Tj <48 65 6c6C 6> Tj (nested (parens) ok) Tj";
        assert_eq!(
            operations(stream),
            [
                "/A B Tf",
                "(aAb\n) Tj",
                "(Hell`) Tj",
                "(nested (parens) ok) Tj"
            ]
        );
    }

    #[test]
    fn numbers_in_every_written_form() {
        assert_eq!(parse_number(b"12"), Some(12.0));
        assert_eq!(parse_number(b"-3.5"), Some(-3.5));
        assert_eq!(parse_number(b".25"), Some(0.25));
        assert_eq!(parse_number(b"4."), Some(4.0));
        assert_eq!(parse_number(b"+7"), Some(7.0));
        assert_eq!(parse_number(b"-"), None);
        assert_eq!(parse_number(b"1.2.3"), None);
        assert_eq!(parse_number(b"Tj"), None);
    }

    #[test]
    fn skips_dictionaries_inline_images_comments_and_nested_arrays() {
        let stream = b"/Span <</ActualText (x >> y) /N [1 2]>> BDC % a comment (\n\
            BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI\xff EI Q\n[(a) [1 [2]] (b)] TJ EMC";
        assert_eq!(
            operations(stream),
            ["/Span _ BDC", "Q", "[(a) _ (b)] TJ", "EMC"]
        );
    }

    #[test]
    fn hostile_streams_end_without_error() {
        let deep_arrays = [b"[".repeat(100_000), b"(x) TJ".to_vec()].concat();
        assert!(operations(&deep_arrays).is_empty());
        let deep_dictionaries = [b"<<".repeat(100_000), b" Tj".to_vec()].concat();
        assert!(operations(&deep_dictionaries).is_empty());
        let many_operands = [b"1 ".repeat(100_000), b"Td".to_vec()].concat();
        let mut lexer = ContentLexer::new(&many_operands);
        assert_eq!(lexer.next_operation(), Some(&b"Td"[..]));
        assert_eq!(lexer.operands.len(), MAX_OPERANDS);
        assert_eq!(operations(b"(unterminated Tj"), Vec::<String>::new());
        assert_eq!(operations(b") } { (a) Tj"), ["(a) Tj"]);
        assert_eq!(operations(b"BI /W 1 ID \x01\x02"), Vec::<String>::new());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Streams made of the pieces content streams are made of, in any
        /// order and any number: every one ends, with operands in bounds.
        #[test]
        fn any_stream_of_content_pieces_is_read_to_its_end(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "BT", "ET", " ", "\n", "(", ")", "\\", "<", ">", "<<", ">>", "[", "]", "/F1",
                "12", "-.5", "Tj", "TJ", "Tf", "BI", "ID", "EI", "%", "#4", "\x00", "q", "é",
            ]), 0..400)
        ) {
            let stream = pieces.concat();
            let mut lexer = ContentLexer::new(stream.as_bytes());
            let mut operations = 0;
            while lexer.next_operation().is_some() {
                operations += 1;
                proptest::prop_assert!(operations <= stream.len());
                for operand in lexer.operands.iter().chain(&lexer.elements) {
                    match operand {
                        Operand::Name(range) | Operand::String(range) => {
                            proptest::prop_assert!(range.end <= lexer.data.len());
                        }
                        Operand::Array(range) => {
                            proptest::prop_assert!(range.end <= lexer.elements.len());
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}
