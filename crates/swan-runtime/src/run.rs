//! One run of a program: App onLaunch, the first page's onLoad/onShow/onReady, the method (if
//! any), the loop until the page settles, the script's steps (each followed by the loop), then
//! onHide and onUnload of every page. Intervals never end by themselves, so they do not keep a
//! run going: the ones still set at the end are reported as a `timersLeft` notice.

use crate::clock::{Clock, RunClock};
use crate::convert::DefineOwn;
use crate::engine::Engine;
use crate::event::{Event, EventSink};
use crate::event_loop::{Finish, Until, run_jobs, run_loop};
use crate::model::PageModel;
use crate::ops::Completion;
use crate::page::stack;
use crate::project::{Project, ProjectError, Script};
use crate::script::Step;
use crate::services::Services;
use crate::state::State;
use crate::user::UserAnswers;
use crate::{callbacks, convert, globals, modules, page, swan, uncaught};
use rquickjs::{Context, Ctx, Object, Runtime, Value};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use swan_core::Host;
use swan_core::swan_net::Downloader;
use swan_core::swan_sandbox::{Adopt, AppId, Package};

use crate::heap::WatchedHeap;
use crate::limits::{MEMORY_LIMIT, STACK_LIMIT, WATCHDOG_GRACE};
use std::sync::atomic::Ordering;

/// What one run does: which page, which method with which event, and within what bounds.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Page route, e.g. `pages/index/index`.
    pub page: String,
    /// The page method to call after onReady; `None` runs the lifecycle alone.
    pub method: Option<String>,
    /// The event object given to the method.
    pub event: serde_json::Value,
    /// The page's query (onLoad's argument).
    pub query: Vec<(String, String)>,
    /// The run's deadline from its start; page code still running then is stopped
    /// ([`RunStatus::TimedOut`]).
    pub timeout: Duration,
    /// What the user does on the settings page if the page calls openSetting.
    pub settings_changes: BTreeMap<String, bool>,
    /// Trust and routing of downloadFile's HTTP client (e.g. `--map-host` servers).
    pub client: swan_net::ClientConfig,
    /// What to do when page code is stuck past the deadline (see [`OverrunHook`]).
    pub on_overrun: Option<OverrunHook>,
    /// Take the app id over from the project that used it first (see `swan_sandbox::Package`).
    pub adopt: bool,
    /// How the scripted user answers modals, action sheets, location and login requests.
    pub user: UserAnswers,
    /// Which clock timers follow (real by default).
    pub clock: Clock,
    /// What the user does after the page settles (`--script`), in order.
    pub script: Vec<Step>,
    /// The phone the run pretends to be (getSystemInfo, getNetworkType; `--device FILE`).
    pub device: swan_core::api::DeviceProfile,
    /// Canvas sizes given on the command line (`--canvas ID=WxH`, CSS px), over what the
    /// page's template and stylesheets say.
    pub canvas_sizes: Vec<swan_core::api::CanvasOverride>,
}

impl RunOptions {
    /// A run of `page`'s lifecycle alone, with the defaults of `swan-album run`: an empty event
    /// and query, a 30 s deadline, no settings changes, the default HTTP client. Set the fields
    /// that differ.
    pub fn new(page: impl Into<String>) -> RunOptions {
        RunOptions {
            page: page.into(),
            method: None,
            event: serde_json::json!({}),
            query: Vec::new(),
            timeout: Duration::from_secs(30),
            settings_changes: BTreeMap::new(),
            client: swan_net::ClientConfig::default(),
            on_overrun: None,
            adopt: false,
            user: UserAnswers::default(),
            clock: Clock::Real,
            script: Vec::new(),
            device: swan_core::api::DeviceProfile::default(),
            canvas_sizes: Vec::new(),
        }
    }

    /// The same run, calling `method` after onReady.
    pub fn call(mut self, method: impl Into<String>) -> RunOptions {
        self.method = Some(method.into());
        self
    }
}

/// Called from a watchdog thread when page code is still running [`WATCHDOG_GRACE`] after the
/// deadline: it is inside a native builtin (`Array.prototype.join` on a huge array-like, say)
/// that the engine's interrupt check never reaches, and nothing can stop it from outside. The
/// time-limit error event has already been emitted. A runtime is a library, so ending the
/// process is the host's choice: the CLI does (the album's saves are crash-safe); without a
/// hook the run keeps its thread until the builtin returns.
#[derive(Clone)]
pub struct OverrunHook(pub Arc<dyn Fn() + Send + Sync>);

impl fmt::Debug for OverrunHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OverrunHook")
    }
}

/// The one message a run that hit its time limit ends with.
fn timeout_message(timeout: Duration) -> String {
    format!("time limit of {timeout:?} reached before the page was idle")
}

