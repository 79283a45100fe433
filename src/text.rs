//! Report texts: decoding files in the encodings analysts receive, and the index that converts between
//! code-point offsets (what every file we write uses) and byte offsets (what Rust strings use).
//!
//! Byte offsets never leave this module's callers in the core: the public API of the crate speaks code points.

use std::fmt;
use std::sync::Arc;

use sha2::{Digest, Sha256};

/// Why a report file could not be turned into text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes hold NUL characters outside a UTF-16 file: almost surely not a text file.
    #[error("looks like a binary file (NUL byte at byte {at}), not a text report")]
    Binary {
        /// Byte position of the first NUL.
        at: usize,
    },
    /// Too many bytes could not be decoded in any plausible encoding.
    #[error(
        "{bad} of {total} characters could not be decoded as {encoding}; refusing to guess (is this a text file?)"
    )]
    Undecodable {
        /// Characters replaced by U+FFFD.
        bad: usize,
        /// Characters in the decoded text.
        total: usize,
        /// The encoding that was tried.
        encoding: &'static str,
    },
}

/// A decoded report plus how it was decoded, so the UI and `validate` can say so.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, without any byte-order mark.
    pub text: String,
    /// The encoding name as `encoding_rs` spells it (`UTF-8`, `GBK`, `Big5`, `UTF-16LE`, ...).
    pub encoding: &'static str,
    /// Whether the file started with a byte-order mark (which is not part of the text).
    pub had_bom: bool,
    /// How many undecodable byte sequences were replaced by U+FFFD (a few are tolerated, and reported).
    pub replaced: usize,
    /// Code point offset, in the decoded text, of the first U+FFFD put in for an undecodable sequence.
    pub first_replaced: Option<usize>,
}

impl Decoded {
    /// How the text was decoded, without the text: what travels with a [`ReportText`].
    pub fn origin(&self) -> TextOrigin {
        TextOrigin {
            encoding: self.encoding,
            had_bom: self.had_bom,
            replaced: self.replaced,
            first_replaced: self.first_replaced,
        }
    }
}

/// How a report file was turned into text: kept with the text so that `validate`, `stats` and the app can say
/// when a report is not UTF-8 or had bytes replaced (an analyst must know the text they tag is not quite the
/// file's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOrigin {
    /// The encoding name as `encoding_rs` spells it.
    pub encoding: &'static str,
    /// Whether the file started with a byte-order mark.
    pub had_bom: bool,
    /// Undecodable byte sequences replaced by U+FFFD.
    pub replaced: usize,
    /// Code point offset of the first replacement.
    pub first_replaced: Option<usize>,
}

impl Default for TextOrigin {
    fn default() -> Self {
        TextOrigin {
            encoding: "UTF-8",
            had_bom: false,
            replaced: 0,
            first_replaced: None,
        }
    }
}

impl TextOrigin {
    /// Whether there is anything to tell the analyst: bytes were replaced, or the file is not UTF-8.
    pub fn is_notable(&self) -> bool {
        self.replaced > 0 || !self.encoding.eq_ignore_ascii_case("UTF-8")
    }
}

impl fmt::Display for TextOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "read as {}", self.encoding)?;
        if self.replaced > 0 {
            write!(
                f,
                "; {} undecodable byte sequence{} replaced by U+FFFD (first at character {}): \
                 fix the file, or check the replaced text before annotating near it",
                self.replaced,
                crate::plural::s(self.replaced),
                self.first_replaced.unwrap_or(0)
            )?;
        }
        Ok(())
    }
}

/// How many undecodable sequences a text may have and still be read (with each one replaced and reported): a
/// few in any text, or one per thousand characters in a long one. More than that is not a damaged text but a
/// wrong guess, or not text at all.
fn tolerated(total_chars: usize) -> usize {
    (total_chars / 1000).max(3)
}

/// Decodes a report file's bytes: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, and legacy Chinese
/// encodings (GB18030/GBK, Big5) detected by `chardetng`. Line endings are kept exactly.
///
/// The rule for damaged files: a text that is valid UTF-8 but for a few byte sequences is UTF-8 with those
/// sequences replaced by U+FFFD (and the count and first position reported), never a legacy encoding's
/// mojibake; a legacy Chinese file with a few bad bytes stays in its encoding, likewise. Too many bad
/// sequences, or NUL bytes, and the file is refused.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_owned(bytes.to_vec())
}

