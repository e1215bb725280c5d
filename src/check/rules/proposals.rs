//! P: proposals. Every proposal of the registry is reported on by some section, or
//! waived for the edition with a reason; sections name only proposals that exist.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{LazySpans, closest};
use crate::check::diagnostic::{Diagnostic, Severity};
use crate::check::registry::Rule;
use crate::check::{Ctx, Facts};
use crate::load::Section;
use crate::load::yaml::escape_pointer;
use crate::model::Proposal;
use crate::msg;

pub const UNKNOWN_PROPOSAL: Rule = Rule {
    code: "P001",
    name: "unknown-proposal",
    severity: Severity::Error,
    summary: "A section or a waiver names a proposal id that is not in schemas/proposals.yaml.",
    why: "The report is judged proposal by proposal; a reference to an id that does not \
          exist is a typo that hides the real proposal.",
    example: "`proposals: [2017-60]`. Fix: `proposals: [2017-06]`.",
    fixable: false,
};

pub const UNREFERENCED_PROPOSAL: Rule = Rule {
    code: "P002",
    name: "unreferenced-proposal",
    severity: Severity::Error,
    summary: "A proposal is referenced by no section and not waived.",
    why: "The report accounts for every one of the common proposals. One that no section \
          reports on must be waived explicitly, with a reason, so the gap is visible.",
    example: "`2016-03` appears in no front matter. Fix: add it to the `proposals` of the \
              section that reports on it, or to `waivers` in drafts/report.yaml with a reason.",
    fixable: false,
};

pub const PROPOSAL_OUTSIDE_AREA: Rule = Rule {
    code: "P003",
    name: "proposal-outside-area",
    severity: Severity::Info,
    summary: "A section references a proposal whose area is not one of the section's areas.",
    why: "Each proposal belongs to an area of cooperation; reporting on it under an \
          unrelated heading can be a wrong id. It is a note, not an error: the sets of \
          proposals group them by area while the report groups its sections by topic, so \
          a proposal often fits a section of another area.",
    example: "The section `space` lists `2017-05` (strategic communications). Fix: move the \
              reference to the section that reports on it.",
    fixable: false,
};

pub const PROPOSALS_WAIVED: Rule = Rule {
    code: "P004",
    name: "proposals-waived",
    severity: Severity::Info,
    summary: "Some proposals are waived for this edition.",
    why: "A waived proposal is not reported on; the report says so instead of hiding it.",
    example: "`waivers: {2016-01: \"text not yet in the registry\"}` gives one note listing \
              the waived ids.",
    fixable: false,
};

pub const STALE_WAIVER: Rule = Rule {
    code: "P005",
    name: "stale-waiver",
    severity: Severity::Warning,
    summary: "A proposal is waived but a section references it.",
    why: "A waiver says the edition does not report on the proposal; if a section does, the \
          waiver is out of date and would mislabel the proposal in the annex.",
    example: "`2017-06` is in `waivers` and in the `proposals` of `resilience`. Fix: remove \
              the waiver.",
    fixable: false,
};

pub const MISSING_WAIVER_REASON: Rule = Rule {
    code: "P006",
    name: "missing-waiver-reason",
    severity: Severity::Warning,
    summary: "A waiver gives no reason in one of the edition's languages.",
    why: "The annex of the release document states why each waived proposal is not \
          reported on, in the document's language. A reason missing in that language is \
          left out of that language's annex rather than shown in another language.",
    example: "`languages: [fr, en]` and `2016-03: {fr: \"texte non disponible\"}`. Fix: \
              `2016-03: {fr: \"texte non disponible\", en: \"text not available\"}`. A plain \
              string is the reason in the edition's first language only.",
    fixable: false,
};

/// Unknown ids that get a "did you mean" in one file, and in the edition: each costs an
/// edit distance per registry id, so that a front matter of a million unknown ids stays
/// linear.
const MAX_SUGGESTIONS: usize = 1000;

