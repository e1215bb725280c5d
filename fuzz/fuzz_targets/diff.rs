//! The diff of two arbitrary editions: the input is split at its first 0xFF byte (never
//! in UTF-8) into the old and the new text, each cut in two section bodies of a small
//! edition (so that paragraphs move between sections). Nothing may panic; the word counts
//! must add up; every renderer runs.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use rapporteur::diff::{Options, diff_editions, render};

fn side(body: &[u8], split: usize) -> common::MemTree {
    let (a, b) = body.split_at(split.min(body.len()));
    let file = |domain: &str, part: &[u8]| {
        let mut text = format!("---\ndomain: {domain}\nstatus: draft\n---\n").into_bytes();
        text.extend_from_slice(part);
        text
    };
    common::small_tree(&[
        ("drafts/fr/03-resilience.md", &file("resilience", a)),
        ("drafts/fr/08-cyber.md", &file("cyber", b)),
    ])
}

fuzz_target!(|data: &[u8]| {
    let (old, new) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &data[..0]),
    };
    let old = common::load(&side(old, old.len() / 2));
    let new = common::load(&side(new, new.len() / 3));
    let diff = diff_editions(&old, &new, "old", "new", &Options::default());
    let words = |e: &rapporteur::load::Edition| -> usize {
        e.sections
            .iter()
            .flat_map(|s| s.paragraph_texts())
            .map(|p| p.split_whitespace().count())
            .sum()
    };
    assert_eq!(diff.stats.words_before, words(&old));
    assert_eq!(diff.stats.words_after, words(&new));
    let _ = render::term::render(&diff, false, 80);
    let _ = render::md::render(&diff);
    let _ = render::html::render(&diff);
    serde_json::to_string(&diff).expect("the diff serializes");
});
