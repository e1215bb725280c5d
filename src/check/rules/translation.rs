//! F: translation freshness. When drafts/report.yaml names the drafting language
//! (`source: en`), every section of another language records what it was translated
//! from: one fingerprint per source paragraph (`translated_from` in its front matter).
//! These rules align that record with the current source paragraphs and say which
//! translated paragraphs are behind.
//!
//! They compare fingerprints only, never reading git, so that `check` stays as fast with
//! them as without: within a run of differing paragraphs they pair by position (see
//! `translate::align`), where `rapporteur translate diff` also compares the old and the
//! new source text.

use crate::check::Ctx;
use crate::check::diagnostic::{Diagnostic, Severity};
use crate::check::registry::Rule;
use crate::load::Section;
use crate::msg;
use crate::translate::align::{
    Counterparts, Fate, Positional, Tracking, opening_words, same_as_source, source_language,
};

pub const SOURCE_CHANGED: Rule = Rule {
    code: "F001",
    name: "source-changed-since-translation",
    severity: Severity::Warning,
    summary: "The source-language paragraph this paragraph translates has changed since it \
              was translated.",
    why: "A translation that silently lags behind its source publishes last month's figures \
          and wording in one language only. The finding sits on the translated paragraph \
          that needs work; `rapporteur translate diff` shows what changed in the source, \
          word by word, above it. Teams raise it to an error for release with \
          `rules: {F001: error}`.",
    example: "`drafts/en/01-cyber.md` now says `14 exercises` where it said `12`, and \
              `drafts/fr/01-cyber.md` still says `12 exercices`. Fix: update the French \
              paragraph, then `rapporteur translate accept cyber --lang fr --paragraph 2`.",
    fixable: false,
};

pub const SOURCE_ADDED: Rule = Rule {
    code: "F002",
    name: "source-paragraph-untranslated",
    severity: Severity::Warning,
    summary: "A paragraph was added to the source-language section after this section was \
              translated, and has no translation yet.",
    why: "The translation is missing a paragraph of the source. The finding points at the \
          place where the translation belongs; the paragraphs after it are still matched \
          with their own source paragraphs, so they are not reported.",
    example: "A new third paragraph in `drafts/en/01-cyber.md`. Fix: translate it (by hand \
              or through `rapporteur xliff export`), then `rapporteur translate accept \
              cyber --lang fr` (or `xliff import`, which records it).",
    fixable: false,
};

pub const SOURCE_REMOVED: Rule = Rule {
    code: "F003",
    name: "translation-of-removed-paragraph",
    severity: Severity::Warning,
    summary: "This paragraph translates a source-language paragraph that has since been \
              removed.",
    why: "An orphaned paragraph says in one language what the report no longer says in \
          the others.",
    example: "The second paragraph of `drafts/en/01-cyber.md` was deleted; its French \
              translation is still there. Fix: delete the French paragraph, then \
              `rapporteur translate accept cyber --lang fr`.",
    fixable: false,
};

pub const NO_RECORD: Rule = Rule {
    code: "F004",
    name: "translation-without-record",
    severity: Severity::Warning,
    summary: "A translated section has no `translated_from` record, so nobody can tell \
              which of its paragraphs are behind the source.",
    why: "Without the record, a change in the source language goes unnoticed in this \
          language until a reader finds it.",
    example: "`drafts/fr/01-cyber.md` has no `translated_from:` in its front matter. Fix: \
              when its paragraphs match the source's one for one, `rapporteur translate \
              init --lang fr` writes the first record.",
    fixable: false,
};

pub const RECORD_MISFIT: Rule = Rule {
    code: "F005",
    name: "translation-record-misfit",
    severity: Severity::Warning,
    summary: "A section's `translated_from` record does not fit it: it lists a different \
              number of source paragraphs than the section has paragraphs, or it sits in \
              a section that is not a translation.",
    why: "The record holds one fingerprint per translated paragraph; once the counts \
          differ (a paragraph added, split or deleted by hand), no paragraph can be \
          matched with its source and the F and L rules lose their alignment.",
    example: "The record lists 6 fingerprints, the section has 7 paragraphs after a \
              paragraph was translated by hand. Fix: make the paragraphs match the source \
              one for one, then `rapporteur translate accept cyber --lang fr`.",
    fixable: false,
};

