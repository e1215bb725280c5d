//! S: structure. Can every section file be read, does its front matter parse and match
//! the schema, and does the edition have exactly one section per catalog domain in every
//! language?

use std::collections::{BTreeMap, HashSet};

use super::{LazySpans, closest};
use crate::check::diagnostic::{Diagnostic, Severity};
use crate::check::registry::Rule;
use crate::check::{Ctx, Facts};
use crate::load::{FrontMatterState, Section, parse_section};
use crate::msg;

pub const UNREADABLE_FILE: Rule = Rule {
    code: "S001",
    name: "unreadable-file",
    severity: Severity::Error,
    summary: "A section file cannot be read as UTF-8 text.",
    why: "rapporteur, git and every editor need to agree on the text. A file saved in another \
          encoding, a huge file or a link to a file outside the repository cannot be checked, \
          diffed or assembled.",
    example: "A section saved from Word as Windows-1252: `invalid UTF-8 at byte 812`. \
              Fix: save it again as UTF-8.",
    fixable: false,
};

pub const INVALID_YAML: Rule = Rule {
    code: "S002",
    name: "invalid-yaml",
    severity: Error,
    summary: "The front matter between the `---` lines is not valid YAML.",
    why: "Without its front matter, rapporteur cannot tell which domain a section belongs to \
          or which proposals it reports on.",
    example: "`proposals: [2017-06, 2017-07` (the closing `]` is missing). \
              Fix: `proposals: [2017-06, 2017-07]`.",
    fixable: false,
};

pub const INVALID_FRONT_MATTER: Rule = Rule {
    code: "S003",
    name: "invalid-front-matter",
    severity: Error,
    summary: "The front matter is missing, or does not match schemas/section.schema.json.",
    why: "Each section says, in a fixed form, which domain it is, which proposals it \
          reports on and its status; tools and reviewers rely on that form.",
    example: "`status: done`. Fix: one of `draft`, `review`, `final`.",
    fixable: false,
};

pub const UNKNOWN_DOMAIN: Rule = Rule {
    code: "S004",
    name: "unknown-domain",
    severity: Error,
    summary: "The front matter names a domain that is not in schemas/domains.yaml.",
    why: "Headings, order and the year-over-year diff all come from the catalog: a section \
          outside it would be printed nowhere.",
    example: "`domain: spce`. Fix: `domain: space`.",
    fixable: false,
};

pub const DUPLICATE_DOMAIN: Rule = Rule {
    code: "S005",
    name: "duplicate-domain",
    severity: Error,
    summary: "Two section files of one language name the same domain.",
    why: "A domain is printed once, under one heading: two files for it means one of them \
          would be lost or the section printed twice.",
    example: "`drafts/fr/11-space.md` and `drafts/fr/11-espace.md` both say `domain: space`. \
              Fix: merge them into one file.",
    fixable: false,
};

pub const MISSING_DOMAIN: Rule = Rule {
    code: "S006",
    name: "missing-domain",
    severity: Error,
    summary: "A catalog domain has no section file in one of the edition's languages.",
    why: "The report covers every domain of cooperation, in every language it is published \
          in; a missing section is a hole in the published report.",
    example: "No file in `drafts/en/` says `domain: space`. Fix: add `drafts/en/11-space.md`.",
    fixable: false,
};

pub const EMPTY_SECTION: Rule = Rule {
    code: "S007",
    name: "empty-section",
    severity: Error,
    summary: "A section file has front matter but no text.",
    why: "An empty section prints a heading with nothing under it.",
    example: "A file that ends right after its closing `---`. Fix: write the section, or \
              mark it `status: draft` and fill it before release.",
    fixable: false,
};

use Severity::Error;

