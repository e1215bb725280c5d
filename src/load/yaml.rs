//! YAML in, JSON out: every YAML file rapporteur reads (front matter, catalog, edition
//! metadata) is parsed into a `serde_json::Value`, validated against the JSON Schema
//! generated from its Rust type, and only then turned into that type. Validation errors
//! carry a JSON pointer; [`yaml_spans`] maps a pointer back to the byte range of the key
//! or value in the file, by walking the YAML parser's events (the lesson of taplo).

use std::collections::HashMap;
use std::ops::Range;

use serde_json::Value;
use serde_saphyr::granit_parser::{Event, Parser};

/// A YAML syntax error at a byte offset of the parsed text.
#[derive(Debug, Clone)]
pub struct YamlError {
    pub offset: usize,
    /// What is wrong, in plain words ([`plain_words`]).
    pub message: String,
    /// Whether the text may well be valid YAML, but larger or deeper than rapporteur
    /// reads (a bound of the parser): then the help is not "fix the syntax".
    pub limit: bool,
}

impl YamlError {
    /// What to do about it.
    pub fn help(&self) -> &'static str {
        if self.limit {
            "the file is larger or nested deeper than rapporteur reads: split it, or remove what was pasted in by mistake"
        } else {
            "fix the YAML syntax at this position"
        }
    }
}

/// Parses YAML text into a JSON value. An empty document is `null`.
pub fn parse_yaml(text: &str) -> Result<Value, YamlError> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_saphyr::from_str::<Value>(text).map_err(|err| {
        let message = err.to_string();
        YamlError {
            offset: error_offset(&err, text).unwrap_or(0),
            limit: message.contains("budget breached"),
            message: plain_words(&message),
        }
    })
}

/// The byte offset in `text` where serde-saphyr places an error, if it says.
pub fn error_offset(err: &serde_saphyr::Error, text: &str) -> Option<usize> {
    let loc = err.location()?;
    let offset = loc
        .span()
        .byte_offset()
        .map(|b| b as usize)
        .unwrap_or_else(|| {
            let file = super::SourceFile::new("", text.to_string());
            file.offset_of(loc.line() as usize, loc.column() as usize)
        });
    Some(offset.min(text.len()))
}

/// The one place a YAML parser's message becomes what a drafter reads: its first line,
/// the parser's internals (budget structs, API names, policies) said in plain words, the
/// position left to the caller, and a quoted value cut short.
pub fn plain_words(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    let plain = if let Some(breach) = line.split("budget breached: ").nth(1) {
        let number = breach
            .split(|c: char| !c.is_ascii_digit())
            .find(|n| !n.is_empty())
            .unwrap_or("");
        match breach.split([' ', '{']).next().unwrap_or("") {
            "Nodes" | "Events" => format!(
                "{number} values, keys and list items: more than rapporteur reads in one file"
            ),
            "Depth" => format!("nested {number} levels deep: more than rapporteur reads"),
            "Aliases" | "Anchors" | "AliasAnchorRatio" => {
                "too many anchors and aliases (`&name`, `*name`): rapporteur's files need none"
                    .to_string()
            }
            "ScalarBytes" => "a value longer than rapporteur reads".to_string(),
            "Documents" => "too many YAML documents (`---` lines)".to_string(),
            "MergeKeys" => "too many merge keys (`<<:`)".to_string(),
            _ => "larger or more complex than rapporteur reads".to_string(),
        }
    } else if line.contains("multiple YAML documents") {
        "the file holds more than one YAML document (a second `---` line): keep one".to_string()
    } else if line.contains("rejected by the configured policy") {
        "`.nan` and `.inf` are not numbers rapporteur accepts: write a number".to_string()
    } else if line.contains("merge keys are not allowed") {
        "merge keys (`<<:`) are not allowed: write the values out".to_string()
    } else {
        first_line(line)
    };
    crate::escape::one_line(&plain, 200).into_owned()
}

