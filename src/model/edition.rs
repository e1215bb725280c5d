//! `drafts/report.yaml`: the edition being drafted.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Lang;
use crate::check::Severity;

/// Edition metadata: which edition this is, the period it covers, its languages and the
/// proposals it does not report on.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditionMeta {
    /// The edition's number in the series (11 for the eleventh report). The title's
    /// ordinal ("Onzième", "Eleventh") is made from it.
    #[schemars(range(min = 1, max = 9999))]
    pub number: u32,
    /// The months the edition reports on.
    pub period: Period,
    /// The report's title per language, without the ordinal that starts it
    /// ("rapport d'étape sur …").
    pub title: BTreeMap<Lang, String>,
    /// The languages the edition is written in; each has a folder `drafts/<lang>/`.
    #[schemars(length(min = 1))]
    pub languages: Vec<Lang>,
    /// The language the report is drafted in (`en`), one of `languages`. Every other
    /// language is a translation of it: each of its sections records what it was
    /// translated from, and the F rules say which paragraphs are behind. Left out, no
    /// language is a translation of another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Lang>,
    /// The git revision (usually a tag such as `edition-10`) of the previous edition, the
    /// default left side of `rapporteur diff`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// Proposals this edition does not report on, each with the reason. A waived proposal
    /// is reported as such, never silently. Give the reason in every language of the
    /// edition (`{fr: "…", en: "…"}`), so that the annex of each language states it in that
    /// language; a plain string is the reason in the drafting language (`source:`), or
    /// else in the first of `languages`.
    #[serde(default)]
    pub waivers: BTreeMap<String, Waiver>,
    /// The document's date (YYYY-MM-DD), printed on the cover. Left out, the build prints
    /// the day of `SOURCE_DATE_EPOCH` when that is set, and no date otherwise.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_date"
    )]
    #[schemars(regex(pattern = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"))]
    pub date: Option<String>,
    /// Who issues the report, per language, as printed at the top of the cover
    /// (`fr: [Union européenne, Organisation du Traité de l'Atlantique Nord]`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub issuers: BTreeMap<Lang, Vec<String>>,
    /// House style of the release document: whether the section headings are numbered
    /// (`1. Dialogue politique`), as in the table of contents. Default: `true`; `false`
    /// prints headings and contents without numbers. The introduction and the closing,
    /// which have no heading, are never numbered.
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub numbering: bool,
    /// The house style of each language (`fr: {nbsp: "U+00A0", apostrophe: "'"}`), which
    /// the typography rules (Y) check and `rapporteur check --fix` applies. A language
    /// left out gets the defaults: French spacing for `fr`, English spacing for the
    /// others, either apostrophe accepted.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub style: BTreeMap<Lang, HouseStyle>,
    /// Whether every section must be signed off before the release (`signoff: required`):
    /// then a `final` section nobody signed off for this edition (R002) stops `build` and
    /// `edition next`, as an error does. Left out (`optional`), R002 is a note that
    /// blocks nothing.
    #[serde(default, skip_serializing_if = "SignOffPolicy::is_optional")]
    pub signoff: SignOffPolicy,
    /// Rule severities changed for this edition, by rule code (`T004: warning`).
    /// `rapporteur rules` lists the codes; an unknown code is an error.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, Severity>,
}

/// Whether the release needs sign-offs (`signoff:` in drafts/report.yaml).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SignOffPolicy {
    /// Sign-offs are recorded when a team uses them; the release does not wait for them.
    #[default]
    Optional,
    /// Every section must be signed off, unchanged since, for the release.
    Required,
}

impl SignOffPolicy {
    fn is_optional(&self) -> bool {
        *self == SignOffPolicy::Optional
    }
}

/// A day as `YYYY-MM-DD`; anything else fails, so that the loader explains it with the
/// schema's pattern, at its line.
fn deserialize_date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let text = String::deserialize(deserializer)?;
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let number = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
    let valid = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
        && (1..=12).contains(&number(5..7))
        && (1..=31).contains(&number(8..10));
    if valid {
        Ok(Some(text))
    } else {
        Err(serde::de::Error::custom(format!(
            "`{text}` is not a date of the form YYYY-MM-DD"
        )))
    }
}

fn default_true() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

/// Why a proposal is waived: one reason per language (`{fr: "…", en: "…"}`), or a plain
/// string, which is the reason in the drafting language (`source:`), or else in the
/// edition's first language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Waiver {
    /// The reason, in the drafting language (or else the first of `languages`).
    Reason(String),
    /// The reason in each language (`fr: "…"`, `en: "…"`).
    PerLanguage(BTreeMap<Lang, String>),
}

/// Read by hand rather than with `#[serde(untagged)]`, which buffers every value and
/// tries each form in turn: that made reading drafts/report.yaml a tenth of a build.
impl<'de> Deserialize<'de> for Waiver {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WaiverVisitor;

