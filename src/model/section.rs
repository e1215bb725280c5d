//! A section file's front matter: the YAML between the `---` lines at the top of
//! `drafts/<lang>/NN-slug.md`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a section is about and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The section's domain, a slug from `schemas/domains.yaml` (`resilience`). It, not
    /// the file name, says which section this is.
    pub domain: String,
    /// The proposals this section reports on, ids from `schemas/proposals.yaml`
    /// (`2017-06`).
    #[serde(default)]
    pub proposals: Vec<String>,
    /// Where the section stands: `draft` while it is written, `review` when it is ready to
    /// be read, `final` when it is agreed.
    pub status: Status,
    /// In a translated section (a language other than `source:` in drafts/report.yaml):
    /// what it was translated from. `rapporteur translate` and `xliff import` write it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translated_from: Option<super::TranslationRecord>,
}

/// Progress of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Being written.
    Draft,
    /// Ready to be read by reviewers.
    Review,
    /// Agreed; changes need a new review.
    Final,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Review => "review",
            Status::Final => "final",
        }
    }
}
