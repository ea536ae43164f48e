//! ダウンロード: a plan as a file — the council sheet (xlsx) or the printed report (PDF) of the
//! year shown, or the open data (CSV for Excel, or Shift_JIS; JSON), written by
//! `shinchoku-report` exactly as `shinchoku export` writes them.

use super::readable;
use crate::error::WebError;
use crate::evaluation::parse_year;
use crate::session::Visitor;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use shinchoku_report::Subject;
use shinchoku_report::council::{CouncilYear, council_xlsx};
use shinchoku_report::open_data::{self, CsvEncoding};
use shinchoku_report::pdf::Printer;
use shinchoku_report::printed::{Paper, report_html};

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Xlsx,
    Pdf,
    Csv,
    Json,
}

#[derive(Debug, Deserialize)]
pub struct DownloadQuery {
    pub year: Option<String>,
    /// `shift_jis` for the CSV (default UTF-8 with a BOM).
    pub encoding: Option<String>,
    /// `a3` for the PDF on A3 landscape (default A4 portrait).
    pub paper: Option<String>,
}

/// What a download writes.
enum Job {
    Council,
    Report(Printer, Paper),
    Csv(CsvEncoding),
    Json,
}

pub async fn file(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((plan_id, format)): Path<(i64, Format)>,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, WebError> {
    let (stored, py) = readable(&state, &visitor, plan_id, parse_year(q.year.as_deref())?).await?;
    let encoding = match q.encoding.as_deref() {
        None | Some("" | "utf-8" | "utf8") => CsvEncoding::Utf8,
        Some("shift_jis" | "sjis" | "cp932") => CsvEncoding::ShiftJis,
        Some(other) => {
            return Err(WebError::BadRequest(format!(
                "文字コード「{other}」は選べません。utf-8 か shift_jis です"
            )));
        }
    };
    let paper = match q.paper.as_deref() {
        None | Some("" | "a4") => Paper::A4Portrait,
        Some("a3") => Paper::A3Landscape,
        Some(other) => {
            return Err(WebError::BadRequest(format!(
                "用紙「{other}」は選べません。a4 か a3 です"
            )));
        }
    };
    // what to write, with all it needs: the browser is looked for before anything is read
    let job = match format {
        Format::Xlsx => Job::Council,
        Format::Pdf => Job::Report(
            Printer::find().map_err(|e| WebError::Unavailable(e.to_string()))?,
            paper,
        ),
        Format::Csv => Job::Csv(encoding),
        Format::Json => Job::Json,
    };
    let comments = match job {
        Job::Council | Job::Report(..) => state.store.year_comments(&stored, py.year).await?,
        Job::Csv(_) | Job::Json => Vec::new(),
    };
    let (kind, extension) = match &job {
        Job::Council => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        Job::Report(..) => ("application/pdf", "pdf"),
        Job::Csv(CsvEncoding::Utf8) => ("text/csv; charset=utf-8", "csv"),
        Job::Csv(CsvEncoding::ShiftJis) => ("text/csv; charset=shift_jis", "csv"),
        Job::Json => ("application/json", "json"),
    };
    let name = format!("{}_{}", stored.name, py.year);
    // a report waits for a printer; the other files are written at once
    let _turn = match job {
        Job::Report(..) => Some(
            state
                .printing
                .clone()
                .acquire_owned()
                .await
                .map_err(|e| WebError::Internal(e.to_string()))?,
        ),
        _ => None,
    };
    // writing a workbook or printing a report is slow work: off the threads that answer
    let written = tokio::task::spawn_blocking(move || {
        let subject = Subject {
            municipality_code: &stored.municipality_code,
            plan_name: &stored.name,
            plan: &stored.plan,
            keys: &stored.keys,
        };
        match job {
            Job::Council => council_xlsx(
                &subject,
                &CouncilYear {
                    py: &py,
                    comments: &comments,
                },
                stored.layout.as_deref(),
            ),
            Job::Report(printer, paper) => {
                report_html(&subject, &py, &comments, paper).and_then(|html| printer.print(&html))
            }
            Job::Csv(encoding) => {
                open_data::to_csv(&open_data::rows(&subject), encoding).map(|(b, _)| b)
            }
            Job::Json => open_data::to_json(&open_data::rows(&subject)),
        }
    })
    .await
    .map_err(|e| WebError::Internal(format!("書き出しが異常終了しました: {e}")))?
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let disposition = format!(
        "attachment; filename=\"plan-{plan_id}.{extension}\"; filename*=UTF-8''{}.{extension}",
        shinchoku_report::percent_encode(&name, b"")
    );
    Ok((
        [
            (CONTENT_TYPE, kind.to_owned()),
            (CONTENT_DISPOSITION, disposition),
        ],
        written,
    )
        .into_response())
}