/// [`decode`] for bytes the caller no longer needs: a UTF-8 file (the usual case) becomes the text without
/// being copied.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(&bytes) {
        let (text, replaced) = decode_counting(encoding, &bytes[bom_len..]);
        return finish(text, encoding.name(), true, replaced);
    }
    // `contains` on bytes is a memchr, much faster than a byte loop on a text of megabytes.
    if bytes.contains(&0) {
        let at = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        return Err(DecodeError::Binary { at });
    }
    // simdutf8 validates several times faster than the standard library on Chinese text (a twentieth of an
    // export's time went into this check).
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just checked that `bytes` is valid UTF-8.
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        return Ok(Decoded {
            text,
            encoding: "UTF-8",
            had_bom: false,
            replaced: 0,
            first_replaced: None,
        });
    }
    let bytes = bytes.as_slice();
    // Valid UTF-8 but for a few sequences (a stray byte, a Latin-1 letter, a file cut mid-character): UTF-8,
    // with those replaced. Legacy Chinese text decoded as UTF-8 has far more bad sequences than good
    // multi-byte characters, so it does not pass for damaged UTF-8.
    let (utf8_text, utf8_bad) = decode_counting(encoding_rs::UTF_8, bytes);
    let total = utf8_text.chars().count();
    let well_formed = utf8_text
        .chars()
        .filter(|c| !c.is_ascii())
        .count()
        .saturating_sub(utf8_bad.count);
    if utf8_bad.count <= tolerated(total) && well_formed >= utf8_bad.count {
        return finish(utf8_text, "UTF-8", false, utf8_bad);
    }
    if well_formed >= 8 * utf8_bad.count {
        // Plainly UTF-8, but too damaged to use: refuse rather than guess another encoding.
        return finish(utf8_text, "UTF-8", false, utf8_bad);
    }
    drop(utf8_text);
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(None, true);
    let (text, replaced) = decode_counting(guess, bytes);
    if replaced.count > 0 || !is_chinese(guess) {
        // chardetng rules an encoding out at its first invalid sequence, so one bad byte in a GBK or Big5
        // file (a lone lead byte at a cut) flips it to a single-byte encoding. Ask again without the bytes
        // each Chinese encoding finds bad: if the rest is that encoding, the file is, with a few replaced.
        for candidate in [encoding_rs::GBK, encoding_rs::BIG5] {
            if candidate == guess {
                continue;
            }
            let (candidate_text, bad) = decode_counting(candidate, bytes);
            if bad.count == 0 || bad.count > tolerated(candidate_text.chars().count()) {
                continue;
            }
            let mut cleaned = Vec::with_capacity(bytes.len());
            let mut from = 0;
            for range in &bad.ranges {
                cleaned.extend_from_slice(&bytes[from..range.start]);
                from = range.end;
            }
            cleaned.extend_from_slice(&bytes[from..]);
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(&cleaned, true);
            if detector.guess(None, true) == candidate {
                return finish(candidate_text, candidate.name(), false, bad);
            }
        }
    }
    finish(text, guess.name(), false, replaced)
}

/// Whether an encoding is one of the legacy Chinese ones reports come in.
fn is_chinese(encoding: &'static encoding_rs::Encoding) -> bool {
    encoding == encoding_rs::GBK
        || encoding == encoding_rs::GB18030
        || encoding == encoding_rs::BIG5
}

/// The undecodable sequences met while decoding.
#[derive(Debug, Default)]
struct Replacements {
    /// How many (each became one U+FFFD).
    count: usize,
    /// Code point offset of the first U+FFFD.
    first: Option<usize>,
    /// Where each sequence lies in the input bytes.
    ranges: Vec<std::ops::Range<usize>>,
}

