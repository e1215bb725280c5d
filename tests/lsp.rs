//! `rapporteur lsp` driven over stdio by a scripted JSON-RPC client, on copies of the
//! shipped edition: diagnostics as you type (the same as `check`), quick fixes, hover,
//! completion, definition, findings on files that are not open, and the protocol's answer
//! to everything that can go wrong.

mod common;
mod lsp_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::Workspace;
use lsp_support::{Client, uri};
use serde_json::{Value, json};

const CLIMATE: &str = "drafts/fr/04-climate-security.md";
const DIALOGUE: &str = "drafts/fr/01-political-dialogue.md";

fn open(client: &mut Client, ws: &Workspace, path: &str) -> String {
    let uri = uri(&ws.file(path));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": ws.read(path)}}),
    );
    uri
}

fn change(client: &mut Client, uri: &str, version: i32, changes: Value) {
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
    );
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Every file of the workspace, to show that the server wrote nothing.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The first line of the paragraph that starts with `start`, 0-based, and its text.
fn line_of(text: &str, start: &str) -> (u32, String) {
    let (i, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting with {start:?}"));
    (i as u32, line.to_string())
}

#[test]
fn a_drafting_session_over_stdio() {
    let ws = Workspace::shipped();
    let before = snapshot(ws.path());
    let mut client = Client::start(ws.path());
    let init = client.initialize(ws.path(), &["utf-16"]);
    let capabilities = &init["result"]["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16", "{init}");
    assert_eq!(capabilities["hoverProvider"], true);

    // Findings on files that are not open: the note on waived proposals, on report.yaml.
    let report = client.diagnostics_for(&uri(&ws.file("drafts/report.yaml")));
    assert!(codes(&report).contains(&"P004".to_string()), "{report:#?}");

    // Typing `à Kiev ` after « structuré » (an accented letter: one UTF-16 unit, two bytes).
    let uri = open(&mut client, &ws, CLIMATE);
    assert_eq!(client.diagnostics_for(&uri), Vec::<Value>::new());
    let (line, text) = line_of(&ws.read(CLIMATE), "Dans le cadre du dialogue structuré ");
    let column = "Dans le cadre du dialogue structuré ".chars().count() as u32;
    assert!(text.len() as u32 > column);
    change(
        &mut client,
        &uri,
        2,
        json!([{"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column}}, "text": "à Kiev "}]),
    );
    let found = client.diagnostics_for(&uri);
    assert_eq!(codes(&found), ["T001"], "{found:#?}");
    let t001 = &found[0];
    assert_eq!(
        t001["range"],
        json!({"start": {"line": line, "character": column + 2}, "end": {"line": line, "character": column + 6}})
    );
    assert_eq!(t001["severity"], 1);
    assert_eq!(t001["source"], "rapporteur");
    assert_eq!(t001["codeDescription"]["href"], "rapporteur-rule:T001");
    assert!(
        t001["message"]
            .as_str()
            .unwrap()
            .starts_with("`Kiev` is a variant of `Kyïv`"),
        "{t001}"
    );

    // The same finding as `check` gives once the buffer is saved.
    std::fs::write(
        ws.file(CLIMATE),
        ws.read(CLIMATE)
            .replacen("structuré ", "structuré à Kiev ", 1),
    )
    .unwrap();
    let check = common::json_diagnostics(&ws.run(&["check", "--format", "json", CLIMATE]));
    assert_eq!(check.len(), 1);
    assert_eq!(check[0]["code"], "T001");
    assert_eq!(check[0]["line"], line + 1);
    assert_eq!(
        check[0]["message"],
        t001["message"].as_str().unwrap().lines().next().unwrap()
    );
    std::fs::write(ws.file(CLIMATE), &before[&ws.file(CLIMATE)]).unwrap();

    // The quick fix: the edit `check --fix` makes.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": t001["range"], "context": {"diagnostics": [t001]}}),
    );
    let actions = actions["result"].as_array().unwrap().clone();
    let quick = actions
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .expect("a quick fix");
    assert_eq!(quick["diagnostics"][0]["code"], "T001");
    let edits = &quick["edit"]["changes"][&uri];
    assert_eq!(edits, &json!([{"range": t001["range"], "newText": "Kyïv"}]));
    // "Allow T001 here": the allow comment on the line above the paragraph, its reason
    // to fill in.
    let allow = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Allow T001 here"))
        .expect("an allow action");
    let paragraph_line = line;
    assert_eq!(
        allow["edit"]["changes"][&uri],
        json!([{"range": {"start": {"line": paragraph_line, "character": 0}, "end": {"line": paragraph_line, "character": 0}}, "newText": "<!-- rapporteur-allow T001: … -->\n"}])
    );
    let fix_all = actions
        .iter()
        .find(|a| a["kind"] == "source.fixAll.rapporteur")
        .expect("fix all in this file");
    // One edit over the part that changes (`iev` of `Kiev` → `yïv`: the letters around stay).
    let edit = &fix_all["edit"]["changes"][&uri][0];
    let start = edit["range"]["start"]["character"].as_u64().unwrap() as usize;
    let end = edit["range"]["end"]["character"].as_u64().unwrap() as usize;
    let typed: Vec<u16> = format!(
        "{}à Kiev {}",
        &text[..text.find("structuré ").unwrap() + "structuré ".len()],
        &text[text.find("structuré ").unwrap() + "structuré ".len()..]
    )
    .encode_utf16()
    .collect();
    let mut fixed = typed[..start].to_vec();
    fixed.extend(edit["newText"].as_str().unwrap().encode_utf16());
    fixed.extend(&typed[end..]);
    assert_eq!(
        String::from_utf16(&fixed).unwrap(),
        text.replacen("structuré ", "structuré à Kyïv ", 1)
    );

    // Hover: an acronym, with its other language; a rule behind a finding.
    let dialogue = open(&mut client, &ws, DIALOGUE);
    let (line, text) = line_of(&ws.read(DIALOGUE), "Le dialogue politique");
    let otan = text.find("OTAN").unwrap() as u32 + 1;
    let hover = client.request("textDocument/hover", at(&dialogue, line, otan));
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        shown.contains("Organisation du Traité de l'Atlantique Nord") && shown.contains("NATO"),
        "{hover}"
    );
    let hover = client.request(
        "textDocument/hover",
        at(
            &uri,
            t001["range"]["start"]["line"].as_u64().unwrap() as u32,
            column + 3,
        ),
    );
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        shown.contains("T001 forbidden-variant") && shown.contains("Kyïv"),
        "{hover}"
    );

    // Completion after `proposals: [`, and hover and definition of what it offers.
    let items = client.request("textDocument/completion", at(&uri, 2, 12));
    let items = items["result"].as_array().expect("a list of items").clone();
    let first = items
        .iter()
        .find(|i| i["label"] == "2017-01")
        .expect("2017-01 offered");
    assert!(
        first["detail"].as_str().unwrap().contains("hybrid"),
        "the title: {first}"
    );
    assert!(
        items.iter().find(|i| i["label"] == "2016-01").unwrap()["detail"]
            .as_str()
            .unwrap()
            .starts_with("(waived)")
    );
    let domains = client.request("textDocument/completion", at(&uri, 1, 8));
    let domains = domains["result"].as_array().unwrap();
    assert!(domains.iter().any(|i| i["label"] == "cyber"), "{domains:?}");
    let statuses = client.request("textDocument/completion", at(&uri, 3, 8));
    let labels: Vec<&str> = statuses["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["draft", "review", "final"]);

    let dialogue_front = line_of(&ws.read(DIALOGUE), "proposals:").0;
    let definition = client.request("textDocument/definition", at(&dialogue, dialogue_front, 13));
    assert_eq!(
        definition["result"]["uri"],
        lsp_support::uri(&ws.file("schemas/proposals.yaml"))
    );
    let target_line = definition["result"]["range"]["start"]["line"]
        .as_u64()
        .unwrap() as usize;
    let registry = ws.read("schemas/proposals.yaml");
    assert!(
        registry
            .lines()
            .nth(target_line)
            .unwrap()
            .contains("2017-04"),
        "{definition}"
    );
    let hover = client.request("textDocument/hover", at(&dialogue, dialogue_front, 13));
    let shown = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        shown.contains("Proposal 2017-04") && shown.contains("set 2017"),
        "{shown}"
    );

    // An acronym's definition is its termbase entry.
    let definition = client.request("textDocument/definition", at(&dialogue, line, otan));
    assert_eq!(
        definition["result"]["uri"],
        lsp_support::uri(&ws.file("schemas/terminology.yaml"))
    );
    let target_line = definition["result"]["range"]["start"]["line"]
        .as_u64()
        .unwrap() as usize;
    assert_eq!(
        ws.read("schemas/terminology.yaml")
            .lines()
            .nth(target_line)
            .unwrap()
            .trim(),
        "- acronym: OTAN"
    );
    // A waived proposal in drafts/report.yaml: no text, and the waiver's reason in the
    // edition's language.
    let report = lsp_support::uri(&ws.file("drafts/report.yaml"));
    let waiver = line_of(&ws.read("drafts/report.yaml"), "  \"2016-03\":").0;
    let hover = client.request("textDocument/hover", at(&report, waiver, 4));
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        shown.contains("Proposal 2016-03")
            && shown.contains("not in the registry")
            && shown.contains("waived for this edition: texte non encore inscrit au registre"),
        "{hover}"
    );

    // Undoing the edit clears the finding.
    change(
        &mut client,
        &uri,
        3,
        json!([{"text": String::from_utf8(before[&ws.file(CLIMATE)].clone()).unwrap()}]),
    );
    assert_eq!(client.diagnostics_for(&uri), Vec::<Value>::new());

    let status = client.shutdown();
    assert!(status.success(), "{status:?}");
    assert_eq!(snapshot(ws.path()), before, "the server wrote nothing");
}

