//! How the fuzz targets tell a crash from a panic the program handles.
//!
//! libfuzzer-sys aborts on every panic, caught or not. shinchoku catches some on purpose: the
//! workbook library's panics on a malformed file become `ImportError::BrokenWorkbook`, and a
//! reader thread that panics ends its sheet with an error. Those are a refused file, not a
//! crash of the program, so [`guard`] replaces the hook: a panic is only recorded (and its
//! place printed the first time it is seen), and the input crashes, with the panic's own
//! message and backtrace, only when the panic escapes `read_bytes` and the evaluation.
//!
//! `SHINCHOKU_FUZZ_STRICT_PANICS=1` brings back libfuzzer-sys's rule, to collect the panics of
//! the libraries underneath (to report them upstream) even when shinchoku catches them.

use std::backtrace::Backtrace;
use std::cell::RefCell;
use std::panic::{self, PanicHookInfo, UnwindSafe};
use std::sync::{Mutex, Once};

/// The last panic raised on this thread: where, what, and the stack at that moment.
struct Raised {
    /// The thread's name; libFuzzer's own thread, which runs the inputs, has none.
    thread: Option<String>,
    location: String,
    message: String,
    backtrace: Backtrace,
}

thread_local! {
    static LAST: RefCell<Option<Raised>> = const { RefCell::new(None) };
}

/// The places a handled panic has been seen at, so that each is printed once.
static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());
static INSTALL: Once = Once::new();

fn message(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(a panic without a message)".to_owned())
}

fn install() {
    INSTALL.call_once(|| {
        let strict = std::env::var_os("SHINCHOKU_FUZZ_STRICT_PANICS").is_some_and(|v| v == "1");
        panic::set_hook(Box::new(move |info| {
            let raised = Raised {
                thread: std::thread::current().name().map(str::to_owned),
                location: info
                    .location()
                    .map_or_else(String::new, |l| format!("{}:{}:{}", l.file(), l.line(), l.column())),
                message: message(info),
                backtrace: Backtrace::force_capture(),
            };
            if strict {
                eprintln!("{}", report(&raised));
                std::process::abort();
            }
            let first = SEEN.lock().is_ok_and(|mut seen| {
                let new = !seen.contains(&raised.location);
                if new {
                    seen.push(raised.location.clone());
                }
                new
            });
            if first {
                eprintln!(
                    "shinchoku-fuzz: a panic at {} ({}); not a crash unless it escapes (printed once)",
                    raised.location, raised.message
                );
            }
            LAST.with(|last| *last.borrow_mut() = Some(raised));
        }));
    });
}

fn report(raised: &Raised) -> String {
    format!(
        "{} panicked at {}:\n{}\nstack backtrace:\n{}",
        raised.thread.as_ref().map_or_else(
            || "the fuzzing thread".to_owned(),
            |t| format!("thread '{t}'")
        ),
        raised.location,
        raised.message,
        raised.backtrace
    )
}

/// Runs `f`; a panic that escapes it aborts the process (libFuzzer's crash) after printing
/// where it was raised. A panic caught inside `f` is not a crash.
pub fn guard<R>(f: impl FnOnce() -> R + UnwindSafe) -> R {
    install();
    LAST.with(|last| last.borrow_mut().take());
    match panic::catch_unwind(f) {
        Ok(r) => r,
        Err(_) => {
            let raised = LAST.with(|last| last.borrow_mut().take());
            eprintln!(
                "==== shinchoku-fuzz: a panic escaped the program (a crash)\n{}",
                raised
                    .as_ref()
                    .map_or_else(|| "(no panic recorded)".to_owned(), report)
            );
            std::process::abort();
        }
    }
}
