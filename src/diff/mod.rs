//! The year-over-year diff: two editions compared domain by domain, paragraph by
//! paragraph, word by word.
//!
//! Sections are matched by their `domain` slug, never by file name, so renaming a file
//! is no change. Within a domain, paragraphs are aligned by content (similar's Patience
//! algorithm over the whitespace-normalised paragraphs); in a run of differing
//! paragraphs, an old and a new one that keep their opening, their ending or a good
//! part of their words are one changed paragraph, shown word by word. What is left over is removed or added, unless
//! [`moves`] finds it elsewhere: then it is shown as moved, with both domains.
//! `docs/diff.md` explains the choices for reviewers.

pub mod budget;
pub mod moves;
pub mod render;
pub mod since;
pub mod source;
pub mod status;
pub mod words;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};

use crate::load::{Edition, Section};
use budget::Budget;
use words::{
    WordCounts, WordOp, bag_similarity, count_words_within, diff_words_within,
    keeps_opening_or_ending, split_words,
};

/// Two paragraphs of one domain that keep this share of their words in order (the word
/// similarity ratio) are one changed paragraph rather than a removal and an addition.
/// Unrelated paragraphs of the shipped report stay under 0.3. Two that keep their
/// opening or their ending ([`words::keeps_opening_or_ending`]) are one changed paragraph
/// whatever their ratio: a rewrite between a kept opening and a kept last sentence is
/// read word by word, to see what survived.
pub const CHANGED_SIMILARITY: f64 = 0.4;

/// What to compare.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only this domain (moves to and from it are still found).
    pub domain: Option<String>,
    /// Only this language.
    pub lang: Option<String>,
}

/// The whole diff: the serialized form is `diff --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct EditionDiff {
    pub old: Side,
    pub new: Side,
    /// Figures for the whole edition (all domains shown).
    pub stats: Stats,
    pub domains: Vec<DomainDiff>,
    /// Section files that could not be read (invalid UTF-8, too large, a symlink out of
    /// the repository) on either side, and so are not in the diff: `rapporteur check`
    /// says why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<UnreadableFile>,
    /// The language readers see the diff in: `--lang`, or the new edition's first
    /// language. The renderers take their labels from `lang::Labels` for it.
    #[serde(skip)]
    pub lang: String,
    /// The catalog title of every domain of the compared languages, by language and
    /// slug (new edition first), to name the other end of a move.
    #[serde(skip)]
    pub titles: BTreeMap<(String, String), String>,
}

/// A section file one side could not read. In JSON, `"path (side)"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableFile {
    pub path: String,
    /// The side's label (`edition-10`, `work tree`).
    pub side: String,
}

impl Serialize for UnreadableFile {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{} ({})", self.path, self.side))
    }
}

/// One side of the diff.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The revision or folder, as given (`edition-10`, `work tree`).
    pub label: String,
    /// The edition number in its `drafts/report.yaml`.
    pub edition: u32,
}

/// One domain in one language.
#[derive(Debug, Clone, Serialize)]
pub struct DomainDiff {
    pub domain: String,
    /// The domain's heading in this language, from the catalog (new side first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub lang: String,
    pub status: DomainStatus,
    /// The section file(s) on each side; a rename shows here and nowhere else.
    pub old_paths: Vec<String>,
    pub new_paths: Vec<String>,
    pub stats: Stats,
    /// Changes to the front matter's proposals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub front_matter: Option<FrontMatterChange>,
    /// The front matter's `status` on each side, when it changed. A status is where the
    /// section stands, not its content: alone, it leaves the domain `unchanged`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_change: Option<StatusChange>,
    /// For `diff --since-signoff`: the sign-off this domain is compared with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signoff: Option<SignOffRef>,
    pub changes: Vec<Change>,
}

/// A section's `status` before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    pub from: String,
    pub to: String,
}

/// The sign-off a section is compared with (`diff --since-signoff`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignOffRef {
    pub by: String,
    pub date: String,
    /// The commit that holds the approved text.
    pub commit: String,
}

