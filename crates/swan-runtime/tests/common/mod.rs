#![allow(dead_code)]

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use swan_core::swan_auth::{Authorizer, BoxFuture, HostPolicy, PromptAnswer, PromptRequest};
use swan_core::{Host, HostConfig};
use swan_runtime::{Event, Outcome, Project, PromptEvents, Recorder, RunOptions, RunStatus};

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures")
            .join(name),
    )
    .unwrap()
}

/// A user who answers after a short pause (long enough for concurrent requests to meet).
pub struct SlowUser(pub PromptAnswer);

impl Authorizer for SlowUser {
    fn ask<'a>(&'a self, _: &'a PromptRequest) -> BoxFuture<'a, PromptAnswer> {
        Box::pin(async move {
            std::thread::sleep(Duration::from_millis(100));
            self.0
        })
    }
}

/// A project on disk with one page whose script is given, plus an album and a data folder.
pub struct World {
    pub dir: tempfile::TempDir,
    pub policy: HostPolicy,
    pub client: swan_net::ClientConfig,
    pub on_overrun: Option<swan_runtime::OverrunHook>,
}

pub struct Ran {
    pub status: RunStatus,
    pub events: Vec<Event>,
}

impl World {
    pub fn new(page_js: &str) -> World {
        World::with_app(page_js, "App({});")
    }

    pub fn with_app(page_js: &str, app_js: &str) -> World {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("project");
        std::fs::create_dir_all(project.join("pages/index")).unwrap();
        std::fs::create_dir_all(project.join("images")).unwrap();
        std::fs::write(
            project.join("app.json"),
            r#"{"pages": ["pages/index/index"]}"#,
        )
        .unwrap();
        std::fs::write(project.join("swan-album.json"), r#"{"appId": "test-app"}"#).unwrap();
        std::fs::write(project.join("app.js"), app_js).unwrap();
        std::fs::write(project.join("pages/index/index.js"), page_js).unwrap();
        std::fs::write(project.join("images/a.png"), fixture("png-alpha.png")).unwrap();
        std::fs::write(project.join("images/notes.png"), b"not a picture").unwrap();
        World {
            dir,
            policy: HostPolicy::default(),
            client: swan_net::ClientConfig::default(),
            on_overrun: None,
        }
    }

    pub fn project(&self) -> PathBuf {
        self.dir.path().join("project")
    }

    pub fn album(&self) -> PathBuf {
        self.dir.path().join("album")
    }

    pub fn run(&self, method: &str, answer: PromptAnswer) -> Ran {
        self.run_with(
            method,
            Arc::new(SlowUser(answer)),
            BTreeMap::new(),
            Duration::from_secs(20),
        )
    }

    pub fn run_with(
        &self,
        method: &str,
        user: Arc<dyn Authorizer>,
        settings: BTreeMap<String, bool>,
        timeout: Duration,
    ) -> Ran {
        let recorder = Arc::new(Recorder::default());
        let config = HostConfig {
            policy: self.policy.clone(),
            ..HostConfig::new(self.album(), self.dir.path().join("data"))
        };
        let host = Arc::new(
            Host::open(config, Arc::new(PromptEvents::new(user, recorder.clone()))).unwrap(),
        );
        let options = RunOptions {
            event: json!({"detail": {"x": 1}}),
            query: vec![("id".into(), "7".into())],
            timeout,
            settings_changes: settings,
            client: self.client.clone(),
            on_overrun: self.on_overrun.clone(),
            ..RunOptions::new("pages/index/index").call(method)
        };
        let project = Project::load(&self.project()).unwrap();
        let status = swan_runtime::run(host, project, options, recorder.clone()).unwrap();
        Ran {
            status,
            events: recorder.events(),
        }
    }

    pub fn album_files(&self) -> Vec<PathBuf> {
        let Ok(dir) = std::fs::read_dir(self.album()) else {
            return vec![];
        };
        let mut v: Vec<PathBuf> = dir
            .map(|e| e.unwrap().path())
            .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
            .collect();
        v.sort();
        v
    }
}

impl Ran {
    /// The first argument of every console.log, in order (the tests' trace).
    pub fn logs(&self) -> Vec<Value> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Console { level, args } if level == "log" => Some(if args.len() == 1 {
                    args[0].clone()
                } else {
                    Value::Array(args.clone())
                }),
                _ => None,
            })
            .collect()
    }

    pub fn api(&self, name: &str) -> Vec<(Outcome, Value)> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Api {
                    name: n,
                    outcome,
                    res,
                } if n == name => Some((*outcome, res.clone())),
                _ => None,
            })
            .collect()
    }

    pub fn prompts(&self) -> usize {
        self.events
            .iter()
            .filter(|e| matches!(e, Event::Prompt { .. }))
            .count()
    }

    pub fn errors(&self) -> Vec<String> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Error { message, .. } => Some(message.clone()),
                _ => None,
            })
            .collect()
    }
}
