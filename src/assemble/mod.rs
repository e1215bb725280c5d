//! `rapporteur build`: the release document, assembled from `templates/` with minijinja.
//! The loaded edition becomes a [`ReportModel`] (what templates see, and what
//! `--format json` prints); templates render it per language.

pub mod docx;
pub mod identity;
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
use crate::lang::labels::{Label, Labels};
use crate::load::Edition;
use crate::markdown::{without_comments, without_controls};
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
    /// The release blockers a `build --draft` went past (the "open points" annex: see
    /// `check::gate`), those of this language and of the whole edition; empty otherwise.
    pub open_points: Vec<OpenPoint>,
    /// What identifies a draft for circulation (its version and date, for its cover); none
    /// for a release.
    pub circulation: Option<Circulation>,
}

/// The version and date of a draft for circulation, so that readers know which text
/// they comment on.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Circulation {
    /// The commit it was built from (abbreviated), when the workspace is in git.
    pub commit: Option<String>,
    /// Whether files of the edition (drafts/, schemas/, templates/) differed from that
    /// commit when it was built.
    pub uncommitted: bool,
    /// Its date (YYYY-MM-DD): `SOURCE_DATE_EPOCH`'s day when set, else the commit's day,
    /// else (uncommitted changes) the day it was built.
    pub date: String,
    /// The cover's version line, in this language (« Version 1a2b3c4d5e avec des
    /// modifications non validées »).
    pub version_line: String,
    /// The cover's date line, in this language (« Projet du 7 décembre 2026 »).
    pub date_line: String,
}

/// The edition metadata, in one language.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EditionView {
    pub number: u32,
    /// The title without its ordinal, its dates held together by no-break spaces
    /// (`le 5\u{a0}décembre\u{a0}2017`).
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
    /// The fingerprint of each paragraph of the section file (see `model::fingerprint`),
    /// in the same order: the Word file records them, so that `review import` finds
    /// the source paragraph of each paragraph a reviewer returns.
    pub fingerprints: Vec<String>,
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

/// A release blocker that a `build --draft` went past.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OpenPoint {
    /// The rule's code (`E001`; `R003` for a section not final).
    pub code: String,
    /// The section it is in (its heading in this language), when it is in a section file.
    pub section: Option<String>,
    /// The file (relative to the repository) and line.
    pub path: String,
    pub line: usize,
    /// The paragraph it is in (1 for the section's first), when it is in one.
    pub paragraph: Option<usize>,
    /// Where it is, in this language: the file, then the paragraph or else the line
    /// (`drafts/fr/03-resilience.md, paragraphe 2`).
    pub place: String,
    /// What `check` says, for a document (no Markdown).
    pub message: String,
    /// The language of `message`.
    pub message_lang: String,
}

impl OpenPoint {
    /// An open point at `path`, in its paragraph `paragraph` (1 for the first) or else at
    /// `line`, its place said in `labels`' language. The file name and the message reach
    /// the document escaped, on one line and bounded. The code and section are the
    /// caller's to set.
    pub fn new(
        labels: &Labels,
        path: &str,
        line: usize,
        paragraph: Option<usize>,
        message: &str,
        message_lang: String,
    ) -> OpenPoint {
        let path = crate::escape::one_line(path, 200).into_owned();
        let place = match paragraph {
            Some(n) => labels.fill(Label::OpenPointParagraph, &[("n", &n.to_string())]),
            None => labels.fill(Label::OpenPointLine, &[("line", &line.to_string())]),
        };
        OpenPoint {
            code: String::new(),
            section: None,
            place: format!("{path}, {place}"),
            path,
            line,
            paragraph,
            message: crate::escape::one_line(message, 400).into_owned(),
            message_lang,
        }
    }
}

/// A value of the catalog or the edition metadata as a document may show it: without
/// control characters and bidirectional overrides (B003 reports them).
fn clean(text: &str) -> String {
    without_controls(text).into_owned()
}

/// The most open points a draft lists; the last one then counts the rest. (Each rule
/// shows at most 100 findings per file already: this bounds the sum.)
pub const MAX_OPEN_POINTS: usize = 1000;

