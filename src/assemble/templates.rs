//! Rendering the model with minijinja, sandboxed: templates load only from the
//! `templates/` folder (regular files inside the repository, read with a bound),
//! undefined variables are errors, and work is bounded by fuel, time and memory.
//!
//! Fuel stops almost everything a template can do: minijinja 3.1 charges every
//! instruction, every byte produced and every item a filter visits. Not quite all:
//! concatenating two lists is lazy and free, and once 32 concatenations are nested the
//! engine copies the whole list in one instruction without charging for it
//! (`ops::materialize_seq_concat`), so `l + l` repeated 34 times asks for 2^33 items;
//! serializing a map whose values share one nested map (`{"a": m, "b": m}`, 40 times)
//! walks 2^40 leaves. Fuel cannot stop what happens inside one instruction, and no
//! filter override reaches an operator. So the template runs on a thread of its own,
//! watched: when it takes more than [`TIME_LIMIT`], or grows the process's peak memory
//! by more than [`memory_limit`], rendering stops with an error. The thread is left to run until the
//! process exits, which the command line does at once on that error.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

use super::ReportModel;
use super::docx::{escape_xml_into, to_runs};
use super::pandoc::to_pandoc;
use super::typst_text::{escape_markup, markup_to_typst, string_literal};
use crate::error::{Error, Result};
use crate::lang::{self, ordinal};
use crate::load::file::{Refusal, read_regular, resolve_inside};
use crate::markdown::{to_html, to_plain};

/// Instructions a template may run before it is stopped. The shipped HTML template
/// uses about 9 000 on the 11th edition, so a report a hundred times larger renders,
/// and a runaway loop stops in a quarter of a second (release build).
const FUEL: u64 = 5_000_000;

/// The auto-escape of `*.docx.j2`: XML.
const XML: &str = "xml";

/// The auto-escape of `*.typ.j2`: Typst markup.
const TYPST: &str = "typst";

/// Longest a template may render. The shipped templates take about a millisecond; fuel
/// runs out in about a quarter of a second.
pub const TIME_LIMIT: Duration = Duration::from_secs(3);

/// Largest template file read.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// How much a render may grow the process: 256 MiB, plus 32 times the report's text
/// (the output of a real template is a few times its input).
pub fn memory_limit(model: &ReportModel) -> u64 {
    let text: usize = model
        .sections
        .iter()
        .flat_map(|s| s.paragraphs.iter().map(String::len))
        .sum();
    256 * 1024 * 1024 + 32 * text as u64
}

/// The template file for an output format (`report.txt.j2`).
pub fn template_name(format: &str) -> String {
    format!("report.{format}.j2")
}

/// Renders `templates/<name>` with the model.
pub fn render(templates_dir: &Path, name: &str, model: &ReportModel) -> Result<String> {
    render_measured(templates_dir, name, model).map(|(text, _)| text)
}

/// The text of `templates/<name>`, loaded as a render loads it (inside `templates/`, a
/// regular file, bounded).
pub fn template_text(templates_dir: &Path, name: &str) -> Result<String> {
    load_template(templates_dir, name)
        .map_err(|e| template_error(name, &e))?
        .ok_or_else(|| Error::Template {
            name: name.to_string(),
            message: "not found in templates/".into(),
        })
}

/// Renders the named blocks of `templates/<name>` (a format made of several parts, such
/// as the Word document), in the order asked.
pub fn render_blocks(
    templates_dir: &Path,
    name: &str,
    model: &ReportModel,
    blocks: &[&str],
) -> Result<Vec<String>> {
    let dir = templates_dir.to_path_buf();
    let owned_name = name.to_string();
    let blocks: Vec<String> = blocks.iter().map(|b| b.to_string()).collect();
    let context = context_of(model);
    watched(name, model, move || {
        let env = environment(dir, &owned_name);
        let template = env
            .get_template(&owned_name)
            .map_err(|e| template_error(&owned_name, &e))?;
        let mut rendered = template
            .render_captured(context)
            .map_err(|e| template_error(&owned_name, &e))?;
        blocks
            .iter()
            .map(|block| {
                rendered
                    .with_state_mut(|state| state.render_block(block))
                    .map_err(|e| template_error(&owned_name, &e))
            })
            .collect()
    })
}

/// What templates see: the model and its language.
fn context_of(model: &ReportModel) -> Value {
    minijinja::context! { lang => model.lang.clone(), ..Value::from(Serde(model)) }
}

/// Renders, and says how much fuel the template used.
fn render_measured(templates_dir: &Path, name: &str, model: &ReportModel) -> Result<(String, u64)> {
    Started::new(templates_dir, name)?.finish_measured(model)
}

