//! What a finding says, in the document's language. Every message and help of a rule is
//! a Project Fluent message (`messages/en.ftl`, `messages/fr.ftl`, compiled into the
//! binary); a [`Message`] is its id and arguments, kept with the finding so that a
//! document renders it in its own language when it asks
//! ([`Diagnostic::message_in`](crate::check::Diagnostic::message_in)).
//!
//! The terminal, JSON and SARIF show the English text, rendered once when the finding is
//! made (the catalog of another language is read only when a document asks for it).
//! Quotes in the catalog are Markdown backticks, as the terminal shows them; a document
//! gets « … » in French and “…” in English instead.

use std::borrow::Cow;
use std::sync::{Mutex, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// The catalogs, by language: (code, Fluent source). The first is the fallback and the
/// language of the terminal.
pub const CATALOGS: &[(&str, &str)] = &[
    ("en", include_str!("messages/en.ftl")),
    ("fr", include_str!("messages/fr.ftl")),
];

/// One argument of a message: text (quoted by the catalog, if at all) or a number (which
/// a message may select a plural form on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Arg {
    // Short tags: the findings cache holds every argument of every finding.
    #[serde(rename = "n")]
    Number(i64),
    #[serde(rename = "t")]
    Text(String),
    /// Messages of the catalog rendered in the same language and joined by commas (a
    /// list of counts, each with its own plural).
    #[serde(rename = "m")]
    Parts(Vec<Message>),
}

macro_rules! arg_from {
    ($($t:ty => |$v:ident| $e:expr),* $(,)?) => {
        $(impl From<$t> for Arg {
            fn from($v: $t) -> Self {
                $e
            }
        })*
    };
}

arg_from! {
    &str => |v| Arg::Text(v.to_string()),
    String => |v| Arg::Text(v),
    &String => |v| Arg::Text(v.clone()),
    Cow<'_, str> => |v| Arg::Text(v.into_owned()),
    char => |v| Arg::Text(v.to_string()),
    usize => |v| Arg::Number(i64::try_from(v).unwrap_or(i64::MAX)),
    u32 => |v| Arg::Number(i64::from(v)),
    i64 => |v| Arg::Number(v),
    i32 => |v| Arg::Number(i64::from(v)),
    Vec<Message> => |v| Arg::Parts(v),
}

/// A message of the catalog with its arguments, or (for text that comes from elsewhere,
/// such as a rule added without a catalog entry) the same text in every language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Message {
    #[serde(rename = "c")]
    Catalog {
        id: Cow<'static, str>,
        args: Vec<(Cow<'static, str>, Arg)>,
    },
    #[serde(rename = "p")]
    Plain(String),
}

/// A catalog message: `msg!("T001", variant = text, preferred = term)`.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $key:ident = $value:expr)* $(,)?) => {
        $crate::lang::Message::new(
            $id,
            vec![$((
                ::std::borrow::Cow::Borrowed(stringify!($key)),
                $crate::lang::message::Arg::from($value),
            )),*],
        )
    };
}

impl From<String> for Message {
    fn from(text: String) -> Self {
        Message::Plain(text)
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Self {
        Message::Plain(text.to_string())
    }
}

/// How a rendered message is meant to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// The terminal, JSON, SARIF: Markdown quotes kept.
    Terminal,
    /// A document: typographic quotes of its language.
    Document,
}