/// How a run ended. Only `Completed` is a clean run; an API failure is a result, not a crash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunStatus {
    /// The page ran to idle and unloaded with nothing left uncaught.
    Completed,
    /// Something was thrown and not caught (reported as `error` events).
    Uncaught,
    /// The page has no method of this name, so nothing was called.
    MethodNotFound(String),
    /// The deadline came before the page was idle (reported as an `error` event).
    TimedOut,
}

/// Why a run could not start; once page code runs, whatever happens is a [`RunStatus`].
#[derive(Debug)]
pub enum RunError {
    /// The page route is not listed in app.json, or its script is missing.
    PageNotFound(String),
    /// The project's files refused (outside the package, not regular, too large, bad config).
    Project(ProjectError),
    /// The project's app id is not one the sandbox accepts.
    InvalidAppId(String),
    /// The app's sandbox could not be opened (including an id bound to another project), or a
    /// thread could not be started.
    Io(std::io::Error),
    /// QuickJS could not be set up.
    Engine(String),
    /// The HTTP client for downloads could not be built (its trust settings are wrong).
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

/// Runs one page of `project` as its app, in the host's album and with the host's user, and
/// reports everything it shows to `events`. Returns when the page is idle and unloaded, or
/// when the deadline passed: nothing the run started outlives it.
pub fn run(
    host: Arc<Host>,
    project: Project,
    options: RunOptions,
    events: Arc<dyn EventSink>,
) -> Result<RunStatus, RunError> {
    // The first page's script and app.js are read (beneath the package's directory handle)
    // before any code runs: a wrong route is the caller's error, not the page's.
    project.page_script(&options.page).map_err(|e| match e {
        ProjectError::PageNotListed { .. } | ProjectError::ScriptMissing { .. } => {
            RunError::PageNotFound(options.page.clone())
        }
        e => RunError::Project(e),
    })?;
    let app_script = project.app_script().map_err(RunError::Project)?;
    let workers = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(RunError::Io)?;
    // A tokio runtime must not be dropped where blocking is forbidden (a host may call `run`
    // from async code): every early return shuts the workers down in the background.
    let services = match services(host, project, &options, events, workers.handle()) {
        Ok(services) => services,
        Err(e) => {
            workers.shutdown_background();
            return Err(e);
        }
    };
    let (tx, rx) = mpsc::channel();
    let deadline = Instant::now() + options.timeout;
    let state = Rc::new(State {
        engine: Engine::new(tx, deadline, RunClock::new(options.clock)),
        model: PageModel::default(),
        services,
        user: RefCell::new(options.user.clone()),
        options,
    });
    let (rt, context) = match engine(&state) {
        Ok(engine) => engine,
        Err(e) => {
            workers.shutdown_background();
            return Err(RunError::Engine(e.to_string()));
        }
    };
    let watchdog = watchdog(&state);
    let status = Steps {
        rt: &rt,
        context: &context,
        state: &state,
    }
    .drive(&rx, app_script.as_ref());
    drop(watchdog); // disarmed: the run is back from page code

    for download in state.services.aborts.borrow().iter() {
        download.abort(); // nothing outlives the run
    }
    context.with(|_| state.release());
    rt.set_host_promise_rejection_tracker(None);
    drop(context);
    drop(rt);
    workers.shutdown_background();
    Ok(status)
}

/// The app's sandbox (its temp files live for one run), the HTTP client, the host.
fn services(
    host: Arc<Host>,
    project: Project,
    options: &RunOptions,
    events: Arc<dyn EventSink>,
    workers: &tokio::runtime::Handle,
) -> Result<Services, RunError> {
    let app: AppId = project
        .app_id
        .parse()
        .map_err(|_| RunError::InvalidAppId(project.app_id.clone()))?;
    let adopt = if options.adopt { Adopt::Yes } else { Adopt::No };
    let package = Package::Project {
        root: &project.root,
        adopt,
    };
    let sandbox = host
        .sandbox(&app, package)
        .map_err(|e| RunError::Io(e.into()))?;
    sandbox.clear_temp().map_err(RunError::Io)?; // only what dead runs left
    let downloads =
        Downloader::new(options.client.clone()).map_err(|e| RunError::Network(format!("{e:?}")))?;
    Ok(Services {
        host,
        sandbox: Arc::new(sandbox),
        project,
        events,
        downloads: Arc::new(downloads),
        aborts: Default::default(),
        workers: workers.clone(),
    })
}

/// The JavaScript engine with the page's limits and every global installed.
fn engine(state: &Rc<State>) -> rquickjs::Result<(Runtime, Context)> {
    let rt = Runtime::new_with_alloc(WatchedHeap::new(state.engine.heap_near_full.clone()))?;
    let deadline = state.engine.deadline;
    let over_budget = state.engine.over_budget.clone();
    rt.set_interrupt_handler(Some(Box::new(move || {
        Instant::now() >= deadline || over_budget.load(Ordering::Relaxed)
    })));
    // Page code must not be able to take the host down: a runaway allocation or recursion
    // becomes a JavaScript exception instead.
    rt.set_memory_limit(MEMORY_LIMIT);
    rt.set_max_stack_size(STACK_LIMIT);
    let tracker_state = state.clone();
    rt.set_host_promise_rejection_tracker(Some(Box::new(move |ctx, promise, reason, handled| {
        track_rejection(&ctx, &tracker_state, promise, reason, handled)
    })));
    let context = Context::full(&rt)?;
    modules::install(&rt, &context, state)?;
    context.with(|ctx| {
        callbacks::install(&ctx)?;
        globals::console::install(&ctx, state)?;
        globals::timers::install(&ctx, state)?;
        globals::plugins::install(&ctx, state)?;
        page::install(&ctx, state)?;
        swan::install(&ctx, state)
    })?;
    Ok((rt, context))
}

/// Watches the JavaScript thread from outside until the returned sender is dropped.
fn watchdog(state: &State) -> mpsc::Sender<()> {
    let (disarm, armed) = mpsc::channel::<()>();
    let Some(wake) = state.engine.deadline.checked_add(WATCHDOG_GRACE) else {
        return disarm; // a deadline at the end of time needs no watchdog
    };
    let reported = state.engine.timeout_reported.clone();
    let events = state.services.events.clone();
    let message = timeout_message(state.options.timeout);
    let hook = state.options.on_overrun.clone();
    // Without a thread there is no watchdog; the interrupt check still covers page code.
    let _ = std::thread::Builder::new()
        .name("swan-watchdog".into())
        .spawn(move || {
            let left = wake.saturating_duration_since(Instant::now());
            if armed.recv_timeout(left) != Err(mpsc::RecvTimeoutError::Timeout) {
                return;
            }
            if !reported.swap(true, Ordering::SeqCst) {
                events.emit(Event::Error {
                    message,
                    stack: String::new(),
                });
            }
            if let Some(OverrunHook(hook)) = hook {
                hook();
            }
        });
    disarm
}

/// The steps of one run, in the order a phone takes them.
struct Steps<'a> {
    rt: &'a Runtime,
    context: &'a Context,
    state: &'a State,
}

