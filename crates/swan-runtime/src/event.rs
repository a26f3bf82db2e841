//! What a headless run shows: every console line, toast, prompt, finished API call and uncaught
//! error, in order of occurrence. The runtime only emits; a front end (the CLI's human or JSON
//! printer, a test's recorder) decides how to show them.

use serde_json::{Value, json};

/// One thing a run showed, as a phone would have shown it to its user (or its developer).
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A `console.*` call.
    Console {
        /// The method called: `log`, `info`, `warn`, `error` or `debug`.
        level: String,
        /// The arguments, converted to JSON as far as they can be.
        args: Vec<Value>,
    },
    /// A toast shown by `swan.showToast`, every option settled (see [`swan_core::api::Toast`]).
    Toast {
        /// The text (never empty).
        title: String,
        /// `success`, `loading` or `none`.
        icon: String,
        /// A custom icon's path, when given.
        image: Option<String>,
        /// How long it stays, in milliseconds.
        duration: u64,
        /// Whether touches below are blocked.
        mask: bool,
    },
    /// `swan.hideToast` took the toast away.
    HideToast,
    /// The user was asked for a scope (only the first request of a scope asks).
    Prompt {
        /// The scope asked for, e.g. `scope.writePhotosAlbum`.
        scope: String,
        /// `allow`, `deny` or `dismiss`.
        answer: String,
    },
    /// One per finished API call, with exactly the object given to the callbacks.
    Api {
        /// The API's name without `swan.` (`saveImageToPhotosAlbum`).
        name: String,
        /// Which callback got it.
        outcome: Outcome,
        /// The result object (`errMsg`, and `errCode` on failure).
        res: Value,
    },
    /// A download's progress, as given to `onProgressUpdate` listeners.
    Progress {
        /// The download's URL, to tell concurrent downloads apart.
        url: String,
        /// Percent done, 0 to 100.
        progress: u8,
        /// Bytes received so far.
        written: u64,
        /// Bytes the server announced (0 when it did not say).
        expected: u64,
    },
    /// Something else the page showed its user or did to the device, as a phone would show it:
    /// a modal, an action sheet, a loading indicator, a navigation-bar title, the clipboard, a
    /// page change. `what` names it (the `--json` line's `type`, e.g. `modal`, `navigate`);
    /// `detail` is a JSON object of its settled options and the user's answer.
    Shown {
        /// What was shown, in camelCase (`modal`, `actionSheet`, `loading`, `navigate`).
        what: String,
        /// Its fields; an object (anything else is wrapped as `{"value": …}`).
        detail: Value,
    },
    /// Something the host wants the developer to know that page code did not show: an API
    /// swan-album does not implement was called, timers were still set when the run ended, a
    /// size could not be known. Not an error: the run goes on.
    Notice {
        /// A short camelCase name for the kind of notice (`unsupportedApi`, `timersLeft`).
        what: String,
        /// One readable sentence.
        message: String,
    },
    /// An exception nothing caught (page code, a timer, a callback, an unhandled rejection).
    Error {
        /// The exception's message (or the run's own, e.g. its time limit).
        message: String,
        /// The JavaScript stack, with project-relative file names; may be empty.
        stack: String,
    },
}

/// Which callback an API call ended in (`complete` always runs as well).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `success` ran.
    Success,
    /// `fail` ran.
    Fail,
}

impl Event {
    /// The `--json` line for this event.
    pub fn to_json(&self) -> Value {
        match self {
            Event::Console { level, args } => {
                json!({"type": "console", "level": level, "args": args})
            }
            Event::Toast {
                title,
                icon,
                image,
                duration,
                mask,
            } => {
                let mut v = json!({"type": "toast", "title": title, "icon": icon, "duration": duration, "mask": mask});
                if let Some(image) = image {
                    v["image"] = json!(image);
                }
                v
            }
            Event::HideToast => json!({"type": "hideToast"}),
            Event::Prompt { scope, answer } => {
                json!({"type": "prompt", "scope": scope, "answer": answer})
            }
            Event::Api { name, outcome, res } => json!({
                "type": "api",
                "name": name,
                "outcome": match outcome { Outcome::Success => "success", Outcome::Fail => "fail" },
                "res": res,
            }),
            Event::Progress {
                url,
                progress,
                written,
                expected,
            } => json!({
                "type": "progress",
                "url": url,
                "progress": progress,
                "totalBytesWritten": written,
                "totalBytesExpectedToWrite": expected,
            }),
            Event::Shown { what, detail } => {
                // `type` comes first and is ours: a detail field of that name cannot replace it.
                let mut map = serde_json::Map::new();
                map.insert("type".into(), json!(what));
                match detail {
                    Value::Object(fields) => map.extend(
                        fields
                            .iter()
                            .filter(|(k, _)| *k != "type")
                            .map(|(k, v)| (k.clone(), v.clone())),
                    ),
                    other => {
                        map.insert("value".into(), other.clone());
                    }
                }
                Value::Object(map)
            }
            Event::Notice { what, message } => {
                json!({"type": "notice", "what": what, "message": message})
            }
            Event::Error { message, stack } => {
                json!({"type": "error", "message": message, "stack": stack})
            }
        }
    }
}

/// Receives events as they happen, from the JavaScript thread and from worker threads (the
/// prompt is answered on a worker), hence `Send + Sync`.
pub trait EventSink: Send + Sync {
    /// Called once per event, in order; must not block for long, as page code waits.
    fn emit(&self, event: Event);
}

/// Keeps every event; for tests and for hosts that look at a run afterwards.
#[derive(Default)]
pub struct Recorder(std::sync::Mutex<Vec<Event>>);

impl Recorder {
    /// A copy of every event so far, oldest first.
    pub fn events(&self) -> Vec<Event> {
        swan_fs::lock(&self.0).clone()
    }
}

impl EventSink for Recorder {
    fn emit(&self, event: Event) {
        swan_fs::lock(&self.0).push(event);
    }
}
