//! Reading an edition from git without a checkout: a tag's tree and the index, in a real
//! repository made in a temporary folder.

mod common;

use common::*;
use rapporteur::load::{GitTree, Tree, load_edition};

#[test]
fn reads_a_tag_and_the_index_not_the_work_tree() {
    let ws = Workspace::shipped();
    let dir = ws.path();
    git(dir, &["init", "-q"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "edition 11"]);
    git(dir, &["tag", "edition-11"]);

    // Stage a change, then change the work tree again.
    let space = "drafts/fr/11-space.md";
    let original = ws.read(space);
    ws.write(
        space,
        original.replace("Dans ce domaine également", "Staged text"),
    );
    git(dir, &["add", space]);
    ws.write(
        space,
        original.replace("Dans ce domaine également", "Work tree text"),
    );

    let tag = GitTree::revision(dir, "edition-11").unwrap();
    let index = GitTree::index(dir).unwrap();
    let read = |tree: &dyn Tree| String::from_utf8(tree.read(space).unwrap().unwrap()).unwrap();
    assert!(read(&tag).contains("Dans ce domaine également"));
    assert!(read(&index).contains("Staged text"));
    assert_eq!(tag.list("drafts/fr").unwrap().len(), 21);
    assert_eq!(index.list("drafts/fr").unwrap().len(), 21);
    assert_eq!(tag.read("drafts/fr/none.md").unwrap(), None);

    let edition = load_edition(&tag).unwrap();
    assert_eq!(edition.sections.len(), 21);
    assert_eq!(edition.meta.value.number, 11);

    let err = GitTree::revision(dir, "edition-99")
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("unknown revision `edition-99`"), "{err}");
}

#[test]
fn a_workspace_in_a_subfolder_of_the_repository() {
    let repo = tempfile::tempdir().unwrap();
    let sub = repo.path().join("report");
    copy_shipped(&sub);
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "init"]);
    let head = GitTree::revision(&sub, "HEAD").unwrap();
    assert!(head.read("drafts/report.yaml").unwrap().is_some());
    assert_eq!(load_edition(&head).unwrap().sections.len(), 21);
}
