//! `rapporteur review import FILE.docx --by NAME`: a reviewer's Word file back into the
//! section files, paragraph by paragraph, and its comments into a review file.
//!
//! How a returned paragraph finds its source: rapporteur's hidden bookmarks (see
//! `assemble::identity`) name the section and paragraph each Word paragraph was built
//! from. Every Word paragraph belongs to the last bookmark before it: a paragraph the
//! reviewer added after paragraph 3 is part of paragraph 3's proposal ("paragraph 3 is
//! now these two"), one added after a heading opens the section. A paragraph whose
//! bookmark is gone was deleted.
//!
//! What is proposed is compared with the text the file was built from, read from git at
//! the recorded commit — so edits made without Track Changes are found too (and said
//! so). A proposal lands on the paragraph of the work tree that still holds exactly
//! that text; when the repository changed it since, it is a conflict: not applied, and
//! kept with every version in the review file.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::docx::{Paragraph, Returned, read_returned};
use super::markup::{edit_markup, escape, normalise, plain};
use super::package::Package;
use crate::assemble::identity::{
    COMMIT_PROPERTY, DOMAINS_PROPERTY, IDENTITY_PROPERTY, LANG_PROPERTY, Mark,
};
use crate::error::{Error, Result};
use crate::load::git::GitTree;
use crate::load::section::parse_section;
use crate::load::{Edition, Section, WorkTree, load_edition_for_diff};
use crate::model::fingerprint;
use crate::model::review::{Change, ChangeKind, Reply, Resolution, Review, Thread, ThreadState};

/// What an import will write and say.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub review: Review,
    /// Section files to rewrite: path, text as read, new text.
    pub writes: Vec<SectionWrite>,
    /// Per domain, in the document's order: what happened there.
    pub domains: Vec<DomainSummary>,
    /// Paragraphs missing from the file that were left in place (the file was built from
    /// uncommitted text, so their absence cannot be read as a deletion).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct SectionWrite {
    pub path: String,
    pub original: String,
    pub text: String,
}

/// One domain's counts.
#[derive(Debug, Clone, Default)]
pub struct DomainSummary {
    /// The domain slug, or `(outside the sections)`.
    pub domain: String,
    pub applied: usize,
    /// Of those applied, how many were made without Track Changes.
    pub untracked: usize,
    pub conflicts: usize,
    pub comments: usize,
}

/// Who owns a Word paragraph: the part of the report it was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Owner {
    /// The cover and contents, before the first section.
    Before,
    Heading(usize),
    Paragraph(usize, usize),
    /// The annex and what follows the sections.
    After,
}

/// A paragraph as it reads once every change is accepted (or rejected): its text and
/// the first Word paragraph it is made of.
struct Joined {
    text: String,
    first: usize,
}

/// Accepting (`after`) or rejecting the changes: Word paragraphs joined where a
/// paragraph mark was deleted (or inserted, when rejecting).
fn join(paragraphs: &[Paragraph], after: bool) -> Vec<Joined> {
    let mut out: Vec<Joined> = Vec::new();
    let mut continues = false;
    for (i, p) in paragraphs.iter().enumerate() {
        let text = if after { &p.after } else { &p.before };
        match out.last_mut() {
            Some(last) if continues => {
                // A paragraph emptied and joined to the next is the next one's: a
                // deleted paragraph is a deletion, not a change of its neighbour.
                if last.text.trim().is_empty() {
                    last.first = i;
                }
                last.text.push_str(text);
            }
            _ => out.push(Joined {
                text: text.clone(),
                first: i,
            }),
        }
        continues = if after {
            p.mark_deleted
        } else {
            p.mark_inserted
        };
    }
    out
}

/// The owner of each Word paragraph.
fn owners(paragraphs: &[Paragraph]) -> Vec<Owner> {
    let mut owner = Owner::Before;
    let mut seen = std::collections::HashSet::new();
    paragraphs
        .iter()
        .map(|p| {
            for mark in &p.marks {
                let next = match mark {
                    Mark::Heading { section } => Owner::Heading(*section),
                    Mark::Paragraph {
                        section, paragraph, ..
                    } => Owner::Paragraph(*section, *paragraph),
                    Mark::End => Owner::After,
                };
                // A bookmark copied with its text (Word renames the copy; others may not)
                // names its paragraph once.
                if seen.insert(next) {
                    owner = next;
                }
            }
            owner
        })
        .collect()
}

