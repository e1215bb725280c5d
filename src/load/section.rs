//! A section file: YAML front matter between `---` lines, then paragraphs separated by
//! blank lines. Parsing never fails: what is wrong with the file is kept in the
//! [`Section`] for the S rules to report.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::source::SourceFile;
use super::yaml::{NodeSpan, YamlError, parse_yaml, yaml_span_of, yaml_spans};
use crate::model::FrontMatter;

/// A section file as read.
#[derive(Debug, Clone)]
pub struct Section {
    pub file: SourceFile,
    /// The language folder it was found in.
    pub lang: String,
    pub front: FrontMatterState,
    /// Byte range of the front matter's YAML (between the `---` lines).
    pub front_range: Range<usize>,
    /// Byte ranges of the body's paragraphs, in order.
    pub paragraphs: Vec<Range<usize>>,
    /// The HTML comments that start a line of the body, in order (none of them is in a
    /// paragraph).
    pub comments: Vec<Comment>,
    /// The words of each paragraph, counted once (see [`Section::word_counts`]).
    word_counts: OnceLock<Vec<usize>>,
}

impl Section {
    /// The front matter, when it is valid.
    pub fn front_matter(&self) -> Option<&FrontMatter> {
        match &self.front {
            FrontMatterState::Valid(front) => Some(front),
            _ => None,
        }
    }

    /// The domain slug the front matter names, even when other fields are invalid.
    pub fn domain(&self) -> Option<&str> {
        match &self.front {
            FrontMatterState::Valid(front) => Some(&front.domain),
            FrontMatterState::Invalid { domain, .. } => domain.as_deref(),
            // Broken YAML: a plain `domain: slug` line still says which section this is,
            // so that one typo does not also make the domain look missing.
            FrontMatterState::Syntax(_) => self.file.text[self.front_range.clone()]
                .lines()
                .find_map(|l| l.strip_prefix("domain:"))
                .map(str::trim)
                .filter(|v| {
                    !v.is_empty()
                        && v.chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                }),
            FrontMatterState::Missing => None,
        }
    }

    /// The paragraph holding the byte `offset` of the file, if one does.
    pub fn paragraph_at(&self, offset: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|r| r.start <= offset);
        (i > 0 && offset <= self.paragraphs[i - 1].end).then(|| i - 1)
    }

    /// The text of a paragraph.
    pub fn paragraph(&self, index: usize) -> &str {
        &self.file.text[self.paragraphs[index].clone()]
    }

    /// The paragraphs' texts, in order.
    pub fn paragraph_texts(&self) -> impl Iterator<Item = &str> {
        self.paragraphs.iter().map(|r| &self.file.text[r.clone()])
    }

    /// How many words each paragraph has (words as the diff splits them), counted at the
    /// first call: a diff counts each side's words on the thread that loaded it.
    pub fn word_counts(&self) -> &[usize] {
        self.word_counts.get_or_init(|| {
            // A drafters' comment inside a line is not the report's text.
            self.paragraph_texts()
                .map(|p| crate::diff::words::count_words(&crate::markdown::without_comments(p)))
                .collect()
        })
    }

    /// Byte range of the value of a front matter key (`/domain`, `/proposals/2`), for
    /// pointing a diagnostic at it. Falls back to the whole front matter.
    pub fn front_span(&self, pointer: &str) -> Range<usize> {
        let base = self.front_range.start;
        yaml_span_of(&self.file.text[self.front_range.clone()], pointer, false)
            .map_or(base..base, |r| base + r.start..base + r.end)
    }

    /// The spans of the front matter's nodes, for [`Section::front_span_in`]: a rule
    /// pointing many findings into one front matter walks it once.
    pub fn front_spans(&self) -> HashMap<String, NodeSpan> {
        yaml_spans(&self.file.text[self.front_range.clone()])
    }

    /// [`Section::front_span`] with spans already walked.
    pub fn front_span_in(&self, spans: &HashMap<String, NodeSpan>, pointer: &str) -> Range<usize> {
        let base = self.front_range.start;
        spans.get(pointer).map_or(base..base, |s| {
            let r = s.range(false);
            base + r.start..base + r.end
        })
    }
}

/// What the front matter turned out to be.
#[derive(Debug, Clone)]
pub enum FrontMatterState {
    Valid(FrontMatter),
    /// The file does not start with a `---` line.
    Missing,
    /// The YAML does not parse; `offset` is in the file.
    Syntax(YamlError),
    /// It parses but does not match the schema.
    Invalid {
        violations: Vec<SchemaViolation>,
        /// The `domain` value, when it is at least a string.
        domain: Option<String>,
    },
}

