//! `rapporteur import` on real extracted text: the 11th report as pdftotext gives it
//! (hard-wrapped, CRLF, page numbers, running headers, form feeds) comes back whole.

mod common;

use common::*;

/// The seed as a PDF extraction would give it: wrapped at about 90 columns, CRLF line
/// ends, and every ~45 lines a page break: page number, form feed, running header.
fn pdftotext_style(seed: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in seed.lines() {
        if line.is_empty() {
            lines.push(String::new());
            continue;
        }
        let mut current = String::new();
        for word in line.split(' ') {
            if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > 90 {
                lines.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        lines.push(current);
    }
    let mut out = String::new();
    let mut page = 1;
    for (i, line) in lines.iter().enumerate() {
        let at_break = i % 45 == 44;
        // A break between two paragraphs has the blank line after the page's furniture,
        // as when a new paragraph starts a page (text right after it continues).
        if at_break && line.is_empty() {
            out.push_str(&format!("{page}\r\n\u{c}Rapport d'étape UE-OTAN 2026\r\n"));
            page += 1;
        }
        out.push_str(line);
        out.push_str("\r\n");
        if at_break && !line.is_empty() {
            out.push_str(&format!("{page}\r\n\u{c}Rapport d'étape UE-OTAN 2026\r\n"));
            page += 1;
        }
    }
    out
}

#[test]
fn the_generated_extraction_really_has_the_artefacts() {
    let text = pdftotext_style(&seed_text());
    assert!(text.contains("\r\n"));
    assert!(text.matches('\u{c}').count() >= 5, "several page breaks");
    assert!(
        text.lines()
            .all(|l| l.chars().count() <= 92 || !l.contains(' '))
    );
    // A break falls inside a paragraph, not only between paragraphs.
    let inside = text.split('\u{c}').skip(1).any(|page| {
        page.lines()
            .nth(1)
            .is_some_and(|l| l.chars().next().is_some_and(char::is_lowercase))
    });
    assert!(inside, "at least one page break cuts a paragraph");
}

#[test]
fn import_over_emptied_sections_gives_back_every_paragraph() {
    let ws = Workspace::shipped();
    // Empty every section's body, keep the front matter.
    let fr = ws.file("drafts/fr");
    let mut fronts = Vec::new();
    for entry in std::fs::read_dir(&fr).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let end = text[4..].find("\n---\n").unwrap() + 4 + 5;
        std::fs::write(&path, &text[..end]).unwrap();
        fronts.push((path, text[..end].to_string()));
    }
    ws.write("extracted.txt", pdftotext_style(&seed_text()));

    let out = ws.run(&[
        "import",
        "extracted.txt",
        "--lang",
        "fr",
        "--into",
        "drafts",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("21 updated"), "{}", stderr(&out));

    // Front matter kept byte for byte.
    for (path, front) in &fronts {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.starts_with(front.as_str()), "{}", path.display());
    }
    // Every paragraph is back in the section files, exactly as published.
    let seed = seed_paragraphs();
    let mut imported = Vec::new();
    for (path, front) in &fronts {
        let text = std::fs::read_to_string(path).unwrap();
        for paragraph in text[front.len()..]
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
        {
            imported.push(rapporteur::markdown::to_plain(paragraph.trim_end()));
        }
    }
    assert_eq!(imported.len(), 76, "96 less the title and 19 headings");
    // The import brings the typography to the house style (no-break spaces).
    let seed_spaced: Vec<String> = seed.iter().map(|p| normalise_spaces(p)).collect();
    for paragraph in &imported {
        assert!(
            seed_spaced.contains(&normalise_spaces(paragraph)),
            "not in the seed: {paragraph}"
        );
    }

    // The house style's no-break spaces are the only difference `check --fix` makes;
    // then the edition builds back to the published text.
    let out = ws.run(&["check", "--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = ws.run(&["build", "--format", "txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let built: Vec<String> = paragraphs(&stdout(&out))
        .iter()
        .map(|p| normalise_spaces(p))
        .collect();
    let published: Vec<String> = seed.iter().map(|p| normalise_spaces(p)).collect();
    assert!(
        built == published,
        "the build differs from the published text"
    );
}

/// No-break spaces as plain spaces, and the stray space before a full stop that the
/// published text has (« points névralgiques » .) and the house style removes.
fn normalise_spaces(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
        .replace("» .", "».")
}

#[test]
fn import_into_an_empty_folder_creates_one_file_per_domain() {
    let ws = Workspace::shipped();
    std::fs::remove_dir_all(ws.file("drafts/fr")).unwrap();
    ws.write("seed.txt", seed_text());
    let out = ws.run(&["import", "seed.txt", "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut names: Vec<String> = std::fs::read_dir(ws.file("drafts/fr"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 21);
    assert_eq!(names[0], "00-introduction.md");
    assert_eq!(names[11], "11-space.md");
    assert_eq!(names[20], "20-closing.md");
    let space = ws.read("drafts/fr/11-space.md");
    assert!(space.starts_with(
        "---\ndomain: space\nproposals: []\nstatus: draft\n---\nDans ce domaine également"
    ));
    // The superscript ordinal of the plain text becomes markup.
    assert!(
        ws.read("drafts/fr/16-operational-cooperation-maritime.md")
            .contains("la 24^e^ conférence")
    );
}

#[test]
fn import_of_invalid_utf8_is_one_clear_error() {
    let ws = Workspace::shipped();
    ws.write("bad.txt", b"Dialogue politique\n\nLe caf\xe9.\n");
    let before = ws.read("drafts/fr/01-political-dialogue.md");
    let out = ws.run(&["import", "bad.txt", "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("bad.txt:3:7: invalid UTF-8"), "{err}");
    assert_eq!(
        ws.read("drafts/fr/01-political-dialogue.md"),
        before,
        "nothing written"
    );
}

#[test]
fn import_of_a_huge_file_is_refused_before_reading_it() {
    let ws = Workspace::shipped();
    let big = std::fs::File::create(ws.file("big.txt")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap();
    let before = ws.read("drafts/fr/01-political-dialogue.md");
    let out = ws.run(&["import", "big.txt", "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("104857600 bytes"), "{}", stderr(&out));
    assert_eq!(
        ws.read("drafts/fr/01-political-dialogue.md"),
        before,
        "nothing written"
    );
}

/// Wraps one paragraph at 90 columns.
fn wrap(paragraph: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in paragraph.split(' ') {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > 90 {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    lines.push(current);
    lines
}

/// Point 7 of issue 9: in hard-wrapped text, a page break followed by text with no blank
/// line continues the paragraph, whether the page ends mid-sentence or on a full stop;
/// a blank line after the page's furniture starts a new paragraph.
#[test]
fn page_breaks_inside_paragraphs_continue_them_even_at_a_sentence_end() {
    let header = "Rapport d'étape UE-OTAN 2026";
    // As pdftotext gives it: a blank line sets the page number apart from the text above
    // it, then the form feed and the next page's running header.
    let furniture = |page: usize| format!("\r\n\r\n{page}\r\n\u{c}{header}\r\n");
    let seed: Vec<String> = seed_text().lines().map(str::to_string).collect();
    let mut out = format!("{header}\r\n");
    let mut page = 1;
    let (mut at_sentence_end, mut mid_sentence, mut between) = (0, 0, 0);
    for (i, line) in seed.iter().enumerate() {
        if line.is_empty() {
            out.push_str("\r\n");
            continue;
        }
        // Every fifth paragraph of several sentences: a page ends on its first full stop.
        let sentence_end = line
            .find(". ")
            .filter(|&cut| i % 5 == 0 && line[cut + 2..].starts_with(char::is_uppercase));
        if let Some(cut) = sentence_end {
            out.push_str(&wrap(&line[..cut + 1]).join("\r\n"));
            // Text right after the furniture, no blank line: the paragraph goes on.
            out.push_str(&furniture(page));
            out.push_str(&wrap(&line[cut + 2..]).join("\r\n"));
            out.push_str("\r\n");
            page += 1;
            at_sentence_end += 1;
            continue;
        }
        let lines = wrap(line);
        if i % 5 == 1 && lines.len() > 1 {
            // A page ends mid-sentence.
            out.push_str(&lines[0]);
            out.push_str(&furniture(page));
            out.push_str(&lines[1..].join("\r\n"));
            out.push_str("\r\n");
            page += 1;
            mid_sentence += 1;
            continue;
        }
        out.push_str(&lines.join("\r\n"));
        out.push_str("\r\n");
        if i % 5 == 2 && seed.get(i + 1).is_some_and(|l| l.is_empty()) {
            // A page ends with the paragraph: the next page starts with a blank line
            // after its header, and a new paragraph.
            out.push_str(&furniture(page));
            page += 1;
            between += 1;
        }
    }
    assert!(
        at_sentence_end >= 3 && mid_sentence >= 3 && between >= 3,
        "{at_sentence_end} {mid_sentence} {between}"
    );

    let ws = Workspace::shipped();
    // Keep each section's front matter (its proposals), empty its body.
    for entry in std::fs::read_dir(ws.file("drafts/fr")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let end = text[4..].find("\n---\n").unwrap() + 4 + 5;
        std::fs::write(&path, &text[..end]).unwrap();
    }
    ws.write("extracted.txt", &out);
    let result = ws.run(&["import", "extracted.txt", "--lang", "fr"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let fixed = ws.run(&["check", "--fix", "--format", "json"]);
    let errors: Vec<String> = json_diagnostics(&fixed)
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| format!("{} {}:{} {}", d["code"], d["path"], d["line"], d["message"]))
        .collect();
    assert_eq!(fixed.status.code(), Some(0), "{errors:#?}");
    let built = ws.run(&["build", "--format", "txt"]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let built: Vec<String> = paragraphs(&stdout(&built))
        .iter()
        .map(|p| normalise_spaces(p))
        .collect();
    let published: Vec<String> = seed_paragraphs()
        .iter()
        .map(|p| normalise_spaces(p))
        .collect();
    assert_eq!(built, published, "from:\n{out}");
}