/// A render started before its model exists: its thread compiles the template at once,
/// then waits for the model. `build` starts one before it loads the edition, so that
/// compiling (a third of a render) is done while the edition loads. Dropped unfinished,
/// its thread ends.
pub struct Started {
    name: String,
    context: mpsc::Sender<Value>,
    result: mpsc::Receiver<Result<(String, u64)>>,
}

impl Started {
    /// Starts compiling `templates/<name>`.
    pub fn new(templates_dir: &Path, name: &str) -> Result<Started> {
        let (context, waiting) = mpsc::channel();
        let (reply, result) = mpsc::channel();
        let dir = templates_dir.to_path_buf();
        let owned_name = name.to_string();
        std::thread::Builder::new()
            .name("template".into())
            .spawn(move || render_in(dir, &owned_name, &waiting, &reply))
            .map_err(|e| Error::Template {
                name: name.to_string(),
                message: format!("cannot start rendering: {e}"),
            })?;
        Ok(Started {
            name: name.to_string(),
            context,
            result,
        })
    }

    /// Renders the model, watched (see [`Watched::wait`]).
    pub fn finish(self, model: &ReportModel) -> Result<String> {
        self.send(model).wait()
    }

    fn finish_measured(self, model: &ReportModel) -> Result<(String, u64)> {
        self.send(model).wait_measured()
    }

    /// Hands the model to the template's thread, which renders it while the caller does
    /// other work; [`Rendering::wait`] gives the result.
    pub fn send(self, model: &ReportModel) -> Rendering {
        let watched = Watched::now(&self.name, model);
        // A template that did not compile has said so already, and takes no model.
        let _ = self.context.send(context_of(model));
        Rendering {
            watched,
            result: self.result,
        }
    }
}

/// A render under way on its thread (see [`Started::send`]).
pub struct Rendering {
    watched: Watched,
    result: mpsc::Receiver<Result<(String, u64)>>,
}

impl Rendering {
    /// The rendered document, once the template's thread has it, watched since the
    /// model was sent (see [`Watched::wait`]).
    pub fn wait(self) -> Result<String> {
        self.wait_measured().map(|(text, _)| text)
    }

    /// [`Rendering::wait`], with the fuel the template used.
    fn wait_measured(self) -> Result<(String, u64)> {
        self.watched.wait(&self.result)
    }
}

/// Runs `job` (a render) on a thread of its own, watched (see [`Watched::wait`]).
fn watched<T: Send + 'static>(
    name: &str,
    model: &ReportModel,
    job: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    let (send, receive) = mpsc::channel();
    std::thread::Builder::new()
        .name("template".into())
        .spawn(move || {
            let _ = send.send(job());
        })
        .map_err(|e| Error::Template {
            name: name.to_string(),
            message: format!("cannot start rendering: {e}"),
        })?;
    Watched::now(name, model).wait(&receive)
}

/// The bounds of a render, counted from when it was made: [`TIME_LIMIT`], and
/// [`memory_limit`] more than the process's memory then.
struct Watched {
    name: String,
    started: Instant,
    baseline: Option<u64>,
    limit: u64,
}

impl Watched {
    fn now(name: &str, model: &ReportModel) -> Watched {
        Watched {
            name: name.to_string(),
            started: Instant::now(),
            baseline: resident_bytes(),
            limit: memory_limit(model),
        }
    }

    /// Waits for the result, and stops waiting with an error when the render runs
    /// longer than [`TIME_LIMIT`] or grows the process by more than [`memory_limit`].
    fn wait<T>(&self, result: &mpsc::Receiver<Result<T>>) -> Result<T> {
        let stopped = |why: String| Error::Template {
            name: self.name.clone(),
            message: format!("stopped: {why}; a template must not build huge values"),
        };
        loop {
            match result.recv_timeout(Duration::from_millis(5)) {
                Ok(result) => return result,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(stopped("the template engine failed".into()));
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
            }
            if self.started.elapsed() > TIME_LIMIT {
                return Err(stopped(format!(
                    "it ran for more than {} s",
                    TIME_LIMIT.as_secs()
                )));
            }
            if let (Some(before), Some(now)) = (self.baseline, resident_bytes())
                && now.saturating_sub(before) > self.limit
            {
                return Err(stopped(format!(
                    "it used more than {} MiB of memory",
                    self.limit / (1024 * 1024)
                )));
            }
        }
    }
}

