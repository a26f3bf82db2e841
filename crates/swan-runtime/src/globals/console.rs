use crate::convert::{display, to_json};
use crate::event::Event;
use crate::limits::MAX_CONSOLE_BYTES;
use crate::state::State;
use rquickjs::function::{Opt, Rest};
use rquickjs::{Ctx, Function, Object, Value};
use serde_json::Value as Json;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Instant;

/// The levels a `console` event has, each from the method of that name.
const LEVELS: [&str; 5] = ["log", "info", "warn", "error", "debug"];

/// Methods that print their arguments at another method's level: `dir` and `table` print
/// like `log` (a headless run has no tree view or table), `trace` like `debug` (with the
/// stack as its last argument), `group` and `groupCollapsed` their label like `log`.
const ALIASES: [(&str, &str); 5] = [
    ("dir", "log"),
    ("dirxml", "log"),
    ("table", "log"),
    ("group", "log"),
    ("groupCollapsed", "log"),
];

/// `console`: each call is a `console` event with its arguments, within the run's console
/// budget. Besides `log/info/warn/error/debug`, the methods real code calls exist and print
/// the way a developer expects: `dir`, `table`, `trace`, `group`/`groupCollapsed`/`groupEnd`,
/// `time`/`timeLog`/`timeEnd` (`label: 1.5ms`), `count`/`countReset` (`label: 2`) and
/// `assert` (an `error` event `Assertion failed` when the condition is falsy).
///
/// The console is the first global of every engine, so it also arms what uncaught errors need
/// to quote the page's source (`crate::uncaught::install`).
pub(crate) fn install<'js>(ctx: &Ctx<'js>, state: &Rc<State>) -> rquickjs::Result<()> {
    crate::uncaught::install(ctx, state);
    let console = Object::new(ctx.clone())?;
    for (name, level) in LEVELS
        .iter()
        .map(|l| (*l, *l))
        .chain(ALIASES.iter().copied())
    {
        let state = state.clone();
        let f = Function::new(ctx.clone(), move |ctx: Ctx<'js>, args: Rest<Value<'js>>| {
            if state.engine.stopped() {
                return; // before converting: a stopped run must not serialise huge values
            }
            let args = args.0.iter().map(|a| to_json(&ctx, a)).collect();
            emit(&state, level, args);
        })?;
        console.set(name, f.with_name(name)?)?;
    }
    let st = state.clone();
    let trace = Function::new(ctx.clone(), move |ctx: Ctx<'js>, args: Rest<Value<'js>>| {
        if st.engine.stopped() {
            return;
        }
        let mut out: Vec<Json> = vec!["Trace".into()];
        out.extend(args.0.iter().map(|a| to_json(&ctx, a)));
        out.push(stack_here(&ctx).into());
        emit(&st, "debug", out);
    })?;
    console.set("trace", trace.with_name("trace")?)?;
    let st = state.clone();
    let assert = Function::new(ctx.clone(), move |ctx: Ctx<'js>, args: Rest<Value<'js>>| {
        let mut args = args.0.into_iter();
        let holds = args.next().is_some_and(|c| truthy(&c));
        if !holds && !st.engine.stopped() {
            let mut out: Vec<Json> = vec!["Assertion failed".into()];
            out.extend(args.map(|a| to_json(&ctx, &a)));
            emit(&st, "error", out);
        }
    })?;
    console.set("assert", assert.with_name("assert")?)?;
    let nothing = Function::new(ctx.clone(), || {})?;
    console.set("groupEnd", nothing.with_name("groupEnd")?)?;
    timers(ctx, &console, state)?;
    counters(ctx, &console, state)?;
    ctx.globals().set("console", console)
}

