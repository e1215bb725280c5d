//! Findings as data. Every output format (`human`, `json`, `sarif`, `github`) is rendered
//! from this one type; `json` is just its serialization.

use std::ops::Range;

use serde::Serialize;

use super::registry::Rule;
use crate::lang::Message;
use crate::load::SourceFile;

/// How serious a finding is. Only `error` makes `check` exit 1 and `build` refuse.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding: which rule, where, what and what to do.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// Stable rule code (`T001`).
    pub code: &'static str,
    /// The rule's kebab-case name (`forbidden-variant`).
    pub rule: &'static str,
    pub severity: Severity,
    /// Path relative to the repository root.
    pub path: String,
    /// 1-based line of the start of the span.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// What is wrong, quoting the text.
    pub message: String,
    /// What to do about it (`null` when the message says it all: the key is always
    /// there, so that `--format json` has the same keys in every finding).
    pub help: Option<String>,
    /// A safe fix, when there is one (`check --fix` applies it); `null` otherwise.
    pub fix: Option<Fix>,
    /// Byte range in the file, for rendering and fixing.
    #[serde(skip)]
    pub span: Range<usize>,
    /// The message and help as catalog entries with their arguments, from which a
    /// document renders them in its language ([`Diagnostic::message_in`]).
    #[serde(skip)]
    pub texts: Texts,
}

/// A finding's message and help as catalog entries (`message` and `help` of
/// [`Diagnostic`] are their English renderings).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Texts {
    pub message: Option<Message>,
    pub help: Option<Message>,
}

/// Edits that repair a finding.
#[derive(Debug, Clone, Serialize)]
pub struct Fix {
    /// What the fix does, in words (`replace with "Kyïv"`).
    pub description: String,
    pub edits: Vec<Edit>,
}

/// Replace a range of the file by `text`.
#[derive(Debug, Clone, Serialize)]
pub struct Edit {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub text: String,
    #[serde(skip)]
    pub span: Range<usize>,
}

impl Edit {
    pub fn new(file: &SourceFile, span: Range<usize>, text: impl Into<String>) -> Self {
        let (line, column) = file.line_col(span.start);
        let (end_line, end_column) = file.line_col(span.end);
        Edit {
            line,
            column,
            end_line,
            end_column,
            text: text.into(),
            span,
        }
    }
}

impl Diagnostic {
    /// A finding of `rule` at `span` of `file`, at the rule's default severity.
    pub fn new(
        rule: &Rule,
        file: &SourceFile,
        span: Range<usize>,
        message: impl Into<Message>,
    ) -> Self {
        let message = message.into();
        let (line, column) = file.line_col(span.start);
        let (end_line, end_column) = file.line_col(span.end);
        Diagnostic {
            code: rule.code,
            rule: rule.name,
            severity: rule.severity,
            path: file.path.clone(),
            line,
            column,
            end_line,
            end_column,
            message: message.terminal(),
            help: None,
            fix: None,
            span,
            texts: Texts {
                message: Some(message),
                help: None,
            },
        }
    }

    pub fn with_help(mut self, help: impl Into<Message>) -> Self {
        let help = help.into();
        self.help = Some(help.terminal());
        self.texts.help = Some(help);
        self
    }

    /// The message in `lang`, for a document in that language: from the catalog of
    /// `lang` (English when it has none), with the quotes of `lang` (« … » in French,
    /// “…” in English) instead of Markdown backticks. The terminal's English is
    /// [`Diagnostic::message`].
    pub fn message_in(&self, lang: &str) -> String {
        match &self.texts.message {
            Some(m) => m.document(lang),
            None => Message::Plain(self.message.clone()).document(lang),
        }
    }

    /// The help in `lang`, for a document, as [`Diagnostic::message_in`].
    pub fn help_in(&self, lang: &str) -> Option<String> {
        match (&self.texts.help, &self.help) {
            (Some(h), _) => Some(h.document(lang)),
            (None, Some(h)) => Some(Message::Plain(h.clone()).document(lang)),
            (None, None) => None,
        }
    }

    pub fn with_fix(mut self, description: impl Into<String>, edits: Vec<Edit>) -> Self {
        self.fix = Some(Fix {
            description: description.into(),
            edits,
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::check::check_edition;
    use crate::lang::message::render_checked;
    use crate::load::{WorkTree, load_edition, parse_section};

    /// Findings of many rules on the shipped edition with defects planted render in
    /// French and English from the catalogs without a complaint, with the quotes of the
    /// language and no Markdown backtick; the English of a document is the terminal's
    /// with typographic quotes.
    #[test]
    fn findings_render_in_the_documents_language() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut edition = load_edition(&WorkTree::new(root)).unwrap();
        edition.meta.value.number = 12;
        edition.meta.value.period.start = "2026-06".into();
        edition.meta.value.period.end = "2027-05".into();
        let first = edition.sections[1].paragraph(0).to_string();
        let planted = format!(
            "{}\nL'AED et Kiev  avec la NATO et l'Otan : les \"stocks\" et un \"reste.\n\n{first}\n\nEn juillet 2027, un exercice a eu lieu ; un autre est prévu. En novembre 2025, rien. Le onzième rapport est là\n\nsuite.\n",
            edition.sections[0].file.text
        );
        let path = edition.sections[0].file.path.clone();
        edition.sections[0] = parse_section(&path, "fr", planted);
        let found = check_edition(&edition);
        let codes: std::collections::BTreeSet<&str> = found.iter().map(|d| d.code).collect();
        for code in [
            "T001", "T002", "T008", "T009", "Y001", "Y003", "Y006", "B001", "B002", "E001", "E003",
            "E005", "P003", "P004",
        ] {
            assert!(codes.contains(code), "{code} not planted: {codes:?}");
        }
        for d in &found {
            let texts = [d.texts.message.as_ref(), d.texts.help.as_ref()];
            for message in texts.into_iter().flatten() {
                assert!(message.id().is_some(), "{}: {message:?}", d.code);
                for lang in ["fr", "en"] {
                    let (text, complaints) = render_checked(message, lang);
                    assert!(complaints.is_empty(), "{}: {complaints:?}", d.code);
                    assert!(!text.contains('`') && !text.contains('{'), "{text}");
                }
            }
            let fr = d.message_in("fr");
            assert_ne!(fr, d.message_in("en"), "{}: not translated", d.code);
            assert_eq!(
                d.message_in("en"),
                crate::lang::Message::Plain(d.message.clone()).document("en"),
                "{}",
                d.code
            );
            if let Some(help) = d.help_in("fr") {
                assert!(!help.contains('`'), "{help}");
            }
        }
        let t009 = found.iter().find(|d| d.code == "T009").unwrap();
        assert_eq!(
            t009.message_in("fr"),
            "«\u{a0}NATO\u{a0}» est la forme anglaise de «\u{a0}OTAN\u{a0}»\u{a0}: un texte français écrit «\u{a0}OTAN\u{a0}»"
        );
        assert_eq!(
            t009.message_in("en"),
            "“NATO” is the English form of “OTAN”: French text writes “OTAN”"
        );
    }
}
