//! `diff --since-signoff`: each signed-off section against the text its reviewer
//! approved. Every sign-off names the commit that held that text
//! (`drafts/signoffs.yaml`), and sections are signed at different commits: the
//! sections signed at one commit are diffed together against it, and the results are
//! put together as one [`EditionDiff`], each domain carrying its sign-off.

use std::collections::BTreeMap;
use std::path::Path;

use super::{EditionDiff, Options, Side, SignOffRef, diff_editions, sum_words};
use crate::error::{Error, Result};
use crate::load::{Edition, GitTree, load_edition_for_diff};

/// What changed in each signed-off section of `current` (the work tree) since its
/// sign-off. `domains` limits it to those domains (each must have a sign-off);
/// `options.lang` to one language.
pub fn diff_since_signoff(
    root: &Path,
    current: &Edition,
    domains: &[String],
    options: &Options,
) -> Result<EditionDiff> {
    let number = current.meta.value.number;
    let signoffs = current.signoffs.as_ref().map(|s| &s.value);
    // (lang, domain) of the sign-offs of this edition, by commit.
    let mut by_commit: BTreeMap<&str, Vec<(&str, &str, SignOffRef)>> = BTreeMap::new();
    for (lang, sections) in signoffs.map(|s| &s.0).into_iter().flatten() {
        if options.lang.as_ref().is_some_and(|l| l != lang) {
            continue;
        }
        for (domain, signoff) in sections {
            if signoff.edition != number
                || (!domains.is_empty() && !domains.iter().any(|d| d == domain))
            {
                continue;
            }
            by_commit.entry(&signoff.commit).or_default().push((
                lang,
                domain,
                SignOffRef {
                    by: signoff.by.clone(),
                    date: signoff.date.clone(),
                    commit: signoff.commit.clone(),
                },
            ));
        }
    }
    for domain in domains {
        let signed = by_commit.values().flatten().any(|(_, d, _)| d == domain);
        if !signed {
            // A typo in the slug is the likelier mistake when the catalog has no such
            // domain.
            let slugs = || {
                current
                    .catalog
                    .domains
                    .domains
                    .iter()
                    .map(|d| d.slug.as_str())
            };
            if current.catalog.domain(domain).is_none()
                && let Some(near) = crate::check::rules::closest(domain, slugs())
            {
                return Err(Error::Usage(format!(
                    "`{domain}` is not a domain of schemas/domains.yaml\n  help: did you mean `{near}`?"
                )));
            }
            return Err(Error::Usage(format!(
                "`{domain}` has no sign-off for edition {number} in drafts/signoffs.yaml\n  help: sign it off with `rapporteur sign-off {domain} --by NAME`, or leave it out"
            )));
        }
    }
    if by_commit.is_empty() {
        return Err(Error::Usage(format!(
            "no section of edition {number} is signed off (drafts/signoffs.yaml)\n  help: `rapporteur sign-off DOMAIN --by NAME` records a reviewer's approval"
        )));
    }
    let mut found = Vec::new();
    for (commit, sections) in by_commit {
        let tree = GitTree::revision(root, commit).map_err(|e| {
            let (lang, domain, _) = &sections[0];
            Error::Git(format!(
                "the sign-off of {lang}/{domain} names commit {commit}, which cannot be read: {}\n  help: sign the section off again",
                e.to_string().lines().next().unwrap_or_default()
            ))
        })?;
        let old = load_edition_for_diff(&tree)?;
        let diff = diff_editions(&old, current, commit, super::source::WORK_TREE, options);
        for mut domain in diff.domains {
            if let Some((_, _, signoff)) = sections
                .iter()
                .find(|(l, d, _)| *l == domain.lang && *d == domain.domain)
            {
                domain.signoff = Some(signoff.clone());
                found.push(domain);
            }
        }
    }
    // Language order of the edition, then catalog order.
    let languages = &current.meta.value.languages;
    found.sort_by_key(|d| {
        (
            languages.iter().position(|l| *l == d.lang),
            current
                .catalog
                .domain_index(&d.domain)
                .unwrap_or(usize::MAX),
        )
    });
    let mut stats = sum_words(&found);
    for d in &found {
        stats
            .proposals_added
            .extend(d.stats.proposals_added.iter().cloned());
        stats
            .proposals_removed
            .extend(d.stats.proposals_removed.iter().cloned());
    }
    stats.proposals_added.sort();
    stats.proposals_removed.sort();
    let (lang, titles) = super::language_and_titles(
        current,
        current,
        &current.meta.value.languages,
        options.lang.as_deref(),
    );
    Ok(EditionDiff {
        old: Side {
            label: super::source::SIGNOFFS.to_string(),
            edition: number,
        },
        new: Side {
            label: super::source::WORK_TREE.to_string(),
            edition: number,
        },
        stats,
        domains: found,
        unreadable: Vec::new(),
        lang,
        titles,
    })
}