/// One way a YAML document fails its schema, located in the file.
#[derive(Debug, Clone)]
pub struct SchemaViolation {
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
}

/// Parses a section file's text.
pub fn parse_section(path: &str, lang: &str, text: String) -> Section {
    parse_section_with(path, lang, text, None)
}

/// The YAML of a section file's front matter, if it has one.
pub(crate) fn front_matter_yaml(text: &str) -> Option<&str> {
    let (range, _, has_front) = split_front_matter(text);
    has_front.then(|| &text[range])
}

/// [`parse_section`], with the front matter already known when `known` is given: what
/// parsing the YAML of [`front_matter_yaml`] gave before (see `load::cache`).
pub(crate) fn parse_section_with(
    path: &str,
    lang: &str,
    text: String,
    known: Option<FrontMatter>,
) -> Section {
    let file = SourceFile::new(path, text);
    let (front_range, body_start, has_front) = split_front_matter(&file.text);
    let front = if !has_front {
        FrontMatterState::Missing
    } else if let Some(front) = known {
        FrontMatterState::Valid(front)
    } else {
        let yaml = &file.text[front_range.clone()];
        match parse_yaml(yaml) {
            Err(mut err) => {
                err.offset += front_range.start;
                FrontMatterState::Syntax(err)
            }
            // Fast path, as in `load_yaml`: compiling the validator costs more than a
            // whole section, and serde accepts exactly what the schema does (see the
            // test `serde_and_schema_agree`). The schema runs only to explain a failure.
            Ok(value) => match FrontMatter::deserialize(&value) {
                Ok(front) => FrontMatterState::Valid(front),
                Err(_) => match validate::<FrontMatter>(
                    &value,
                    front_matter_validator(),
                    yaml,
                    front_range.start,
                    "a section's front matter",
                ) {
                    Ok(front) => FrontMatterState::Valid(front),
                    Err(violations) => FrontMatterState::Invalid {
                        domain: value
                            .get("domain")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                        violations,
                    },
                },
            },
        }
    };
    let (paragraphs, comments) = split_body(&file.text, body_start);
    Section {
        file,
        lang: lang.to_string(),
        front,
        front_range,
        paragraphs,
        comments,
        word_counts: OnceLock::new(),
    }
}

/// Splits `---\n<yaml>\n---\n` off the top. Returns the YAML range, where the body starts
/// and whether there was front matter at all.
pub(crate) fn split_front_matter(text: &str) -> (Range<usize>, usize, bool) {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = line_ranges(text, start);
    let Some(first) = lines.next() else {
        return (start..start, start, false);
    };
    if text[first.clone()].trim_end() != "---" {
        return (start..start, start, false);
    }
    let yaml_start = (first.end + 1).min(text.len());
    for line in lines {
        let content = text[line.clone()].trim_end();
        if content == "---" || content == "..." {
            return (yaml_start..line.start, (line.end + 1).min(text.len()), true);
        }
    }
    // No closing line: everything is front matter, and the YAML parser will say what
    // it makes of it.
    (yaml_start..text.len(), text.len(), true)
}

/// Byte ranges of the lines from `start`, without their `\n`.
fn line_ranges(text: &str, start: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut pos = start;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let range = pos..end;
        pos = end + 1;
        Some(range)
    })
}

/// Paragraphs are runs of non-blank lines; their ranges exclude trailing `\r`. HTML
/// comments that start a line are no paragraph's text (see [`split_body`]).
pub fn split_paragraphs(text: &str, start: usize) -> Vec<Range<usize>> {
    split_body(text, start).0
}

/// An HTML comment of a section's body (`<!-- … -->`) that starts a line: a note to the
/// other drafters, or an allow (`<!-- rapporteur-allow E001: reason -->`). It is no
/// paragraph's text, so it reaches no output, no diff and no translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// From `<!--` to just after `-->` (to the end of the file when it is not closed).
    pub range: Range<usize>,
    /// Whether `-->` closes it.
    pub closed: bool,
    /// The paragraph that starts on the line just below (or just after `-->` on the same
    /// line), with only other comments between: the one an allow applies to.
    pub before: Option<usize>,
}

impl Comment {
    /// The text between `<!--` and `-->`, trimmed.
    pub fn inner<'t>(&self, text: &'t str) -> &'t str {
        let body = &text[self.range.clone()];
        let body = body.strip_prefix("<!--").unwrap_or(body);
        let body = if self.closed {
            body.strip_suffix("-->").unwrap_or(body)
        } else {
            body
        };
        body.trim()
    }
}

