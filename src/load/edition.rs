//! Loading a whole edition from a [`Tree`]: metadata, catalog, every section file of
//! every language.

use std::collections::HashMap;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::cache::{Kind, ParseCache};
use super::file::is_language_tag;
use super::previous::{Previous, load_previous};
use super::section::{
    DocSchema, Section, front_matter_yaml, parse_section, parse_section_with, validate,
};
use super::source::SourceFile;
use super::tree::Tree;
use super::yaml::parse_yaml;
use super::{
    DOMAINS_FILE, DRAFTS_DIR, PROPOSALS_FILE, REPORT_FILE, SIGNOFFS_FILE, TERMINOLOGY_FILE,
};
use crate::error::{Error, Result};
use crate::model::{
    Catalog, DomainCatalog, EditionMeta, FrontMatter, ProposalRegistry, SignOffs, Termbase,
};

/// A YAML file and what it deserialized into.
#[derive(Debug, Clone)]
pub struct LoadedFile<T> {
    pub value: T,
    pub file: SourceFile,
}

/// Everything `check`, `diff` and `build` work on.
#[derive(Debug, Clone)]
pub struct Edition {
    pub meta: LoadedFile<EditionMeta>,
    pub catalog: Catalog,
    /// The catalog's files, for pointing diagnostics at their entries.
    pub catalog_files: CatalogFiles,
    /// Every section file of every language, in language then file-name order.
    pub sections: Vec<Section>,
    /// Section files that could not be read, with the reason.
    pub unreadable: Vec<Unreadable>,
    /// The previous edition named by `previous:` (its sections' paragraph
    /// fingerprints), read from git with the edition: rule E002 compares with it.
    pub previous: Previous,
    /// `drafts/signoffs.yaml`, when the edition has one: who approved which section
    /// (rules R001, R002; `status`; `diff --since-signoff`).
    pub signoffs: Option<LoadedFile<SignOffs>>,
}

#[derive(Debug, Clone)]
pub struct CatalogFiles {
    pub domains: SourceFile,
    pub proposals: SourceFile,
    pub terminology: SourceFile,
}

/// A section file that could not be read as text.
#[derive(Debug, Clone)]
pub struct Unreadable {
    /// The file, as far as it could be read (invalid UTF-8 replaced), to show the line.
    pub file: SourceFile,
    pub lang: String,
    /// Byte offset of the problem (0 when it concerns the whole file).
    pub offset: usize,
    pub reason: String,
}

impl Edition {
    /// The sections of one language.
    pub fn sections_in<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a Section> + 'a {
        self.sections.iter().filter(move |s| s.lang == lang)
    }

    /// Every file of the edition that a diagnostic can point into, by path: the
    /// metadata, the catalog, the sections and the section files that could not be read.
    pub fn files_by_path(&self) -> HashMap<&str, &SourceFile> {
        let mut files: HashMap<&str, &SourceFile> = HashMap::new();
        for file in [
            &self.meta.file,
            &self.catalog_files.domains,
            &self.catalog_files.proposals,
            &self.catalog_files.terminology,
        ] {
            files.insert(&file.path, file);
        }
        for s in &self.sections {
            files.insert(&s.file.path, &s.file);
        }
        for u in &self.unreadable {
            files.insert(&u.file.path, &u.file);
        }
        files
    }
}

/// Loads the catalog (`schemas/*.yaml`) from a tree, from the tree's catalog cache when
/// it holds these very files (see `load::cache`).
pub fn load_catalog(tree: &dyn Tree) -> Result<(Catalog, CatalogFiles)> {
    let [domains, proposals, terms] = read_catalog_files(tree)?;
    resolve_catalog(domains, proposals, terms, tree.parse_cache())
}

/// The catalog's three files, as text.
fn read_catalog_files(tree: &dyn Tree) -> Result<[SourceFile; 3]> {
    Ok([
        read_yaml(tree, DOMAINS_FILE, "the domain catalog")?,
        read_yaml(tree, PROPOSALS_FILE, "the proposal registry")?,
        read_yaml(tree, TERMINOLOGY_FILE, "the termbase")?,
    ])
}