impl Message {
    pub fn new(id: &'static str, args: Vec<(Cow<'static, str>, Arg)>) -> Self {
        Message::Catalog {
            id: Cow::Borrowed(id),
            args,
        }
    }

    /// The catalog id (`None` for plain text).
    pub fn id(&self) -> Option<&str> {
        match self {
            Message::Catalog { id, .. } => Some(id),
            Message::Plain(_) => None,
        }
    }

    /// The English text the terminal shows.
    pub fn terminal(&self) -> String {
        self.render("en", Form::Terminal).0
    }

    /// The text in `lang` for a document, with that language's quotes; English when
    /// `lang` has no catalog.
    pub fn document(&self, lang: &str) -> String {
        // A plain message is English: English quotes, whatever the document.
        self.render(self.language(lang), Form::Document).0
    }

    /// The language [`Message::document`] writes in for `lang`: `lang` when the message
    /// comes from a catalog that language has, English otherwise (a plain message, such as
    /// a parser's words, is English whatever the document).
    pub fn language<'l>(&self, lang: &'l str) -> &'l str {
        match self {
            Message::Catalog { .. } if CATALOGS.iter().any(|(code, _)| *code == lang) => lang,
            _ => "en",
        }
    }

    /// The text, and the catalog's complaints (an id or argument missing), which the
    /// tests turn into failures.
    fn render(&self, lang: &str, form: Form) -> (String, Vec<String>) {
        let (id, args) = match self {
            Message::Plain(text) => {
                return (
                    match form {
                        Form::Terminal => text.clone(),
                        Form::Document => typographic(text, lang),
                    },
                    Vec::new(),
                );
            }
            Message::Catalog { id, args } => (id, args),
        };
        let (catalog, lang) = match catalog(lang) {
            Some(c) => (c, lang),
            None => match catalog("en") {
                Some(c) => (c, "en"),
                None => return (id.to_string(), vec!["no English catalog".to_string()]),
            },
        };
        // Parts first: the catalog is locked while a message is formatted.
        let parts: Vec<Option<String>> = args
            .iter()
            .map(|(_, value)| match value {
                Arg::Parts(parts) => Some(
                    parts
                        .iter()
                        .map(|p| p.render(lang, Form::Terminal).0)
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                _ => None,
            })
            .collect();
        let mut bundle = catalog
            .bundle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !bundle.has_message(id.as_ref())
            && let Some(entry) = entry(catalog.source, id)
        {
            // Only the entries a run needs are parsed: the whole catalog would cost
            // every `check` that reports a finding a few hundred thousand instructions.
            let resource = FluentResource::try_new(entry.to_string()).unwrap_or_else(|(r, _)| r);
            bundle.add_resource_overriding(resource);
        }
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return (
                id.to_string(),
                vec![format!("no message `{id}` in the {lang} catalog")],
            );
        };
        let mut fluent = FluentArgs::with_capacity(args.len());
        for ((key, value), joined) in args.iter().zip(&parts) {
            let value = match value {
                Arg::Parts(_) => FluentValue::from(joined.clone().unwrap_or_default()),
                Arg::Number(n) => FluentValue::from(*n),
                // A backtick inside an argument would pair with the catalog's quotes.
                Arg::Text(t) if form == Form::Document && t.contains('`') => {
                    FluentValue::from(t.replace('`', "'"))
                }
                Arg::Text(t) => FluentValue::from(t.as_str()),
            };
            fluent.set(key.clone(), value);
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent), &mut errors);
        let errors = errors
            .into_iter()
            .map(|e| format!("{lang} `{id}`: {e}"))
            .collect();
        let text = match form {
            Form::Terminal => text.into_owned(),
            Form::Document => typographic(&text, lang),
        };
        (text, errors)
    }
}

/// A language's catalog: its source, and a bundle holding the entries parsed so far.
struct Catalog {
    source: &'static str,
    bundle: Mutex<FluentBundle<FluentResource>>,
}

/// The catalog of `lang`, indexed the first time it is asked for.
fn catalog(lang: &str) -> Option<&'static Catalog> {
    static CATALOG: [OnceLock<Catalog>; CATALOGS.len()] =
        [const { OnceLock::new() }; CATALOGS.len()];
    let i = CATALOGS.iter().position(|(code, _)| *code == lang)?;
    Some(CATALOG[i].get_or_init(|| {
        let (code, source) = CATALOGS[i];
        let locale = code.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![locale]);
        // Bidi isolation marks around arguments are for right-to-left interfaces; they
        // would end up inside the terminal's text and the documents.
        bundle.set_use_isolating(false);
        Catalog {
            source,
            bundle: Mutex::new(bundle),
        }
    }))
}