pub const SAME_AS_SOURCE: Rule = Rule {
    code: "F006",
    name: "translation-same-as-source",
    severity: Severity::Warning,
    summary: "A translated paragraph is its source-language paragraph, word for word or \
              nearly (90 % of its words or more).",
    why: "An untranslated paragraph is never a translation: CAT tools copy the source into \
          segments they have no translation for, and a paragraph pasted to be translated \
          later is easily forgotten. Published, the report then speaks the source language \
          in the middle of another. Where the sameness is meant (a name, a title quoted in \
          the original), say so with an allow comment on the line above the paragraph.",
    example: "`drafts/en/03-resilience.md` paragraph 2 reads `La coopération \
              civilo-militaire a progressé…`, as `drafts/fr/03-resilience.md` does. Fix: \
              translate it (`rapporteur xliff export --lang en` hands it to a CAT tool).",
    fixable: false,
};

pub const IN_PROGRESS: Rule = Rule {
    code: "F007",
    name: "translation-in-progress",
    severity: Severity::Warning,
    summary: "A translated section still has source paragraphs that are not translated yet \
              (one finding per section, with the count).",
    why: "`rapporteur translate start` opens a language with every paragraph untranslated; \
          until each one is translated, the section is incomplete. One finding per section \
          shows the progress without a finding per paragraph; `rapporteur translate status` \
          counts them, `rapporteur xliff export` hands them to a CAT tool.",
    example: "`drafts/en/03-resilience.md`: 5 of 7 paragraphs of `drafts/fr/03-resilience.md` \
              not translated yet. Fix: translate them through `rapporteur xliff export --lang \
              en` and `xliff import`.",
    fixable: false,
};

/// Reports the F family.
pub fn check(ctx: &mut Ctx) {
    let edition = ctx.edition;
    let source = source_language(edition);
    for section in &edition.sections {
        let Some(front) = section.front_matter() else {
            continue;
        };
        if front.translated_from.is_none() {
            continue;
        }
        let message = match source {
            None => msg!("F005-no-source"),
            Some(s) if s == section.lang => msg!("F005-source", source = s),
            Some(_) => continue,
        };
        ctx.report(
            Diagnostic::new(
                &RECORD_MISFIT,
                &section.file,
                section.front_span("/translated_from"),
                message,
            )
            .with_help(msg!("F005-no-translation-help")),
        );
    }
    let found: Vec<Diagnostic> = ctx
        .translations()
        .iter()
        .flat_map(section_findings)
        .collect();
    for d in found {
        ctx.report(d);
    }
}

