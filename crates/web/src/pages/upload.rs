//! 取込: a sheet uploaded in the browser (every format `read` takes) is read in the guarded
//! worker, then shown — what was read, the findings, the diff against the stored plan — and
//! held; only the person's confirmation imports it. A hostile or broken file ends its own
//! request with one sentence; the server goes on.

use super::Frame;
use crate::csrf;
use crate::error::WebError;
use crate::session::Visitor;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use shinchoku_core::municipality::MunicipalityCode;
use shinchoku_import::{ReadOptions, ReadSheet};
use shinchoku_store::{Actor, ImportOutcome, ImportRequest, SourceFile, Via};
use std::sync::Arc;

/// The largest upload: far above a municipal sheet, within the reader's own file limit.
pub const UPLOAD_LIMIT: usize = 32 << 20;

/// Findings listed on the preview; the rest are counted.
const FINDINGS_SHOWN: usize = 30;

#[derive(Template, WebTemplate)]
#[template(path = "upload.html")]
pub struct UploadView {
    pub frame: Frame,
    pub municipality: String,
    pub plan: String,
    pub error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "upload_preview.html")]
pub struct PreviewView {
    pub frame: Frame,
    pub upload_id: i64,
    pub file_name: String,
    pub layout: String,
    pub encoding: String,
    pub indicators: usize,
    pub values: usize,
    pub plan_name: String,
    pub municipality: String,
    pub created: bool,
    pub up_to_date: bool,
    pub changes: Vec<String>,
    pub structure: Vec<String>,
    pub findings: Vec<String>,
    pub more_findings: usize,
}

pub async fn form(visitor: Visitor) -> UploadView {
    UploadView {
        frame: Frame::new("シートの取込", &visitor),
        municipality: visitor
            .account()
            .and_then(|a| a.municipality_code.clone())
            .unwrap_or_default(),
        plan: String::new(),
        error: None,
    }
}

/// The fields of the upload form.
#[derive(Debug, Default)]
struct Upload {
    csrf: String,
    municipality: String,
    plan: String,
    file_name: String,
    bytes: Vec<u8>,
}

async fn fields(mut multipart: Multipart) -> Result<Upload, WebError> {
    let mut up = Upload::default();
    let bad = |e: axum::extract::multipart::MultipartError| {
        WebError::BadRequest(format!(
            "送信されたフォームを読めません: {} (bad-upload)",
            e.body_text()
        ))
    };
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        match field.name().unwrap_or_default() {
            "file" => {
                up.file_name = field.file_name().unwrap_or("upload").to_owned();
                up.bytes = field.bytes().await.map_err(bad)?.to_vec();
            }
            "csrf" => up.csrf = field.text().await.map_err(bad)?,
            "municipality" => up.municipality = field.text().await.map_err(bad)?,
            "plan" => up.plan = field.text().await.map_err(bad)?,
            _ => {}
        }
    }
    Ok(up)
}

/// Reads the bytes as `read` does, in the worker when one is configured, off the threads that
/// answer requests.
async fn read(
    options: Arc<ReadOptions>,
    file_name: String,
    bytes: Vec<u8>,
) -> Result<ReadSheet, String> {
    tokio::task::spawn_blocking(move || {
        // the name decides CSV from TSV, as on the command line; only its last part is kept
        let name = std::path::Path::new(&file_name)
            .file_name()
            .map_or_else(|| "upload".into(), |n| n.to_os_string());
        shinchoku_import::read_bytes(std::path::Path::new(&name), &bytes, &options)
            .map_err(|e| format!("{e} ({})", e.key()))
    })
    .await
    .unwrap_or_else(|e| Err(format!("読み取りが異常終了しました: {e} (broken-file)")))
}

fn request<'a>(
    sheet: &'a ReadSheet,
    municipality: &'a str,
    plan_name: Option<&'a str>,
    file_name: &str,
    bytes: &[u8],
    actor: Actor,
    dry_run: bool,
) -> ImportRequest<'a> {
    ImportRequest {
        municipality,
        plan_name,
        plan: &sheet.plan,
        source: SourceFile::of_bytes(file_name, bytes, Some(sheet.layout.to_owned())),
        actor,
        dry_run,
    }
}

