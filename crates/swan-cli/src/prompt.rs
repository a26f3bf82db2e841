//! The user who answers the authorization prompt: scripted by `--auth`, or a person at the
//! terminal.

use crate::cli::AuthAnswer;
use crate::escape::escape_line;
use crate::stdout::{errln, write_err};
use std::io::{BufRead, IsTerminal};
use std::sync::Arc;
use swan_core::swan_auth::{Authorizer, BoxFuture, FixedAnswer, PromptAnswer, PromptRequest};

pub fn authorizer(answer: AuthAnswer) -> Arc<dyn Authorizer> {
    match answer {
        AuthAnswer::Allow => Arc::new(FixedAnswer(PromptAnswer::Allow)),
        AuthAnswer::Deny => Arc::new(FixedAnswer(PromptAnswer::Deny)),
        AuthAnswer::Dismiss => Arc::new(FixedAnswer(PromptAnswer::Dismiss)),
        AuthAnswer::Ask => Arc::new(TerminalPrompt),
    }
}

/// Asks on stderr and reads stdin. With no terminal there is nobody to ask: the prompt counts
/// as dismissed (what a phone does when the user walks away), and we say so.
struct TerminalPrompt;

impl Authorizer for TerminalPrompt {
    fn ask<'a>(&'a self, request: &'a PromptRequest) -> BoxFuture<'a, PromptAnswer> {
        Box::pin(async move { ask_on_terminal(request) })
    }
}

fn ask_on_terminal(request: &PromptRequest) -> PromptAnswer {
    let stdin = std::io::stdin();
    let app = escape_line(&request.app);
    let scope = escape_line(&request.scope);
    if !stdin.is_terminal() {
        errln!(
            "swan-album: \"{app}\" asks for {scope} but there is no terminal to ask on: dismissed (use --auth allow|deny)"
        );
        return PromptAnswer::Dismiss;
    }
    write_err(&format!(
        "\"{app}\" asks for {scope}. Allow? [y]es / [n]o (anything else dismisses): "
    ));
    let mut line = String::new();
    if stdin.lock().read_line(&mut line).is_err() {
        return PromptAnswer::Dismiss;
    }
    match line.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" | "a" | "allow" => PromptAnswer::Allow,
        "n" | "no" | "d" | "deny" => PromptAnswer::Deny,
        _ => PromptAnswer::Dismiss,
    }
}
