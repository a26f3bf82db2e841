//! Runs a page with a template and stylesheet, as canvas tests need, and reads exported
//! pictures back.
#![allow(dead_code)]

use crate::common::{Ran, SlowUser, World};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use swan_core::api::{CanvasOverride, DeviceProfile};
use swan_core::swan_auth::PromptAnswer;
use swan_core::{Host, HostConfig};
use swan_runtime::{Event, Project, PromptEvents, Recorder, RunOptions};

pub fn world(page_js: &str, swan: &str, css: &str) -> World {
    let w = World::new(page_js);
    std::fs::write(w.project().join("pages/index/index.swan"), swan).unwrap();
    std::fs::write(w.project().join("pages/index/index.css"), css).unwrap();
    w
}

/// Runs `method` with the given canvas overrides and device.
pub fn run(w: &World, method: &str, sizes: Vec<CanvasOverride>, device: DeviceProfile) -> Ran {
    let recorder = Arc::new(Recorder::default());
    let config = HostConfig::new(w.album(), w.dir.path().join("data"));
    let user = Arc::new(SlowUser(PromptAnswer::Allow));
    let host =
        Arc::new(Host::open(config, Arc::new(PromptEvents::new(user, recorder.clone()))).unwrap());
    let options = RunOptions {
        timeout: Duration::from_secs(20),
        canvas_sizes: sizes,
        device,
        client: w.client.clone(),
        ..RunOptions::new("pages/index/index").call(method)
    };
    let project = Project::load(&w.project()).unwrap();
    let status = swan_runtime::run(host, project, options, recorder.clone()).unwrap();
    Ran {
        status,
        events: recorder.events(),
    }
}

pub fn run_default(w: &World, method: &str) -> Ran {
    run(w, method, Vec::new(), DeviceProfile::default())
}

/// The file behind a `bdfile://tmp_…` path of the test app.
pub fn temp_file(w: &World, path: &str) -> PathBuf {
    let name = path.strip_prefix("bdfile://").unwrap();
    w.dir.path().join("data/apps/test-app/tmp").join(name)
}

pub fn notices(ran: &Ran, what: &str) -> Vec<String> {
    ran.events
        .iter()
        .filter_map(|e| match e {
            Event::Notice { what: w, message } if w == what => Some(message.clone()),
            _ => None,
        })
        .collect()
}

pub fn decode(bytes: &[u8]) -> image::RgbaImage {
    image::load_from_memory(bytes).unwrap().to_rgba8()
}
