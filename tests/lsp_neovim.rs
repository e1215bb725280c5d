//! `rapporteur lsp` in a real editor: Neovim's built-in LSP client, headless, on a copy
//! of the shipped edition (tests/fixtures/neovim/drafting.lua). Typing `Kiev` into a
//! section raises T001 at its line and column, the quick fix puts `Kyïv` in its place,
//! hovering `OTAN` shows its expansion, completion after `proposals: [` offers `2017-01`
//! with its title.

mod common;

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Workspace, repo_root, tool};

/// The whole session; Neovim's own waits are shorter.
const TIMEOUT: Duration = Duration::from_secs(90);

#[test]
fn a_drafter_in_neovim() {
    let Some(nvim) = tool("nvim", "apt-get install -y neovim") else {
        return;
    };
    let ws = Workspace::shipped();
    let script = repo_root().join("tests/fixtures/neovim/drafting.lua");
    let mut child = Command::new(nvim)
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(ws.path())
        .env("RAPPORTEUR", env!("CARGO_BIN_EXE_rapporteur"))
        .env("WORKSPACE", ws.path())
        .env("XDG_STATE_HOME", ws.path().join(".nvim-state"))
        .env("XDG_DATA_HOME", ws.path().join(".nvim-data"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nvim");
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Neovim did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let results = std::fs::read_to_string(ws.file("nvim-result.txt")).unwrap_or_default();
    let got: BTreeMap<&str, &str> = results.lines().filter_map(|l| l.split_once('\t')).collect();
    assert!(status.success(), "{status:?}\n{results}");
    let get = |key: &str| {
        *got.get(key)
            .unwrap_or_else(|| panic!("no {key}:\n{results}"))
    };

    // T001 on the line typed (6th, 1-based), at the column of `Kiev` (in bytes, as Neovim
    // counts), ending four letters later.
    let expected_col: usize = get("expected_col").parse().unwrap();
    assert_eq!(
        get("diagnostic"),
        format!("T001 6 {expected_col} {}", expected_col + 4),
        "{results}"
    );
    assert_eq!(get("diagnostic_text"), "Kiev");
    assert!(
        get("message").starts_with("`Kiev` is a variant of `Kyïv`"),
        "{results}"
    );
    assert!(get("quickfix").contains("Kyïv"), "{results}");
    assert_eq!(get("fixed"), "structuré à Kyïv ");
    assert_eq!(get("after_fix"), "0");
    assert!(
        get("hover").contains("Organisation du Traité de l'Atlantique Nord"),
        "{results}"
    );
    // The title as the registry gives it (in English: no French text is known).
    assert!(
        get("completion").starts_with("2017-01 Intensify relations among actors at staff level"),
        "{results}"
    );
    assert_eq!(get("stopped"), "true");
}
