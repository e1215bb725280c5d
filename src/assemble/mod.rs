//! `rapporteur build`: the release document, assembled from `templates/` with minijinja.
//! The loaded edition becomes a [`ReportModel`] (what templates see, and what
//! `--format json` prints); templates render it per language.

pub mod docx;
pub mod pandoc;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod templates;
pub mod typst_text;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::check::Diagnostic;
use crate::error::{Error, Result};
use crate::load::Edition;
use crate::markdown::without_controls;
use crate::model::{ProposalSet, Status};

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
    /// The annex of proposals, set by set: one row per proposal, except that a run of
    /// consecutive proposals that no section reports on and whose rows would read the same
    /// (same reason, no text of their own) is one row, `2016-01` to `2016-42`.
    pub annex: Vec<AnnexSet>,
    /// The findings at error level a `build --draft` went past (the "open points" annex);
    /// empty otherwise.
    pub open_points: Vec<OpenPoint>,
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
    /// The document's date (YYYY-MM-DD): `date:` in drafts/report.yaml, else the day of
    /// `SOURCE_DATE_EPOCH` when that is set, else none (builds are reproducible: no clock
    /// is read).
    pub date: Option<String>,
    /// Who issues the report, in this language (`issuers:` in drafts/report.yaml).
    pub issuers: Vec<String>,
    /// Whether this is a draft: some section of this language is not `final`, or the
    /// build was asked for one (`build --draft`). Every output says so.
    pub draft: bool,
    /// Whether section headings are numbered (`numbering:` in drafts/report.yaml).
    pub numbering: bool,
}

/// One section, in one language.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SectionView {
    pub slug: String,
    /// The catalog's heading in this language.
    pub title: String,
    /// Whether the heading is printed.
    pub heading: bool,
    /// The heading's number (1, 2, …) when headings are numbered; none for a section
    /// without heading.
    pub number: Option<u32>,
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
    /// Its text: in this language when the registry has it, else in another language
    /// (named by `title_lang`).
    pub title: Option<String>,
    /// The language of `title` when it is not the document's (`en` in a French report).
    pub title_lang: Option<String>,
    /// The sections reporting on it, in report order.
    pub sections: Vec<SectionRef>,
    /// Whether it is waived for this edition.
    pub waived: bool,
    /// Why it is waived, in this language, when drafts/report.yaml gives the reason in it.
    pub reason: Option<String>,
}

/// The proposals of one set, as the annex lists them.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AnnexSet {
    /// The set's id (`2016`).
    pub set: String,
    /// The day its proposals were endorsed (YYYY-MM-DD), when the registry has the set.
    pub endorsed: Option<String>,
    pub rows: Vec<AnnexRow>,
}

/// One row of the annex: a proposal, or a run of proposals that read the same.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AnnexRow {
    /// The proposal's id, or the first of the run.
    pub first: String,
    /// The last id of the run; none for a single proposal.
    pub last: Option<String>,
    /// How many proposals the row stands for.
    pub count: usize,
    pub area_name: Option<String>,
    pub title: Option<String>,
    pub title_lang: Option<String>,
    pub sections: Vec<SectionRef>,
    pub waived: bool,
    pub reason: Option<String>,
}

/// A section named in the annex.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SectionRef {
    pub slug: String,
    /// The catalog's heading in this language.
    pub title: String,
}

/// A finding at error level that a `build --draft` went past.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OpenPoint {
    /// The rule's code (`P001`).
    pub code: String,
    /// The section it is in (its heading in this language), when it is in a section file.
    pub section: Option<String>,
    /// The file (relative to the repository) and line.
    pub path: String,
    pub line: usize,
    /// What `check` says.
    pub message: String,
    /// The language of `message`: rapporteur's messages are in English.
    pub message_lang: String,
}