/// Whether a domain changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DomainStatus {
    Unchanged,
    Changed,
    Added,
    Removed,
}

impl DomainStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DomainStatus::Unchanged => "unchanged",
            DomainStatus::Changed => "changed",
            DomainStatus::Added => "added",
            DomainStatus::Removed => "removed",
        }
    }
}

/// Word and proposal figures, for a domain or the edition.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub words_before: usize,
    pub words_after: usize,
    /// Words inserted: in added and changed paragraphs, and those inserted into a
    /// paragraph as it moved here. Never the words of a move itself.
    pub words_added: usize,
    /// Words deleted: in removed and changed paragraphs, and those deleted from a
    /// paragraph as it moved away from here. Never the words of a move itself.
    pub words_removed: usize,
    /// Words of the paragraphs that arrived from elsewhere, kept on the way.
    pub words_moved_in: usize,
    /// Words of the paragraphs that left for elsewhere, kept on the way. Each word is
    /// counted once, so `words_after = words_before + words_added - words_removed +
    /// words_moved_in - words_moved_out`, for a domain and for the edition.
    pub words_moved_out: usize,
    /// Share of the text that changed, `0..=1`: words added, removed and moved in or out
    /// over words before and after. For the edition, moves between domains are not
    /// changes of the edition: only words added and removed count.
    pub share_changed: f64,
    pub proposals_added: Vec<String>,
    pub proposals_removed: Vec<String>,
    /// Whether the diff was made coarser to stay within its bounds of work and time (two
    /// huge or wildly different editions): some changed paragraphs are then shown as
    /// removed and added, or whole, rather than word by word, and near moves may be
    /// missed. For the edition, whether any domain was.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub coarse: bool,
}

/// A change of the front matter's proposals (its status is [`StatusChange`]).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct FrontMatterChange {
    pub proposals_added: Vec<String>,
    pub proposals_removed: Vec<String>,
}

/// One changed paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// 0-based index of the paragraph in the old section (of `from_domain` for moves).
    pub old_index: Option<usize>,
    /// 0-based index of the paragraph in the new section (of `to_domain` for moves).
    pub new_index: Option<usize>,
    /// For moves: where the paragraph was, and where it went.
    pub from_domain: Option<String>,
    pub to_domain: Option<String>,
    /// For moves: `out` in the domain it left, `in` in the domain it reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// The paragraph word by word (an added paragraph is one insert, a removed one one
    /// delete, an identical move one equal run).
    pub words: Vec<WordOp>,
}

impl Change {
    /// A paragraph changed, added or removed within its domain.
    fn local(
        kind: ChangeKind,
        old_index: Option<usize>,
        new_index: Option<usize>,
        words: Vec<WordOp>,
    ) -> Self {
        Change {
            kind,
            old_index,
            new_index,
            from_domain: None,
            to_domain: None,
            direction: None,
            words,
        }
    }

    /// A paragraph moved from `from` (at `old_index`) to `to` (at `new_index`), as seen
    /// from one of the two domains (`direction`).
    fn moved(
        (old_index, from): (usize, String),
        (new_index, to): (usize, String),
        direction: Direction,
        words: Vec<WordOp>,
    ) -> Self {
        Change {
            kind: ChangeKind::Moved,
            old_index: Some(old_index),
            new_index: Some(new_index),
            from_domain: Some(from),
            to_domain: Some(to),
            direction: Some(direction),
            words,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
    Moved,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::Moved => "moved",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Out,
    In,
}

impl EditionDiff {
    /// How readers see a domain named: its catalog title in its language, else its slug.
    pub fn title_of<'a>(&'a self, lang: &str, slug: &'a str) -> &'a str {
        self.titles
            .get(&(lang.to_string(), slug.to_string()))
            .map_or(slug, String::as_str)
    }

    /// Whether anything differs (for `--exit-code`).
    pub fn has_changes(&self) -> bool {
        self.domains
            .iter()
            .any(|d| d.status != DomainStatus::Unchanged)
    }
}

/// One side of one domain: its section files' paragraphs and front matter.
#[derive(Default)]
struct Sections<'a> {
    paths: Vec<String>,
    /// The paragraphs as written.
    texts: Vec<&'a str>,
    words: usize,
    /// The paragraphs' words, split only for a domain whose text changed: most domains
    /// of two editions are the same text, and need only their word count.
    split: std::cell::OnceCell<Vec<Vec<&'a str>>>,
    status: Option<&'static str>,
    proposals: BTreeSet<String>,
    /// Position in its catalog, for ordering.
    order: Option<usize>,
}

impl<'a> Sections<'a> {
    fn add(&mut self, section: &'a Section) {
        self.paths.push(section.file.path.clone());
        self.words += section.word_counts().iter().sum::<usize>();
        self.texts.extend(section.paragraph_texts());
        if let Some(front) = section.front_matter() {
            self.status.get_or_insert(front.status.as_str());
            self.proposals.extend(front.proposals.iter().cloned());
        }
    }

