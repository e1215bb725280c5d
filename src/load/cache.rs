//! A cache of parsed YAML, so that a command does not parse the same files on every run:
//! parsing `schemas/*.yaml` (44 KB) was about 40 % of a `check`, the edition metadata
//! and the sections' front matter another tenth, while they change a few times a year
//! (the catalog) or a month (metadata, statuses).
//!
//! The cache lives inside the repository, in its git folder (`.git/rapporteur/`), never
//! in the work tree and never outside the repository. An entry holds the exact text of
//! the files it was parsed from and the parsed value, as JSON; it is used only when the
//! texts read now are byte for byte the ones it was made from, and it was written by this
//! very build of rapporteur. Anything else — no entry, another text, another version, a
//! truncated or edited file — is a miss: the YAML is parsed as without a cache, and a new
//! entry is written atomically. Errors of the cache itself are never reported: it is an
//! optimisation, not an input. Only files that parsed without error are cached, so every
//! diagnostic about them still comes from their YAML. An entry is read as the inputs are
//! (a regular file, with a bound), and a cache folder that is a link is not used.
//!
//! The same folder keeps the findings of `check`'s work on each section file
//! (`check::cached`), under the same rules: an entry per edition metadata and catalog,
//! holding each section's path, exact text and findings.

use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::file::read_regular;
use crate::model::{Catalog, DomainCatalog, ProposalRegistry, Termbase};

/// The first line of an entry: the format, the version of rapporteur that wrote it and
/// when its executable was built (another build may parse the files differently, even
/// under the same version number, as while developing rapporteur itself).
fn magic() -> &'static str {
    static MAGIC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MAGIC.get_or_init(|| {
        let built = std::env::current_exe()
            .and_then(|exe| exe.metadata())
            .and_then(|meta| meta.modified())
            .ok()
            .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        format!(
            "rapporteur parse cache 2 {} {built}\n",
            env!("CARGO_PKG_VERSION")
        )
    })
}
/// Entries kept of each kind: enough for the editions a diff or a corpus compares in turn.
const MAX_ENTRIES: usize = 8;

/// What an entry holds: the catalog, the domain catalog alone (for a diff), an
/// edition's metadata, its sections' front matter, the findings of `check`'s work on
/// each section file (see [`ParseCache::get_files`]).
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Catalog,
    Domains,
    Edition,
    FrontMatter,
    Findings,
    /// The identities of a git tree's findings (`check::identity`).
    Identities,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Catalog => "catalog-",
            Kind::Domains => "domains-",
            Kind::Edition => "edition-",
            Kind::FrontMatter => "front-matter-",
            Kind::Findings => "findings-",
            Kind::Identities => "identities-",
        }
    }
}

/// Where the cache of one repository is.
#[derive(Debug, Clone)]
pub struct ParseCache {
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

impl ParseCache {
    /// The cache of the git repository whose git folder is `git_dir`.
    pub fn in_git_dir(git_dir: &Path) -> ParseCache {
        ParseCache {
            dir: git_dir.join("rapporteur"),
        }
    }

    /// The cache of the git repository holding the folder `root`, if it is in one: the
    /// closest `.git` upwards (a folder, or the `gitdir:` file of a linked work tree).
    pub fn for_work_tree(root: &Path) -> Option<ParseCache> {
        for dir in root.ancestors() {
            let dot_git = dir.join(".git");
            let Ok(meta) = std::fs::metadata(&dot_git) else {
                continue;
            };
            if meta.is_dir() {
                return Some(Self::in_git_dir(&dot_git));
            }
            // A linked work tree or a submodule: `gitdir: <path>`, a line.
            let bytes = read_regular(&dot_git, 4096).ok()?;
            let text = std::str::from_utf8(&bytes).ok()?;
            let target = text.strip_prefix("gitdir:")?.trim();
            return Some(Self::in_git_dir(&dir.join(target)));
        }
        None
    }

