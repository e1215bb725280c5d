//! T: terminology, driven by `schemas/terminology.yaml`. Each rule is generic over the
//! termbase's data: forbidden variants, acronyms and their expansions, names in capitals,
//! doubtful wordings. No term is known to the code.
//!
//! Each paragraph is cut into word parts once ([`tokens`](super::tokens)); the termbase's
//! terms are looked up by their first part in hash maps built once per language.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use foldhash::{HashSet, HashSetExt};

use super::reading_order_indexed;
use super::tokens::{Part, PatternSet, is_all_caps, parts};
use crate::check::diagnostic::{Diagnostic, Edit, Severity};
use crate::check::registry::Rule;
use crate::check::{Ctx, Facts as CheckFacts};
use crate::load::Section;
use crate::model::{Acronym, LanguageTerms, Termbase};
use crate::msg;

pub const FORBIDDEN_VARIANT: Rule = Rule {
    code: "T001",
    name: "forbidden-variant",
    severity: Severity::Error,
    summary: "A term is written in a form the termbase replaces by a preferred one.",
    why: "The report names places, institutions and notions one way, edition after edition \
          and language by language; the termbase (`terms` in schemas/terminology.yaml) \
          records that form and the variants to avoid.",
    example: "`le soutien à Kiev`. Fix: `le soutien à Kyïv`.",
    fixable: true,
};

pub const ACRONYM_BEFORE_EXPANSION: Rule = Rule {
    code: "T002",
    name: "acronym-before-expansion",
    severity: Severity::Error,
    summary: "An acronym is used before the place where it is spelled out, in reading order.",
    why: "Readers meet the acronym first where the report starts using it, in the order of \
          the sections; that is where they need its expansion.",
    example: "Section 1 writes `l'AED`, section 9 `Agence européenne de défense (AED)`. Fix: \
              spell it out at the first use, in section 1.",
    fixable: false,
};

pub const ACRONYM_NEVER_EXPANDED: Rule = Rule {
    code: "T003",
    name: "acronym-never-expanded",
    severity: Severity::Error,
    summary: "An acronym that the termbase expands is never spelled out in the edition.",
    why: "A reader who does not know the acronym has nowhere to learn what it means.",
    example: "`le COPS` throughout. Fix: write `Comité politique et de sécurité (COPS)` at \
              the first use.",
    fixable: false,
};

pub const ACRONYM_EXPANDED_DIFFERENTLY: Rule = Rule {
    code: "T004",
    name: "acronym-expanded-differently",
    severity: Severity::Error,
    summary: "An acronym is spelled out in a way the termbase does not know, or (when the \
              termbase gives no expansion) in two different ways.",
    why: "One acronym, one name: two expansions make readers wonder whether two bodies are \
          meant, and the translations drift apart.",
    example: "`Agence de défense européenne (AED)` while the termbase says `Agence européenne \
              de défense`. Fix: use the termbase's expansion, or add the form to the \
              acronym's `forms`.",
    fixable: false,
};

pub const UNKNOWN_ACRONYM: Rule = Rule {
    code: "T005",
    name: "unknown-acronym",
    severity: Severity::Error,
    summary: "A word in capitals is neither an acronym nor a name of the termbase.",
    why: "Every acronym of the report is recorded with its expansion and translations, so \
          that it is spelled out at first use and translated the same way everywhere. A new \
          one must be added to the termbase; a typo in one is caught here.",
    example: "`la CSDP` in a French section. Fix: `la PSDC`, or add the acronym to \
              schemas/terminology.yaml with its expansion.",
    fixable: false,
};

pub const AMBIGUOUS_ACRONYM: Rule = Rule {
    code: "T006",
    name: "ambiguous-acronym",
    severity: Severity::Warning,
    summary: "An acronym that the termbase marks `ambiguous` is used.",
    why: "The text uses the acronym for different things (two missions under one acronym); \
          each use should say which one is meant.",
    example: "`EUAM` for the advisory missions in Iraq and in Ukraine. Fix: `EUAM Iraq`, \
              `EUAM Ukraine`, then drop `ambiguous` from the termbase.",
    fixable: false,
};

pub const DOUBTFUL_WORDING: Rule = Rule {
    code: "T007",
    name: "doubtful-wording",
    severity: Severity::Warning,
    summary: "A wording the termbase lists under `doubtful` occurs in the text.",
    why: "Some flaws of a published text are kept as printed until the drafters settle them \
          (a probable typo, an agreement that contradicts the expansion); listing them keeps \
          them visible at every check.",
    example: "`au titre du FEP` while the FEP is `la facilité européenne pour la paix`. Fix: \
              `au titre de la FEP`, then remove the entry.",
    fixable: false,
};

pub const ACRONYM_CASE: Rule = Rule {
    code: "T008",
    name: "acronym-case",
    severity: Severity::Error,
    summary: "An acronym of the termbase is written in another case (`Otan`, `l'otan`).",
    why: "The report writes its acronyms as the termbase does, in capitals; « l'Otan », a \
          common habit of the press, is not the house form, and a search for `OTAN` misses \
          it. A word in title case is flagged anywhere but at the start of a sentence (where \
          a word such as « Cap » is ordinary French), a word in lower case only right after \
          an elided article (« l'otan »): « garder le cap » is not an acronym. A name \
          written so (« Cap-Vert ») goes under `names` in the termbase; URLs are left \
          alone.",
    example: "`le soutien de l'Otan`. Fix: `le soutien de l'OTAN`.",
    fixable: true,
};

