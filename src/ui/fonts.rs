//! The bundled Chinese font and where it sits in egui's font fallback chain.
//!
//! egui's own fonts have no CJK glyphs, so Chinese would show as boxes. spantag ships a subset of Noto Sans CJK
//! SC Regular (`assets/fonts/`, SIL OFL 1.1, rebuilt by `tools/subset-font.py`) that covers GB2312 and Big5, so
//! Simplified and Traditional reports render the same on every machine, with or without CJK fonts installed.
//!
//! Order matters. For each family the chain is: egui's Latin font(s), then the bundled font, then egui's icon and
//! emoji fonts, then whatever the system-font fallback (eframe's `system_fonts` feature) discovers on demand.
//! egui always asks the configured fonts before any discovered one, so the system fallback is only reached for
//! characters the bundled font lacks (CJK Extension B names, for example) and never stands in for it: left to
//! itself it picked Noto Sans CJK **JP** shapes for Chinese text.
//!
//! Install the fonts once, before the first frame lays out any text: in the eframe app creator, and in an
//! `egui_kittest` harness through `Harness::builder().with_context_setup(...)` (the harness runs a frame in its
//! constructor, and it loads no system fonts, so without the bundled font every Chinese character is missing).

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

/// The name the bundled font is registered under in [`FontDefinitions::font_data`].
pub const BUNDLED_FONT_NAME: &str = "Noto Sans CJK SC (spantag subset)";

/// The bundled font file: Noto Sans CJK SC Regular cut down to GB2312 ∪ Big5 plus punctuation and the samples'
/// characters, a single OpenType (CFF) face. Compiled into the binary so the app needs no font on the machine.
pub static BUNDLED_FONT: &[u8] =
    include_bytes!("../../assets/fonts/NotoSansCJKsc-Regular-subset.otf");

/// egui's text fonts that cover Latin script; the bundled font goes right after them so Latin text keeps egui's look.
const EGUI_LATIN_FONTS: [&str; 2] = ["Hack", "Ubuntu-Light"];

/// The families the bundled font is registered for: everything the app draws text with.
const FAMILIES: [FontFamily; 2] = [FontFamily::Proportional, FontFamily::Monospace];

/// egui's default fonts with the bundled Chinese font added to both families, ready for
/// [`egui::Context::set_fonts`]. Exists separately from [`install`] so a caller can add fonts of its own first.
pub fn font_definitions() -> FontDefinitions {
    let mut definitions = FontDefinitions::default();
    add_bundled_font(&mut definitions);
    definitions
}

/// Adds the bundled font to `definitions`, in each of the proportional and monospace families right after egui's
/// Latin fonts (or first, if the family has none of them) and so before the icon and emoji fonts and before
/// anything the system-font fallback discovers. Calling it twice changes nothing.
pub fn add_bundled_font(definitions: &mut FontDefinitions) {
    definitions
        .font_data
        .entry(BUNDLED_FONT_NAME.to_owned())
        .or_insert_with(|| Arc::new(FontData::from_static(BUNDLED_FONT)));
    for family in FAMILIES {
        let chain = definitions.families.entry(family).or_default();
        if chain.iter().any(|name| name == BUNDLED_FONT_NAME) {
            continue;
        }
        let after_latin = chain
            .iter()
            .rposition(|name| EGUI_LATIN_FONTS.contains(&name.as_str()))
            .map_or(0, |last_latin| last_latin + 1);
        chain.insert(after_latin, BUNDLED_FONT_NAME.to_owned());
    }
}

