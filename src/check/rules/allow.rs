//! Acknowledged exceptions: `<!-- rapporteur-allow E001: citation du onzième rapport -->`
//! on the line directly above a paragraph allows those rules' findings in that
//! paragraph. An allowed finding is not reported and blocks nothing (not the commit, not
//! the release); `check` counts it. The exception stays visible and reviewable in git,
//! with its reason, like ruff's `noqa` or clippy's `#[allow]`. These rules say what is
//! wrong with the comments themselves: an allow without its reason or with an unknown
//! code (S008), an allow that allows nothing (S009, fix: remove it), a comment never
//! closed, which hides the rest of the file from every output (S010).
//!
//! They run after every other rule (see `check::finish_diagnostics`), since whether an
//! allow is used depends on all the findings, those across files included.

use std::collections::HashMap;
use std::ops::Range;

use super::closest;
use crate::check::diagnostic::{Diagnostic, Edit, Severity};
use crate::check::registry::{RULES, Rule, find_rule};
use crate::lang::Message;
use crate::load::{Edition, Section};
use crate::msg;

/// The word that makes a comment an allow.
pub const KEYWORD: &str = "rapporteur-allow";

pub const MALFORMED_ALLOW: Rule = Rule {
    code: "S008",
    name: "malformed-allow",
    severity: Severity::Error,
    summary: "An allow comment lacks its reason, or names no rule or an unknown one.",
    why: "An exception to a release check must say why, so that a reviewer can agree with it \
          in the diff; and it must name the rules it allows, so that it hides nothing else.",
    example: "`<!-- rapporteur-allow E001 -->` above a paragraph quoting last year's report. \
              Fix: `<!-- rapporteur-allow E001: citation du onzième rapport -->`.",
    fixable: false,
};

pub const STALE_ALLOW: Rule = Rule {
    code: "S009",
    name: "stale-allow",
    severity: Severity::Warning,
    summary: "An allow comment allows nothing: the paragraph below has no such finding, or \
              the comment is not directly above a paragraph.",
    why: "An exception outlives the text it was written for: the quotation was rewritten, the \
          date corrected. Left in place, it would silently allow the next real finding in \
          that paragraph.",
    example: "`<!-- rapporteur-allow E001: citation -->` above a paragraph that no longer \
              names last year's edition. Fix: remove the comment (`check --fix` does).",
    fixable: true,
};

pub const UNCLOSED_COMMENT: Rule = Rule {
    code: "S010",
    name: "unclosed-comment",
    severity: Severity::Error,
    summary: "An HTML comment (`<!--`) is never closed by `-->`.",
    why: "Comments are never published: everything after an unclosed `<!--` would vanish \
          from the report, the diff and the translations.",
    example: "`<!-- à revoir` and no `-->`. Fix: close it where the note ends: \
              `<!-- à revoir -->`.",
    fixable: false,
};

/// The reason the editor's "Allow CODE here" writes, for the drafter to replace: an
/// allow whose reason is still this has none (S008).
pub const REASON_PLACEHOLDER: &str = "…";

/// The rules about the comments themselves, which no allow can silence.
pub const OWN: [&str; 3] = [
    MALFORMED_ALLOW.code,
    STALE_ALLOW.code,
    UNCLOSED_COMMENT.code,
];

/// One allow comment, read.
struct Allow {
    /// The comment's index in `section.comments`.
    comment: usize,
    /// Each rule named, with its span in the file.
    codes: Vec<(&'static str, Range<usize>)>,
}

/// Reports what is wrong with the comments of every section, and takes out of
/// `diagnostics` the findings that an allow covers. Returns those findings.
pub fn apply(edition: &Edition, diagnostics: &mut Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut allowed = Vec::new();
    let mut found = Vec::new();
    // Sections with an allow, by path; most editions have none.
    let mut allows: HashMap<&str, (&Section, Vec<Allow>)> = HashMap::new();
    for section in &edition.sections {
        for (i, comment) in section.comments.iter().enumerate() {
            let text = &section.file.text;
            if !comment.closed {
                let start = comment.range.start;
                found.push(
                    Diagnostic::new(
                        &UNCLOSED_COMMENT,
                        &section.file,
                        start..start + 4,
                        msg!("S010"),
                    )
                    .with_help(msg!("S010-help")),
                );
                continue;
            }
            let inner = comment.inner(text);
            let Some(rest) = inner.strip_prefix(KEYWORD) else {
                continue;
            };
            if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
                continue;
            }
            if let Some(allow) = read_allow(section, i, &mut found) {
                allows
                    .entry(section.file.path.as_str())
                    .or_insert_with(|| (section, Vec::new()))
                    .1
                    .push(allow);
            }
        }
    }
    if allows.is_empty() {
        diagnostics.extend(found);
        return allowed;
    }
    // Which (allow, code) pairs were used, per path.
    let mut used: HashMap<(&str, usize, usize), bool> = HashMap::new();
    diagnostics.retain(|d| {
        let Some((section, list)) = allows.get(d.path.as_str()) else {
            return true;
        };
        let Some(paragraph) = section.paragraph_at(d.span.start) else {
            return true;
        };
        for (a, allow) in list.iter().enumerate() {
            if section.comments[allow.comment].before != Some(paragraph) {
                continue;
            }
            if let Some(c) = allow.codes.iter().position(|(code, _)| *code == d.code) {
                used.insert((section.file.path.as_str(), a, c), true);
                allowed.push(d.clone());
                return false;
            }
        }
        true
    });
    let mut paths: Vec<&&str> = allows.keys().collect();
    paths.sort();
    for path in paths {
        let (section, list) = &allows[*path];
        for (a, allow) in list.iter().enumerate() {
            let comment = &section.comments[allow.comment];
            let unused: Vec<usize> = (0..allow.codes.len())
                .filter(|&c| !used.contains_key(&(*path, a, c)))
                .collect();
            if unused.is_empty() {
                continue;
            }
            found.push(stale(section, comment.range.clone(), allow, &unused));
        }
    }
    diagnostics.extend(found);
    allowed
}