fn finish(
    text: String,
    encoding: &'static str,
    had_bom: bool,
    replaced: Replacements,
) -> Result<Decoded, DecodeError> {
    if replaced.count > 0 {
        let total = text.chars().count().max(1);
        if replaced.count > tolerated(total) {
            return Err(DecodeError::Undecodable {
                bad: replaced.count,
                total,
                encoding,
            });
        }
    } else if !text.is_ascii() {
        // A single-byte encoding decodes any byte, so random bytes come out as "text": C1 control characters
        // (U+0080..U+009F) are what the bytes no such encoding defines become, and never occur in a report.
        let controls = text
            .chars()
            .filter(|c| ('\u{80}'..='\u{9f}').contains(c))
            .count();
        let total = text.chars().count();
        if controls > tolerated(total) {
            return Err(DecodeError::Undecodable {
                bad: controls,
                total,
                encoding,
            });
        }
    }
    Ok(Decoded {
        text,
        encoding,
        had_bom,
        replaced: replaced.count,
        first_replaced: replaced.first,
    })
}

/// Decodes without BOM sniffing and counts malformed sequences (each becomes one U+FFFD).
fn decode_counting(
    encoding: &'static encoding_rs::Encoding,
    bytes: &[u8],
) -> (String, Replacements) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length(bytes.len())
            .unwrap_or(bytes.len() * 3),
    );
    let mut input = bytes;
    let mut replaced = Replacements::default();
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(input, &mut out, true);
        input = &input[read..];
        match result {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                let end = bytes.len() - input.len() - usize::from(after);
                replaced
                    .ranges
                    .push(end.saturating_sub(usize::from(bad))..end);
                if replaced.first.is_none() {
                    replaced.first = Some(out.chars().count());
                }
                replaced.count += 1;
                out.push('\u{FFFD}');
            }
            encoding_rs::DecoderResult::OutputFull => {
                out.reserve(input.len() * 3 + 16);
            }
        }
    }
    (out, replaced)
}

