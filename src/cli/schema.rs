//! `rapporteur schema`.

use std::path::Path;

use rapporteur::Result;
use rapporteur::load::{WorkTree, find_root, load_catalog};
use rapporteur::schema::generate_schemas;
use rapporteur::write::write_atomic;

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Do not write: fail (exit 1) when a checked-in schema differs from the generated one.
    #[arg(long)]
    check: bool,
}

pub fn run(cwd: &Path, args: Args) -> Result<Outcome> {
    let root = find_root(cwd)?;
    let (catalog, _) = load_catalog(&WorkTree::new(&root))?;
    let mut stale = Vec::new();
    for (name, content) in generate_schemas(&catalog) {
        let path = root.join("schemas").join(name);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(content.as_str()) {
            continue;
        }
        if args.check {
            stale.push(name);
        } else {
            write_atomic(&path, content.as_bytes())?;
            anstream::eprintln!("wrote schemas/{name}");
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