/// The entry `id` of a catalog's source: its first line (`id = …`, at the margin) and
/// the indented lines that continue it. Found by one search of the source, not an index
/// of it: a run renders a few messages.
fn entry(source: &'static str, id: &str) -> Option<&'static str> {
    let head = format!("\n{id} =");
    let start = memchr::memmem::find(source.as_bytes(), head.as_bytes())? + 1;
    let mut end = start;
    for line in source[start..].split_inclusive('\n') {
        if end > start && !line.starts_with(' ') {
            break;
        }
        end += line.len();
    }
    Some(&source[start..end])
}

/// `text` with its Markdown quotes (`` `x` ``) as the typographic quotes of `lang`:
/// « x » (with no-break spaces) in French, “x” otherwise; a French « x » in another
/// language becomes “x”. In French, the space before `; : ! ?` becomes a no-break one.
fn typographic(text: &str, lang: &str) -> String {
    let french = lang == "fr";
    let mut out = String::with_capacity(text.len() + 8);
    let mut open = false;
    for c in text.chars() {
        if french && matches!(c, ';' | ':' | '!' | '?' | '»') && out.ends_with(' ') {
            out.pop();
            out.push('\u{a0}');
        }
        if french && c == ' ' && out.ends_with('«') {
            out.push('\u{a0}');
            continue;
        }
        match c {
            '`' => {
                out.push_str(match (french, open) {
                    (true, false) => "«\u{a0}",
                    (true, true) => "\u{a0}»",
                    (false, false) => "“",
                    (false, true) => "”",
                });
                open = !open;
            }
            '«' if !french => {
                out.push('“');
                // The space after `«` goes with it.
                continue;
            }
            '»' if !french => {
                while out.ends_with([' ', '\u{a0}', '\u{202f}']) {
                    out.pop();
                }
                out.push('”');
            }
            ' ' | '\u{a0}' | '\u{202f}' if !french && out.ends_with('“') => {}
            _ => out.push(c),
        }
    }
    out
}

/// Every id that a catalog defines (a line `id = …` that starts at the margin).
pub fn catalog_ids(lang: &str) -> Vec<String> {
    let Some((_, source)) = CATALOGS.iter().find(|(code, _)| *code == lang) else {
        return Vec::new();
    };
    source
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_string()))
        .collect()
}

