//! JSON-RPC messages framed by `Content-Length` headers, as LSP sends them over stdio.
//!
//! lsp-server's own reader ends the connection at the first message it cannot parse; the
//! protocol wants an error answer (`ParseError`, `InvalidRequest`) and the server still
//! running. This reader reports a malformed message as such and carries on with the
//! next one.

use std::io::{self, BufRead, Read, Write};

use lsp_server::{ErrorCode, Message};
use serde_json::Value;

/// Largest message read; a larger one is skipped and answered with an error. A message
/// carries at most one document whole: the largest file the command line reads
/// (`load::MAX_FILE_BYTES`, 8 MiB), with room for JSON's escapes. A document over 8 MiB
/// in a message under this bound is a finding, as on the command line (`Overlay::read`).
const MAX_MESSAGE_BYTES: usize = 2 * crate::load::MAX_FILE_BYTES as usize + 1024 * 1024;

/// What came in.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// Not a message: the error to answer, to the request id when one could be read.
    Malformed {
        id: Option<Value>,
        code: ErrorCode,
        message: String,
    },
}

fn malformed(id: Option<Value>, code: ErrorCode, message: impl Into<String>) -> Incoming {
    Incoming::Malformed {
        id,
        code,
        message: message.into(),
    }
}

/// Reads the next message; `None` at the end of the input.
pub fn read(input: &mut impl BufRead) -> io::Result<Option<Incoming>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut line = String::new();
    let mut headers = 0;
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if headers == 0 {
                // Stray blank lines between messages.
                continue;
            }
            break;
        }
        headers += 1;
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("Content-Length")
        {
            length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| format!("bad Content-Length `{}`", value.trim())),
            );
        }
    }
    let length = match length {
        Some(Ok(n)) => n,
        Some(Err(message)) => return Ok(Some(malformed(None, ErrorCode::ParseError, message))),
        None => {
            return Ok(Some(malformed(
                None,
                ErrorCode::ParseError,
                "a message without Content-Length header",
            )));
        }
    };
    if length > MAX_MESSAGE_BYTES {
        io::copy(&mut input.take(length as u64), &mut io::sink())?;
        return Ok(Some(malformed(
            None,
            ErrorCode::ParseError,
            format!("a message of {length} bytes, more than the {MAX_MESSAGE_BYTES} read"),
        )));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    let value: serde_json::Result<Value> = serde_json::from_slice(&body);
    // The raw bytes are not needed once parsed: each copy of a large document counts.
    drop(body);
    let value: Value = match value {
        Ok(value) => value,
        Err(e) => {
            return Ok(Some(malformed(
                None,
                ErrorCode::ParseError,
                format!("not JSON: {e}"),
            )));
        }
    };
    let id = value.get("id").cloned();
    Ok(Some(match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(e) => malformed(
            id,
            ErrorCode::InvalidRequest,
            format!("not a JSON-RPC request, response or notification: {e}"),
        ),
    }))
}

/// Writes a message.
pub fn write(output: &mut impl Write, message: &Message) -> io::Result<()> {
    message.write(output)
}

/// Writes the error answer to a malformed message. Its id may be unknown (`null`), which
/// lsp-server's `Response` cannot say.
pub fn write_error(
    output: &mut impl Write,
    id: Option<Value>,
    code: ErrorCode,
    message: &str,
) -> io::Result<()> {
    let id = match id {
        Some(id @ (Value::Number(_) | Value::String(_))) => id,
        _ => Value::Null,
    };
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": {"code": code as i32, "message": message},
    })
    .to_string();
    write!(output, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn reads_on_after_malformed_messages() {
        let input = [
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"params":3}"#),
            "Content-Type: x\r\n\r\n".to_string(),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
        ]
        .concat();
        let mut input = io::Cursor::new(input.into_bytes());
        let mut seen = Vec::new();
        while let Some(incoming) = read(&mut input).unwrap() {
            seen.push(match incoming {
                Incoming::Message(Message::Request(r)) => format!("request {}", r.method),
                Incoming::Message(Message::Notification(n)) => format!("notification {}", n.method),
                Incoming::Message(Message::Response(_)) => "response".to_string(),
                Incoming::Malformed { id, code, .. } => format!("{:?} {:?}", code, id),
            });
        }
        assert_eq!(
            seen,
            [
                "request shutdown",
                "ParseError None",
                "InvalidRequest Some(Number(7))",
                "ParseError None",
                "notification exit"
            ]
        );
    }

    #[test]
    fn error_answers_have_an_id_or_null() {
        let mut out = Vec::new();
        write_error(&mut out, None, ErrorCode::ParseError, "bad").unwrap();
        let text = String::from_utf8(out).unwrap();
        let body: Value = serde_json::from_str(text.split("\r\n\r\n").nth(1).unwrap()).unwrap();
        assert_eq!(body["id"], Value::Null);
        assert_eq!(body["error"]["code"], -32700);
    }
}
