//! Rendering the model with minijinja, sandboxed: templates load only from the
//! `templates/` folder, undefined variables are errors, and work is bounded by fuel.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

use super::ReportModel;
use super::docx::{escape_xml_into, to_runs};
use super::pandoc::to_pandoc;
use crate::error::{Error, Result};
use crate::lang::{self, ordinal};
use crate::markdown::{to_html, to_plain};

/// Instructions a template may run before it is stopped. The shipped HTML template
/// uses about 9 000 on the 11th edition, so a report a hundred times larger renders,
/// and a runaway loop stops in a quarter of a second (release build).
const FUEL: u64 = 5_000_000;

/// The auto-escape of `*.docx.j2`: XML.
const XML: &str = "xml";

/// The template file for an output format (`report.txt.j2`).
pub fn template_name(format: &str) -> String {
    format!("report.{format}.j2")
}

/// Renders `templates/<name>` with the model.
pub fn render(templates_dir: &Path, name: &str, model: &ReportModel) -> Result<String> {
    render_measured(templates_dir, name, model, None).map(|(text, _)| text)
}

/// Renders `templates/<name>` for print: `pages` maps each link target of the document
/// (`political-dialogue-title`) to the page it is printed on, so that the contents can
/// give page numbers. Templates see it as `pages` (none when not printing).
pub fn render_for_print(
    templates_dir: &Path,
    name: &str,
    model: &ReportModel,
    pages: &BTreeMap<String, u32>,
) -> Result<String> {
    render_measured(templates_dir, name, model, Some(pages)).map(|(text, _)| text)
}

/// Renders the named blocks of `templates/<name>` (a format made of several parts, such
/// as the Word document), in the order asked.
pub fn render_blocks(
    templates_dir: &Path,
    name: &str,
    model: &ReportModel,
    blocks: &[&str],
) -> Result<Vec<String>> {
    let env = environment(templates_dir.to_path_buf(), name);
    let template = env
        .get_template(name)
        .map_err(|e| template_error(name, &e))?;
    let lang = model.lang.clone();
    let mut rendered = template
        .render_captured(
            minijinja::context! { lang => lang, pages => Value::from(()), ..Value::from(Serde(model)) },
        )
        .map_err(|e| template_error(name, &e))?;
    blocks
        .iter()
        .map(|block| {
            rendered
                .with_state_mut(|state| state.render_block(block))
                .map_err(|e| template_error(name, &e))
        })
        .collect()
}

/// Renders, and says how much fuel the template used.
fn render_measured(
    templates_dir: &Path,
    name: &str,
    model: &ReportModel,
    pages: Option<&BTreeMap<String, u32>>,
) -> Result<(String, u64)> {
    let env = environment(templates_dir.to_path_buf(), name);
    let template = env
        .get_template(name)
        .map_err(|e| template_error(name, &e))?;
    let lang = model.lang.clone();
    let pages = pages.map(|p| Value::from(Serde(p)));
    let rendered = template
        .render_captured(
            minijinja::context! { lang => lang, pages => pages, ..Value::from(Serde(model)) },
        )
        .map_err(|e| template_error(name, &e))?;
    let used = rendered.state().fuel_levels().map_or(0, |(used, _)| used);
    Ok((rendered.output().to_string(), used))
}

fn environment(dir: PathBuf, name: &str) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_debug(true);
    if let Ok(syntax) = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.set_loader(move |name: &str| load_template(&dir, name));
    // Drafter text is escaped in every HTML and Word template; nothing else is escaped (a
    // Markdown or text template escapes with its own filters).
    env.set_auto_escape_callback(|name: &str| {
        if name.ends_with(".html.j2") || name.ends_with(".html") {
            AutoEscape::Html
        } else if name.ends_with(".docx.j2") {
            AutoEscape::Custom(XML.into())
        } else {
            AutoEscape::None
        }
    });
    // Only the Word template needs an escaping of its own; the others keep minijinja's
    // formatter (and its speed).
    if name.ends_with(".docx.j2") {
        env.set_formatter(|out, state, value| {
            if matches!(state.auto_escape(), AutoEscape::Custom(name) if name == XML)
                && !value.is_safe()
            {
                let mut text = String::new();
                escape_xml_into(&value.to_string(), &mut text);
                out.write_str(&text).map_err(|_| {
                    minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write")
                })
            } else {
                minijinja::escape_formatter(out, state, value)
            }
        });
    }
    env.add_filter("ordinal", |n: u32, lang: String| ordinal(n, &lang));
    env.add_filter("plain", |text: String| to_plain(&text));
    env.add_filter("markup", |text: String| {
        Value::from_safe_string(to_html(&text))
    });
    env.add_filter("runs", |text: String| {
        Value::from_safe_string(to_runs(&text))
    });
    env.add_filter("pandoc", |text: String| to_pandoc(&text));
    // A JSON string is also a YAML string: the Markdown metadata block uses it.
    env.add_filter("tojson", |value: Value| {
        serde_json::to_string(&value).map_err(|e| {
            minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string())
        })
    });
    env.add_filter("month_year", |text: String, lang: String| {
        lang::month_year(&text, &lang).map_err(filter_error)
    });
    env.add_filter("period", |start: String, end: String, lang: String| {
        lang::period(&start, &end, &lang).map_err(filter_error)
    });
    env.add_filter("date", |text: String, lang: String| {
        lang::date(&text, &lang).map_err(filter_error)
    });
    env
}

fn filter_error(error: Error) -> minijinja::Error {
    minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, error.to_string())
}

/// Loads a template from `dir` only: no absolute paths, no `..`, no symlink leaving it.
fn load_template(dir: &Path, name: &str) -> std::result::Result<Option<String>, minijinja::Error> {
    let refuse = |why: &str| {
        Err(minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("template `{name}` refused: {why}"),
        ))
    };
    if name.starts_with('/')
        || name.contains('\\')
        || name.split('/').any(|s| s == ".." || s.is_empty())
    {
        return refuse(
            "templates load only from the templates/ folder, by a relative name without `..`",
        );
    }
    let path = dir.join(name);
    let Ok(real) = path.canonicalize() else {
        return Ok(None);
    };
    let Ok(root) = dir.canonicalize() else {
        return Ok(None);
    };
    if !real.starts_with(&root) {
        return refuse("it resolves to a file outside the templates/ folder");
    }
    std::fs::read_to_string(&real).map(Some).map_err(|e| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("cannot read template `{name}`: {e}"),
        )
    })
}

fn template_error(name: &str, error: &minijinja::Error) -> Error {
    let mut message = error.to_string();
    if let Some(line) = error.line() {
        message = format!("line {line}: {message}");
    }
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        message.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    Error::Template {
        name: error.template_source().map_or(name.to_string(), |_| {
            error.name().unwrap_or(name).to_string()
        }),
        message,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{FUEL, render_measured, template_name};
    use crate::assemble::report_model;
    use crate::load::{WorkTree, load_edition};

    /// The shipped templates use a small share of the fuel, so that a runaway template
    /// stops early while a report many times larger still renders.
    #[test]
    fn shipped_templates_use_under_a_percent_of_the_fuel() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let edition = load_edition(&WorkTree::new(root)).unwrap();
        let model = report_model(&edition, "fr").unwrap();
        for format in ["txt", "md", "html"] {
            let (text, used) = render_measured(
                &root.join("templates"),
                &template_name(format),
                &model,
                None,
            )
            .unwrap();
            assert!(!text.is_empty());
            assert!(used < FUEL / 100, "{format}: {used} of {FUEL}");
        }
    }
}
