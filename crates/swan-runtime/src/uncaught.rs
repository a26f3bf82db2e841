//! Exceptions nothing caught: each becomes an `error` event and fails the run. The stack
//! carries file, line and column; where this engine's message does not say what was called
//! (`TypeError: not a function`) or what was undefined, the expression is read from the
//! page's source at that place and named (`TypeError: o.missing is not a function`).

use crate::convert::{display, error_text};
use crate::event::Event;
use crate::limits::MEMORY_LIMIT;
use crate::state::State;
use rquickjs::{Ctx, Exception, JsLifetime, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::Ordering;

/// The run's state, reachable from any `Ctx` so that [`describe_value`] can read the source
/// an error points at, with each file read once (a page erring in a loop must not re-read a
/// large bundle each time).
struct Sources {
    state: Rc<State>,
    read: RefCell<HashMap<String, Option<Rc<str>>>>,
}

impl Sources {
    fn source(&self, file: &str) -> Option<Rc<str>> {
        if let Some(known) = self.read.borrow().get(file) {
            return known.clone();
        }
        let text = match self.state.services.project.script(file) {
            Ok(Some(script)) => Some(Rc::from(script.source)),
            _ => None,
        };
        self.read.borrow_mut().insert(file.into(), text.clone());
        text
    }
}

// SAFETY: `Sources` has no lifetime of its own, which rquickjs documents as always sound.
unsafe impl<'js> JsLifetime<'js> for Sources {
    type Changed<'to> = Sources;
}

/// Lets error messages quote the project's source (see [`describe_value`]).
pub(crate) fn install(ctx: &Ctx<'_>, state: &Rc<State>) {
    let _ = ctx.store_userdata(Sources {
        state: state.clone(),
        read: RefCell::default(),
    });
}

/// Reports an error returned by a call into JavaScript. Returns the message, for callers that
/// add context.
pub fn report<'js>(ctx: &Ctx<'js>, state: &State, err: rquickjs::Error) {
    if state.engine.stopped() {
        // What page code throws once the run is over is the engine stopping it (one
        // `InternalError: interrupted` per job): the run's end says why, once.
        return;
    }
    let (mut message, stack) = describe(ctx, err);
    // Out of heap, QuickJS may have had no memory left for the error and thrown `null`.
    let near_full = state.engine.heap_near_full.swap(false, Ordering::Relaxed);
    if near_full && message == "Uncaught null" {
        message = format!(
            "InternalError: out of memory (the page used up its {} MiB JavaScript heap)",
            MEMORY_LIMIT >> 20
        );
    }
    state.engine.failed.set(true);
    state.emit(Event::Error { message, stack });
}

/// The message and stack of an error from the engine.
pub fn describe<'js>(ctx: &Ctx<'js>, err: rquickjs::Error) -> (String, String) {
    match err {
        rquickjs::Error::Exception => describe_value(&ctx.catch()),
        other => (other.to_string(), String::new()),
    }
}

pub fn describe_value(v: &Value<'_>) -> (String, String) {
    match v
        .as_object()
        .and_then(|o| Exception::from_object(o.clone()))
    {
        Some(e) => {
            let (message, stack) = (error_text(&e), e.stack().unwrap_or_default());
            let named = v
                .ctx()
                .userdata::<Sources>()
                .and_then(|sources| name_it(&sources, &message, &stack));
            (named.unwrap_or(message), stack)
        }
        // A thrown or rejected plain object (`reject(res)`) is shown as data, not `[object Object]`.
        None if v.is_object() && !v.is_function() => (
            format!("Uncaught {}", crate::convert::to_json(v.ctx(), v)),
            String::new(),
        ),
        None => (format!("Uncaught {}", display(v)), String::new()),
    }
}

