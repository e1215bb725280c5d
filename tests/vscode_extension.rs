//! The VS Code extension in editors/vscode/: its manifest is a valid extension manifest
//! that starts from `extension.js` in a report repository, and the script is valid
//! JavaScript for Node.js (`node --check`).

mod common;

use common::{repo_root, tool};

#[test]
fn the_manifest_names_its_entry_point_and_when_to_start() {
    let dir = repo_root().join("editors/vscode");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("package.json")).unwrap())
            .expect("package.json is JSON");
    for key in ["name", "publisher", "version", "main"] {
        assert!(manifest[key].is_string(), "{key} in {manifest}");
    }
    assert!(manifest["engines"]["vscode"].is_string());
    let main = manifest["main"].as_str().unwrap();
    assert!(dir.join(main).is_file(), "{main} exists");
    assert_eq!(
        manifest["activationEvents"][0],
        "workspaceContains:drafts/report.yaml"
    );
    assert!(manifest["dependencies"]["vscode-languageclient"].is_string());
    assert_eq!(
        manifest["contributes"]["configuration"]["properties"]["rapporteur.path"]["default"],
        "rapporteur"
    );
    // The client starts the server as the README says, and opens the rule links the
    // server gives its findings.
    let script = std::fs::read_to_string(dir.join(main)).unwrap();
    assert!(script.contains("args: ['lsp']"));
    assert!(script.contains("'rapporteur-rule'"));
}

#[test]
fn the_script_is_valid_javascript() {
    let Some(node) = tool("node", "apt-get install -y nodejs") else {
        return;
    };
    let script = repo_root().join("editors/vscode/extension.js");
    let out = std::process::Command::new(node)
        .arg("--check")
        .arg(&script)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
