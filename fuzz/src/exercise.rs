//! What one fuzz input does: its first byte chooses how the file is named and read, the rest is
//! the file; the file is read as `shinchoku read` does and evaluated as `shinchoku evaluate`
//! does (the default year and policy, and one more preset), and every output the CLI would
//! render is built.
//!
//! This file is shared, by `#[path]`, between the fuzz targets (`fuzz/src/lib.rs`) and the plain
//! test that replays the regression files (`crates/import/tests/fuzz_regressions.rs`), so that
//! a regression file means the same thing in both. It uses only `std`, `shinchoku-core`,
//! `shinchoku-import` and `serde_json`.
//!
//! The first byte, bit by bit:
//!
//! | bits | chooses | values |
//! |---|---|---|
//! | 0–2 | the file name's extension | `.csv` `.tsv` `.txt` `.xlsx` `.xls` `.ods` `.tab`, none |
//! | 3–5 | the layout (`--layout`) | 0 and 7: recognised; 1–6: `layouts()[n - 1]` |
//! | 6–7 | the encoding (`--encoding`) | 0: detected; 1: `utf-8`; 2: `shift_jis`; 3: `utf-16` |
//!
//! A seed of a `.txt` sheet is therefore the byte 2 followed by the file; of an xlsx, 3.

use shinchoku_core::document::PlanDocument;
use shinchoku_core::evaluate::{self, Distribution, EvaluationRecord, rollup};
use shinchoku_core::{Policy, ids, long};
use shinchoku_import::{ImportError, ReadOptions, ReadSheet, read_bytes};
use std::path::PathBuf;

/// The extensions bits 0–2 choose; the empty one is a file without an extension.
pub const EXTENSIONS: [&str; 8] = ["csv", "tsv", "txt", "xlsx", "xls", "ods", "tab", ""];

/// The encodings bits 6–7 choose.
pub const ENCODINGS: [Option<&str>; 4] = [None, Some("utf-8"), Some("shift_jis"), Some("utf-16")];

/// A fuzz input taken apart: the file's name, the options, the file's bytes.
#[derive(Debug)]
pub struct Input<'a> {
    pub file: PathBuf,
    pub options: ReadOptions,
    pub bytes: &'a [u8],
}

impl<'a> Input<'a> {
    /// `None` for the empty input.
    pub fn decode(data: &'a [u8]) -> Option<Input<'a>> {
        let (&selector, bytes) = data.split_first()?;
        let extension = EXTENSIONS[usize::from(selector & 0b111)];
        let file = if extension.is_empty() {
            PathBuf::from("fuzz")
        } else {
            PathBuf::from(format!("fuzz.{extension}"))
        };
        let layouts = shinchoku_import::layout::layouts();
        let layout = usize::from((selector >> 3) & 0b111)
            .checked_sub(1)
            .and_then(|n| layouts.get(n))
            .map(|l| l.name().to_owned());
        let encoding = ENCODINGS[usize::from(selector >> 6)].map(str::to_owned);
        Some(Input {
            file,
            options: ReadOptions {
                layout,
                encoding,
                ..ReadOptions::default()
            },
            bytes,
        })
    }
}

/// What became of an input.
#[derive(Debug)]
pub enum Outcome {
    /// The empty input: nothing to do.
    Nothing,
    /// Read and evaluated: the layout, the format, how many indicators, and how many
    /// evaluations were made under the two policies together.
    Read {
        layout: &'static str,
        format: String,
        indicators: usize,
        evaluations: usize,
    },
    /// Refused with an error, as a user would see it.
    Refused(ImportError),
}

/// Reads and evaluates one input. Never panics unless the program does.
pub fn run(data: &[u8]) -> Outcome {
    let Some(input) = Input::decode(data) else {
        return Outcome::Nothing;
    };
    match read_bytes(&input.file, input.bytes, &input.options) {
        Ok(sheet) => Outcome::Read {
            evaluations: render(&sheet, data.len()),
            layout: sheet.layout,
            format: sheet.encoding.clone(),
            indicators: sheet.plan.indicators.len(),
        },
        Err(e) => {
            // the message a user reads is built too
            let _ = e.to_string();
            Outcome::Refused(e)
        }
    }
}

/// Builds what `read` and `evaluate` show of a read sheet; returns the number of evaluations.
fn render(sheet: &ReadSheet, data_len: usize) -> usize {
    let plan = &sheet.plan;
    // read --json and read --csv
    let document = PlanDocument::new(plan, Some(sheet.source_info()));
    let _ = serde_json::to_vec(&document);
    let mut cells = 0usize;
    long::for_each_row(plan, |row| cells += row.len());
    for finding in &plan.findings {
        let _ = finding.to_string();
    }
    // evaluate, the year chosen as the CLI chooses it when none is asked for
    let year = match plan.default_evaluation_year() {
        Ok(year) => year,
        Err(Some(first)) => first,
        Err(None) => return 0,
    };
    if !plan.covers(year) {
        return 0;
    }
    let keys = ids::indicator_keys(plan);
    // the CLI's default policy, and one more preset chosen by the input's length, so that the
    // corpus exercises every preset without evaluating every input eight times
    let presets = Policy::presets();
    let other = presets.get(data_len % presets.len().max(1)).cloned();
    let mut made = 0;
    for policy in std::iter::once(Policy::standard()).chain(other) {
        let evaluations = evaluate::evaluate_plan(plan, year, &policy);
        let findings = evaluate::with_reading(evaluate::findings(&evaluations), &plan.findings);
        for finding in &findings {
            let _ = finding.to_string();
        }
        let rule = policy.rollup.clone();
        let _ = rollup::by_goal(plan, &policy, &evaluations, &rule);
        let _ = rollup::roll_up(&policy, &evaluations, &rule);
        let _ = Distribution::of(&policy, &evaluations).to_string();
        for (i, e) in evaluations.iter().enumerate() {
            if let Some(key) = keys.get(i) {
                let _ = EvaluationRecord::new(e, plan, i, key);
            }
        }
        made += evaluations.len();
    }
    made
}