    /// Each paragraph's words, without those of a drafters' comment inside a line
    /// (never published, so no change of the report).
    fn paragraphs(&self) -> &[Vec<&'a str>] {
        self.split.get_or_init(|| {
            self.texts
                .iter()
                .map(|t| {
                    let mut words = split_words(t);
                    let comments = crate::markdown::comment_ranges(t);
                    if !comments.is_empty() {
                        let base = t.as_ptr() as usize;
                        words.retain(|w| {
                            let at = w.as_ptr() as usize - base;
                            !comments.iter().any(|c| c.contains(&at))
                        });
                    }
                    words
                })
                .collect()
        })
    }

    fn words(&self) -> usize {
        self.words
    }
}

/// The sections of one language, by domain. A section without a readable domain is
/// keyed by its path, so that its text still shows.
fn by_domain<'a>(edition: &'a Edition, lang: &'a str) -> BTreeMap<String, Sections<'a>> {
    let mut map: BTreeMap<String, Sections<'a>> = BTreeMap::new();
    for section in edition.sections_in(lang) {
        let key = section
            .domain()
            .map_or_else(|| section.file.path.clone(), str::to_string);
        let entry = map.entry(key.clone()).or_default();
        entry.order = edition.catalog.domain_index(&key);
        entry.add(section);
    }
    map
}

/// What the alignment of one domain yields, before moves are known.
enum Entry {
    Changed {
        old: usize,
        new: usize,
        words: Vec<WordOp>,
        counts: WordCounts,
    },
    Removed(usize),
    Added(usize),
}

/// Compares two editions.
pub fn diff_editions(
    old: &Edition,
    new: &Edition,
    old_label: &str,
    new_label: &str,
    options: &Options,
) -> EditionDiff {
    let mut languages: Vec<String> = new.meta.value.languages.clone();
    for lang in &old.meta.value.languages {
        if !languages.contains(lang) {
            languages.push(lang.clone());
        }
    }
    if let Some(only) = &options.lang {
        languages.retain(|l| l == only);
    }
    let bytes = |edition: &Edition| -> usize {
        edition
            .sections
            .iter()
            .flat_map(|s| s.paragraphs.iter().map(|r| r.len()))
            .sum()
    };
    let budget = Budget::for_text(bytes(old) + bytes(new));
    let mut domains = Vec::new();
    for lang in &languages {
        domains.extend(diff_language(old, new, lang, &budget));
    }
    if let Some(only) = &options.domain {
        domains.retain(|d| &d.domain == only);
    }
    let mut stats = edition_stats(&domains, old, new, options.lang.as_deref());
    stats.coarse = budget.exhausted();
    let mut unreadable: Vec<UnreadableFile> = [(old, old_label), (new, new_label)]
        .iter()
        .flat_map(|(edition, label)| {
            edition
                .unreadable
                .iter()
                .filter(|u| options.lang.as_ref().is_none_or(|l| *l == u.lang))
                .map(move |u| UnreadableFile {
                    path: u.file.path.clone(),
                    side: label.to_string(),
                })
        })
        .collect();
    unreadable.dedup();
    let (lang, titles) = language_and_titles(old, new, &languages, options.lang.as_deref());
    EditionDiff {
        old: Side {
            label: old_label.to_string(),
            edition: old.meta.value.number,
        },
        new: Side {
            label: new_label.to_string(),
            edition: new.meta.value.number,
        },
        stats,
        domains,
        unreadable,
        lang,
        titles,
    }
}

/// The language a diff reads in (`only`, else the new edition's first, else the old
/// one's, else English) and the domains' titles in each of `languages`, the new edition's
/// winning.
pub fn language_and_titles(
    old: &Edition,
    new: &Edition,
    languages: &[String],
    only: Option<&str>,
) -> (String, BTreeMap<(String, String), String>) {
    let mut titles = BTreeMap::new();
    for lang in languages {
        for edition in [old, new] {
            for domain in &edition.catalog.domains.domains {
                if let Some(title) = domain.title.get(lang) {
                    // The new edition's title wins: it comes second.
                    titles.insert((lang.clone(), domain.slug.clone()), title.clone());
                }
            }
        }
    }
    let lang = only
        .map(str::to_string)
        .or_else(|| new.meta.value.languages.first().cloned())
        .or_else(|| old.meta.value.languages.first().cloned())
        .unwrap_or_else(|| "en".to_string());
    (lang, titles)
}

/// The diff of every domain of one language.
fn diff_language(old: &Edition, new: &Edition, lang: &str, budget: &Budget) -> Vec<DomainDiff> {
    // Counting the words of both editions is most of what is left once unchanged
    // domains are skipped: `diff` counts them as it loads each side, on two cores (see
    // `source::load_side`); they are counted here otherwise.
    let (old_sections, new_sections) = (by_domain(old, lang), by_domain(new, lang));
    let empty = Sections::default();
    let mut slugs: Vec<(usize, usize, &String)> = Vec::new();
    let mut seen: std::collections::HashSet<&String> = std::collections::HashSet::new();
    for slug in old_sections.keys().chain(new_sections.keys()) {
        if !seen.insert(slug) {
            continue;
        }
        let new_order = new_sections.get(slug).and_then(|s| s.order);
        let old_order = old_sections.get(slug).and_then(|s| s.order);
        // New catalog order first; domains gone from it keep their old position.
        let (rank, at) = match (new_order, old_order) {
            (Some(n), _) => (0, n),
            (None, Some(o)) => (1, o),
            (None, None) => (2, 0),
        };
        slugs.push((rank, at, slug));
    }
    slugs.sort();

    let mut aligned: Vec<Vec<Entry>> = Vec::new();
    // Per domain: whether its alignment ran out of budget.
    let mut coarse: Vec<bool> = Vec::new();
    let mut removed_pool: Vec<(usize, usize)> = Vec::new();
    let mut added_pool: Vec<(usize, usize)> = Vec::new();
    for (d, (_, _, slug)) in slugs.iter().enumerate() {
        let o = old_sections.get(*slug).unwrap_or(&empty);
        let n = new_sections.get(*slug).unwrap_or(&empty);
        // The same paragraphs, byte for byte: nothing to align.
        let coarse_before = budget.exhausted();
        let entries = if o.texts == n.texts {
            Vec::new()
        } else {
            align(o.paragraphs(), n.paragraphs(), budget)
        };
        coarse.push(budget.exhausted() && !coarse_before);
        for e in &entries {
            match e {
                Entry::Removed(i) => removed_pool.push((d, *i)),
                Entry::Added(j) => added_pool.push((d, *j)),
                Entry::Changed { .. } => {}
            }
        }
        aligned.push(entries);
    }

    // Moves, across all domains of the language.
    let removed_words: Vec<Vec<&str>> = removed_pool
        .iter()
        .map(|&(d, i)| old_sections[slugs[d].2].paragraphs()[i].clone())
        .collect();
    let added_words: Vec<Vec<&str>> = added_pool
        .iter()
        .map(|&(d, j)| new_sections[slugs[d].2].paragraphs()[j].clone())
        .collect();
    let moves_before = budget.exhausted();
    let found = moves::find_moves_within(&removed_words, &added_words, budget);
    // Moves are looked for across domains: running out there concerns them all.
    let moves_coarse = budget.exhausted() && !moves_before;
    // (domain, old index) -> move, (domain, new index) -> move
    let mut moved_out: BTreeMap<(usize, usize), &moves::Move> = BTreeMap::new();
    let mut moved_in: BTreeMap<(usize, usize), &moves::Move> = BTreeMap::new();
    for m in &found {
        moved_out.insert(removed_pool[m.removed], m);
        moved_in.insert(added_pool[m.added], m);
    }

    let mut result = Vec::new();
    for (d, entries) in aligned.into_iter().enumerate() {
        let slug = slugs[d].2;
        let o = old_sections.get(slug);
        let n = new_sections.get(slug);
        let os = o.unwrap_or(&empty);
        let ns = n.unwrap_or(&empty);
        let mut stats = Stats {
            words_before: os.words(),
            words_after: ns.words(),
            coarse: coarse[d] || moves_coarse,
            ..Stats::default()
        };
        let mut changes = Vec::new();
        for entry in entries {
            match entry {
                Entry::Changed {
                    old,
                    new,
                    words,
                    counts,
                } => {
                    stats.words_added += counts.inserted;
                    stats.words_removed += counts.deleted;
                    changes.push(Change::local(
                        ChangeKind::Changed,
                        Some(old),
                        Some(new),
                        words,
                    ));
                }
                Entry::Removed(i) => {
                    if let Some(m) = moved_out.get(&(d, i)) {
                        let (to, j) = added_pool[m.added];
                        // The words that travelled; those deleted on the way were
                        // removed from here, where they were.
                        stats.words_moved_out += m.counts.equal;
                        stats.words_removed += m.counts.deleted;
                        changes.push(Change::moved(
                            (i, slug.clone()),
                            (j, slugs[to].2.clone()),
                            Direction::Out,
                            m.words.clone(),
                        ));
                    } else {
                        stats.words_removed += os.paragraphs()[i].len();
                        changes.push(Change::local(
                            ChangeKind::Removed,
                            Some(i),
                            None,
                            whole(words::Op::Delete, &os.paragraphs()[i]),
                        ));
                    }
                }
                Entry::Added(j) => {
                    if let Some(m) = moved_in.get(&(d, j)) {
                        let (from, i) = removed_pool[m.removed];
                        // The words that travelled; those inserted on the way were
                        // added here, where they are.
                        stats.words_moved_in += m.counts.equal;
                        stats.words_added += m.counts.inserted;
                        changes.push(Change::moved(
                            (i, slugs[from].2.clone()),
                            (j, slug.clone()),
                            Direction::In,
                            m.words.clone(),
                        ));
                    } else {
                        stats.words_added += ns.paragraphs()[j].len();
                        changes.push(Change::local(
                            ChangeKind::Added,
                            None,
                            Some(j),
                            whole(words::Op::Insert, &ns.paragraphs()[j]),
                        ));
                    }
                }
            }
        }
        stats.proposals_added = ns.proposals.difference(&os.proposals).cloned().collect();
        stats.proposals_removed = os.proposals.difference(&ns.proposals).cloned().collect();
        stats.share_changed = share(
            stats.words_added + stats.words_removed + stats.words_moved_in + stats.words_moved_out,
            stats.words_before + stats.words_after,
        );
        let (front_matter, status_change) = match (o, n) {
            (Some(o), Some(n)) => {
                let change = FrontMatterChange {
                    proposals_added: stats.proposals_added.clone(),
                    proposals_removed: stats.proposals_removed.clone(),
                };
                let status = (o.status != n.status).then(|| StatusChange {
                    from: o.status.unwrap_or("-").to_string(),
                    to: n.status.unwrap_or("-").to_string(),
                });
                (
                    (change != FrontMatterChange::default()).then_some(change),
                    status,
                )
            }
            _ => (None, None),
        };
        let status = match (o, n) {
            (None, _) => DomainStatus::Added,
            (_, None) => DomainStatus::Removed,
            _ if changes.is_empty() && front_matter.is_none() => DomainStatus::Unchanged,
            _ => DomainStatus::Changed,
        };
        let title = [new, old]
            .iter()
            .find_map(|e| e.catalog.domain(slug).and_then(|d| d.title.get(lang)))
            .cloned();
        result.push(DomainDiff {
            domain: slug.clone(),
            title,
            lang: lang.to_string(),
            status,
            old_paths: os.paths.clone(),
            new_paths: ns.paths.clone(),
            stats,
            front_matter,
            status_change,
            signoff: None,
            changes,
        });
    }
    result
}

fn whole(op: words::Op, words: &[&str]) -> Vec<WordOp> {
    if words.is_empty() {
        return Vec::new();
    }
    vec![WordOp {
        op,
        text: words.join(" "),
    }]
}

fn share(changed: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        (changed as f64 / total as f64).min(1.0)
    }
}

