//! One module per subcommand; each parses nothing itself, calls the library and renders.

pub mod backup;
pub mod collection;
pub mod database;
pub mod db;
pub mod demo;
pub mod evaluate;
pub mod export;
pub mod history;
pub mod import;
pub mod plans;
pub mod policies;
pub mod read;
pub mod serve;
pub mod set;
pub mod user;

use crate::cli::SheetArgs;
use shinchoku_import::mapping::Mapping;
use shinchoku_import::{ImportError, Limits, ReadOptions, ReadSheet, Worker};

/// Workbooks are parsed in a worker process of this program, under the limits.
pub fn worker() -> anyhow::Result<Worker> {
    Ok(Worker::this_program([WORKER_COMMAND])
        .map_err(|e| UserError::new("worker", format!("このプログラムの場所が分かりません: {e}")))?
        // mimalloc reserves address space a gigabyte at a time; the worker's memory limit
        // bounds address space, so it reserves in small steps there
        .env("MIMALLOC_ARENA_RESERVE", "64MiB"))
}

/// The hidden subcommand that runs [`shinchoku_import::worker::serve`].
const WORKER_COMMAND: &str = "__workbook-worker";

/// An error the user caused and can fix, with its English key.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UserError {
    pub key: &'static str,
    pub message: String,
}

impl UserError {
    pub fn new(key: &'static str, message: impl Into<String>) -> UserError {
        UserError {
            key,
            message: message.into(),
        }
    }
}

/// The one line an error is shown as: `エラー: … (key)`.
pub fn describe(e: &anyhow::Error) -> String {
    if let Some(ie) = e.downcast_ref::<ImportError>() {
        return format!("エラー: {ie} ({})", ie.key());
    }
    if let Some(se) = e.downcast_ref::<shinchoku_store::StoreError>() {
        // its message ends in its key already
        return format!("エラー: {se}");
    }
    if let Some(ue) = e.downcast_ref::<UserError>() {
        return format!("エラー: {ue} ({})", ue.key);
    }
    format!("エラー: {e:#} (internal)")
}

/// Reads the sheet named on the command line, warning of options that do not apply to it.
pub fn load(args: &SheetArgs) -> anyhow::Result<ReadSheet> {
    let sheet = shinchoku_import::read_file(sheet_file(args)?, &options(args)?)?;
    for warning in ignored_options(args, &sheet) {
        eprintln!("{}", crate::terminal::visible(&warning));
    }
    Ok(sheet)
}

/// The sheet file named on the command line (clap makes sure there is one where it is needed).
pub fn sheet_file(args: &SheetArgs) -> anyhow::Result<&std::path::Path> {
    args.file
        .as_deref()
        .ok_or_else(|| UserError::new("missing-sheet", "読み取るファイルを指定してください").into())
}

/// Options given that the file had no use for: said, never silently dropped.
pub fn ignored_options(args: &SheetArgs, sheet: &ReadSheet) -> Vec<String> {
    let workbook = sheet.sheets.iter().any(|s| s.name.is_some());
    let file = sheet.file.display();
    let mut warnings = Vec::new();
    if let (true, Some(e)) = (workbook, &args.input_encoding) {
        warnings.push(format!(
            "警告: 「{file}」はExcelブック({})なので、文字コードの指定 {e} は使いませんでした (ignored-option)",
            sheet.encoding
        ));
    }
    if let (false, Some(name)) = (workbook, &args.sheet) {
        warnings.push(format!(
            "警告: 「{file}」はシートのないテキストファイルなので、シートの指定「{name}」は使いませんでした (ignored-option)"
        ));
    }
    warnings
}

/// The reading options the command line gives, with the mapping file read and checked.
pub fn options(args: &SheetArgs) -> anyhow::Result<ReadOptions> {
    let mapping = match &args.mapping {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                let why = match e.kind() {
                    std::io::ErrorKind::NotFound => "が見つかりません".to_owned(),
                    std::io::ErrorKind::InvalidData => "はUTF-8のテキストではありません".to_owned(),
                    _ => format!("を読めません({e})"),
                };
                UserError::new(
                    "mapping",
                    format!("対応づけのファイル「{}」{why}", path.display()),
                )
            })?;
            let m = Mapping::parse(&text).map_err(|e| {
                UserError::new(
                    "mapping",
                    format!("対応づけのファイル「{}」: {e}", path.display()),
                )
            })?;
            Some(m)
        }
        None => None,
    };
    let mut limits = Limits::default();
    for assignment in &args.limits {
        limits
            .set_from(assignment)
            .map_err(|e| UserError::new("limit", format!("--limit {assignment}: {e}")))?;
    }
    let worker = worker()?;
    Ok(ReadOptions {
        layout: args.layout.clone(),
        encoding: args.input_encoding.clone(),
        sheet: args.sheet.clone(),
        mapping,
        limits,
        worker: Some(worker),
    })
}