    /// The catalog parsed from exactly these texts (domains, proposals, terminology), if
    /// the cache has it.
    pub fn catalog(&self, texts: [&str; 3]) -> Option<Catalog> {
        let entry: Entry = self.get(Kind::Catalog, &texts)?;
        Some(Catalog {
            domains: entry.domains,
            proposals: entry.proposals,
            terms: entry.terms,
        })
    }

    /// Stores the catalog parsed from these texts.
    pub fn put_catalog(&self, texts: [&str; 3], catalog: &Catalog) {
        let entry = EntryRef {
            domains: &catalog.domains,
            proposals: &catalog.proposals,
            terms: &catalog.terms,
        };
        self.put(Kind::Catalog, &texts, &entry);
    }

    /// The value of this kind parsed from exactly these texts, if the cache has it.
    pub fn get<T: DeserializeOwned>(&self, kind: Kind, texts: &[&str]) -> Option<T> {
        if !self.is_real_folder() {
            return None;
        }
        // An entry is its texts and their value as JSON: a few times their size at most.
        // Only a regular file is read, and no more than that.
        let size: usize = texts.iter().map(|t| t.len()).sum();
        let limit = 4 * size as u64 + 1024 * 1024;
        let bytes = read_regular(&self.entry_path(kind, texts), limit).ok()?;
        let rest = bytes.strip_prefix(magic().as_bytes())?;
        let rest = strip_texts(rest, texts)?;
        serde_json::from_slice(rest).ok()
    }

    /// Stores the value parsed from these texts. Best effort: a cache that cannot be
    /// written is no cache.
    pub fn put<T: Serialize>(&self, kind: Kind, texts: &[&str], value: &T) {
        let Ok(json) = serde_json::to_vec(value) else {
            return;
        };
        let size = texts.iter().map(|t| t.len() + 8).sum::<usize>();
        let mut bytes = Vec::with_capacity(magic().len() + 8 + size + json.len());
        bytes.extend_from_slice(magic().as_bytes());
        push_texts(&mut bytes, texts);
        bytes.extend_from_slice(&json);
        self.store(kind, texts, &bytes);
    }

    /// Values kept per file under a shared context: for each of `files` (a path and its
    /// text), the value stored for that path with exactly that text, in the entry of
    /// exactly these `context` texts (compared byte for byte, as [`get`](Self::get)
    /// compares its texts). One entry holds every file of a context, so that a run reads
    /// one file, and a file that changed misses alone while the others still hit.
    pub fn get_files<T: DeserializeOwned>(
        &self,
        kind: Kind,
        context: &[&str],
        files: &[(&str, &str)],
    ) -> Vec<Option<T>> {
        let mut found: Vec<Option<T>> = files.iter().map(|_| None).collect();
        if !self.is_real_folder() {
            return found;
        }
        // Read no more than an entry of these files could hold (see `put_files`), twice
        // over: the files stored may be larger than today's.
        let size = context.iter().map(|t| t.len()).sum::<usize>()
            + files
                .iter()
                .map(|(path, text)| path.len() + 3 * text.len() + MAX_EXTRA_JSON + 64)
                .sum::<usize>();
        let limit = 2 * size as u64 + 1024 * 1024;
        let Ok(bytes) = read_regular(&self.entry_path(kind, context), limit) else {
            return found;
        };
        let Some(stored) = parse_files_entry(&bytes, context) else {
            return found;
        };
        for ((path, text), slot) in files.iter().zip(&mut found) {
            if let Some((stored_text, json)) = stored.get(path.as_bytes())
                && *stored_text == text.as_bytes()
            {
                *slot = serde_json::from_slice(json).ok();
            }
        }
        found
    }

