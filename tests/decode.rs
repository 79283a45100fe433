//! Report texts in the encodings analysts receive: legacy Chinese encodings made in the test, BOMs, CRLF,
//! astral characters; binary files refused with a message naming the file.

use spantag::store::{StoreError, read_text};
use spantag::text::decode;

const SIMPLIFIED: &str = "贫困发生率降至0.68%，彻底解决了84725人饮水问题。\r\n推行村级“总队长”工作制，建立防返贫监测预警机制。";
const TRADITIONAL: &str = "貧困發生率降至0.68%，徹底解決了84725人飲水問題。\r\n推行村級「總隊長」工作制，建立防返貧監測預警機制。";

fn encode(encoding: &'static encoding_rs::Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(
        !unmappable,
        "test text must be encodable in {}",
        encoding.name()
    );
    bytes.into_owned()
}

#[test]
fn gbk_file_is_detected_and_decoded() {
    let decoded = decode(&encode(encoding_rs::GBK, SIMPLIFIED)).unwrap();
    assert_eq!(decoded.text, SIMPLIFIED);
    assert!(
        decoded.encoding == "GBK" || decoded.encoding == "gb18030",
        "{}",
        decoded.encoding
    );
}

#[test]
fn big5_file_is_detected_and_decoded() {
    let decoded = decode(&encode(encoding_rs::BIG5, TRADITIONAL)).unwrap();
    assert_eq!(decoded.text, TRADITIONAL);
    assert_eq!(decoded.encoding, "Big5");
}

#[test]
fn utf8_with_and_without_bom_keeps_crlf_and_astral() {
    let text = "𠮷野家\r\n523人\r\n";
    let plain = decode(text.as_bytes()).unwrap();
    assert_eq!(plain.text, text);
    assert!(!plain.had_bom);
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    let with_bom = decode(&bom).unwrap();
    assert_eq!(with_bom.text, text, "the BOM is not part of the text");
    assert!(with_bom.had_bom);
}

#[test]
fn binary_and_garbage_are_refused_with_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("image.txt");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let err = read_text(&png).unwrap_err();
    assert!(matches!(err, StoreError::Decode { .. }));
    let message = err.to_string();
    assert!(
        message.contains("image.txt") && message.contains("binary"),
        "{message}"
    );

    // Random high bytes are not text in any encoding.
    let noise: Vec<u8> = (0..4000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 | 0x80)
        .collect();
    let noisy = dir.path().join("noise.txt");
    std::fs::write(&noisy, &noise).unwrap();
    let err = read_text(&noisy).expect_err("random high bytes must be refused");
    assert!(matches!(err, StoreError::Decode { .. }), "{err}");
    assert!(err.to_string().contains("noise.txt"), "{err}");
}

#[test]
fn a_stray_byte_in_a_long_gbk_file_is_tolerated_and_counted() {
    let mut bytes = encode(encoding_rs::GBK, &SIMPLIFIED.repeat(200));
    bytes.insert(100, 0xFF);
    let decoded = decode(&bytes).unwrap();
    assert_eq!(decoded.replaced, 1);
}

/// The UTF-8 bytes of `text` with `bad` spliced in at byte `at`.
fn utf8_with(text: &str, at: usize, bad: &[u8]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    bytes.splice(at..at, bad.iter().copied());
    bytes
}

#[test]
fn utf8_with_a_few_bad_bytes_stays_utf8_and_says_where() {
    let text = "天桥区：贫困发生率降至0.68%。";
    // A stray 0xFF, a Latin-1 é (0xE9) and a cut mid-character, each after "天桥区" (9 bytes, 3 characters).
    for bad in [&[0xFF][..], &[0xE9], &[0xE5, 0xA4]] {
        let decoded = decode(&utf8_with(text, 9, bad)).unwrap();
        assert_eq!(decoded.encoding, "UTF-8", "{bad:x?}");
        assert_eq!(decoded.replaced, 1, "{bad:x?}");
        assert_eq!(decoded.first_replaced, Some(3), "{bad:x?}");
        assert_eq!(decoded.text, "天桥区\u{FFFD}：贫困发生率降至0.68%。");
    }
    // A download cut in the middle of its last character.
    let cut = &text.as_bytes()[..text.len() - 1];
    let decoded = decode(cut).unwrap();
    assert_eq!((decoded.encoding, decoded.replaced), ("UTF-8", 1));
    assert!(decoded.text.starts_with("天桥区：贫困发生率降至0.68%"));
}

#[test]
fn a_long_utf8_file_with_a_few_bad_bytes_is_not_mojibake() {
    let mut bytes = SIMPLIFIED.repeat(50).into_bytes();
    bytes.insert(0, 0xFF);
    let at = bytes.len() / 2;
    let at = (at..)
        .find(|&i| bytes[i] < 0x80 || bytes[i] >= 0xC0)
        .unwrap();
    bytes.insert(at, 0xE9);
    let decoded = decode(&bytes).unwrap();
    assert_eq!(decoded.encoding, "UTF-8");
    assert_eq!(decoded.replaced, 2);
    assert_eq!(decoded.first_replaced, Some(0));
    assert!(decoded.text.contains("贫困发生率"), "no mojibake");
}

#[test]
fn a_lone_gbk_lead_byte_does_not_flip_the_file_to_windows_1252() {
    let mut bytes = encode(encoding_rs::GBK, &SIMPLIFIED.repeat(20));
    bytes.push(0xB0); // a lead byte with nothing after it: a file cut mid-character
    let decoded = decode(&bytes).unwrap();
    assert_eq!(decoded.encoding, "GBK");
    assert_eq!(decoded.replaced, 1);
    assert!(decoded.text.starts_with(SIMPLIFIED));
}

#[test]
fn a_short_gbk_or_big5_file_with_one_bad_byte_is_read_and_reported() {
    for (encoding, text) in [
        (encoding_rs::GBK, SIMPLIFIED),
        (encoding_rs::BIG5, TRADITIONAL),
    ] {
        let mut bytes = encode(encoding, text);
        bytes.insert(0, 0xFF);
        let decoded = decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", encoding.name()));
        assert_eq!(decoded.encoding, encoding.name());
        assert_eq!(decoded.replaced, 1);
        assert_eq!(decoded.first_replaced, Some(0));
        assert_eq!(decoded.text, format!("\u{FFFD}{text}"));
    }
}

#[test]
fn the_store_keeps_how_a_report_was_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, encode(encoding_rs::GBK, SIMPLIFIED)).unwrap();
    let origin = read_text(&path).unwrap().origin();
    assert_eq!((origin.encoding, origin.replaced), ("GBK", 0));
    std::fs::write(&path, utf8_with(SIMPLIFIED, 0, &[0xFF])).unwrap();
    let origin = read_text(&path).unwrap().origin();
    assert_eq!(
        (origin.encoding, origin.replaced, origin.first_replaced),
        ("UTF-8", 1, Some(0))
    );
    assert!(
        origin.to_string().contains("first at character 0"),
        "{origin}"
    );
}
