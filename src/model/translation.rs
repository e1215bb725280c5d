//! The translation record a translated section keeps in its front matter: which commit of
//! the source language it was translated from, and one fingerprint per paragraph of the
//! source text it translates. `rapporteur translate` and `xliff import` write it; the F
//! rules and the L rules read it to say which paragraphs are behind.
//!
//! It lives in the section's own front matter rather than in a file beside it, so that a
//! translation and the record of what it translates are one file: they are committed,
//! renamed, merged and written (atomically, in one rename) together, and the schema that
//! checks the rest of the front matter checks the record too.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

use super::fingerprint;

/// What this translation was made from. Written by `rapporteur translate start`,
/// `translate accept`, `translate init` and `xliff import`; there is no need to edit it by
/// hand.
///
/// In the file, `paragraphs` lists the source paragraphs in their order: a fingerprint
/// for each one this section translates, and `- untranslated: FINGERPRINT` for each one
/// it does not translate yet (a language opened by `translate start` starts with every
/// paragraph so). In memory the two are kept apart, so that `paragraphs[i]` is what the
/// section's paragraph `i` translates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RecordFile", into = "RecordFile")]
pub struct TranslationRecord {
    /// The git commit holding the source-language text this translation was last brought
    /// in step with. `rapporteur translate diff` reads the old source text from it.
    pub commit: CommitId,
    /// One fingerprint per paragraph of this translation, in order: the fingerprint of the
    /// source paragraph it translates, as it was when translated. A paragraph whose source
    /// fingerprint has changed since is behind.
    pub paragraphs: Vec<Fingerprint>,
    /// The source paragraphs not translated yet, as they were when recorded: each with the
    /// number of translated paragraphs before it (where its translation will go).
    pub untranslated: Vec<(usize, Fingerprint)>,
}

impl TranslationRecord {
    /// A record of translated paragraphs only.
    pub fn translated(commit: CommitId, paragraphs: Vec<Fingerprint>) -> Self {
        TranslationRecord {
            commit,
            paragraphs,
            untranslated: Vec::new(),
        }
    }

    /// Every recorded source paragraph in the source's order: its fingerprint, and the
    /// index of the paragraph of this section that translates it (`None`: untranslated).
    pub fn entries(&self) -> Vec<(&Fingerprint, Option<usize>)> {
        let mut out = Vec::with_capacity(self.paragraphs.len() + self.untranslated.len());
        let mut pending = self.untranslated.iter().peekable();
        for (i, fp) in self.paragraphs.iter().enumerate() {
            while let Some((_, u)) = pending.next_if(|(before, _)| *before <= i) {
                out.push((u, None));
            }
            out.push((fp, Some(i)));
        }
        out.extend(pending.map(|(_, u)| (u, None)));
        out
    }
}

/// What this translation was made from. Written by `rapporteur translate start`,
/// `translate accept`, `translate init` and `xliff import`; there is no need to edit it by
/// hand.
// (The record as written in the front matter: one list in the source's order.)
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "TranslationRecord")]
struct RecordFile {
    /// The git commit holding the source-language text this translation was last brought
    /// in step with. `rapporteur translate diff` reads the old source text from it.
    commit: CommitId,
    /// The source paragraphs, in order: the fingerprint of each one this section
    /// translates (one per paragraph of this section, as the source paragraph was when
    /// translated), and `untranslated: FINGERPRINT` for each one not translated yet.
    paragraphs: Vec<RecordEntry>,
}

/// One recorded source paragraph.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
enum RecordEntry {
    /// Translated by the next paragraph of this section.
    Translated(Fingerprint),
    /// Not translated yet.
    Untranslated(UntranslatedEntry),
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct UntranslatedEntry {
    /// The source paragraph's fingerprint.
    untranslated: Fingerprint,
}

impl From<RecordFile> for TranslationRecord {
    fn from(file: RecordFile) -> Self {
        let mut record = TranslationRecord::translated(file.commit, Vec::new());
        for entry in file.paragraphs {
            match entry {
                RecordEntry::Translated(fp) => record.paragraphs.push(fp),
                RecordEntry::Untranslated(u) => record
                    .untranslated
                    .push((record.paragraphs.len(), u.untranslated)),
            }
        }
        record
    }
}

impl From<TranslationRecord> for RecordFile {
    fn from(record: TranslationRecord) -> Self {
        let paragraphs = record
            .entries()
            .into_iter()
            .map(|(fp, translated)| match translated {
                Some(_) => RecordEntry::Translated(fp.clone()),
                None => RecordEntry::Untranslated(UntranslatedEntry {
                    untranslated: fp.clone(),
                }),
            })
            .collect();
        RecordFile {
            commit: record.commit,
            paragraphs,
        }
    }
}

impl JsonSchema for TranslationRecord {
    fn schema_name() -> Cow<'static, str> {
        RecordFile::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        RecordFile::json_schema(generator)
    }
}

/// A paragraph's fingerprint: 16 lower-case hexadecimal digits (see
/// `model::fingerprint`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Fingerprint(String);

impl Fingerprint {
    /// The fingerprint of a paragraph's text.
    pub fn of(text: &str) -> Self {
        Fingerprint(fingerprint::paragraph(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Fingerprint {
    type Error = String;

    fn try_from(value: String) -> Result<Self, String> {
        if fingerprint::is_fingerprint(&value) {
            Ok(Fingerprint(value))
        } else {
            Err(format!(
                "`{value}` is not a fingerprint (16 lower-case hexadecimal digits)"
            ))
        }
    }
}

impl From<Fingerprint> for String {
    fn from(value: Fingerprint) -> Self {
        value.0
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl JsonSchema for Fingerprint {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Fingerprint".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9a-f]{16}$",
            "description": "A source paragraph's fingerprint: the first 16 hexadecimal digits of `git hash-object` of its whitespace-normalised text."
        })
    }
}

/// A git commit id, in hexadecimal (7 to 64 digits; rapporteur writes the full id).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CommitId(String);

impl CommitId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first 7 digits, as `git log --oneline` shows a commit.
    pub fn short(&self) -> &str {
        &self.0[..self.0.len().min(7)]
    }
}

impl TryFrom<String> for CommitId {
    type Error = String;

    fn try_from(value: String) -> Result<Self, String> {
        let ok = (7..=64).contains(&value.len())
            && value
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if ok {
            Ok(CommitId(value))
        } else {
            Err(format!(
                "`{value}` is not a git commit id (7 to 64 lower-case hexadecimal digits)"
            ))
        }
    }
}

impl From<CommitId> for String {
    fn from(value: CommitId) -> Self {
        value.0
    }
}

impl std::fmt::Display for CommitId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl JsonSchema for CommitId {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "CommitId".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9a-f]{7,64}$",
            "description": "A git commit id in hexadecimal."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_values_deserialize() {
        let ok: Result<TranslationRecord, _> = serde_json::from_value(serde_json::json!({
            "commit": "0123456789abcdef0123456789abcdef01234567",
            "paragraphs": ["95d09f2b10159347"]
        }));
        assert_eq!(ok.unwrap().paragraphs[0], Fingerprint::of("hello  world"));
        for bad in [
            serde_json::json!({"commit": "HEAD", "paragraphs": []}),
            serde_json::json!({"commit": "0123456", "paragraphs": ["95D09F2B10159347"]}),
            serde_json::json!({"commit": "0123456", "paragraphs": ["95d09f2b"]}),
            serde_json::json!({"commit": "0123456", "paragraphs": [], "by": "me"}),
        ] {
            assert!(
                serde_json::from_value::<TranslationRecord>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }
}