/// The catalog of these files: from the cache when it has them, else parsed (and
/// cached).
fn resolve_catalog(
    domains: SourceFile,
    proposals: SourceFile,
    terms: SourceFile,
    cache: Option<ParseCache>,
) -> Result<(Catalog, CatalogFiles)> {
    if let Some(cache) = &cache
        && let Some(catalog) = cache.catalog([&domains.text, &proposals.text, &terms.text])
    {
        return Ok((
            catalog,
            CatalogFiles {
                domains,
                proposals,
                terminology: terms,
            },
        ));
    }
    let (catalog, files) = parse_catalog(domains, proposals, terms)?;
    if let Some(cache) = &cache {
        cache.put_catalog(
            [
                &files.domains.text,
                &files.proposals.text,
                &files.terminology.text,
            ],
            &catalog,
        );
    }
    Ok((catalog, files))
}

/// [`load_catalog`] without the cache: the YAML parsed every time.
pub fn load_catalog_uncached(tree: &dyn Tree) -> Result<(Catalog, CatalogFiles)> {
    let domains = read_yaml(tree, DOMAINS_FILE, "the domain catalog")?;
    let proposals = read_yaml(tree, PROPOSALS_FILE, "the proposal registry")?;
    let terms = read_yaml(tree, TERMINOLOGY_FILE, "the termbase")?;
    parse_catalog(domains, proposals, terms)
}

/// Parses and validates the three catalog files.
fn parse_catalog(
    domains: SourceFile,
    proposals: SourceFile,
    terms: SourceFile,
) -> Result<(Catalog, CatalogFiles)> {
    // Parsing YAML is most of the time a check takes; the termbase, the largest file,
    // is parsed on a second core meanwhile.
    let (terms, domains, proposals) = std::thread::scope(|scope| {
        let terms = scope.spawn(|| parse_yaml_file::<Termbase>(terms, "the termbase"));
        let domains = parse_yaml_file::<DomainCatalog>(domains, "the domain catalog");
        let proposals = parse_yaml_file::<ProposalRegistry>(proposals, "the proposal registry");
        let terms = terms
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (terms, domains, proposals)
    });
    let (domains, proposals, terms) = (domains?, proposals?, terms?);
    Ok((
        Catalog {
            domains: domains.value,
            proposals: proposals.value,
            terms: terms.value,
        },
        CatalogFiles {
            domains: domains.file,
            proposals: proposals.file,
            terminology: terms.file,
        },
    ))
}