pub const OTHER_LANGUAGE_ACRONYM: Rule = Rule {
    code: "T009",
    name: "other-language-acronym",
    severity: Severity::Error,
    summary: "An acronym is written in its form of another language (`NATO` or `EU` in \
              French, `OTAN` in English).",
    why: "Each language version writes an acronym in its own form; the termbase records the \
          forms (`translations`). A name of the termbase that holds the other form (the \
          programme « UNITE – Brave NATO », listed as an acronym or under `names`) allows it \
          there, and only there.",
    example: "`La NATO et l'UE` in a French section. Fix: `L'OTAN et l'UE`; `check --fix` \
              writes `OTAN` in place of `NATO`, and leaves the article to the drafter.",
    fixable: true,
};

/// The termbase of one language, indexed for lookups.
struct Index<'a> {
    variants: PatternSet<&'a str>,
    acronyms: PatternSet<usize>,
    doubtful: PatternSet<&'a str>,
    /// Names of the termbase (several words or one: their words are allowed there) and
    /// the acronyms of other languages, found in one pass.
    extras: PatternSet<Extra<'a>>,
    /// Single-word acronyms in capitals, by their lower-case form (for T008).
    by_lower: foldhash::HashMap<String, usize>,
    /// The longest of them, in bytes.
    longest_lower: usize,
    /// Their first letters, lower case (a bit per ASCII byte): most words start with
    /// another letter and are not looked up.
    lower_firsts: u128,
    /// Single words the unknown-acronym rule accepts: acronyms and names.
    known: HashSet<&'a str>,
    list: &'a [Acronym],
    /// Each acronym's expansion forms, normalized once.
    forms: Vec<Vec<String>>,
    grammar: Grammar,
}

/// The language's small words, from the termbase: articles and link words.
struct Grammar {
    /// Normalized, longest first, so that `de la ` is tried before `de `.
    articles: Vec<String>,
    link_words: HashSet<String>,
}

impl Grammar {
    fn new(terms: &LanguageTerms) -> Self {
        let mut articles: Vec<String> = terms.articles.iter().map(|a| normalize(a)).collect();
        articles.sort_by_key(|a| std::cmp::Reverse(a.len()));
        Grammar {
            articles,
            link_words: terms.link_words.iter().map(|w| normalize(w)).collect(),
        }
    }
}

impl<'a> Index<'a> {
    fn new(lang: &str, terms: &'a LanguageTerms, termbase: &'a Termbase) -> Self {
        let grammar = Grammar::new(terms);
        let mut index = Index {
            variants: PatternSet::default(),
            acronyms: PatternSet::default(),
            doubtful: PatternSet::default(),
            extras: PatternSet::default(),
            by_lower: foldhash::HashMap::default(),
            longest_lower: 0,
            lower_firsts: 0,
            known: HashSet::new(),
            list: &terms.acronyms,
            forms: terms
                .acronyms
                .iter()
                .map(|a| expansion_forms(a, &grammar))
                .collect(),
            grammar,
        };
        for term in &terms.terms {
            for variant in &term.variants {
                index.variants.insert(variant, term.preferred.as_str());
            }
        }
        for (i, acronym) in terms.acronyms.iter().enumerate() {
            index.acronyms.insert(&acronym.acronym, i);
            index.known.insert(&acronym.acronym);
        }
        for name in &terms.names {
            index.known.insert(name);
            index.extras.insert(name, Extra::Name);
        }
        for (i, acronym) in terms.acronyms.iter().enumerate() {
            let name = acronym.acronym.as_str();
            if is_all_caps(name) && name.chars().all(char::is_alphanumeric) {
                let lower = name.to_lowercase();
                if let Some(&b) = lower.as_bytes().first().filter(|b| b.is_ascii()) {
                    index.lower_firsts |= 1 << b;
                }
                index.by_lower.insert(lower, i);
                index.longest_lower = index.longest_lower.max(name.len());
            }
        }
        for (form, ours, other) in foreign_forms(lang, terms, termbase) {
            index.extras.insert(form, Extra::Foreign { ours, other });
        }
        for d in &terms.doubtful {
            index.doubtful.insert(&d.text, d.note.as_str());
        }
        index
    }
}

/// What a name of the termbase or another language's acronym stands for in [`Index`].
enum Extra<'a> {
    Name,
    /// The acronym of another language: its form in this one, and that language.
    Foreign {
        ours: &'a str,
        other: &'a str,
    },
}

/// The termbase's indexes, one per language, each built when a section of that language
/// first needs it and shared by every section of the run.
pub struct Indexes<'a> {
    by_lang: std::collections::BTreeMap<&'a str, (&'a LanguageTerms, OnceLock<Index<'a>>)>,
    termbase: &'a Termbase,
}

