//! R: review. `drafts/signoffs.yaml` records who approved which section, and the
//! fingerprint of what they approved (`rapporteur sign-off`). A section edited since
//! is no longer what was approved (R001); a section marked `final` that nobody signed
//! off may not be agreed at all (R002; a team that wants every section approved before
//! release says `signoff: required`, and the release gate waits for them). A section not
//! `final` (R003) is reported by the release gate only (`check::gate`).

use crate::check::Ctx;
use crate::check::diagnostic::{Diagnostic, Severity};
use crate::check::registry::Rule;
use crate::load::{Edition, Section};
use crate::model::signoff::section_fingerprint;
use crate::model::{SignOff, SignOffPolicy, Status};
use crate::msg;

pub const CHANGED_SINCE_SIGNOFF: Rule = Rule {
    code: "R001",
    name: "changed-since-signoff",
    severity: Severity::Warning,
    summary: "A section's paragraphs or proposals changed after a reviewer signed it off.",
    why: "A sign-off approves one text. Once the section is edited, the approval no longer \
          covers what will be published: the reviewer should see the change and sign \
          again.",
    example: "`resilience` was signed off by Jeanne Dupont on 2026-03-02, then a paragraph \
              was edited. Fix: `rapporteur diff --since-signoff resilience` shows the edit; \
              the reviewer signs again with `rapporteur sign-off resilience --by …`.",
    fixable: false,
};

pub const FINAL_WITHOUT_SIGNOFF: Rule = Rule {
    code: "R002",
    name: "final-without-signoff",
    severity: Severity::Info,
    summary: "A section is marked `final` but nobody signed it off for this edition.",
    why: "`final` says the section is agreed; a sign-off records who agreed and to which \
          text. Teams that require approval before release say `signoff: required` in \
          drafts/report.yaml: the release gate (`build`, `edition next`) then refuses while \
          a section lacks its sign-off. A team \
          that does not use sign-offs is not told about them: the rule applies once \
          drafts/signoffs.yaml exists (the first `rapporteur sign-off` creates it), when \
          `signoff: required` is set, or when `rules:` names R002.",
    example: "`status: final` in `space`, absent from drafts/signoffs.yaml. Fix: `rapporteur \
              sign-off space --by \"Jeanne Dupont\"`.",
    fixable: false,
};

pub const SECTION_NOT_FINAL: Rule = Rule {
    code: "R003",
    name: "section-not-final",
    severity: Severity::Error,
    summary: "A section's status is not `final` (reported by the release gate: `build` \
              without `--draft` and `edition next`; `check` does not report it).",
    why: "`status: final` is the team's word that a section is agreed. A release publishes \
          only agreed text: a section still in `draft` or `review` stops the release, and \
          a draft for circulation lists it among its open points.",
    example: "`status: review` in `space` when the report is built. Fix: once the section is \
              agreed, `rapporteur status set final space` (or `--all`).",
    fixable: false,
};

/// Where a section stands against its sign-off.
#[derive(Debug, Clone, Copy)]
pub enum SignOffState<'a> {
    /// No sign-off for this edition.
    None,
    /// Signed off, and unchanged since.
    Current(&'a SignOff),
    /// Signed off, then changed.
    Changed(&'a SignOff),
}

/// The fingerprint a sign-off of this section would record now (its paragraphs and
/// proposals), when its front matter is readable.
pub fn fingerprint_of(section: &Section) -> Option<String> {
    let front = section.front_matter()?;
    Some(section_fingerprint(
        section.paragraph_texts(),
        &front.proposals,
    ))
}

/// The sign-off state of a section. Sign-offs of another edition do not count.
pub fn signoff_state<'a>(edition: &'a Edition, section: &Section) -> SignOffState<'a> {
    let (Some(signoffs), Some(domain)) = (&edition.signoffs, section.domain()) else {
        return SignOffState::None;
    };
    let Some(signoff) = signoffs
        .value
        .get(&section.lang, domain)
        .filter(|s| s.edition == edition.meta.value.number)
    else {
        return SignOffState::None;
    };
    if fingerprint_of(section).as_deref() == Some(signoff.fingerprint.as_str()) {
        SignOffState::Current(signoff)
    } else {
        SignOffState::Changed(signoff)
    }
}

/// Reports the R family.
pub fn check(ctx: &mut Ctx) {
    let edition = ctx.edition;
    let uses_signoffs = edition.signoffs.is_some()
        || edition.meta.value.signoff == SignOffPolicy::Required
        || edition
            .meta
            .value
            .rules
            .contains_key(FINAL_WITHOUT_SIGNOFF.code);
    for section in &edition.sections {
        let Some(front) = section.front_matter() else {
            continue;
        };
        match signoff_state(edition, section) {
            SignOffState::Changed(signoff) => {
                let span = section.front_span("/domain");
                let short = &signoff.commit[..signoff.commit.len().min(10)];
                ctx.report(
                    Diagnostic::new(
                        &CHANGED_SINCE_SIGNOFF,
                        &section.file,
                        span,
                        msg!(
                            "R001",
                            domain = &front.domain,
                            by = &signoff.by,
                            date = signoff.date.to_string(),
                            commit = short
                        ),
                    )
                    .with_help(msg!("R001-help", domain = &front.domain)),
                );
            }
            SignOffState::None if uses_signoffs && front.status == Status::Final => {
                let span = section.front_span("/status");
                ctx.report(
                    Diagnostic::new(
                        &FINAL_WITHOUT_SIGNOFF,
                        &section.file,
                        span,
                        msg!(
                            "R002",
                            domain = &front.domain,
                            edition = edition.meta.value.number
                        ),
                    )
                    .with_help(msg!("R002-help", domain = &front.domain)),
                );
            }
            _ => {}
        }
    }
}