    /// Stores the value of each of `files` (a path, its text, its value) under the
    /// `context` texts, replacing the entry of that context. A value whose JSON is much
    /// larger than its file (a file of thousands of findings) is not kept: reading it
    /// back would cost about what recomputing it does.
    pub fn put_files<T: Serialize>(
        &self,
        kind: Kind,
        context: &[&str],
        files: &[(&str, &str, &T)],
    ) {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(magic().as_bytes());
        push_texts(&mut bytes, context);
        let mut kept = Vec::with_capacity(files.len());
        for (path, text, value) in files {
            let Ok(json) = serde_json::to_vec(value) else {
                continue;
            };
            if json.len() <= 2 * text.len() + MAX_EXTRA_JSON {
                kept.push((path, text, json));
            }
        }
        bytes.extend_from_slice(format!("{}\n", kept.len()).as_bytes());
        for (path, text, json) in &kept {
            for part in [path.as_bytes(), text.as_bytes(), json] {
                bytes.extend_from_slice(format!("{}\n", part.len()).as_bytes());
                bytes.extend_from_slice(part);
            }
        }
        self.store(kind, context, &bytes);
    }

    /// Writes the entry of these texts (atomically, inside the cache's own folder only),
    /// then keeps the newest entries of its kind.
    fn store(&self, kind: Kind, texts: &[&str], bytes: &[u8]) {
        if std::fs::create_dir_all(&self.dir).is_err() || !self.is_real_folder() {
            return;
        }
        if write_entry(&self.dir, &self.entry_path(kind, texts), bytes).is_ok() {
            self.prune(kind);
        }
    }

    /// Whether the cache's folder is a folder, not a link to one elsewhere: the cache
    /// reads and writes inside the repository's git folder only.
    fn is_real_folder(&self) -> bool {
        std::fs::symlink_metadata(&self.dir).is_ok_and(|m| m.file_type().is_dir())
    }

    /// The entry of these texts: a hash names it (the texts themselves decide a hit, so
    /// a fast hash with a fixed seed does: a collision is only a miss).
    fn entry_path(&self, kind: Kind, texts: &[&str]) -> PathBuf {
        let hash = foldhash::fast::FixedState::default().hash_one(texts);
        self.dir.join(format!("{}{hash:016x}", kind.prefix()))
    }

    /// Keeps the newest [`MAX_ENTRIES`] entries of a kind.
    fn prune(&self, kind: Kind) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(kind.prefix()))
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

/// Writes an entry atomically (a temporary file in the same folder, renamed over it), as
/// `write::write_atomic` does, but without waiting for the disk: a cache entry lost or
/// torn by a crash is only a miss, and a run that writes one should not pay for an fsync.
fn write_entry(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// How much larger than its file a value of [`ParseCache::put_files`] may be, beyond
/// twice the file's size.
const MAX_EXTRA_JSON: usize = 64 * 1024;

/// Appends the texts an entry is made from: their number, then each as
/// `<length>\n<text>`.
fn push_texts(bytes: &mut Vec<u8>, texts: &[&str]) {
    bytes.extend_from_slice(format!("{}\n", texts.len()).as_bytes());
    for text in texts {
        bytes.extend_from_slice(format!("{}\n", text.len()).as_bytes());
        bytes.extend_from_slice(text.as_bytes());
    }
}

/// What follows the texts of an entry (as [`push_texts`] wrote them), if they are
/// exactly `texts`.
fn strip_texts<'a>(bytes: &'a [u8], texts: &[&str]) -> Option<&'a [u8]> {
    let (count, mut rest) = line_number(bytes)?;
    if count != texts.len() {
        return None;
    }
    for text in texts {
        let (body, after) = length_prefixed(rest)?;
        if body != text.as_bytes() {
            return None;
        }
        rest = after;
    }
    Some(rest)
}

/// The files of an entry of [`ParseCache::put_files`]: path -> (text, value as JSON).
type StoredFiles<'a> = std::collections::HashMap<&'a [u8], (&'a [u8], &'a [u8])>;

