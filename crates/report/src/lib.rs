//! What shinchoku produces from a plan: the council sheet in the city's own layout (xlsx,
//! print-ready), the plan as open data (CSV that Excel opens, JSON), the printed report (HTML
//! for paper, printed to PDF by a headless Chromium), and the charts (SVG) that the web's pages
//! and the printed report share. Pure functions over
//! `core`'s model and an evaluation: the command line and the web load the plan, evaluate it
//! and hand both here, so every output says the same thing.

pub mod chart;
pub mod council;
mod encoding;
pub mod open_data;
pub mod pdf;
pub mod printed;
mod summary;

pub use encoding::{percent_encode, plain_number, shift_jis};
pub use summary::{GoalLine, PlanYear};

use shinchoku_core::Plan;

/// The plan a report is about, and how it is known in the deployment.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// 全国地方公共団体コード (six digits).
    pub municipality_code: &'a str,
    /// The plan's name in the deployment.
    pub plan_name: &'a str,
    pub plan: &'a Plan,
    /// Each indicator's stable key, in the plan's order.
    pub keys: &'a [String],
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("xlsx を書けません: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("CSV を書けません: {0}")]
    Csv(#[from] csv::Error),
    #[error("JSON を書けません: {0}")]
    Json(#[from] serde_json::Error),
    #[error("書き出せません: {0}")]
    Write(String),
    #[error("計画と評価が合いません: {0}")]
    Mismatch(String),
    #[error("報告書を組めません: {0}")]
    Template(#[from] askama::Error),
    #[error("{0} (no-browser)")]
    NoBrowser(String),
    #[error("PDF を作れません: {0} (print)")]
    Print(String),
}