/// Reports the P findings of one section file: unknown ids, ids outside the section's
/// areas.
pub fn check_section(ctx: &mut Ctx, section: &Section, _: &mut Facts) {
    let catalog = &ctx.edition.catalog;
    let Some(front) = section.front_matter() else {
        return;
    };
    let ids = || catalog.proposals.proposals.iter().map(|p| p.id.as_str());
    let domain = catalog.domain(&front.domain);
    // The front matter's spans, walked once for all its findings.
    let spans = std::cell::OnceCell::new();
    let mut suggestions_left = MAX_SUGGESTIONS;
    for (i, id) in front.proposals.iter().enumerate() {
        let span = || {
            let spans = spans.get_or_init(|| section.front_spans());
            section.front_span_in(spans, &format!("/proposals/{i}"))
        };
        let Some(proposal) = catalog.proposal(id) else {
            let d = Diagnostic::new(
                &UNKNOWN_PROPOSAL,
                &section.file,
                span(),
                msg!("P001", id = id.as_str()),
            );
            let near = (suggestions_left > 0).then(|| closest(id, ids())).flatten();
            suggestions_left = suggestions_left.saturating_sub(1);
            ctx.report(with_suggestion(d, near, ids().next()));
            continue;
        };
        if let (Some(area), Some(domain)) = (&proposal.area, domain)
            && !domain.areas.is_empty()
            && !domain.areas.contains(area)
        {
            ctx.report(
                Diagnostic::new(
                    &PROPOSAL_OUTSIDE_AREA,
                    &section.file,
                    span(),
                    msg!(
                        "P003",
                        id = id.as_str(),
                        area = area.as_str(),
                        domain = &domain.slug,
                        areas = domain.areas.join(", ")
                    ),
                )
                .with_help(msg!("P003-help")),
            );
        }
    }
}

/// Reports the P findings that look across files: waivers, proposals no section
/// references, the note on waived proposals.
pub fn check(ctx: &mut Ctx) {
    let edition = ctx.edition;
    let catalog = &edition.catalog;
    let ids = || catalog.proposals.proposals.iter().map(|p| p.id.as_str());
    let example = ids().next();
    let meta = &edition.meta;
    // Spans of report.yaml and proposals.yaml, parsed once, when a finding needs one.
    let meta_spans = LazySpans::new(&meta.file);
    let registry_spans = LazySpans::new(&edition.catalog_files.proposals);
    let waivers = &meta.value.waivers;
    // Ids are looked up once per reference: a map, not a scan of the registry each time.
    let by_id: HashMap<&str, &Proposal> = catalog
        .proposals
        .proposals
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect();
    let proposal = |id: &str| by_id.get(id).copied();
    // "Did you mean" costs an edit distance per registry id: given for the first unknown
    // ids only, so that a front matter of a million unknown ids stays linear.
    let mut suggestions_left = MAX_SUGGESTIONS;
    let mut suggest = |id: &str| {
        if suggestions_left == 0 {
            return None;
        }
        suggestions_left -= 1;
        closest(id, ids())
    };

    let mut referenced: BTreeSet<&str> = BTreeSet::new();
    // Ids that an unknown id probably meant: the typo is the finding (reported by
    // `check_section`), not the gap.
    let mut meant: BTreeSet<&str> = BTreeSet::new();
    // Coverage is judged only when every section's front matter could be read: a broken
    // file would otherwise make its proposals look unreferenced.
    let all_read = edition.unreadable.is_empty()
        && edition.sections.iter().all(|s| s.front_matter().is_some());
    for section in &edition.sections {
        let Some(front) = section.front_matter() else {
            continue;
        };
        for id in &front.proposals {
            match proposal(id) {
                Some(proposal) => {
                    referenced.insert(proposal.id.as_str());
                }
                None => meant.extend(suggest(id)),
            }
        }
    }

    for id in waivers.keys() {
        let pointer = format!("/waivers/{}", escape_pointer(id));
        if proposal(id).is_none() {
            let span = meta_spans.get(&pointer, true);
            let d = Diagnostic::new(
                &UNKNOWN_PROPOSAL,
                &meta.file,
                span,
                msg!("P001-waiver", id = id.as_str()),
            );
            ctx.report(with_suggestion(d, suggest(id), example));
        } else if referenced.contains(id.as_str()) {
            let span = meta_spans.get(&pointer, true);
            ctx.report(
                Diagnostic::new(
                    &STALE_WAIVER,
                    &meta.file,
                    span,
                    msg!("P005", id = id.as_str()),
                )
                .with_help(msg!("P005-help")),
            );
        }
    }

    let registry_file = &edition.catalog_files.proposals;
    for (i, proposal) in catalog.proposals.proposals.iter().enumerate() {
        let id = proposal.id.as_str();
        if all_read && !referenced.contains(id) && !waivers.contains_key(id) && !meant.contains(id)
        {
            let span = registry_spans.get(&format!("/proposals/{i}/id"), false);
            ctx.report(
                Diagnostic::new(
                    &UNREFERENCED_PROPOSAL,
                    registry_file,
                    span,
                    msg!("P002", id = id),
                )
                .with_help(msg!("P002-help", id = id)),
            );
        }
    }

    check_waiver_languages(ctx, &meta_spans);

    let waived: Vec<&str> = waivers
        .keys()
        .map(String::as_str)
        .filter(|id| proposal(id).is_some() && !referenced.contains(id))
        .collect();
    if !waived.is_empty() {
        let span = meta_spans.get("/waivers", true);
        let first = meta.value.first_language();
        let reasons: BTreeSet<&str> = waived
            .iter()
            .filter_map(|id| waivers.get(*id))
            .map(|w| w.any_reason(first))
            .collect();
        let (waived_count, total, ids) = (
            waived.len(),
            catalog.proposals.proposals.len(),
            compress_ids(&waived),
        );
        let message = match reasons.len() {
            1 => msg!(
                "P004-reason",
                waived = waived_count,
                total = total,
                ids = ids,
                reason = reasons.into_iter().next().unwrap_or_default()
            ),
            _ => msg!("P004", waived = waived_count, total = total, ids = ids),
        };
        ctx.report(Diagnostic::new(
            &PROPOSALS_WAIVED,
            &meta.file,
            span,
            message,
        ));
    }
}

