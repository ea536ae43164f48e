//! The code the fuzz targets share. `exercise` is also compiled into the import crate's
//! regression test (`crates/import/tests/fuzz_regressions.rs`), so it depends on no fuzzing crate.

pub mod exercise;
pub mod panics;
