//! Property tests: code point <-> byte <-> UTF-16 conversion round-trips on arbitrary Unicode, and an
//! annotation file saved and loaded again is the same file.

use proptest::prelude::*;
use spantag::model::{AnnotationFile, DocRef, Span, Status};
use spantag::store::{parse_annotation_file, to_ron};
use spantag::text::ReportText;

fn text_strategy() -> impl Strategy<Value = String> {
    // Mix astral characters (𠮷 and friends), CJK, ASCII, CRLF and anything else Unicode has.
    prop::collection::vec(
        prop_oneof![
            Just("𠮷".to_string()),
            Just("\r\n".to_string()),
            "[一-龥]{1,4}",
            "[a-z0-9 ]{1,4}",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..200,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn offsets_round_trip(text in text_strategy()) {
        let report = ReportText::new(text.as_str());
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        prop_assert_eq!(report.len_chars(), chars.len());
        let mut utf16 = 0;
        for (i, (byte, ch)) in chars.iter().enumerate() {
            prop_assert_eq!(report.byte_of(i), *byte);
            prop_assert_eq!(report.char_of(*byte), i);
            prop_assert_eq!(report.utf16_of(i), utf16);
            prop_assert_eq!(report.char_of_utf16(utf16), Some(i));
            if ch.len_utf16() == 2 {
                prop_assert_eq!(report.char_of_utf16(utf16 + 1), None);
            }
            utf16 += ch.len_utf16();
        }
        prop_assert_eq!(report.byte_of(chars.len()), text.len());
        prop_assert_eq!(report.utf16_of(chars.len()), utf16);
        prop_assert_eq!(report.char_of_utf16(utf16), Some(chars.len()));
    }

    #[test]
    fn save_then_load_is_identity(
        text in text_strategy(),
        raw in prop::collection::vec((0usize..300, 1usize..20, 0usize..3, proptest::option::of("[\\t\\n\"\\\\a-z一-龥𠮷]{0,8}")), 0..30),
        status in 0usize..3,
    ) {
        let report = ReportText::new(text.as_str());
        let len = report.len_chars();
        prop_assume!(len > 0);
        let labels = ["Measure", "Figure", "Outcome"];
        let mut file = AnnotationFile::new(DocRef::of("dir/报告.txt", &report), "alice");
        file.status = Status::ALL[status];
        for (start, width, label, note) in raw {
            let start = start % len;
            let end = (start + width).min(len);
            let span = Span { note, ..Span::new(&report, start, end, labels[label]) };
            if start < end && !file.spans.iter().any(|s| s.key() == span.key()) {
                file.spans.push(span);
            }
        }
        let ron = to_ron(&file).unwrap();
        let back = parse_annotation_file(std::path::Path::new("x.ron"), &ron).unwrap();
        file.normalize();
        prop_assert_eq!(&back, &file);
        prop_assert_eq!(to_ron(&back).unwrap(), ron);
    }
}
