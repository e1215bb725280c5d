//! Benchmark (not a test): the consecutive diffs of a series of 11 editions in 24
//! languages, generated from the shipped edition, on 2 threads.
//!
//! Run: `cargo bench --bench diff_corpus`. Prints the corpus size and the time of the
//! diffs; see BENCHMARKS-diff.md.
//!
//! Each language is the shipped text with its words respelled by a per-language letter
//! rotation (so vocabularies differ as real languages do). Each edition is the previous
//! one with, in a deterministic pseudo-random way: about 2% of the words of a fifth of
//! the paragraphs changed, three paragraphs moved to another domain (one of them touched
//! up), two removed, three added, and a file renamed.

#![allow(clippy::print_stdout)]

use std::path::Path;
use std::time::Instant;

use rapporteur::diff::{Options, Pair, diff_many};
use rapporteur::load::{Edition, WorkTree, load_edition, parse_section};

const LANGUAGES: usize = 24;
const EDITIONS: usize = 11;
const THREADS: usize = 2;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One section as the generator edits it.
#[derive(Clone)]
struct Draft {
    name: String,
    front: String,
    paragraphs: Vec<Vec<String>>,
}

fn respell(word: &str, shift: u32) -> String {
    word.chars()
        .map(|c| match c {
            'a'..='z' => char::from(b'a' + ((c as u8 - b'a') as u32 + shift) as u8 % 26),
            _ => c,
        })
        .collect()
}

/// The next edition, and how many moves were planted (a move needs a source domain
/// with two paragraphs or more, and one to another place).
fn next_edition(drafts: &[Draft], rng: &mut Rng, vocabulary: &[String]) -> (Vec<Draft>, usize) {
    let mut next = drafts.to_vec();
    let total: usize = next.iter().map(|d| d.paragraphs.len()).sum();
    // Word changes.
    for _ in 0..total / 5 {
        let d = rng.below(next.len());
        if next[d].paragraphs.is_empty() {
            continue;
        }
        let p = rng.below(next[d].paragraphs.len());
        let para = &mut next[d].paragraphs[p];
        for _ in 0..(para.len() / 50).max(1) {
            let w = rng.below(para.len());
            para[w] = vocabulary[rng.below(vocabulary.len())].clone();
        }
    }
    // Moves, one touched up on the way.
    let mut planted = 0;
    for m in 0..3 {
        let from = rng.below(next.len());
        if next[from].paragraphs.len() < 2 {
            continue;
        }
        let p = rng.below(next[from].paragraphs.len());
        let mut para = next[from].paragraphs.remove(p);
        if m == 0 && para.len() > 20 {
            para[3] = vocabulary[rng.below(vocabulary.len())].clone();
        }
        let to = rng.below(next.len());
        let at = rng.below(next[to].paragraphs.len() + 1);
        if (to, at) != (from, p) {
            planted += 1;
        }
        next[to].paragraphs.insert(at, para);
    }
    // Removals and additions.
    for _ in 0..2 {
        let d = rng.below(next.len());
        if next[d].paragraphs.len() > 1 {
            let p = rng.below(next[d].paragraphs.len());
            next[d].paragraphs.remove(p);
        }
    }
    for _ in 0..3 {
        let d = rng.below(next.len());
        let len = 40 + rng.below(120);
        let para = (0..len)
            .map(|_| vocabulary[rng.below(vocabulary.len())].clone())
            .collect();
        let at = rng.below(next[d].paragraphs.len() + 1);
        next[d].paragraphs.insert(at, para);
    }
    // A renamed file.
    let d = rng.below(next.len());
    next[d].name = format!("{}-r.md", next[d].name.trim_end_matches(".md"));
    (next, planted)
}

fn to_edition(template: &Edition, lang: &str, number: u32, drafts: &[Draft]) -> Edition {
    let mut edition = template.clone();
    edition.meta.value.number = number;
    edition.meta.value.languages = vec![lang.to_string()];
    edition.sections = drafts
        .iter()
        .map(|d| {
            let body: Vec<String> = d.paragraphs.iter().map(|p| p.join(" ")).collect();
            let text = format!("{}{}\n", d.front, body.join("\n\n"));
            parse_section(&format!("drafts/{lang}/{}", d.name), lang, text)
        })
        .collect();
    edition
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped = load_edition(&WorkTree::new(root)).expect("the shipped edition loads");
    let base_lang = shipped.meta.value.languages[0].clone();

    let started = Instant::now();
    let mut series: Vec<Vec<Edition>> = Vec::new();
    let mut words = 0usize;
    let mut planted = 0usize;
    for l in 0..LANGUAGES {
        let lang = format!("l{l:02}");
        let mut drafts: Vec<Draft> = shipped
            .sections_in(&base_lang)
            .map(|s| {
                let name = s.file.path.rsplit('/').next().unwrap_or("x.md").to_string();
                let front = s.file.text
                    [..s.paragraphs.first().map_or(s.file.text.len(), |p| p.start)]
                    .to_string();
                let paragraphs = s
                    .paragraph_texts()
                    .map(|p| p.split_whitespace().map(|w| respell(w, l as u32)).collect())
                    .collect();
                Draft {
                    name,
                    front,
                    paragraphs,
                }
            })
            .collect();
        let vocabulary: Vec<String> = drafts
            .iter()
            .flat_map(|d| d.paragraphs.iter().flatten().cloned())
            .collect();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (l as u64 + 1));
        let mut editions = Vec::new();
        for e in 0..EDITIONS {
            let edition = to_edition(&shipped, &lang, e as u32 + 1, &drafts);
            words += edition
                .sections
                .iter()
                .flat_map(|s| s.paragraph_texts())
                .map(|p| p.split_whitespace().count())
                .sum::<usize>();
            editions.push(edition);
            if e + 1 < EDITIONS {
                let (next, moves) = next_edition(&drafts, &mut rng, &vocabulary);
                drafts = next;
                planted += moves;
            }
        }
        series.push(editions);
    }
    let generated = started.elapsed();

    let labels: Vec<String> = (1..=EDITIONS).map(|e| format!("edition-{e}")).collect();
    let pairs: Vec<Pair<'_>> = series
        .iter()
        .flat_map(|editions| {
            editions.windows(2).enumerate().map(|(i, w)| Pair {
                old: &w[0],
                new: &w[1],
                old_label: &labels[i],
                new_label: &labels[i + 1],
            })
        })
        .collect();

    let mut best = f64::MAX;
    let mut moved = 0;
    for _ in 0..5 {
        let started = Instant::now();
        let diffs = diff_many(&pairs, &Options::default(), THREADS);
        best = best.min(started.elapsed().as_secs_f64());
        moved = diffs
            .iter()
            .flat_map(|d| &d.domains)
            .flat_map(|d| &d.changes)
            .filter(|c| c.kind == rapporteur::diff::ChangeKind::Moved)
            .count()
            / 2;
    }
    println!(
        "corpus: {LANGUAGES} languages x {EDITIONS} editions = {} editions, {words} words, generated and parsed in {:.0} ms",
        LANGUAGES * EDITIONS,
        generated.as_secs_f64() * 1000.0
    );
    println!(
        "diff_corpus: {} consecutive diffs on {THREADS} threads: {:.0} ms (best of 5); {moved} moves found (planted: {}, of which a few are removed again in the same edition)",
        pairs.len(),
        best * 1000.0,
        planted
    );
}
