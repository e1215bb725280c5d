//! `drafts/reviews/*.yaml`: one file per Word file taken back with `rapporteur review
//! import` — what the reviewer proposed, what was applied to the section files, what was
//! not (conflicts, with every version), and the reviewer's comments as threads that the
//! secretariat resolves (`rapporteur review resolve`). Nothing a reviewer wrote is lost:
//! it is here even when it could not be applied.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One imported review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Who reviewed (`--by`): a person, a delegation, a service.
    #[schemars(length(min = 1))]
    pub by: String,
    /// The name of the Word file imported.
    pub file: String,
    /// The day of the import (YYYY-MM-DD).
    #[schemars(regex(pattern = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"))]
    pub imported: String,
    /// The git commit the Word file was built from: its text is what the reviewer saw.
    #[schemars(regex(pattern = r"^[0-9a-f]{40}$"))]
    pub commit: String,
    /// The language of the Word file.
    pub lang: String,
    /// Changes applied to the section files, paragraph by paragraph.
    #[serde(default)]
    pub applied: Vec<Change>,
    /// Changes not applied: the paragraph changed in the repository since the file was
    /// built, or the change is outside the section text (cover, headings, annex). Take
    /// them over by hand, or drop them, then remove them from this list.
    #[serde(default)]
    pub conflicts: Vec<Change>,
    /// The reviewer's comments, each with its replies.
    #[serde(default)]
    pub threads: Vec<Thread>,
}

/// A reviewer's change to one paragraph (or to a place outside the sections).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The section (domain slug); none outside the sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The fingerprint of the paragraph as the file was built; none for paragraphs added
    /// at the start of a section, and outside the sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9a-f]{16}$"))]
    pub paragraph: Option<String>,
    /// `changed`, `added` (new paragraphs), `deleted`, or `outside` (not section text).
    pub kind: ChangeKind,
    /// Whether the reviewer made it with Track Changes on. `false`: found by comparing
    /// the file with the text it was built from.
    pub tracked: bool,
    /// The paragraph as the file was built from it (section markup).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub built: Option<String>,
    /// What the reviewer proposes instead: one entry per paragraph (none for a
    /// deletion).
    #[serde(default)]
    pub proposed: Vec<String>,
    /// For a conflict: the paragraph as the repository has it now (none when it is no
    /// longer there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// For a conflict: why it was not applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What a change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    Changed,
    Added,
    Deleted,
    Outside,
}

/// A comment and its replies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Thread {
    /// The thread's number in this file: `review resolve FILE/N` names it (`FILE` is
    /// this file's name without `.yaml`).
    #[schemars(range(min = 1))]
    pub id: u32,
    /// Who wrote the comment, as Word recorded it.
    pub author: String,
    /// When, as Word recorded it (ISO 8601), when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The section it is about (domain slug); none outside the sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The fingerprint of the paragraph it is anchored to, as the file was built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9a-f]{16}$"))]
    pub paragraph: Option<String>,
    /// The text the comment is anchored to.
    #[serde(default)]
    pub anchor: String,
    /// The comment.
    pub text: String,
    #[serde(default)]
    pub replies: Vec<Reply>,
    /// `open` until someone settles it (`rapporteur review resolve`), then `resolved`.
    pub state: ThreadState,
    /// How it was settled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
}

/// A reply to a comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    pub author: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub text: String,
}

/// Whether a thread still needs an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ThreadState {
    Open,
    Resolved,
}

/// How a thread was settled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// The day (YYYY-MM-DD).
    pub date: String,
    /// What was done, when said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The comment at the top of each review file.
pub const HEADER: &str = "# yaml-language-server: $schema=../../schemas/review.schema.json\n\
# A reviewer's Word file taken back by `rapporteur review import`: changes applied, conflicts\n\
# (not applied; every version kept), and comment threads (`rapporteur review list`,\n\
# `rapporteur review resolve ID`).\n";

impl Review {
    /// The file's text: the header, then block YAML with every string double-quoted as
    /// JSON writes it (valid YAML whatever a reviewer typed), one key per line.
    pub fn to_yaml(&self) -> String {
        let mut out = String::from(HEADER);
        let value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        emit(&value, 0, &mut out);
        out
    }
}

/// Block YAML of a JSON value (objects of scalars, lists and objects).
fn emit(value: &serde_json::Value, indent: usize, out: &mut String) {
    use serde_json::Value;
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match v {
                    Value::Array(items) if !items.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        emit(v, indent + 2, out);
                    }
                    Value::Object(inner) if !inner.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        emit(v, indent + 2, out);
                    }
                    _ => out.push_str(&format!("{pad}{key}: {}\n", scalar(v))),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Object(map) if !map.is_empty() => {
                        let mut inner = String::new();
                        emit(item, indent + 2, &mut inner);
                        // The first key goes on the dash's line.
                        out.push_str(&pad);
                        out.push_str("- ");
                        out.push_str(&inner[indent + 2..]);
                    }
                    _ => out.push_str(&format!("{pad}- {}\n", scalar(item))),
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other))),
    }
}

fn scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Array(_) => "[]".into(),
        serde_json::Value::Object(_) => "{}".into(),
        other => serde_json::to_string(other).unwrap_or_else(|_| "null".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_round_trip() {
        let review = Review {
            by: "Délégation « FR »: \"x\"\nsecond line".into(),
            file: "rapport relu.docx".into(),
            imported: "2026-12-07".into(),
            commit: "0123456789abcdef0123456789abcdef01234567".into(),
            lang: "fr".into(),
            applied: vec![Change {
                domain: Some("cyber".into()),
                paragraph: Some("0123456789abcdef".into()),
                kind: ChangeKind::Changed,
                tracked: true,
                built: Some("Un *texte*.".into()),
                proposed: vec!["Un texte.".into(), "# pas un titre".into()],
                current: None,
                reason: None,
            }],
            conflicts: vec![],
            threads: vec![Thread {
                id: 1,
                author: "null".into(),
                date: None,
                domain: None,
                paragraph: None,
                anchor: String::new(),
                text: "- yes: no".into(),
                replies: vec![Reply {
                    author: "B".into(),
                    date: Some("2026-12-07T10:00:00Z".into()),
                    text: "ok".into(),
                }],
                state: ThreadState::Open,
                resolution: None,
            }],
        };
        let text = review.to_yaml();
        assert!(
            text.contains("\napplied:\n  - domain: \"cyber\"\n"),
            "{text}"
        );
        let back: Review = serde_saphyr::from_str(&text).expect(&text);
        assert_eq!(back, review);
    }
}
