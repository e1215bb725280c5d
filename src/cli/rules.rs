//! `rapporteur rules`.

use rapporteur::check::registry::{FAMILIES, RULES, find_rule};
use rapporteur::{Error, Result};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule code (`T001`) or name (`forbidden-variant`) to explain.
    code: Option<String>,
}

pub fn run(args: Args) -> Result<Outcome> {
    match args.code {
        None => {
            let width = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
            for (letter, family) in FAMILIES {
                let rules: Vec<_> = RULES
                    .iter()
                    .filter(|r| r.code.starts_with(*letter))
                    .collect();
                if rules.is_empty() {
                    continue;
                }
                anstream::println!("{letter}: {family}");
                for rule in rules {
                    let fix = if rule.fixable { " (fix)" } else { "" };
                    anstream::println!(
                        "  {} {:<width$} {:<8} {}{fix}",
                        rule.code,
                        rule.name,
                        rule.severity.as_str(),
                        rule.summary
                    );
                }
            }
        }
        Some(code) => {
            let rule = find_rule(&code).ok_or_else(|| {
                Error::Usage(format!("no rule `{code}`; `rapporteur rules` lists them"))
            })?;
            anstream::println!("{}", rapporteur::check::registry::explain(rule));
        }
    }
    Ok(Outcome::Clean)
}