impl<'a> Indexes<'a> {
    pub fn new(termbase: &'a Termbase) -> Self {
        Indexes {
            termbase,
            by_lang: termbase
                .languages
                .iter()
                .map(|(lang, terms)| (lang.as_str(), (terms, OnceLock::new())))
                .collect(),
        }
    }

    fn get(&self, lang: &str) -> Option<&Index<'a>> {
        let (key, (terms, index)) = self.by_lang.get_key_value(lang)?;
        Some(index.get_or_init(|| Index::new(key, terms, self.termbase)))
    }
}

/// The acronyms of other languages that `lang` writes another way, each with that way
/// and its language: the translations of `lang`'s acronyms (`OTAN` → `en: NATO`) and
/// the acronyms of the other languages translated into `lang` (`NATO` → `fr: OTAN`).
/// A form that is also a form of `lang` (`CAP`), or that only adds to it (`EUAM Iraq`
/// for `EUAM`), is no other language's.
fn foreign_forms<'a>(
    lang: &str,
    terms: &'a LanguageTerms,
    termbase: &'a Termbase,
) -> Vec<(&'a str, &'a str, &'a str)> {
    let own: HashSet<&str> = terms
        .acronyms
        .iter()
        .map(|a| a.acronym.as_str())
        .chain(terms.names.iter().map(String::as_str))
        .collect();
    let mut pairs: Vec<(&'a str, &'a str, &'a str)> = Vec::new();
    for acronym in &terms.acronyms {
        for (other, form) in &acronym.translations {
            pairs.push((form, &acronym.acronym, other));
        }
    }
    for (other, other_terms) in &termbase.languages {
        if other == lang {
            continue;
        }
        for acronym in &other_terms.acronyms {
            if let Some(ours) = acronym.translations.get(lang) {
                pairs.push((&acronym.acronym, ours, other));
            }
        }
    }
    let mut seen: HashSet<&str> = HashSet::new();
    pairs.retain(|&(form, ours, other)| {
        let adds_to_ours = form
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| word == ours);
        other != lang && !own.contains(form) && !adds_to_ours && seen.insert(form)
    });
    pairs
}

