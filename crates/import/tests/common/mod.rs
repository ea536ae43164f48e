//! Where the shared fixtures are, and reading them. The fixtures live beside the repository in
//! `../shared`; a test run without them fails loudly rather than skipping.

#![allow(dead_code)]

pub mod sheets;

use shinchoku_import::{ReadOptions, ReadSheet, read_file};
use std::path::PathBuf;

pub fn shared_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    assert!(
        dir.join("fixtures").is_dir(),
        "the shared fixtures are missing: expected them at {} (../shared beside the repository)",
        dir.display()
    );
    dir
}

pub fn fixture(name: &str) -> PathBuf {
    shared_dir().join("fixtures").join(name)
}

pub fn expected(name: &str) -> serde_json::Value {
    let path = shared_dir().join("fixtures/expected").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn read(name: &str) -> ReadSheet {
    let path = fixture(name);
    read_file(&path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
