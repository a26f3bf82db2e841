//! Syscall-level fault injection without LD_PRELOAD: a seccomp filter that makes chosen
//! syscalls fail with EIO in this process (all threads) from now on.
//!
//! This is how the fault tests get an I/O error *exactly* at `fdatasync` (the picture's data)
//! or at `fsync` (the album folder): the kernel answers the call with EIO without running it,
//! which is what the album sees when a disk fails while flushing. It needs no privilege
//! (`no_new_privs` is set first) and affects only the worker process that installs it.
//! `Wal` narrows it to one descriptor: the index's WAL file, i.e. SQLite's flush of a commit.

use std::io;

#[repr(C)]
struct SockFilter {
    code: u16,
    jt: u8,
    jf: u8,
    k: u32,
}

#[repr(C)]
struct SockFprog {
    len: u16,
    filter: *const SockFilter,
}

const BPF_LD_W_ABS: u16 = 0x20; // BPF_LD | BPF_W | BPF_ABS
const BPF_JEQ_K: u16 = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const BPF_RET_K: u16 = 0x06; // BPF_RET | BPF_K
const SECCOMP_RET_ALLOW: u32 = 0x7fff_0000;
const SECCOMP_RET_ERRNO: u32 = 0x0005_0000;
const SECCOMP_SET_MODE_FILTER: libc::c_ulong = 1;
const SECCOMP_FILTER_FLAG_TSYNC: libc::c_ulong = 1;
/// `offsetof(struct seccomp_data, nr)` and `arch`.
const NR_OFFSET: u32 = 0;
const ARCH_OFFSET: u32 = 4;
/// `offsetof(struct seccomp_data, args[0])`, its low half on a little-endian machine.
const ARG0_LO_OFFSET: u32 = 16;

#[cfg(target_arch = "x86_64")]
const AUDIT_ARCH: u32 = 0xC000_003E;
#[cfg(target_arch = "aarch64")]
const AUDIT_ARCH: u32 = 0xC000_00B7;

/// Which flush fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailSync {
    /// `fdatasync`: the save's flush of the picture's bytes.
    Fdatasync,
    /// `fsync`: the save's flush of the album folder (`File::sync_all`).
    Fsync,
    /// `fsync`/`fdatasync` of the index's WAL file only (SQLite's flush of a commit): the
    /// filter matches the descriptor the process has open on `*index.sqlite-wal`.
    Wal,
}

impl std::str::FromStr for FailSync {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "fdatasync" => Ok(FailSync::Fdatasync),
            "fsync" => Ok(FailSync::Fsync),
            "wal" => Ok(FailSync::Wal),
            other => Err(format!("unknown sync {other:?} (fdatasync|fsync|wal)")),
        }
    }
}

/// The descriptor this process has open on a file whose path ends with `suffix`.
pub fn open_fd_ending_with(suffix: &str) -> io::Result<u32> {
    for entry in std::fs::read_dir("/proc/self/fd")? {
        let entry = entry?;
        if let Ok(target) = std::fs::read_link(entry.path())
            && target.to_string_lossy().ends_with(suffix)
            && let Ok(fd) = entry.file_name().to_string_lossy().parse()
        {
            return Ok(fd);
        }
    }
    Err(io::Error::new(
        io::ErrorKind::NotFound,
        format!("no open file ending with {suffix}"),
    ))
}

const fn stmt(code: u16, jt: u8, jf: u8, k: u32) -> SockFilter {
    SockFilter { code, jt, jf, k }
}

/// From now on, the chosen flush fails with EIO in this process (all threads).
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
pub fn fail_with_eio(which: FailSync) -> io::Result<()> {
    let errno = SECCOMP_RET_ERRNO | (libc::EIO as u32 & 0xFFFF);
    let (fsync, fdatasync) = (libc::SYS_fsync as u32, libc::SYS_fdatasync as u32);
    let mut filter = vec![
        stmt(BPF_LD_W_ABS, 0, 0, ARCH_OFFSET),
        // Another ABI: jump to the final allow.
        stmt(BPF_JEQ_K, 1, 0, AUDIT_ARCH),
        stmt(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
        stmt(BPF_LD_W_ABS, 0, 0, NR_OFFSET),
    ];
    match which {
        FailSync::Fdatasync | FailSync::Fsync => {
            let nr = if which == FailSync::Fdatasync {
                fdatasync
            } else {
                fsync
            };
            filter.extend([
                stmt(BPF_JEQ_K, 0, 1, nr),
                stmt(BPF_RET_K, 0, 0, errno),
                stmt(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
            ]);
        }
        FailSync::Wal => {
            let fd = open_fd_ending_with("index.sqlite-wal")?;
            filter.extend([
                // fsync or fdatasync ...
                stmt(BPF_JEQ_K, 1, 0, fsync),
                stmt(BPF_JEQ_K, 0, 3, fdatasync),
                // ... of that descriptor (low 32 bits of the first argument).
                stmt(BPF_LD_W_ABS, 0, 0, ARG0_LO_OFFSET),
                stmt(BPF_JEQ_K, 0, 1, fd),
                stmt(BPF_RET_K, 0, 0, errno),
                stmt(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
            ]);
        }
    }
    let prog = SockFprog {
        len: filter.len() as u16,
        filter: filter.as_ptr(),
    };
    // SAFETY: prctl/seccomp with a valid, live filter program.
    unsafe {
        if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 {
            return Err(io::Error::last_os_error());
        }
        let rc = libc::syscall(
            libc::SYS_seccomp,
            SECCOMP_SET_MODE_FILTER,
            SECCOMP_FILTER_FLAG_TSYNC,
            &prog as *const SockFprog,
        );
        if rc != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
pub fn fail_with_eio(_which: FailSync) -> io::Result<()> {
    Err(io::Error::other(
        "seccomp fault injection is wired for x86_64 and aarch64 only",
    ))
}