/// Reads the allow of comment `index`, reporting S008 when it is malformed (then `None`).
fn read_allow(section: &Section, index: usize, found: &mut Vec<Diagnostic>) -> Option<Allow> {
    let text = &section.file.text;
    let comment = &section.comments[index];
    let inner = comment.inner(text);
    // Offsets in the file of the inner text.
    let inner_start = comment.range.start + text[comment.range.clone()].find(inner)?;
    let after = inner_start + KEYWORD.len();
    let (list, reason) = match inner[KEYWORD.len()..].split_once(':') {
        Some((list, reason)) => (list, Some(reason.trim())),
        None => (&inner[KEYWORD.len()..], None),
    };
    let malformed = |span: Range<usize>, message: Message, help: Message| {
        Diagnostic::new(&MALFORMED_ALLOW, &section.file, span, message).with_help(help)
    };
    let mut codes = Vec::new();
    let mut offset = after;
    for part in list.split(',') {
        let code = part.trim();
        let start = offset + (part.len() - part.trim_start().len());
        offset += part.len() + 1;
        if code.is_empty() {
            continue;
        }
        let span = start..start + code.len();
        match find_rule(code) {
            Some(rule) if OWN.contains(&rule.code) => {
                found.push(malformed(
                    span,
                    msg!("S008-own", code = rule.code),
                    msg!("S008-own-help"),
                ));
                return None;
            }
            Some(rule) => codes.push((rule.code, span)),
            None => {
                let help = match closest(code, RULES.iter().map(|r| r.code)) {
                    Some(near) => msg!("S008-unknown-near-help", near = near),
                    None => msg!("S008-unknown-help"),
                };
                found.push(malformed(span, msg!("S008-unknown", code = code), help));
                return None;
            }
        }
    }
    if codes.is_empty() {
        found.push(malformed(
            comment.range.clone(),
            msg!("S008-no-rule"),
            msg!("S008-no-rule-help"),
        ));
        return None;
    }
    let placeholder = |r: &str| r.chars().all(|c| c == '.' || c == '…' || c.is_whitespace());
    if reason.is_none_or(placeholder) {
        found.push(malformed(
            comment.range.clone(),
            msg!("S008-no-reason"),
            msg!("S008-no-reason-help"),
        ));
        return None;
    }
    Some(Allow {
        comment: index,
        codes,
    })
}

/// S009 for the codes `unused` of an allow, with the fix: the comment without them, or
/// no comment at all (its line with it, when it has one of its own).
fn stale(section: &Section, range: Range<usize>, allow: &Allow, unused: &[usize]) -> Diagnostic {
    let text = &section.file.text;
    let file = &section.file;
    let names: Vec<&str> = unused.iter().map(|&c| allow.codes[c].0).collect();
    let above = section.comments[allow.comment].before.is_some();
    let message = if !above {
        msg!("S009-not-above")
    } else {
        msg!(
            "S009",
            codes = names.join(" or "),
            codes_fr = names.join(" ou ")
        )
    };
    let (description, edit) = if !above || unused.len() == allow.codes.len() {
        // The whole comment goes; with its line when nothing else is on it.
        let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[range.end..]
            .find('\n')
            .map_or(text.len(), |i| range.end + i + 1);
        let before_blank = text[line_start..range.start].trim().is_empty();
        let after_blank = text[range.end..line_end].trim().is_empty();
        let span = if before_blank && after_blank {
            line_start..line_end
        } else {
            let end = range.end
                + (text[range.end..].len()
                    - text[range.end..].trim_start_matches([' ', '\t']).len());
            range.start..end
        };
        ("remove the allow".to_string(), Edit::new(file, span, ""))
    } else {
        // Only the stale codes go: the list is rewritten with the others.
        let kept: Vec<&str> = (0..allow.codes.len())
            .filter(|c| !unused.contains(c))
            .map(|c| allow.codes[c].0)
            .collect();
        let first = allow.codes[0].1.start;
        let last = allow.codes[allow.codes.len() - 1].1.end;
        (
            format!("allow only {}", kept.join(", ")),
            Edit::new(file, first..last, kept.join(", ")),
        )
    };
    let span = if above && names.len() == 1 {
        allow.codes[unused[0]].1.clone()
    } else {
        range
    };
    Diagnostic::new(&STALE_ALLOW, file, span, message)
        .with_help(msg!("S009-help"))
        .with_fix(description, vec![edit])
}