/// The files of an entry of [`ParseCache::put_files`] made from `context`.
fn parse_files_entry<'a>(bytes: &'a [u8], context: &[&str]) -> Option<StoredFiles<'a>> {
    let rest = bytes.strip_prefix(magic().as_bytes())?;
    let rest = strip_texts(rest, context)?;
    let (count, mut rest) = line_number(rest)?;
    // Each file takes at least three lines: a count beyond that is a damaged entry.
    if count > rest.len() / 6 {
        return None;
    }
    let mut files = std::collections::HashMap::with_capacity(count);
    for _ in 0..count {
        let (path, after) = length_prefixed(rest)?;
        let (text, after) = length_prefixed(after)?;
        let (json, after) = length_prefixed(after)?;
        files.insert(path, (text, json));
        rest = after;
    }
    rest.is_empty().then_some(files)
}

/// `<length>\n<bytes>`: the bytes, and what follows them.
fn length_prefixed(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = line_number(bytes)?;
    Some((rest.get(..len)?, &rest[len..]))
}

/// A decimal number on a line of its own, and what follows the line.
fn line_number(bytes: &[u8]) -> Option<(usize, &[u8])> {
    let newline = bytes.iter().position(|&b| b == b'\n')?;
    let n = std::str::from_utf8(&bytes[..newline]).ok()?.parse().ok()?;
    Some((n, &bytes[newline + 1..]))
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
        let cache = ParseCache::in_git_dir(git.path());
        assert!(cache.catalog(texts).is_none(), "empty cache");
        cache.put_catalog(texts, &catalog);
        let cached = cache.catalog(texts).expect("a hit");
        assert_eq!(as_json(&cached), as_json(&catalog));
    }

    /// The metadata and the front matter of the shipped edition come back from the cache
    /// as they were parsed (a field that would not round-trip through JSON fails here).
    #[test]
    fn cached_metadata_and_front_matter_are_the_parsed_ones() {
        use crate::model::{EditionMeta, FrontMatter};
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let git = tempfile::tempdir().unwrap();
        let cache = ParseCache::in_git_dir(git.path());

        let report = std::fs::read_to_string(root.join("drafts/report.yaml")).unwrap();
        let meta: EditionMeta = serde_saphyr::from_str(&report).unwrap();
        cache.put(Kind::Edition, &[&report], &meta);
        let cached: EditionMeta = cache.get(Kind::Edition, &[&report]).expect("a hit");
        assert_eq!(
            serde_json::to_value(&cached).unwrap(),
            serde_json::to_value(&meta).unwrap()
        );

        let mut texts = Vec::new();
        for entry in std::fs::read_dir(root.join("drafts/fr")).unwrap() {
            texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        let fronts: Vec<&str> = texts
            .iter()
            .map(|t| crate::load::section::front_matter_yaml(t).unwrap())
            .collect();
        let parsed: Vec<FrontMatter> = fronts
            .iter()
            .map(|f| serde_saphyr::from_str(f).unwrap())
            .collect();
        cache.put(Kind::FrontMatter, &fronts, &parsed);
        let cached: Vec<FrontMatter> = cache.get(Kind::FrontMatter, &fronts).expect("a hit");
        assert_eq!(cached, parsed);
        // Another set of texts (one section fewer) is a miss.
        assert!(
            cache
                .get::<Vec<FrontMatter>>(Kind::FrontMatter, &fronts[1..])
                .is_none()
        );
    }

    /// Values per file hit one by one: a file whose text changed misses alone, another
    /// context misses whole, a value far larger than its file is not kept, and a
    /// truncated entry misses.
    #[test]
    fn files_hit_one_by_one() {
        let git = tempfile::tempdir().unwrap();
        let cache = ParseCache::in_git_dir(git.path());
        let context = ["report", "catalog"];
        let (one, two) = (1u32, 2u32);
        cache.put_files(
            Kind::Findings,
            &context,
            &[("a.md", "text a", &one), ("b.md", "text b", &two)],
        );
        let asked = [("a.md", "text a"), ("b.md", "text B"), ("c.md", "text c")];
        let got: Vec<Option<u32>> = cache.get_files(Kind::Findings, &context, &asked);
        assert_eq!(got, [Some(1), None, None]);
        let other: Vec<Option<u32>> =
            cache.get_files(Kind::Findings, &["report 2", "catalog"], &asked[..1]);
        assert_eq!(other, [None]);

        let big = "x".repeat(2 * MAX_EXTRA_JSON);
        cache.put_files(Kind::Findings, &context, &[("a.md", "text a", &big)]);
        let got: Vec<Option<String>> = cache.get_files(Kind::Findings, &context, &asked[..1]);
        assert_eq!(got, [None], "not kept");

        cache.put_files(Kind::Findings, &context, &[("a.md", "text a", &one)]);
        let path = cache.entry_path(Kind::Findings, &context);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        let got: Vec<Option<u32>> = cache.get_files(Kind::Findings, &context, &asked[..1]);
        assert_eq!(got, [None], "truncated");
    }

    #[test]
    fn another_text_or_a_damaged_entry_is_a_miss() {
        let (catalog, texts) = shipped();
        let texts = [texts[0].as_str(), texts[1].as_str(), texts[2].as_str()];
        let git = tempfile::tempdir().unwrap();
        let cache = ParseCache::in_git_dir(git.path());
        cache.put_catalog(texts, &catalog);
        // One character of the termbase differs: the entry of the old text is not used.
        let edited = texts[2].replacen("Kyïv", "Kyiv", 1);
        assert!(cache.catalog([texts[0], texts[1], &edited]).is_none());
        // An entry whose stored text was tampered with (same name, other content).
        let path = cache.entry_path(Kind::Catalog, &texts);
        let bytes = std::fs::read(&path).unwrap();
        let tampered = String::from_utf8(bytes.clone())
            .unwrap()
            .replacen("Kyïv", "Kyiv", 1);
        std::fs::write(&path, tampered).unwrap();
        assert!(cache.catalog(texts).is_none());
        // Truncated, or written by another version.
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        assert!(cache.catalog(texts).is_none());
        let other = String::from_utf8(bytes).unwrap().replacen(
            magic(),
            "rapporteur parse cache 2 0.1.0 0\n",
            1,
        );
        std::fs::write(&path, other).unwrap();
        assert!(cache.catalog(texts).is_none());
    }

    #[test]
    fn the_cache_keeps_a_few_entries() {
        let (catalog, texts) = shipped();
        let git = tempfile::tempdir().unwrap();
        let cache = ParseCache::in_git_dir(git.path());
        for i in 0..MAX_ENTRIES + 3 {
            let domains = format!("{}# {i}\n", texts[0]);
            cache.put_catalog([&domains, &texts[1], &texts[2]], &catalog);
        }
        let kept = std::fs::read_dir(git.path().join("rapporteur"))
            .unwrap()
            .count();
        assert_eq!(kept, MAX_ENTRIES);
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_folder_or_a_special_entry_is_never_used() {
        let (catalog, texts) = shipped();
        let texts = [texts[0].as_str(), texts[1].as_str(), texts[2].as_str()];
        // The cache folder a link to a folder outside the git folder: nothing is read or
        // written through it.
        let git = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), git.path().join("rapporteur")).unwrap();
        let cache = ParseCache::in_git_dir(git.path());
        cache.put_catalog(texts, &catalog);
        assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
        assert!(cache.catalog(texts).is_none());
        // An entry that is a FIFO: a miss at once, not a wait for a writer.
        let git = tempfile::tempdir().unwrap();
        let cache = ParseCache::in_git_dir(git.path());
        std::fs::create_dir(git.path().join("rapporteur")).unwrap();
        let path = cache.entry_path(Kind::Catalog, &texts);
        let fifo = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: mkfifo reads the NUL-terminated path it is given.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        assert!(cache.catalog(texts).is_none());
    }
}
