//! What a headless run shows: every console line, toast, prompt, finished API call and uncaught
//! error, in order of occurrence. The runtime only emits; a front end (the CLI's human or JSON
//! printer, a test's recorder) decides how to show them.

use serde_json::{Value, json};

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Console {
        level: String,
        args: Vec<Value>,
    },
    Toast {
        title: String,
        icon: String,
        image: Option<String>,
        duration: u64,
        mask: bool,
    },
    HideToast,
    Prompt {
        scope: String,
        answer: String,
    },
    /// One per finished API call, with exactly the object given to the callbacks.
    Api {
        name: String,
        outcome: Outcome,
        res: Value,
    },
    /// A download's progress, as given to `onProgressUpdate` listeners.
    Progress {
        url: String,
        progress: u8,
        written: u64,
        expected: u64,
    },
    /// An exception nothing caught (page code, a timer, a callback, an unhandled rejection).
    Error {
        message: String,
        stack: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Success,
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
            Event::Error { message, stack } => {
                json!({"type": "error", "message": message, "stack": stack})
            }
        }
    }
}

/// Receives events as they happen, from the JavaScript thread and from worker threads (the
/// prompt is answered on a worker), hence `Send + Sync`.
pub trait EventSink: Send + Sync {
    fn emit(&self, event: Event);
}

/// Keeps every event; for tests and for hosts that look at a run afterwards.
#[derive(Default)]
pub struct Recorder(std::sync::Mutex<Vec<Event>>);

impl Recorder {
    pub fn events(&self) -> Vec<Event> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl EventSink for Recorder {
    fn emit(&self, event: Event) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(event);
    }
}