/// Loads the edition metadata, the catalog, every section file, the sign-offs and the
/// previous edition's fingerprints (when `previous:` names one and the tree reaches
/// git: see [`Tree::at_revision`]).
pub fn load_edition(tree: &dyn Tree) -> Result<Edition> {
    // The catalog's files are read first; finding them in the cache (or parsing them)
    // then runs on a second core while the metadata and the sections are parsed. Errors
    // come in the same order as one after the other: metadata, catalog, sections.
    let catalog_files = read_catalog_files(tree);
    let cache = tree.parse_cache();
    let (meta, catalog, sections) = std::thread::scope(|scope| {
        let for_catalog = cache.clone();
        let catalog = catalog_files.map(|[domains, proposals, terms]| {
            scope.spawn(move || resolve_catalog(domains, proposals, terms, for_catalog))
        });
        let meta = read_meta(tree, cache.as_ref());
        let sections = meta
            .as_ref()
            .ok()
            .map(|meta| read_sections(tree, &meta.value.languages, cache.as_ref()));
        let catalog = catalog.and_then(|handle| {
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        let meta = meta?;
        let catalog = catalog?;
        let sections = sections.unwrap_or_else(|| Ok(Default::default()))?;
        Ok((meta, catalog, sections))
    })?;
    finish(tree, meta, catalog, sections, true)
}

/// The edition as the year-over-year diff reads it, as history: the metadata, the
/// sections, the sign-offs and the domain catalog (order and titles), not its own
/// previous edition ([`Edition::previous`] is [`Previous::NotRead`]). The proposal registry and the termbase are neither
/// read nor parsed: they are left empty, with empty files. A diff of two revisions
/// would otherwise read both whole catalogs out of git, for nothing.
pub fn load_edition_for_diff(tree: &dyn Tree) -> Result<Edition> {
    let cache = tree.parse_cache();
    let meta = read_meta(tree, cache.as_ref())?;
    let domains: LoadedFile<DomainCatalog> = read_yaml_cached(
        tree,
        DOMAINS_FILE,
        "the domain catalog",
        Kind::Domains,
        cache.as_ref(),
    )?;
    let sections = read_sections(tree, &meta.value.languages, cache.as_ref())?;
    let catalog = Catalog {
        domains: domains.value,
        proposals: ProposalRegistry {
            sets: Vec::new(),
            proposals: Vec::new(),
        },
        terms: Termbase::default(),
    };
    let catalog_files = CatalogFiles {
        domains: domains.file,
        proposals: SourceFile::new(PROPOSALS_FILE, String::new()),
        terminology: SourceFile::new(TERMINOLOGY_FILE, String::new()),
    };
    finish(tree, meta, (catalog, catalog_files), sections, false)
}

/// [`load_edition`], with the catalog from `catalog` (called after the metadata is
/// read): a caller checking many editions can reuse a catalog it already parsed when
/// the files are the same (see `corpus`).
pub fn load_edition_with(
    tree: &dyn Tree,
    catalog: impl FnOnce(&dyn Tree) -> Result<(Catalog, CatalogFiles)>,
) -> Result<Edition> {
    // No parse cache here: the callers (a corpus of editions, the rounds of --fix) would
    // only churn it.
    let meta = read_meta(tree, None)?;
    let catalog = catalog(tree)?;
    let sections = read_sections(tree, &meta.value.languages, None)?;
    finish(tree, meta, catalog, sections, true)
}

/// The edition of these parts, with its sign-offs and, when `with_previous` and
/// `previous:` names one, the previous edition read from git (an edition read as
/// history, by `diff`, leaves its own previous edition unread). Every way of loading an
/// edition ends here.
fn finish(
    tree: &dyn Tree,
    meta: LoadedFile<EditionMeta>,
    (catalog, catalog_files): (Catalog, CatalogFiles),
    (sections, unreadable): (Vec<Section>, Vec<Unreadable>),
    with_previous: bool,
) -> Result<Edition> {
    let signoffs = load_signoffs(tree)?;
    let previous = match meta.value.previous.clone() {
        None => Previous::None,
        Some(_) if !with_previous => Previous::NotRead,
        Some(revision) => load_previous(tree, &revision, &meta.value.languages),
    };
    Ok(Edition {
        meta,
        catalog,
        catalog_files,
        sections,
        unreadable,
        signoffs,
        previous,
    })
}

/// The edition metadata, from the cache when it holds this very text, its languages
/// checked (see [`load_meta`]).
fn read_meta(tree: &dyn Tree, cache: Option<&ParseCache>) -> Result<LoadedFile<EditionMeta>> {
    let meta = read_yaml_cached(
        tree,
        REPORT_FILE,
        "the edition metadata",
        Kind::Edition,
        cache,
    )?;
    check_languages(&meta)?;
    Ok(meta)
}

/// A YAML file of the tree, deserialized: from the cache (as `kind`) when it holds this
/// very text, else parsed, then cached.
fn read_yaml_cached<T: DeserializeOwned + Serialize + schemars::JsonSchema>(
    tree: &dyn Tree,
    path: &str,
    what: &str,
    kind: Kind,
    cache: Option<&ParseCache>,
) -> Result<LoadedFile<T>> {
    let file = read_yaml(tree, path, what)?;
    if let Some(value) = cache.and_then(|c| c.get(kind, &[&file.text])) {
        return Ok(LoadedFile { value, file });
    }
    let parsed = parse_yaml_file::<T>(file, what)?;
    if let Some(cache) = cache {
        cache.put(kind, &[&parsed.file.text], &parsed.value);
    }
    Ok(parsed)
}

/// Every section file of these languages, parsed, and those that could not be read. The
/// front matter of all of them comes from the cache when it holds these very texts (the
/// bodies may differ: drafters edit those, and the front matter rarely).
fn read_sections(
    tree: &dyn Tree,
    languages: &[String],
    cache: Option<&ParseCache>,
) -> Result<(Vec<Section>, Vec<Unreadable>)> {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for lang in languages {
        let dir = format!("{DRAFTS_DIR}/{lang}");
        for name in tree.list(&dir)? {
            // Section files are `*.md`; the temporary files of an interrupted write are
            // never sections (see `write`).
            if !name.ends_with(".md") || crate::write::is_temporary(&name) {
                continue;
            }
            let path = format!("{dir}/{name}");
            match read_text(tree, &path) {
                Ok(text) => files.push((path, lang, text)),
                Err(bad) => {
                    let (file, offset, reason) = *bad;
                    unreadable.push(Unreadable {
                        file,
                        lang: lang.clone(),
                        offset,
                        reason,
                    });
                }
            }
        }
    }
    let fronts: Option<Vec<&str>> = files
        .iter()
        .map(|(_, _, text)| front_matter_yaml(text))
        .collect();
    let known: Option<Vec<FrontMatter>> = match (cache, &fronts) {
        (Some(cache), Some(fronts)) if !fronts.is_empty() => cache
            .get::<Vec<FrontMatter>>(Kind::FrontMatter, fronts)
            .filter(|known| known.len() == fronts.len()),
        _ => None,
    };
    let hit = known.is_some();
    let mut known = known.map(Vec::into_iter);
    let sections: Vec<Section> = files
        .iter()
        .map(|(path, lang, text)| {
            let front = known.as_mut().and_then(Iterator::next);
            parse_section_with(path, lang, text.clone(), front)
        })
        .collect();
    if !hit
        && let (Some(cache), Some(fronts)) = (cache, &fronts)
        && !fronts.is_empty()
    {
        let valid: Option<Vec<&FrontMatter>> = sections.iter().map(Section::front_matter).collect();
        if let Some(valid) = valid {
            cache.put(Kind::FrontMatter, fronts, &valid);
        }
    }
    Ok((sections, unreadable))
}

/// Reads and parses one section file of `lang`, or says why it cannot be read (the
/// language server reloads one file this way).
pub fn load_section(
    tree: &dyn Tree,
    path: &str,
    lang: &str,
) -> std::result::Result<Section, Box<Unreadable>> {
    match read_text(tree, path) {
        Ok(text) => Ok(parse_section(path, lang, text)),
        Err(bad) => {
            let (file, offset, reason) = *bad;
            Err(Box::new(Unreadable {
                file,
                lang: lang.to_string(),
                offset,
                reason,
            }))
        }
    }
}

/// `drafts/signoffs.yaml`, when there is one. A file holding nothing (or only
/// comments) is no sign-off; a malformed one is an error naming its line and column.
pub fn load_signoffs(tree: &dyn Tree) -> Result<Option<LoadedFile<SignOffs>>> {
    if matches!(tree.read(SIGNOFFS_FILE), Ok(None)) {
        return Ok(None);
    }
    let what = "the sign-offs";
    let file = read_yaml(tree, SIGNOFFS_FILE, what)?;
    let empty = file
        .text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#') || l.trim() == "---");
    let loaded = if empty {
        LoadedFile {
            value: SignOffs::default(),
            file,
        }
    } else {
        parse_yaml_file::<SignOffs>(file, what)?
    };
    check_signoffs(&loaded)?;
    Ok(Some(loaded))
}

/// What the schema says of a sign-off's values but serde does not check: the shapes of
/// the date, commit and fingerprint.
fn check_signoffs(loaded: &LoadedFile<SignOffs>) -> Result<()> {
    use super::yaml::{escape_pointer, yaml_spans};
    let mut spans = None;
    for (lang, sections) in &loaded.value.0 {
        for (domain, s) in sections {
            let problem = if !crate::lang::is_date(&s.date) {
                Some(("date", "a date of the form YYYY-MM-DD"))
            } else if s.commit.len() != 40 || !s.commit.bytes().all(|b| b.is_ascii_hexdigit()) {
                Some(("commit", "a commit id of 40 hexadecimal digits"))
            } else if !crate::model::fingerprint::is_fingerprint(&s.fingerprint) {
                Some((
                    "fingerprint",
                    "a fingerprint of 16 lower-case hexadecimal digits",
                ))
            } else if s.by.trim().is_empty()
                || s.by.chars().count() > 200
                || s.by
                    .chars()
                    .any(|c| c.is_control() || crate::escape::is_control(c))
            {
                // Shown on one line by status, R001 and the language server: a line
                // break or an escape sequence would forge rows or drive the terminal.
                Some((
                    "by",
                    "the name of who signed, on one line, without control characters, of at most 200 characters",
                ))
            } else {
                None
            };
            let Some((field, expected)) = problem else {
                continue;
            };
            let spans = spans.get_or_insert_with(|| yaml_spans(&loaded.file.text));
            let pointer = format!(
                "/{}/{}/{field}",
                escape_pointer(lang),
                escape_pointer(domain)
            );
            let offset = spans.get(&pointer).map_or(0, |s| s.value.start);
            return Err(invalid(
                SIGNOFFS_FILE,
                Some(&loaded.file),
                offset,
                format!("the sign-off of {lang}/{domain}: `{field}` is not {expected}"),
                "remove this sign-off and sign again with `rapporteur sign-off`".into(),
            ));
        }
    }
    Ok(())
}

/// The violation to report: the one on the line where deserializing failed (or the one
/// nearest to it), else the first.
fn pick_violation(
    violations: Vec<super::section::SchemaViolation>,
    failed_at: Option<usize>,
    file: &SourceFile,
) -> Option<super::section::SchemaViolation> {
    let Some(at) = failed_at else {
        return violations.into_iter().next();
    };
    let (line, _) = file.line_col(at);
    violations.into_iter().min_by_key(|v| {
        let (v_line, _) = file.line_col(v.span.start);
        (v_line != line, v.span.start.abs_diff(at))
    })
}

/// Reads `drafts/report.yaml`, whose every language must be a plain language tag: a
/// language names a folder, `drafts/<lang>/`, so `../../elsewhere` is refused here,
/// naming the line, before any path is made from it.
pub fn load_meta(tree: &dyn Tree) -> Result<LoadedFile<EditionMeta>> {
    read_meta(tree, None)
}

/// Every language of the metadata is a plain language tag, or an error at its line.
fn check_languages(meta: &LoadedFile<EditionMeta>) -> Result<()> {
    for (i, lang) in meta.value.languages.iter().enumerate() {
        if is_language_tag(lang) {
            continue;
        }
        let spans = super::yaml::yaml_spans(&meta.file.text);
        let offset = spans
            .get(&format!("/languages/{i}"))
            .map_or(0, |s| s.value.start);
        return Err(invalid(
            REPORT_FILE,
            Some(&meta.file),
            offset,
            format!("`{lang}` is not a language tag"),
            "write a language tag such as `fr`, `en` or `pt-BR`: it names the folder drafts/<lang>/"
                .into(),
        ));
    }
    Ok(())
}

/// A `--lang` given on the command line: a plain language tag, or a usage error.
pub fn check_lang_arg(lang: &str) -> Result<()> {
    if is_language_tag(lang) {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "`{lang}` is not a language tag\n  help: give a language of drafts/report.yaml, such as `fr` or `en`"
        )))
    }
}

