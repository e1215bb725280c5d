//! The server as a state machine: a message in, messages out. It answers requests,
//! follows the documents the editor opens and changes, and publishes findings when it
//! has nothing else to do (so that a burst of keystrokes is checked once).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::str::FromStr;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticSeverity, NumberOrString,
    PublishDiagnosticsParams, TextDocumentContentChangeEvent, Uri, notification, request,
};
use serde_json::{Value, json};

use super::overlay::Buffer;
use super::text::{self, Encoding};
use super::workspace::Workspace;
use super::{actions, hover, navigate};
use crate::check::{Diagnostic, Severity};
use crate::load::find_root;

/// What the loop does after a message.
#[derive(Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// `exit` arrived: stop, successfully when `shutdown` came first.
    Exit {
        clean: bool,
    },
}

#[derive(Debug, PartialEq, Eq)]
enum State {
    Uninitialized,
    Running,
    ShutDown,
}

/// The language server.
pub struct Server {
    /// Where to look for the workspace when the editor names no folder.
    cwd: PathBuf,
    state: State,
    pub(super) encoding: Encoding,
    pub(super) workspace: Option<Workspace>,
    /// What was last published, by path.
    published: BTreeMap<String, Vec<LspDiagnostic>>,
    /// Documents changed since the last publication: published even when their findings
    /// are the same, so that the editor sees their new version checked.
    touched: BTreeSet<String>,
    /// The URI the editor uses for each open document.
    uris: HashMap<String, Uri>,
    watch_files: bool,
    outbox: Vec<Message>,
}

impl Server {
    pub fn new(cwd: PathBuf) -> Self {
        Server {
            cwd,
            state: State::Uninitialized,
            encoding: Encoding::Utf16,
            workspace: None,
            published: BTreeMap::new(),
            touched: BTreeSet::new(),
            uris: HashMap::new(),
            watch_files: false,
            outbox: Vec::new(),
        }
    }

    /// The messages to send, in order.
    pub fn take_outgoing(&mut self) -> Vec<Message> {
        std::mem::take(&mut self.outbox)
    }

