//! Printing a run's events: one JSON object per line with `--json`, readable lines otherwise.

use std::io::Write;
use std::sync::{Arc, Mutex};
use swan_runtime::{Event, EventSink, Outcome};

pub fn printer(json: bool) -> Arc<dyn EventSink> {
    if json {
        Arc::new(JsonLines(Mutex::new(())))
    } else {
        Arc::new(Human(Mutex::new(())))
    }
}

/// `--json`: every event, in order of occurrence, one object per line on stdout.
struct JsonLines(Mutex<()>);

impl EventSink for JsonLines {
    fn emit(&self, event: Event) {
        let _order = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", event.to_json());
        let _ = out.flush();
    }
}

/// Human output: console lines, toasts, the prompt and API outcomes on stdout; a progress
/// bar for downloads and uncaught errors on stderr.
struct Human(Mutex<()>);

impl EventSink for Human {
    fn emit(&self, event: Event) {
        let _order = self.0.lock().unwrap_or_else(|p| p.into_inner());
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
                println!("console.{level}: {}", text.join(" "));
            }
            Event::Toast {
                title,
                icon,
                image,
                duration,
                ..
            } => {
                let icon = image.map(|i| format!("image {i}")).unwrap_or(icon);
                println!("toast: {title:?} ({icon}, {duration} ms)");
            }
            Event::HideToast => println!("toast hidden"),
            Event::Prompt { scope, answer } => println!("prompt: {scope}? {answer}"),
            Event::Api { name, outcome, res } => {
                let word = if outcome == Outcome::Success {
                    "success"
                } else {
                    "fail"
                };
                println!("swan.{name}: {word} {res}");
            }
            Event::Progress {
                url,
                progress,
                written,
                expected,
            } => {
                let filled = usize::from(progress.min(100)) / 5;
                eprint!(
                    "\r{url} [{}{}] {progress:>3}% {written}/{expected} bytes",
                    "#".repeat(filled),
                    " ".repeat(20 - filled)
                );
                if progress >= 100 {
                    eprintln!();
                }
            }
            Event::Error { message, stack } => {
                eprintln!("uncaught: {message}");
                if !stack.is_empty() {
                    eprintln!("{stack}");
                }
            }
        }
    }
}
