//! Any bytes as a sheet file: its first byte chooses the file's extension, layout and encoding
//! (see `shinchoku_fuzz::exercise`), the rest is read by `shinchoku_import::read_bytes` and the
//! plan evaluated as `shinchoku evaluate` does. A crash is a panic that escapes (see
//! `shinchoku_fuzz::panics`); libFuzzer's -rss_limit_mb and -timeout catch the rest.
//!
//! `SHINCHOKU_FUZZ_VERBOSE=1` prints what became of each input (to check a corpus:
//! `read_bytes -runs=0 DIR`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use shinchoku_fuzz::{exercise, panics};
use std::sync::OnceLock;

fn verbose() -> bool {
    static VERBOSE: OnceLock<bool> = OnceLock::new();
    *VERBOSE.get_or_init(|| std::env::var_os("SHINCHOKU_FUZZ_VERBOSE").is_some_and(|v| v == "1"))
}

fuzz_target!(|data: &[u8]| {
    let outcome = panics::guard(|| exercise::run(data));
    if verbose() {
        eprintln!("shinchoku-fuzz: {outcome:?}");
    }
});
