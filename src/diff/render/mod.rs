//! Rendering an [`EditionDiff`](super::EditionDiff): `term` (coloured, wrapped to the
//! terminal), `md` (a pull-request comment), `html` (one self-contained page). `json` is
//! the serialized diff itself. Every word a reader sees comes from `lang::Labels`, in the
//! diff's language; domains are named by their catalog title.

pub mod html;
pub mod md;
pub mod term;

use super::source::{SIGNOFFS, WORK_TREE};
use super::{
    Change, ChangeKind, Direction, DomainDiff, DomainStatus, EditionDiff, Stats, UnreadableFile,
};
use crate::lang::{Label, Labels};

/// `+2017-03 −2017-01`, or empty.
pub fn proposals_delta(added: &[String], removed: &[String]) -> String {
    let mut parts: Vec<String> = added.iter().map(|p| format!("+{p}")).collect();
    parts.extend(removed.iter().map(|p| format!("−{p}")));
    parts.join(" ")
}

/// The labels of the diff's language.
pub fn labels(diff: &EditionDiff) -> Labels {
    Labels::of(&diff.lang)
}

/// How a side is named: its revision or folder, or the work tree in words.
pub fn side_name(labels: &Labels, side: &str) -> String {
    match side {
        WORK_TREE => labels.get(Label::WorkTree).to_string(),
        SIGNOFFS => labels.get(Label::SignOffs).to_string(),
        _ => side.to_string(),
    }
}

