//! Hover: what an acronym stands for (in the file's language and the others), what a
//! proposal is (or why its text is missing), a domain's titles, a rule's explanation.

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::lookup::{acronym_at, front_matter_range, is_report, token_at, yaml_key_at};
use super::server::Server;
use super::text;
use crate::check::registry::{explain, find_rule};
use crate::load::Edition;
use crate::model::Acronym;

/// The hover at a position, if there is anything to say.
pub fn hover(server: &Server, params: HoverParams) -> Option<Hover> {
    let at = params.text_document_position_params;
    let path = server.path_of(&at.text_document.uri)?;
    let ws = server.workspace.as_ref()?;
    let file = ws.source(&path)?;
    let offset = text::offset(&file.text, at.position, server.encoding);
    let edition = ws.edition.as_ref()?;
    let mut parts: Vec<String> = Vec::new();
    let token = token_at(&file.text, offset);

    if let Some(section) = ws.section(&path) {
        let in_front =
            front_matter_range(&file.text).is_some_and(|r| r.start <= offset && offset <= r.end);
        if in_front {
            if let Some((_, word)) = token {
                match yaml_key_at(&file.text, offset) {
                    Some("domain") => parts.extend(domain(edition, word, &section.lang)),
                    Some("proposals") => parts.extend(proposal(edition, word, &section.lang)),
                    _ => {}
                }
            }
        } else if let Some((_, acronym, _)) = acronym_at(&edition.catalog, section, offset) {
            parts.push(acronym_text(edition, acronym, &section.lang));
        }
    } else if is_report(&path)
        && let Some((_, word)) = token
    {
        let lang = edition
            .meta
            .value
            .languages
            .first()
            .map_or("", String::as_str);
        parts.extend(proposal(edition, word, lang));
        if yaml_key_at(&file.text, offset) == Some("rules") {
            parts.extend(find_rule(word).map(rule_text));
        }
    }

    // The rules behind the findings at this place.
    let mut codes: Vec<&str> = ws
        .findings
        .get(&path)
        .into_iter()
        .flatten()
        .filter(|d| d.span.start <= offset && offset <= d.span.end)
        .map(|d| d.code)
        .collect();
    codes.dedup();
    parts.extend(codes.into_iter().filter_map(find_rule).map(rule_text));

    (!parts.is_empty()).then(|| Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: None,
    })
}

/// An acronym: its expansion and other forms in `lang`, then its form and expansion in
/// each other language of the termbase.
pub fn acronym_text(edition: &Edition, acronym: &Acronym, lang: &str) -> String {
    let mut out = match &acronym.expansion {
        Some(expansion) => format!("**{}** — « {expansion} »", acronym.acronym),
        None => format!("**{}** — not spelled out in the termbase", acronym.acronym),
    };
    if !acronym.forms.is_empty() {
        out.push_str(&format!("\n\nalso: {}", acronym.forms.join("; ")));
    }
    for (other, name) in &acronym.translations {
        if other == lang {
            continue;
        }
        let expansion = edition
            .catalog
            .terms
            .languages
            .get(other)
            .and_then(|terms| terms.acronyms.iter().find(|a| &a.acronym == name))
            .and_then(|a| a.expansion.as_deref());
        out.push_str(&match expansion {
            Some(expansion) => format!("\n\n{other}: **{name}** — « {expansion} »"),
            None => format!("\n\n{other}: **{name}**"),
        });
    }
    if acronym.ambiguous {
        out.push_str("\n\n*Stands for more than one thing in this report.*");
    }
    if let Some(note) = &acronym.note {
        out.push_str(&format!("\n\n*{note}*"));
    }
    out
}

/// A proposal: set, number, area, title; or that its text is not in the registry, and the
/// waiver's reason.
pub fn proposal(edition: &Edition, id: &str, lang: &str) -> Option<String> {
    let catalog = &edition.catalog;
    let proposal = catalog.proposal(id)?;
    let mut out = format!("**Proposal {}**", proposal.id);
    let set = catalog.proposals.sets.iter().find(|s| s.id == proposal.set);
    out.push_str(&match set {
        Some(set) => format!(
            " — set {} (endorsed {}), number {}",
            set.id, set.endorsed, proposal.number
        ),
        None => format!(" — set {}, number {}", proposal.set, proposal.number),
    });
    if let Some(area) = &proposal.area {
        let name = catalog
            .domains
            .areas
            .iter()
            .find(|a| &a.slug == area)
            .and_then(|a| a.name.get(lang).or_else(|| a.name.values().next()));
        out.push_str(&format!("\n\narea: {}", name.unwrap_or(area)));
    }
    match title_of(proposal, lang) {
        Some((title_lang, title)) if title_lang == lang => out.push_str(&format!("\n\n{title}")),
        Some((title_lang, title)) => out.push_str(&format!("\n\n({title_lang}) {title}")),
        None => out.push_str("\n\n*Its text is not in the registry.*"),
    }
    if let Some(waiver) = edition.meta.value.waivers.get(&proposal.id) {
        let first = edition.meta.value.first_language();
        let reason = waiver
            .reason(lang, first)
            .unwrap_or_else(|| waiver.any_reason(first));
        out.push_str(&format!("\n\nwaived for this edition: {reason}"));
    }
    Some(out)
}

/// A proposal's title in `lang`, or in another language when it has none in `lang`.
pub fn title_of<'a>(
    proposal: &'a crate::model::Proposal,
    lang: &str,
) -> Option<(&'a str, &'a str)> {
    proposal
        .title
        .get_key_value(lang)
        .or_else(|| proposal.title.iter().next())
        .map(|(l, t)| (l.as_str(), t.as_str()))
}

/// A domain: its titles per language.
pub fn domain(edition: &Edition, slug: &str, lang: &str) -> Option<String> {
    let domain = edition.catalog.domain(slug)?;
    let mut out = format!("**{}**", domain.slug);
    if let Some(title) = domain.title.get(lang) {
        out.push_str(&format!(" — {title}"));
    }
    for (other, title) in &domain.title {
        if other != lang {
            let unofficial = if domain.unofficial_titles.contains(other) {
                " (unofficial)"
            } else {
                ""
            };
            out.push_str(&format!("\n\n{other}: {title}{unofficial}"));
        }
    }
    if !domain.heading {
        out.push_str("\n\n*Printed without a heading.*");
    }
    Some(out)
}

/// A rule's explanation (the text of `rapporteur rules CODE`), as Markdown.
pub fn rule_text(rule: &crate::check::Rule) -> String {
    let mut out = String::new();
    for line in explain(rule).lines() {
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        if line.starts_with(' ') {
            out.push_str(line.trim());
        } else {
            out.push_str(&format!("**{line}**"));
        }
    }
    out
}
