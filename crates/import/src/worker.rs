//! Workbooks parsed in a worker process. calamine panics on some malformed files and, on
//! others, allocates until the process aborts or loops without end; a caught panic cannot stop
//! an abort. So the workbook is parsed in a child process — this same program, run with a
//! hidden subcommand that calls [`serve`] — under the operating system's limits on memory and
//! processor time, and whatever ends it becomes one error: `broken-workbook`,
//! `limit-exceeded` or `timeout`. Rows come back as they are read, so a one-sheet workbook
//! still streams.

use crate::limits::{Exceeded, Limit, Limits};
use crate::source::wire::{self, Message};
use crate::source::{Failure, RowStream, Sheet, Source, stream, workbook};
use crate::{Grid, ImportError, ReadOptions};
use shinchoku_core::Finding;
use std::ffi::OsString;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

/// How to start a worker: a program and its arguments.
#[derive(Debug, Clone)]
pub struct Worker {
    program: PathBuf,
    args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
}

/// The most of a worker's standard error kept for the message.
const STDERR_KEPT: u64 = 16 << 10;

impl Worker {
    pub fn new(
        program: impl Into<PathBuf>,
        args: impl IntoIterator<Item = impl Into<OsString>>,
    ) -> Worker {
        Worker {
            program: program.into(),
            args: args.into_iter().map(Into::into).collect(),
            env: Vec::new(),
        }
    }

    /// Sets a variable in the worker's environment (an allocator's setting, say).
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Worker {
        self.env.push((key.into(), value.into()));
        self
    }

    /// This program, run with `args` (its subcommand that calls [`serve`]).
    pub fn this_program(
        args: impl IntoIterator<Item = impl Into<OsString>>,
    ) -> std::io::Result<Worker> {
        Ok(Worker::new(std::env::current_exe()?, args))
    }

