//! One run of one page: App onLaunch, the page's onLoad/onShow/onReady, the method, the loop
//! until idle, then onHide and onUnload.

use crate::event::{Event, EventSink};
use crate::event_loop::{Finish, run_jobs, run_until_idle};
use crate::project::{Project, ProjectError, Script};
use crate::state::State;
use crate::{convert, globals, page, swan, uncaught};
use rquickjs::{Context, Ctx, Object, Runtime, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use swan_core::Host;
use swan_core::swan_sandbox::{Adopt, AppId, Package};

/// The JavaScript heap a page may use.
const MEMORY_LIMIT: usize = 512 * 1024 * 1024;
/// The JavaScript stack a page may use (the engine runs on the calling thread).
const STACK_LIMIT: usize = 1024 * 1024;

#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Page route, e.g. `pages/index/index`.
    pub page: String,
    /// The page method to call after onReady.
    pub method: String,
    /// The event object given to the method.
    pub event: serde_json::Value,
    /// The page's query (onLoad's argument).
    pub query: Vec<(String, String)>,
    pub timeout: Duration,
    /// What the user does on the settings page if the page calls openSetting.
    pub settings_changes: BTreeMap<String, bool>,
    /// Trust and routing of downloadFile's HTTP client (e.g. `--map-host` servers).
    pub client: swan_net::ClientConfig,
    /// Take the app id over from the project that used it first (see `swan_sandbox::Package`).
    pub adopt: bool,
}

/// How a run ended. Only `Completed` is a clean run; an API failure is a result, not a crash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunStatus {
    Completed,
    /// Something was thrown and not caught (reported as `error` events).
    Uncaught,
    MethodNotFound(String),
    TimedOut,
}

#[derive(Debug)]
pub enum RunError {
    PageNotFound(String),
    /// A script of the project could not be read (refused or broken).
    Project(ProjectError),
    InvalidAppId(String),
    Io(std::io::Error),
    Engine(String),
    Network(String),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::PageNotFound(p) => {
                write!(f, "page {p:?} is not in app.json or has no script")
            }
            RunError::Project(e) => write!(f, "{e}"),
            RunError::InvalidAppId(id) => {
                write!(f, "invalid app id {id:?} (set appId in swan-album.json)")
            }
            RunError::Io(e) => write!(f, "{e}"),
            RunError::Engine(e) => write!(f, "JavaScript engine: {e}"),
            RunError::Network(e) => write!(f, "HTTP client: {e}"),
        }
    }
}

impl std::error::Error for RunError {}

pub fn run(
    host: Arc<Host>,
    project: Project,
    options: RunOptions,
    events: Arc<dyn EventSink>,
) -> Result<RunStatus, RunError> {
    let script = project.page_script(&options.page).map_err(|e| match e {
        ProjectError::PageNotListed { .. } | ProjectError::ScriptMissing { .. } => {
            RunError::PageNotFound(options.page.clone())
        }
        e => RunError::Project(e),
    })?;
    let app_script = project.app_script().map_err(RunError::Project)?;
    let app: AppId = project
        .app_id
        .parse()
        .map_err(|_| RunError::InvalidAppId(project.app_id.clone()))?;
    let sandbox = host
        .sandbox(
            &app,
            Package::Project {
                root: &project.root,
                adopt: if options.adopt { Adopt::Yes } else { Adopt::No },
            },
        )
        .map_err(|e| RunError::Io(e.into()))?;
    sandbox.clear_temp().map_err(RunError::Io)?; // temp files live for one run
    let workers = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(RunError::Io)?;
    let downloads = swan_net::Downloader::new(options.client.clone())
        .map_err(|e| RunError::Network(format!("{e:?}")))?;
    let (tx, rx) = mpsc::channel();
    let state = Rc::new(State {
        host,
        sandbox: Arc::new(sandbox),
        project,
        events,
        settings_changes: options.settings_changes.clone(),
        workers: workers.handle().clone(),
        downloads: Some(Arc::new(downloads)),
        aborts: Default::default(),
        tx,
        ops: Default::default(),
        next_id: Default::default(),
        timers: Default::default(),
        timer_due: Default::default(),
        failed: Default::default(),
        app: Default::default(),
        page_definition: Default::default(),
        pages: Default::default(),
        rejections: Default::default(),
        rejecting_api_promise: Default::default(),
    });
    let deadline = Instant::now() + options.timeout;
    let engine = |e: rquickjs::Error| RunError::Engine(e.to_string());
    let rt = Runtime::new().map_err(engine)?;
    rt.set_interrupt_handler(Some(Box::new(move || Instant::now() >= deadline)));
    // Page code must not be able to take the host down: a runaway allocation or recursion
    // becomes a JavaScript exception instead.
    rt.set_memory_limit(MEMORY_LIMIT);
    rt.set_max_stack_size(STACK_LIMIT);
    let tracker_state = state.clone();
    rt.set_host_promise_rejection_tracker(Some(Box::new(move |ctx, promise, reason, handled| {
        track_rejection(&ctx, &tracker_state, promise, reason, handled)
    })));
    let context = Context::full(&rt).map_err(engine)?;
    context.with(|ctx| install(&ctx, &state)).map_err(engine)?;

    let scripts = (app_script.as_ref(), &script);
    let status = drive(&rt, &context, &state, &rx, scripts, &options, deadline);

    for download in state.aborts.borrow().iter() {
        download.abort(); // nothing outlives the run
    }
    context.with(|_| state.release());
    rt.set_host_promise_rejection_tracker(None);
    drop(context);
    drop(rt);
    workers.shutdown_background();
    Ok(status)
}

