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
