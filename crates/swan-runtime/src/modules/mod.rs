//! How the package's scripts run: `app.js`, page and component scripts are entry points; every
//! other `.js` file of the package is a module they load.

use crate::state::State;
use rquickjs::Ctx;
use swan_project::ProjectError;

/// Runs the package file `path` (relative to the project root, e.g. `pages/index/index.js`) as
/// an entry point: read beneath the package's directory handle, evaluated with its name in
/// stack traces.
pub(crate) fn run_entry(ctx: &Ctx<'_>, state: &State, path: &str) -> rquickjs::Result<()> {
    let script = match state.services.project.script(path) {
        Ok(Some(script)) => script,
        Ok(None) => {
            return Err(rquickjs::Exception::throw_message(
                ctx,
                &format!("module {path:?} not found in the package"),
            ));
        }
        Err(e) => return Err(project_error(ctx, &e)),
    };
    let mut options = rquickjs::context::EvalOptions::default();
    options.global = true;
    options.strict = false;
    options.filename = Some(script.name.clone());
    ctx.eval_with_options::<(), _>(script.source.as_str(), options)
}

/// A project file refused (outside the package, not regular, too large) as a JavaScript error.
fn project_error(ctx: &Ctx<'_>, e: &ProjectError) -> rquickjs::Error {
    rquickjs::Exception::throw_message(ctx, &e.to_string())
}