/// A `--lang` must also be one of the edition's languages: a typo must not read as a
/// clean edition with nothing to check.
pub fn check_lang_of(meta: &EditionMeta, lang: &str) -> Result<()> {
    if meta.languages.iter().any(|l| l == lang) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "the edition has no language `{lang}`\n  help: drafts/report.yaml lists: {}",
        meta.languages.join(", ")
    )))
}

/// Reads a file as UTF-8 text. On failure: the file as far as it can be shown, the byte
/// offset of the problem and the reason.
fn read_text(
    tree: &dyn Tree,
    path: &str,
) -> std::result::Result<String, Box<(SourceFile, usize, String)>> {
    let bytes = match tree.read(path) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            return Err(Box::new((
                SourceFile::new(path, String::new()),
                0,
                "file vanished while reading".into(),
            )));
        }
        Err(reason) => return Err(Box::new((SourceFile::new(path, String::new()), 0, reason))),
    };
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Box::new((
            SourceFile::new(path, lossy),
            offset,
            format!("invalid UTF-8 at byte {offset}; save the file as UTF-8"),
        ))
    })
}

/// Reads, parses and validates one YAML file the tool cannot work without. Any problem is
/// an [`Error`] naming the file, line and column.
pub fn load_yaml<T: DeserializeOwned + schemars::JsonSchema>(
    tree: &dyn Tree,
    path: &str,
    what: &str,
) -> Result<LoadedFile<T>> {
    parse_yaml_file(read_yaml(tree, path, what)?, what)
}