impl Steps<'_> {
    fn drive(&self, rx: &mpsc::Receiver<Completion>, app_script: Option<&Script>) -> RunStatus {
        let state = self.state;
        self.launch_app(app_script);
        let opened = self.with(|ctx| stack::open(ctx, state, self.route(), &state.options.query));
        if state.engine.stopped() {
            return self.stopped();
        }
        if opened.is_err() {
            state.engine.failed.set(true);
            return RunStatus::Uncaught;
        }
        if let Some(method) = &state.options.method {
            if !self.top_has(method) {
                if state.engine.failed.get() {
                    return RunStatus::Uncaught;
                }
                return RunStatus::MethodNotFound(method.clone());
            }
            self.call(method, &state.options.event);
        }
        if run_loop(self.rt, self.context, state, rx, Until::Settled) == Finish::Stopped {
            return self.stopped();
        }
        for (i, step) in state.options.script.iter().enumerate() {
            if let Err(why) = self.script_step(rx, step) {
                state.engine.failed.set(true);
                state.emit(Event::Error {
                    message: format!("script step {}: {why}", i + 1),
                    stack: String::new(),
                });
                break;
            }
            if state.engine.stopped() {
                return self.stopped();
            }
            if run_loop(self.rt, self.context, state, rx, Until::Settled) == Finish::Stopped {
                return self.stopped();
            }
        }
        self.with(|ctx| stack::close(ctx, state));
        if state.engine.stopped() {
            return self.stopped();
        }
        self.report_intervals_left();
        if state.engine.failed.get() {
            RunStatus::Uncaught
        } else {
            RunStatus::Completed
        }
    }

    /// One step of the script; the error says why it could not be done.
    fn script_step(&self, rx: &mpsc::Receiver<Completion>, step: &Step) -> Result<(), String> {
        let state = self.state;
        match step {
            Step::Call { method, event } => {
                if !self.top_has(method) {
                    return Err(format!("the page on top has no method {method:?}"));
                }
                self.call(method, event);
            }
            Step::Navigate { kind, url } => {
                let url = swan_core::Arg::Str(url.clone());
                self.with(|ctx| stack::go(ctx, state, *kind, &url))
                    .map_err(|e| e.err_msg())?;
            }
            Step::Back(delta) => {
                let options = swan_core::api::NavigateBackOptions {
                    delta: swan_core::Arg::Number(*delta as f64, "int"),
                };
                self.with(|ctx| stack::back(ctx, state, &options))
                    .map_err(|e| e.err_msg())?;
            }
            Step::Advance(by) => {
                let until = state.engine.clock.now() + *by;
                if run_loop(self.rt, self.context, state, rx, Until::Time(until)) == Finish::Stopped
                {
                    return Ok(()); // the caller sees the run stopped
                }
            }
            Step::User(answers) => state.user.borrow_mut().merge(answers)?,
            Step::Network(to) => self.with(|ctx| swan::change_network(ctx, state, *to)),
            Step::Settle => {}
        }
        run_jobs(self.rt, self.context, state);
        Ok(())
    }

    /// Intervals still set once every page is unloaded: stopped, and said.
    fn report_intervals_left(&self) {
        let left = self.state.engine.intervals_left();
        if left > 0 {
            let what = if left == 1 {
                "interval was"
            } else {
                "intervals were"
            };
            self.state.emit(Event::Notice {
                what: "timersLeft".into(),
                message: format!(
                    "{left} {what} still set when the run ended (setInterval never cleared); stopped"
                ),
            });
        }
    }

    /// How a run that was stopped ends: one message saying why.
    fn stopped(&self) -> RunStatus {
        let engine = &self.state.engine;
        if let Some(message) = engine.budget_message() {
            engine.failed.set(true);
            self.state.emit(Event::Error {
                message,
                stack: String::new(),
            });
            return RunStatus::Uncaught;
        }
        if !engine.timeout_reported.swap(true, Ordering::SeqCst) {
            let pending = engine.pending();
            let mut message = timeout_message(self.state.options.timeout);
            if !pending.is_empty() {
                message = format!("{message} ({pending})");
            }
            self.state.emit(Event::Error {
                message,
                stack: String::new(),
            });
        }
        RunStatus::TimedOut
    }

    /// Runs `f` with the engine, then the Promise jobs it queued.
    fn with<T>(&self, f: impl FnOnce(&Ctx) -> T) -> T {
        let out = self.context.with(|ctx| f(&ctx));
        run_jobs(self.rt, self.context, self.state);
        out
    }

    /// Runs `f`, reports what it threw, then runs the Promise jobs it queued. Nothing runs
    /// once the run is stopped.
    fn step(&self, f: &dyn Fn(&Ctx) -> rquickjs::Result<()>) {
        if self.state.engine.stopped() {
            return;
        }
        self.with(|ctx| {
            if let Err(e) = f(ctx) {
                uncaught::report(ctx, self.state, e);
            }
        });
    }

    fn route(&self) -> &str {
        self.state.options.page.trim_start_matches('/')
    }

    /// Whether the page on top has its own method `name`.
    fn top_has(&self, name: &str) -> bool {
        self.context.with(|ctx| {
            stack::top(&ctx, self.state).is_some_and(|page| page::has_own_method(&page, name))
        })
    }

    /// Calls a method of the page on top with an event.
    fn call(&self, method: &str, event: &serde_json::Value) {
        let state = self.state;
        self.step(&|ctx| {
            let Some(page) = stack::top(ctx, state) else {
                return Ok(());
            };
            let event = convert::from_json(ctx, event)?;
            page::call_hook(&page, method, vec![event]).map(|_| ())
        })
    }

    /// app.js and App onLaunch.
    fn launch_app(&self, app_script: Option<&Script>) {
        let state = self.state;
        let Some(app_js) = app_script else {
            return;
        };
        self.step(&|ctx| modules::run_entry(ctx, state, &app_js.name));
        self.step(&|ctx| {
            let Some(app) = state.model.app.borrow().clone() else {
                return Ok(());
            };
            let app = app.restore(ctx)?;
            let launch = Object::new(ctx.clone())?;
            launch.own("path", self.route())?;
            launch.own("query", stack::query_object(ctx, &state.options.query)?)?;
            launch.own("scene", "1001")?;
            page::call_hook(&app, "onLaunch", vec![launch.clone().into_value()])?;
            page::call_hook(&app, "onShow", vec![launch.into_value()])?;
            Ok(())
        });
    }
}

fn track_rejection<'js>(
    ctx: &Ctx<'js>,
    state: &State,
    promise: Value<'js>,
    reason: Value<'js>,
    handled: bool,
) {
    if !handled && state.engine.rejecting_api_promise.get() {
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
    let mut rejections = state.engine.rejections.borrow_mut();
    if handled {
        rejections.retain(|(p, _)| p.clone().restore(ctx).map(|p| p != promise).unwrap_or(true));
    } else {
        rejections.push((
            rquickjs::Persistent::save(ctx, promise),
            rquickjs::Persistent::save(ctx, reason),
        ));
    }
}
