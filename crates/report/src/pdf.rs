//! The printed report as PDF, printed by a headless Chromium (Debian's `chromium`): it lays out
//! Japanese text with the system's fonts, embeds them, and honours `@page` (A4 portrait, A3
//! landscape). The document is ours — escaped, no script (its CSP says so), nothing loaded from
//! elsewhere — and is printed from a private temporary directory. A server without the browser
//! gets one sentence saying what to install.

use crate::ReportError;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The longest a print may take before the browser is stopped.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The browser the report is printed with.
#[derive(Debug, Clone)]
pub struct Printer {
    browser: PathBuf,
}

impl Printer {
    /// `SHINCHOKU_CHROMIUM` if set, else the first of chromium, chromium-browser,
    /// google-chrome found on the PATH.
    pub fn find() -> Result<Printer, ReportError> {
        if let Some(path) = std::env::var_os("SHINCHOKU_CHROMIUM") {
            let path = PathBuf::from(path);
            return if path.is_file() {
                Ok(Printer { browser: path })
            } else {
                Err(ReportError::NoBrowser(format!(
                    "SHINCHOKU_CHROMIUM が指す {} がありません",
                    path.display()
                )))
            };
        }
        let names = ["chromium", "chromium-browser", "google-chrome"];
        std::env::var_os("PATH")
            .iter()
            .flat_map(std::env::split_paths)
            .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
            .find(|p| p.is_file())
            .map(|browser| Printer { browser })
            .ok_or_else(|| {
                ReportError::NoBrowser(
                    "PDF を作るブラウザ (chromium) が見つかりません。apt-get install chromium fonts-noto-cjk で入れるか、SHINCHOKU_CHROMIUM にその場所を指定してください".into(),
                )
            })
    }

    /// Prints the HTML document `html` to PDF bytes.
    pub fn print(&self, html: &str) -> Result<Vec<u8>, ReportError> {
        let dir = tempfile::Builder::new()
            .prefix("shinchoku-print-")
            .tempdir()
            .map_err(|e| ReportError::Print(format!("作業用のフォルダを作れません: {e}")))?;
        let page = dir.path().join("report.html");
        let out = dir.path().join("report.pdf");
        std::fs::write(&page, html)
            .map_err(|e| ReportError::Print(format!("{} に書けません: {e}", page.display())))?;
        let mut child = Command::new(&self.browser)
            .args([
                "--headless",
                // the document is ours and holds no script; root in a container has no sandbox
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-extensions",
                "--no-pdf-header-footer",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.path().join("profile").display()
            ))
            .arg(format!("--print-to-pdf={}", out.display()))
            .arg(format!(
                "file://{}",
                crate::percent_encode(&page.to_string_lossy(), b"/")
            ))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                ReportError::NoBrowser(format!("{} を起動できません: {e}", self.browser.display()))
            })?;
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() > TIMEOUT => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(ReportError::Print(format!(
                        "ブラウザが {} 秒たっても印刷を終えません",
                        TIMEOUT.as_secs()
                    )));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(e) => return Err(ReportError::Print(e.to_string())),
            }
        };
        let mut said = String::new();
        if let Some(mut err) = child.stderr.take() {
            let _ = err.read_to_string(&mut said);
        }
        match std::fs::read(&out) {
            Ok(bytes) if status.success() && bytes.starts_with(b"%PDF") => Ok(bytes),
            _ => Err(ReportError::Print(format!(
                "ブラウザが PDF を書きませんでした ({status}): {}",
                said.lines().last().unwrap_or("")
            ))),
        }
    }
}
