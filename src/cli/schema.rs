//! `rapporteur schema`.

use std::path::Path;

use rapporteur::Result;
use rapporteur::load::{Tree, WorkTree, find_root, load_catalog};
use rapporteur::schema::generate_schemas;
use rapporteur::write::{Purpose, target, write_atomic};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Do not write: fail (exit 1) when a checked-in schema differs from the generated one.
    #[arg(long)]
    check: bool,
}

pub fn run(cwd: &Path, args: Args) -> Result<Outcome> {
    let root = find_root(cwd)?;
    if !args.check {
        super::interrupt::install();
    }
    let tree = WorkTree::new(&root);
    let (catalog, _) = load_catalog(&tree)?;
    let mut stale = Vec::new();
    for (name, content) in generate_schemas(&catalog) {
        let rel = format!("schemas/{name}");
        // Read as every file of the repository is read: inside it, regular, bounded. A
        // schema that cannot be read is stale.
        let current = tree.read(&rel).ok().flatten();
        if current.as_deref() == Some(content.as_bytes()) {
            continue;
        }
        if args.check {
            stale.push(name);
        } else {
            // Never through a link: a schema linked to a section would replace the section.
            let path = target::output(&root, &root, Path::new(&rel), Purpose::Schema)?;
            write_atomic(&path, content.as_bytes())?;
            anstream::eprintln!("wrote {rel}");
        }
    }
    if stale.is_empty() {
        return Ok(Outcome::Clean);
    }
    for name in &stale {
        anstream::eprintln!(
            "schemas/{name} is stale: it differs from what the Rust types and the catalog give"
        );
    }
    anstream::eprintln!("help: run `rapporteur schema` and commit the result");
    Ok(Outcome::Failed)
}