/// The message with the expression it is about, when the engine's message lacks it and the
/// first frame of the stack is in the project's source.
///
/// Line 1 is never read: a loader may wrap a file in a function on its first line (CommonJS),
/// which moves that line's columns, and a wrong name would mislead more than none.
fn name_it(sources: &Sources, message: &str, stack: &str) -> Option<String> {
    let (file, line, col) = first_frame(stack)?;
    if line < 2 {
        return None;
    }
    let source = sources.source(file)?;
    let text = source.lines().nth(line.checked_sub(1)?)?;
    let at: Vec<char> = text.chars().collect();
    let start = col.checked_sub(1)?;
    if let Some(kind) = message.strip_suffix(": not a function") {
        let callee = callee(&at, start)?;
        return Some(format!("{kind}: {callee} is not a function"));
    }
    let rest = message.split_once(": cannot read property '")?.1;
    let (property, _) = rest.split_once("' of ")?;
    let expr = expression(&at, start)?;
    let object = expr
        .strip_suffix(&format!(".{property}"))
        .or_else(|| expr.strip_suffix(&format!("?.{property}")))?;
    (!object.is_empty()).then(|| format!("{message}: {object}"))
}

/// `(file, line, column)` of the first frame of `stack` (`    at f (pages/a.js:3:25)`),
/// skipping frames inside native code.
fn first_frame(stack: &str) -> Option<(&str, usize, usize)> {
    let frame = stack
        .lines()
        .map(str::trim)
        .find(|l| !l.ends_with("(native)"))?;
    let place = frame.strip_prefix("at ")?;
    let place = match place.rsplit_once(" (") {
        Some((_, p)) => p.strip_suffix(')')?,
        None => place,
    };
    let (rest, col) = place.rsplit_once(':')?;
    let (file, line) = rest.rsplit_once(':')?;
    Some((file, line.parse().ok()?, col.parse().ok()?))
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// The member chain that starts at `start` (`this.data.list.push`, `u['x']`), as far as it
/// is plain names, dots and brackets.
fn expression(at: &[char], start: usize) -> Option<String> {
    if !at.get(start).is_some_and(|c| is_ident(*c)) {
        return None;
    }
    let mut end = start;
    let mut depth = 0usize;
    while let Some(&c) = at.get(end) {
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => depth -= 1,
            '.' | '?' => {}
            c if is_ident(c) => {}
            '\'' | '"' if depth > 0 => {}
            _ => break,
        }
        end += 1;
    }
    let expr: String = at[start..end].iter().collect();
    (depth == 0 && expr.len() <= 120).then_some(expr)
}

/// What was called where a "not a function" points: the expression from `start` to its
/// call's `(`, with the object before it when the engine points at the property
/// (`o.missing`).
fn callee(at: &[char], start: usize) -> Option<String> {
    let expr = expression(at, start)?;
    let after = start + expr.chars().count();
    if at.get(after) != Some(&'(') {
        return None;
    }
    let mut begin = start;
    while begin >= 2 && at[begin - 1] == '.' && is_ident(at[begin - 2]) {
        begin -= 1;
        while begin >= 1 && is_ident(at[begin - 1]) {
            begin -= 1;
        }
    }
    let before: String = at[begin..start].iter().collect();
    Some(format!("{before}{expr}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn frames_and_expressions() {
        assert_eq!(
            first_frame("    at reduce (native)\n    at b (pages/index/index.js:3:12)\n"),
            Some(("pages/index/index.js", 3, 12))
        );
        assert_eq!(
            first_frame("    at pages/a.js:2:17\n"),
            Some(("pages/a.js", 2, 17))
        );
        assert_eq!(first_frame(""), None);
        let line = chars("  a() { const o = {}; o.missing(); },");
        assert_eq!(callee(&line, 24).as_deref(), Some("o.missing"));
        let line = chars("  d() { u['x'](); },");
        assert_eq!(callee(&line, 8).as_deref(), Some("u['x']"));
        let line = chars("  b() { this.data.list.push(1); },");
        assert_eq!(expression(&line, 8).as_deref(), Some("this.data.list.push"));
        assert_eq!(callee(&chars("x = (1)"), 4), None);
        assert_eq!(callee(&chars("a.b"), 2), None);
    }
}