fn first_line(line: &str) -> String {
    // The parser's advice is for programmers ("set DuplicateKeyPolicy in Options").
    if let Some(rest) = line.split("duplicate mapping key").nth(1) {
        let key = rest
            .strip_prefix(": ")
            .and_then(|k| k.split(", set ").next())
            .map(|k| format!(" `{}`", k.trim()))
            .unwrap_or_default();
        return format!("the key{key} appears twice in the same mapping; keep one");
    }
    // serde-saphyr may also prefix "error: line L column C: "; the position is ours to show.
    let line = line.strip_prefix("error: ").unwrap_or(line);
    let line = match line
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((position, rest)) if position.contains("column") => rest,
        _ => line,
    };
    // serde-saphyr appends " at line L column C"; we show the position ourselves.
    match line.rfind(" at line ") {
        Some(i) => line[..i].to_string(),
        None => line.to_string(),
    }
}

/// Where a node of a YAML document is: the range of its key (for mapping values) and of
/// its value.
#[derive(Debug, Clone, Default)]
pub struct NodeSpan {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

impl NodeSpan {
    /// The key's range when `key` is asked for and there is one, else the value's.
    pub fn range(&self, key: bool) -> Range<usize> {
        match (&self.key, key) {
            (Some(k), true) => k.clone(),
            _ => self.value.clone(),
        }
    }
}

/// Byte ranges of every node of a YAML document, by JSON pointer (`/proposals/1`).
/// Returns an empty map on a syntax error: callers only ask after a successful parse.
pub fn yaml_spans(text: &str) -> HashMap<String, NodeSpan> {
    let mut spans: HashMap<String, NodeSpan> = HashMap::new();
    if !walk_spans(text, &mut spans, |_, _, _| false) {
        return HashMap::new();
    }
    spans
}

/// The range of the node at `pointer` (its key when `key` is true and it has one), as
/// [`yaml_spans`] gives it, reading the document only as far as that node: a finding
/// about `/waivers` near the top of a long file does not parse the rest. `None` when
/// there is no such node or the text is not valid YAML up to it.
pub fn yaml_span_of(text: &str, pointer: &str, key: bool) -> Option<Range<usize>> {
    let mut spans: HashMap<String, NodeSpan> = HashMap::new();
    let mut found = None;
    walk_spans(text, &mut spans, |p, span, is_key| {
        if p == pointer && (key || !is_key) {
            found = Some(span.range(key));
            return true;
        }
        false
    });
    found
}

/// Walks the document's events, recording each node's span in `spans` and showing it
/// to `stop` (with whether it is a mapping key), which ends the walk by returning true.
/// Returns false on a syntax error. A mapping value is shown twice: when its key is
/// read (`is_key`), and when the value starts.
fn walk_spans(
    text: &str,
    spans: &mut HashMap<String, NodeSpan>,
    mut stop: impl FnMut(&str, &NodeSpan, bool) -> bool,
) -> bool {
    enum Frame {
        Map {
            pointer: String,
            key: Option<(String, Range<usize>)>,
        },
        Seq {
            pointer: String,
            index: usize,
        },
    }
    let mut stack: Vec<Frame> = Vec::new();
    // Byte offsets: granit gives them for string input; fall back to char index.
    let byte = |m: &serde_saphyr::granit_parser::Marker| m.byte_offset().unwrap_or(m.index());

    // Returns the pointer of the node starting now, or None when it is a mapping key.
    fn place(stack: &mut [Frame], is_scalar_key_candidate: bool) -> Result<String, ()> {
        match stack.last_mut() {
            None => Ok(String::new()),
            Some(Frame::Seq { pointer, index }) => {
                let p = format!("{pointer}/{index}");
                *index += 1;
                Ok(p)
            }
            Some(Frame::Map { pointer, key }) => match key.take() {
                Some((k, _)) => Ok(format!("{pointer}/{}", escape_pointer(&k))),
                None => {
                    let _ = is_scalar_key_candidate;
                    Err(())
                }
            },
        }
    }

    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else {
            return false;
        };
        let range = byte(&span.start)..byte(&span.end);
        match event {
            Event::Scalar(value, ..) => match place(&mut stack, true) {
                Ok(pointer) => {
                    let key = parent_key_span(spans, &pointer);
                    let span = NodeSpan { key, value: range };
                    if stop(&pointer, &span, false) {
                        return true;
                    }
                    spans.insert(pointer, span);
                }
                Err(()) => {
                    if let Some(Frame::Map { pointer, key }) = stack.last_mut() {
                        let child = format!("{pointer}/{}", escape_pointer(&value));
                        let span = NodeSpan {
                            key: Some(range.clone()),
                            value: range.clone(),
                        };
                        if stop(&child, &span, true) {
                            return true;
                        }
                        spans.insert(child, span);
                        *key = Some((value.into_owned(), range));
                    }
                }
            },
            Event::Alias(_) => {
                if let Ok(pointer) = place(&mut stack, false) {
                    let key = parent_key_span(spans, &pointer);
                    let span = NodeSpan { key, value: range };
                    if stop(&pointer, &span, false) {
                        return true;
                    }
                    spans.insert(pointer, span);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                // A collection used as a key is not something our files have; treat as value.
                let pointer = place(&mut stack, false).unwrap_or_default();
                let key = parent_key_span(spans, &pointer);
                let span = NodeSpan { key, value: range };
                if stop(&pointer, &span, false) {
                    return true;
                }
                spans.insert(pointer.clone(), span);
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Map { pointer, key: None }
                } else {
                    Frame::Seq { pointer, index: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            _ => {}
        }
    }
    true
}

fn parent_key_span(spans: &HashMap<String, NodeSpan>, pointer: &str) -> Option<Range<usize>> {
    spans.get(pointer).and_then(|s| s.key.clone())
}

/// Escapes a mapping key for use in a JSON pointer (RFC 6901).
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ids_and_slugs_as_strings() {
        let v = parse_yaml("domain: resilience\nproposals: [2017-06, 2017-07]\n").unwrap();
        assert_eq!(v["proposals"][0], "2017-06");
        assert_eq!(v["domain"], "resilience");
    }

    #[test]
    fn a_duplicate_key_is_named_without_the_parser_internals() {
        let err = parse_yaml("languages: [fr]\nlanguages: [en]\n").unwrap_err();
        assert_eq!(
            err.message,
            "the key `languages` appears twice in the same mapping; keep one"
        );
        assert!(err.offset >= 16, "{err:?}");
    }

    #[test]
    fn syntax_error_has_offset() {
        let text = "domain: a\nproposals: [1, 2\nstatus: draft\n";
        let err = parse_yaml(text).unwrap_err();
        assert!(err.offset > 10, "{err:?}");
    }

    #[test]
    fn spans_of_keys_and_items() {
        let text = "domain: space\nproposals:\n  - 2017-01\n  - 2017-02\nstatus: final\n";
        let spans = yaml_spans(text);
        let status = &spans["/status"];
        assert_eq!(&text[status.key.clone().unwrap()], "status");
        assert_eq!(&text[status.value.clone()], "final");
        assert_eq!(&text[spans["/proposals/1"].value.clone()], "2017-02");
        // The early-stopping lookup agrees with the whole map, keys and values.
        for (pointer, span) in &spans {
            for key in [true, false] {
                assert_eq!(
                    yaml_span_of(text, pointer, key),
                    Some(span.range(key)),
                    "{pointer} {key}"
                );
            }
        }
        assert_eq!(yaml_span_of(text, "/nothing", true), None);
        let flow = "proposals: [2017-01, 2017-09]\n";
        assert_eq!(
            &flow[yaml_spans(flow)["/proposals/1"].value.clone()],
            "2017-09"
        );
    }
}

#[cfg(test)]
mod node_span_tests {
    use super::{yaml_span_of, yaml_spans};

    /// Stopping at a node gives the span the whole walk gives it, for every node of the
    /// shipped edition's metadata (keys, values, aliases, nested maps and lists).
    #[test]
    fn one_node_is_found_as_the_whole_walk_finds_it() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/drafts/report.yaml");
        let text = std::fs::read_to_string(path).unwrap();
        let all = yaml_spans(&text);
        assert!(all.contains_key("/waivers/2016-01/fr") && all.contains_key("/waivers/2016-02"));
        for (pointer, span) in &all {
            for key in [false, true] {
                assert_eq!(
                    yaml_span_of(&text, pointer, key),
                    Some(span.range(key)),
                    "{pointer} (key: {key})"
                );
            }
        }
        assert!(yaml_span_of(&text, "/no/such/node", false).is_none());
    }
}
