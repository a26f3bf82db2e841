//! Shared test helpers: authorizers that count prompts, and fresh stores in temp directories.
#![allow(dead_code)] // each test binary uses a different subset

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use swan_auth::{
    AuthStore, Authorization, Authorizer, BoxFuture, HostPolicy, PromptAnswer, PromptRequest,
};

/// Answers every prompt with `answer` after `delay`, counting prompts (counted when the prompt
/// starts, so a cancelled prompt still counts) and remembering what was asked.
pub struct Counting {
    pub answer: PromptAnswer,
    pub delay: Duration,
    pub count: AtomicUsize,
    pub asked: Mutex<Vec<(String, String)>>,
    /// Prompts open right now, and the most ever open at once (shows separate prompts overlap).
    pub open: AtomicUsize,
    pub max_open: AtomicUsize,
}

impl Counting {
    pub fn new(answer: PromptAnswer) -> Arc<Self> {
        Self::slow(answer, Duration::ZERO)
    }

    pub fn slow(answer: PromptAnswer, delay: Duration) -> Arc<Self> {
        Arc::new(Counting {
            answer,
            delay,
            count: AtomicUsize::new(0),
            asked: Mutex::new(Vec::new()),
            open: AtomicUsize::new(0),
            max_open: AtomicUsize::new(0),
        })
    }

    pub fn prompts(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    pub fn max_open(&self) -> usize {
        self.max_open.load(Ordering::SeqCst)
    }
}

impl Authorizer for Counting {
    fn ask<'a>(&'a self, request: &'a PromptRequest) -> BoxFuture<'a, PromptAnswer> {
        Box::pin(async move {
            self.count.fetch_add(1, Ordering::SeqCst);
            self.asked
                .lock()
                .unwrap()
                .push((request.app.clone(), request.scope.clone()));
            let now_open = self.open.fetch_add(1, Ordering::SeqCst) + 1;
            self.max_open.fetch_max(now_open, Ordering::SeqCst);
            if !self.delay.is_zero() {
                tokio::time::sleep(self.delay).await;
            }
            self.open.fetch_sub(1, Ordering::SeqCst);
            self.answer
        })
    }
}

/// Plays a script: the n-th prompt waits `script[n].0` and answers `script[n].1`.
pub struct Scripted {
    pub script: Mutex<VecDeque<(Duration, PromptAnswer)>>,
    pub count: AtomicUsize,
}

impl Scripted {
    pub fn new(script: impl IntoIterator<Item = (Duration, PromptAnswer)>) -> Arc<Self> {
        Arc::new(Scripted {
            script: Mutex::new(script.into_iter().collect()),
            count: AtomicUsize::new(0),
        })
    }

    pub fn prompts(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

impl Authorizer for Scripted {
    fn ask<'a>(&'a self, _request: &'a PromptRequest) -> BoxFuture<'a, PromptAnswer> {
        Box::pin(async move {
            self.count.fetch_add(1, Ordering::SeqCst);
            let (delay, answer) = self
                .script
                .lock()
                .unwrap()
                .pop_front()
                .expect("more prompts than scripted");
            tokio::time::sleep(delay).await;
            answer
        })
    }
}

/// A temp dir with a store path inside (the dir must outlive every store opened on it).
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("auth.sqlite");
    (dir, path)
}

pub fn authorization(
    path: &std::path::Path,
    policy: HostPolicy,
    authorizer: Arc<dyn Authorizer>,
) -> Authorization {
    Authorization::new(AuthStore::open(path).unwrap(), policy, authorizer)
}

pub fn current_thread_rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
}
