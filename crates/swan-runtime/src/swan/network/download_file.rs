use super::task::{Events, TaskApi};
use super::{call_listeners, policy};
use crate::args;
use crate::convert::DefineOwn;
use crate::event::Event;
use crate::ops::Op;
use crate::state::State;
use crate::swan::Work;
use rquickjs::{Ctx, Object};
use swan_core::SwanError;
use swan_core::api::{DownloadFileOptions, DownloadRequest, Fetched, download_file};
use swan_core::swan_net::{AbortHandle, Progress};

/// `swan.downloadFile({url, header, filePath})`: returns a `DownloadTask` at once (`abort`,
/// `onProgressUpdate`, `offProgressUpdate`); the download runs on the blocking pool, progress
/// comes back through the loop to the listeners, the last message settles the call.
pub(super) struct DownloadFile;

impl TaskApi for DownloadFile {
    const NAME: &'static str = "downloadFile";
    const LISTENERS: (&'static str, &'static str) = ("onProgressUpdate", "offProgressUpdate");
    type Request = DownloadRequest;
    type Output = Fetched;

    fn read<'js>(
        ctx: &Ctx<'js>,
        options: Option<&Object<'js>>,
    ) -> rquickjs::Result<Result<DownloadRequest, SwanError>> {
        let options = args::read_options::<DownloadFileOptions>(ctx, options)?;
        Ok(DownloadRequest::new(options))
    }

    fn work(
        state: &State,
        request: DownloadRequest,
        events: Events,
        abort: AbortHandle,
    ) -> Work<Fetched> {
        let project = &state.services.project;
        let policy = policy(state, &project.download_domains, project.download_timeout);
        let (downloads, sandbox) = (
            state.services.downloads.clone(),
            state.services.sandbox.clone(),
        );
        let url = request.url.clone();
        Box::pin(async move {
            let mut report = |p: Progress| {
                let url = url.clone();
                events.send(Box::new(move |ctx: &Ctx<'_>, state: &State, op: &Op| {
                    progress(ctx, state, op, &url, p)
                }));
            };
            download_file(&downloads, &sandbox, &policy, &request, &mut report, &abort)
        })
    }

    fn result<'js>(ctx: &Ctx<'js>, fetched: Fetched) -> rquickjs::Result<Object<'js>> {
        let res = Object::new(ctx.clone())?;
        match fetched {
            Fetched::Temp(done) => {
                res.own("tempFilePath", done.temp_file_path)?;
                res.own("statusCode", done.status_code)?;
            }
            Fetched::User {
                file_path,
                status_code,
            } => {
                res.own("filePath", file_path)?;
                res.own("statusCode", status_code)?;
            }
        }
        Ok(res)
    }
}

fn progress<'js>(
    ctx: &Ctx<'js>,
    state: &State,
    op: &Op,
    url: &str,
    p: Progress,
) -> rquickjs::Result<()> {
    state.emit(Event::Progress {
        url: url.to_string(),
        progress: p.progress,
        written: p.total_bytes_written,
        expected: p.total_bytes_expected_to_write,
    });
    let res = Object::new(ctx.clone())?;
    res.own("progress", p.progress)?;
    res.own("totalBytesWritten", p.total_bytes_written as f64)?;
    res.own(
        "totalBytesExpectedToWrite",
        p.total_bytes_expected_to_write as f64,
    )?;
    call_listeners(ctx, state, &op.listeners, res)
}
