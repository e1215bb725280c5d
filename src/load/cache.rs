//! A cache of the parsed catalog, so that a command does not parse the same 44 KB of
//! YAML on every run: parsing `schemas/*.yaml` was about 40 % of a `check`, while the
//! catalog changes a few times a year.
//!
//! The cache lives inside the repository, in its git folder (`.git/rapporteur/`), never
//! in the work tree and never outside the repository. An entry holds the three catalog
//! files' exact text and the catalog parsed from it, as JSON; it is used only when the
//! texts read now are byte for byte the ones it was made from, and it was written by this
//! very version of rapporteur. Anything else — no entry, another text, another version, a
//! truncated or edited file — is a miss: the YAML is parsed as without a cache, and a new
//! entry is written atomically. Errors of the cache itself are never reported: it is an
//! optimisation, not an input. Only catalogs that parsed without error are cached, so
//! every diagnostic about the catalog still comes from its YAML.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{Catalog, DomainCatalog, ProposalRegistry, Termbase};
use crate::write::write_atomic;

/// The first line of an entry: the format and the version of rapporteur that wrote it
/// (another version may parse the catalog differently).
const MAGIC: &str = concat!(
    "rapporteur catalog cache 1 ",
    env!("CARGO_PKG_VERSION"),
    "\n"
);
/// Entries kept: enough for the editions a diff or a corpus compares in turn.
const MAX_ENTRIES: usize = 8;

/// Where the cache of one repository is.
#[derive(Debug, Clone)]
pub struct CatalogCache {
    dir: PathBuf,
}

#[derive(Serialize)]
struct EntryRef<'a> {
    domains: &'a DomainCatalog,
    proposals: &'a ProposalRegistry,
    terms: &'a Termbase,
}

#[derive(Deserialize)]
struct Entry {
    domains: DomainCatalog,
    proposals: ProposalRegistry,
    terms: Termbase,
}

impl CatalogCache {
    /// The cache of the git repository whose git folder is `git_dir`.
    pub fn in_git_dir(git_dir: &Path) -> CatalogCache {
        CatalogCache {
            dir: git_dir.join("rapporteur"),
        }
    }

    /// The cache of the git repository holding the folder `root`, if it is in one: the
    /// closest `.git` upwards (a folder, or the `gitdir:` file of a linked work tree).
    pub fn for_work_tree(root: &Path) -> Option<CatalogCache> {
        for dir in root.ancestors() {
            let dot_git = dir.join(".git");
            let Ok(meta) = std::fs::metadata(&dot_git) else {
                continue;
            };
            if meta.is_dir() {
                return Some(Self::in_git_dir(&dot_git));
            }
            // A linked work tree or a submodule: `gitdir: <path>`.
            let text = std::fs::read_to_string(&dot_git).ok()?;
            let target = text.strip_prefix("gitdir:")?.trim();
            return Some(Self::in_git_dir(&dir.join(target)));
        }
        None
    }

    /// The catalog parsed from exactly these texts (domains, proposals, terminology), if
    /// the cache has it.
    pub fn get(&self, texts: [&str; 3]) -> Option<Catalog> {
        let bytes = std::fs::read(self.entry_path(texts)).ok()?;
        let rest = bytes.strip_prefix(MAGIC.as_bytes())?;
        let mut rest = rest;
        for text in texts {
            // Each text as `<length>\n<text>`.
            let newline = rest.iter().position(|&b| b == b'\n')?;
            let len: usize = std::str::from_utf8(&rest[..newline]).ok()?.parse().ok()?;
            let body = rest.get(newline + 1..newline + 1 + len)?;
            if body != text.as_bytes() {
                return None;
            }
            rest = &rest[newline + 1 + len..];
        }
        let entry: Entry = serde_json::from_slice(rest).ok()?;
        Some(Catalog {
            domains: entry.domains,
            proposals: entry.proposals,
            terms: entry.terms,
        })
    }