#[test]
fn rules_across_files_follow_the_edits_and_files_not_open_are_published() {
    let ws = Workspace::shipped();
    let mut client = Client::start(ws.path());
    client.initialize(ws.path(), &["utf-8", "utf-16"]);
    let intro = open(&mut client, &ws, "drafts/fr/00-introduction.md");
    client.diagnostics_for(&intro);

    // A paragraph of section 5 copied into the introduction: the copy comes first in
    // reading order, so section 5 (not open) holds the duplicate.
    let strategic = ws.read("drafts/fr/05-strategic-communications.md");
    let (_, paragraph) = line_of(&strategic, "Les services de l'UE et l'OTAN");
    let intro_text = ws.read("drafts/fr/00-introduction.md");
    change(
        &mut client,
        &intro,
        2,
        json!([{"text": format!("{intro_text}\n{paragraph}\n")}]),
    );
    let other = uri(&ws.file("drafts/fr/05-strategic-communications.md"));
    client.diagnostics_for(&intro);
    let found = client.diagnostics_for(&other);
    assert_eq!(codes(&found), ["B002"], "{found:#?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("drafts/fr/00-introduction.md")
    );

    // An acronym used before the place where it is spelled out, in another file.
    change(
        &mut client,
        &intro,
        3,
        json!([{"text": intro_text.replacen("continuent", "et l'AED continuent", 1)}]),
    );
    // The duplicate is gone: section 5 gets an empty list.
    assert_eq!(client.diagnostics_for(&other), Vec::<Value>::new());
    let found = client.diagnostics_for(&intro);
    assert_eq!(codes(&found), ["T002"], "{found:#?}");
    // UTF-8 was offered: columns count bytes.
    let line = intro_text
        .lines()
        .position(|l| l.contains("continuent"))
        .unwrap();
    let column = intro_text
        .lines()
        .nth(line)
        .unwrap()
        .find("continuent")
        .unwrap()
        + "et l'".len();
    assert_eq!(
        found[0]["range"]["start"],
        json!({"line": line, "character": column})
    );
    assert!(client.shutdown().success());
}

