//! Small Linux helpers: what machine this is, fsync of a folder, peak memory, and
//! throwaway filesystems (tmpfs, ext4 on a loop device) for the fault tests.

use std::ffi::CString;
use std::fs::{self, File};
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// fsync of a directory, so the names in it survive a power cut.
pub fn fsync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// The machine, as the benchmark report describes it.
#[derive(Clone, Debug)]
pub struct Machine {
    pub nproc: usize,
    pub cpu: String,
    pub mem_total: String,
    pub kernel: String,
    pub os: String,
}

impl Machine {
    pub fn detect() -> Machine {
        let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_else(|| "unknown".into());
        let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let mem_total = meminfo
            .lines()
            .find(|l| l.starts_with("MemTotal:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map(|kb| format!("{:.1} GiB", kb as f64 / (1024.0 * 1024.0)))
            .unwrap_or_else(|| "unknown".into());
        let os = fs::read_to_string("/etc/os-release")
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("PRETTY_NAME="))
            .map(|v| v.trim_matches('"').to_string())
            .unwrap_or_else(|| "unknown".into());
        Machine {
            nproc: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu,
            mem_total,
            kernel: kernel(),
            os,
        }
    }
}

fn kernel() -> String {
    // SAFETY: uname fills the struct it is given.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    if unsafe { libc::uname(&mut u) } != 0 {
        return "unknown".into();
    }
    let field = |f: &[libc::c_char]| {
        let bytes: Vec<u8> = f
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    format!(
        "{} {} {}",
        field(&u.sysname),
        field(&u.release),
        field(&u.machine)
    )
}

/// The filesystem holding `path`: (type, device, mount point, options), from
/// `/proc/self/mountinfo` (the longest mount point that is a prefix of the path).
pub fn filesystem_of(path: &Path) -> Option<(String, String, String, String)> {
    let path = fs::canonicalize(path).ok()?;
    let info = fs::read_to_string("/proc/self/mountinfo").ok()?;
    let mut best: Option<(usize, (String, String, String, String))> = None;
    for line in info.lines() {
        let (left, right) = line.split_once(" - ")?;
        let left: Vec<&str> = left.split(' ').collect();
        let right: Vec<&str> = right.split(' ').collect();
        let (Some(mnt), Some(opts)) = (left.get(4), left.get(5)) else {
            continue;
        };
        let mnt = mnt.replace("\\040", " ");
        if path.starts_with(&mnt) && best.as_ref().is_none_or(|(l, _)| mnt.len() >= *l) {
            let fstype = right.first().copied().unwrap_or("?").to_string();
            let source = right.get(1).copied().unwrap_or("?").to_string();
            best = Some((mnt.len(), (fstype, source, mnt.clone(), opts.to_string())));
        }
    }
    best.map(|(_, b)| b)
}

/// `VmHWM` (peak resident set) of this process, in KiB.
pub fn own_vm_hwm_kib() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// Why a test that needs a privilege could not run here.
#[derive(Debug)]
pub struct Skip(pub String);

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn cstr(p: &Path) -> CString {
    CString::new(p.as_os_str().as_bytes()).expect("paths here have no NUL")
}

fn sys_mount(source: &str, target: &Path, fstype: &str, data: &str) -> io::Result<()> {
    let (s, t, f, d) = (
        CString::new(source).unwrap(),
        cstr(target),
        CString::new(fstype).unwrap(),
        CString::new(data).unwrap(),
    );
    // SAFETY: all pointers are valid NUL-terminated strings during the call.
    let rc = unsafe { libc::mount(s.as_ptr(), t.as_ptr(), f.as_ptr(), 0, d.as_ptr().cast()) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

fn sys_umount(target: &Path) -> io::Result<()> {
    let t = cstr(target);
    for _ in 0..50 {
        // SAFETY: valid NUL-terminated path.
        if unsafe { libc::umount2(t.as_ptr(), 0) } == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if e.raw_os_error() != Some(libc::EBUSY) {
            return Err(e);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Still busy (a child we do not own holding it?): detach so nothing stays mounted.
    // SAFETY: as above.
    if unsafe { libc::umount2(t.as_ptr(), libc::MNT_DETACH) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

fn mount_skip(what: &str, e: io::Error) -> Skip {
    let euid = unsafe { libc::geteuid() };
    Skip(format!(
        "cannot mount {what} here (euid {euid}): {e}; needs root with CAP_SYS_ADMIN"
    ))
}

/// A tmpfs of a fixed size, mounted on a fresh folder; unmounted on drop.
pub struct Tmpfs {
    pub dir: PathBuf,
    _holder: tempfile::TempDir,
}

impl Tmpfs {
    /// Mounts a tmpfs of `size_bytes` (rounded up to pages by the kernel).
    pub fn mount(size_bytes: u64) -> Result<Tmpfs, Skip> {
        let holder = tempfile::tempdir().map_err(|e| Skip(format!("no temp folder: {e}")))?;
        let dir = holder.path().join("mnt");
        fs::create_dir(&dir).map_err(|e| Skip(format!("mkdir: {e}")))?;
        sys_mount(
            "tmpfs",
            &dir,
            "tmpfs",
            &format!("size={size_bytes},mode=0755"),
        )
        .map_err(|e| mount_skip("a tmpfs", e))?;
        Ok(Tmpfs {
            dir,
            _holder: holder,
        })
    }

    /// Bytes still free on it.
    pub fn free_bytes(&self) -> u64 {
        free_bytes(&self.dir).unwrap_or(0)
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        if let Err(e) = sys_umount(&self.dir) {
            eprintln!("warning: could not unmount {}: {e}", self.dir.display());
        }
    }
}

/// Free bytes of the filesystem holding `path` (`statvfs` `f_bavail * f_frsize`).
pub fn free_bytes(path: &Path) -> io::Result<u64> {
    let p = cstr(path);
    // SAFETY: statvfs fills the struct it is given.
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(p.as_ptr(), &mut s) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(s.f_bavail as u64 * s.f_frsize as u64)
}

fn have_tool(name: &str) -> bool {
    Command::new(name)
        .arg("-V")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok()
}

fn run(cmd: &mut Command) -> io::Result<String> {
    let out = cmd.output()?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(io::Error::other(format!(
            "{:?} failed: {}",
            cmd,
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

/// An ext4 filesystem on a loop device whose backing file lives on a small tmpfs.
///
/// The image is sparse: mkfs (run on the loop device, so it really writes its metadata and
/// journal) allocates only the filesystem's own blocks in the backing tmpfs. Data blocks are
/// allocated in the backing store only when the kernel writes them back, so once the backing
/// tmpfs is full ([`LoopExt4::starve_backing`]) ext4 still accepts `write()` into the page
/// cache but the device fails the write-back: a real block-layer write error that the kernel
/// reports to `fsync`/`fdatasync`, while the journal (already allocated) keeps working.
///
/// The filesystem gets 4 KiB blocks unless asked otherwise ([`LoopExt4::create_with_blocks`]):
/// with the 1 KiB blocks mkfs would choose for so small an image, the index uses a rollback
/// journal instead of WAL (see `swan_sqlite::journal_mode_for`), a case tested on its own.
pub struct LoopExt4 {
    pub mnt: PathBuf,
    backing: Tmpfs,
    device: String,
    filler: PathBuf,
}

impl LoopExt4 {
    /// `image_bytes` is what ext4 believes it has; `backing_bytes` what really exists.
    pub fn create(image_bytes: u64, backing_bytes: u64) -> Result<LoopExt4, Skip> {
        Self::create_with_blocks(image_bytes, backing_bytes, 4096)
    }

    /// [`LoopExt4::create`] with another block size.
    pub fn create_with_blocks(
        image_bytes: u64,
        backing_bytes: u64,
        block_size: u32,
    ) -> Result<LoopExt4, Skip> {
        for tool in ["losetup", "mkfs.ext4"] {
            if !have_tool(tool) {
                return Err(Skip(format!("{tool} not installed")));
            }
        }
        if !Path::new("/dev/loop-control").exists() {
            return Err(Skip(
                "no /dev/loop-control (loop devices unavailable)".into(),
            ));
        }
        let backing = Tmpfs::mount(backing_bytes)?;
        let image = backing.dir.join("disk.img");
        let f = File::create(&image).map_err(|e| Skip(format!("image: {e}")))?;
        f.set_len(image_bytes)
            .map_err(|e| Skip(format!("image: {e}")))?;
        drop(f);
        let device = run(Command::new("losetup").args(["-f", "--show"]).arg(&image))
            .map_err(|e| Skip(format!("no loop device: {e}")))?;
        let detach = |device: &str| {
            let _ = Command::new("losetup").args(["-d", device]).status();
        };
        let block_size = block_size.to_string();
        if let Err(e) = run(Command::new("mkfs.ext4").args([
            "-q",
            "-F",
            "-m",
            "0",
            "-b",
            &block_size,
            "-E",
            "lazy_itable_init=0,lazy_journal_init=0,nodiscard",
            &device,
        ])) {
            detach(&device);
            return Err(Skip(format!("mkfs.ext4: {e}")));
        }
        let mnt = backing.dir.with_file_name("ext4");
        if let Err(e) =
            fs::create_dir(&mnt).and_then(|()| sys_mount(&device, &mnt, "ext4", "errors=continue"))
        {
            detach(&device);
            return Err(mount_skip("ext4 on a loop device", e));
        }
        let filler = backing.dir.join("filler");
        Ok(LoopExt4 {
            mnt,
            backing,
            device,
            filler,
        })
    }

    /// Fills the backing tmpfs completely: from now on every data block ext4 writes back for
    /// the first time fails in the block layer.
    pub fn starve_backing(&self) -> io::Result<()> {
        fill_until_full(&self.filler)
    }

    /// Gives the backing store its space back.
    pub fn feed_backing(&self) -> io::Result<()> {
        match fs::remove_file(&self.filler) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    pub fn backing_free(&self) -> u64 {
        self.backing.free_bytes()
    }

    /// Whether ext4 is still mounted read-write (an aborted journal would remount it ro).
    pub fn still_writable(&self) -> bool {
        let probe = self.mnt.join(".probe");
        let ok = File::create(&probe).and_then(|f| f.sync_all()).is_ok();
        let _ = fs::remove_file(&probe);
        ok
    }
}

impl Drop for LoopExt4 {
    fn drop(&mut self) {
        let _ = self.feed_backing();
        if let Err(e) = sys_umount(&self.mnt) {
            eprintln!("warning: could not unmount {}: {e}", self.mnt.display());
        }
        let _ = Command::new("losetup").args(["-d", &self.device]).status();
        // `backing` unmounts itself afterwards (field drop order).
    }
}

/// Writes zeros to `path` until the filesystem says it is full (ENOSPC), keeping the file.
pub fn fill_until_full(path: &Path) -> io::Result<()> {
    use std::io::Write;
    let mut f = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    let block = vec![0u8; 4096];
    loop {
        match f.write(&block) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) if e.raw_os_error() == Some(libc::ENOSPC) => return Ok(()),
            Err(e) => return Err(e),
        }
    }
}

/// Makes `path` take all but `leave` bytes of its filesystem's free space (stops quietly if
/// the filesystem fills up first).
pub fn fill_leaving(path: &Path, leave: u64) -> io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let free = free_bytes(dir)?;
    let mut f = fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .open(path)?;
    // Real blocks, not a hole: write them.
    let block = vec![0u8; 1 << 16];
    let mut left = free.saturating_sub(leave);
    while left > 0 {
        let n = left.min(block.len() as u64) as usize;
        match f.write(&block[..n]) {
            Ok(0) => break,
            Ok(w) => left -= w as u64,
            Err(e) if e.raw_os_error() == Some(libc::ENOSPC) => break,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