/// `path:line:col` of an offset (or the bare path without a file), as an [`Error`].
fn invalid(
    path: &str,
    file: Option<&SourceFile>,
    offset: usize,
    message: String,
    help: String,
) -> Error {
    let location = match file {
        Some(file) => {
            let (line, col) = file.line_col(offset);
            format!("{path}:{line}:{col}")
        }
        None => path.to_string(),
    };
    Error::Invalid {
        location,
        message,
        help,
    }
}

/// Reads a YAML file the tool needs (`what` names it in messages) as text.
fn read_yaml(tree: &dyn Tree, path: &str, what: &str) -> Result<SourceFile> {
    match read_text(tree, path) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(bad) => {
            let (file, offset, reason) = *bad;
            let missing = reason.contains("vanished");
            Err(invalid(
                path,
                (!file.text.is_empty()).then_some(&file),
                offset,
                if missing {
                    format!("{what} is missing")
                } else {
                    format!("cannot read {what}: {reason}")
                },
                format!("create or repair {path}"),
            ))
        }
    }
}

/// Parses and validates a YAML file read by [`read_yaml`].
fn parse_yaml_file<T: DeserializeOwned + schemars::JsonSchema>(
    file: SourceFile,
    what: &str,
) -> Result<LoadedFile<T>> {
    let path = file.path.clone();
    // Fastest path: straight from YAML into the type. Every run reads the catalog, and
    // going through a JSON value first cost a tenth more. Only when this fails is the
    // file read again, as a value, to say where and why.
    let typed_error = match serde_saphyr::from_str::<T>(&file.text) {
        Ok(parsed) => {
            return Ok(LoadedFile {
                value: parsed,
                file,
            });
        }
        Err(e) => e,
    };
    // Where deserializing the type failed: the schema may find other "violations" that
    // are not (`on` in a list of strings is a string to the type, `true` to an untyped
    // value), so the one to report is the one at this place.
    let failed_at = super::yaml::error_offset(&typed_error, &file.text);
    let value = parse_yaml(&file.text).map_err(|e| {
        invalid(
            &path,
            Some(&file),
            e.offset,
            if e.limit {
                format!("{what} cannot be read: {}", e.message)
            } else {
                format!("{what} is not valid YAML: {}", e.message)
            },
            e.help().into(),
        )
    })?;
    // Compiling a validator costs more than deserializing: the schema only runs to
    // explain a failure.
    match T::deserialize(&value) {
        Ok(parsed) => Ok(LoadedFile {
            value: parsed,
            file,
        }),
        Err(serde_error) => {
            let schema = DocSchema::of::<T>();
            match validate::<T>(&value, &schema, &file.text, 0, what) {
                Ok(parsed) => Ok(LoadedFile {
                    value: parsed,
                    file,
                }),
                Err(violations) => Err(match pick_violation(violations, failed_at, &file) {
                    Some(v) => invalid(&path, Some(&file), v.span.start, v.message, v.help),
                    None => invalid(
                        &path,
                        Some(&file),
                        0,
                        super::yaml::plain_words(&serde_error.to_string()),
                        String::new(),
                    ),
                }),
            }
        }
    }
}