/// The body from `start`: paragraphs (runs of non-blank lines) and the comments that
/// start a line. As in CommonMark, a line starting with `<!--` ends the paragraph before
/// it; the comment runs to `-->`, and text after `-->` on its last line starts the next
/// paragraph. A comment that is never closed runs to the end of the file (S010 says so).
pub fn split_body(text: &str, start: usize) -> (Vec<Range<usize>>, Vec<Comment>) {
    let mut paragraphs = Vec::new();
    let mut comments: Vec<Comment> = Vec::new();
    let mut current: Option<Range<usize>> = None;
    // Comments directly above what comes next (no blank line since).
    let mut waiting: Vec<usize> = Vec::new();
    let bytes = text.as_bytes();
    let mut pos = start;
    while pos < text.len() {
        let eol = memchr::memchr(b'\n', &bytes[pos..]).map_or(text.len(), |i| pos + i);
        let content = &text[pos..eol];
        let trimmed = content.trim_start();
        if trimmed.is_empty() {
            paragraphs.extend(current.take());
            waiting.clear();
            pos = eol + 1;
            continue;
        }
        if trimmed.starts_with("<!--") {
            paragraphs.extend(current.take());
            let open = pos + (content.len() - trimmed.len());
            let Some(close) = text[open + 4..].find("-->").map(|i| open + 4 + i + 3) else {
                comments.push(Comment {
                    range: open..text.len(),
                    closed: false,
                    before: None,
                });
                break;
            };
            waiting.push(comments.len());
            comments.push(Comment {
                range: open..close,
                closed: true,
                before: None,
            });
            let close_eol =
                memchr::memchr(b'\n', &bytes[close..]).map_or(text.len(), |i| close + i);
            let rest = &text[close..close_eol];
            let rest_trimmed = rest.trim_start();
            if rest_trimmed.trim_end().is_empty() {
                pos = close_eol + 1;
                continue;
            }
            // Text after `-->`: a paragraph starts there (or another comment does).
            pos = close + (rest.len() - rest_trimmed.len());
            if rest_trimmed.starts_with("<!--") {
                continue;
            }
            let line_end = close_eol - usize::from(text[..close_eol].ends_with('\r'));
            for &c in &waiting {
                comments[c].before = Some(paragraphs.len());
            }
            waiting.clear();
            current = Some(pos..line_end);
            pos = close_eol + 1;
            continue;
        }
        let end = eol - usize::from(content.ends_with('\r'));
        current = Some(match current {
            Some(r) => r.start..end,
            None => {
                for &c in &waiting {
                    comments[c].before = Some(paragraphs.len());
                }
                waiting.clear();
                pos..end
            }
        });
        pos = eol + 1;
    }
    paragraphs.extend(current);
    (paragraphs, comments)
}

fn front_matter_validator() -> &'static DocSchema {
    static SCHEMA: OnceLock<DocSchema> = OnceLock::new();
    SCHEMA.get_or_init(DocSchema::of::<FrontMatter>)
}

/// A document type's JSON Schema (generated by schemars from the Rust type) with its
/// compiled validator.
pub struct DocSchema {
    schema: Value,
    validator: jsonschema::Validator,
}

impl DocSchema {
    pub fn of<T: schemars::JsonSchema>() -> Self {
        let schema =
            serde_json::to_value(schemars::schema_for!(T)).expect("a schemars schema serializes");
        let validator = jsonschema::validator_for(&schema).expect("a schemars schema compiles");
        DocSchema { schema, validator }
    }

    /// The values an `enum` (or a `oneOf` of constants, as schemars writes documented
    /// enums) allows, for the keyword at `schema_path`; empty when it is another keyword.
    fn allowed_values(&self, schema_path: &str) -> Vec<String> {
        let mut node = &self.schema;
        let mut parts: Vec<&str> = schema_path.split('/').skip(1).collect();
        if matches!(
            parts.last(),
            Some(&"enum") | Some(&"oneOf") | Some(&"const")
        ) {
            parts.pop();
        }
        for part in parts {
            node = match node
                .get(part)
                .or_else(|| part.parse::<usize>().ok().and_then(|i| node.get(i)))
            {
                Some(next) => next,
                None => return Vec::new(),
            };
            if let Some(target) = node.get("$ref").and_then(Value::as_str) {
                let pointer = target.trim_start_matches('#');
                node = match self.schema.pointer(pointer) {
                    Some(resolved) => resolved,
                    None => return Vec::new(),
                };
            }
        }
        let mut values: Vec<&Value> = Vec::new();
        if let Some(list) = node.get("enum").and_then(Value::as_array) {
            values.extend(list);
        }
        for choice in node
            .get("oneOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            values.extend(choice.get("const"));
            values.extend(
                choice
                    .get("enum")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            );
        }
        values
            .into_iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .collect()
    }