/// Aligns the paragraphs of one domain: equal ones by content, then, in each run of
/// differing ones, pairs of similar paragraphs as changed.
fn align(old: &[Vec<&str>], new: &[Vec<&str>], budget: &Budget) -> Vec<Entry> {
    let deadline =
        (std::time::Instant::now() + std::time::Duration::from_millis(100)).min(budget.deadline());
    let old_keys: Vec<Hashed> = old.iter().map(|words| Hashed::new(words)).collect();
    let new_keys: Vec<Hashed> = new.iter().map(|words| Hashed::new(words)).collect();
    let ops =
        capture_diff_slices_deadline(Algorithm::Patience, &old_keys, &new_keys, Some(deadline));
    let mut entries = Vec::new();
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {}
            DiffTag::Delete => entries.extend(o.map(Entry::Removed)),
            DiffTag::Insert => entries.extend(n.map(Entry::Added)),
            DiffTag::Replace => pair_run(old, new, o, n, budget, &mut entries),
        }
    }
    entries
}

/// A paragraph as the alignment compares it: its words, and their hash computed once.
/// The diff's own hashing then hashes one number per paragraph instead of every word of
/// it, and two paragraphs are equal only when their words are (never on the hash alone,
/// so that no crafted collision can hide a change).
struct Hashed<'a> {
    hash: u64,
    words: &'a [&'a str],
}

