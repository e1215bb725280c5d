//! `rapporteur lsp`: the findings of `check` in the editor as the drafter types, with the
//! safe fixes as quick fixes, hovers, completion of front-matter values and go to
//! definition into the catalog.
//!
//! The edition stays loaded; unsaved buffers override the disk ([`overlay`]); a change
//! re-checks its file and the rules that look across files ([`workspace`]). The server
//! is synchronous like the rest of rapporteur: one thread reads messages, the main one
//! handles them in order and checks when no message waits, so that a burst of keystrokes
//! is checked once. It reads nothing outside the repository and writes nothing in it.
//!
//! The library never prints: [`serve`] reads and writes the streams the command line
//! hands it.

pub mod actions;
pub mod hover;
pub mod lookup;
pub mod navigate;
pub mod overlay;
pub mod review;
pub mod server;
pub mod text;
pub mod transport;
pub mod workspace;

use std::io::{self, BufRead, Write};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::mpsc;

use lsp_server::{ErrorCode, Message, Response};
pub use server::{Flow, Server};
use transport::Incoming;

/// Serves one editor over `input` and `output` until it says `exit` or closes `input`.
/// Returns whether it ended as the protocol wants (`shutdown`, then `exit`). `cwd` is
/// where to look for the workspace when the editor names no folder.
pub fn serve(
    input: impl BufRead + Send + 'static,
    mut output: impl Write,
    cwd: PathBuf,
) -> io::Result<bool> {
    let (sender, receiver) = mpsc::channel::<Incoming>();
    // The reader runs on its own thread so that the main one can tell whether more
    // messages wait before it checks. It stops at the end of the input; at `exit` the
    // process ends with it.
    std::thread::spawn(move || {
        let mut input = input;
        while let Ok(Some(incoming)) = transport::read(&mut input) {
            if sender.send(incoming).is_err() {
                break;
            }
        }
    });
    let mut server = Server::new(cwd);
    loop {
        let incoming = match receiver.try_recv() {
            Ok(incoming) => incoming,
            Err(mpsc::TryRecvError::Empty) => {
                // A bug in a rule must not take the editor's server down with it.
                if std::panic::catch_unwind(AssertUnwindSafe(|| server.idle())).is_err() {
                    server.take_outgoing();
                }
                send(&mut output, &mut server)?;
                match receiver.recv() {
                    Ok(incoming) => incoming,
                    Err(_) => return Ok(false),
                }
            }
            Err(mpsc::TryRecvError::Disconnected) => return Ok(false),
        };
        match incoming {
            Incoming::Message(message) => {
                let id = match &message {
                    Message::Request(request) => Some(request.id.clone()),
                    _ => None,
                };
                let flow =
                    match std::panic::catch_unwind(AssertUnwindSafe(|| server.handle(message))) {
                        Ok(flow) => flow,
                        Err(_) => {
                            server.take_outgoing();
                            if let Some(id) = id {
                                let answer = Response::new_err(
                                    id,
                                    ErrorCode::InternalError as i32,
                                    "rapporteur failed on this request; please report it".into(),
                                );
                                transport::write(&mut output, &answer.into())?;
                            }
                            Flow::Continue
                        }
                    };
                send(&mut output, &mut server)?;
                if let Flow::Exit { clean } = flow {
                    return Ok(clean);
                }
            }
            Incoming::Malformed { id, code, message } => {
                transport::write_error(&mut output, id, code, &message)?;
            }
        }
    }
}

fn send(output: &mut impl Write, server: &mut Server) -> io::Result<()> {
    for message in server.take_outgoing() {
        transport::write(output, &message)?;
    }
    Ok(())
}