    /// Opens the workbook in `bytes` in a worker.
    pub(crate) fn open(
        &self,
        file: &Path,
        bytes: Vec<u8>,
        options: &ReadOptions,
    ) -> Result<Source, ImportError> {
        let limits = options.limits;
        let broken = |e: &dyn std::fmt::Display| Failure::broken(e).into_error(file);
        let mut child = Command::new(&self.program)
            .args(&self.args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| broken(&format!("読み取り用のプロセスを起動できません: {e}")))?;
        let (Some(mut stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            return Err(broken(&"読み取り用のプロセスとつながりません"));
        };
        let request = Message::Request {
            limits: limits.assignments(),
            sheet: options.sheet.clone(),
        };
        // the worker reads the request before it answers: write it from another thread so
        // that neither waits on a full pipe
        let feeder = std::thread::spawn(move || {
            let mut out = BufWriter::new(&mut stdin);
            let _ = wire::write(&mut out, &request)
                .and_then(|()| wire::write(&mut out, &Message::Bytes(bytes)))
                .and_then(|()| out.flush());
        });
        let errors = std::thread::spawn(move || {
            let mut text = Vec::new();
            let mut stderr = stderr;
            let _ = (&mut stderr).take(STDERR_KEPT).read_to_end(&mut text);
            let _ = std::io::copy(&mut stderr, &mut std::io::sink());
            String::from_utf8_lossy(&text).into_owned()
        });
        let mut run = Run {
            file: file.to_owned(),
            limits,
            watchdog: Watchdog::start(&child, &limits),
            child: Some(child),
            stdout: BufReader::new(stdout),
            feeder: Some(feeder),
            errors: Some(errors),
        };
        let (kind, sheets) = match run.next() {
            Ok(Message::Begin { kind, sheets }) => (kind, sheets),
            Ok(other) => return Err(run.fail(unexpected(&other))),
            Err(stop) => return Err(run.fail(stop)),
        };
        if workbook::streams(&kind, sheets.len()) {
            let name = sheets.into_iter().next().unwrap_or_default();
            let (producer, rx) = stream::channel();
            let handle = std::thread::Builder::new()
                .name("workbook-worker".into())
                .spawn(move || run.stream(producer))
                .map_err(|e| broken(&e))?;
            let stream = RowStream::start(
                file.to_owned(),
                name,
                rx,
                handle,
                crate::layout::RECOGNITION_ROWS,
            )?;
            return Ok(Source {
                sheets: vec![Sheet::Stream(stream)],
                findings: Vec::new(),
                description: kind,
            });
        }
        let mut grids = Vec::new();
        let mut findings = Vec::new();
        let gathered = run.gather(&sheets, &mut grids, &mut findings);
        run.end(gathered).map_err(|f| f.into_error(file))?;
        Ok(Source {
            sheets: grids.into_iter().map(Sheet::Grid).collect(),
            findings,
            description: kind,
        })
    }
}

/// Why a run stopped before its `Done`.
#[derive(Debug)]
enum Stop {
    /// The worker sent its own account.
    Said(Failure),
    /// Its output ended: the worker is ending, by itself or by a signal.
    Ended,
    /// Something here went wrong: a frame not understood, a pipe that broke.
    Here(Failure),
}

fn unexpected(m: &Message) -> Stop {
    let what = format!("{m:?}");
    Stop::Here(Failure::Broken(format!(
        "読み取り用のプロセスから思わぬ応答がありました: {}",
        what.chars().take(60).collect::<String>()
    )))
}

/// One worker at work, seen from the reader.
struct Run {
    file: PathBuf,
    limits: Limits,
    child: Option<Child>,
    stdout: BufReader<ChildStdout>,
    watchdog: Watchdog,
    feeder: Option<JoinHandle<()>>,
    errors: Option<JoinHandle<String>>,
}

impl Run {
    /// The next frame; a failure the worker sent, or a stream that broke off.
    fn next(&mut self) -> Result<Message, Stop> {
        // no frame is larger than the largest part a workbook may hold
        match wire::read(
            &mut self.stdout,
            self.limits.get(Limit::PartBytes).saturating_add(64),
        ) {
            Ok(Some(Message::Failed(f))) => Err(Stop::Said(f)),
            Ok(Some(m)) => Ok(m),
            // the output ended, between frames or inside one: the worker is ending
            Ok(None) => Err(Stop::Ended),
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Err(Stop::Ended),
            Err(e) => Err(Stop::Here(Failure::broken(e))),
        }
    }

    /// Every sheet into grids.
    fn gather(
        &mut self,
        sheets: &[String],
        grids: &mut Vec<Grid>,
        findings: &mut Vec<Finding>,
    ) -> Result<(), Stop> {
        for name in sheets {
            match self.next()? {
                Message::Sheet(n) if n == *name => {}
                other => return Err(unexpected(&other)),
            }
            let mut rows = Vec::new();
            loop {
                match self.next()? {
                    Message::Row(row) => rows.push(row),
                    Message::ErrorCell { row, column, raw } => {
                        findings.push(workbook::error_finding(name, &raw, row, column));
                    }
                    Message::SheetEnd => break,
                    other => return Err(unexpected(&other)),
                }
            }
            grids.push(Grid {
                sheet: Some(name.clone()),
                rows,
                first_column: 0,
            });
        }
        match self.next()? {
            Message::Done => Ok(()),
            other => Err(unexpected(&other)),
        }
    }

    /// The one sheet, row by row, into `producer` (on a thread of its own).
    fn stream(mut self, mut producer: stream::Producer) {
        let outcome = self.feed(&mut producer);
        let outcome = self.end(outcome);
        producer.finish(outcome);
    }

    fn feed(&mut self, producer: &mut stream::Producer) -> Result<(), Stop> {
        let name = match self.next()? {
            Message::Sheet(n) => n,
            other => return Err(unexpected(&other)),
        };
        loop {
            match self.next()? {
                Message::Row(row) => {
                    if !producer.push(row) {
                        // the reader stopped early: the worker is not needed any more
                        self.stop();
                        return Ok(());
                    }
                }
                Message::ErrorCell { row, column, raw } => {
                    producer.report(workbook::error_finding(&name, &raw, row, column));
                }
                Message::SheetEnd => break,
                other => return Err(unexpected(&other)),
            }
        }
        match self.next()? {
            Message::Done => Ok(()),
            other => Err(unexpected(&other)),
        }
    }