/// The title of the diff, `Changes from edition-10 (edition 10) to HEAD (edition 11)`,
/// with the two sides as `wrap` makes them (e.g. `<code>` in Markdown).
pub fn title(
    diff: &EditionDiff,
    wrap: impl Fn(&str) -> String,
) -> (Label, [(&'static str, String); 4]) {
    let l = labels(diff);
    (
        Label::DiffTitle,
        [
            ("old", wrap(&side_name(&l, &diff.old.label))),
            ("old_number", diff.old.edition.to_string()),
            ("new", wrap(&side_name(&l, &diff.new.label))),
            ("new_number", diff.new.edition.to_string()),
        ],
    )
}

/// Arguments for [`Labels::fill`] from owned values.
pub fn args<'a, const N: usize>(args: &'a [(&'a str, String); N]) -> [(&'a str, &'a str); N] {
    std::array::from_fn(|i| (args[i].0, args[i].1.as_str()))
}

/// The warning for a file one side could not read.
pub fn unreadable_line(labels: &Labels, file: &UnreadableFile) -> String {
    let path = format!("{} ({})", file.path, side_name(labels, &file.side));
    labels.fill(Label::Unreadable, &[("path", &path)])
}

/// How a domain is named: its catalog title in its language, else its slug.
pub fn domain_name<'a>(diff: &'a EditionDiff, domain: &'a DomainDiff) -> &'a str {
    match &domain.title {
        Some(title) => title,
        None => diff.title_of(&domain.lang, &domain.domain),
    }
}

/// A one-line heading for a change: `¶3 changed`, `¶4 moved to Résilience, ¶2`.
pub fn change_heading(diff: &EditionDiff, domain: &DomainDiff, change: &Change) -> String {
    let l = labels(diff);
    let n = |i: Option<usize>| i.map_or_else(String::new, |i| (i + 1).to_string());
    let other = |slug: Option<&str>| diff.title_of(&domain.lang, slug.unwrap_or("?")).to_string();
    match (change.kind, change.direction) {
        (ChangeKind::Moved, Some(Direction::Out)) => l.fill(
            Label::ParagraphMovedTo,
            &[
                ("n", &n(change.old_index)),
                ("domain", &other(change.to_domain.as_deref())),
                ("m", &n(change.new_index)),
            ],
        ),
        (ChangeKind::Moved, _) => l.fill(
            Label::ParagraphMovedFrom,
            &[
                ("n", &n(change.new_index)),
                ("domain", &other(change.from_domain.as_deref())),
                ("m", &n(change.old_index)),
            ],
        ),
        (ChangeKind::Removed, _) => l.fill(Label::ParagraphRemoved, &[("n", &n(change.old_index))]),
        (ChangeKind::Added, _) => l.fill(Label::ParagraphAdded, &[("n", &n(change.new_index))]),
        (ChangeKind::Changed, _) => l.fill(Label::ParagraphChanged, &[("n", &n(change.new_index))]),
    }
}

/// Every change of a section's `status`, on one line for the edition (`status final →
/// draft: all 21 sections`); `None` when no status changed.
pub fn status_changes_line(labels: &Labels, diff: &EditionDiff) -> Option<String> {
    let multilingual = diff.domains.iter().any(|d| d.lang != diff.domains[0].lang);
    let mut groups: Vec<(&str, &str, Vec<String>)> = Vec::new();
    for d in &diff.domains {
        let Some(change) = &d.status_change else {
            continue;
        };
        let title = d.title.clone().unwrap_or_else(|| d.domain.clone());
        let name = if multilingual {
            format!("{}/{title}", d.lang)
        } else {
            title
        };
        match groups
            .iter_mut()
            .find(|(from, to, _)| *from == change.from && *to == change.to)
        {
            Some((_, _, names)) => names.push(name),
            None => groups.push((&change.from, &change.to, vec![name])),
        }
    }
    if groups.is_empty() {
        return None;
    }
    let total = diff.domains.len();
    let separator = labels.get(Label::Separator);
    let parts: Vec<String> = groups
        .iter()
        .map(|(from, to, names)| {
            let n = names.len().to_string();
            let which = match names.len() {
                k if k == total && k > 1 => labels.fill(Label::AllSections, &[("n", &n)]),
                k if k > 4 => labels.fill(Label::SomeSections, &[("n", &n)]),
                _ => names.join(", "),
            };
            labels.fill(
                Label::StatusChangeOf,
                &[
                    ("old", labels.section_status(from)),
                    ("new", labels.section_status(to)),
                    ("which", &which),
                ],
            )
        })
        .collect();
    Some(labels.fill(Label::StatusChanges, &[("changes", &parts.join(separator))]))
}

/// `signed off by Jeanne Dupont on 2 March 2026 (commit 0123456789)`, for `diff
/// --since-signoff`, the date as the diff's language writes it; `None` for an ordinary
/// diff.
pub fn signoff_line(labels: &Labels, domain: &DomainDiff) -> Option<String> {
    domain.signoff.as_ref().map(|s| {
        labels.fill(
            Label::SignedOff,
            &[
                ("by", &crate::escape::one_line(&s.by, 200)),
                ("date", &labels.date(&s.date)),
                ("commit", &s.commit[..s.commit.len().min(10)]),
            ],
        )
    })
}

/// What changed in the front matter, in words; empty when nothing did.
pub fn front_matter_line(labels: &Labels, domain: &DomainDiff) -> String {
    let Some(front) = &domain.front_matter else {
        return String::new();
    };
    let mut parts = Vec::new();
    let delta = proposals_delta(&front.proposals_added, &front.proposals_removed);
    if !delta.is_empty() {
        parts.push(labels.fill(Label::ProposalsDelta, &[("delta", &delta)]));
    }
    parts.join(labels.get(Label::Separator))
}

/// `changed, 21% of words`.
pub fn domain_share(labels: &Labels, domain: &DomainDiff) -> String {
    labels.fill(
        Label::DomainShare,
        &[
            ("status", labels.domain_status(domain.status)),
            ("share", &labels.percent(domain.stats.share_changed)),
        ],
    )
}

/// The moved column of a domain: `←54` (words arrived), `→54` (words left), both for a
/// domain that did both, empty when nothing moved.
pub fn moved_cell(labels: &Labels, stats: &Stats) -> String {
    let mut parts = Vec::new();
    if stats.words_moved_in > 0 {
        parts.push(format!("←{}", labels.number(stats.words_moved_in)));
    }
    if stats.words_moved_out > 0 {
        parts.push(format!("→{}", labels.number(stats.words_moved_out)));
    }
    parts.join(" ")
}

/// A headline for the whole diff: `5 of 21 domains changed; words …`.
pub fn headline(diff: &EditionDiff) -> String {
    let l = labels(diff);
    let changed = diff
        .domains
        .iter()
        .filter(|d| d.status != DomainStatus::Unchanged)
        .count();
    let s = &diff.stats;
    let mut parts = vec![
        l.fill(
            l.count(
                changed,
                Label::DomainsChangedOne,
                Label::DomainsChangedOther,
            ),
            &[
                ("changed", &changed.to_string()),
                ("total", &diff.domains.len().to_string()),
            ],
        ),
        l.fill(
            Label::WordsSummary,
            &[
                ("before", &l.number(s.words_before)),
                ("after", &l.number(s.words_after)),
                ("added", &l.number(s.words_added)),
                ("removed", &l.number(s.words_removed)),
                ("share", &l.percent(s.share_changed)),
            ],
        ),
    ];
    if s.words_moved_in > 0 {
        parts.push(l.fill(
            l.count(
                s.words_moved_in,
                Label::WordsMovedOne,
                Label::WordsMovedOther,
            ),
            &[("n", &l.number(s.words_moved_in))],
        ));
    }
    let delta = proposals_delta(&s.proposals_added, &s.proposals_removed);
    if !delta.is_empty() {
        parts.push(l.fill(Label::ProposalsDelta, &[("delta", &delta)]));
    }
    parts.join(l.get(Label::Separator))
}

/// Whether the diff covers more than one language (then domains are shown with theirs).
pub fn multilingual(diff: &EditionDiff) -> bool {
    diff.domains.iter().any(|d| d.lang != diff.domains[0].lang)
}

/// The headings of the table of domains in `md` and `html`: the language's column only
/// when the diff is [`multilingual`]. (The terminal's narrower table has its own.)
pub fn overview_columns(l: &Labels, multilingual: bool) -> Vec<&'static str> {
    let mut columns = vec![l.get(Label::ColumnDomain)];
    if multilingual {
        columns.push(l.get(Label::ColumnLang));
    }
    columns.extend([
        l.get(Label::ColumnStatus),
        l.get(Label::ColumnWords),
        l.get(Label::ColumnAdded),
        l.get(Label::ColumnRemoved),
        l.get(Label::ColumnMoved),
        l.get(Label::ColumnShare),
        l.get(Label::ColumnProposals),
    ]);
    columns
}

/// An HTML id for a domain of a language, safe whatever the slug holds.
pub fn anchor(kind: &str, lang: &str, domain: &str, index: Option<usize>) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    match index {
        Some(i) => format!("{kind}-{}-{}-{}", clean(lang), clean(domain), i + 1),
        None => format!("{kind}-{}-{}", clean(lang), clean(domain)),
    }
}

/// The opening words of a paragraph that moved away, to recognise it where it left:
/// `Les équipes d'intervention rapide ont échangé…`.
pub fn preview(change: &Change, words: usize) -> String {
    let mut text: Vec<&str> = change
        .words
        .iter()
        .filter(|w| w.op != super::words::Op::Insert)
        .flat_map(|w| w.text.split(' '))
        .take(words + 1)
        .collect();
    let more = text.len() > words;
    text.truncate(words);
    let mut out = text.join(" ");
    if more {
        out.push('…');
    }
    out
}

/// For the renderers' tests: a changed domain (fr) holding one paragraph change of
/// `kind` at index 0, with `words`.
#[cfg(test)]
pub(crate) fn domain_with_one_change(
    slug: &str,
    kind: super::ChangeKind,
    words: Vec<super::words::WordOp>,
) -> DomainDiff {
    use super::ChangeKind;
    let (old_index, new_index) = match kind {
        ChangeKind::Added => (None, Some(0)),
        ChangeKind::Removed => (Some(0), None),
        ChangeKind::Changed | ChangeKind::Moved => (Some(0), Some(0)),
    };
    DomainDiff {
        domain: slug.into(),
        title: None,
        lang: "fr".into(),
        status: super::DomainStatus::Changed,
        old_paths: vec![],
        new_paths: vec![],
        stats: super::Stats::default(),
        front_matter: None,
        status_change: None,
        signoff: None,
        changes: vec![Change {
            kind,
            old_index,
            new_index,
            from_domain: None,
            to_domain: None,
            direction: None,
            words,
        }],
    }
}