#[cfg(test)]
mod tests {
    use crate::check::fix::apply_fixes;
    use crate::check::{Diagnostic, check_edition_full};
    use crate::load::{Edition, WorkTree, load_edition, parse_section};

    /// The shipped edition with the body of its space section replaced.
    fn with_space_body(body: &str) -> Edition {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut edition = load_edition(&WorkTree::new(root)).unwrap();
        let i = edition
            .sections
            .iter()
            .position(|s| s.domain() == Some("space"))
            .unwrap();
        let s = &edition.sections[i];
        let front = &s.file.text[..s.front_range.end];
        let text = format!("{front}---\n{body}");
        edition.sections[i] = parse_section(&s.file.path.clone(), "fr", text);
        edition
    }

    fn found(edition: &Edition, code: &str) -> Vec<Diagnostic> {
        check_edition_full(edition)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == code)
            .collect()
    }

    #[test]
    fn what_is_wrong_with_allow_comments() {
        // A date after the period, allowed: counted, not reported.
        let dated = "En juillet 2026, les deux organisations ont tenu un exercice commun.";
        let edition = with_space_body(&format!(
            "<!-- rapporteur-allow E003: l'exercice a bien eu lieu -->\n{dated}\n"
        ));
        let checked = check_edition_full(&edition);
        assert!(checked.diagnostics.iter().all(|d| d.code != "E003"));
        assert_eq!(checked.allowed.len(), 1);
        assert_eq!(checked.allowed[0].code, "E003");

        // An unknown code, with a suggestion; a placeholder reason is no reason.
        let edition = with_space_body(&format!("<!-- rapporteur-allow E03: x -->\n{dated}\n"));
        let s008 = found(&edition, "S008");
        assert_eq!(s008.len(), 1);
        assert!(
            s008[0].message.contains("`E03` is not a rule code"),
            "{s008:?}"
        );
        assert_eq!(found(&edition, "E003").len(), 1, "not allowed");
        let edition = with_space_body(&format!("<!-- rapporteur-allow E003: … -->\n{dated}\n"));
        assert!(found(&edition, "S008")[0].message.contains("no reason"));

        // Not directly above a paragraph: stale, and the fix removes its line.
        let body = format!("<!-- rapporteur-allow E003: x -->\n\n{dated}\n");
        let edition = with_space_body(&body);
        let s009 = found(&edition, "S009");
        assert_eq!(s009.len(), 1, "{s009:?}");
        let section = edition
            .sections
            .iter()
            .find(|s| s.domain() == Some("space"))
            .unwrap();
        let (fixed, _) = apply_fixes(&section.file.text, &[&s009[0].fix.as_ref().unwrap().edits]);
        assert!(fixed.ends_with(&format!("---\n\n{dated}\n")), "{fixed}");

        // One code of two used: the fix keeps the other.
        let edition = with_space_body(&format!(
            "<!-- rapporteur-allow E001, E003: l'exercice a bien eu lieu -->\n{dated}\n"
        ));
        let s009 = found(&edition, "S009");
        assert_eq!(s009.len(), 1, "{s009:?}");
        assert!(s009[0].message.contains("no E001 finding"), "{s009:?}");
        let section = edition
            .sections
            .iter()
            .find(|s| s.domain() == Some("space"))
            .unwrap();
        let (fixed, _) = apply_fixes(&section.file.text, &[&s009[0].fix.as_ref().unwrap().edits]);
        assert!(
            fixed.contains("<!-- rapporteur-allow E003: l'exercice"),
            "{fixed}"
        );

        // A comment never closed.
        let edition = with_space_body(&format!("{dated}\n\n<!-- à revoir\n\nSuite.\n"));
        assert_eq!(found(&edition, "S010").len(), 1);
    }
}