/// The text of a finding as a document shows it (an open point of a draft), and the
/// language of that text: the document's own where the rule's message is translated
/// (`src/lang/messages/`), with its quotes instead of Markdown backticks. The one place
/// where a finding becomes a document's words.
pub fn document_message(d: &Diagnostic, lang: &str) -> (String, String) {
    (d.message_in(lang), d.message_lang(lang).to_string())
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
                .map_or_else(|| domain.slug.clone(), |t| clean(t)),
            heading: domain.heading,
            number,
            status: front.status.as_str().to_string(),
            proposals: front.proposals.clone(),
            // Control characters never reach a document (B003 reports them), nor do
            // drafters' comments (those that start a line are in no paragraph).
            paragraphs: section
                .paragraph_texts()
                .map(|p| without_controls(&without_comments(p)).into_owned())
                .collect(),
            fingerprints: section
                .paragraph_texts()
                .map(crate::model::fingerprint::paragraph)
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
                Some(title) => (Some(clean(title)), None),
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
                        .and_then(|a| a.name.get(lang).map(|n| clean(n)))
                }),
                title,
                title_lang,
                sections: reporting.get(p.id.as_str()).cloned().unwrap_or_default(),
                waived: waiver.is_some(),
                reason: waiver.and_then(|w| w.reason(lang, first)).map(clean),
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
                .map(|t| crate::lang::tie_dates(&without_controls(t), lang))
                .unwrap_or_default(),
            period_start: meta.period.start.clone(),
            period_end: meta.period.end.clone(),
            languages: meta.languages.clone(),
            date: match &meta.date {
                Some(date) => Some(date.clone()),
                None => crate::lang::source_date()?,
            },
            issuers: meta
                .issuers
                .get(lang)
                .map(|issuers| issuers.iter().map(|i| clean(i)).collect())
                .unwrap_or_default(),
            draft,
            numbering: meta.numbering,
        },
        sections,
        proposals,
        annex,
        open_points: Vec::new(),
        circulation: None,
    })
}

impl ReportModel {
    /// Makes this a draft for circulation (`build --draft`): marked as a draft, with its
    /// version and date on the cover and the release blockers it was built despite
    /// (`check::release_blockers`) listed as open points.
    pub fn mark_draft(&mut self, edition: &Edition, open: &[Diagnostic], version: &DraftVersion) {
        let labels = Labels::of(&self.lang);
        self.edition.draft = true;
        self.open_points = open
            .iter()
            .take(MAX_OPEN_POINTS)
            .map(|d| {
                let section = edition.sections.iter().find(|s| s.file.path == d.path);
                let paragraph = section
                    .and_then(|s| s.paragraph_at(d.span.start))
                    .map(|p| p + 1);
                let (message, message_lang) = document_message(d, &self.lang);
                OpenPoint {
                    code: d.code.to_string(),
                    section: section
                        .and_then(|s| s.domain())
                        .and_then(|slug| self.sections.iter().find(|v| v.slug == slug))
                        .map(|v| v.title.clone()),
                    ..OpenPoint::new(&labels, &d.path, d.line, paragraph, &message, message_lang)
                }
            })
            .collect();
        // The last one listed, at the place of the first left out, counts the rest.
        if let (Some(first), Some(point)) = (open.get(MAX_OPEN_POINTS), self.open_points.last_mut())
        {
            let more = open.len() - MAX_OPEN_POINTS;
            let message = labels.fill(
                labels.count(more, Label::OpenPointsMoreOne, Label::OpenPointsMore),
                &[("n", &labels.number(more))],
            );
            *point = OpenPoint {
                code: first.code.to_string(),
                ..OpenPoint::new(
                    &labels,
                    &first.path,
                    first.line,
                    None,
                    &message,
                    labels.lang().to_string(),
                )
            };
        }
        let date =
            crate::lang::date(&version.date, &self.lang).unwrap_or_else(|_| version.date.clone());
        let version_line = match &version.commit {
            None => labels.get(Label::DraftNoVersion).to_string(),
            Some(commit) if version.uncommitted => {
                labels.fill(Label::DraftVersionUncommitted, &[("commit", commit)])
            }
            Some(commit) => labels.fill(Label::DraftVersion, &[("commit", commit)]),
        };
        self.circulation = Some(Circulation {
            commit: version.commit.clone(),
            uncommitted: version.uncommitted,
            date: version.date.clone(),
            version_line,
            date_line: labels.fill(Label::DraftDate, &[("date", &date)]),
        });
    }
}

/// Which text a draft is: the commit, whether the work tree had uncommitted changes,
/// and the day (see [`Circulation`]). `cli/` finds it in git.
#[derive(Debug, Clone, Default)]
pub struct DraftVersion {
    pub commit: Option<String>,
    pub uncommitted: bool,
    /// YYYY-MM-DD.
    pub date: String,
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
        .map_or((None, None), |(l, t)| (Some(clean(t)), Some(l.clone())))
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
