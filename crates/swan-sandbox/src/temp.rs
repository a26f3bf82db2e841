//! Temp files (downloads) and the per-app temp quota.
//!
//! Spec §4: temp files of one app share 10 MB in total and are valid for the
//! current run only. The quota is enforced *while writing*: each write checks
//! the bytes on disk of all the app's temp files and writes while holding the
//! app's temp lock (a mutex for this process, an `flock` for the others), so
//! concurrent downloads, in threads or in runs in other processes, cannot
//! together exceed it; and a failed or abandoned download leaves no file and
//! no used quota behind.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::{self, Write};
use std::os::unix::fs::MetadataExt as _;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use swan_fs::lock;

use cap_std::fs::Dir;

use crate::error::TempError;
use crate::path::is_ext;
use crate::run_lock::{self, Liveness, RunLock, TAG_LEN};

/// Default temp quota per app (spec §4: 10 MB).
pub const DEFAULT_TEMP_QUOTA: u64 = 10 * 1024 * 1024;

/// The lock file in the app's folder that writers of temp files of every process take.
const TEMP_LOCK: &str = "temp.lock";

/// Shared temp bookkeeping of one app.
pub(crate) struct TempAccount {
    state: Mutex<TempState>,
    /// `flock`ed (with `state` locked) around each quota check and the write it allows.
    lock_file: std::fs::File,
}

struct TempState {
    quota: u64,
    /// Uncommitted files of this process: they do not exist yet for the app.
    inflight: HashSet<String>,
}

/// Both locks of an account; the `flock` is released first, then the mutex.
struct Exclusive<'a> {
    st: MutexGuard<'a, TempState>,
    file: &'a std::fs::File,
}

impl Drop for Exclusive<'_> {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// Accounts are shared by every [`crate::Sandbox`] of the same app in this
/// process, keyed by the temp directory's (device, inode).
///
/// Why: the caller may open a `Sandbox` per API call, and one lock file
/// handle per app lets the mutex order this process's writers while the
/// `flock` orders processes.
type Registry = Vec<((u64, u64), Weak<TempAccount>)>;
static REGISTRY: Mutex<Registry> = Mutex::new(Vec::new());