/// What the work across files needs of a section: where it uses and spells out each
/// acronym.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Facts {
    /// By the acronym's index in the termbase list of the section's language, in the order
    /// of first use.
    uses: Vec<AcronymUse>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct AcronymUse {
    acronym: usize,
    /// (paragraph, byte offset) and the acronym's byte range, at its first use.
    first_use: ((usize, usize), Range<usize>),
    /// (paragraph, byte offset) of its first expansion, the termbase's way or another.
    first_expansion: Option<(usize, usize)>,
    /// For acronyms the termbase does not expand: each expansion the text gives, in order.
    spelled: Vec<Spelling>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Spelling {
    normalized: String,
    written: String,
    /// The acronym's byte range.
    range: Range<usize>,
    line: usize,
}

/// Where an acronym was first used and first spelled out, in reading order.
#[derive(Default, Clone)]
struct Seen {
    /// Where, and the acronym's byte range in that section's file.
    first_use: Option<(Position, Range<usize>)>,
    first_expansion: Option<Position>,
    /// For acronyms the termbase does not expand: the first expansion the text gives
    /// (normalized, `path:line`, as written).
    spelled: Option<(String, String, String)>,
}

/// (section in reading order, paragraph, byte offset).
type Position = (usize, usize, usize);

/// Reports the T findings of one section file (variants, doubtful wordings, ambiguous,
/// unknown acronyms, expansions other than the termbase's) and notes its acronym uses.
pub fn check_section(ctx: &mut Ctx, section: &Section, facts: &mut CheckFacts) {
    let Some(index) = ctx.prepared().terminology.get(&section.lang) else {
        return;
    };
    let mut uses: Vec<AcronymUse> = Vec::new();
    let mut slot: HashMap<usize, usize> = HashMap::new();
    for (p, range) in section.paragraphs.iter().enumerate() {
        check_paragraph(ctx, index, section, range.clone(), p, &mut uses, &mut slot);
    }
    facts.terminology.uses = uses;
}

/// Reports the T findings across files: acronyms used before they are spelled out, or
/// never, in reading order; an acronym the termbase does not expand spelled out two ways.
pub fn check(ctx: &mut Ctx) {
    let edition = ctx.edition;
    let facts = ctx.facts();
    for lang in &edition.meta.value.languages {
        let Some(terms) = edition.catalog.terms.languages.get(lang) else {
            continue;
        };
        let sections = reading_order_indexed(edition, lang);
        let mut seen = vec![Seen::default(); terms.acronyms.len()];
        for (order, &(index, section)) in sections.iter().enumerate() {
            for u in &facts[index].terminology.uses {
                let Some(state) = seen.get_mut(u.acronym) else {
                    continue;
                };
                if state.first_use.is_none() {
                    let ((p, offset), range) = u.first_use.clone();
                    state.first_use = Some(((order, p, offset), range));
                }
                if state.first_expansion.is_none()
                    && let Some((p, offset)) = u.first_expansion
                {
                    state.first_expansion = Some((order, p, offset));
                }
                for s in &u.spelled {
                    match &state.spelled {
                        None => {
                            state.spelled = Some((
                                s.normalized.clone(),
                                format!("{}:{}", section.file.path, s.line),
                                s.written.clone(),
                            ))
                        }
                        Some((first, at, written)) if *first != s.normalized => ctx.report(
                            Diagnostic::new(
                                &ACRONYM_EXPANDED_DIFFERENTLY,
                                &section.file,
                                s.range.clone(),
                                msg!(
                                    "T004-twice",
                                    acronym = &terms.acronyms[u.acronym].acronym,
                                    written = &s.written,
                                    first = written.as_str(),
                                    at = at.as_str()
                                ),
                            )
                            .with_help(msg!("T004-twice-help")),
                        ),
                        Some(_) => {}
                    }
                }
            }
        }
        for (i, acronym) in terms.acronyms.iter().enumerate() {
            let Some(expansion) = &acronym.expansion else {
                continue;
            };
            let Some((position, range)) = seen[i].first_use.clone() else {
                continue;
            };
            let file = &sections[position.0].1.file;
            let name = &acronym.acronym;
            match seen[i].first_expansion {
                // The expansion may be in a file that could not be read: S001 reports
                // that file; saying the acronym is never spelled out would mislead.
                None if !edition.unreadable.is_empty() => {}
                None => ctx.report(
                    Diagnostic::new(
                        &ACRONYM_NEVER_EXPANDED,
                        file,
                        range,
                        msg!("T003", name = name, lang = lang),
                    )
                    .with_help(msg!(
                        "T003-help",
                        expansion = expansion,
                        name = name
                    )),
                ),
                Some(expanded) if expanded > position => ctx.report(
                    Diagnostic::new(&ACRONYM_BEFORE_EXPANSION, file, range, {
                        let there = &sections[expanded.0].1.file;
                        let (line, _) = there.line_col(expanded.2);
                        msg!("T002", name = name, at = format!("{}:{line}", there.path))
                    })
                    .with_help(msg!(
                        "T002-help",
                        expansion = expansion,
                        name = name
                    )),
                ),
                Some(_) => {}
            }
        }
    }
}

fn check_paragraph(
    ctx: &mut Ctx,
    index: &Index,
    section: &Section,
    range: Range<usize>,
    p: usize,
    uses: &mut Vec<AcronymUse>,
    slot: &mut HashMap<usize, usize>,
) {
    let file = &section.file;
    let text = file.text.as_str();
    let words = parts(text, range.clone());

    for m in index.variants.find(text, &words) {
        let variant = &text[m.range.clone()];
        let preferred = *m.value;
        ctx.report(
            Diagnostic::new(
                &FORBIDDEN_VARIANT,
                file,
                m.range.clone(),
                msg!("T001", variant = variant, preferred = preferred),
            )
            .with_fix(
                format!("replace with `{preferred}`"),
                vec![Edit::new(file, m.range.clone(), preferred)],
            ),
        );
    }

    for m in index.doubtful.find(text, &words) {
        ctx.report(
            Diagnostic::new(
                &DOUBTFUL_WORDING,
                file,
                m.range.clone(),
                msg!("T007", wording = &text[m.range.clone()], note = *m.value),
            )
            .with_help(msg!("T007-help")),
        );
    }

    let acronyms = index.acronyms.find(text, &words);
    let mut covered = vec![false; words.len()];
    for m in &acronyms {
        let i = *m.value;
        let acronym = &index.list[i];
        covered[m.parts.clone()].iter_mut().for_each(|c| *c = true);
        let position = (p, m.range.start);
        let at = *slot.entry(i).or_insert_with(|| {
            uses.push(AcronymUse {
                acronym: i,
                first_use: (position, m.range.clone()),
                first_expansion: None,
                spelled: Vec::new(),
            });
            uses.len() - 1
        });
        let state = &mut uses[at];
        if acronym.ambiguous {
            let mut d = Diagnostic::new(
                &AMBIGUOUS_ACRONYM,
                file,
                m.range.clone(),
                msg!("T006", acronym = &acronym.acronym),
            );
            d = d.with_help(match &acronym.note {
                Some(note) => msg!("T006-help-note", note = note),
                None => msg!("T006-help"),
            });
            ctx.report(d);
        }
        let Some(expansion) = &acronym.expansion else {
            // The termbase gives no expansion to compare with: the text's own
            // expansions are compared with each other.
            if let Some(spelled) = spelled_by_initials(
                text,
                range.clone(),
                m.range.clone(),
                &acronym.acronym,
                &index.grammar,
            ) {
                let (line, _) = file.line_col(m.range.start);
                state.spelled.push(Spelling {
                    normalized: normalize(&spelled),
                    written: spelled,
                    range: m.range.clone(),
                    line,
                });
            }
            continue;
        };
        let spelled = expansion_at(
            text,
            range.clone(),
            &words,
            m.parts.clone(),
            &index.forms[i],
            &index.grammar,
        );
        // Spelled out, the termbase's way or another: the acronym is expanded here.
        if !matches!(spelled, Spelled::No) && state.first_expansion.is_none() {
            state.first_expansion = Some(position);
        }
        // Another way is a finding, except for an acronym known to stand for several
        // things (T006 reports those).
        if let Spelled::Other(other) = spelled
            && !acronym.ambiguous
        {
            ctx.report(
                Diagnostic::new(
                    &ACRONYM_EXPANDED_DIFFERENTLY,
                    file,
                    m.range.clone(),
                    msg!(
                        "T004",
                        acronym = &acronym.acronym,
                        other = other.as_str(),
                        expansion = expansion
                    ),
                )
                .with_help(msg!(
                    "T004-help",
                    acronym = &acronym.acronym,
                    other = other.as_str(),
                    expansion = expansion
                )),
            );
        }
    }

    // URLs are no prose: their words are neither another language's nor a case slip.
    let urls = std::cell::OnceCell::new();
    let in_url = |at: usize| {
        urls.get_or_init(|| super::typography::url_ranges(text, range.clone()))
            .iter()
            .any(|u: &Range<usize>| u.contains(&at))
    };
    other_language_acronyms(ctx, index, section, &words, &mut covered, &in_url);
    acronym_case(
        ctx,
        index,
        section,
        range.clone(),
        &words,
        &covered,
        &in_url,
    );
    check_capitals(ctx, index, section, &words, &covered, &in_url);
}

/// T009: acronyms in their form of another language, outside the acronyms and names
/// that hold them (names are found in the same pass, and cover their words).
fn other_language_acronyms(
    ctx: &mut Ctx,
    index: &Index,
    section: &Section,
    words: &[Part],
    covered: &mut [bool],
    in_url: &dyn Fn(usize) -> bool,
) {
    let file = &section.file;
    let text = file.text.as_str();
    for m in index.extras.find(text, words) {
        let Extra::Foreign { ours, other } = *m.value else {
            covered[m.parts].iter_mut().for_each(|c| *c = true);
            continue;
        };
        if covered[m.parts.clone()].iter().any(|c| *c) || in_url(m.range.start) {
            continue;
        }
        covered[m.parts.clone()].iter_mut().for_each(|c| *c = true);
        let written = &text[m.range.clone()];
        ctx.report(
            Diagnostic::new(
                &OTHER_LANGUAGE_ACRONYM,
                file,
                m.range.clone(),
                msg!(
                    "T009",
                    written = written,
                    other = other,
                    ours = ours,
                    lang = section.lang.as_str()
                ),
            )
            .with_help(msg!("T009-help", written = written))
            .with_fix(
                format!("replace with `{ours}`"),
                vec![Edit::new(file, m.range.clone(), ours)],
            ),
        );
    }
}

/// T008: a single-word acronym in title case (not at the start of a sentence) or in
/// lower case right after an apostrophe (`l'otan`).
fn acronym_case(
    ctx: &mut Ctx,
    index: &Index,
    section: &Section,
    paragraph: Range<usize>,
    words: &[Part],
    covered: &[bool],
    in_url: &dyn Fn(usize) -> bool,
) {
    if index.by_lower.is_empty() {
        return;
    }
    let file = &section.file;
    let text = file.text.as_str();
    let bytes = text.as_bytes();
    // Every word of the edition passes here: the cheap tests come first, and nothing is
    // allocated for a word that is no candidate.
    for (k, part) in words.iter().enumerate() {
        let (start, end) = (part.range.start, part.range.end);
        if covered[k] || end - start < 2 || end - start > index.longest_lower {
            continue;
        }
        let first = bytes[start];
        if first.is_ascii() && index.lower_firsts & (1 << first.to_ascii_lowercase()) == 0 {
            continue;
        }
        let after_apostrophe = || {
            matches!(
                text[paragraph.start..start].chars().next_back(),
                Some('\'' | '’')
            )
        };
        // A word in lower case counts only right after an apostrophe.
        if first.is_ascii_lowercase() && !after_apostrophe() {
            continue;
        }
        let word = &text[start..end];
        let mut chars = word.chars();
        let head = chars.next().unwrap_or(' ');
        if !head.is_alphabetic() || chars.any(char::is_uppercase) {
            continue;
        }
        let candidate = if head.is_uppercase() {
            !starts_sentence(&text[paragraph.start..start])
        } else {
            first.is_ascii() || after_apostrophe()
        };
        if !candidate {
            continue;
        }
        let mut buffer = [0u8; 32];
        let found = match buffer.get_mut(..word.len()) {
            Some(lower) if word.is_ascii() => {
                lower.copy_from_slice(word.as_bytes());
                lower.make_ascii_lowercase();
                std::str::from_utf8(lower)
                    .ok()
                    .and_then(|l| index.by_lower.get(l))
            }
            _ => index.by_lower.get(&word.to_lowercase()),
        };
        let Some(&i) = found else {
            continue;
        };
        if in_url(part.range.start) {
            continue;
        }
        let acronym = index.list[i].acronym.as_str();
        ctx.report(
            Diagnostic::new(
                &ACRONYM_CASE,
                file,
                part.range.clone(),
                msg!("T008", written = word, acronym = acronym),
            )
            .with_fix(
                format!("write `{acronym}`"),
                vec![Edit::new(file, part.range.clone(), acronym)],
            ),
        );
    }
}

/// Whether a word after `before` (the paragraph up to it) starts a sentence: nothing
/// but spaces, opening quotes and list or heading marks since the paragraph's start or
/// the end of the last sentence.
fn starts_sentence(before: &str) -> bool {
    let head = before.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '«' | '"' | '“' | '(' | '[' | '*' | '_' | '-' | '–' | '—' | '#'
            )
    });
    head.is_empty() || head.ends_with(['.', '!', '?', '…', ':'])
}