    fn stop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
        }
    }

    /// Waits for the worker and says how the reading ended: the worker's own account when it
    /// gave one, else what its exit says (the operating system may have ended it).
    fn end(&mut self, outcome: Result<(), Stop>) -> Result<(), Failure> {
        if matches!(outcome, Err(Stop::Said(_) | Stop::Here(_))) {
            // it has nothing more to say that would be read
            self.stop();
        }
        let status = self.child.take().map(|mut c| c.wait());
        self.watchdog.disarm();
        if let Some(f) = self.feeder.take() {
            let _ = f.join();
        }
        let stderr = self
            .errors
            .take()
            .and_then(|e| e.join().ok())
            .unwrap_or_default();
        if self.watchdog.fired() {
            return Err(Failure::TimedOut(self.limits.get(Limit::Seconds)));
        }
        match outcome {
            Ok(()) => Ok(()),
            Err(Stop::Said(f) | Stop::Here(f)) => Err(f),
            Err(Stop::Ended) => match status {
                Some(Ok(status)) => {
                    Err(ended_by(status, &stderr, &self.limits).unwrap_or_else(|| {
                        Failure::Broken("読み取り用のプロセスが途中で終わりました".into())
                    }))
                }
                Some(Err(e)) => Err(Failure::broken(e)),
                None => Err(Failure::Broken("読み取り用のプロセスがありません".into())),
            },
        }
    }

    /// The error of a run that stopped before its first sheet.
    fn fail(mut self, stop: Stop) -> ImportError {
        let file = self.file.clone();
        match self.end(Err(stop)) {
            Err(f) => f.into_error(&file),
            Ok(()) => Failure::Broken("応答がありません".into()).into_error(&file),
        }
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        self.watchdog.disarm();
    }
}

/// What an exit says, when it is not the worker's own ending.
fn ended_by(status: ExitStatus, stderr: &str, limits: &Limits) -> Option<Failure> {
    if status.success() {
        return None;
    }
    let memory = || {
        Failure::Exceeded(Exceeded {
            limit: Limit::Memory,
            found: None,
            max: limits.get(Limit::Memory),
        })
    };
    if stderr.contains("memory allocation of") || stderr.contains("out of memory") {
        return Some(memory());
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return Some(match signal {
                // SIGXCPU at the soft processor-time limit, SIGKILL at the hard one
                24 => Failure::TimedOut(limits.get(Limit::Seconds)),
                // the allocator aborts when the address space is spent
                6 => memory(),
                s => Failure::Broken(format!(
                    "読み取り用のプロセスが異常終了しました(シグナル {s})"
                )),
            });
        }
    }
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    Some(Failure::Broken(format!(
        "読み取り用のプロセスが異常終了しました({status}{}{})",
        if last.is_empty() { "" } else { ": " },
        last.chars().take(200).collect::<String>()
    )))
}

/// Kills a worker that runs past twice its processor-time limit in wall time (one that
/// sleeps or waits never reaches its processor limit).
struct Watchdog {
    disarm: Option<mpsc::Sender<()>>,
    fired: Arc<AtomicBool>,
}

impl Watchdog {
    fn start(child: &Child, limits: &Limits) -> Watchdog {
        let (disarm, disarmed) = mpsc::channel::<()>();
        let fired = Arc::new(AtomicBool::new(false));
        let seconds = limits
            .get(Limit::Seconds)
            .saturating_mul(2)
            .saturating_add(5);
        let pid = child.id();
        let flag = fired.clone();
        std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) =
                disarmed.recv_timeout(Duration::from_secs(seconds))
            {
                flag.store(true, Ordering::SeqCst);
                kill(pid);
            }
        });
        Watchdog {
            disarm: Some(disarm),
            fired,
        }
    }

    fn disarm(&mut self) {
        self.disarm.take();
    }

    fn fired(&self) -> bool {
        self.fired.load(Ordering::SeqCst)
    }
}

