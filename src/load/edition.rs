//! Loading a whole edition from a [`Tree`]: metadata, catalog, every section file of
//! every language.

use serde::de::DeserializeOwned;

use super::section::{DocSchema, Section, parse_section, validate};
use super::source::SourceFile;
use super::tree::Tree;
use super::yaml::parse_yaml;
use super::{DOMAINS_FILE, DRAFTS_DIR, PROPOSALS_FILE, REPORT_FILE, TERMINOLOGY_FILE};
use crate::error::{Error, Result};
use crate::model::{Catalog, DomainCatalog, EditionMeta, ProposalRegistry, Termbase};

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
}

/// Loads the catalog (`schemas/*.yaml`) from a tree.
pub fn load_catalog(tree: &dyn Tree) -> Result<(Catalog, CatalogFiles)> {
    let domains = load_yaml::<DomainCatalog>(tree, DOMAINS_FILE, "the domain catalog")?;
    let proposals = load_yaml::<ProposalRegistry>(tree, PROPOSALS_FILE, "the proposal registry")?;
    let terms = load_yaml::<Termbase>(tree, TERMINOLOGY_FILE, "the termbase")?;
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

/// Loads the edition metadata, the catalog and every section file.
pub fn load_edition(tree: &dyn Tree) -> Result<Edition> {
    load_edition_with(tree, load_catalog)
}

/// [`load_edition`], with the catalog from `catalog` (called after the metadata is
/// read): a caller checking many editions can reuse a catalog it already parsed when
/// the files are the same (see `corpus`).
pub fn load_edition_with(
    tree: &dyn Tree,
    catalog: impl FnOnce(&dyn Tree) -> Result<(Catalog, CatalogFiles)>,
) -> Result<Edition> {
    let meta = load_yaml::<EditionMeta>(tree, REPORT_FILE, "the edition metadata")?;
    crate::check::check_rule_settings(&meta)?;
    let (catalog, catalog_files) = catalog(tree)?;
    let mut sections = Vec::new();
    let mut unreadable = Vec::new();
    for lang in &meta.value.languages {
        let dir = format!("{DRAFTS_DIR}/{lang}");
        for name in tree.list(&dir)? {
            if !name.ends_with(".md") {
                continue;
            }
            let path = format!("{dir}/{name}");
            match read_text(tree, &path) {
                Ok(text) => sections.push(parse_section(&path, lang, text)),
                Err((file, offset, reason)) => unreadable.push(Unreadable {
                    file,
                    lang: lang.clone(),
                    offset,
                    reason,
                }),
            }
        }
    }
    Ok(Edition {
        meta,
        catalog,
        catalog_files,
        sections,
        unreadable,
    })
}

/// Reads a file as UTF-8 text. On failure: the file as far as it can be shown, the byte
/// offset of the problem and the reason.
fn read_text(
    tree: &dyn Tree,
    path: &str,
) -> std::result::Result<String, (SourceFile, usize, String)> {
    let bytes = match tree.read(path) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            return Err((
                SourceFile::new(path, String::new()),
                0,
                "file vanished while reading".into(),
            ));
        }
        Err(reason) => return Err((SourceFile::new(path, String::new()), 0, reason)),
    };
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
        (
            SourceFile::new(path, lossy),
            offset,
            format!("invalid UTF-8 at byte {offset}; save the file as UTF-8"),
        )
    })
}

/// Reads, parses and validates one YAML file the tool cannot work without. Any problem is
/// an [`Error`] naming the file, line and column.
pub fn load_yaml<T: DeserializeOwned + schemars::JsonSchema>(
    tree: &dyn Tree,
    path: &str,
    what: &str,
) -> Result<LoadedFile<T>> {
    let invalid = |file: Option<&SourceFile>, offset: usize, message: String, help: String| {
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
    };
    let text = match read_text(tree, path) {
        Ok(text) => text,
        Err((file, offset, reason)) => {
            let missing = reason.contains("vanished");
            return Err(invalid(
                (!file.text.is_empty()).then_some(&file),
                offset,
                if missing {
                    format!("{what} is missing")
                } else {
                    format!("cannot read {what}: {reason}")
                },
                format!("create or repair {path}"),
            ));
        }
    };
    let file = SourceFile::new(path, text);
    let value = parse_yaml(&file.text).map_err(|e| {
        invalid(
            Some(&file),
            e.offset,
            format!("{what} is not valid YAML: {}", e.message),
            "fix the YAML syntax at this position".into(),
        )
    })?;
    // Fast path: most runs read files that are fine, and compiling a validator costs
    // more than deserializing. The schema only runs to explain a failure.
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
                Err(violations) => {
                    let first = violations.into_iter().next();
                    Err(match first {
                        Some(v) => invalid(Some(&file), v.span.start, v.message, v.help),
                        None => invalid(Some(&file), 0, serde_error.to_string(), String::new()),
                    })
                }
            }
        }
    }
}