/// Reads the Word file and plans the import: nothing is written here.
pub fn plan_import(
    root: &Path,
    name: &str,
    bytes: Vec<u8>,
    by: &str,
    today: &str,
) -> Result<ImportPlan> {
    let bad = |why: String| {
        Error::Usage(format!(
            "{name}: {why}\n  help: give the Word file built by `rapporteur build --format docx`, as the reviewer saved it (.docx)"
        ))
    };
    let mut package = Package::open(bytes).map_err(bad)?;
    let document = package
        .part("word/document.xml")
        .map_err(bad)?
        .ok_or_else(|| bad("it has no word/document.xml: it is not a Word document".into()))?;
    let comments = package.part("word/comments.xml").map_err(bad)?;
    let extended = package.part("word/commentsExtended.xml").map_err(bad)?;
    let custom = package.part("docProps/custom.xml").map_err(bad)?;
    let returned = read_returned(
        &document,
        comments.as_deref(),
        extended.as_deref(),
        custom.as_deref(),
    )
    .map_err(bad)?;
    let not_ours = || {
        Error::Usage(format!(
            "{name} was not built by rapporteur: it does not record the commit and paragraphs it was built from\n  help: `review import` takes back a file made by `rapporteur build --format docx` (its custom properties `rapporteur.*` and hidden bookmarks `_rp_…` must survive; Word and LibreOffice keep them)"
        ))
    };
    if !returned.properties.contains_key(IDENTITY_PROPERTY)
        || !returned.paragraphs.iter().any(|p| !p.marks.is_empty())
    {
        return Err(not_ours());
    }
    let commit = returned.properties.get(COMMIT_PROPERTY).cloned().ok_or_else(|| {
        Error::Usage(format!(
            "{name} was built outside a git repository (or before its first commit): it names no commit, so its text cannot be compared with the repository\n  help: commit the edition, build the Word file again and send that one for review"
        ))
    })?;
    if commit.len() != 40
        || !commit
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Err(not_ours());
    }
    let (Some(lang), Some(domains)) = (
        returned.properties.get(LANG_PROPERTY).cloned(),
        returned.properties.get(DOMAINS_PROPERTY),
    ) else {
        return Err(not_ours());
    };
    let domains: Vec<String> = domains.split_whitespace().map(str::to_string).collect();
    let base_tree = GitTree::revision(root, &commit).map_err(|_| {
        Error::Usage(format!(
            "{name} was built from commit {commit}, which this repository does not have\n  help: import it in the repository it was built in (after `git fetch`, if that commit is on another clone)"
        ))
    })?;
    let base = load_edition_for_diff(&base_tree)?;
    let current = load_edition_for_diff(&WorkTree::new(root))?;
    if !current.meta.value.languages.contains(&lang) {
        return Err(Error::Usage(format!(
            "{name} is in `{lang}`, which is not a language of this edition ({})",
            current.meta.value.languages.join(", ")
        )));
    }
    Ok(Planner {
        returned: &returned,
        base: &base,
        current: &current,
        lang: &lang,
        domains: &domains,
    }
    .plan(Review {
        by: by.to_string(),
        file: name.to_string(),
        imported: today.to_string(),
        commit: commit.clone(),
        lang: lang.clone(),
        applied: Vec::new(),
        conflicts: Vec::new(),
        threads: Vec::new(),
    }))
}

struct Planner<'a> {
    returned: &'a Returned,
    base: &'a Edition,
    current: &'a Edition,
    lang: &'a str,
    domains: &'a [String],
}

/// A proposal for one paragraph of a section, before it is placed.
struct Proposal {
    section: usize,
    /// The paragraph index at build time; none for paragraphs added after the heading.
    paragraph: Option<usize>,
    fingerprint: Option<String>,
    /// The paragraph's markup as built, when known.
    built: Option<String>,
    proposed_plain: Vec<String>,
    tracked: bool,
    untracked: bool,
}