/// T005: words in capitals that the termbase does not know. A hyphenated word known as a
/// whole (`OTAN-UE` as a name) passes; otherwise each of its parts in capitals is checked
/// (`anti-UAS` checks `UAS`).
fn check_capitals(
    ctx: &mut Ctx,
    index: &Index,
    section: &Section,
    words: &[Part],
    covered: &[bool],
    in_url: &dyn Fn(usize) -> bool,
) {
    let text = section.file.text.as_str();
    let mut i = 0;
    while i < words.len() {
        let mut j = i + 1;
        while j < words.len() && words[j].joined {
            j += 1;
        }
        let whole = &text[words[i].range.start..words[j - 1].range.end];
        let has_capitals =
            (i..j).any(|k| !covered[k] && is_all_caps(&text[words[k].range.clone()]));
        if has_capitals && !index.known.contains(whole) {
            for k in i..j {
                let word = &text[words[k].range.clone()];
                if covered[k]
                    || !is_all_caps(word)
                    || index.known.contains(word)
                    || in_url(words[k].range.start)
                {
                    continue;
                }
                ctx.report(
                    Diagnostic::new(
                        &UNKNOWN_ACRONYM,
                        &section.file,
                        words[k].range.clone(),
                        msg!("T005", word = word),
                    )
                    .with_help(msg!(
                        "T005-help",
                        word = word,
                        lang = &section.lang
                    )),
                );
            }
        }
        i = j;
    }
}

