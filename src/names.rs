//! Annotator names and their rules, in one place for everything that names an annotator (the store's folders,
//! merging, import, the app): a name becomes a folder `annotations/<name>/`, so it must be a valid folder name
//! on every system, and one name is reserved for merged results.

/// The annotator name under which merged and adjudicated results are stored (`annotations/gold/`). It is a
/// valid annotator name, but reserved: analysts' files under it are read as merge results.
pub const GOLD: &str = "gold";

/// The most characters (code points, not bytes) an annotator name may have.
pub const MAX_CHARS: usize = 100;

/// The most UTF-8 bytes a folder name may have on common file systems (ext4, APFS, NTFS's 255 UTF-16 units
/// are more than this).
pub const MAX_BYTES: usize = 255;

/// An annotator name that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name:?}: {reason}")]
pub struct NameError {
    /// The refused name.
    pub name: String,
    /// Why it is refused.
    pub reason: &'static str,
}

/// Checks that an annotator name can be a folder name: 1 to [`MAX_CHARS`] characters (and at most
/// [`MAX_BYTES`] bytes in UTF-8), no separators, no dots-only names, nothing hidden.
pub fn check_annotator(name: &str) -> Result<(), NameError> {
    let bad = |reason| {
        Err(NameError {
            name: name.to_owned(),
            reason,
        })
    };
    if name.is_empty() || name.chars().count() > MAX_CHARS {
        return bad("an annotator name must have 1 to 100 characters");
    }
    if name.len() > MAX_BYTES {
        return bad("an annotator name must be at most 255 bytes in UTF-8 (85 Chinese characters)");
    }
    if name.starts_with('.') {
        return bad("an annotator name must not start with a dot");
    }
    if name
        .chars()
        .any(|c| c == '/' || c == '\\' || c == ':' || c.is_control())
    {
        return bad("an annotator name must not contain / \\ : or control characters");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters() {
        // 34 Chinese characters are 102 bytes: refused while the rule counted bytes.
        let chinese = "王".repeat(34);
        assert_eq!(chinese.len(), 102);
        assert_eq!(check_annotator(&chinese), Ok(()));
        assert_eq!(check_annotator(&"a".repeat(MAX_CHARS)), Ok(()));
        assert!(check_annotator(&"a".repeat(MAX_CHARS + 1)).is_err());
        // 85 three-byte characters fit a folder name; 86 do not.
        assert_eq!(check_annotator(&"王".repeat(85)), Ok(()));
        let err = check_annotator(&"王".repeat(86)).unwrap_err();
        assert!(err.to_string().contains("255 bytes"), "{err}");
        assert_eq!(check_annotator("𠮷"), Ok(()));
    }

    #[test]
    fn folder_names_only() {
        assert_eq!(check_annotator("alice"), Ok(()));
        assert_eq!(check_annotator(GOLD), Ok(()));
        for bad in ["", ".hidden", "..", "a/b", "a\\b", "c:", "tab\there"] {
            assert!(check_annotator(bad).is_err(), "{bad:?} accepted");
        }
    }
}