impl Planner<'_> {
    fn section<'e>(&self, edition: &'e Edition, s: usize) -> Option<&'e Section> {
        let domain = self.domains.get(s)?;
        edition
            .sections
            .iter()
            .find(|x| x.lang == self.lang && x.domain() == Some(domain.as_str()))
    }

    fn plan(&self, mut review: Review) -> ImportPlan {
        let paragraphs = &self.returned.paragraphs;
        let owners = owners(paragraphs);
        let after = join(paragraphs, true);
        let before = join(paragraphs, false);
        // Per owner: the proposed paragraphs, the text before the changes, whether it
        // holds tracked changes.
        let mut proposed: BTreeMap<Owner, Vec<&Joined>> = BTreeMap::new();
        for j in &after {
            proposed.entry(owners[j.first]).or_default().push(j);
        }
        let mut rejected: BTreeMap<Owner, Vec<&str>> = BTreeMap::new();
        for j in &before {
            rejected.entry(owners[j.first]).or_default().push(&j.text);
        }
        let mut tracked: HashMap<Owner, bool> = HashMap::new();
        for (i, p) in paragraphs.iter().enumerate() {
            if p.changes > 0 || p.mark_inserted || p.mark_deleted {
                tracked.insert(owners[i], true);
            }
        }
        let mut summaries: BTreeMap<usize, DomainSummary> = BTreeMap::new();
        let mut outside = DomainSummary {
            domain: "(outside the sections)".into(),
            ..Default::default()
        };
        let mut notes = Vec::new();

        // Proposals per section paragraph.
        let mut proposals: Vec<Proposal> = Vec::new();
        let seen: std::collections::HashSet<Owner> = owners.iter().copied().collect();
        // The bookmarks, grouped once: per section, paragraph index → fingerprint, and
        // where each heading is (the file is untrusted: no pass over every bookmark per
        // section).
        let mut recorded_by_section: HashMap<usize, BTreeMap<usize, String>> = HashMap::new();
        let mut heading_at: HashMap<usize, usize> = HashMap::new();
        for (i, p) in paragraphs.iter().enumerate() {
            for m in &p.marks {
                match m {
                    Mark::Paragraph {
                        section,
                        paragraph,
                        fingerprint,
                    } => {
                        recorded_by_section
                            .entry(*section)
                            .or_default()
                            .entry(*paragraph)
                            .or_insert_with(|| fingerprint.clone());
                    }
                    Mark::Heading { section } => {
                        heading_at.entry(*section).or_insert(i);
                    }
                    Mark::End => {}
                }
            }
        }
        let empty = BTreeMap::new();
        for (s, _) in self.domains.iter().enumerate() {
            let base = self.section(self.base, s);
            let base_fps: Vec<String> = base
                .map(|b| b.paragraph_texts().map(fingerprint::paragraph).collect())
                .unwrap_or_default();
            let recorded = recorded_by_section.get(&s).unwrap_or(&empty);
            // Every bookmark of the section names the paragraph the commit has there.
            let fits = recorded.iter().all(|(p, fp)| base_fps.get(*p) == Some(fp));
            // Paragraphs added right after the heading.
            if let Some(list) = proposed.get(&Owner::Heading(s)) {
                let heading_first = heading_at.get(&s).copied();
                let mut added = Vec::new();
                for j in list {
                    if Some(j.first) == heading_first {
                        let p = &paragraphs[j.first];
                        if normalise(&p.before) != normalise(&j.text) {
                            review.conflicts.push(Change {
                                domain: self.domains.get(s).cloned(),
                                paragraph: None,
                                kind: ChangeKind::Outside,
                                tracked: tracked.contains_key(&Owner::Heading(s)),
                                built: Some(normalise(&p.before)),
                                proposed: vec![normalise(&j.text)],
                                current: None,
                                reason: Some("the heading comes from the catalog (schemas/domains.yaml): change it there if agreed".into()),
                            });
                            summaries.entry(s).or_default().conflicts += 1;
                        }
                    } else if !normalise(&j.text).is_empty() {
                        added.push(normalise(&j.text));
                    }
                }
                if !added.is_empty() {
                    proposals.push(Proposal {
                        section: s,
                        paragraph: None,
                        fingerprint: None,
                        built: None,
                        proposed_plain: added,
                        tracked: tracked.contains_key(&Owner::Heading(s)),
                        untracked: false,
                    });
                }
            }
            let count = base_fps.len();
            // The paragraphs the file names, and those the commit has.
            let indices: std::collections::BTreeSet<usize> =
                recorded.keys().copied().chain(0..count).collect();
            for p in indices {
                let owner = Owner::Paragraph(s, p);
                let fp = recorded
                    .get(&p)
                    .cloned()
                    .or_else(|| base_fps.get(p).filter(|_| fits).cloned());
                let Some(fp) = fp else { continue };
                let built = self.built_text(s, p, &fp);
                if !seen.contains(&owner) {
                    // The bookmark is gone: the paragraph was deleted without Track
                    // Changes — unless the file was built from other text than the
                    // commit's, when nothing can be said of it.
                    if fits {
                        proposals.push(Proposal {
                            section: s,
                            paragraph: Some(p),
                            fingerprint: Some(fp),
                            built,
                            proposed_plain: Vec::new(),
                            tracked: false,
                            untracked: true,
                        });
                    } else {
                        notes.push(format!(
                            "{}: paragraph {} is not in the file; it was left in place (the file was built from uncommitted text)",
                            self.domains[s],
                            p + 1
                        ));
                    }
                    continue;
                }
                let new: Vec<String> = proposed
                    .get(&owner)
                    .map(|l| {
                        l.iter()
                            .map(|j| normalise(&j.text))
                            .filter(|t| !t.is_empty())
                            .collect()
                    })
                    .unwrap_or_default();
                let old = normalise(
                    &rejected
                        .get(&owner)
                        .map(|l| l.join(" "))
                        .unwrap_or_default(),
                );
                let built_plain = built.as_deref().map(plain);
                if built_plain
                    .as_deref()
                    .is_some_and(|b| new.len() == 1 && new[0] == b)
                {
                    continue;
                }
                if built_plain.is_none() && new.len() == 1 && new[0] == old {
                    continue;
                }
                proposals.push(Proposal {
                    section: s,
                    paragraph: Some(p),
                    fingerprint: Some(fp),
                    untracked: built_plain.as_deref().is_some_and(|b| b != old),
                    built,
                    proposed_plain: new,
                    tracked: tracked.contains_key(&owner),
                });
            }
        }

        // Outside the sections: tracked changes only (untracked edits there cannot be
        // told from the template's text).
        for (i, p) in paragraphs.iter().enumerate() {
            if matches!(owners[i], Owner::Before | Owner::After)
                && (p.changes > 0 || p.mark_deleted || p.mark_inserted)
                && normalise(&p.before) != normalise(&p.after)
            {
                review.conflicts.push(Change {
                    domain: None,
                    paragraph: None,
                    kind: ChangeKind::Outside,
                    tracked: true,
                    built: Some(normalise(&p.before)),
                    proposed: [normalise(&p.after)].into_iter().filter(|t| !t.is_empty()).collect(),
                    current: None,
                    reason: Some("not section text (cover, contents or annex): these are made from the catalog, drafts/report.yaml and the templates".into()),
                });
                outside.conflicts += 1;
            }
        }

        let writes = self.place(proposals, &mut review, &mut summaries);
        self.threads(&owners, &mut review, &mut summaries, &mut outside);

        let mut domains: Vec<DomainSummary> = summaries
            .into_iter()
            .map(|(s, mut d)| {
                d.domain = self.domains.get(s).cloned().unwrap_or_default();
                d
            })
            .collect();
        if outside.conflicts > 0 || outside.comments > 0 {
            domains.push(outside);
        }
        ImportPlan {
            review,
            writes,
            domains,
            notes,
        }
    }

    /// The markup of paragraph `p` of section `s` as the file was built: the commit's,
    /// when its fingerprint is the recorded one, else any paragraph with that
    /// fingerprint in the commit's section or in the work tree's.
    fn built_text(&self, s: usize, p: usize, fp: &str) -> Option<String> {
        let by_fp = |section: Option<&Section>| {
            section.and_then(|x| {
                let matches: Vec<usize> = (0..x.paragraphs.len())
                    .filter(|&i| fingerprint::paragraph(x.paragraph(i)) == fp)
                    .collect();
                matches
                    .iter()
                    .min_by_key(|&&i| i.abs_diff(p))
                    .map(|&i| x.paragraph(i).to_string())
            })
        };
        by_fp(self.section(self.base, s)).or_else(|| by_fp(self.section(self.current, s)))
    }

    /// Puts each proposal on the work tree's paragraph that still holds the built text,
    /// or records a conflict; returns the rewritten section files.
    fn place(
        &self,
        proposals: Vec<Proposal>,
        review: &mut Review,
        summaries: &mut BTreeMap<usize, DomainSummary>,
    ) -> Vec<SectionWrite> {
        let mut by_section: BTreeMap<usize, Vec<Proposal>> = BTreeMap::new();
        for p in proposals {
            by_section.entry(p.section).or_default().push(p);
        }
        let mut writes = Vec::new();
        for (s, list) in by_section {
            let domain = self.domains.get(s).cloned();
            let summary = summaries.entry(s).or_default();
            let current = self.section(self.current, s);
            let base = self.section(self.base, s);
            // The commit's paragraphs matched with the work tree's, by fingerprint.
            let (map, gaps) = match (base, current) {
                (Some(b), Some(c)) => align(b, c),
                _ => (HashMap::new(), HashMap::new()),
            };
            let mut replace: BTreeMap<usize, Vec<String>> = BTreeMap::new();
            let mut at_start: Vec<String> = Vec::new();
            let applied_before = review.applied.len();
            for proposal in list {
                let markup: Vec<String> = match &proposal.built {
                    Some(built) => edit_markup(built, &proposal.proposed_plain),
                    None => proposal.proposed_plain.iter().map(|t| escape(t)).collect(),
                };
                let kind = match (&proposal.paragraph, markup.is_empty()) {
                    (None, _) => ChangeKind::Added,
                    (Some(_), true) => ChangeKind::Deleted,
                    (Some(_), false) => ChangeKind::Changed,
                };
                let mut change = Change {
                    domain: domain.clone(),
                    paragraph: proposal.fingerprint.clone(),
                    kind,
                    tracked: proposal.tracked && !proposal.untracked,
                    built: proposal.built.clone(),
                    proposed: markup.clone(),
                    current: None,
                    reason: None,
                };
                let Some(section) = current else {
                    change.reason = Some("the section is no longer in the repository".into());
                    review.conflicts.push(change);
                    summary.conflicts += 1;
                    continue;
                };
                let target = match proposal.paragraph {
                    None => {
                        // Imported already (the same file twice, or two reviewers
                        // proposing the same): the section opens with them.
                        let opening: Vec<String> = section
                            .paragraph_texts()
                            .take(markup.len())
                            .map(plain)
                            .collect();
                        if opening != markup.iter().map(|m| plain(m)).collect::<Vec<_>>() {
                            at_start.extend(markup);
                        }
                        review.applied.push(change);
                        summary.applied += 1;
                        continue;
                    }
                    Some(p) => {
                        let base_index = base.and_then(|b| {
                            (0..b.paragraphs.len())
                                .find(|&i| {
                                    Some(fingerprint::paragraph(b.paragraph(i)))
                                        == proposal.fingerprint
                                        && i == p
                                })
                                .or_else(|| {
                                    (0..b.paragraphs.len()).find(|&i| {
                                        Some(fingerprint::paragraph(b.paragraph(i)))
                                            == proposal.fingerprint
                                    })
                                })
                        });
                        match base_index.and_then(|i| map.get(&i).copied()) {
                            Some(c) => Some(c),
                            // Built from text the commit does not have: the work tree's
                            // paragraph with that fingerprint, if it is still there.
                            None if base_index.is_none() => {
                                (0..section.paragraphs.len()).find(|&i| {
                                    Some(fingerprint::paragraph(section.paragraph(i)))
                                        == proposal.fingerprint
                                })
                            }
                            None => None,
                        }
                        .ok_or(base_index)
                    }
                };
                match target {
                    Ok(c) if !replace.contains_key(&c) => {
                        replace.insert(c, markup);
                        review.applied.push(change);
                        summary.applied += 1;
                        if proposal.untracked {
                            summary.untracked += 1;
                        }
                    }
                    Ok(c) => {
                        change.current = Some(section.paragraph(c).to_string());
                        change.reason = Some(
                            "another proposal of this file already changes that paragraph".into(),
                        );
                        review.conflicts.push(change);
                        summary.conflicts += 1;
                    }
                    Err(base_index) => {
                        let now: Vec<&str> = base_index
                            .and_then(|i| gaps.get(&i))
                            .map(|r| r.clone().map(|c| section.paragraph(c)).collect())
                            .unwrap_or_default();
                        // The repository holds the proposal already (the same file
                        // imported twice, two reviewers proposing the same): applied.
                        let same = base_index.is_some()
                            && now.iter().map(|p| plain(p)).collect::<Vec<_>>()
                                == markup.iter().map(|m| plain(m)).collect::<Vec<_>>();
                        if same {
                            review.applied.push(change);
                            summary.applied += 1;
                            continue;
                        }
                        change.current = (!now.is_empty()).then(|| now.join("\n\n"));
                        change.reason = Some(if base_index.is_none() {
                            "the file was built from text that was never committed and is no longer in the section".into()
                        } else if now.is_empty() {
                            "the paragraph was removed in the repository since the file was built"
                                .into()
                        } else {
                            "the paragraph was changed in the repository since the file was built"
                                .into()
                        });
                        review.conflicts.push(change);
                        summary.conflicts += 1;
                    }
                }
            }
            if let Some(section) = current
                && (!replace.is_empty() || !at_start.is_empty())
            {
                let text = rewrite(section, &replace, &at_start);
                let mut expected: Vec<String> = at_start.clone();
                for (i, p) in section.paragraph_texts().enumerate() {
                    match replace.get(&i) {
                        Some(new) => expected.extend(new.iter().cloned()),
                        None => expected.push(p.to_string()),
                    }
                }
                if reads_back(&section.file.path, &section.lang, &text, &expected) {
                    writes.push(SectionWrite {
                        path: section.file.path.clone(),
                        original: section.file.text.clone(),
                        text,
                    });
                } else {
                    // Never a file that reads otherwise than intended: its changes
                    // stay with the review, for a person to take over.
                    for mut change in review.applied.split_off(applied_before) {
                        change.reason = Some("the section file would not read back as proposed; take the change over by hand".into());
                        review.conflicts.push(change);
                        summary.conflicts += 1;
                    }
                    summary.applied = 0;
                    summary.untracked = 0;
                }
            }
        }
        writes
    }

    /// The comments, as threads: replies joined to the comment they answer.
    fn threads(
        &self,
        owners: &[Owner],
        review: &mut Review,
        summaries: &mut BTreeMap<usize, DomainSummary>,
        outside: &mut DomainSummary,
    ) {
        let comments = &self.returned.comments;
        if comments.is_empty() {
            return;
        }
        let mut fingerprints: HashMap<(usize, usize), String> = HashMap::new();
        for m in self.returned.paragraphs.iter().flat_map(|x| &x.marks) {
            if let Mark::Paragraph {
                section,
                paragraph,
                fingerprint,
            } = m
            {
                fingerprints
                    .entry((*section, *paragraph))
                    .or_insert_with(|| fingerprint.clone());
            }
        }
        let by_para: HashMap<&str, usize> = comments
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.para_id.as_deref().map(|p| (p, i)))
            .collect();
        // The root of each comment, following parents once for all (a cycle stops where
        // it closes).
        let parent_of = |i: usize| {
            comments[i]
                .parent
                .as_deref()
                .and_then(|p| by_para.get(p))
                .copied()
                .filter(|&p| p != i)
        };
        let mut roots: Vec<Option<usize>> = vec![None; comments.len()];
        for start in 0..comments.len() {
            let mut path = Vec::new();
            let mut on_path = std::collections::HashSet::new();
            let mut i = start;
            let root = loop {
                if let Some(r) = roots[i] {
                    break r;
                }
                if !on_path.insert(i) {
                    break i;
                }
                path.push(i);
                match parent_of(i) {
                    Some(p) => i = p,
                    None => break i,
                }
            };
            for k in path {
                roots[k] = Some(root);
            }
        }
        let root = |i: usize| roots[i].unwrap_or(i);
        let mut thread_of: HashMap<usize, usize> = HashMap::new();
        for (i, c) in comments.iter().enumerate() {
            let r = root(i);
            if r == i {
                let owner = c
                    .paragraph
                    .and_then(|p| owners.get(p))
                    .copied()
                    .unwrap_or(Owner::Before);
                let (domain, paragraph) = match owner {
                    Owner::Heading(s) => (self.domains.get(s).cloned(), None),
                    Owner::Paragraph(s, p) => (
                        self.domains.get(s).cloned(),
                        fingerprints.get(&(s, p)).cloned(),
                    ),
                    Owner::Before | Owner::After => (None, None),
                };
                match owner {
                    Owner::Heading(s) | Owner::Paragraph(s, _) => {
                        summaries.entry(s).or_default().comments += 1;
                    }
                    _ => outside.comments += 1,
                }
                thread_of.insert(i, review.threads.len());
                review.threads.push(Thread {
                    id: review.threads.len() as u32 + 1,
                    author: c.author.clone(),
                    date: c.date.clone(),
                    domain,
                    paragraph,
                    anchor: c.anchor.clone(),
                    text: c.text.clone(),
                    replies: Vec::new(),
                    state: if c.done {
                        ThreadState::Resolved
                    } else {
                        ThreadState::Open
                    },
                    resolution: c.done.then(|| Resolution {
                        date: review.imported.clone(),
                        note: Some("marked done in Word".into()),
                    }),
                });
            }
        }
        for (i, c) in comments.iter().enumerate() {
            let r = root(i);
            if r != i
                && let Some(&t) = thread_of.get(&r)
            {
                review.threads[t].replies.push(Reply {
                    author: c.author.clone(),
                    date: c.date.clone(),
                    text: c.text.clone(),
                });
            }
        }
    }
}

