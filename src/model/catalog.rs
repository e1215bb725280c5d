//! The catalog: what makes a report valid. `schemas/domains.yaml` (the sections a report
//! must have, in order), `schemas/proposals.yaml` (the proposals it reports on) and
//! `schemas/terminology.yaml` (the termbase). A different report is a different catalog,
//! not a code change.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Lang;

/// The whole catalog, as loaded from `schemas/`.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub domains: DomainCatalog,
    pub proposals: ProposalRegistry,
    pub terms: Termbase,
}

impl Catalog {
    /// The domain with this slug, if the catalog has it.
    pub fn domain(&self, slug: &str) -> Option<&Domain> {
        self.domains.domains.iter().find(|d| d.slug == slug)
    }

    /// Position of a domain in report order (0 = first).
    pub fn domain_index(&self, slug: &str) -> Option<usize> {
        self.domains.domains.iter().position(|d| d.slug == slug)
    }

    /// The proposal with this id, if the registry has it.
    pub fn proposal(&self, id: &str) -> Option<&Proposal> {
        self.proposals.proposals.iter().find(|p| p.id == id)
    }
}

/// `schemas/domains.yaml`: the sections of the report, in report order, and the areas of
/// cooperation they cover.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DomainCatalog {
    /// Areas of cooperation, as the founding texts name them. Domains and proposals refer
    /// to them by slug.
    #[serde(default)]
    pub areas: Vec<Area>,
    /// The sections of the report, in the order they are printed. Each needs a section
    /// file in every language of the edition.
    pub domains: Vec<Domain>,
}

/// An area of cooperation.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Stable identifier, lower-case words joined by hyphens.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub slug: String,
    /// The area's name per language.
    #[serde(default)]
    pub name: BTreeMap<Lang, String>,
}

/// One section of the report.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// Stable identifier used in section files (`domain: resilience`); lower-case words
    /// joined by hyphens. Never change it: the year-over-year diff matches sections by it.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub slug: String,
    /// Whether the section is printed under a heading. The introduction and the closing
    /// paragraph are sections without one.
    #[serde(default = "default_true")]
    pub heading: bool,
    /// The heading per language, exactly as printed.
    pub title: BTreeMap<Lang, String>,
    /// Languages whose title is our own translation, not an official one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unofficial_titles: Vec<Lang>,
    /// Slugs of the areas of cooperation this section reports on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
}

fn default_true() -> bool {
    true
}

/// `schemas/proposals.yaml`: the registry of common proposals.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalRegistry {
    /// The sets of proposals, as endorsed.
    pub sets: Vec<ProposalSet>,
    /// Every proposal, in set and number order.
    pub proposals: Vec<Proposal>,
}

/// A set of proposals endorsed together.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalSet {
    /// Identifier of the set, used as the prefix of its proposals' ids (`2016`).
    pub id: String,
    /// Date the Councils endorsed the set (YYYY-MM-DD).
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub endorsed: String,
    /// How many proposals the set has.
    pub count: u32,
    /// Where the set's count and date come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One common proposal.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// Identifier: the set, a hyphen and the two-digit number (`2017-06`).
    #[schemars(regex(pattern = r"^\d{4}-\d{2}$"))]
    pub id: String,
    /// The set it belongs to.
    pub set: String,
    /// Its number within the set.
    pub number: u32,
    /// Slug of its area of cooperation, where a source gives it. Left out when unknown:
    /// never guess it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// Its text (or the opening of it) per language, where a source gives it. Left out
    /// when unknown: never invent one.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub title: BTreeMap<Lang, String>,
    /// Where the area and title come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Anything a reader of the registry should know (how the number was assigned, gaps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `schemas/terminology.yaml`: the termbase, per language.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Termbase {
    /// The terms of each language, keyed by language code.
    pub languages: BTreeMap<Lang, LanguageTerms>,
}

/// The termbase of one language.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageTerms {
    /// Acronyms with their expansion, sorted by acronym.
    #[serde(default)]
    pub acronyms: Vec<Acronym>,
    /// Preferred terms and the variants to avoid, sorted by preferred term.
    #[serde(default)]
    pub terms: Vec<PreferredTerm>,
    /// Names written in capitals that are not acronyms (operations, exercises,
    /// programmes), sorted. A name of several words (`BraveTech EU`) allows its words
    /// there only: a bare `EU` elsewhere in French text is still another language's.
    #[serde(default)]
    pub names: Vec<String>,
    /// Known flaws of the published text kept as printed (a probable typo, a wrong
    /// agreement), sorted by text. Each occurrence is reported as a warning
    /// (`doubtful-wording`) so that it stays visible until the drafters settle it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doubtful: Vec<DoubtfulWording>,
    /// Articles an expansion may start with, written as they join the next word (`la `,
    /// `l'`, `the `): « l'Agence européenne de défense (AED) » spells out the AED as well
    /// as « Agence européenne de défense (AED) ». Sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<String>,
    /// Short words an acronym's letters skip (`de`, `du`, `of`): they let rapporteur find
    /// an expansion the termbase does not give by the initials of its other words
    /// (« produit intérieur brut (PIB) »). Sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub link_words: Vec<String>,
}

/// A wording to review wherever it occurs.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DoubtfulWording {
    /// The words as written, matched whole and case-sensitively (`au titre du FEP`).
    pub text: String,
    /// What is wrong with it and what to write instead; shown with each occurrence.
    pub note: String,
}

/// An acronym and how it is spelled out.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acronym {
    /// The acronym as written (`AED`).
    pub acronym: String,
    /// Its expansion as the report spells it out at first use. Left out for acronyms the
    /// report never expands (`PIB`, `G7`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expansion: Option<String>,
    /// Other accepted forms of the expansion: plural, feminine (`Agences européennes de
    /// défense`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<String>,
    /// The acronym stands for different things in the text (two missions with one
    /// acronym). Each use is reported as a warning (`ambiguous-acronym`): say which one
    /// is meant.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ambiguous: bool,
    /// The acronym in other languages (`en: EDA`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<Lang, String>,
    /// Why the entry is as it is, or what is doubtful about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A preferred term and the variants drafters must not use.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferredTerm {
    /// The form to use (`Kyïv`).
    pub preferred: String,
    /// Forms to replace by the preferred one (`Kiev`, `Kyiv`).
    pub variants: Vec<String>,
    /// Why this form is preferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