enum Spelled {
    /// Not spelled out here.
    No,
    /// Spelled out as the termbase says.
    Termbase,
    /// Spelled out another way (the text of that way).
    Other(String),
}

/// Whether the acronym at `words[at]` is spelled out next to it: `expansion (ACR)`,
/// `ACR (expansion)` or `ACR, expansion`. The comparison ignores case and a leading
/// article; a short tag between the acronym and the parenthesis is allowed
/// (`MARSEC 25, exercice …`, `EUNAVFOR MED IRINI (forces navales …)`).
fn expansion_at(
    text: &str,
    paragraph: Range<usize>,
    words: &[Part],
    at: Range<usize>,
    forms: &[String],
    grammar: &Grammar,
) -> Spelled {
    if forms.is_empty() {
        return Spelled::No;
    }
    // An expansion is next to its acronym: only a window of the text around it is looked
    // at, a few times the longest form. Looking at the whole paragraph for each acronym
    // would make a long paragraph of acronyms quadratic.
    let window = 3 * forms.iter().map(String::len).max().unwrap_or(0) + 64;
    let start = words[at.start].range.start;
    let end = words[at.end - 1].range.end;
    let before = text[paragraph.start..start].trim_end();
    let after = text[end..paragraph.end].trim_start();

    // `expansion (ACR)`
    if let (Some(head), true) = (before.strip_suffix('('), after.starts_with(')')) {
        let (head, cut) = tail(head, window);
        let mut head = normalize(head);
        if cut {
            // What came before the window is unknown: not a word boundary.
            head.insert(0, 'x');
        }
        let head = head.trim_end();
        if forms.iter().any(|f| ends_with_words(head, f)) {
            return Spelled::Termbase;
        }
        let n = forms[0].split(' ').count();
        let original = tail(before.strip_suffix('(').unwrap_or(before), window).0;
        let mut words: Vec<&str> = original.split_whitespace().rev().take(n).collect();
        words.reverse();
        let candidate = without_article(&words.join(" "), grammar);
        return if looks_alike(&normalize(&candidate), &forms[0]) {
            Spelled::Other(candidate)
        } else {
            Spelled::No
        };
    }

    // `ACR (expansion)` and `ACR, expansion`, with an optional tag after the acronym.
    let mut rest = after;
    if let Some(next) = words.get(at.end)
        && next.range.start == end + (text[end..].len() - text[end..].trim_start().len())
    {
        let tag = &text[next.range.clone()];
        if tag.chars().all(|c| c.is_ascii_digit()) || is_all_caps(tag) {
            rest = text[next.range.end..paragraph.end].trim_start();
        }
    }
    let content = if let Some(inner) = rest.strip_prefix('(') {
        lead(inner, window).0.split(')').next().unwrap_or("")
    } else if let Some(inner) = rest.strip_prefix(',') {
        lead(inner, window)
            .0
            .split([',', ';', '.', ')'])
            .next()
            .unwrap_or("")
    } else {
        return Spelled::No;
    };
    let normalized = normalize(content);
    let normalized = strip_article(normalized.trim(), grammar);
    if forms.iter().any(|f| starts_with_words(normalized, f)) {
        return Spelled::Termbase;
    }
    if rest.starts_with('(') && looks_alike(normalized, &forms[0]) {
        Spelled::Other(without_article(content.trim(), grammar))
    } else {
        Spelled::No
    }
}

/// The last `max` bytes of `text` (whole characters), and whether it was cut.
fn tail(text: &str, max: usize) -> (&str, bool) {
    if text.len() <= max {
        return (text, false);
    }
    let mut start = text.len() - max;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    (&text[start..], true)
}