fn install<'js>(ctx: &Ctx<'js>, state: &Rc<State>) -> rquickjs::Result<()> {
    globals::console::install(ctx, state)?;
    globals::timers::install(ctx, state)?;
    page::install(ctx, state)?;
    swan::install(ctx, state)
}

fn drive(
    rt: &Runtime,
    context: &Context,
    state: &State,
    rx: &mpsc::Receiver<crate::state::Completion>,
    (app_script, script): (Option<&Script>, &Script),
    options: &RunOptions,
    deadline: Instant,
) -> RunStatus {
    let route = options.page.trim_start_matches('/');
    let step = |f: &dyn Fn(&Ctx) -> rquickjs::Result<()>| {
        context.with(|ctx| {
            if let Err(e) = f(&ctx) {
                uncaught::report(&ctx, state, e);
            }
        });
        run_jobs(rt, context, state);
    };
    // app.js and App onLaunch
    if let Some(app_script) = app_script {
        step(&|ctx| eval_script(ctx, app_script));
        step(&|ctx| {
            let Some(app) = state.app.borrow().clone() else {
                return Ok(());
            };
            let app = app.restore(ctx)?;
            let launch = Object::new(ctx.clone())?;
            launch.set("path", route)?;
            launch.set("query", query_object(ctx, &options.query)?)?;
            launch.set("scene", "1001")?;
            page::call_hook(&app, "onLaunch", vec![launch.into_value()]).map(|_| ())
        });
    }
    // The page script, its instance and its lifecycle up to onReady.
    step(&|ctx| eval_script(ctx, script));
    let mut method_missing = false;
    context.with(|ctx| {
        let made = (|| -> rquickjs::Result<Option<Object>> {
            let Some(definition) = state.page_definition.borrow().clone() else {
                return Ok(None);
            };
            let instance = page::instantiate(
                &ctx,
                &definition.restore(&ctx)?,
                route,
                &query_object(&ctx, &options.query)?,
            )?;
            state
                .pages
                .borrow_mut()
                .push(rquickjs::Persistent::save(&ctx, instance.clone()));
            Ok(Some(instance))
        })();
        match made {
            Ok(Some(instance)) => {
                let v: Value = instance
                    .get(options.method.as_str())
                    .unwrap_or_else(|_| Value::new_undefined(ctx.clone()));
                method_missing = !v.is_function();
            }
            Ok(None) => {
                state.emit(Event::Error {
                    message: format!("{route}.js did not call Page()"),
                    stack: String::new(),
                });
                state.failed.set(true);
                method_missing = true;
            }
            Err(e) => {
                uncaught::report(&ctx, state, e);
                method_missing = true;
            }
        }
    });
    let hook = |name: &str, arg: HookArg| {
        step(&|ctx| {
            let Some(page) = state.pages.borrow().first().cloned() else {
                return Ok(());
            };
            let page = page.restore(ctx)?;
            let args = match arg {
                HookArg::None => vec![],
                HookArg::Query => vec![query_object(ctx, &options.query)?.into_value()],
                HookArg::Event => vec![convert::from_json(ctx, &options.event)?],
            };
            page::call_hook(&page, name, args).map(|_| ())
        })
    };
    hook("onLoad", HookArg::Query);
    hook("onShow", HookArg::None);
    hook("onReady", HookArg::None);
    if method_missing {
        if !state.failed.get() {
            return RunStatus::MethodNotFound(options.method.clone());
        }
        return RunStatus::Uncaught;
    }
    hook(&options.method, HookArg::Event);
    let finish = run_until_idle(rt, context, state, rx, deadline);
    if finish == Finish::TimedOut {
        let message = format!(
            "time limit of {:?} reached before the page was idle",
            options.timeout
        );
        state.emit(Event::Error {
            message,
            stack: String::new(),
        });
        return RunStatus::TimedOut;
    }
    hook("onHide", HookArg::None);
    hook("onUnload", HookArg::None);
    if state.failed.get() {
        RunStatus::Uncaught
    } else {
        RunStatus::Completed
    }
}

#[derive(Clone, Copy)]
enum HookArg {
    None,
    Query,
    Event,
}

fn eval_script(ctx: &Ctx<'_>, script: &Script) -> rquickjs::Result<()> {
    let mut options = rquickjs::context::EvalOptions::default();
    options.global = true;
    options.strict = false;
    options.filename = Some(script.name.clone());
    ctx.eval_with_options::<(), _>(script.source.as_str(), options)
}

fn query_object<'js>(ctx: &Ctx<'js>, query: &[(String, String)]) -> rquickjs::Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    for (k, v) in query {
        o.set(k.as_str(), v.as_str())?;
    }
    Ok(o)
}

fn track_rejection<'js>(
    ctx: &Ctx<'js>,
    state: &State,
    promise: Value<'js>,
    reason: Value<'js>,
    handled: bool,
) {
    if !handled && state.rejecting_api_promise.get() {
        let args = vec![
            "Uncaught (in promise)".into(),
            convert::to_json(ctx, &reason),
        ];
        state.emit(Event::Console {
            level: "warn".into(),
            args,
        });
        return;
    }
    let mut rejections = state.rejections.borrow_mut();
    if handled {
        rejections.retain(|(p, _)| p.clone().restore(ctx).map(|p| p != promise).unwrap_or(true));
    } else {
        rejections.push((
            rquickjs::Persistent::save(ctx, promise),
            rquickjs::Persistent::save(ctx, reason),
        ));
    }
}