    /// Handles one message.
    pub fn handle(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(request) => self.on_request(request),
            Message::Notification(notification) => return self.on_notification(notification),
            // Answers to our own requests (the file-watch registration): nothing to do.
            Message::Response(_) => {}
        }
        Flow::Continue
    }

    /// Called when no message waits: checks what changed and publishes the findings.
    pub fn idle(&mut self) {
        if self.state == State::Running {
            self.publish();
        }
    }

    fn respond(&mut self, id: RequestId, result: impl serde::Serialize) {
        let result = serde_json::to_value(result).unwrap_or(Value::Null);
        self.outbox.push(Response::new_ok(id, result).into());
    }

    fn respond_error(&mut self, id: RequestId, code: ErrorCode, message: impl Into<String>) {
        self.outbox
            .push(Response::new_err(id, code as i32, message.into()).into());
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) {
        let params = serde_json::to_value(params).unwrap_or(Value::Null);
        self.outbox.push(
            Notification {
                method: method.to_string(),
                params,
            }
            .into(),
        );
    }

    fn on_request(&mut self, request: Request) {
        let id = request.id.clone();
        match (&self.state, request.method.as_str()) {
            (State::Uninitialized, request::Initialize::METHOD) => {
                let result = self.initialize(&request.params);
                self.state = State::Running;
                self.respond(id, result);
            }
            (State::Uninitialized, _) => self.respond_error(
                id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet",
            ),
            (State::ShutDown, _) => {
                self.respond_error(id, ErrorCode::InvalidRequest, "the server is shutting down")
            }
            (State::Running, request::Initialize::METHOD) => {
                self.respond_error(id, ErrorCode::InvalidRequest, "already initialized")
            }
            (State::Running, request::Shutdown::METHOD) => {
                self.state = State::ShutDown;
                self.respond(id, Value::Null);
            }
            (State::Running, method) => {
                // Answers come from the text as it is now.
                self.publish();
                fn value(result: impl serde::Serialize) -> Value {
                    serde_json::to_value(result).unwrap_or(Value::Null)
                }
                let answer = match method {
                    request::HoverRequest::METHOD => {
                        parse(&request).map(|p| value(hover::hover(self, p)))
                    }
                    request::Completion::METHOD => {
                        parse(&request).map(|p| value(navigate::complete(self, p)))
                    }
                    request::GotoDefinition::METHOD => {
                        parse(&request).map(|p| value(navigate::definition(self, p)))
                    }
                    request::CodeActionRequest::METHOD => {
                        parse(&request).map(|p| value(actions::code_actions(self, p)))
                    }
                    _ => {
                        let message = format!("rapporteur does not answer `{method}`");
                        return self.respond_error(id, ErrorCode::MethodNotFound, message);
                    }
                };
                match answer {
                    Ok(result) => self.respond(id, result),
                    Err(message) => self.respond_error(id, ErrorCode::InvalidParams, message),
                }
            }
        }
    }

    fn on_notification(&mut self, notification: Notification) -> Flow {
        let method = notification.method.as_str();
        if method == notification::Exit::METHOD {
            return Flow::Exit {
                clean: self.state == State::ShutDown,
            };
        }
        if self.state != State::Running {
            // Before `initialize` and after `shutdown`, notifications are dropped.
            return Flow::Continue;
        }
        let params = notification.params;
        match method {
            notification::Initialized::METHOD => self.register_file_watch(),
            notification::DidOpenTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(params)
                {
                    let doc = p.text_document;
                    self.open(&doc.uri, doc.text, doc.version);
                }
            }
            notification::DidChangeTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(params)
                {
                    self.change(
                        &p.text_document.uri,
                        p.text_document.version,
                        p.content_changes,
                    );
                }
            }
            notification::DidSaveTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(params)
                    && let Some(path) = self.path_of(&p.text_document.uri)
                    && let Some(ws) = &mut self.workspace
                {
                    ws.touch(&path);
                }
            }
            notification::DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(params)
                {
                    self.close(&p.text_document.uri);
                }
            }
            notification::DidChangeWatchedFiles::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(params)
                {
                    for change in p.changes {
                        if let Some(path) = self.path_of(&change.uri)
                            && let Some(ws) = &mut self.workspace
                            && !ws.overlay.buffers.contains_key(&path)
                        {
                            ws.touch(&path);
                        }
                    }
                }
            }
            // `$/cancelRequest`, `$/setTrace`, anything else: nothing to do. Every request
            // is answered before the next message is read, so there is nothing to cancel.
            _ => {}
        }
        Flow::Continue
    }

    /// Reads what the editor offers and says what the server does.
    fn initialize(&mut self, params: &Value) -> Value {
        let capabilities = &params["capabilities"];
        let offers_utf8 = capabilities["general"]["positionEncodings"]
            .as_array()
            .is_some_and(|list| list.iter().any(|e| e == "utf-8"));
        self.encoding = if offers_utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        self.watch_files =
            capabilities["workspace"]["didChangeWatchedFiles"]["dynamicRegistration"]
                .as_bool()
                .unwrap_or(false);
        // The first workspace folder, else the root URI, else the folder the server runs
        // in; the repository is the closest folder holding drafts/report.yaml from there.
        let folder = params["workspaceFolders"][0]["uri"]
            .as_str()
            .or_else(|| params["rootUri"].as_str())
            .and_then(|uri| Uri::from_str(uri).ok())
            .and_then(|uri| text::uri_to_path(&uri))
            .or_else(|| params["rootPath"].as_str().map(PathBuf::from))
            .unwrap_or_else(|| self.cwd.clone());
        match find_root(&folder).or_else(|_| find_root(&self.cwd)) {
            Ok(root) => self.workspace = Some(Workspace::new(root)),
            Err(error) => self.notify(
                notification::ShowMessage::METHOD,
                lsp_types::ShowMessageParams {
                    typ: lsp_types::MessageType::WARNING,
                    message: format!("rapporteur: {error}"),
                },
            ),
        }
        json!({
            "capabilities": {
                "positionEncoding": if offers_utf8 { "utf-8" } else { "utf-16" },
                "textDocumentSync": {
                    "openClose": true,
                    "change": 2,
                    "save": {"includeText": false},
                },
                "hoverProvider": true,
                "definitionProvider": true,
                "completionProvider": {"triggerCharacters": [":", " ", "[", ",", "-"]},
                "codeActionProvider": {
                    "codeActionKinds": ["quickfix", "source.fixAll", actions::FIX_ALL_KIND],
                },
            },
            "serverInfo": {"name": "rapporteur", "version": env!("CARGO_PKG_VERSION")},
        })
    }

    /// Asks the editor to say when files change on disk (another program, git), where it
    /// can: the catalog and the sections that are not open.
    fn register_file_watch(&mut self) {
        if !self.watch_files || self.workspace.is_none() {
            return;
        }
        let watchers: Vec<Value> = ["**/drafts/**", "**/schemas/*.yaml"]
            .iter()
            .map(|glob| json!({"globPattern": glob}))
            .collect();
        self.outbox.push(
            Request {
                id: RequestId::from("rapporteur-watch".to_string()),
                method: request::RegisterCapability::METHOD.to_string(),
                params: json!({"registrations": [{
                    "id": "rapporteur-watch",
                    "method": notification::DidChangeWatchedFiles::METHOD,
                    "registerOptions": {"watchers": watchers},
                }]}),
            }
            .into(),
        );
    }

    /// The path relative to the repository root of a document inside it.
    pub(super) fn path_of(&self, uri: &Uri) -> Option<String> {
        let ws = self.workspace.as_ref()?;
        text::relative_path(ws.root(), &text::uri_to_path(uri)?)
    }

    fn open(&mut self, uri: &Uri, text: String, version: i32) {
        let Some(path) = self.path_of(uri) else {
            return;
        };
        let Some(ws) = &mut self.workspace else {
            return;
        };
        ws.overlay
            .buffers
            .insert(path.clone(), Buffer { text, version });
        if ws.touch(&path) {
            self.touched.insert(path.clone());
        }
        self.uris.insert(path, uri.clone());
    }

    fn change(&mut self, uri: &Uri, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        let encoding = self.encoding;
        let Some(path) = self.path_of(uri) else {
            return;
        };
        let Some(ws) = &mut self.workspace else {
            return;
        };
        let Some(buffer) = ws.overlay.buffers.get_mut(&path) else {
            return;
        };
        for change in changes {
            match change.range {
                None => buffer.text = change.text,
                Some(range) => {
                    let start = text::offset(&buffer.text, range.start, encoding);
                    let end = text::offset(&buffer.text, range.end, encoding).max(start);
                    buffer.text.replace_range(start..end, &change.text);
                }
            }
        }
        buffer.version = version;
        if ws.touch(&path) {
            self.touched.insert(path);
        }
    }

    fn close(&mut self, uri: &Uri) {
        let Some(path) = self.path_of(uri) else {
            return;
        };
        let Some(ws) = &mut self.workspace else {
            return;
        };
        // The file on disk takes over (or nothing, when it was never saved or was deleted).
        ws.overlay.buffers.remove(&path);
        ws.touch(&path);
        self.uris.remove(&path);
    }

    /// Brings the findings up to date and publishes those of every file whose findings
    /// changed (an empty list for a file that has none any more).
    fn publish(&mut self) {
        let Some(ws) = &mut self.workspace else {
            return;
        };
        if !ws.is_stale() && self.touched.is_empty() {
            return;
        }
        ws.refresh();
        let mut now: BTreeMap<String, Vec<LspDiagnostic>> = BTreeMap::new();
        for (path, findings) in &ws.findings {
            if let Some(file) = ws.source(path) {
                let list = findings
                    .iter()
                    .map(|d| to_lsp(d, file, self.encoding))
                    .collect();
                now.insert(path.clone(), list);
            }
        }
        for (path, note) in super::review::review_diagnostics(ws, self.encoding) {
            now.entry(path).or_default().push(note);
        }
        if let Some(broken) = &ws.broken {
            let range = text::range(&broken.file, &(broken.offset..broken.offset), self.encoding);
            now.entry(broken.file.path.clone()).or_default().insert(
                0,
                LspDiagnostic {
                    range,
                    severity: Some(DiagnosticSeverity::ERROR),
                    source: Some("rapporteur".to_string()),
                    message: broken.message.clone(),
                    ..LspDiagnostic::default()
                },
            );
        }
        let mut sends = Vec::new();
        for (path, list) in &now {
            if self.published.get(path) != Some(list) || self.touched.contains(path) {
                sends.push((path.clone(), list.clone()));
            }
        }
        for path in self.published.keys() {
            if !now.contains_key(path) {
                sends.push((path.clone(), Vec::new()));
            }
        }
        for path in std::mem::take(&mut self.touched) {
            if !now.contains_key(&path) && !self.published.contains_key(&path) {
                sends.push((path, Vec::new()));
            }
        }
        self.published = now;
        for (path, diagnostics) in sends {
            let version = ws.overlay.buffers.get(&path).map(|b| b.version);
            let uri = match self.uris.get(&path) {
                Some(uri) => Some(uri.clone()),
                None => text::path_to_uri(&ws.absolute(&path)),
            };
            if let Some(uri) = uri {
                let params = PublishDiagnosticsParams {
                    uri,
                    diagnostics,
                    version,
                };
                let params = serde_json::to_value(params).unwrap_or(Value::Null);
                self.outbox.push(
                    Notification {
                        method: notification::PublishDiagnostics::METHOD.to_string(),
                        params,
                    }
                    .into(),
                );
            }
        }
    }

    /// The URI to name a path by: the editor's own for an open document.
    pub(super) fn uri_of(&self, path: &str) -> Option<Uri> {
        match self.uris.get(path) {
            Some(uri) => Some(uri.clone()),
            None => text::path_to_uri(&self.workspace.as_ref()?.absolute(path)),
        }
    }
}

fn parse<P: serde::de::DeserializeOwned>(request: &Request) -> Result<P, String> {
    serde_json::from_value(request.params.clone())
        .map_err(|e| format!("invalid parameters for `{}`: {e}", request.method))
}

/// The URI a rule code's documentation is named by: `rapporteur-rule:T001`. What it
/// names is what `rapporteur rules T001` prints and hovering the finding shows; the VS
/// Code extension opens it as a document.
pub fn rule_uri(code: &str) -> Option<Uri> {
    Uri::from_str(&format!("rapporteur-rule:{code}")).ok()
}

/// A finding as LSP says it.
pub fn to_lsp(d: &Diagnostic, file: &crate::load::SourceFile, encoding: Encoding) -> LspDiagnostic {
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    LspDiagnostic {
        range: text::range(file, &d.span, encoding),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: rule_uri(d.code).map(|href| CodeDescription { href }),
        source: Some("rapporteur".to_string()),
        message,
        data: Some(json!({"rule": d.rule})),
        ..LspDiagnostic::default()
    }
}
