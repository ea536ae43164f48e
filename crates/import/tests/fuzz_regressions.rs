//! Every input the fuzzer ever crashed on, kept in `tests/fuzz-regressions/`, read again as the
//! `read_bytes` fuzz target reads it (first byte: extension, layout, encoding; the rest: the
//! file) and evaluated: each must end in a plan or an error, never a panic. `fuzz/run.sh`
//! replays the same files through the fuzz target before it fuzzes; this test keeps them in
//! the ordinary test suite. See `fuzz/README.md` for how a crash becomes a file here.

// the fuzz crate's pub items, some unused here
#[allow(dead_code)]
#[path = "../../../fuzz/src/exercise.rs"]
mod exercise;

use std::path::PathBuf;

#[test]
fn every_input_the_fuzzer_crashed_on_reads_to_a_plan_or_an_error() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    // hidden files (.gitkeep) are not inputs
    files.retain(|p| {
        p.is_file()
            && !p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
    });
    files.sort();
    let mut panicked = Vec::new();
    for file in &files {
        let data = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        match std::panic::catch_unwind(|| exercise::run(&data)) {
            Ok(outcome) => println!("{}: {outcome:?}", file.display()),
            Err(_) => panicked.push(file.display().to_string()),
        }
    }
    assert!(
        panicked.is_empty(),
        "{} of {} regression inputs panicked (see the panic messages above): {}",
        panicked.len(),
        files.len(),
        panicked.join(", ")
    );
}
