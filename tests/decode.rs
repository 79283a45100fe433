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
    if let Err(err) = read_text(&noisy) {
        assert!(err.to_string().contains("noise.txt"), "{err}");
    }
}

#[test]
fn a_stray_byte_in_a_long_gbk_file_is_tolerated_and_counted() {
    let mut bytes = encode(encoding_rs::GBK, &SIMPLIFIED.repeat(200));
    bytes.insert(100, 0xFF);
    let decoded = decode(&bytes).unwrap();
    assert_eq!(decoded.replaced, 1);
}