/// For tests: the message in `lang` and what the catalog complained of.
#[doc(hidden)]
pub fn render_checked(message: &Message, lang: &str) -> (String, Vec<String>) {
    message.render(lang, Form::Document)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_follow_the_documents_language() {
        assert_eq!(
            typographic("`Kiev` is a variant of `Kyïv`", "en"),
            "“Kiev” is a variant of “Kyïv”"
        );
        assert_eq!(
            typographic("`Kiev` est une variante de `Kyïv`", "fr"),
            "«\u{a0}Kiev\u{a0}» est une variante de «\u{a0}Kyïv\u{a0}»"
        );
        assert_eq!(
            typographic("« onzième » names this report", "en"),
            "“onzième” names this report"
        );
        assert_eq!(
            typographic("« onzième » désigne ce rapport ; voir", "fr"),
            "«\u{a0}onzième\u{a0}» désigne ce rapport\u{a0}; voir"
        );
    }

    /// Each catalog parses, whole and entry by entry (as a run reads it).
    /// A list of counts, each with its plural, in the document's language.
    #[test]
    fn parts_render_in_the_same_language() {
        let say = |bold: usize, sup: usize| -> Vec<Message> {
            vec![
                crate::msg!("L005-bold", count = bold),
                crate::msg!("L005-superscript", count = sup),
            ]
        };
        let m = crate::msg!(
            "L005",
            lang = "fr",
            at = "drafts/fr/01-space.md:6",
            source = say(1, 2),
            here = vec![crate::msg!("L005-none")]
        );
        assert_eq!(
            m.terminal(),
            "the emphasis and superscripts differ from `fr` (drafts/fr/01-space.md:6): 1 bold run, 2 superscripts, this paragraph none"
        );
        let (fr, complaints) = render_checked(&m, "fr");
        assert!(complaints.is_empty(), "{complaints:?}");
        assert_eq!(
            fr,
            "l'italique, le gras et les exposants diffèrent de «\u{a0}fr\u{a0}» (drafts/fr/01-space.md:6)\u{a0}: 1 passage en gras, 2 exposants, ce paragraphe aucun"
        );
    }

    #[test]
    fn catalogs_parse_without_errors() {
        for (lang, source) in CATALOGS {
            if let Err((_, errors)) = FluentResource::try_new(source.to_string()) {
                panic!("{lang}.ftl: {errors:?}");
            }
            for id in catalog_ids(lang) {
                let text = entry(source, &id).unwrap_or_else(|| panic!("{lang} {id}"));
                let resource = FluentResource::try_new(text.to_string())
                    .unwrap_or_else(|(_, e)| panic!("{lang} {id}: {e:?}"));
                assert_eq!(resource.entries().count(), 1, "{lang} {id}: {text}");
            }
        }
    }

    /// Both catalogs define the same ids: a message written in one language only fails
    /// here.
    #[test]
    fn catalogs_define_the_same_ids() {
        let mut en = catalog_ids("en");
        let mut fr = catalog_ids("fr");
        en.sort();
        fr.sort();
        let only_en: Vec<_> = en.iter().filter(|id| !fr.contains(id)).collect();
        let only_fr: Vec<_> = fr.iter().filter(|id| !en.contains(id)).collect();
        assert!(
            only_en.is_empty() && only_fr.is_empty(),
            "only in en.ftl: {only_en:?}; only in fr.ftl: {only_fr:?}"
        );
        let mut unique = en.clone();
        unique.dedup();
        assert_eq!(unique.len(), en.len(), "an id is defined twice");
    }

    /// Each message of a catalog with the variables it uses.
    fn variables(lang: &str) -> std::collections::HashMap<String, Vec<String>> {
        let source = CATALOGS.iter().find(|(c, _)| *c == lang).unwrap().1;
        let mut out: std::collections::HashMap<String, Vec<String>> = Default::default();
        let mut current: Option<String> = None;
        for line in source.lines() {
            if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
                current = line.split_once(" =").map(|(id, _)| id.trim().to_string());
                out.entry(current.clone().unwrap()).or_default();
            } else if !line.starts_with(' ') {
                current = None;
                continue;
            }
            let Some(id) = &current else { continue };
            for (at, _) in line.match_indices('$') {
                let name: String = line[at + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                out.get_mut(id).unwrap().push(name);
            }
        }
        out
    }

    /// The calls of `msg!` in a source file: each id with the names of its arguments.
    fn calls(text: &str) -> Vec<(String, Vec<String>)> {
        let mut found = Vec::new();
        for (at, _) in text.match_indices("msg!(\"") {
            let rest = &text[at + 6..];
            let id = rest[..rest.find('"').unwrap()].to_string();
            // The call's text up to its closing parenthesis, strings skipped.
            let mut depth = 1;
            let mut in_string = false;
            let mut escaped = false;
            let mut end = 0;
            for (i, c) in text[at + 5..].char_indices() {
                if in_string {
                    match (escaped, c) {
                        (true, _) => escaped = false,
                        (false, '\\') => escaped = true,
                        (false, '"') => in_string = false,
                        _ => {}
                    }
                    continue;
                }
                match c {
                    '"' => in_string = true,
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = at + 5 + i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let call = &text[at + 5..end];
            // `name = value` at the call's top level: after a comma at depth 1.
            let mut keys = Vec::new();
            let mut depth = 0;
            let mut in_string = false;
            let mut escaped = false;
            let mut after_comma = false;
            let chars: Vec<char> = call.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                if in_string {
                    match (escaped, c) {
                        (true, _) => escaped = false,
                        (false, '\\') => escaped = true,
                        (false, '"') => in_string = false,
                        _ => {}
                    }
                    continue;
                }
                match c {
                    '"' => in_string = true,
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' => depth -= 1,
                    ',' if depth == 0 => after_comma = true,
                    c if after_comma && !c.is_whitespace() => {
                        after_comma = false;
                        let name: String = chars[i..]
                            .iter()
                            .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
                            .collect();
                        keys.push(name);
                    }
                    _ => {}
                }
            }
            found.push((id, keys));
        }
        found
    }

    /// Every rule of the registry has its messages in both catalogs (ids start with the
    /// rule's code); every id the code uses (the first argument of each `msg!`) is in both,
    /// and each call gives every variable that its message uses in either language (a
    /// variable left out would print as `{$name}`).
    #[test]
    fn every_rule_and_every_id_used_has_both_languages() {
        let en = catalog_ids("en");
        for rule in crate::check::RULES {
            assert!(
                en.iter().any(|id| id == rule.code
                    || id
                        .strip_prefix(rule.code)
                        .is_some_and(|r| r.starts_with('-'))),
                "{} has no message in the catalogs",
                rule.code
            );
        }
        let catalogs = [("en", variables("en")), ("fr", variables("fr"))];
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut stack = vec![std::path::PathBuf::from(root)];
        let mut used = 0;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for (id, keys) in calls(&text) {
                    used += 1;
                    let mut wanted = std::collections::BTreeSet::new();
                    for (lang, vars) in &catalogs {
                        let Some(vars) = vars.get(&id) else {
                            panic!("{}: `{id}` is not in {lang}.ftl", path.display());
                        };
                        for v in vars {
                            assert!(
                                keys.contains(v),
                                "{}: `{id}` in {lang}.ftl uses `${v}`, which the call does not give ({keys:?})",
                                path.display()
                            );
                            wanted.insert(v.clone());
                        }
                    }
                    for k in &keys {
                        assert!(
                            wanted.contains(k),
                            "{}: `{id}` is given `{k}`, which neither catalog uses",
                            path.display()
                        );
                    }
                }
            }
        }
        assert!(used > 50, "only {used} uses of msg! found");
    }
}
