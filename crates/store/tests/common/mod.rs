//! A fresh database of either backend for each test (`shinchoku_store::testing`), the samples
//! imported into it, and the macro that runs a scenario once per backend.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub use shinchoku_store::testing::TestDb;

/// What the scenarios add to a test database.
#[allow(async_fn_in_trait)]
pub trait Samples {
    /// Reads a sample sheet and imports it for `municipality`: the plan read, the new plan's id.
    async fn import_sample(&self, file: &str, municipality: &str) -> (shinchoku_core::Plan, i64);
}

impl Samples for TestDb {
    /// Reads a sample sheet and imports it for `municipality`: the plan read, the new plan's id.
    async fn import_sample(&self, file: &str, municipality: &str) -> (shinchoku_core::Plan, i64) {
        let (plan, bytes, layout) = read(&samples().join(file));
        let outcome = self
            .store
            .import(request(&plan, &bytes, layout, municipality, file))
            .await
            .expect("import");
        (plan, outcome.plan_id.expect("a new plan's id"))
    }
}

/// Runs one async scenario `$f(TestDb)` as two tests, one per backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::common::TestDb::sqlite().await;
                    super::$name(&db).await;
                    db.finish().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::common::TestDb::postgres().await;
                    super::$name(&db).await;
                    db.finish().await;
                }
            )*
        }
    };
}

pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

/// Reads a sheet file as the CLI does (in process).
pub fn read(path: &Path) -> (shinchoku_core::Plan, Vec<u8>, &'static str) {
    let bytes = std::fs::read(path).expect("read the sample");
    let sheet = shinchoku_import::read_bytes(path, &bytes, &Default::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (sheet.plan, bytes, sheet.layout)
}

pub fn request<'a>(
    plan: &'a shinchoku_core::Plan,
    bytes: &[u8],
    layout: &str,
    municipality: &'a str,
    file: &str,
) -> shinchoku_store::ImportRequest<'a> {
    shinchoku_store::ImportRequest {
        municipality,
        plan_name: None,
        plan,
        source: shinchoku_store::SourceFile::of_bytes(file, bytes, Some(layout.to_owned())),
        actor: shinchoku_store::Actor::new("tester", shinchoku_store::Via::Import),
        dry_run: false,
    }
}