/// The commit's paragraphs matched with the work tree's by fingerprint: for each
/// matched commit paragraph its index now, and for each unmatched one the work tree's
/// paragraphs that stand in its place (what a drafter wrote instead).
fn align(
    base: &Section,
    current: &Section,
) -> (
    HashMap<usize, usize>,
    HashMap<usize, std::ops::Range<usize>>,
) {
    let old: Vec<String> = base.paragraph_texts().map(fingerprint::paragraph).collect();
    let new: Vec<String> = current
        .paragraph_texts()
        .map(fingerprint::paragraph)
        .collect();
    let mut map = HashMap::new();
    let mut gaps = HashMap::new();
    for op in capture_diff_slices(Algorithm::Patience, &old, &new) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    map.insert(old_index + k, new_index + k);
                }
            }
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => {
                for k in 0..old_len {
                    gaps.insert(old_index + k, new_index..new_index);
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                for k in 0..old_len {
                    gaps.insert(old_index + k, new_index..new_index + new_len);
                }
            }
            DiffOp::Insert { .. } => {}
        }
    }
    (map, gaps)
}

/// The section's text with paragraphs replaced (an empty list deletes one) and
/// paragraphs added at the start of its body; everything else byte for byte.
fn rewrite(
    section: &Section,
    replace: &BTreeMap<usize, Vec<String>>,
    at_start: &[String],
) -> String {
    let text = &section.file.text;
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let blank = format!("{newline}{newline}");
    let ranges = &section.paragraphs;
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut i = 0;
    while i < ranges.len() {
        match replace.get(&i) {
            Some(new) if new.is_empty() => {
                // A run of deleted paragraphs goes with the blank lines after it (or,
                // at the end, before it).
                let first = i;
                while replace.get(&(i + 1)).is_some_and(Vec::is_empty) {
                    i += 1;
                }
                let range = match (ranges.get(i + 1), first.checked_sub(1)) {
                    (Some(next), _) => ranges[first].start..next.start,
                    (None, Some(prev)) => ranges[prev].end..ranges[i].end,
                    (None, None) => ranges[first].start..ranges[i].end,
                };
                edits.push((range, String::new()));
            }
            Some(new) => edits.push((ranges[i].clone(), new.join(&blank))),
            None => {}
        }
        i += 1;
    }
    if !at_start.is_empty() {
        let added = at_start.join(&blank);
        match ranges.first() {
            Some(first) => edits.push((first.start..first.start, format!("{added}{blank}"))),
            None => {
                let lead = if text.ends_with('\n') { "" } else { newline };
                edits.push((text.len()..text.len(), format!("{lead}{added}{newline}")));
            }
        }
    }
    // From the end, longer edits first at one place, so that ranges stay valid and an
    // insertion lands before what follows it.
    edits.sort_by(|a, b| b.0.start.cmp(&a.0.start).then(b.0.end.cmp(&a.0.end)));
    let mut out = text.clone();
    for (range, new) in edits {
        out.replace_range(range, &new);
    }
    out
}

/// Whether the rewritten text reads back as the paragraphs intended.
pub fn reads_back(path: &str, lang: &str, text: &str, expected: &[String]) -> bool {
    let parsed = parse_section(path, lang, text.to_string());
    let got: Vec<String> = parsed.paragraph_texts().map(normalise).collect();
    got == expected.iter().map(|e| normalise(e)).collect::<Vec<_>>()
}