#[test]
fn a_broken_catalog_is_a_finding_and_the_last_good_edition_stays() {
    let ws = Workspace::shipped();
    let mut client = Client::start(ws.path());
    client.initialize(ws.path(), &[]);
    let terms = open(&mut client, &ws, "schemas/terminology.yaml");
    let climate = open(&mut client, &ws, CLIMATE);
    client.diagnostics_for(&climate);

    // Broken YAML in the termbase, mid-edit.
    assert_eq!(client.diagnostics_for(&terms), Vec::<Value>::new());
    let text = ws.read("schemas/terminology.yaml");
    change(
        &mut client,
        &terms,
        2,
        json!([{"text": text.replacen("\n    acronyms:\n", "\n    acronyms: [\n", 1)}]),
    );
    let found = client.diagnostics_for(&terms);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("not valid YAML"),
        "{found:#?}"
    );
    // The rest goes on with the termbase that last loaded.
    let body = ws.read(CLIMATE);
    change(
        &mut client,
        &climate,
        2,
        json!([{"text": body.replacen("structuré", "structuré à Kiev", 1)}]),
    );
    assert_eq!(codes(&client.diagnostics_for(&climate)), ["T001"]);

    // Repaired, with a change that matters: `Kiev` is now allowed.
    let repaired = text.replacen(
        "variants: [Kiev, Kyiv, Kiyv, Kyjiv]",
        "variants: [Kyiv, Kiyv, Kyjiv]",
        1,
    );
    assert_ne!(repaired, text);
    change(&mut client, &terms, 3, json!([{"text": repaired}]));
    assert_eq!(client.diagnostics_for(&terms), Vec::<Value>::new());
    assert_eq!(client.diagnostics_for(&climate), Vec::<Value>::new());
    assert!(client.shutdown().success());
}

