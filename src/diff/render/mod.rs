//! Rendering an [`EditionDiff`](super::EditionDiff): `term` (coloured, wrapped to the
//! terminal), `md` (a pull-request comment), `html` (one self-contained page). `json` is
//! the serialized diff itself.

pub mod html;
pub mod md;
pub mod term;

use super::{Change, Direction, DomainDiff, EditionDiff};

/// `0.4%`, `12%`, `100%`.
pub fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p > 0.0 && p < 0.1 {
        "<0.1%".to_string()
    } else if p < 10.0 && p.fract() != 0.0 {
        format!("{p:.1}%")
    } else {
        format!("{p:.0}%")
    }
}

/// `+2017-03 −2017-01`, or empty.
pub fn proposals_delta(added: &[String], removed: &[String]) -> String {
    let mut parts: Vec<String> = added.iter().map(|p| format!("+{p}")).collect();
    parts.extend(removed.iter().map(|p| format!("−{p}")));
    parts.join(" ")
}

/// A one-line heading for a change: `¶3 changed`, `¶4 moved to resilience ¶2`.
pub fn change_heading(change: &Change) -> String {
    let n = |i: Option<usize>| i.map_or_else(String::new, |i| format!("¶{}", i + 1));
    match (change.kind, change.direction) {
        (super::ChangeKind::Moved, Some(Direction::Out)) => format!(
            "{} moved to {} {}",
            n(change.old_index),
            change.to_domain.as_deref().unwrap_or("?"),
            n(change.new_index)
        ),
        (super::ChangeKind::Moved, _) => format!(
            "{} moved here from {} {}",
            n(change.new_index),
            change.from_domain.as_deref().unwrap_or("?"),
            n(change.old_index)
        ),
        (super::ChangeKind::Removed, _) => format!("{} removed", n(change.old_index)),
        (kind, _) => format!("{} {}", n(change.new_index), kind.as_str()),
    }
}

/// Every change of a section's `status`, on one line for the edition (`status final →
/// draft: all 21 sections`); `None` when no status changed.
pub fn status_changes_line(diff: &EditionDiff) -> Option<String> {
    let multilingual = diff.domains.iter().any(|d| d.lang != diff.domains[0].lang);
    let mut groups: Vec<(&str, &str, Vec<String>)> = Vec::new();
    for d in &diff.domains {
        let Some(change) = &d.status_change else {
            continue;
        };
        let name = if multilingual {
            format!("{}/{}", d.lang, d.domain)
        } else {
            d.domain.clone()
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
    let parts: Vec<String> = groups
        .iter()
        .map(|(from, to, names)| {
            let which = match names.len() {
                n if n == total && n > 1 => format!("all {n} sections"),
                n if n > 4 => format!("{n} sections"),
                _ => names.join(", "),
            };
            format!("{from} → {to}: {which}")
        })
        .collect();
    Some(format!("status {}", parts.join("; ")))
}

/// `signed off by Jeanne Dupont on 2026-03-02 (commit 0123456789)`, for `diff
/// --since-signoff`; `None` for an ordinary diff.
pub fn signoff_line(domain: &DomainDiff) -> Option<String> {
    domain.signoff.as_ref().map(|s| {
        format!(
            "signed off by {} on {} (commit {})",
            s.by,
            s.date,
            &s.commit[..s.commit.len().min(10)]
        )
    })
}

/// What changed in the front matter, in words; empty when nothing did.
pub fn front_matter_line(domain: &DomainDiff) -> String {
    let Some(front) = &domain.front_matter else {
        return String::new();
    };
    let mut parts = Vec::new();
    let delta = proposals_delta(&front.proposals_added, &front.proposals_removed);
    if !delta.is_empty() {
        parts.push(format!("proposals {delta}"));
    }
    parts.join("; ")
}

/// A headline for the whole diff: `5 of 21 domains changed`.
pub fn headline(diff: &EditionDiff) -> String {
    let changed = diff
        .domains
        .iter()
        .filter(|d| d.status != super::DomainStatus::Unchanged)
        .count();
    let s = &diff.stats;
    let mut line = format!(
        "{changed} of {} domains changed; words {} → {} (+{} −{}, {} changed)",
        diff.domains.len(),
        s.words_before,
        s.words_after,
        s.words_added,
        s.words_removed,
        percent(s.share_changed)
    );
    if s.words_moved_in > 0 {
        line.push_str(&format!("; {} words moved", s.words_moved_in));
    }
    let delta = proposals_delta(&s.proposals_added, &s.proposals_removed);
    if !delta.is_empty() {
        line.push_str(&format!("; proposals {delta}"));
    }
    line
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
