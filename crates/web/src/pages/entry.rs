//! 入力: one indicator's entries for a fiscal year — the actual, the target (a revision with
//! its reason), the reason a figure is blank, and the year's comment (評価・課題・今後の方向性).
//! Each entry is its own small form carrying the version it showed: a change made meanwhile by
//! someone else comes back as a conflict, theirs beside yours, and is never overwritten. A
//! figure is read by the same cell grammar as a sheet, and the page says how it was read.

use super::{Frame, allow, indicator_at};
use crate::authz::Action;
use crate::csrf;
use crate::error::WebError;
use crate::evaluation::parse_year;
use crate::session::Visitor;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use shinchoku_core::{BlankReason, Cell, FiscalYear};
use shinchoku_store::{
    Actor, CommentAspect, Edit, Entry, EntryKind, StoreError, StoredEntry, StoredPlan, Via,
};
use std::sync::Arc;

/// The longest text one entry takes: a comment of a few pages, never a file.
const TEXT_LIMIT: usize = 4000;

/// One entry's form.
pub struct Field {
    /// `actual`, `target`, `blank_reason`, `evaluation` …
    pub code: &'static str,
    pub label: &'static str,
    pub value: String,
    pub version: i64,
    /// Who last changed it and when.
    pub last: String,
    /// Said under the field: how the figure was read, or why it was refused.
    pub message: Option<String>,
    pub error: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "entry.html")]
pub struct EntryView {
    pub frame: Frame,
    pub plan_id: i64,
    pub plan_name: String,
    pub indicator_id: i64,
    pub indicator: String,
    pub year: String,
    pub year_value: i32,
    pub years: Vec<super::overview::YearLink>,
    pub grade: String,
    pub explanation: String,
    pub figures: Vec<Field>,
    pub blank_reason: Field,
    pub blank_reasons: Vec<(&'static str, &'static str)>,
    pub comments: Vec<Field>,
}

#[derive(Template, WebTemplate)]
#[template(path = "conflict.html")]
pub struct ConflictView {
    pub frame: Frame,
    pub plan_id: i64,
    pub indicator_id: i64,
    pub year_value: i32,
    pub what: String,
    pub theirs: String,
    pub by: String,
    pub at: String,
    pub yours: String,
    pub code: String,
    pub reason: String,
    pub version: i64,
}

#[derive(Debug, Deserialize)]
pub struct EntryQuery {
    pub year: Option<String>,
    /// The field just saved, to say so under it.
    pub saved: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct EntryForm {
    pub csrf: String,
    pub year: i32,
    pub field: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub reason: String,
    pub version: i64,
}

fn label(code: &str) -> &'static str {
    match kind_of(code) {
        Some(EntryKind::Actual) => "実績値",
        Some(EntryKind::Target) => "目標値",
        Some(EntryKind::BlankReason) => "空欄の理由",
        Some(EntryKind::Comment(aspect)) => aspect.label(),
        None => "入力",
    }
}

fn kind_of(code: &str) -> Option<EntryKind> {
    match code {
        "actual" => Some(EntryKind::Actual),
        "target" => Some(EntryKind::Target),
        "blank_reason" => Some(EntryKind::BlankReason),
        other => CommentAspect::parse(other).map(EntryKind::Comment),
    }
}

/// The plan, the indicator's place in it, and whether the visitor may change it.
async fn editable(
    state: &AppState,
    visitor: &Visitor,
    plan_id: i64,
    indicator_id: i64,
) -> Result<(Arc<StoredPlan>, usize), WebError> {
    let stored = state.plans.plan(&state.store, plan_id).await?;
    allow(
        visitor,
        Action::ReadPlan {
            municipality: &stored.municipality_code,
        },
    )?;
    let index = indicator_at(&stored, indicator_id)?;
    allow(
        visitor,
        Action::EditIndicator {
            municipality: &stored.municipality_code,
            department: stored.plan.indicators[index].department.as_deref(),
        },
    )?;
    Ok((stored, index))
}

/// How a figure's text was read, for the message under its field.
fn reading(text: &str) -> String {
    format!("読み取り: {}", Cell::read(text.trim()).reading())
}

fn field(code: &'static str, entries: &[StoredEntry], year: FiscalYear) -> Field {
    let kind = kind_of(code);
    let current = entries
        .iter()
        .find(|e| e.year == year && Some(e.kind) == kind);
    Field {
        code,
        label: label(code),
        value: current.map_or_else(String::new, |e| e.text.clone()),
        version: current.map_or(0, |e| e.version),
        last: current.map_or_else(String::new, |e| {
            format!(
                "{} {}",
                shinchoku_store::japan_time(e.updated_at),
                e.updated_by
            )
        }),
        message: None,
        error: false,
    }
}

async fn view(
    state: &AppState,
    visitor: &Visitor,
    stored: &StoredPlan,
    index: usize,
    year: Option<FiscalYear>,
) -> Result<EntryView, WebError> {
    let (_, py) = state.plans.year(&state.store, stored.id, year).await?;
    let indicator_id = stored.indicator_ids[index];
    let entries = state.store.entries(indicator_id).await?;
    let record = &py.records[index];
    let figures = vec![
        field("actual", &entries, py.year),
        field("target", &entries, py.year),
    ];
    let comments = CommentAspect::ALL
        .iter()
        .map(|a| field(a.code(), &entries, py.year))
        .collect();
    Ok(EntryView {
        frame: Frame::new(format!("入力 {} {}", record.indicator, py.year), visitor),
        plan_id: stored.id,
        plan_name: stored.name.clone(),
        indicator_id,
        indicator: record.indicator.clone(),
        year: py.year.to_string(),
        year_value: py.year.start_year(),
        years: super::overview::year_links(&stored.plan.period_years(), py.year),
        grade: record.grade.clone(),
        explanation: record.explanation.clone(),
        figures,
        blank_reason: field("blank_reason", &entries, py.year),
        blank_reasons: [
            BlankReason::NotKnown,
            BlankReason::NotSurveyYear,
            BlankReason::ProjectEnded,
        ]
        .iter()
        .map(|r| (r.code(), r.label()))
        .collect(),
        comments,
    })
}

