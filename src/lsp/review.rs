//! Reviewers' open comments (drafts/reviews/, from `rapporteur review import`) as
//! information diagnostics on the paragraph each is anchored to, so that the drafter
//! sees them where the text is; `rapporteur review resolve` closes them.

use lsp_types::{Diagnostic as LspDiagnostic, DiagnosticSeverity, NumberOrString};

use super::text::{self, Encoding};
use super::workspace::Workspace;
use crate::review::anchored_paragraph;

/// Each open thread as `(section path, diagnostic)`: on its paragraph when the section
/// still has it, else at the top of the section (its paragraph changed since).
pub fn review_diagnostics(ws: &Workspace, encoding: Encoding) -> Vec<(String, LspDiagnostic)> {
    let Some(edition) = &ws.edition else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for open in &ws.review_threads {
        let thread = &open.thread;
        let Some(domain) = thread.domain.as_deref() else {
            continue;
        };
        let Some(section) = edition
            .sections_in(&open.lang)
            .find(|s| s.domain() == Some(domain))
        else {
            continue;
        };
        let (span, moved) = match anchored_paragraph(section, thread) {
            Some(i) => (section.paragraphs[i].clone(), ""),
            None => (0..0, " (its paragraph has changed since)"),
        };
        let mut message = format!("{}: {}{moved}", thread.author, thread.text);
        for reply in &thread.replies {
            message.push_str(&format!("\n↳ {}: {}", reply.author, reply.text));
        }
        message.push_str(&format!(
            "\nreview comment {}: `rapporteur review resolve {}` once settled",
            open.id, open.id
        ));
        out.push((
            section.file.path.clone(),
            LspDiagnostic {
                range: text::range(&section.file, &span, encoding),
                severity: Some(DiagnosticSeverity::INFORMATION),
                code: Some(NumberOrString::String("comment".into())),
                source: Some("rapporteur review".into()),
                message,
                ..LspDiagnostic::default()
            },
        ));
    }
    out
}
