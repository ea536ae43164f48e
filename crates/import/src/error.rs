//! The import crate's one error type. Every message names the file (and the line where there
//! is one), in Japanese for the user, with a stable English key for scripts and support.

use crate::limits::Exceeded;
use std::path::PathBuf;

/// Why a file could not be read as a sheet.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("ファイル「{file}」が見つかりません")]
    NotFound { file: PathBuf },
    #[error("ファイル「{file}」を開けません: {source}")]
    Unreadable {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("「{file}」は{what}で、読み込める通常のファイルではありません")]
    NotAFile { file: PathBuf, what: &'static str },
    #[error("ファイル「{file}」は読み込めません: {exceeded}")]
    LimitExceeded { file: PathBuf, exceeded: Exceeded },
    #[error(
        "ファイル「{file}」の読み取りが{seconds}秒の処理時間で終わりませんでした(壊れているか、極端に大きなブックです。必要なら --limit seconds=… で上げられます)"
    )]
    Timeout { file: PathBuf, seconds: u64 },
    #[error("ファイル「{file}」は空です")]
    Empty { file: PathBuf },
    #[error("ファイル「{file}」は{what}で、表のファイルではありません")]
    NotASheet { file: PathBuf, what: &'static str },
    #[error(
        "ファイル「{file}」の{line}行目に文字として読めないデータ(バイナリ)があります。表をテキスト(タブ区切り)・CSV・Excelで保存したファイルを指定してください"
    )]
    Binary { file: PathBuf, line: usize },
    #[error(
        "ファイル「{file}」の{line}行目が{encoding}として読めません。文字コードを --encoding で指定してください"
    )]
    Encoding {
        file: PathBuf,
        line: usize,
        encoding: &'static str,
    },
    #[error(
        "ファイル「{file}」は{what}ですが、この形式の読み込みには対応していません。Excelなどで開いて、.xlsx かCSV(UTF-8・Shift_JIS)で保存し直してください"
    )]
    Unsupported { file: PathBuf, what: &'static str },
    #[error(
        "ファイル「{file}」は{what}のテキストですが、途中で切れています(バイト数が奇数です)。元のファイルを確かめてください"
    )]
    TruncatedText { file: PathBuf, what: &'static str },
    #[error(
        "文字コード「{name}」は分かりません(使えるもの: utf-8, shift_jis, cp932, utf-16le, utf-16be, euc-jp など)"
    )]
    UnknownEncoding { name: String },
    #[error("ファイル「{file}」を対応づけのとおりに読めません: {detail}")]
    Mapping { file: PathBuf, detail: String },
    #[error(
        "ファイル「{file}」はExcelブックとして開けません(壊れているか、途中で切れています): {detail}"
    )]
    BrokenWorkbook { file: PathBuf, detail: String },
    #[error(
        "ファイル「{file}」はパスワードで保護されています。Excelで開いてパスワードを外して保存してから読み込んでください"
    )]
    PasswordProtected { file: PathBuf },
    #[error("ファイル「{file}」にシート「{sheet}」はありません(あるシート: {sheets})")]
    SheetNotFound {
        file: PathBuf,
        sheet: String,
        sheets: String,
    },
    #[error(
        "ファイル「{file}」({lines}行)に、読み取れる表の形(レイアウト)が見つかりません: {summary}。--explain で全レイアウトの判定を表示し、--suggest-mapping で読み方の案を書き出せます"
    )]
    NoLayout {
        file: PathBuf,
        lines: usize,
        /// The best candidate and why it did not fit.
        summary: String,
        /// Every layout's reasons, one per line (what `--explain` shows).
        reasons: Vec<String>,
    },
    #[error(
        "ファイル「{file}」は指定のレイアウト「{layout}」に合わず、指標を1つも読めません: {reasons}。{hint}"
    )]
    LayoutDoesNotFit {
        file: PathBuf,
        layout: &'static str,
        reasons: String,
        hint: String,
    },
}

impl ImportError {
    /// The error of a file that could not be read from disk.
    pub fn from_io(file: &std::path::Path, e: std::io::Error) -> ImportError {
        match e.kind() {
            std::io::ErrorKind::NotFound => ImportError::NotFound {
                file: file.to_owned(),
            },
            _ => ImportError::Unreadable {
                file: file.to_owned(),
                source: e,
            },
        }
    }

    /// A stable English key.
    pub fn key(&self) -> &'static str {
        match self {
            ImportError::NotFound { .. } => "file-not-found",
            ImportError::Unreadable { .. } => "file-unreadable",
            ImportError::Empty { .. } => "empty-file",
            ImportError::NotAFile { .. } => "not-a-file",
            ImportError::LimitExceeded { .. } => "limit-exceeded",
            ImportError::Timeout { .. } => "timeout",
            ImportError::NotASheet { .. } => "not-a-sheet",
            ImportError::Binary { .. } => "binary-data",
            ImportError::Encoding { .. } => "encoding",
            ImportError::Unsupported { .. } => "unsupported-format",
            ImportError::TruncatedText { .. } => "truncated-text",
            ImportError::UnknownEncoding { .. } => "unknown-encoding",
            ImportError::Mapping { .. } => "mapping",
            ImportError::BrokenWorkbook { .. } => "broken-workbook",
            ImportError::PasswordProtected { .. } => "password-protected",
            ImportError::SheetNotFound { .. } => "sheet-not-found",
            ImportError::NoLayout { .. } => "no-layout",
            ImportError::LayoutDoesNotFit { .. } => "layout-does-not-fit",
        }
    }
}
