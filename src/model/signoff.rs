//! `drafts/signoffs.yaml`: who approved which section of the edition, and exactly what
//! they approved. `rapporteur sign-off` writes it; a section whose text or proposals
//! changed since is "changed since sign-off" (rule R001, `status`, `diff
//! --since-signoff`). A new edition starts with none.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Lang;
use super::fingerprint::{normalise, of_normalised};

/// The sign-offs of the edition, per language, then per domain (section).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct SignOffs(pub BTreeMap<Lang, BTreeMap<String, SignOff>>);

/// One reviewer's approval of one section in one language. Written by `rapporteur
/// sign-off`; edit it by hand only to remove it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    /// Who approved the section.
    #[schemars(length(min = 1))]
    pub by: String,
    /// The day of the approval (YYYY-MM-DD).
    #[schemars(regex(pattern = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"))]
    pub date: String,
    /// The edition the approval is for (its `number` in drafts/report.yaml). A sign-off
    /// of another edition does not count.
    #[schemars(range(min = 1))]
    pub edition: u32,
    /// The git commit holding exactly the approved text (40 hexadecimal digits):
    /// `rapporteur diff --since-signoff` compares the section with it.
    #[schemars(regex(pattern = r"^[0-9a-f]{40}$"))]
    pub commit: String,
    /// The fingerprint of the approved paragraphs and proposals (16 hexadecimal
    /// digits). When the section's no longer matches, it changed since the sign-off.
    #[schemars(regex(pattern = r"^[0-9a-f]{16}$"))]
    pub fingerprint: String,
}

impl SignOffs {
    /// The sign-off of a section, whatever edition it is for.
    pub fn get(&self, lang: &str, domain: &str) -> Option<&SignOff> {
        self.0.get(lang).and_then(|sections| sections.get(domain))
    }

    /// Records (or replaces) a section's sign-off.
    pub fn insert(&mut self, lang: &str, domain: &str, signoff: SignOff) {
        self.0
            .entry(lang.to_string())
            .or_default()
            .insert(domain.to_string(), signoff);
    }

    pub fn is_empty(&self) -> bool {
        self.0.values().all(BTreeMap::is_empty)
    }

    /// The file's text: a header saying what it is, then the records, one key per line
    /// (so that two reviewers signing different sections merge without conflict).
    /// Strings are written double-quoted, as JSON writes them: valid YAML whatever a
    /// name holds.
    pub fn to_yaml(&self) -> String {
        let mut out = String::from(HEADER);
        if self.is_empty() {
            out.push_str("{}\n");
            return out;
        }
        let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
        // Language codes and slugs are written bare, as drafters write them elsewhere;
        // anything YAML could read otherwise (a number, `null`, punctuation) is quoted.
        let key = |s: &str| {
            let plain = s.starts_with(|c: char| c.is_ascii_lowercase())
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !matches!(s, "null" | "true" | "false" | "yes" | "no" | "on" | "off");
            if plain { s.to_string() } else { quote(s) }
        };
        for (lang, sections) in &self.0 {
            if sections.is_empty() {
                continue;
            }
            out.push_str(&format!("{}:\n", key(lang)));
            for (domain, s) in sections {
                out.push_str(&format!("  {}:\n", key(domain)));
                out.push_str(&format!("    by: {}\n", quote(&s.by)));
                out.push_str(&format!("    date: {}\n", quote(&s.date)));
                out.push_str(&format!("    edition: {}\n", s.edition));
                out.push_str(&format!("    commit: {}\n", quote(&s.commit)));
                out.push_str(&format!("    fingerprint: {}\n", quote(&s.fingerprint)));
            }
        }
        out
    }
}

/// The comment at the top of `drafts/signoffs.yaml`.
pub const HEADER: &str = "# yaml-language-server: $schema=../schemas/signoffs.schema.json\n\
# Sign-offs of this edition's sections, per language and domain: who approved what, at\n\
# which commit. Written by `rapporteur sign-off`; `rapporteur edition next` empties it.\n";

/// The fingerprint of a section as a sign-off records it: its paragraphs (each
/// whitespace-normalised, one per line) and its proposals (sorted, without repeats).
/// Re-wrapping a paragraph or reordering the proposal list changes nothing; a changed
/// word, an added or removed paragraph or proposal does.
pub fn section_fingerprint<'a>(
    paragraphs: impl IntoIterator<Item = &'a str>,
    proposals: &[String],
) -> String {
    let mut text = String::new();
    for paragraph in paragraphs {
        text.push_str(&normalise(paragraph));
        text.push('\n');
    }
    let mut ids: Vec<&str> = proposals.iter().map(String::as_str).collect();
    ids.sort_unstable();
    ids.dedup();
    text.push_str("proposals:");
    for id in ids {
        text.push(' ');
        text.push_str(id);
    }
    of_normalised(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_sees_words_and_proposals_not_layout() {
        let ids = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let a = section_fingerprint(["Un  texte\nici.", "Deux."], &ids(&["2017-02", "2017-01"]));
        assert_eq!(
            a,
            section_fingerprint(["Un texte ici.", "Deux."], &ids(&["2017-01", "2017-02"]))
        );
        assert_ne!(
            a,
            section_fingerprint(["Un texte ici.", "Deux !"], &ids(&["2017-01", "2017-02"]))
        );
        assert_ne!(
            a,
            section_fingerprint(["Un texte ici. Deux."], &ids(&["2017-01", "2017-02"]))
        );
        assert_ne!(
            a,
            section_fingerprint(["Un texte ici.", "Deux."], &ids(&["2017-01"]))
        );
    }

    #[test]
    fn yaml_round_trip() {
        let mut signoffs = SignOffs::default();
        assert!(signoffs.to_yaml().ends_with("{}\n"));
        signoffs.insert(
            "fr",
            "resilience",
            SignOff {
                by: "Jeanne « JD » D'Arc: \"relectrice\"".into(),
                date: "2026-03-02".into(),
                edition: 12,
                commit: "0123456789abcdef0123456789abcdef01234567".into(),
                fingerprint: "0123456789abcdef".into(),
            },
        );
        let mut odd = signoffs.0["fr"]["resilience"].clone();
        odd.edition = 13;
        signoffs.insert("n", "2017", odd.clone());
        signoffs.insert("no", "null", odd);
        let text = signoffs.to_yaml();
        assert!(text.contains("\nfr:\n  resilience:\n"), "{text}");
        let back: SignOffs = serde_saphyr::from_str(&text).expect(&text);
        assert_eq!(back, signoffs);
    }
}