/// Compiles the template, waits for its context, renders, and replies (with the fuel
/// used). The reply goes out before the render's values, the template and the
/// environment are freed: freeing them is a fifth of a render, and the caller need not
/// wait for it.
fn render_in(
    dir: PathBuf,
    name: &str,
    context: &mpsc::Receiver<Value>,
    reply: &mpsc::Sender<Result<(String, u64)>>,
) {
    let env = environment(dir, name);
    let template = match env.get_template(name) {
        Ok(template) => template,
        Err(e) => {
            let _ = reply.send(Err(template_error(name, &e)));
            return;
        }
    };
    // No context: the caller dropped the render (a build refused by `check`).
    let Ok(context) = context.recv() else {
        return;
    };
    match template.render_captured(context) {
        Ok(rendered) => {
            let used = rendered.state().fuel_levels().map_or(0, |(used, _)| used);
            let _ = reply.send(Ok((rendered.output().to_string(), used)));
        }
        Err(e) => {
            let _ = reply.send(Err(template_error(name, &e)));
        }
    }
}

/// The process's peak resident memory so far, where the system says it: one cheap
/// system call (`getrusage`), no file to read.
#[cfg(unix)]
pub(super) fn resident_bytes() -> Option<u64> {
    // SAFETY: getrusage fills the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        (libc::getrusage(libc::RUSAGE_SELF, &mut usage) == 0).then_some(usage)
    }?;
    // Kilobytes on Linux.
    u64::try_from(usage.ru_maxrss).ok().map(|kb| kb * 1024)
}

#[cfg(not(unix))]
pub(super) fn resident_bytes() -> Option<u64> {
    None
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
    // Drafter text is escaped in every HTML, Word and Typst template; nothing else is escaped (a
    // Markdown or text template escapes with its own filters).
    env.set_auto_escape_callback(|name: &str| {
        if name.ends_with(".html.j2") || name.ends_with(".html") {
            AutoEscape::Html
        } else if name.ends_with(".docx.j2") {
            AutoEscape::Custom(XML.into())
        } else if name.ends_with(".typ.j2") {
            AutoEscape::Custom(TYPST.into())
        } else {
            AutoEscape::None
        }
    });
    // Only the Word and Typst templates need an escaping of their own; the others keep
    // minijinja's formatter (and its speed).
    if name.ends_with(".docx.j2") || name.ends_with(".typ.j2") {
        env.set_formatter(|out, state, value| {
            let text = match state.auto_escape() {
                AutoEscape::Custom(name) if !value.is_safe() && name == XML => {
                    let mut text = String::new();
                    escape_xml_into(&value.to_string(), &mut text);
                    text
                }
                AutoEscape::Custom(name) if !value.is_safe() && name == TYPST => {
                    escape_markup(&value.to_string())
                }
                _ => return minijinja::escape_formatter(out, state, value),
            };
            out.write_str(&text).map_err(|_| {
                minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write")
            })
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
    env.add_filter("typst", |text: String| {
        Value::from_safe_string(markup_to_typst(&text))
    });
    env.add_filter("typst_str", |text: String| {
        Value::from_safe_string(string_literal(&text))
    });
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
    // `fr` → `fr-FR`: the language tag Word's proofing tools want.
    env.add_filter("locale", |code: String| lang::locale(&code).to_string());
    env
}

fn filter_error(error: Error) -> minijinja::Error {
    minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, error.to_string())
}

/// Loads a template from `dir` only: no absolute paths, no `..`, no symlink leaving it;
/// `dir` itself must be inside the repository that holds it; only a regular file, read
/// with a bound.
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
    // The repository is the folder holding `templates/`; `templates/` must resolve inside
    // it, and the template inside `templates/`.
    let Some(repo) = dir.parent().and_then(|p| p.canonicalize().ok()) else {
        return Ok(None);
    };
    let root = match resolve_inside(&repo, Path::new(dir.file_name().unwrap_or_default())) {
        Ok(root) => root,
        Err(Refusal::Missing) => return Ok(None),
        Err(refusal) => return refuse(&format!("the templates/ folder: {refusal}")),
    };
    let real = match resolve_inside(&root, Path::new(name)) {
        Ok(real) => real,
        Err(Refusal::Missing) => return Ok(None),
        Err(Refusal::Outside { .. }) => {
            return refuse("it resolves to a file outside the templates/ folder");
        }
        Err(refusal) => return refuse(&refusal.to_string()),
    };
    let bytes = match read_regular(&real, MAX_TEMPLATE_BYTES) {
        Ok(bytes) => bytes,
        Err(Refusal::Missing) => return Ok(None),
        Err(refusal) => return refuse(&refusal.to_string()),
    };
    String::from_utf8(bytes).map(Some).map_err(|e| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!(
                "cannot read template `{name}`: invalid UTF-8 at byte {}",
                e.utf8_error().valid_up_to()
            ),
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
        for format in ["txt", "md", "html", "typ"] {
            let (text, used) =
                render_measured(&root.join("templates"), &template_name(format), &model).unwrap();
            assert!(!text.is_empty());
            assert!(used < FUEL / 100, "{format}: {used} of {FUEL}");
        }
    }
}