fn field_mut<'a>(v: &'a mut EntryView, code: &str) -> Option<&'a mut Field> {
    v.figures
        .iter_mut()
        .chain(v.comments.iter_mut())
        .chain(std::iter::once(&mut v.blank_reason))
        .find(|f| f.code == code)
}

pub async fn form(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((plan_id, indicator_id)): Path<(i64, i64)>,
    Query(q): Query<EntryQuery>,
) -> Result<EntryView, WebError> {
    let (stored, index) = editable(&state, &visitor, plan_id, indicator_id).await?;
    let mut page = view(
        &state,
        &visitor,
        &stored,
        index,
        parse_year(q.year.as_deref())?,
    )
    .await?;
    if let Some(saved) = q.saved.as_deref() {
        if let Some(f) = field_mut(&mut page, saved) {
            let mut said = "保存しました".to_owned();
            if matches!(f.code, "actual" | "target") && !f.value.is_empty() {
                said = format!("{said}。{}", reading(&f.value));
            }
            f.message = Some(said);
        }
    }
    Ok(page)
}

/// The edit a form asks for, or why it cannot be one.
fn edit_of(form: &EntryForm) -> Result<Edit, String> {
    if form.value.chars().count() > TEXT_LIMIT || form.reason.chars().count() > TEXT_LIMIT {
        return Err(format!("{TEXT_LIMIT}文字以内にしてください (too-long)"));
    }
    let reason = Some(form.reason.trim().to_owned()).filter(|r| !r.is_empty());
    match form.field.as_str() {
        "actual" => Ok(Edit::Actual(form.value.clone())),
        "target" => Ok(Edit::Target {
            raw: form.value.clone(),
            reason,
        }),
        "blank_reason" => match form.value.trim() {
            "" => Ok(Edit::BlankReason(None)),
            code => BlankReason::parse(code)
                .map(|r| Edit::BlankReason(Some(r)))
                .ok_or_else(|| {
                    format!("「{code}」は 未把握・調査年でない・事業終了 のどれでもありません (bad-blank-reason)")
                }),
        },
        other => CommentAspect::parse(other)
            .map(|aspect| Edit::Comment {
                aspect,
                body: form.value.clone(),
            })
            .ok_or_else(|| format!("入力欄「{other}」はありません (bad-field)")),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path((plan_id, indicator_id)): Path<(i64, i64)>,
    RawForm(body): RawForm,
) -> Result<Response, WebError> {
    csrf::check_origin(&headers)?;
    // the indicator's rights before the form is read: another department's indicator is 403
    // whatever the form holds
    let (stored, index) = editable(&state, &visitor, plan_id, indicator_id).await?;
    let form: EntryForm = serde_urlencoded::from_bytes(&body)
        .map_err(|e| WebError::BadRequest(format!("フォームを読めません: {e}")))?;
    csrf::check_token(visitor.csrf(), &form.csrf)?;
    let year = FiscalYear::new(form.year)
        .map_err(|e| WebError::BadRequest(format!("年度 {}: {e}", form.year)))?;
    if !stored.plan.covers(year) {
        return Err(WebError::BadRequest(format!(
            "{year} はこの計画の年度ではありません (year-outside-plan)"
        )));
    }
    let account = visitor.account().ok_or(WebError::Forbidden)?;
    let refuse = async |message: String| -> Result<Response, WebError> {
        let mut page = view(&state, &visitor, &stored, index, Some(year)).await?;
        if let Some(f) = field_mut(&mut page, &form.field) {
            f.value = form.value.clone();
            f.message = Some(message);
            f.error = true;
        }
        Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
    };
    let edit = match edit_of(&form) {
        Ok(e) => e,
        Err(message) => return refuse(message).await,
    };
    let name = stored.plan.indicators[index].name.clone();
    let entry = Entry {
        plan_id,
        indicator_id,
        indicator_name: &name,
        year,
    };
    let actor = Actor::new(account.name.clone(), Via::Web);
    let edited = state
        .store
        .edit(&entry, &edit, Some(form.version), &actor)
        .await;
    // saved here, or changed by someone else meanwhile: the kept evaluation is read again
    state.plans.forget(plan_id);
    match edited {
        Ok(_) => {
            let to = format!(
                "/plans/{plan_id}/indicators/{indicator_id}/entry?year={}&saved={}",
                year.start_year(),
                form.field
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(StoreError::Conflict {
            what,
            theirs,
            by,
            at,
            version,
        }) => {
            let view = ConflictView {
                frame: Frame::new("入力の競合", &visitor),
                plan_id,
                indicator_id,
                year_value: year.start_year(),
                what,
                theirs,
                by,
                at,
                yours: form.value.clone(),
                code: form.field.clone(),
                reason: form.reason.clone(),
                version,
            };
            Ok((StatusCode::CONFLICT, view).into_response())
        }
        Err(StoreError::StaleVersion { .. }) => {
            refuse(
                "この入力欄は読み込んだ後に変わりました。ページを読み込み直してください (conflict)"
                    .into(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
