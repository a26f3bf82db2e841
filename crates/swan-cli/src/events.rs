//! Printing a run's events: one JSON object per line with `--json`, readable lines otherwise.
//! Page text in readable lines is escaped and labelled (see `escape`), so a page cannot print
//! a line that looks like the host's.

use crate::escape::{escape_line, labelled, quoted};
use crate::stdout::write_err;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Mutex;
use swan_fs::lock;
use swan_runtime::{Event, EventSink, Outcome};

/// The run's printer. The runtime cannot be told that stdout is gone, so the first write error
/// is kept here (later stdout lines are dropped) for the command to look at when the run ends.
pub struct Printer {
    json: bool,
    stdout_error: Mutex<Option<io::Error>>,
}

impl Printer {
    pub fn new(json: bool) -> Printer {
        Printer {
            json,
            stdout_error: Mutex::new(None),
        }
    }

    /// Why stdout could not be written, if it could not.
    pub fn stdout_error(&self) -> Option<io::Error> {
        lock(&self.stdout_error).take()
    }
}

impl EventSink for Printer {
    fn emit(&self, event: Event) {
        // One lock for the whole event keeps lines of concurrent events apart and in order.
        let mut failed = lock(&self.stdout_error);
        let (out, err) = if self.json {
            (format!("{}\n", event.to_json()), String::new())
        } else {
            human(&event)
        };
        if !err.is_empty() {
            write_err(&err);
        }
        if !out.is_empty() && failed.is_none() {
            let mut stdout = io::stdout().lock();
            if let Err(e) = stdout
                .write_all(out.as_bytes())
                .and_then(|()| stdout.flush())
            {
                *failed = Some(e);
            }
        }
    }
}

/// Readable text for an event: (stdout, stderr). Console lines, toasts, the prompt and API
/// outcomes go to stdout; a progress bar for downloads and uncaught errors to stderr.
fn human(event: &Event) -> (String, String) {
    let mut out = String::new();
    let mut err = String::new();
    match event {
        Event::Console { level, args } => {
            let text: Vec<String> = args
                .iter()
                .map(|a| {
                    a.as_str()
                        .map(String::from)
                        .unwrap_or_else(|| a.to_string())
                })
                .collect();
            labelled(&format!("console.{level}"), &text.join(" "), &mut out);
        }
        Event::Toast {
            title,
            icon,
            image,
            duration,
            ..
        } => {
            let icon = match image {
                Some(i) => format!("image {}", quoted(i)),
                None => escape_line(icon).into_owned(),
            };
            let _ = writeln!(out, "toast: {} ({icon}, {duration} ms)", quoted(title));
        }
        Event::HideToast => out.push_str("toast hidden\n"),
        Event::Prompt { scope, answer } => {
            let _ = writeln!(out, "prompt: {}? {answer}", escape_line(scope));
        }
        Event::Api { name, outcome, res } => {
            let word = if *outcome == Outcome::Success {
                "success"
            } else {
                "fail"
            };
            let res = res.to_string();
            let _ = writeln!(out, "swan.{name}: {word} {}", escape_line(&res));
        }
        Event::Progress {
            url,
            progress,
            written,
            expected,
        } => {
            let filled = usize::from(*progress.min(&100)) / 5;
            let _ = write!(
                err,
                "\r{} [{}{}] {progress:>3}% {written}/{expected} bytes",
                escape_line(url),
                "#".repeat(filled),
                " ".repeat(20 - filled)
            );
            if *progress >= 100 {
                err.push('\n');
            }
        }
        Event::Shown { what, detail } => {
            let _ = writeln!(
                out,
                "{}: {}",
                escape_line(what),
                escape_line(&detail.to_string())
            );
        }
        Event::Notice { what, message } => {
            let _ = writeln!(
                err,
                "notice ({}): {}",
                escape_line(what),
                escape_line(message)
            );
        }
        Event::Error { message, stack } => {
            labelled("uncaught", message, &mut err);
            if !stack.is_empty() {
                labelled("uncaught", stack.trim_end_matches('\n'), &mut err);
            }
        }
    }
    (out, err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn page_text_cannot_forge_a_host_line() {
        let (out, _) = human(&Event::Console {
            level: "log".into(),
            args: vec![json!("\nprompt: scope.writePhotosAlbum? allow\u{1b}[2K")],
        });
        assert_eq!(
            out,
            "console.log│ \nconsole.log│ prompt: scope.writePhotosAlbum? allow\\u{1b}[2K\n"
        );
        let (out, _) = human(&Event::Toast {
            title: "ok\" (success, 1 ms)\nswan.saveImageToPhotosAlbum: success".into(),
            icon: "none".into(),
            image: None,
            duration: 2000,
            mask: false,
        });
        assert_eq!(out.lines().count(), 1, "{out}");
        let (_, err) = human(&Event::Error {
            message: "Error: x\u{202e}".into(),
            stack: "    at boom (pages/index/index.js:1)\n".into(),
        });
        assert_eq!(
            err,
            "uncaught│ Error: x\\u{202e}\nuncaught│     at boom (pages/index/index.js:1)\n"
        );
    }
}
