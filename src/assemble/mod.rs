//! `rapporteur build`: the release document, assembled from `templates/` with minijinja.
//! The loaded edition becomes a [`ReportModel`] (what templates see, and what
//! `--format json` prints); templates render it per language.

pub mod lang;
pub mod pandoc;
pub mod pdf;
pub mod templates;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::load::Edition;
use crate::markdown::without_controls;

/// The report as templates see it, in one language.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ReportModel {
    /// The language of this rendering.
    pub lang: String,
    pub edition: EditionView,
    /// Sections in catalog order.
    pub sections: Vec<SectionView>,
    /// Every proposal of the registry, with the sections reporting on it.
    pub proposals: Vec<ProposalView>,
}

/// The edition metadata, in one language.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EditionView {
    pub number: u32,
    /// The title without its ordinal.
    pub title: String,
    /// First and last month covered (YYYY-MM).
    pub period_start: String,
    pub period_end: String,
    pub languages: Vec<String>,
    /// The day the document was built (YYYY-MM-DD), only when the environment variable
    /// `SOURCE_DATE_EPOCH` sets it: builds are reproducible, so no clock is read.
    pub build_date: Option<String>,
}

/// One section, in one language.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SectionView {
    pub slug: String,
    /// The catalog's heading in this language.
    pub title: String,
    /// Whether the heading is printed.
    pub heading: bool,
    pub status: String,
    pub proposals: Vec<String>,
    /// Paragraphs, in the inline markup of section files.
    pub paragraphs: Vec<String>,
}

/// One proposal, for the annex.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ProposalView {
    pub id: String,
    pub set: String,
    pub number: u32,
    pub area: Option<String>,
    /// The name of its area in this language, when known.
    pub area_name: Option<String>,
    /// Its text in this language, when the registry has it.
    pub title: Option<String>,
    /// The sections reporting on it, in report order.
    pub sections: Vec<SectionRef>,
    /// The reason it is waived for this edition, if it is.
    pub waived: Option<String>,
}

/// A section named in the annex.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SectionRef {
    pub slug: String,
    /// The catalog's heading in this language.
    pub title: String,
}

/// Builds the model of one language of the edition. Sections come in catalog order; a
/// section file whose domain is not in the catalog is left out (`check` reports it).
pub fn report_model(edition: &Edition, lang: &str) -> Result<ReportModel> {
    let meta = &edition.meta.value;
    if !meta.languages.iter().any(|l| l == lang) {
        return Err(Error::Usage(format!(
            "the edition has no language `{lang}`; drafts/report.yaml lists: {}",
            meta.languages.join(", ")
        )));
    }
    let catalog = &edition.catalog;
    // The first section of each domain, found in one pass (not one pass per domain).
    let mut by_domain: std::collections::HashMap<&str, (&crate::load::Section, _)> =
        std::collections::HashMap::new();
    for s in edition.sections_in(lang) {
        if let Some(f) = s.front_matter() {
            by_domain.entry(f.domain.as_str()).or_insert((s, f));
        }
    }
    let mut sections = Vec::new();
    for domain in &catalog.domains.domains {
        let Some(&(section, front)) = by_domain.get(domain.slug.as_str()) else {
            continue;
        };
        sections.push(SectionView {
            slug: domain.slug.clone(),
            title: domain
                .title
                .get(lang)
                .cloned()
                .unwrap_or_else(|| domain.slug.clone()),
            heading: domain.heading,
            status: front.status.as_str().to_string(),
            proposals: front.proposals.clone(),
            // Control characters never reach a document (B003 reports them).
            paragraphs: section
                .paragraph_texts()
                .map(|p| without_controls(p).into_owned())
                .collect(),
        });
    }
    let mut reporting: BTreeMap<&str, Vec<SectionRef>> = BTreeMap::new();
    for s in &sections {
        for id in &s.proposals {
            let refs = reporting.entry(id.as_str()).or_default();
            // Sections come one after the other: a repeat of this one is the last entry.
            if refs.last().is_none_or(|r| r.slug != s.slug) {
                refs.push(SectionRef {
                    slug: s.slug.clone(),
                    title: s.title.clone(),
                });
            }
        }
    }
    let proposals = catalog
        .proposals
        .proposals
        .iter()
        .map(|p| ProposalView {
            id: p.id.clone(),
            set: p.set.clone(),
            number: p.number,
            area: p.area.clone(),
            area_name: p.area.as_ref().and_then(|slug| {
                catalog
                    .domains
                    .areas
                    .iter()
                    .find(|a| &a.slug == slug)
                    .and_then(|a| a.name.get(lang).cloned())
            }),
            title: p.title.get(lang).cloned(),
            sections: reporting.get(p.id.as_str()).cloned().unwrap_or_default(),
            waived: meta.waivers.get(&p.id).cloned(),
        })
        .collect();
    Ok(ReportModel {
        lang: lang.to_string(),
        edition: EditionView {
            number: meta.number,
            title: meta
                .title
                .get(lang)
                .map(|t| without_controls(t).into_owned())
                .unwrap_or_default(),
            period_start: meta.period.start.clone(),
            period_end: meta.period.end.clone(),
            languages: meta.languages.clone(),
            build_date: lang::source_date()?,
        },
        sections,
        proposals,
    })
}