/// The F findings of one translated section.
fn section_findings(tracked: &Positional<'_>) -> Vec<Diagnostic> {
    let (lang, pair) = (tracked.lang, &tracked.pair);
    let mut out = Vec::new();
    match &tracked.tracking {
        Tracking::NoRecord => out.push(no_record(pair, lang)),
        Tracking::Misfit {
            recorded,
            paragraphs,
        } => out.push(misfit(pair, lang, *recorded, *paragraphs)),
        Tracking::Aligned(steps) => {
            let t = pair.translation;
            let s = pair.source;
            let source_lang = &s.lang;
            let domain = pair.domain;
            let untranslated = steps
                .iter()
                .filter(|s| s.fate == Fate::Untranslated)
                .count();
            if untranslated > 0 {
                out.push(
                    Diagnostic::new(
                        &IN_PROGRESS,
                        &t.file,
                        t.front_span("/translated_from"),
                        msg!(
                            "F007",
                            untranslated = untranslated,
                            count = s.paragraphs.len(),
                            path = &s.file.path
                        ),
                    )
                    .with_help(msg!("F007-help", lang = lang)),
                );
            }
            for (k, step) in steps.iter().enumerate() {
                if let (Some(i), Some(j)) = (step.recorded, step.source)
                    && same_as_source(t.paragraph(i), s.paragraph(j))
                {
                    let r = t.paragraphs[i].clone();
                    let (line, _) = s.file.line_col(s.paragraphs[j].start);
                    out.push(
                        Diagnostic::new(
                            &SAME_AS_SOURCE,
                            &t.file,
                            r.start..r.start,
                            msg!(
                                "F006",
                                source_lang = source_lang.as_str(),
                                at = format!("{}:{line}", s.file.path)
                            ),
                        )
                        .with_help(msg!("F006-help", lang = lang)),
                    );
                }
                match step.fate {
                    Fate::Unchanged | Fate::Untranslated => {}
                    Fate::Edited => {
                        let (Some(i), Some(j)) = (step.recorded, step.source) else {
                            continue;
                        };
                        let r = t.paragraphs[i].clone();
                        let (line, _) = s.file.line_col(s.paragraphs[j].start);
                        out.push(
                            Diagnostic::new(
                                &SOURCE_CHANGED,
                                &t.file,
                                r.start..r.start,
                                msg!(
                                    "F001",
                                    source_lang = source_lang.as_str(),
                                    at = format!("{}:{line}", s.file.path)
                                ),
                            )
                            .with_help(msg!(
                                "F001-help",
                                domain = domain,
                                lang = lang,
                                paragraph = i + 1
                            )),
                        );
                    }
                    Fate::Added => {
                        let Some(j) = step.source else { continue };
                        let at = insertion_point(t, &steps[k + 1..]);
                        let (line, _) = s.file.line_col(s.paragraphs[j].start);
                        out.push(
                            Diagnostic::new(
                                &SOURCE_ADDED,
                                &t.file,
                                at..at,
                                msg!(
                                    "F002",
                                    source_lang = source_lang.as_str(),
                                    at = format!("{}:{line}", s.file.path),
                                    opening = opening_words(s.paragraph(j), 8)
                                ),
                            )
                            .with_help(msg!(
                                "F002-help",
                                domain = domain,
                                lang = lang
                            )),
                        );
                    }
                    Fate::Removed => {
                        let Some(i) = step.recorded else { continue };
                        let r = t.paragraphs[i].clone();
                        out.push(
                            Diagnostic::new(
                                &SOURCE_REMOVED,
                                &t.file,
                                r.start..r.start,
                                msg!(
                                    "F003",
                                    source_lang = source_lang.as_str(),
                                    path = &s.file.path
                                ),
                            )
                            .with_help(msg!(
                                "F003-help",
                                domain = domain,
                                lang = lang
                            )),
                        );
                    }
                }
            }
        }
    }
    out
}

/// Where a translation of an added source paragraph belongs: the start of the next
/// translated paragraph in the alignment, or the end of the section.
fn insertion_point(translation: &Section, rest: &[crate::translate::align::Step]) -> usize {
    rest.iter()
        .find_map(|s| s.recorded)
        .map(|i| translation.paragraphs[i].start)
        .or_else(|| translation.paragraphs.last().map(|r| r.end))
        .unwrap_or(translation.front_range.end)
}

fn no_record(pair: &Counterparts<'_>, lang: &str) -> Diagnostic {
    let t = pair.translation;
    let s = pair.source;
    let help = if t.paragraphs.len() == s.paragraphs.len() {
        msg!("F004-help-match", path = &s.file.path, lang = lang)
    } else {
        msg!(
            "F004-help",
            count = t.paragraphs.len(),
            path = &s.file.path,
            source_count = s.paragraphs.len(),
            lang = lang
        )
    };
    Diagnostic::new(
        &NO_RECORD,
        &t.file,
        t.front_span("/domain"),
        msg!("F004", source_lang = &s.lang),
    )
    .with_help(help)
}

