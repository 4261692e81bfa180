//! The real pcscd for the PC/SC tests: use the one running, else start one; stop it
//! only when it is ours (or CI says so with HUANZHENG_PCSCD_PID). Tests that use it
//! hold `acquire()`'s guard, so they run one at a time and one card at a time uses
//! vpcd's port.
//!
//! Without pcscd a test prints a loud skip and passes, unless HUANZHENG_REQUIRE_PCSC
//! is set (as `.ci/run` does): then it fails.
#![allow(dead_code)]

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Sender};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::{Duration, Instant};

pub const SOCKET: &str = "/run/pcscd/pcscd.comm";
const STARTUP: Duration = Duration::from_secs(15);

pub fn required() -> bool {
    std::env::var("HUANZHENG_REQUIRE_PCSC").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Fails under HUANZHENG_REQUIRE_PCSC, else says loudly that the test did not run.
pub fn skip(test: &str, why: &str) {
    assert!(
        !required(),
        "{test}: the real PC/SC stack is required (HUANZHENG_REQUIRE_PCSC) but {why}"
    );
    // Straight to the stream: the test harness hides what `eprintln!` says in a test
    // that passes, and this must be seen.
    let _ = writeln!(
        std::io::stderr().lock(),
        "\n!!!!!!!! SKIPPED {test}: {why}\n!!!!!!!! install and allow it with: \
         apt-get install pcscd vsmartcard-vpcd (as root); HUANZHENG_REQUIRE_PCSC=1 \
         makes this a failure\n"
    );
}

pub fn running() -> bool {
    UnixStream::connect(SOCKET).is_ok()
}

pub struct Pcscd {
    ours: Option<Child>,
}

static PCSCD: Mutex<Pcscd> = Mutex::new(Pcscd { ours: None });

/// The pcscd, running, for the caller alone; `Err` says why there is none.
pub fn acquire() -> Result<MutexGuard<'static, Pcscd>, String> {
    let mut pcscd = PCSCD.lock().unwrap_or_else(PoisonError::into_inner);
    pcscd.ensure()?;
    if !vpcd_empty(STARTUP) {
        return Err(format!("a card stays on \"{}\"", super::vpcd::READER));
    }
    Ok(pcscd)
}

/// Waits until vpcd's reader has no card: a card a test took off is seen gone only at
/// vpcd's next poll, and the next test must not find it there.
pub fn vpcd_empty(limit: Duration) -> bool {
    use pcsc::{Context, ReaderState, Scope, State};
    let Ok(context) = Context::establish(Scope::User) else {
        return false;
    };
    let name = std::ffi::CString::new(super::vpcd::READER).unwrap();
    let mut states = [ReaderState::new(name, State::UNAWARE)];
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if context.get_status_change(left, &mut states).is_err() {
            return false;
        }
        if states[0].event_state().contains(State::EMPTY) {
            return true;
        }
        states[0].sync_current_state();
    }
}

fn until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    done()
}

fn vpcd_listed() -> bool {
    huanzheng::reader::list_readers().is_ok_and(|r| r.iter().any(|n| n == super::vpcd::READER))
}

impl Pcscd {
    fn ensure(&mut self) -> Result<(), String> {
        // Ours, but ended (killed from outside): start another below.
        if let Some(child) = &mut self.ours
            && !matches!(child.try_wait(), Ok(None))
        {
            self.ours = None;
        }
        if !running() {
            self.start()?;
        }
        if until(STARTUP, vpcd_listed) {
            Ok(())
        } else {
            Err(format!(
                "pcscd runs but has no reader \"{}\" (is vsmartcard-vpcd installed?)",
                super::vpcd::READER
            ))
        }
    }

    /// Starts a pcscd of our own; it ends with the test process.
    pub fn start(&mut self) -> Result<(), String> {
        let child = spawn_pcscd().map_err(|e| format!("pcscd cannot be started: {e}"))?;
        self.ours = Some(child);
        if until(STARTUP, || running() && vpcd_listed()) {
            return Ok(());
        }
        let status = self.ours.as_mut().and_then(|c| c.try_wait().ok().flatten());
        Err(format!(
            "pcscd did not open {SOCKET} within {STARTUP:?} (exit: {status:?}; it needs root)"
        ))
    }

    /// Stops pcscd: ours, or the one HUANZHENG_PCSCD_PID names (CI's). Another's is
    /// left alone and `Err` says so.
    pub fn stop(&mut self) -> Result<(), String> {
        if let Some(mut child) = self.ours.take() {
            terminate(child.id() as i32);
            let _ = child.wait();
        } else {
            let pid = std::env::var("HUANZHENG_PCSCD_PID")
                .ok()
                .and_then(|p| p.trim().parse::<i32>().ok())
                .filter(|pid| is_pcscd(*pid))
                .ok_or(
                    "pcscd was started outside these tests; set HUANZHENG_PCSCD_PID to its \
                     pid to let the tests stop it",
                )?;
            terminate(pid);
        }
        if until(STARTUP, || !running()) {
            Ok(())
        } else {
            Err(format!("pcscd still answers on {SOCKET} after SIGTERM"))
        }
    }
}

fn is_pcscd(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == "pcscd")
}

fn terminate(pid: i32) {
    // SAFETY: kill(2) with a pid checked to be pcscd's; no memory is involved.
    unsafe {
        libc::kill(pid, libc::SIGTERM);
    }
}

type Spawned = std::io::Result<Child>;

/// pcscd is started from one thread that lives as long as the process, so that the
/// parent-death signal (which follows the spawning thread) ends it with the process.
fn spawn_pcscd() -> Spawned {
    static KEEPER: OnceLock<Mutex<Sender<Sender<Spawned>>>> = OnceLock::new();
    let keeper = KEEPER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Sender<Spawned>>();
        std::thread::spawn(move || {
            for reply in rx {
                let _ = reply.send(spawn_now());
            }
        });
        Mutex::new(tx)
    });
    let (reply, answer) = mpsc::channel();
    keeper
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .send(reply)
        .map_err(std::io::Error::other)?;
    answer.recv().map_err(std::io::Error::other)?
}

fn spawn_now() -> Spawned {
    use std::os::unix::process::CommandExt;
    let mut command = Command::new("pcscd");
    command
        .arg("--foreground")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // SAFETY: prctl is async-signal-safe and touches no memory of the parent.
    unsafe {
        command.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    command.spawn()
}