#[test]
fn every_bad_message_gets_the_protocols_answer_and_the_server_goes_on() {
    let ws = Workspace::shipped();
    let mut client = Client::start(ws.path());

    // Before `initialize`.
    let early = client.request("textDocument/hover", at("file:///x.md", 0, 0));
    assert_eq!(early["error"]["code"], -32002, "{early}");

    client.initialize(ws.path(), &[]);

    // Not JSON; JSON but not a message; an unknown request; an unknown notification.
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let answer = client.wait_for(|m| m.get("error").is_some() && m["id"].is_null());
    assert_eq!(answer["error"]["code"], -32700, "{answer}");
    client.send(&json!({"jsonrpc": "2.0", "id": 77, "params": {}}));
    let answer = client.wait_for(|m| m["id"] == 77);
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    let answer = client.request("workspace/symbol", json!({"query": "x"}));
    assert_eq!(answer["error"]["code"], -32601, "{answer}");
    client.notify("$/unknownNotification", json!({}));
    client.notify("textDocument/didOpen", json!({"wrong": true}));
    let answer = client.request("textDocument/hover", json!({"wrong": true}));
    assert_eq!(answer["error"]["code"], -32602, "{answer}");

    // A document outside the workspace: no answer about it, and nothing read.
    let outside = tempfile::tempdir().unwrap();
    let stray = outside.path().join("notes.md");
    std::fs::write(&stray, "---\ndomain: cyber\n---\nKiev.\n").unwrap();
    let stray = uri(&stray);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": stray, "languageId": "markdown", "version": 1, "text": "Kiev"}}),
    );
    let answer = client.request("textDocument/hover", at(&stray, 0, 1));
    assert_eq!(answer["result"], Value::Null, "{answer}");
    let answer = client.request("textDocument/completion", at(&stray, 0, 1));
    assert_eq!(answer["result"], Value::Null, "{answer}");

    // A section deleted on disk while open: the buffer stands until it is closed; then the
    // domain is missing.
    let space = open(&mut client, &ws, "drafts/fr/11-space.md");
    client.diagnostics_for(&space);
    std::fs::remove_file(ws.file("drafts/fr/11-space.md")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": space, "type": 3}]}),
    );
    let hover = client.request("textDocument/hover", at(&space, 1, 9));
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("space")
    );
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": space}}),
    );
    let report = uri(&ws.file("drafts/report.yaml"));
    client.wait_for(|m| {
        m["params"]["uri"] == report
            && m["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["code"] == "S006" && d["message"].as_str().unwrap().contains("`space`"))
    });

    // After `shutdown`, requests are refused; `exit` ends the process with 0.
    let answer = client.request("shutdown", Value::Null);
    assert_eq!(answer["result"], Value::Null);
    let answer = client.request("textDocument/hover", at(&space, 0, 0));
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    client.notify("exit", Value::Null);
    assert!(client.wait_exit().success());
}

#[test]
fn exit_without_shutdown_is_a_failure() {
    let ws = Workspace::shipped();
    let mut client = Client::start(ws.path());
    client.initialize(ws.path(), &[]);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit().code(), Some(1));
}