/// SHA-256 of the decoded text's UTF-8 bytes, as lowercase hex. Annotation files store it so that a report that
/// changed after it was annotated is noticed rather than silently mis-anchored.
pub fn fingerprint(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        use fmt::Write;
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// How many bytes of a word have their high bit set, given a word with no other bits set: the flags are
/// summed by one multiplication (baseline x86-64 has no popcount instruction, and `count_ones` becomes a dozen
/// instructions).
fn flagged_bytes(high_bits: u64) -> usize {
    ((high_bits >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// How many UTF-8 characters start in eight bytes of text read as a little-endian word: the bytes that are
/// not continuation bytes (`10xxxxxx`). Scanners count eight bytes at a time with it.
pub fn chars_starting_in(word: u64) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    8 - flagged_bytes(word & !(word << 1) & HIGH)
}

/// How many code points lie between two checkpoints of a [`CharIndex`].
const STRIDE: usize = 64;

/// Converts between code-point offsets, byte offsets and UTF-16 offsets of one text in O(1) (a checkpoint every
/// 64 code points, then a bounded scan) and byte -> code point in O(log n).
#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    /// Byte offset of every `STRIDE`-th code point, plus a final entry for the end of the text.
    bytes: Vec<u32>,
    /// UTF-16 offset of the same code points.
    utf16: Vec<u32>,
    chars: usize,
    ascii: bool,
}

impl CharIndex {
    /// Builds the index in one pass over the text.
    pub fn new(text: &str) -> Self {
        let ascii = text.is_ascii();
        if ascii {
            return CharIndex {
                bytes: Vec::new(),
                utf16: Vec::new(),
                chars: text.len(),
                ascii,
            };
        }
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let mut bytes = Vec::with_capacity(text.len() / STRIDE / 2 + 2);
        let mut utf16 = Vec::with_capacity(bytes.capacity());
        let mut u16_pos = 0u32;
        let mut chars: usize = 0;
        let raw = text.as_bytes();
        let mut i = 0;
        while i < raw.len() {
            // Eight bytes at a time while no checkpoint can fall among them: count the characters that start
            // there (bytes that are not continuation bytes 10xxxxxx) and the astral ones (lead bytes 11110xxx,
            // two UTF-16 units each). A character cut by the word's end is counted where it starts.
            if let Some(word) = raw.get(i..i + 8) {
                let mut word_bytes = [0u8; 8];
                word_bytes.copy_from_slice(word);
                let w = u64::from_le_bytes(word_bytes);
                let starts = chars_starting_in(w);
                // No checkpoint among these starts: none of chars, chars + 1, ... chars + starts - 1 is a
                // multiple of STRIDE.
                if starts == 0
                    || (!chars.is_multiple_of(STRIDE)
                        && chars + starts <= chars.next_multiple_of(STRIDE))
                {
                    let astral = flagged_bytes(w & (w << 1) & (w << 2) & (w << 3) & HIGH);
                    chars += starts;
                    u16_pos += (starts + astral) as u32;
                    i += 8;
                    continue;
                }
            }
            let b = raw[i];
            if b & 0xC0 != 0x80 {
                if chars.is_multiple_of(STRIDE) {
                    bytes.push(i as u32);
                    utf16.push(u16_pos);
                }
                chars += 1;
                u16_pos += if b >= 0xF0 { 2 } else { 1 };
            }
            i += 1;
        }
        if chars.is_multiple_of(STRIDE) {
            bytes.push(text.len() as u32);
            utf16.push(u16_pos);
        }
        CharIndex {
            bytes,
            utf16,
            chars,
            ascii,
        }
    }

    /// Number of code points in the text.
    pub fn len_chars(&self) -> usize {
        self.chars
    }

    /// Byte offset of code point `char_offset` (clamped to the end of the text).
    pub fn byte_of(&self, text: &str, char_offset: usize) -> usize {
        if self.ascii {
            return char_offset.min(text.len());
        }
        let char_offset = char_offset.min(self.chars);
        let slot = char_offset / STRIDE;
        let base = self.bytes[slot] as usize;
        let rest = char_offset - slot * STRIDE;
        if rest == 0 {
            return base;
        }
        match text[base..].char_indices().nth(rest) {
            Some((b, _)) => base + b,
            None => text.len(),
        }
    }

    /// Code point offset of the character that contains byte `byte_offset` (clamped to the end of the text).
    pub fn char_of(&self, text: &str, byte_offset: usize) -> usize {
        if self.ascii {
            return byte_offset.min(text.len());
        }
        let byte_offset = byte_offset.min(text.len());
        let slot = match self.bytes.binary_search(&(byte_offset as u32)) {
            Ok(slot) => return (slot * STRIDE).min(self.chars),
            Err(insert) => insert - 1,
        };
        let base = self.bytes[slot] as usize;
        let mut count = slot * STRIDE;
        for (b, _) in text[base..].char_indices() {
            if base + b >= byte_offset {
                break;
            }
            count += 1;
        }
        if text.is_char_boundary(byte_offset) {
            count
        } else {
            count - 1
        }
    }

    /// UTF-16 code unit offset of code point `char_offset` (JavaScript string index), for formats such as
    /// doccano that count that way.
    pub fn utf16_of(&self, text: &str, char_offset: usize) -> usize {
        if self.ascii {
            return char_offset.min(text.len());
        }
        let char_offset = char_offset.min(self.chars);
        let slot = char_offset / STRIDE;
        let base = self.bytes[slot] as usize;
        let rest = char_offset - slot * STRIDE;
        self.utf16[slot] as usize
            + text[base..]
                .chars()
                .take(rest)
                .map(char::len_utf16)
                .sum::<usize>()
    }

    /// Code point offset of UTF-16 offset `unit`; `None` when `unit` falls inside a surrogate pair or past the end.
    pub fn char_of_utf16(&self, text: &str, unit: usize) -> Option<usize> {
        if self.ascii {
            return (unit <= text.len()).then_some(unit);
        }
        let slot = match self.utf16.binary_search(&(unit as u32)) {
            Ok(slot) => return Some((slot * STRIDE).min(self.chars)),
            Err(insert) => insert - 1,
        };
        let mut pos = self.utf16[slot] as usize;
        let mut count = slot * STRIDE;
        for ch in text[self.bytes[slot] as usize..].chars() {
            if pos == unit {
                return Some(count);
            }
            if pos > unit {
                return None;
            }
            pos += ch.len_utf16();
            count += 1;
        }
        (pos == unit).then_some(count)
    }
}

/// A report's text, shared (never copied per edit), with its code-point index and fingerprint.
#[derive(Clone)]
pub struct ReportText {
    text: Arc<str>,
    index: Arc<CharIndex>,
    fingerprint: Arc<str>,
    origin: TextOrigin,
}

impl fmt::Debug for ReportText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReportText")
            .field("chars", &self.len_chars())
            .field("fingerprint", &self.fingerprint)
            .field("origin", &self.origin)
            .finish()
    }
}

