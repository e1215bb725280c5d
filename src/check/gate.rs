//! The release gate: what stops an edition from going out. `build` without `--draft`
//! and `edition next` (which tags the release) refuse while any blocker remains; a
//! `build --draft` lists them as its open points. A blocker is a finding of `check` at
//! error level; last year's wording (E001) or a date after the period (E003), which are
//! only warnings while drafting; a section changed since its sign-off (R001); a final
//! section nobody signed off (R002) when drafts/report.yaml says `signoff: required`;
//! and a section whose status is not `final` (R003, which only the gate reports). A
//! finding acknowledged by an allow comment is no blocker (`rules::allow`).
//!
//! Gating is per language: a finding belongs to the language of its file, and the
//! catalog's and drafts/report.yaml's to every language, so that `build --lang fr` is not
//! held back by an English translation in progress.

use super::diagnostic::Diagnostic;
use super::rules::review::SECTION_NOT_FINAL;
use crate::load::Edition;
use crate::model::{EditionMeta, SignOffPolicy, Status};
use crate::msg;

/// The codes that block a release whatever their severity.
pub const BLOCKING_CODES: &[&str] = &["E001", "E003", "R001"];

/// The language a finding belongs to: that of its section file (`drafts/fr/…` is `fr`);
/// none for drafts/report.yaml, the sign-offs, the catalog and any other file of the
/// whole edition.
pub fn finding_lang(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("drafts/")?;
    let (lang, _) = rest.split_once('/')?;
    Some(lang)
}

/// Whether a finding belongs to `lang` (or to every language).
pub fn in_lang(path: &str, lang: &str) -> bool {
    finding_lang(path).is_none_or(|l| l == lang)
}

/// Whether a finding of `check` stops the release.
pub fn blocks(meta: &EditionMeta, d: &Diagnostic) -> bool {
    d.severity == super::Severity::Error
        || BLOCKING_CODES.contains(&d.code)
        || (d.code == "R002" && meta.signoff == SignOffPolicy::Required)
}

/// The release blockers of `edition`, given what `check` found in it (allowed findings
/// already out): the findings that block, then a finding R003 for each section not
/// `final`. With `lang`, only those of that language and of the whole edition. Sorted as
/// `check` sorts.
pub fn release_blockers(
    edition: &Edition,
    diagnostics: &[Diagnostic],
    lang: Option<&str>,
) -> Vec<Diagnostic> {
    let wanted = |path: &str| lang.is_none_or(|lang| in_lang(path, lang));
    let meta = &edition.meta.value;
    let mut blockers: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| wanted(&d.path) && blocks(meta, d))
        .cloned()
        .collect();
    for section in &edition.sections {
        let Some(front) = section.front_matter() else {
            continue;
        };
        if front.status == Status::Final || !wanted(&section.file.path) {
            continue;
        }
        let span = section.front_span("/status");
        blockers.push(
            Diagnostic::new(
                &SECTION_NOT_FINAL,
                &section.file,
                span,
                msg!(
                    "R003",
                    domain = &front.domain,
                    status = front.status.as_str()
                ),
            )
            .with_help(msg!("R003-help", domain = &front.domain)),
        );
    }
    blockers.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.code, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.code, &b.message))
    });
    blockers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_belongs_to_its_file_s_language() {
        assert_eq!(finding_lang("drafts/fr/03-resilience.md"), Some("fr"));
        assert_eq!(finding_lang("drafts/report.yaml"), None);
        assert_eq!(finding_lang("schemas/terminology.yaml"), None);
        assert!(in_lang("drafts/report.yaml", "fr"));
        assert!(!in_lang("drafts/en/03-resilience.md", "fr"));
    }

    #[test]
    fn the_shipped_edition_has_no_blocker_and_a_draft_has_one_per_section() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut edition = crate::load::load_edition(&crate::load::WorkTree::new(root)).unwrap();
        let found = super::super::check_edition(&edition);
        assert!(release_blockers(&edition, &found, None).is_empty());
        let path = edition.sections[3].file.path.clone();
        let text = edition.sections[3]
            .file
            .text
            .replace("status: final", "status: review");
        edition.sections[3] = crate::load::parse_section(&path, "fr", text);
        let blockers = release_blockers(&edition, &found, None);
        assert_eq!(blockers.len(), 1, "{blockers:?}");
        assert_eq!(blockers[0].code, "R003");
        assert_eq!(blockers[0].path, path);
        assert!(release_blockers(&edition, &found, Some("en")).is_empty());
    }
}
