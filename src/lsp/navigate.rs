//! Completion of front-matter values (domain slugs, proposal ids, statuses) and go to
//! definition into the catalog (a proposal's entry, a domain's, an acronym's).

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionParams,
    CompletionResponse, CompletionTextEdit, Documentation, GotoDefinitionParams,
    GotoDefinitionResponse, Location, MarkupContent, MarkupKind, TextEdit,
};

use super::hover::{self, title_of};
use super::lookup::{acronym_at, front_matter_range, is_report, token_at, yaml_key_at};
use super::server::Server;
use super::text;
use crate::load::SourceFile;
use crate::load::yaml::{escape_pointer, yaml_spans};
use crate::model::Status;

/// Completion items at a position of a section's front matter.
pub fn complete(server: &Server, params: CompletionParams) -> Option<CompletionResponse> {
    let at = params.text_document_position;
    let path = server.path_of(&at.text_document.uri)?;
    let ws = server.workspace.as_ref()?;
    let lang = ws.section_lang(&path)?.to_string();
    let edition = ws.edition.as_ref()?;
    let file = &ws.section(&path)?.file;
    let offset = text::offset(&file.text, at.position, server.encoding);
    let front = front_matter_range(&file.text)?;
    if offset < front.start || offset > front.end {
        return None;
    }
    // What is typed of the value so far is replaced by the chosen one.
    let typed = match token_at(&file.text, offset) {
        Some((range, _)) if range.start < offset => range.start..offset,
        _ => offset..offset,
    };
    let replace = text::range(file, &typed, server.encoding);
    let item = |label: String,
                kind: CompletionItemKind,
                detail: Option<String>,
                doc: Option<String>,
                sort: String| CompletionItem {
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
            replace,
            label.clone(),
        ))),
        filter_text: Some(label.clone()),
        label_details: detail.clone().map(|d| CompletionItemLabelDetails {
            detail: None,
            description: Some(d),
        }),
        label,
        kind: Some(kind),
        detail,
        documentation: doc.map(|value| {
            Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            })
        }),
        sort_text: Some(sort),
        ..CompletionItem::default()
    };
    let items: Vec<CompletionItem> = match yaml_key_at(&file.text, offset) {
        Some("domain") => edition
            .catalog
            .domains
            .domains
            .iter()
            .enumerate()
            .map(|(i, d)| {
                item(
                    d.slug.clone(),
                    CompletionItemKind::ENUM_MEMBER,
                    d.title.get(&lang).cloned(),
                    hover::domain(edition, &d.slug, &lang),
                    format!("{i:04}"),
                )
            })
            .collect(),
        Some("proposals") => edition
            .catalog
            .proposals
            .proposals
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let waiver = edition.meta.value.waivers.get(&p.id);
                let title = title_of(p, &lang).map(|(_, t)| t.to_string());
                let detail = match (waiver, title) {
                    (Some(_), Some(title)) => format!("(waived) {title}"),
                    (Some(waiver), None) => {
                        let first = edition.meta.value.first_language();
                        let reason = waiver
                            .reason(&lang, first)
                            .unwrap_or_else(|| waiver.any_reason(first));
                        format!("(waived) {reason}")
                    }
                    (None, Some(title)) => title,
                    (None, None) => "text not in the registry".to_string(),
                };
                // Proposals the edition reports on before the waived ones.
                let sort = format!("{}{i:04}", u8::from(waiver.is_some()));
                item(
                    p.id.clone(),
                    CompletionItemKind::VALUE,
                    Some(detail),
                    hover::proposal(edition, &p.id, &lang),
                    sort,
                )
            })
            .collect(),
        Some("status") => [Status::Draft, Status::Review, Status::Final]
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let what = match s {
                    Status::Draft => "being written",
                    Status::Review => "ready to be read by reviewers",
                    Status::Final => "agreed; changes need a new review",
                };
                item(
                    s.as_str().to_string(),
                    CompletionItemKind::ENUM_MEMBER,
                    Some(what.to_string()),
                    None,
                    format!("{i}"),
                )
            })
            .collect(),
        Some(_) => return None,
        None => {
            // At the start of a line: the keys not written yet.
            let present = &file.text[front.clone()];
            ["domain", "proposals", "status"]
                .into_iter()
                .enumerate()
                .filter(|(_, key)| !present.lines().any(|l| l.starts_with(&format!("{key}:"))))
                .map(|(i, key)| {
                    let mut it = item(
                        key.to_string(),
                        CompletionItemKind::PROPERTY,
                        None,
                        None,
                        format!("{i}"),
                    );
                    it.text_edit = Some(CompletionTextEdit::Edit(TextEdit::new(
                        replace,
                        format!("{key}: "),
                    )));
                    it
                })
                .collect()
        }
    };
    Some(CompletionResponse::Array(items))
}

/// Where a proposal id, a domain slug or an acronym is defined in the catalog.
pub fn definition(server: &Server, params: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let at = params.text_document_position_params;
    let path = server.path_of(&at.text_document.uri)?;
    let ws = server.workspace.as_ref()?;
    let edition = ws.edition.as_ref()?;
    let file = ws.source(&path)?;
    let offset = text::offset(&file.text, at.position, server.encoding);
    let catalog = &edition.catalog;
    let files = &edition.catalog_files;
    let (target, pointer): (&SourceFile, String) = if let Some(section) = ws.section(&path) {
        let in_front =
            front_matter_range(&file.text).is_some_and(|r| r.start <= offset && offset <= r.end);
        if in_front {
            let (_, word) = token_at(&file.text, offset)?;
            match yaml_key_at(&file.text, offset)? {
                "domain" => {
                    let i = catalog.domain_index(word)?;
                    (&files.domains, format!("/domains/{i}/slug"))
                }
                "proposals" => proposal_pointer(server, word)?,
                _ => return None,
            }
        } else {
            let (i, _, _) = acronym_at(catalog, section, offset)?;
            let lang = escape_pointer(&section.lang);
            (
                &files.terminology,
                format!("/languages/{lang}/acronyms/{i}/acronym"),
            )
        }
    } else if is_report(&path) {
        let (_, word) = token_at(&file.text, offset)?;
        proposal_pointer(server, word)?
    } else {
        return None;
    };
    let span = yaml_spans(&target.text).get(&pointer)?.range(false);
    let uri = server.uri_of(&target.path)?;
    Some(GotoDefinitionResponse::Scalar(Location::new(
        uri,
        text::range(target, &span, server.encoding),
    )))
}

fn proposal_pointer<'a>(server: &'a Server, id: &str) -> Option<(&'a SourceFile, String)> {
    let edition = server.workspace.as_ref()?.edition.as_ref()?;
    let i = edition
        .catalog
        .proposals
        .proposals
        .iter()
        .position(|p| p.id == id)?;
    Some((
        &edition.catalog_files.proposals,
        format!("/proposals/{i}/id"),
    ))
}
