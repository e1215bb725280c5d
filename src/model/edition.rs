//! `drafts/report.yaml`: the edition being drafted.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Lang;

/// Edition metadata: which edition this is, the period it covers, its languages and the
/// proposals it does not report on.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditionMeta {
    /// The edition's number in the series (11 for the eleventh report). The title's
    /// ordinal ("Onzième", "Eleventh") is made from it.
    #[schemars(range(min = 1))]
    pub number: u32,
    /// The months the edition reports on.
    pub period: Period,
    /// The report's title per language, without the ordinal that starts it
    /// ("rapport d'étape sur …").
    pub title: BTreeMap<Lang, String>,
    /// The languages the edition is written in; each has a folder `drafts/<lang>/`.
    #[schemars(length(min = 1))]
    pub languages: Vec<Lang>,
    /// The git revision (usually a tag such as `edition-10`) of the previous edition, the
    /// default left side of `rapporteur diff`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// Proposals this edition does not report on, each with the reason. A waived proposal
    /// is reported as such, never silently.
    #[serde(default)]
    pub waivers: BTreeMap<String, String>,
}

/// A span of months, both ends included.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First month covered (YYYY-MM).
    #[schemars(regex(pattern = r"^\d{4}-(0[1-9]|1[0-2])$"))]
    pub start: String,
    /// Last month covered (YYYY-MM).
    #[schemars(regex(pattern = r"^\d{4}-(0[1-9]|1[0-2])$"))]
    pub end: String,
}