/// P006: one finding per language of the edition in which some waivers give no reason,
/// listing them, at the first of them.
fn check_waiver_languages(ctx: &mut Ctx, meta_spans: &LazySpans) {
    let meta = &ctx.edition.meta;
    let first = meta.value.first_language();
    for lang in &meta.value.languages {
        let missing: Vec<&str> = meta
            .value
            .waivers
            .iter()
            .filter(|(_, w)| w.reason(lang, first).is_none())
            .map(|(id, _)| id.as_str())
            .collect();
        let Some(at) = missing.first() else {
            continue;
        };
        let span = meta_spans.get(&format!("/waivers/{}", escape_pointer(at)), true);
        let d = Diagnostic::new(
            &MISSING_WAIVER_REASON,
            &meta.file,
            span,
            msg!(
                "P006",
                count = missing.len(),
                lang = lang,
                ids = compress_ids(&missing)
            ),
        )
        .with_help(msg!(
            "P006-help",
            lang = lang,
            example = format!("{at}: {{{lang}: \"…\", …}}")
        ));
        ctx.report(d);
    }
}

/// The help of an unknown id: the id it probably meant, or what ids look like.
fn with_suggestion(d: Diagnostic, near: Option<&str>, example: Option<&str>) -> Diagnostic {
    match (near, example) {
        (Some(near), _) => d.with_help(msg!("did-you-mean", near = near)),
        (None, Some(example)) => d.with_help(msg!("P001-help", example = example)),
        (None, None) => d.with_help(msg!("P001-help-empty")),
    }
}

/// `2016-01, 2016-02, 2016-03, 2017-08` → `2016-01…2016-03, 2017-08`: runs of consecutive
/// numbers within a set are shown as ranges.
pub fn compress_ids(ids: &[&str]) -> String {
    let mut by_set: BTreeMap<&str, Vec<(u32, &str)>> = BTreeMap::new();
    let mut loose = Vec::new();
    for id in ids {
        match id
            .rsplit_once('-')
            .and_then(|(set, n)| n.parse::<u32>().ok().map(|n| (set, n)))
        {
            Some((set, n)) => by_set.entry(set).or_default().push((n, id)),
            None => loose.push(id.to_string()),
        }
    }
    let mut parts = Vec::new();
    for (_, mut numbers) in by_set {
        numbers.sort();
        let mut i = 0;
        while i < numbers.len() {
            let mut j = i;
            while j + 1 < numbers.len() && numbers[j + 1].0 == numbers[j].0 + 1 {
                j += 1;
            }
            parts.push(if j == i {
                numbers[i].1.to_string()
            } else {
                format!("{}…{}", numbers[i].1, numbers[j].1)
            });
            i = j + 1;
        }
    }
    parts.extend(loose);
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::compress_ids;

    #[test]
    fn compresses_runs() {
        let ids = [
            "2016-01", "2016-02", "2016-03", "2016-05", "2017-08", "2017-09",
        ];
        assert_eq!(
            compress_ids(&ids),
            "2016-01…2016-03, 2016-05, 2017-08…2017-09"
        );
    }
}