impl<'a> Hashed<'a> {
    fn new(words: &'a [&'a str]) -> Self {
        use std::hash::{BuildHasher, Hasher};
        let mut hasher = foldhash::fast::FixedState::default().build_hasher();
        for word in words {
            hasher.write(word.as_bytes());
            hasher.write_u8(0xff);
        }
        Hashed {
            hash: hasher.finish(),
            words,
        }
    }
}

impl std::hash::Hash for Hashed<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl PartialEq for Hashed<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.words == other.words
    }
}

impl Eq for Hashed<'_> {}

/// The pairs `(old, new)` of paragraphs that one run of differing paragraphs holds, as
/// the diff pairs them ([`pair_run`]: in order, each pair at least
/// [`CHANGED_SIMILARITY`] alike or keeping its opening or ending). Paragraphs left out of every pair were removed or
/// added. `translate` uses it to tell an edited source paragraph from a removed one and
/// an added one.
pub fn pair_similar(old: &[Vec<&str>], new: &[Vec<&str>]) -> Vec<(usize, usize)> {
    let mut entries = Vec::new();
    // Bounded as a diff of these paragraphs is.
    let bytes: usize = old.iter().chain(new).flatten().map(|w| w.len() + 1).sum();
    let budget = budget::Budget::for_text(bytes);
    pair_run(old, new, 0..old.len(), 0..new.len(), &budget, &mut entries);
    entries
        .into_iter()
        .filter_map(|e| match e {
            Entry::Changed { old, new, .. } => Some((old, new)),
            _ => None,
        })
        .collect()
}