/// The language rapporteur's own messages are written in.
const MESSAGE_LANG: &str = "en";

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
    let mut numbered = 0;
    for domain in &catalog.domains.domains {
        let Some(&(section, front)) = by_domain.get(domain.slug.as_str()) else {
            continue;
        };
        let number = (domain.heading && meta.numbering).then(|| {
            numbered += 1;
            numbered
        });
        sections.push(SectionView {
            slug: domain.slug.clone(),
            title: domain
                .title
                .get(lang)
                .cloned()
                .unwrap_or_else(|| domain.slug.clone()),
            heading: domain.heading,
            number,
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
    let first = meta.first_language();
    let proposals: Vec<ProposalView> = catalog
        .proposals
        .proposals
        .iter()
        .map(|p| {
            let (title, title_lang) = match p.title.get(lang) {
                Some(title) => (Some(title.clone()), None),
                None => title_in_other_language(&p.title, &meta.languages),
            };
            let waiver = meta.waivers.get(&p.id);
            ProposalView {
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
                title,
                title_lang,
                sections: reporting.get(p.id.as_str()).cloned().unwrap_or_default(),
                waived: waiver.is_some(),
                reason: waiver
                    .and_then(|w| w.reason(lang, first))
                    .map(str::to_string),
            }
        })
        .collect();
    let annex = annex_sets(&proposals, &catalog.proposals.sets);
    let draft = sections.iter().any(|s| s.status != Status::Final.as_str());
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
            date: match &meta.date {
                Some(date) => Some(date.clone()),
                None => crate::lang::source_date()?,
            },
            issuers: meta.issuers.get(lang).cloned().unwrap_or_default(),
            draft,
            numbering: meta.numbering,
        },
        sections,
        proposals,
        annex,
        open_points: Vec::new(),
    })
}

impl ReportModel {
    /// Makes this a draft for circulation (`build --draft`): marked as a draft, with the
    /// findings at error level it was built despite listed as open points.
    pub fn mark_draft(&mut self, edition: &Edition, open: &[Diagnostic]) {
        self.edition.draft = true;
        self.open_points = open
            .iter()
            .map(|d| OpenPoint {
                code: d.code.to_string(),
                section: edition
                    .sections
                    .iter()
                    .find(|s| s.file.path == d.path)
                    .and_then(|s| s.domain())
                    .and_then(|slug| self.sections.iter().find(|v| v.slug == slug))
                    .map(|v| v.title.clone()),
                path: d.path.clone(),
                line: d.line,
                message: d.message.clone(),
                message_lang: MESSAGE_LANG.to_string(),
            })
            .collect();
    }
}

/// The title of a proposal known only in other languages: the first of the edition's
/// languages that has it, else the first there is.
fn title_in_other_language(
    titles: &BTreeMap<String, String>,
    languages: &[String],
) -> (Option<String>, Option<String>) {
    languages
        .iter()
        .find_map(|l| titles.get(l).map(|t| (l, t)))
        .or_else(|| titles.iter().next())
        .map_or((None, None), |(l, t)| (Some(t.clone()), Some(l.clone())))
}

/// Groups the proposals by set (in registry order) and collapses each run of consecutive
/// proposals that no section reports on and whose rows would read the same.
fn annex_sets(proposals: &[ProposalView], sets: &[ProposalSet]) -> Vec<AnnexSet> {
    let mut out: Vec<AnnexSet> = Vec::new();
    let mut previous_number: u32 = 0;
    for p in proposals {
        if out.last().is_none_or(|s| s.set != p.set) {
            out.push(AnnexSet {
                set: p.set.clone(),
                endorsed: sets
                    .iter()
                    .find(|s| s.id == p.set)
                    .map(|s| s.endorsed.clone()),
                rows: Vec::new(),
            });
        }
        let Some(set) = out.last_mut() else {
            continue;
        };
        let row = AnnexRow {
            first: p.id.clone(),
            last: None,
            count: 1,
            area_name: p.area_name.clone(),
            title: p.title.clone(),
            title_lang: p.title_lang.clone(),
            sections: p.sections.clone(),
            waived: p.waived,
            reason: p.reason.clone(),
        };
        match set.rows.last_mut() {
            Some(last)
                if previous_number.checked_add(1) == Some(p.number)
                    && last.sections.is_empty()
                    && row.sections.is_empty()
                    && last.title.is_none()
                    && row.title.is_none()
                    && (&last.area_name, last.waived, &last.reason)
                        == (&row.area_name, row.waived, &row.reason) =>
            {
                last.last = Some(row.first);
                last.count += 1;
            }
            _ => set.rows.push(row),
        }
        previous_number = p.number;
    }
    out
}
