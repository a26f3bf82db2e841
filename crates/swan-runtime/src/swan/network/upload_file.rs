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
use swan_core::api::{UploadFileOptions, Uploaded, upload_file};
use swan_core::swan_net::{AbortHandle, UploadProgress};

/// `swan.uploadFile({url, filePath, name, header, formData})`: returns an `UploadTask` at once
/// (`abort`, `onProgressUpdate`, `offProgressUpdate`); the upload runs on the blocking pool.
/// success gets `{data, statusCode}` for any HTTP status.
pub(super) struct UploadFile;

impl TaskApi for UploadFile {
    const NAME: &'static str = "uploadFile";
    const LISTENERS: (&'static str, &'static str) = ("onProgressUpdate", "offProgressUpdate");
    type Request = UploadFileOptions;
    type Output = Uploaded;

    fn read<'js>(
        ctx: &Ctx<'js>,
        options: Option<&Object<'js>>,
    ) -> rquickjs::Result<Result<UploadFileOptions, SwanError>> {
        // The argument checks run in the work (they open the file), so their failures also
        // arrive on a later turn, as §1 wants.
        args::read_options(ctx, options).map(Ok)
    }

    fn work(
        state: &State,
        options: UploadFileOptions,
        events: Events,
        abort: AbortHandle,
    ) -> Work<Uploaded> {
        let project = &state.services.project;
        let policy = policy(state, &project.upload_domains, project.upload_timeout);
        let client = state.services.downloads.clone();
        let sandbox = state.services.sandbox.clone();
        let url = options.url.as_str().unwrap_or_default().to_string();
        Box::pin(async move {
            let mut report = |p: UploadProgress| {
                let url = url.clone();
                events.send(Box::new(move |ctx: &Ctx<'_>, state: &State, op: &Op| {
                    state.emit(Event::Progress {
                        url,
                        progress: p.progress,
                        written: p.total_bytes_sent,
                        expected: p.total_bytes_expected_to_send,
                    });
                    let res = Object::new(ctx.clone())?;
                    res.own("progress", p.progress)?;
                    res.own("totalBytesSent", p.total_bytes_sent as f64)?;
                    res.own(
                        "totalBytesExpectedToSend",
                        p.total_bytes_expected_to_send as f64,
                    )?;
                    call_listeners(ctx, state, &op.listeners, res)
                }));
            };
            upload_file(&client, &sandbox, &policy, options, &mut report, &abort)
        })
    }

    fn result<'js>(ctx: &Ctx<'js>, uploaded: Uploaded) -> rquickjs::Result<Object<'js>> {
        let res = Object::new(ctx.clone())?;
        res.own("data", uploaded.data)?;
        res.own("statusCode", uploaded.status_code)?;
        Ok(res)
    }
}
