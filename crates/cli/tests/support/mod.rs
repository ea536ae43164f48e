//! What the tests on large inputs share: running the binary and measuring its peak memory.
//! Each such test lives in a test file of its own, so that the peak of the children this
//! process has waited for is the peak of that one run.
// each test file that shares this module uses part of it
#![allow(dead_code)]

use nix::sys::resource::{UsageWho, getrusage};
use std::fs::File;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

/// One run of the binary: its exit, its stderr, and the most memory it held.
#[derive(Debug)]
pub struct Run {
    pub status: ExitStatus,
    pub stderr: String,
    pub peak_bytes: u64,
}

/// Runs `shinchoku ARGS`, its stdout written to `stdout`.
pub fn run(args: &[&str], stdout: &Path) -> Run {
    let out = File::create(stdout).expect("the output file");
    let child = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(args)
        .stdout(Stdio::from(out))
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let output = child.wait_with_output().expect("the binary ends");
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).expect("getrusage");
    // Linux gives ru_maxrss in kilobytes
    let peak_bytes = u64::try_from(usage.max_rss()).unwrap_or(0) * 1024;
    Run {
        status: output.status,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        peak_bytes,
    }
}

/// A deterministic stream of numbers for generated sheets.
#[derive(Debug)]
pub struct Numbers(u64);

impl Numbers {
    pub fn new(seed: u64) -> Numbers {
        Numbers(seed)
    }

    /// The next number below `bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        // a 64-bit LCG (Knuth's MMIX constants): enough to vary figures
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

pub const MB: u64 = 1_000_000;

impl Run {
    /// Prints the peak beside the file's size, and fails when it is `limit` times the file
    /// or more.
    pub fn assert_peak_below(&self, limit: f64, file_bytes: u64) {
        let ratio = self.peak_bytes as f64 / file_bytes as f64;
        let figures = format!(
            "peak {} MB for a {} MB file ({ratio:.2}×)",
            self.peak_bytes / MB,
            file_bytes / MB
        );
        eprintln!("{figures}");
        assert!(ratio < limit, "{figures}, limit {limit}×");
    }
}