impl ReportText {
    /// Wraps a decoded text, building its index and fingerprint once.
    pub fn new(text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let index = Arc::new(CharIndex::new(&text));
        let fingerprint = fingerprint(&text).into();
        ReportText {
            text,
            index,
            fingerprint,
            origin: TextOrigin::default(),
        }
    }

    /// Wraps a text decoded from a file, keeping how it was decoded (see [`ReportText::origin`]).
    pub fn decoded(decoded: Decoded) -> Self {
        let origin = decoded.origin();
        ReportText {
            origin,
            ..ReportText::new(decoded.text)
        }
    }

    /// How the text was decoded from its file: the encoding and any bytes replaced. A text not read from a
    /// file says UTF-8 with nothing replaced.
    pub fn origin(&self) -> TextOrigin {
        self.origin
    }

    /// The whole text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The shared text, for views that keep their own handle.
    pub fn shared(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    /// Number of code points.
    pub fn len_chars(&self) -> usize {
        self.index.len_chars()
    }

    /// SHA-256 hex of the text.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The code-point index, for callers converting many offsets.
    pub fn index(&self) -> &CharIndex {
        &self.index
    }

    /// The text between two code-point offsets (clamped to the text).
    pub fn slice(&self, start: usize, end: usize) -> &str {
        let start = start.min(end);
        let a = self.index.byte_of(&self.text, start);
        let b = self.index.byte_of(&self.text, end);
        &self.text[a..b]
    }

    /// Byte offset of a code point; for code inside the core that must index the Rust string.
    pub fn byte_of(&self, char_offset: usize) -> usize {
        self.index.byte_of(&self.text, char_offset)
    }

    /// Code point offset of a byte offset.
    pub fn char_of(&self, byte_offset: usize) -> usize {
        self.index.char_of(&self.text, byte_offset)
    }

    /// UTF-16 offset of a code point offset.
    pub fn utf16_of(&self, char_offset: usize) -> usize {
        self.index.utf16_of(&self.text, char_offset)
    }

    /// Code point offset of a UTF-16 offset (None inside a surrogate pair or past the end).
    pub fn char_of_utf16(&self, unit: usize) -> Option<usize> {
        self.index.char_of_utf16(&self.text, unit)
    }

    /// The code points of `[start, end)` as an iterator, without allocating.
    pub fn chars_between(&self, start: usize, end: usize) -> std::str::Chars<'_> {
        self.slice(start, end).chars()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn astral_offsets() {
        let text = "𠮷野家で523人";
        let t = ReportText::new(text);
        assert_eq!(t.len_chars(), 8);
        assert_eq!(t.slice(0, 1), "𠮷");
        assert_eq!(t.slice(4, 8), "523人");
        assert_eq!(t.byte_of(1), 4);
        assert_eq!(t.char_of(4), 1);
        assert_eq!(t.char_of(2), 0, "a byte inside 𠮷 belongs to 𠮷");
        assert_eq!(t.utf16_of(1), 2);
        assert_eq!(t.char_of_utf16(2), Some(1));
        assert_eq!(t.char_of_utf16(1), None, "inside a surrogate pair");
    }

    #[test]
    fn decodes_boms_and_keeps_crlf() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("一\r\n二".as_bytes());
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "一\r\n二");
        assert!(d.had_bom);

        let mut le = vec![0xFF, 0xFE];
        for unit in "𠮷\r\n".encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&le).unwrap();
        assert_eq!(d.text, "𠮷\r\n");
        assert_eq!(d.encoding, "UTF-16LE");

        let mut be = vec![0xFE, 0xFF];
        for unit in "贫困".encode_utf16() {
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&be).unwrap().text, "贫困");
    }

    #[test]
    fn refuses_binary() {
        assert_eq!(
            decode(b"abc\0def").unwrap_err(),
            DecodeError::Binary { at: 3 }
        );
    }
}