/// The first `max` bytes of `text` (whole characters), and whether it was cut.
fn lead(text: &str, max: usize) -> (&str, bool) {
    if text.len() <= max {
        return (text, false);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

/// The expansion and its other forms as [`expansion_at`] compares them (normalized, no
/// leading article); the termbase's expansion first.
fn expansion_forms(acronym: &Acronym, grammar: &Grammar) -> Vec<String> {
    acronym
        .expansion
        .iter()
        .chain(&acronym.forms)
        .map(|f| strip_article(&normalize(f), grammar).to_string())
        .collect()
}

/// For `words (ACR)`: the words before the parenthesis whose initials spell the acronym,
/// from the last one backwards, link words aside (`produit intérieur brut (PIB)`).
fn spelled_by_initials(
    text: &str,
    paragraph: Range<usize>,
    acronym: Range<usize>,
    name: &str,
    grammar: &Grammar,
) -> Option<String> {
    let head = text[paragraph.start..acronym.start]
        .trim_end()
        .strip_suffix('(')?;
    if !text[acronym.end..paragraph.end].starts_with(')') {
        return None;
    }
    // The words spelling the acronym are right before it: a window of a few dozen bytes
    // per letter is looked at, not the whole paragraph (quadratic over many acronyms).
    let (head, cut) = tail(head, 48 * name.len() + 128);
    let fold = |c: char| -> char {
        match c.to_lowercase().next().unwrap_or(c) {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        }
    };
    let mut letters: Vec<char> = name
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(fold)
        .collect();
    if letters.len() < 2 {
        return None;
    }
    // Words of the head with their offsets, last first.
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut from = None;
    for (i, c) in head.char_indices().chain([(head.len(), ' ')]) {
        match (c.is_whitespace(), from) {
            (false, None) => from = Some(i),
            (true, Some(f)) => {
                words.push((f, &head[f..i]));
                from = None;
            }
            _ => {}
        }
    }
    if cut && !words.is_empty() {
        // The window may start inside a word.
        words.remove(0);
    }
    let mut start = None;
    for &(offset, word) in words.iter().rev() {
        // After an apostrophe comes the word itself (`l'Atlantique`).
        let bare = word.rsplit(['\'', '’']).next().unwrap_or(word);
        let bare = bare.trim_matches(|c: char| !c.is_alphanumeric());
        let initial = bare.chars().next().map(fold)?;
        if letters.last() == Some(&initial) {
            letters.pop();
            start = Some(offset);
            if letters.is_empty() {
                break;
            }
        } else if !grammar.link_words.contains(&bare.to_lowercase()) {
            return None;
        }
    }
    match (letters.is_empty(), start) {
        (true, Some(offset)) => Some(without_article(head[offset..].trim_end(), grammar)),
        _ => None,
    }
}

/// Lower case, one plain space for any run of spaces, straight apostrophes, no inline
/// markup.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Most characters: ASCII letters and signs, lowered in place.
        if c.is_ascii_alphanumeric() || (c.is_ascii_punctuation() && c != '*' && c != '_') {
            out.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else if c == '’' {
            out.push('\'');
        } else if c == '*' || c == '_' {
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// A normalized text without the article it starts with, if any.
fn strip_article<'t>(text: &'t str, grammar: &Grammar) -> &'t str {
    grammar
        .articles
        .iter()
        .find_map(|a| text.strip_prefix(a.as_str()))
        .unwrap_or(text)
}

/// `text` as written, without the leading article that [`strip_article`] would drop.
fn without_article(text: &str, grammar: &Grammar) -> String {
    let normalized = normalize(text);
    let dropped = normalized.chars().count() - strip_article(&normalized, grammar).chars().count();
    text.chars().skip(dropped).collect()
}

fn ends_with_words(text: &str, tail: &str) -> bool {
    !tail.is_empty()
        && text.ends_with(tail)
        && text[..text.len() - tail.len()]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}

fn starts_with_words(text: &str, head: &str) -> bool {
    !head.is_empty()
        && text.starts_with(head)
        && text[head.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// Whether `candidate` shares at least half of the significant words of `expansion`: then
/// it is another expansion, not an unrelated parenthesis (`l'EMI (OTAN)`).
fn looks_alike(candidate: &str, expansion: &str) -> bool {
    let significant = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
            .map(str::to_string)
            .collect()
    };
    let want = significant(expansion);
    if want.is_empty() {
        return false;
    }
    let have: HashSet<String> = significant(candidate).into_iter().collect();
    let shared = want.iter().filter(|w| have.contains(*w)).count();
    shared * 2 >= want.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// French small words, as schemas/terminology.yaml gives them.
    fn french() -> Grammar {
        let words = |list: &str| list.split('|').map(str::to_string).collect();
        Grammar::new(&LanguageTerms {
            articles: words("d'|de l'|de la |des |du |l'|la |le |les |un |une "),
            link_words: words("aux|au|à|de|des|du|d|en|et|la|les|le|l|pour|sur"),
            ..LanguageTerms::default()
        })
    }

    #[test]
    fn the_shipped_termbase_gives_each_language_its_small_words() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/terminology.yaml");
        let termbase: crate::model::Termbase =
            serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let fr = Grammar::new(&termbase.languages["fr"]);
        assert_eq!(strip_article("de la défense", &fr), "défense");
        assert_eq!(strip_article("l'agence", &fr), "agence");
        assert_eq!(
            strip_article("the agency", &fr),
            "the agency",
            "not a French article"
        );
        assert!(fr.link_words.contains("du"));
        let en = Grammar::new(&termbase.languages["en"]);
        assert_eq!(strip_article("the agency", &en), "agency");
        assert!(en.link_words.contains("of") && !en.link_words.contains("du"));
    }

    fn acronym(acronym: &str, expansion: &str) -> Acronym {
        Acronym {
            acronym: acronym.into(),
            expansion: Some(expansion.into()),
            forms: vec![],
            ambiguous: false,
            translations: Default::default(),
            note: None,
        }
    }

    fn spelled(text: &str, a: &Acronym) -> String {
        let words = parts(text, 0..text.len());
        let at = words
            .iter()
            .position(|w| text[w.range.clone()] == *a.acronym.split(' ').next().unwrap())
            .unwrap();
        let len = a.acronym.split(' ').count();
        match expansion_at(
            text,
            0..text.len(),
            &words,
            at..at + len,
            &expansion_forms(a, &french()),
            &french(),
        ) {
            Spelled::No => "no".into(),
            Spelled::Termbase => "termbase".into(),
            Spelled::Other(o) => format!("other: {o}"),
        }
    }

    #[test]
    fn spells_acronyms_by_their_initials() {
        let at = |text: &str, name: &str| {
            let start = text.find(&format!("({name})")).unwrap() + 1;
            spelled_by_initials(
                text,
                0..text.len(),
                start..start + name.len(),
                name,
                &french(),
            )
        };
        assert_eq!(
            at("la part du produit intérieur brut (PIB) consacrée", "PIB").as_deref(),
            Some("produit intérieur brut")
        );
        assert_eq!(
            at(
                "et de l'Organisation du Traité de l'Atlantique Nord (OTAN) continuent",
                "OTAN"
            )
            .as_deref(),
            Some("Organisation du Traité de l'Atlantique Nord")
        );
        assert_eq!(
            at(
                "le directeur de l'État-major militaire international (EMI)",
                "EMI"
            )
            .as_deref(),
            Some("État-major militaire international")
        );
        assert_eq!(at("le directeur de l'EMI (OTAN) et", "OTAN"), None);
    }

    #[test]
    fn finds_expansions_before_and_after() {
        let aed = acronym("AED", "Agence européenne de défense");
        assert_eq!(
            spelled(
                "le directeur de l'Agence européenne de défense (AED).",
                &aed
            ),
            "termbase"
        );
        assert_eq!(
            spelled("l'AED (l'Agence européenne de défense) a", &aed),
            "termbase"
        );
        assert_eq!(
            spelled("de l'Agence de défense européenne (AED).", &aed),
            "other: Agence de défense européenne"
        );
        assert_eq!(spelled("le comité de l'AED.", &aed), "no");
        let otan = acronym("OTAN", "Organisation du Traité de l'Atlantique Nord");
        assert_eq!(spelled("le directeur de l'EMI (OTAN) et", &otan), "no");
        let marsec = acronym("MARSEC", "exercice de l'UE sur la sûreté maritime");
        assert_eq!(
            spelled(
                "assister à MARSEC 25, exercice de l'UE sur la sûreté maritime accueilli",
                &marsec
            ),
            "termbase"
        );
    }
}

#[cfg(test)]
mod termbase_tests {
    use crate::load::{WorkTree, load_catalog};

    /// The termbase is kept in canonical order (plain byte order of each list's key) with
    /// no duplicates, so that additions land in one obvious place and diffs stay small.
    #[test]
    fn shipped_termbase_is_sorted_and_unique() {
        let tree = WorkTree::new(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
        let (catalog, _) = load_catalog(&tree).expect("the shipped catalog loads");
        for (lang, terms) in &catalog.terms.languages {
            let lists: [(&str, Vec<&str>); 4] = [
                (
                    "acronyms",
                    terms.acronyms.iter().map(|a| a.acronym.as_str()).collect(),
                ),
                (
                    "terms",
                    terms.terms.iter().map(|t| t.preferred.as_str()).collect(),
                ),
                ("names", terms.names.iter().map(String::as_str).collect()),
                (
                    "doubtful",
                    terms.doubtful.iter().map(|d| d.text.as_str()).collect(),
                ),
            ];
            for (what, keys) in lists {
                for pair in keys.windows(2) {
                    assert!(
                        pair[0] < pair[1],
                        "{lang}.{what}: `{}` must come after `{}` (sorted, no duplicates)",
                        pair[0],
                        pair[1]
                    );
                }
            }
            let mut variants: Vec<&str> = terms
                .terms
                .iter()
                .flat_map(|t| t.variants.iter().map(String::as_str))
                .collect();
            variants.sort();
            let count = variants.len();
            variants.dedup();
            assert_eq!(count, variants.len(), "{lang}: a variant is listed twice");
        }
    }
}