/// `time(label)`, `timeLog(label, ...)`, `timeEnd(label)`; the label defaults to `default`.
fn timers<'js>(ctx: &Ctx<'js>, console: &Object<'js>, state: &Rc<State>) -> rquickjs::Result<()> {
    let started: Rc<RefCell<HashMap<String, Instant>>> = Rc::default();
    let s = started.clone();
    let time = Function::new(ctx.clone(), move |label: Opt<Value<'js>>| {
        s.borrow_mut().insert(label_of(label), Instant::now());
    })?;
    console.set("time", time.with_name("time")?)?;
    for (name, end) in [("timeLog", false), ("timeEnd", true)] {
        let (st, started) = (state.clone(), started.clone());
        let f = Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, label: Opt<Value<'js>>, rest: Rest<Value<'js>>| {
                if st.engine.stopped() {
                    return;
                }
                let label = label_of(label);
                let begun = match end {
                    true => started.borrow_mut().remove(&label),
                    false => started.borrow().get(&label).copied(),
                };
                let Some(begun) = begun else {
                    emit(
                        &st,
                        "warn",
                        vec![format!("Timer '{label}' does not exist").into()],
                    );
                    return;
                };
                let ms = begun.elapsed().as_secs_f64() * 1000.0;
                let mut out: Vec<Json> = vec![format!("{label}: {ms:.3}ms").into()];
                out.extend(rest.0.iter().map(|a| to_json(&ctx, a)));
                emit(&st, "log", out);
            },
        )?;
        console.set(name, f.with_name(name)?)?;
    }
    Ok(())
}

/// `count(label)` and `countReset(label)`; the label defaults to `default`.
fn counters<'js>(ctx: &Ctx<'js>, console: &Object<'js>, state: &Rc<State>) -> rquickjs::Result<()> {
    let counts: Rc<RefCell<HashMap<String, u64>>> = Rc::default();
    let (st, c) = (state.clone(), counts.clone());
    let count = Function::new(ctx.clone(), move |label: Opt<Value<'js>>| {
        let label = label_of(label);
        let n = {
            let mut counts = c.borrow_mut();
            let n = counts.entry(label.clone()).or_default();
            *n += 1;
            *n
        };
        emit(&st, "log", vec![format!("{label}: {n}").into()]);
    })?;
    console.set("count", count.with_name("count")?)?;
    let reset = Function::new(ctx.clone(), move |label: Opt<Value<'js>>| {
        counts.borrow_mut().remove(&label_of(label));
    })?;
    console.set("countReset", reset.with_name("countReset")?)
}

fn label_of(label: Opt<Value<'_>>) -> String {
    match label.0 {
        Some(v) if !v.is_undefined() => display(&v),
        _ => "default".into(),
    }
}

/// JavaScript's truthiness, without calling page code.
fn truthy(v: &Value<'_>) -> bool {
    if let Some(b) = v.as_bool() {
        return b;
    }
    if let Some(n) = v.as_number() {
        return n != 0.0 && !n.is_nan();
    }
    if let Some(s) = v.as_string() {
        return !s.to_string().unwrap_or_default().is_empty();
    }
    !(v.is_undefined() || v.is_null())
}

/// The JavaScript stack where `console.trace` was called, without the frame of trace itself.
fn stack_here(ctx: &Ctx<'_>) -> String {
    let made = rquickjs::Exception::from_message(ctx.clone(), "trace");
    let stack = made.ok().and_then(|e| e.stack()).unwrap_or_default();
    stack
        .lines()
        .filter(|l| !l.trim_start().starts_with("at trace "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One `console` event, within the run's budget.
fn emit(state: &State, level: &str, args: Vec<Json>) {
    if state.engine.stopped() {
        return;
    }
    let bytes: usize = args.iter().map(json_len).sum();
    let total = state.engine.console_bytes.get().saturating_add(bytes);
    if total > MAX_CONSOLE_BYTES {
        state.engine.exceed(format!(
            "console output over the {} MiB a run may print",
            MAX_CONSOLE_BYTES >> 20
        ));
        return;
    }
    state.engine.console_bytes.set(total);
    state.emit(Event::Console {
        level: level.to_string(),
        args,
    });
}

/// About the size of a value as printed (strings without re-serialising them).
fn json_len(v: &Json) -> usize {
    match v {
        Json::String(s) => s.len(),
        other => other.to_string().len(),
    }
}