/// Reports the S findings of one section file: its front matter, its text, its domain.
pub fn check_section(ctx: &mut Ctx, section: &Section, _: &mut Facts) {
    let edition = ctx.edition;
    let file = &section.file;
    match &section.front {
        FrontMatterState::Missing => ctx.report(
            Diagnostic::new(&INVALID_FRONT_MATTER, file, 0..0, msg!("S003-missing"))
                .with_help(msg!("S003-missing-help")),
        ),
        FrontMatterState::Syntax(err) => ctx.report(
            Diagnostic::new(
                &INVALID_YAML,
                file,
                err.offset..err.offset,
                msg!("S002", detail = err.message.as_str()),
            )
            .with_help(msg!("S002-help")),
        ),
        FrontMatterState::Invalid { violations, .. } => {
            for v in violations {
                ctx.report(
                    Diagnostic::new(
                        &INVALID_FRONT_MATTER,
                        file,
                        v.span.clone(),
                        msg!("S003", detail = &v.message),
                    )
                    .with_help(msg!("S003-help", detail = &v.help)),
                );
            }
        }
        FrontMatterState::Valid(front) => {
            // A translation opened by `translate start` is empty until its paragraphs
            // come in: its record says so, and F007 shows the progress.
            let in_progress = front
                .translated_from
                .as_ref()
                .is_some_and(|r| !r.untranslated.is_empty())
                && edition.meta.value.source.as_ref().is_some_and(|s| {
                    *s != section.lang && edition.meta.value.languages.contains(s)
                });
            if section.paragraphs.is_empty() && !in_progress {
                let end = section.front_range.end;
                ctx.report(
                    Diagnostic::new(
                        &EMPTY_SECTION,
                        file,
                        end..end,
                        msg!("S007", domain = &front.domain),
                    )
                    .with_help(msg!("S007-help")),
                );
            }
        }
    }
    let Some(slug) = section.domain() else {
        return;
    };
    if edition.catalog.domain(slug).is_none() {
        let span = section.front_span("/domain");
        let d = Diagnostic::new(&UNKNOWN_DOMAIN, file, span, msg!("S004", slug = slug));
        ctx.report(match meant_domain(ctx, slug) {
            Some(near) => d.with_help(msg!("did-you-mean", near = near)),
            None => d.with_help(msg!("S004-help")),
        });
    }
}

/// The catalog domain an unknown slug probably meant.
fn meant_domain<'a>(ctx: &Ctx<'a, '_>, slug: &str) -> Option<&'a str> {
    let slugs = ctx
        .edition
        .catalog
        .domains
        .domains
        .iter()
        .map(|d| d.slug.as_str());
    closest(slug, slugs)
}

/// Reports the S findings that look across files: unreadable files, duplicate and
/// missing domains.
pub fn check(ctx: &mut Ctx) {
    let edition = ctx.edition;
    for bad in &edition.unreadable {
        let span = bad.offset..bad.offset;
        ctx.report(
            Diagnostic::new(
                &UNREADABLE_FILE,
                &bad.file,
                span,
                msg!(
                    "S001",
                    path = &bad.file.path,
                    reason = bad.reason.to_string()
                ),
            )
            .with_help(msg!("S001-help")),
        );
    }

    // The domain an unreadable file was meant for, as far as its text shows: reported once,
    // as unreadable, not also as missing.
    let unreadable_domains: HashSet<(String, String)> = edition
        .unreadable
        .iter()
        .filter_map(|bad| {
            let section = parse_section(&bad.file.path, &bad.lang, bad.file.text.clone());
            section.domain().map(|d| (bad.lang.clone(), d.to_string()))
        })
        .collect();
    // (lang, slug) -> first section path, to find duplicates.
    let mut seen: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    // (lang, slug) of domains an unknown slug probably meant: reported once, as the typo
    // (by `check_section`).
    let mut meant: HashSet<(&str, &str)> = HashSet::new();
    for section in &edition.sections {
        let file = &section.file;
        let Some(slug) = section.domain() else {
            continue;
        };
        if edition.catalog.domain(slug).is_none() {
            if let Some(near) = meant_domain(ctx, slug) {
                meant.insert((section.lang.as_str(), near));
            }
            continue;
        }
        match seen.get(&(section.lang.as_str(), slug)) {
            Some(first) => {
                let span = section.front_span("/domain");
                ctx.report(
                    Diagnostic::new(
                        &DUPLICATE_DOMAIN,
                        file,
                        span,
                        msg!("S005", slug = slug, lang = &section.lang, first = *first),
                    )
                    .with_help(msg!("S005-help")),
                );
            }
            None => {
                seen.insert((section.lang.as_str(), slug), file.path.as_str());
            }
        }
    }

    let meta = &edition.meta;
    let meta_spans = LazySpans::new(&meta.file);
    for (i, lang) in meta.value.languages.iter().enumerate() {
        for (order, domain) in edition.catalog.domains.domains.iter().enumerate() {
            let key = (lang.as_str(), domain.slug.as_str());
            let unreadable = unreadable_domains.contains(&(lang.clone(), domain.slug.clone()));
            if seen.contains_key(&key) || meant.contains(&key) || unreadable {
                continue;
            }
            let span = meta_spans.get(&format!("/languages/{i}"), false);
            ctx.report(
                Diagnostic::new(
                    &MISSING_DOMAIN,
                    &meta.file,
                    span,
                    msg!("S006", slug = &domain.slug, lang = lang),
                )
                .with_help(msg!(
                    "S006-help",
                    path = format!("drafts/{lang}/{order:02}-{}.md", domain.slug),
                    slug = &domain.slug
                )),
            );
        }
    }
}
