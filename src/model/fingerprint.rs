//! Fingerprints of text, for noticing that something changed since it was recorded: a
//! section since its sign-off, a source paragraph since its translation.
//!
//! A fingerprint is the first 16 hexadecimal digits of the SHA-1 that `git hash-object`
//! gives the whitespace-normalised text (words joined by single spaces), so anyone can
//! recompute one with git alone:
//! `printf '%s' "$(echo $PARAGRAPH)" | git hash-object --stdin | cut -c1-16`.
//! Re-wrapping a paragraph or doubling a space changes no fingerprint; any change of a
//! word does.

use git2::{ObjectType, Oid};

/// How many hexadecimal digits a fingerprint keeps (64 bits).
pub const DIGITS: usize = 16;

/// The text with every run of whitespace made one space, and none at either end.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The fingerprint of one paragraph.
pub fn paragraph(text: &str) -> String {
    of_normalised(&normalise(text))
}

/// The fingerprint of a text that is already normalised (or whose layout matters).
pub fn of_normalised(text: &str) -> String {
    // Hashing bytes in memory cannot fail; the zero id is never a real text's.
    let oid = Oid::hash_object(ObjectType::Blob, text.as_bytes()).unwrap_or(Oid::ZERO_SHA1);
    let mut hex = oid.to_string();
    hex.truncate(DIGITS);
    hex
}

/// Whether a string has the shape of a fingerprint (16 lower-case hexadecimal digits).
pub fn is_fingerprint(text: &str) -> bool {
    text.len() == DIGITS && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_does_not_count_words_do() {
        let a = paragraph("Le soutien  à\nl'Ukraine.");
        assert_eq!(a, paragraph("  Le soutien à l'Ukraine. "));
        assert_ne!(a, paragraph("Le soutien à l'Ukraine !"));
        assert!(is_fingerprint(&a), "{a}");
    }

    #[test]
    fn matches_git_hash_object() {
        // `printf 'hello world' | git hash-object --stdin`
        assert_eq!(paragraph("hello   world"), "95d09f2b10159347");
    }
}
