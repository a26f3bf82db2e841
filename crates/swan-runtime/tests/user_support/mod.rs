//! Running a page with the scripted user's answers (the `user_*` tests): the project and
//! folders are `common::World`'s; the run adds `RunOptions.user`.
#![allow(dead_code)]

use crate::common::{Ran, SlowUser, World};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use swan_core::swan_auth::PromptAnswer;
use swan_core::{Host, HostConfig};
use swan_runtime::{Event, Project, PromptEvents, Recorder, RunOptions, UserAnswers};

/// Runs `method` with the user's `answers` (a JSON object of the README's keys); `prompt`
/// answers authorization prompts; `settings` is what openSetting changes.
pub fn run_as(
    w: &World,
    method: &str,
    answers: Value,
    prompt: PromptAnswer,
    settings: BTreeMap<String, bool>,
) -> Ran {
    let user = UserAnswers::from_json(&answers).expect("valid answers");
    run_user(w, method, user, prompt, settings)
}

pub fn run_user(
    w: &World,
    method: &str,
    user: UserAnswers,
    prompt: PromptAnswer,
    settings: BTreeMap<String, bool>,
) -> Ran {
    let recorder = Arc::new(Recorder::default());
    let config = HostConfig {
        policy: w.policy.clone(),
        ..HostConfig::new(w.album(), w.dir.path().join("data"))
    };
    let authorizer = Arc::new(SlowUser(prompt));
    let host = Arc::new(
        Host::open(
            config,
            Arc::new(PromptEvents::new(authorizer, recorder.clone())),
        )
        .unwrap(),
    );
    let options = RunOptions {
        timeout: Duration::from_secs(20),
        settings_changes: settings,
        user,
        ..RunOptions::new("pages/index/index").call(method)
    };
    let project = Project::load(&w.project()).unwrap();
    let status = swan_runtime::run(host, project, options, recorder.clone()).unwrap();
    Ran {
        status,
        events: recorder.events(),
    }
}

/// Runs with `answers` and a user who allows prompts.
pub fn run_with(w: &World, method: &str, answers: Value) -> Ran {
    run_as(w, method, answers, PromptAnswer::Allow, BTreeMap::new())
}

/// The `detail` of every `Shown` event of this kind, in order.
pub fn shown(ran: &Ran, what: &str) -> Vec<Value> {
    ran.events
        .iter()
        .filter_map(|e| match e {
            Event::Shown { what: w, detail } if w == what => Some(detail.clone()),
            _ => None,
        })
        .collect()
}

/// Every notice's message.
pub fn notices(ran: &Ran) -> Vec<String> {
    ran.events
        .iter()
        .filter_map(|e| match e {
            Event::Notice { message, .. } => Some(message.clone()),
            _ => None,
        })
        .collect()
}

/// The one result of `api` (panics unless it was called once).
pub fn only(ran: &Ran, api: &str) -> (swan_runtime::Outcome, Value) {
    let all = ran.api(api);
    assert_eq!(all.len(), 1, "{api}: {:?}", ran.events);
    all[0].clone()
}

/// A page whose methods are given as `name() { body }` source.
pub fn page(methods: &str) -> String {
    format!("Page({{ {methods} }});")
}

pub fn no_settings() -> BTreeMap<String, bool> {
    BTreeMap::new()
}

pub fn empty() -> Value {
    json!({})
}
