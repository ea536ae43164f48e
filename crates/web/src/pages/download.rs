//! ダウンロード: a plan as a file — the council sheet of the year shown (xlsx) or the open data
//! (CSV for Excel, or Shift_JIS; JSON), written by `shinchoku-report` exactly as
//! `shinchoku export` writes them.

use super::{percent_encode, readable};
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

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Xlsx,
    Csv,
    Json,
}

#[derive(Debug, Deserialize)]
pub struct DownloadQuery {
    pub year: Option<String>,
    /// `shift_jis` for the CSV (default UTF-8 with a BOM).
    pub encoding: Option<String>,
}

pub async fn file(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((plan_id, format)): Path<(i64, Format)>,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, WebError> {
    let (stored, py) = readable(&state, &visitor, plan_id, parse_year(q.year.as_deref())?).await?;
    let comments = match format {
        Format::Xlsx => state.store.year_comments(&stored, py.year).await?,
        Format::Csv | Format::Json => Vec::new(),
    };
    let encoding = match q.encoding.as_deref() {
        None | Some("" | "utf-8" | "utf8") => CsvEncoding::Utf8,
        Some("shift_jis" | "sjis" | "cp932") => CsvEncoding::ShiftJis,
        Some(other) => {
            return Err(WebError::BadRequest(format!(
                "文字コード「{other}」は選べません。utf-8 か shift_jis です"
            )));
        }
    };
    let name = format!("{}_{}", stored.name, py.year);
    // writing a workbook is CPU work: off the threads that answer requests
    let written = tokio::task::spawn_blocking(move || {
        let subject = Subject {
            municipality_code: &stored.municipality_code,
            plan_name: &stored.name,
            plan: &stored.plan,
            keys: &stored.keys,
        };
        match format {
            Format::Xlsx => council_xlsx(
                &subject,
                &CouncilYear {
                    year: py.year,
                    records: &py.records,
                    labels: &py.labels,
                    comments: &comments,
                },
                stored.layout.as_deref(),
            ),
            Format::Csv => open_data::to_csv(&open_data::rows(&subject), encoding).map(|(b, _)| b),
            Format::Json => open_data::to_json(&open_data::rows(&subject)),
        }
    })
    .await
    .map_err(|e| WebError::Internal(format!("書き出しが異常終了しました: {e}")))?
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let (kind, extension) = match (format, encoding) {
        (Format::Xlsx, _) => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        (Format::Csv, CsvEncoding::Utf8) => ("text/csv; charset=utf-8", "csv"),
        (Format::Csv, CsvEncoding::ShiftJis) => ("text/csv; charset=shift_jis", "csv"),
        (Format::Json, _) => ("application/json", "json"),
    };
    let disposition = format!(
        "attachment; filename=\"plan-{plan_id}.{extension}\"; filename*=UTF-8''{}.{extension}",
        percent_encode(&name, b"")
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