    /// Stores the catalog parsed from these texts. Best effort: a cache that cannot be
    /// written is no cache.
    pub fn put(&self, texts: [&str; 3], catalog: &Catalog) {
        let Ok(json) = serde_json::to_vec(&EntryRef {
            domains: &catalog.domains,
            proposals: &catalog.proposals,
            terms: &catalog.terms,
        }) else {
            return;
        };
        let mut bytes = Vec::with_capacity(
            MAGIC.len() + texts.iter().map(|t| t.len() + 8).sum::<usize>() + json.len(),
        );
        bytes.extend_from_slice(MAGIC.as_bytes());
        for text in texts {
            bytes.extend_from_slice(format!("{}\n", text.len()).as_bytes());
            bytes.extend_from_slice(text.as_bytes());
        }
        bytes.extend_from_slice(&json);
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        if write_atomic(&self.entry_path(texts), &bytes).is_ok() {
            self.prune();
        }
    }

    /// The entry of these texts: a hash names it (the texts themselves decide a hit).
    fn entry_path(&self, texts: [&str; 3]) -> PathBuf {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        texts.hash(&mut hasher);
        self.dir.join(format!("catalog-{:016x}", hasher.finish()))
    }

    /// Keeps the newest [`MAX_ENTRIES`] entries.
    fn prune(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with("catalog-"))
            .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
            .collect();
        if found.len() <= MAX_ENTRIES {
            return;
        }
        found.sort();
        for (_, path) in &found[..found.len() - MAX_ENTRIES] {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{WorkTree, load_catalog_uncached};

    fn shipped() -> (Catalog, [String; 3]) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (catalog, files) = load_catalog_uncached(&WorkTree::new(root)).unwrap();
        let texts = [
            files.domains.text,
            files.proposals.text,
            files.terminology.text,
        ];
        (catalog, texts)
    }

    fn as_json(catalog: &Catalog) -> serde_json::Value {
        serde_json::to_value(EntryRef {
            domains: &catalog.domains,
            proposals: &catalog.proposals,
            terms: &catalog.terms,
        })
        .unwrap()
    }

    #[test]
    fn a_cached_catalog_is_the_parsed_one() {
        let (catalog, texts) = shipped();
        let texts = [texts[0].as_str(), texts[1].as_str(), texts[2].as_str()];
        let git = tempfile::tempdir().unwrap();
        let cache = CatalogCache::in_git_dir(git.path());
        assert!(cache.get(texts).is_none(), "empty cache");
        cache.put(texts, &catalog);
        let cached = cache.get(texts).expect("a hit");
        assert_eq!(as_json(&cached), as_json(&catalog));
    }

    #[test]
    fn another_text_or_a_damaged_entry_is_a_miss() {
        let (catalog, texts) = shipped();
        let texts = [texts[0].as_str(), texts[1].as_str(), texts[2].as_str()];
        let git = tempfile::tempdir().unwrap();
        let cache = CatalogCache::in_git_dir(git.path());
        cache.put(texts, &catalog);
        // One character of the termbase differs: the entry of the old text is not used.
        let edited = texts[2].replacen("Kyïv", "Kyiv", 1);
        assert!(cache.get([texts[0], texts[1], &edited]).is_none());
        // An entry whose stored text was tampered with (same name, other content).
        let path = cache.entry_path(texts);
        let bytes = std::fs::read(&path).unwrap();
        let tampered = String::from_utf8(bytes.clone())
            .unwrap()
            .replacen("Kyïv", "Kyiv", 1);
        std::fs::write(&path, tampered).unwrap();
        assert!(cache.get(texts).is_none());
        // Truncated, or written by another version.
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        assert!(cache.get(texts).is_none());
        let other = String::from_utf8(bytes).unwrap().replacen(
            MAGIC,
            "rapporteur catalog cache 1 0.0.0\n",
            1,
        );
        std::fs::write(&path, other).unwrap();
        assert!(cache.get(texts).is_none());
    }

    #[test]
    fn the_cache_keeps_a_few_entries() {
        let (catalog, texts) = shipped();
        let git = tempfile::tempdir().unwrap();
        let cache = CatalogCache::in_git_dir(git.path());
        for i in 0..MAX_ENTRIES + 3 {
            let domains = format!("{}# {i}\n", texts[0]);
            cache.put([&domains, &texts[1], &texts[2]], &catalog);
        }
        let kept = std::fs::read_dir(git.path().join("rapporteur"))
            .unwrap()
            .count();
        assert_eq!(kept, MAX_ENTRIES);
    }
}