fn misfit(pair: &Counterparts<'_>, lang: &str, recorded: usize, paragraphs: usize) -> Diagnostic {
    let t = pair.translation;
    let s = pair.source;
    Diagnostic::new(
        &RECORD_MISFIT,
        &t.file,
        t.front_span("/translated_from/paragraphs"),
        msg!("F005", recorded = recorded, paragraphs = paragraphs),
    )
    .with_help(msg!(
        "F005-help",
        path = &s.file.path,
        count = s.paragraphs.len(),
        domain = pair.domain,
        lang = lang
    ))
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_edition;
    use crate::load::parse_section;
    use crate::model::Fingerprint;

    /// A French section recording the fingerprints of `recorded` English paragraphs.
    fn translated(body: &str, recorded: &[&str]) -> String {
        let fps: Vec<String> = recorded
            .iter()
            .map(|p| format!("    - {}", Fingerprint::of(p)))
            .collect();
        format!(
            "---\ndomain: space\nstatus: draft\ntranslated_from:\n  commit: 0123456789abcdef0123456789abcdef01234567\n  paragraphs:\n{}\n---\n{body}\n",
            fps.join("\n")
        )
    }

    fn run(en: &str, fr_file: String) -> Vec<(&'static str, usize)> {
        let mut edition = test_edition(
            serde_json::json!({
                "number": 1, "period": {"start": "2025-06", "end": "2026-05"},
                "title": {"en": "t", "fr": "t"}, "languages": ["en", "fr"], "source": "en"
            }),
            &[("en", en)],
        );
        edition
            .sections
            .push(parse_section("drafts/fr/01-space.md", "fr", fr_file));
        crate::check::check_edition(&edition)
            .iter()
            .filter(|d| d.code.starts_with('F'))
            .map(|d| (d.code, d.line))
            .collect()
    }

    const EN: [&str; 3] = ["One 12.", "Two.", "Three."];

    #[test]
    fn up_to_date_is_silent() {
        let found = run(
            &EN.join("\n\n"),
            translated("Un 12.\n\nDeux.\n\nTrois.", &EN),
        );
        assert_eq!(found, vec![]);
    }

    #[test]
    fn an_edit_an_insertion_and_a_removal() {
        let fr = translated("Un 12.\n\nDeux.\n\nTrois.", &EN);
        // Lines: front matter is 10 lines (--- … ---), body from line 11.
        assert_eq!(
            run("One 14.\n\nTwo.\n\nThree.", fr.clone()),
            vec![("F001", 11)]
        );
        assert_eq!(
            run("One 12.\n\nNew.\n\nTwo.\n\nThree.", fr.clone()),
            vec![("F002", 13)]
        );
        assert_eq!(run("One 12.\n\nThree.", fr), vec![("F003", 13)]);
    }

    #[test]
    fn a_language_in_progress_is_one_finding_and_a_copied_source_another() {
        // Two of three paragraphs untranslated: one F007, no F002, no empty section.
        let fr = format!(
            "---\ndomain: space\nstatus: draft\ntranslated_from:\n  commit: 0123456789abcdef0123456789abcdef01234567\n  paragraphs:\n    - {}\n    - untranslated: {}\n    - untranslated: {}\n---\nUn 12.\n",
            Fingerprint::of(EN[0]),
            Fingerprint::of(EN[1]),
            Fingerprint::of(EN[2])
        );
        assert_eq!(run(&EN.join("\n\n"), fr), vec![("F007", 5)]);
        let fr = "---\ndomain: space\nstatus: draft\ntranslated_from:\n  commit: 0123456789abcdef0123456789abcdef01234567\n  paragraphs: [{untranslated: 95d09f2b10159347}]\n---\n";
        let found = run("Hello world.", fr.to_string());
        assert_eq!(found, vec![("F007", 5)]);
        // The source pasted as its translation (or nearly: one word of ten changed).
        let en = "One two three four five six seven eight nine ten.\n\nTwo.\n\nThree.";
        let paras: Vec<&str> = en.split("\n\n").collect();
        let fr = translated(
            "One two three four five six seven eight nine dix.\n\nDeux.\n\nTrois.",
            &paras,
        );
        assert_eq!(run(en, fr), vec![("F006", 11)]);
        assert!(!crate::translate::align::same_as_source(
            "L'UE et l'OTAN ont tenu 12 réunions.",
            "The EU and NATO held 12 meetings."
        ));
    }

    #[test]
    fn missing_and_misfit_records() {
        let en = EN.join("\n\n");
        let found = run(
            &en,
            "---\ndomain: space\nstatus: draft\n---\nUn.\n\nDeux.\n\nTrois.\n".into(),
        );
        assert_eq!(found, vec![("F004", 2)]);
        let found = run(&en, translated("Un 12.\n\nDeux.", &EN));
        assert_eq!(found, vec![("F005", 7)], "the first recorded fingerprint");
    }
}