impl TempAccount {
    /// The account of the app whose folder is `app_dir` and temp directory is
    /// `tmp`, created if no live `Sandbox` of that app has one.
    pub(crate) fn for_dir(app_dir: &Dir, tmp: &Dir) -> io::Result<Arc<TempAccount>> {
        let meta = tmp.try_clone()?.into_std_file().metadata()?;
        let key = (meta.dev(), meta.ino());
        let mut reg = lock(&REGISTRY);
        reg.retain(|(_, weak)| weak.strong_count() > 0);
        if let Some(acc) = reg
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, weak)| weak.upgrade())
        {
            return Ok(acc);
        }
        let lock_file = crate::quota_lock::open_lock_file(app_dir, TEMP_LOCK)?;
        let acc = Arc::new(TempAccount {
            state: Mutex::new(TempState {
                quota: DEFAULT_TEMP_QUOTA,
                inflight: HashSet::new(),
            }),
            lock_file,
        });
        reg.push((key, Arc::downgrade(&acc)));
        Ok(acc)
    }

    pub(crate) fn set_quota(&self, bytes: u64) {
        lock(&self.state).quota = bytes;
    }

    pub(crate) fn quota(&self) -> u64 {
        lock(&self.state).quota
    }

    pub(crate) fn is_inflight(&self, name: &str) -> bool {
        lock(&self.state).inflight.contains(name)
    }

    fn exclusive(&self) -> io::Result<Exclusive<'_>> {
        let st = lock(&self.state);
        self.lock_file.lock()?;
        Ok(Exclusive {
            st,
            file: &self.lock_file,
        })
    }

    /// Bytes on disk of all the app's temp files, of every run and process,
    /// finished or being written.
    pub(crate) fn usage(&self, tmp: &Dir) -> io::Result<u64> {
        let mut used = 0u64;
        for entry in tmp.entries()? {
            let Ok(entry) = entry else { continue };
            // Entries may vanish while we scan; they then simply don't count.
            if let Ok(meta) = entry.metadata()
                && meta.is_file()
            {
                used = used.saturating_add(meta.len());
            }
        }
        Ok(used)
    }

    /// Deletes everything in the temp folder (`reset`), files still being written included
    /// (their commits then fail).
    pub(crate) fn clear_all(&self, tmp: &Dir) -> io::Result<()> {
        let _st = lock(&self.state);
        clear_dir(tmp)
    }

    /// Deletes the committed temp files of run `own` and every temp file of runs that are gone
    /// (and whatever else in the folder no live run owns); files of live runs stay, and so do
    /// files still being written in this process.
    ///
    /// A run's liveness is asked when its first file is met, not from a list made beforehand,
    /// so a run that starts during the sweep is never mistaken for a dead one: its lock exists
    /// before its first temp file does.
    pub(crate) fn sweep(&self, tmp: &Dir, runs: &Dir, own: &str) -> io::Result<()> {
        let st = lock(&self.state);
        let mut first_err = None;
        let mut verdicts: HashMap<String, Liveness> = HashMap::new();
        for entry in tmp.entries()? {
            let Ok(entry) = entry else { continue };
            let name = entry.file_name();
            let name = name.to_str();
            if name.is_some_and(|n| st.inflight.contains(n)) {
                continue;
            }
            let tag = name.and_then(tag_of);
            let dead = match tag {
                None => true,
                Some(tag) if tag == own => true,
                Some(tag) => {
                    if !verdicts.contains_key(tag) {
                        verdicts.insert(tag.to_owned(), run_lock::probe(runs, tag)?);
                    }
                    matches!(verdicts.get(tag), Some(Liveness::Dead(_)))
                }
            };
            if dead
                && let Err(e) = remove_entry(tmp, &entry)
                && e.kind() != io::ErrorKind::NotFound
            {
                first_err.get_or_insert(e);
            }
        }
        // Lock files of dead runs that left no temp files.
        for tag in run_lock::tags(runs)? {
            if tag != own && !verdicts.contains_key(&tag) {
                verdicts.insert(tag.clone(), run_lock::probe(runs, &tag)?);
            }
        }
        for (_, verdict) in verdicts {
            if let Liveness::Dead(dead) = verdict {
                dead.bury(runs);
            }
        }
        drop(st);
        match first_err {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Creates a new, empty temp file with a random name.
    pub(crate) fn create(
        self: &Arc<Self>,
        tmp: &Arc<Dir>,
        run: &Arc<RunLock>,
        ext: Option<&str>,
    ) -> Result<TempFile, TempError> {
        if let Some(ext) = ext
            && !is_ext(ext)
        {
            return Err(TempError::InvalidExtension);
        }
        let prefix = format!("tmp_{}", run.tag());
        let suffix = ext.map(|ext| format!(".{ext}")).unwrap_or_default();
        // Created and marked in flight in one step under the state lock, so a sweep never sees
        // the new file as one nobody writes. The run's tag, then 32 random bits: names of one
        // run rarely collide, and the exclusive create makes a collision harmless anyway.
        let mut st = lock(&self.state);
        let file = swan_fs::TempFile::create_named_with(tmp, &prefix, TAG_LEN / 2, &suffix, 0o600)
            .map_err(TempError::Io)?;
        let name = file
            .name()
            .ok_or_else(|| TempError::Io(io::Error::other("a temp file without a name")))?
            .to_owned();
        st.inflight.insert(name.clone());
        drop(st);
        Ok(TempFile {
            file: Some(file),
            file_path: format!("bdfile://{name}"),
            name,
            tmp: Arc::clone(tmp),
            account: Arc::clone(self),
            _run: Arc::clone(run),
            written: 0,
            failed: false,
            done: false,
        })
    }

    /// Forgets an uncommitted file (committed or dropped).
    fn finish(&self, name: &str) {
        lock(&self.state).inflight.remove(name);
    }
}

/// Deletes everything inside `dir` without following symlinks.
pub(crate) fn clear_dir(dir: &Dir) -> io::Result<()> {
    let mut first_err = None;
    for entry in dir.entries()? {
        let Ok(entry) = entry else { continue };
        if let Err(e) = remove_entry(dir, &entry)
            && e.kind() != io::ErrorKind::NotFound
        {
            first_err.get_or_insert(e);
        }
    }
    match first_err {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Removes a directory entry without following symlinks.
pub(crate) fn remove_entry(dir: &Dir, entry: &cap_std::fs::DirEntry) -> io::Result<()> {
    if entry.file_type()?.is_dir() {
        dir.remove_dir_all(entry.file_name())
    } else {
        entry.remove_file()
    }
}

/// The run tag of a temp file name (`tmp_<tag><random>[.<ext>]`), if it has one.
fn tag_of(name: &str) -> Option<&str> {
    let id = name.strip_prefix("tmp_")?;
    let id = id.split_once('.').map_or(id, |(id, _)| id);
    let tag = id.get(..TAG_LEN)?;
    (id.len() == 2 * TAG_LEN && run_lock::is_tag(tag)).then_some(tag)
}

/// A temp file being written, e.g. by a download.
///
/// Every byte written counts against the app's temp quota *before* it reaches
/// the disk. A write that would exceed the quota fails as a whole with an
/// `io::Error` of kind [`io::ErrorKind::QuotaExceeded`] (see
/// [`TempError::is_quota_exceeded`]); the file is then unusable.
///
/// Dropping it without [`TempFile::commit`] (error, abort) deletes the file and
/// returns its quota, so a failed download leaves nothing behind.
pub struct TempFile {
    /// Removes its name when dropped unless kept ([`TempFile::commit`]).
    file: Option<swan_fs::TempFile>,
    name: String,
    file_path: String,
    tmp: Arc<Dir>,
    account: Arc<TempAccount>,
    /// Keeps the run alive (its files unswept) while this file is being written.
    _run: Arc<RunLock>,
    written: u64,
    failed: bool,
    done: bool,
}

impl TempFile {
    /// The swan path this file will have: `bdfile://tmp_<16 hex>[.<ext>]`, the first 8 hex
    /// digits being the tag of the run that made it.
    pub fn file_path(&self) -> &str {
        &self.file_path
    }

    /// Bytes written so far.
    pub fn len(&self) -> u64 {
        self.written
    }

    /// Whether nothing has been written yet.
    pub fn is_empty(&self) -> bool {
        self.written == 0
    }

    /// Makes the file durable, keeps it, and returns its swan path.
    ///
    /// Fails (and deletes the file) if an earlier write failed, since the
    /// content would be incomplete, or if the file was deleted meanwhile
    /// (`clear_temp`/`reset`).
    pub fn commit(mut self) -> io::Result<String> {
        if self.failed {
            return Err(io::Error::other(
                "temp file is incomplete: an earlier write failed",
            ));
        }
        let file = self
            .file
            .as_mut()
            .ok_or_else(|| io::Error::other("temp file already closed"))?;
        file.flush()?;
        file.sync_all()?;
        if file.file().metadata()?.nlink() == 0 {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                "temp file was deleted before commit",
            ));
        }
        // Make the new directory entry durable too. Best effort: the file's
        // own data is already synced, and temp files only live for this run.
        let _ = swan_fs::sync_dir(&self.tmp);
        self.done = true;
        self.account.finish(&self.name);
        if let Some(file) = self.file.take() {
            drop(file.keep());
        }
        Ok(self.file_path.clone())
    }
}

impl Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.failed {
            return Err(io::Error::other(
                "temp file is incomplete: an earlier write failed",
            ));
        }
        let Some(file) = self.file.as_mut() else {
            return Err(io::Error::other("temp file already closed"));
        };
        let want = buf.len() as u64;
        // Check and write under the app's temp lock: no writer of this app, in any process,
        // can check between our check and our write.
        let guard = match self.account.exclusive() {
            Ok(g) => g,
            Err(e) => {
                self.failed = true;
                return Err(e);
            }
        };
        let quota = guard.st.quota;
        let used = match self.account.usage(&self.tmp) {
            Ok(used) => used,
            Err(e) => {
                self.failed = true;
                return Err(e);
            }
        };
        if used.checked_add(want).is_none_or(|total| total > quota) {
            self.failed = true;
            return Err(TempError::quota_io_error(quota));
        }
        let result = file.write(buf);
        drop(guard);
        match result {
            Ok(n) => {
                self.written = self.written.saturating_add(n as u64);
                Ok(n)
            }
            Err(e) => {
                if !matches!(
                    e.kind(),
                    io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock
                ) {
                    self.failed = true;
                }
                Err(e)
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.file.as_mut() {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        // Closes and unlinks the file (errors are ignored: there is nobody left to report them
        // to and the file is garbage either way), then returns its quota.
        self.file = None;
        self.account.finish(&self.name);
    }
}

impl fmt::Debug for TempFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TempFile")
            .field("file_path", &self.file_path)
            .field("written", &self.written)
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }
}