        impl<'de> serde::de::Visitor<'de> for WaiverVisitor {
            type Value = Waiver;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a reason, or one reason per language (`{fr: \"…\", en: \"…\"}`)")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Waiver, E> {
                Ok(Waiver::Reason(text.to_string()))
            }

            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Waiver, E> {
                Ok(Waiver::Reason(text))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Waiver, A::Error> {
                BTreeMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Waiver::PerLanguage)
            }
        }

        deserializer.deserialize_any(WaiverVisitor)
    }
}

impl Waiver {
    /// The reason in `lang`, if given in that language. A plain string counts as
    /// written in `first` (`EditionMeta::first_language`).
    pub fn reason(&self, lang: &str, first: &str) -> Option<&str> {
        match self {
            Waiver::Reason(text) => (lang == first).then_some(text.as_str()),
            Waiver::PerLanguage(by_lang) => by_lang.get(lang).map(String::as_str),
        }
    }

    /// Some reason, for messages that name one: the one in `first` if given, else the
    /// first by language code.
    pub fn any_reason(&self, first: &str) -> &str {
        match self {
            Waiver::Reason(text) => text,
            Waiver::PerLanguage(by_lang) => by_lang
                .get(first)
                .or_else(|| by_lang.values().next())
                .map_or("", String::as_str),
        }
    }
}

impl EditionMeta {
    /// The language a plain-string waiver reason is written in: the drafting language
    /// (`source:`) when there is one, else the first of `languages`.
    pub fn first_language(&self) -> &str {
        self.source
            .as_deref()
            .or(self.languages.first().map(String::as_str))
            .unwrap_or("")
    }
}

/// How one language is typeset.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HouseStyle {
    /// Which spacing convention the punctuation follows: `french` (a no-break space
    /// before `; : ! ? » %` and after `«`, none before `. ,`) or `english` (no space before
    /// `; : ! ? % . ,`). Default: `french` for `fr`, `english` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub punctuation: Option<Punctuation>,
    /// The no-break space French spacing uses: `U+00A0` (no-break space, the default) or
    /// `U+202F` (narrow no-break space).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbsp: Option<Nbsp>,
    /// The apostrophe to write (`l'AED` or `l’AED`): `"'"` (straight) or `"’"` (curly).
    /// Left out, either is accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apostrophe: Option<Apostrophe>,
}

/// A punctuation spacing convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Punctuation {
    /// A no-break space before `; : ! ? » %` and after `«`; no space before `. ,`.
    French,
    /// No space before `; : ! ? % . ,`.
    English,
}

/// A no-break space character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Nbsp {
    /// No-break space (U+00A0).
    #[serde(rename = "U+00A0")]
    NoBreak,
    /// Narrow no-break space (U+202F).
    #[serde(rename = "U+202F")]
    Narrow,
}

impl Nbsp {
    pub fn char(self) -> char {
        match self {
            Nbsp::NoBreak => '\u{a0}',
            Nbsp::Narrow => '\u{202f}',
        }
    }
}

/// An apostrophe character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Apostrophe {
    /// Straight apostrophe (U+0027).
    #[serde(rename = "'")]
    Straight,
    /// Typographic apostrophe (U+2019).
    #[serde(rename = "’")]
    Curly,
}

impl Apostrophe {
    pub fn char(self) -> char {
        match self {
            Apostrophe::Straight => '\'',
            Apostrophe::Curly => '\u{2019}',
        }
    }
}

/// A span of months, both ends included.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First month covered (YYYY-MM).
    #[serde(deserialize_with = "deserialize_month")]
    #[schemars(regex(pattern = r"^\d{4}-(0[1-9]|1[0-2])$"))]
    pub start: String,
    /// Last month covered (YYYY-MM), not before the first.
    #[serde(deserialize_with = "deserialize_month")]
    #[schemars(regex(pattern = r"^\d{4}-(0[1-9]|1[0-2])$"))]
    pub end: String,
}

/// A month as `YYYY-MM`, refused otherwise, so that serde accepts what the schema does
/// (the schema runs only to explain a failure).
fn deserialize_month<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    let b = text.as_bytes();
    let valid = b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && (1..=12).contains(&text[5..].parse::<u32>().unwrap_or(0));
    if valid {
        Ok(text)
    } else {
        Err(serde::de::Error::custom(format!(
            "`{text}` is not a month of the form YYYY-MM"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::Waiver;

    #[test]
    fn a_waiver_is_a_reason_or_one_reason_per_language() {
        let plain: Waiver = serde_json::from_str("\"texte absent\"").unwrap();
        assert_eq!(plain.reason("fr", "fr"), Some("texte absent"));
        assert_eq!(
            plain.reason("en", "fr"),
            None,
            "a plain string is the first language's"
        );
        let per: Waiver = serde_json::from_str(r#"{"fr": "absent", "en": "missing"}"#).unwrap();
        assert_eq!(per.reason("en", "fr"), Some("missing"));
        assert_eq!(per.reason("de", "fr"), None);
        assert_eq!(
            per.any_reason("de"),
            "missing",
            "the first by language code"
        );
        assert!(serde_json::from_str::<Waiver>("3").is_err());
        assert!(serde_json::from_str::<Waiver>(r#"{"fr": 3}"#).is_err());
    }
}