/// Installs [`font_definitions`] in `ctx`. Call once at start-up (egui compares the whole definitions, font
/// bytes included, on every call), before the first frame lays out text.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(font_definitions());
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::Mutex;

    use egui::epaint::text::{Fonts, TextOptions};
    use egui::{Color32, FallbackRequest, FontId, FontInsert, MissingGlyphPolicy};

    use super::*;
    use crate::samples::SAMPLES;

    /// The Traditional-Chinese sample (the other four are Simplified).
    const TRADITIONAL_SAMPLE: &str = "001_02c3d19073bbefd4.txt";

    /// Every character of every sample that a font is expected to draw (not line breaks or other controls).
    fn sample_chars() -> BTreeSet<char> {
        SAMPLES
            .iter()
            .flat_map(|(_, text)| text.chars())
            .filter(|c| !c.is_control())
            .collect()
    }

    /// A headless context with the fonts installed, failing on any missing glyph, and a stand-in for the system
    /// font fallback that finds nothing but records every character it is asked for.
    fn context_with_recording_fallback() -> (egui::Context, Arc<Mutex<Vec<String>>>) {
        let ctx = egui::Context::default();
        install(&ctx);
        ctx.set_missing_glyph_policy(MissingGlyphPolicy::Panic);
        let asked = Arc::new(Mutex::new(Vec::new()));
        let recorder = Arc::clone(&asked);
        ctx.add_font_provider(Arc::new(
            move |request: &FallbackRequest<'_>| -> Option<FontInsert> {
                recorder.lock().unwrap().push(request.cluster.to_owned());
                None
            },
        ));
        (ctx, asked)
    }

    /// Runs one frame with no window, dropping the texture changes nobody uploads.
    fn run_headless(ctx: &egui::Context, run_ui: impl FnMut(&mut egui::Ui)) {
        let mut output = ctx.run_ui(egui::RawInput::default(), run_ui);
        output.textures_delta.clear();
    }

    #[test]
    fn the_bundled_font_alone_covers_every_sample_character() {
        let mut definitions = FontDefinitions::empty();
        add_bundled_font(&mut definitions);
        let mut fonts = Fonts::new(TextOptions::default(), definitions);
        let mut view = fonts.with_pixels_per_point(1.0);
        let chars = sample_chars();
        assert!(
            chars.len() > 1000,
            "the samples should hold over 1000 distinct characters"
        );
        let missing: String = chars
            .iter()
            .filter(|&&c| !view.has_glyph(&FontId::proportional(14.0), c))
            .collect();
        assert_eq!(
            missing, "",
            "characters of samples/*.txt missing from the bundled font"
        );
    }

    #[test]
    fn every_sample_paragraph_lays_out_without_a_missing_glyph_or_a_system_font() {
        let (ctx, asked) = context_with_recording_fallback();
        let mut laid_out = Vec::new();
        run_headless(&ctx, |ui| {
            ui.fonts_mut(|fonts| {
                for (name, text) in SAMPLES {
                    for paragraph in text.lines().filter(|line| !line.trim().is_empty()) {
                        for font_id in [FontId::proportional(16.0), FontId::monospace(13.0)] {
                            // Panics (MissingGlyphPolicy::Panic) if no font has a glyph for a character.
                            let galley =
                                fonts.layout(paragraph.to_owned(), font_id, Color32::BLACK, 400.0);
                            let drawn: String = galley
                                .rows
                                .iter()
                                .flat_map(|row| row.row.glyphs.iter().map(|glyph| glyph.chr))
                                .collect();
                            assert_eq!(drawn, paragraph, "{name}: every character becomes a glyph");
                            let blank =
                                galley
                                    .rows
                                    .iter()
                                    .flat_map(|row| &row.row.glyphs)
                                    .find(|glyph| {
                                        !glyph.chr.is_whitespace() && glyph.uv_rect.is_nothing()
                                    });
                            assert!(blank.is_none(), "{name}: no ink for {blank:?}");
                        }
                    }
                    laid_out.push(name);
                }
            });
        });
        assert_eq!(laid_out.len(), SAMPLES.len());
        assert!(laid_out.contains(&TRADITIONAL_SAMPLE));
        assert_eq!(
            *asked.lock().unwrap(),
            Vec::<String>::new(),
            "the system-font fallback must not be asked for any sample character"
        );
    }

    #[test]
    fn chinese_comes_from_the_bundled_font_and_latin_from_eguis() {
        let ctx = egui::Context::default();
        install(&ctx);
        run_headless(&ctx, |ui| {
            ui.fonts_mut(|fonts| {
                for (family, latin) in [
                    (FontFamily::Proportional, "Ubuntu-Light"),
                    (FontFamily::Monospace, "Hack"),
                ] {
                    let characters = fonts.characters(&family);
                    let first_font = |c: char| characters.get(&c).and_then(|names| names.first());
                    // Simplified, Traditional, CJK and full-width punctuation:
                    for c in "脱贫攻坚當前位置，。、（）《》：".chars() {
                        assert_eq!(
                            first_font(c).map(String::as_str),
                            Some(BUNDLED_FONT_NAME),
                            "{family:?} {c}"
                        );
                    }
                    // Latin, and punctuation both have (egui's font wins):
                    for c in "Aa1%“”—".chars() {
                        assert_eq!(
                            first_font(c).map(String::as_str),
                            Some(latin),
                            "{family:?} {c}"
                        );
                    }
                }
            });
        });
    }

    #[test]
    fn the_bundled_font_sits_after_eguis_latin_fonts_and_before_the_rest() {
        let defaults = FontDefinitions::default();
        let definitions = font_definitions();
        for family in FAMILIES {
            let default_chain = &defaults.families[&family];
            let chain = &definitions.families[&family];
            let at = chain.iter().position(|name| name == BUNDLED_FONT_NAME);
            let last_latin = default_chain
                .iter()
                .rposition(|name| EGUI_LATIN_FONTS.contains(&name.as_str()));
            assert_eq!(at, last_latin.map(|i| i + 1), "{family:?}: {chain:?}");
            let without_bundled: Vec<&String> =
                chain.iter().filter(|n| *n != BUNDLED_FONT_NAME).collect();
            assert_eq!(
                without_bundled,
                default_chain.iter().collect::<Vec<_>>(),
                "{family:?}"
            );
            assert!(
                chain.len() > at.unwrap_or(0) + 1,
                "{family:?}: egui's icon font stays after it"
            );
        }
    }

    #[test]
    fn adding_twice_registers_the_font_once() {
        let mut definitions = font_definitions();
        add_bundled_font(&mut definitions);
        assert_eq!(definitions, font_definitions());
    }

    #[test]
    fn a_family_without_eguis_latin_fonts_gets_the_bundled_font_first() {
        let mut definitions = FontDefinitions::empty();
        definitions
            .families
            .insert(FontFamily::Proportional, vec!["other".to_owned()]);
        add_bundled_font(&mut definitions);
        assert_eq!(
            definitions.families[&FontFamily::Proportional],
            [BUNDLED_FONT_NAME, "other"]
        );
        assert_eq!(
            definitions.families[&FontFamily::Monospace],
            [BUNDLED_FONT_NAME]
        );
    }

    #[test]
    fn the_system_fallback_is_still_asked_for_what_the_font_lacks() {
        let (ctx, asked) = context_with_recording_fallback();
        ctx.set_missing_glyph_policy(MissingGlyphPolicy::Tofu);
        // U+20BB7 (Extension B) is in neither GB2312 nor Big5; the Chinese around it is.
        let text = "𠮷野家扶贫";
        run_headless(&ctx, |ui| {
            ui.fonts_mut(|fonts| {
                let _ = fonts.layout_no_wrap(
                    text.to_owned(),
                    FontId::proportional(16.0),
                    Color32::BLACK,
                );
            });
        });
        assert_eq!(*asked.lock().unwrap(), ["𠮷"]);
    }
}
