//! Quick fixes: each safe fix of a finding as a code action on it, and "fix all in this
//! file", which gives the file as `rapporteur check --fix` would write it. The edits are
//! the rules' own (`Fix`), applied by `check::fix::apply_fixes`; the server only turns
//! them into LSP edits. Every finding in a paragraph also gets "Allow CODE here", which
//! inserts an allow comment above the paragraph with its reason to fill in
//! (`check::rules::allow`). Nothing is written: the editor applies the edits to its buffer.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Range, TextEdit, Uri,
    WorkspaceEdit,
};

use super::server::{Server, to_lsp};
use super::text;
use crate::check::fix::{MAX_ROUNDS, apply_fixes};
use crate::check::rules::allow;
use crate::check::{Edit, check_edition};
use crate::load::parse_section;

/// The kind of the "fix all" action: a `source.fixAll` action, which editors can also run
/// on save.
pub const FIX_ALL_KIND: &str = "source.fixAll.rapporteur";

/// The code actions for a range of a document.
pub fn code_actions(server: &Server, params: CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
    let uri = params.text_document.uri;
    let path = server.path_of(&uri)?;
    let ws = server.workspace.as_ref()?;
    let file = ws.source(&path)?;
    let findings = ws.findings.get(&path)?;
    let wanted = |kind: &str| {
        params.context.only.as_ref().is_none_or(|only| {
            only.iter()
                .any(|o| kind == o.as_str() || kind.starts_with(&format!("{}.", o.as_str())))
        })
    };
    let mut actions = Vec::new();
    if wanted(CodeActionKind::QUICKFIX.as_str()) {
        let section = ws
            .edition
            .as_ref()
            .and_then(|e| e.sections.iter().find(|s| s.file.path == path));
        for d in findings {
            let diagnostic = to_lsp(d, file, server.encoding);
            if !touches(&diagnostic.range, &params.range) {
                continue;
            }
            if let Some(fix) = &d.fix {
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| {
                        TextEdit::new(text::range(file, &e.span, server.encoding), e.text.clone())
                    })
                    .collect();
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("{} ({})", fix.description, d.code),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(edit_of(&uri, edits)),
                    is_preferred: Some(true),
                    ..CodeAction::default()
                }));
            }
            // "Allow E001 here": the allow comment above the finding's paragraph, its
            // reason to fill in (S008 until it is).
            if let Some(section) = section
                && !allow::OWN.contains(&d.code)
                && let Some(paragraph) = section.paragraph_at(d.span.start)
            {
                let start = section.paragraphs[paragraph].start;
                let line_start = file.text[..start].rfind('\n').map_or(0, |i| i + 1);
                let comment = format!(
                    "<!-- {} {}: {} -->\n",
                    allow::KEYWORD,
                    d.code,
                    allow::REASON_PLACEHOLDER
                );
                let edit = TextEdit::new(
                    text::range(file, &(line_start..line_start), server.encoding),
                    comment,
                );
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Allow {} here (say why in the comment)", d.code),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic]),
                    edit: Some(edit_of(&uri, vec![edit])),
                    is_preferred: Some(false),
                    ..CodeAction::default()
                }));
            }
        }
    }
    if wanted(FIX_ALL_KIND)
        && findings.iter().any(|d| d.fix.is_some())
        && let Some(fixed) = fix_all(server, &path)
        && fixed != file.text
    {
        // One edit over the part of the file that changed.
        let start = common_prefix(&file.text, &fixed);
        let end = common_suffix(&file.text[start..], &fixed[start..]);
        let span = start..file.text.len() - end;
        let new_text = fixed[start..fixed.len() - end].to_string();
        let edit = TextEdit::new(text::range(file, &span, server.encoding), new_text);
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: "Fix all safe findings in this file (as `rapporteur check --fix`)".into(),
            kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
            edit: Some(edit_of(&uri, vec![edit])),
            ..CodeAction::default()
        }));
    }
    Some(actions)
}

/// The section file as `check --fix` would leave it: its findings' fixes applied, round
/// after round, until none is left (or `MAX_ROUNDS`).
fn fix_all(server: &Server, path: &str) -> Option<String> {
    let ws = server.workspace.as_ref()?;
    let lang = ws.section_lang(path)?.to_string();
    let mut edition = ws.edition.clone()?;
    let index = edition.sections.iter().position(|s| s.file.path == path)?;
    let mut text = edition.sections[index].file.text.clone();
    for _ in 0..MAX_ROUNDS {
        let findings = check_edition(&edition);
        let fixes: Vec<&[Edit]> = findings
            .iter()
            .filter(|d| d.path == path)
            .filter_map(|d| d.fix.as_ref())
            .map(|f| f.edits.as_slice())
            .collect();
        let (fixed, applied) = apply_fixes(&text, &fixes);
        if applied == 0 || fixed == text {
            break;
        }
        text = fixed;
        edition.sections[index] = parse_section(path, &lang, text.clone());
    }
    Some(text)
}

fn edit_of(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit::new(HashMap::from([(uri.clone(), edits)]))
}

/// Whether two ranges overlap or touch (a cursor at either end of a finding is on it).
fn touches(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(n) || !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

fn common_suffix(a: &str, b: &str) -> usize {
    let mut n = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count()
        .min(a.len())
        .min(b.len());
    while !a.is_char_boundary(a.len() - n) || !b.is_char_boundary(b.len() - n) {
        n -= 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_ends_keep_characters_whole() {
        // `é` and `è` share their first byte: the prefix must stop before it.
        assert_eq!(common_prefix("café", "cafè"), 3);
        assert_eq!(common_suffix("éa", "èa"), 1);
        assert_eq!(common_suffix("abc", "abc"), 3);
    }
}