pub async fn submit(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, WebError> {
    csrf::check_origin(&headers)?;
    let account = visitor.account().cloned().ok_or(WebError::Forbidden)?;
    let up = fields(multipart).await?;
    csrf::check_token(visitor.csrf(), &up.csrf)?;
    let refuse = |message: String| {
        let view = UploadView {
            frame: Frame::new("シートの取込", &visitor),
            municipality: up.municipality.clone(),
            plan: up.plan.clone(),
            error: Some(message),
        };
        Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response())
    };
    if up.bytes.is_empty() {
        return refuse("ファイルを選んでください (no-file)".to_owned());
    }
    let code = match MunicipalityCode::parse(&up.municipality) {
        Ok(c) => c.to_string(),
        Err(e) => return refuse(e.to_string()),
    };
    if let Some(own) = &account.municipality_code {
        if *own != code {
            return Err(WebError::Forbidden);
        }
    }
    let sheet = match read(
        state.reading.clone(),
        up.file_name.clone(),
        up.bytes.clone(),
    )
    .await
    {
        Ok(s) => s,
        Err(why) => return refuse(format!("「{}」を読めません: {why}", up.file_name)),
    };
    let plan_name = Some(up.plan.trim()).filter(|p| !p.is_empty());
    let actor = Actor::new(account.name.clone(), Via::Web);
    let outcome = state
        .store
        .import(request(
            &sheet,
            &code,
            plan_name,
            &up.file_name,
            &up.bytes,
            actor,
            true,
        ))
        .await?;
    let upload_id = state
        .store
        .hold_upload(account.id, &up.file_name, &code, plan_name, &up.bytes)
        .await?;
    Ok(preview(&visitor, upload_id, &up.file_name, &sheet, &outcome).into_response())
}

fn preview(
    visitor: &Visitor,
    upload_id: i64,
    file_name: &str,
    sheet: &ReadSheet,
    outcome: &ImportOutcome,
) -> PreviewView {
    let findings = &sheet.plan.findings;
    PreviewView {
        frame: Frame::new("取込の確認", visitor),
        upload_id,
        file_name: file_name.to_owned(),
        layout: sheet.layout.to_owned(),
        encoding: sheet.encoding.clone(),
        indicators: outcome.indicators,
        values: outcome.values,
        plan_name: outcome.plan_name.clone(),
        municipality: outcome.municipality_code.clone(),
        created: outcome.created,
        up_to_date: outcome.up_to_date,
        changes: outcome
            .diff
            .changes
            .iter()
            .map(ToString::to_string)
            .collect(),
        structure: outcome
            .diff
            .structure
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        findings: findings
            .iter()
            .take(FINDINGS_SHOWN)
            .map(ToString::to_string)
            .collect(),
        more_findings: findings.len().saturating_sub(FINDINGS_SHOWN),
    }
}

#[derive(Debug, Deserialize)]
pub struct Confirm {
    pub csrf: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path(upload_id): Path<i64>,
    axum::Form(form): axum::Form<Confirm>,
) -> Result<Response, WebError> {
    csrf::check_origin(&headers)?;
    csrf::check_token(visitor.csrf(), &form.csrf)?;
    let account = visitor.account().cloned().ok_or(WebError::Forbidden)?;
    // another account's upload is not found: its id tells nothing
    let held = state
        .store
        .held_upload(upload_id, account.id)
        .await?
        .ok_or(WebError::NotFound)?;
    let sheet = read(
        state.reading.clone(),
        held.file_name.clone(),
        held.bytes.clone(),
    )
    .await
    .map_err(WebError::BadRequest)?;
    let actor = Actor::new(account.name.clone(), Via::Web);
    let outcome = state
        .store
        .import(request(
            &sheet,
            &held.municipality_code,
            held.plan_name.as_deref(),
            &held.file_name,
            &held.bytes,
            actor,
            false,
        ))
        .await;
    let outcome = outcome?;
    if let Some(id) = outcome.plan_id {
        state.plans.forget(id);
    }
    state.store.drop_upload(held.id).await?;
    let to = outcome
        .plan_id
        .map_or_else(|| "/".to_owned(), |id| format!("/plans/{id}"));
    Ok(Redirect::to(&to).into_response())
}
