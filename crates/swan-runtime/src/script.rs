//! A run's script (`--script FILE`): what the user does after the page is ready, step by step.
//! It is a JSON array; each step is one object with one key naming what it does:
//!
//! - `{"call": "onTap", "event": {...}}`: calls a method of the page on top (the event
//!   defaults to `{}`), like `--call`;
//! - `{"navigateTo": "/pages/a/a?id=1"}`, `{"redirectTo": url}`, `{"switchTab": url}`,
//!   `{"reLaunch": url}`, `{"navigateBack": 1}`: moves pages as the API of that name does, with
//!   the same rules (the url is relative to the page on top);
//! - `{"advance": "60s"}`: lets time pass (`ms`, `s`, `m`, `h`, or a number of milliseconds):
//!   timers due meanwhile fire in order; under the virtual clock without real waiting;
//! - `{"user": {...}}`: changes the scripted user's answers from then on;
//! - `{"network": "none"}`: puts the phone on another network (`wifi`, `2g`, `3g`, `4g`,
//!   `unknown`, `none`): getNetworkType reports it and onNetworkStatusChange listeners hear it;
//! - `"settle"` (or `{"settle": true}`): waits until the page settles.
//!
//! After every step the run settles (Promise jobs, API calls in flight and one-shot timers are
//! done; intervals do not count), so the next step sees what the last one did.

use serde_json::Value;
use std::time::Duration;
use swan_core::api::NavKind;

/// One step of a run's script.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Calls a method of the page on top with an event object.
    Call {
        /// The page method.
        method: String,
        /// Its event argument.
        event: Value,
    },
    /// `navigateTo`, `redirectTo`, `switchTab` or `reLaunch` to a url.
    Navigate {
        /// Which one.
        kind: NavKind,
        /// The url, as page code would pass it.
        url: String,
    },
    /// `navigateBack` by this many pages.
    Back(u64),
    /// Lets this much time pass on the run's clock.
    Advance(Duration),
    /// Merges these answers over the scripted user's (see [`crate::UserAnswers::merge`]).
    User(Value),
    /// Puts the phone on this network (`getNetworkType`, `onNetworkStatusChange`).
    Network(swan_core::api::NetworkType),
    /// Waits until the page settles (which every step does anyway).
    Settle,
}

/// Reads a script: a JSON array of steps. The error names the step (from 1) and what is wrong.
pub fn parse_script(text: &str) -> Result<Vec<Step>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Array(steps) = value else {
        return Err("a script is a JSON array of steps".into());
    };
    steps
        .iter()
        .enumerate()
        .map(|(i, step)| parse_step(step).map_err(|e| format!("step {}: {e}", i + 1)))
        .collect()
}

fn parse_step(step: &Value) -> Result<Step, String> {
    if step.as_str() == Some("settle") {
        return Ok(Step::Settle);
    }
    let Value::Object(map) = step else {
        return Err("a step is an object such as {\"call\": \"onTap\"} or \"settle\"".into());
    };
    let known = [
        "call",
        "navigateTo",
        "redirectTo",
        "switchTab",
        "reLaunch",
        "navigateBack",
        "advance",
        "user",
        "network",
        "settle",
    ];
    let Some(what) = known.iter().find(|k| map.contains_key(**k)) else {
        let keys: Vec<&String> = map.keys().collect();
        return Err(format!(
            "unknown step {keys:?}; expected one of {}",
            known.join(", ")
        ));
    };
    let allowed: &[&str] = if *what == "call" {
        &["call", "event"]
    } else {
        &[what]
    };
    if let Some(extra) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(format!("\"{what}\" step has an unknown key {extra:?}"));
    }
    let arg = &map[*what];
    let text = |name: &str| {
        arg.as_str()
            .map(String::from)
            .ok_or_else(|| format!("\"{name}\" must be a string"))
    };
    Ok(match *what {
        "call" => Step::Call {
            method: text("call")?,
            event: map
                .get("event")
                .cloned()
                .unwrap_or_else(|| serde_json::json!({})),
        },
        "navigateTo" => nav(NavKind::NavigateTo, text(what)?),
        "redirectTo" => nav(NavKind::RedirectTo, text(what)?),
        "switchTab" => nav(NavKind::SwitchTab, text(what)?),
        "reLaunch" => nav(NavKind::ReLaunch, text(what)?),
        "navigateBack" => match arg {
            Value::Null => Step::Back(1),
            v => Step::Back(
                v.as_u64()
                    .filter(|d| *d >= 1)
                    .ok_or("\"navigateBack\" must be a number of pages (1 or more)")?,
            ),
        },
        "advance" => Step::Advance(duration(arg)?),
        "user" if arg.is_object() => Step::User(arg.clone()),
        "user" => return Err("\"user\" must be an object of answers".into()),
        "network" => Step::Network(
            arg.as_str()
                .and_then(swan_core::api::NetworkType::parse)
                .ok_or("\"network\" must be one of wifi, 2g, 3g, 4g, unknown, none")?,
        ),
        _ => Step::Settle,
    })
}

