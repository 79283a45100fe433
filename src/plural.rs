//! English counts for messages ("1 span", "2 spans"): one place, so no message says "1 spans".

/// `n` followed by `noun`, with an "s" added unless `n` is 1: `count(2, "span")` is "2 spans".
///
/// For nouns whose plural is not the singular plus "s" use [`count_as`].
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `n` followed by the singular or the plural given: `count_as(2, "match", "matches")` is "2 matches".
pub fn count_as(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// The plural ending alone ("" for 1, "s" otherwise), for messages that put the number elsewhere.
pub fn s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_is_plural() {
        assert_eq!(count(1, "span"), "1 span");
        assert_eq!(count(0, "span"), "0 spans");
        assert_eq!(count(2, "report"), "2 reports");
        assert_eq!(count_as(1, "match", "matches"), "1 match");
        assert_eq!(count_as(3, "match", "matches"), "3 matches");
        assert_eq!(s(1), "");
        assert_eq!(s(21), "s");
    }
}