    /// The field names allowed at the top level, for the help line of an unknown key.
    fn top_level_keys(&self) -> Vec<String> {
        self.schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|props| props.keys().cloned().collect())
            .unwrap_or_default()
    }
}

/// Validates a parsed YAML document against a schema, then deserializes it. On failure,
/// every violation is located in the file: `yaml` is the document's text and `base` its
/// byte offset in the file. `what` names the document in messages.
pub fn validate<T: DeserializeOwned>(
    value: &Value,
    schema: &DocSchema,
    yaml: &str,
    base: usize,
    what: &str,
) -> Result<T, Vec<SchemaViolation>> {
    let mut errors = schema.validator.iter_errors(value).peekable();
    if errors.peek().is_none() {
        return serde_json::from_value(value.clone()).map_err(|e| {
            vec![SchemaViolation {
                span: base..base,
                message: e.to_string(),
                help: format!("fix {what} to match its schema"),
            }]
        });
    }
    let spans = yaml_spans(yaml);
    let at = |pointer: &str, key: bool| -> Range<usize> {
        spans.get(pointer).map_or(base..base, |s| {
            let r = s.range(key);
            base + r.start..base + r.end
        })
    };
    let mut violations = Vec::new();
    for error in errors {
        let pointer = error.instance_path().as_str().to_string();
        let field = if pointer.is_empty() {
            what.to_string()
        } else {
            format!("`{}`", pointer.trim_start_matches('/').replace('/', "."))
        };
        match error.kind() {
            jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => {
                let allowed = if pointer.is_empty() {
                    schema.top_level_keys()
                } else {
                    Vec::new()
                };
                for key in unexpected {
                    violations.push(SchemaViolation {
                        span: at(
                            &format!("{pointer}/{}", super::yaml::escape_pointer(key)),
                            true,
                        ),
                        message: format!(
                            "`{key}` is not a field of {}",
                            if pointer.is_empty() {
                                what.to_string()
                            } else {
                                field.clone()
                            }
                        ),
                        help: if allowed.is_empty() {
                            "remove it".to_string()
                        } else {
                            format!("remove it; the fields are: {}", allowed.join(", "))
                        },
                    });
                }
            }
            jsonschema::error::ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                violations.push(SchemaViolation {
                    span: at(&pointer, true),
                    message: format!("{field} lacks the required field `{name}`"),
                    help: format!("add `{name}:` with its value"),
                });
            }
            _ => {
                let allowed = schema.allowed_values(error.schema_path().as_str());
                let (message, help) = if allowed.is_empty() {
                    (
                        format!("{field}: {error}"),
                        "see the field's description in the schema (your editor shows it)"
                            .to_string(),
                    )
                } else {
                    (
                        format!("{field} is {}, which is not allowed", error.instance()),
                        format!("use one of: {}", allowed.join(", ")),
                    )
                };
                violations.push(SchemaViolation {
                    span: at(&pointer, false),
                    message,
                    help,
                });
            }
        }
    }
    violations.sort_by_key(|v| v.span.start);
    Err(violations)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---\ndomain: space\nproposals: [2017-01]\nstatus: final\n---\nFirst paragraph\ncontinued.\n\n\nSecond.\n";

    #[test]
    fn splits_front_matter_and_paragraphs() {
        let s = parse_section("drafts/fr/11-space.md", "fr", GOOD.to_string());
        let front = s.front_matter().expect("valid");
        assert_eq!(front.domain, "space");
        assert_eq!(front.proposals, vec!["2017-01"]);
        let paras: Vec<&str> = s.paragraph_texts().collect();
        assert_eq!(paras, vec!["First paragraph\ncontinued.", "Second."]);
    }

    #[test]
    fn comments_are_no_paragraph_text() {
        let text = "---\ndomain: space\nstatus: final\n---\n<!-- note -->\nOne\n<!-- rapporteur-allow E001: quoted -->\nTwo\nstill two.\n\n<!-- a\nlonger one -->\n\nThree <!-- inline --> three.\n<!-- x --> Four.\n";
        let s = parse_section("x.md", "fr", text.to_string());
        let paras: Vec<&str> = s.paragraph_texts().collect();
        assert_eq!(
            paras,
            vec![
                "One",
                "Two\nstill two.",
                "Three <!-- inline --> three.",
                "Four."
            ]
        );
        let comments: Vec<(&str, Option<usize>)> = s
            .comments
            .iter()
            .map(|c| (c.inner(&s.file.text), c.before))
            .collect();
        assert_eq!(
            comments,
            vec![
                ("note", Some(0)),
                ("rapporteur-allow E001: quoted", Some(1)),
                ("a\nlonger one", None),
                ("x", Some(3)),
            ]
        );
        assert!(s.comments.iter().all(|c| c.closed));
        assert_eq!(s.paragraph_at(text.find("still").unwrap()), Some(1));
        assert_eq!(s.paragraph_at(text.find("note").unwrap()), None);
        // Never closed: the rest of the file is the comment.
        let s = parse_section("x.md", "fr", "One.\n\n<!-- oops\n\nTwo.\n".into());
        assert_eq!(s.paragraph_texts().collect::<Vec<_>>(), vec!["One."]);
        assert!(!s.comments[0].closed);
    }

    #[test]
    fn unknown_key_points_at_the_key() {
        let text = "---\ndomain: space\nstatus: final\nauthor: me\n---\nBody.\n";
        let s = parse_section("x.md", "fr", text.to_string());
        let FrontMatterState::Invalid { violations, domain } = &s.front else {
            panic!("expected invalid, got {:?}", s.front)
        };
        assert_eq!(domain.as_deref(), Some("space"));
        assert_eq!(violations.len(), 1);
        assert_eq!(&text[violations[0].span.clone()], "author");
        assert_eq!(s.file.line_col(violations[0].span.start), (4, 1));
    }

    #[test]
    fn bad_status_points_at_the_value() {
        let text = "---\ndomain: space\nstatus: done\n---\nBody.\n";
        let s = parse_section("x.md", "fr", text.to_string());
        let FrontMatterState::Invalid { violations, .. } = &s.front else {
            panic!("expected invalid")
        };
        assert_eq!(&text[violations[0].span.clone()], "done");
        assert!(
            violations[0].message.contains("status"),
            "{}",
            violations[0].message
        );
    }

    #[test]
    fn serde_and_schema_agree() {
        let cases = [
            "domain: space\nstatus: final",
            "domain: space\nproposals: [2017-01]\nstatus: draft",
            "domain: space\nproposals: []\nstatus: review",
            "domain: space\nproposals: null\nstatus: final",
            "domain: space\nproposals: 2017-01\nstatus: final",
            "domain: space\nproposals: [1, 2]\nstatus: final",
            "domain: space\nproposals: [[2017-01]]\nstatus: final",
            "domain: space\nstatus: Final",
            "domain: space\nstatus: done",
            "domain: space\nstatus: null",
            "domain: space",
            "status: final",
            "domain: 12\nstatus: final",
            "domain: null\nstatus: final",
            "domain: ''\nstatus: final",
            "domain: [space]\nstatus: final",
            "domain: space\nstatus: final\nauthor: me",
            "domain: space\nstatus: [final]",
            "[domain, space]",
            "just text",
            "42",
            "domain: space\nstatus: final\ntranslated_from: {commit: 0123456789abcdef0123456789abcdef01234567, paragraphs: [95d09f2b10159347]}",
            "domain: space\nstatus: final\ntranslated_from: {commit: 0123abc, paragraphs: []}",
            "domain: space\nstatus: final\ntranslated_from: {commit: HEAD, paragraphs: []}",
            "domain: space\nstatus: final\ntranslated_from: {commit: 0123abc, paragraphs: [95d09f2b]}",
            "domain: space\nstatus: final\ntranslated_from: {commit: 0123abc, paragraphs: [95D09F2B10159347]}",
            "domain: space\nstatus: final\ntranslated_from: {commit: 0123abc}",
            "domain: space\nstatus: final\ntranslated_from: {commit: 0123abc, paragraphs: [], by: me}",
            "domain: space\nstatus: final\ntranslated_from: null",
            "domain: space\nstatus: final\ntranslated_from: [0123abc]",
        ];
        let schema = front_matter_validator();
        for yaml in cases {
            let value = parse_yaml(yaml).expect("YAML");
            let by_serde = FrontMatter::deserialize(&value).is_ok();
            let by_schema = schema.validator.is_valid(&value);
            assert_eq!(by_serde, by_schema, "{yaml}");
        }
    }

    #[test]
    fn missing_and_broken_front_matter() {
        let s = parse_section("x.md", "fr", "Just text.\n".to_string());
        assert!(matches!(s.front, FrontMatterState::Missing));
        assert_eq!(s.paragraphs.len(), 1);
        let s = parse_section(
            "x.md",
            "fr",
            "---\ndomain: [space\n---\nText.\n".to_string(),
        );
        assert!(
            matches!(s.front, FrontMatterState::Syntax(_)),
            "{:?}",
            s.front
        );
    }
}