#[cfg(unix)]
fn kill(pid: u32) {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    if let Ok(pid) = i32::try_from(pid) {
        let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
    }
}

#[cfg(not(unix))]
fn kill(_pid: u32) {}

/// The worker's side: reads a request and a workbook from `input`, sets the limits on this
/// process, and writes the workbook's sheets to `output`. Returns false when it could not
/// even read its request.
pub fn serve(mut input: impl Read, output: impl Write) -> bool {
    // a panic is caught and sent as a failure: nothing is printed
    std::panic::set_hook(Box::new(|_| {}));
    let mut out = BufWriter::with_capacity(1 << 16, output);
    let defaults = Limits::default();
    let (limits, sheet) = match wire::read(&mut input, 1 << 20) {
        Ok(Some(Message::Request {
            limits: given,
            sheet,
        })) => {
            let mut limits = defaults;
            if given.iter().any(|a| limits.set_from(a).is_err()) {
                return false;
            }
            (limits, sheet)
        }
        _ => return false,
    };
    set_process_limits(&limits);
    let bytes = match wire::read(&mut input, limits.get(Limit::FileBytes).saturating_add(64)) {
        Ok(Some(Message::Bytes(b))) => b,
        _ => return false,
    };
    let outcome = workbook::guarded(|| send(bytes, sheet.as_deref(), &limits, &mut out));
    if let Err(failure) = outcome {
        let _ = wire::write(&mut out, &Message::Failed(failure));
    }
    out.flush().is_ok()
}

fn send(
    bytes: Vec<u8>,
    sheet: Option<&str>,
    limits: &Limits,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let gone = |e: std::io::Error| Failure::broken(e);
    let mut opened = workbook::prepare(bytes, sheet, limits)?;
    wire::write(
        out,
        &Message::Begin {
            kind: opened.kind.to_owned(),
            sheets: opened.wanted.clone(),
        },
    )
    .map_err(gone)?;
    for name in std::mem::take(&mut opened.wanted) {
        wire::write(out, &Message::Sheet(name.clone())).map_err(gone)?;
        let mut sink = WireSink { out, broken: None };
        opened.read_sheet(&name, &mut sink)?;
        if let Some(e) = sink.broken {
            return Err(gone(e));
        }
        wire::write(out, &Message::SheetEnd).map_err(gone)?;
    }
    wire::write(out, &Message::Done).map_err(gone)
}

/// Rows out of the worker.
struct WireSink<'o, W: Write> {
    out: &'o mut W,
    broken: Option<std::io::Error>,
}

impl<W: Write> workbook::RowSink for WireSink<'_, W> {
    fn row(&mut self, row: crate::Row) -> bool {
        match wire::write(self.out, &Message::Row(row)) {
            Ok(()) => true,
            Err(e) => {
                self.broken = Some(e);
                false
            }
        }
    }

    fn finding(&mut self, finding: Finding) {
        if let shinchoku_core::FindingKind::ErrorCell { raw } = &finding.kind
            && let Some(shinchoku_core::Location::Sheet { row, column, .. }) = &finding.location
        {
            let _ = wire::write(
                self.out,
                &Message::ErrorCell {
                    row: row.saturating_sub(1),
                    column: column.saturating_sub(1),
                    raw: raw.clone(),
                },
            );
        }
    }
}

#[cfg(unix)]
fn set_process_limits(limits: &Limits) {
    use nix::sys::resource::{Resource, setrlimit};
    let memory = limits.get(Limit::Memory);
    let seconds = limits.get(Limit::Seconds);
    // address space: what the allocator can map; a failed allocation aborts, and the reader
    // reports the memory limit
    let _ = setrlimit(Resource::RLIMIT_AS, memory, memory);
    // processor time: SIGXCPU at the limit, SIGKILL a second later
    let _ = setrlimit(Resource::RLIMIT_CPU, seconds, seconds.saturating_add(1));
}

#[cfg(not(unix))]
fn set_process_limits(_limits: &Limits) {}