/// Pairs the old and new paragraphs of a run of differences, keeping their order, to
/// maximise the total similarity of the pairs (each at least [`CHANGED_SIMILARITY`], or
/// keeping its opening or ending).
/// A run is a few paragraphs: the pairs are few, and only those whose bags of words
/// overlap enough pay for a word diff.
fn pair_run(
    old: &[Vec<&str>],
    new: &[Vec<&str>],
    o: std::ops::Range<usize>,
    n: std::ops::Range<usize>,
    budget: &Budget,
    entries: &mut Vec<Entry>,
) {
    let (rows, cols) = (o.len(), n.len());
    // Comparing every old paragraph of the run with every new one reads each old one
    // `cols` times and each new one `rows` times.
    let old_words: usize = o.clone().map(|i| old[i].len()).sum();
    let new_words: usize = n.clone().map(|j| new[j].len()).sum();
    let cost = old_words
        .saturating_mul(cols)
        .saturating_add(new_words.saturating_mul(rows));
    // A run this large is a rewrite: leave it to removal, addition and move detection.
    if rows * cols > 10_000 || !budget.take(cost) {
        entries.extend(o.map(Entry::Removed));
        entries.extend(n.map(Entry::Added));
        return;
    }
    // The ordered ratio, for the pairs that keep their opening or ending and those whose
    // bags of words could reach the threshold (unrelated paragraphs of one report share
    // many function words: their bags overlap up to ~0.45, their ordered ratio stays
    // under ~0.3). A pair that may be paired scores its ratio (above 0), any other 0.
    // Only the counts are kept: the word diffs of the pairs chosen are made once they
    // are chosen.
    let mut sim = vec![0.0f64; rows * cols];
    for (a, i) in o.clone().enumerate() {
        for (b, j) in n.clone().enumerate() {
            let kept = keeps_opening_or_ending(&old[i], &new[j]);
            if !kept && bag_similarity(&old[i], &new[j]) < CHANGED_SIMILARITY {
                continue;
            }
            if let Some(counts) = count_words_within(&old[i], &new[j], budget) {
                let ratio = words::ratio(counts, old[i].len(), new[j].len());
                if kept || ratio >= CHANGED_SIMILARITY {
                    // A kept opening is at least one word in common: never 0.
                    sim[a * cols + b] = ratio.max(f64::EPSILON);
                }
            }
        }
    }
    // best[i][j]: best score pairing old[i..] with new[j..].
    let mut best = vec![0.0f64; (rows + 1) * (cols + 1)];
    let at = |i: usize, j: usize| i * (cols + 1) + j;
    for i in (0..rows).rev() {
        for j in (0..cols).rev() {
            let s = sim[i * cols + j];
            let pair = if s > 0.0 {
                s + best[at(i + 1, j + 1)]
            } else {
                f64::MIN
            };
            best[at(i, j)] = pair.max(best[at(i + 1, j)]).max(best[at(i, j + 1)]);
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < rows || j < cols {
        if i == rows {
            entries.push(Entry::Added(n.start + j));
            j += 1;
        } else if j == cols {
            entries.push(Entry::Removed(o.start + i));
            i += 1;
        } else {
            let s = sim[i * cols + j];
            if s > 0.0 && best[at(i, j)] == s + best[at(i + 1, j + 1)] {
                let (oi, nj) = (o.start + i, n.start + j);
                let (words, counts) = diff_words_within(&old[oi], &new[nj], budget);
                entries.push(Entry::Changed {
                    old: oi,
                    new: nj,
                    words,
                    counts,
                });
                i += 1;
                j += 1;
            } else if best[at(i, j)] == best[at(i + 1, j)] {
                entries.push(Entry::Removed(o.start + i));
                i += 1;
            } else {
                entries.push(Entry::Added(n.start + j));
                j += 1;
            }
        }
    }
}

/// Word figures summed over domains, and the share changed they give (moves between
/// domains are not changes of the whole).
pub fn sum_words(domains: &[DomainDiff]) -> Stats {
    let mut stats = Stats::default();
    for d in domains {
        stats.words_before += d.stats.words_before;
        stats.words_after += d.stats.words_after;
        stats.words_added += d.stats.words_added;
        stats.words_removed += d.stats.words_removed;
        stats.words_moved_in += d.stats.words_moved_in;
        stats.words_moved_out += d.stats.words_moved_out;
    }
    stats.share_changed = share(
        stats.words_added + stats.words_removed,
        stats.words_before + stats.words_after,
    );
    stats
}

/// Figures for the edition: sums over the domains shown, proposals over all sections.
fn edition_stats(
    domains: &[DomainDiff],
    old: &Edition,
    new: &Edition,
    lang: Option<&str>,
) -> Stats {
    let mut stats = sum_words(domains);
    let shown: std::collections::HashSet<&str> =
        domains.iter().map(|d| d.domain.as_str()).collect();
    let proposals = |edition: &Edition| -> BTreeSet<String> {
        edition
            .sections
            .iter()
            .filter(|s| lang.is_none_or(|l| s.lang == l))
            .filter(|s| s.domain().is_some_and(|d| shown.contains(d)))
            .filter_map(Section::front_matter)
            .flat_map(|f| f.proposals.iter().cloned())
            .collect()
    };
    let (before, after) = (proposals(old), proposals(new));
    stats.proposals_added = after.difference(&before).cloned().collect();
    stats.proposals_removed = before.difference(&after).cloned().collect();
    stats
}

/// One pair of editions to compare, with the labels to give them.
pub struct Pair<'a> {
    pub old: &'a Edition,
    pub new: &'a Edition,
    pub old_label: &'a str,
    pub new_label: &'a str,
}

/// Diffs many pairs of editions (a series of editions, every language) on `threads`
/// threads. The results come in the order of `pairs`.
pub fn diff_many(pairs: &[Pair<'_>], options: &Options, threads: usize) -> Vec<EditionDiff> {
    let threads = threads.clamp(1, pairs.len().max(1));
    let chunk = pairs.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = pairs
            .chunks(chunk)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|p| diff_editions(p.old, p.new, p.old_label, p.new_label, options))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(entries: &[Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| match e {
                Entry::Changed { old, new, .. } => format!("changed {old}>{new}"),
                Entry::Removed(i) => format!("removed {i}"),
                Entry::Added(j) => format!("added {j}"),
            })
            .collect()
    }

    #[test]
    fn similar_paragraphs_pair_as_changed_in_order() {
        let old = [
            split_words("un deux trois quatre cinq six sept huit"),
            split_words("alpha beta gamma delta epsilon zeta eta theta"),
            split_words("inchangé inchangé"),
        ];
        let new = [
            split_words("alpha beta gamma delta epsilon zeta eta iota"),
            split_words("inchangé inchangé"),
        ];
        assert_eq!(
            kinds(&align(&old, &new, &Budget::unlimited())),
            ["removed 0", "changed 1>0"]
        );
    }

    #[test]
    fn same_words_in_another_order_are_not_one_paragraph() {
        // The bags of words are identical; the texts are not.
        let old = [split_words("a b c d e f g h")];
        let new = [split_words("h g f e d c b a")];
        assert_eq!(
            kinds(&align(&old, &new, &Budget::unlimited())),
            ["removed 0", "added 0"]
        );
    }

    #[test]
    fn a_kept_opening_or_ending_pairs_a_rewrite_and_nothing_in_common_does_not() {
        let old = [split_words(
            "La coopération civilo-militaire a progressé nettement. a b c d e f g h i j k l m n",
        )];
        let opening = [split_words(
            "La coopération civilo-militaire a progressé nettement. o p q r s t u v w x y z",
        )];
        let ending = [split_words(
            "z y x w v u t s r q p o a b c d e f g h i j k l m n",
        )];
        let other = [split_words(
            "z y x w v u t s r q p o n m l k j i h g f e d c b",
        )];
        let budget = Budget::unlimited();
        assert_eq!(kinds(&align(&old, &opening, &budget)), ["changed 0>0"]);
        // No sentence to keep at the end: the last twelve words kept.
        assert_eq!(kinds(&align(&old, &ending, &budget)), ["changed 0>0"]);
        assert_eq!(
            kinds(&align(&old, &other, &budget)),
            ["removed 0", "added 0"]
        );
    }
}