fn nav(kind: NavKind, url: String) -> Step {
    Step::Navigate { kind, url }
}

/// `"60s"`, `"500ms"`, `"2m"`, `"1h"` or a number of milliseconds; at most a day.
fn duration(v: &Value) -> Result<Duration, String> {
    let bad = || {
        "\"advance\" must be a duration such as \"60s\", \"500ms\" or 1500 (ms), at most a day"
            .to_string()
    };
    let ms = match v {
        Value::Number(n) => n.as_f64().ok_or_else(bad)?,
        Value::String(s) => {
            let s = s.trim();
            let (number, unit) = s
                .find(|c: char| c.is_ascii_alphabetic())
                .map_or((s, "ms"), |at| s.split_at(at));
            let n: f64 = number.trim().parse().map_err(|_| bad())?;
            let scale = match unit {
                "ms" => 1.0,
                "s" => 1000.0,
                "m" | "min" => 60_000.0,
                "h" => 3_600_000.0,
                _ => return Err(bad()),
            };
            n * scale
        }
        _ => return Err(bad()),
    };
    if !(ms.is_finite() && (0.0..=86_400_000.0).contains(&ms)) {
        return Err(bad());
    }
    Ok(Duration::from_secs_f64(ms / 1000.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_kind() {
        let steps = parse_script(
            r#"[{"call": "tap", "event": {"detail": 1}}, {"navigateTo": "/p/p?id=1"},
                {"navigateBack": 2}, {"advance": "1.5s"}, {"advance": 20}, {"user": {"modal": "confirm"}},
                "settle", {"settle": true}, {"call": "x"}, {"reLaunch": "/a"}]"#,
        )
        .unwrap();
        assert_eq!(
            steps[0],
            Step::Call {
                method: "tap".into(),
                event: serde_json::json!({"detail": 1})
            }
        );
        assert_eq!(
            steps[1],
            Step::Navigate {
                kind: NavKind::NavigateTo,
                url: "/p/p?id=1".into()
            }
        );
        assert_eq!(steps[2], Step::Back(2));
        assert_eq!(steps[3], Step::Advance(Duration::from_millis(1500)));
        assert_eq!(steps[4], Step::Advance(Duration::from_millis(20)));
        assert!(matches!(steps[5], Step::User(_)));
        assert_eq!((&steps[6], &steps[7]), (&Step::Settle, &Step::Settle));
        assert_eq!(
            steps[8],
            Step::Call {
                method: "x".into(),
                event: serde_json::json!({})
            }
        );
    }

    #[test]
    fn errors_name_the_step() {
        for (text, message) in [
            ("{}", "a script is a JSON array of steps"),
            ("[1]", "step 1: a step is an object"),
            (r#"[{"jump": 1}]"#, "step 1: unknown step"),
            (
                r#"["settle", {"call": 3}]"#,
                "step 2: \"call\" must be a string",
            ),
            (
                r#"[{"call": "a", "x": 1}]"#,
                "step 1: \"call\" step has an unknown key \"x\"",
            ),
            (
                r#"[{"advance": "5 days"}]"#,
                "step 1: \"advance\" must be a duration",
            ),
            (
                r#"[{"advance": -1}]"#,
                "step 1: \"advance\" must be a duration",
            ),
            (
                r#"[{"navigateBack": 0}]"#,
                "step 1: \"navigateBack\" must be a number",
            ),
            (r#"[{"user": 1}]"#, "step 1: \"user\" must be an object"),
        ] {
            let e = parse_script(text).unwrap_err();
            assert!(e.starts_with(message), "{text}: {e}");
        }
    }
}
