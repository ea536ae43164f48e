//! The pages: one module per page, each a thin handler and the data its template shows.
//! Shared here: the frame of every page (who is signed in, the sign-out form) and the error
//! page.

pub mod account;
pub mod assets;
pub mod download;
pub mod entry;
pub mod indicator;
pub mod line;
pub mod login;
pub mod overview;
pub mod plans;
pub mod tree;
pub mod upload;

use crate::authz::{Action, Denied, authorize};
use crate::error::WebError;
use crate::evaluation::PlanYear;
use crate::rendered::RenderedPage;
use crate::session::Visitor;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use shinchoku_core::FiscalYear;
use shinchoku_store::StoredPlan;
use std::sync::Arc;

/// What every page shows around its content.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    pub title: String,
    /// The signed-in account's name and role, and the token of the sign-out form.
    pub account: Option<(String, &'static str)>,
    pub csrf: String,
    /// The account may import sheets: the menu offers it.
    pub can_import: bool,
}

impl Frame {
    pub fn new(title: impl Into<String>, visitor: &Visitor) -> Frame {
        Frame {
            title: title.into(),
            account: visitor.account().map(|a| (a.name.clone(), a.role.label())),
            csrf: visitor.csrf().to_owned(),
            can_import: authorize(
                visitor.account(),
                Action::Enter(crate::authz::Access::Admin),
            )
            .is_ok(),
        }
    }
}

/// A page whose content was rendered before (and kept): the frame written around it.
#[derive(Template, WebTemplate)]
#[template(path = "rendered.html")]
pub struct RenderedView {
    pub frame: Frame,
    pub content: Arc<RenderedPage>,
}

impl RenderedView {
    pub fn new(content: Arc<RenderedPage>, visitor: &Visitor) -> RenderedView {
        RenderedView {
            frame: Frame::new(content.title.clone(), visitor),
            content,
        }
    }
}

/// Renders a page's content into what is kept of it.
pub fn render_content(title: String, view: &impl Template) -> Result<RenderedPage, WebError> {
    let html = view
        .render()
        .map_err(|e| WebError::Internal(format!("ページを描けません: {e}")))?;
    Ok(RenderedPage { title, html })
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub struct ErrorView {
    pub frame: Frame,
    pub status: u16,
    pub message: String,
}

/// An error as a page, with its status.
#[derive(Debug)]
pub struct ErrorPage {
    status: StatusCode,
    message: String,
}

impl ErrorPage {
    pub fn new(status: StatusCode, message: String) -> ErrorPage {
        ErrorPage { status, message }
    }
}

impl IntoResponse for ErrorPage {
    fn into_response(self) -> Response {
        let view = ErrorView {
            frame: Frame {
                title: "エラー".to_owned(),
                ..Frame::default()
            },
            status: self.status.as_u16(),
            message: self.message,
        };
        match view.render() {
            Ok(html) => (self.status, axum::response::Html(html)).into_response(),
            Err(_) => (self.status, "error").into_response(),
        }
    }
}

pub async fn not_found() -> WebError {
    WebError::NotFound
}

/// Asks the one authorization function; a refusal becomes the page that says so.
pub fn allow(visitor: &Visitor, action: Action<'_>) -> Result<(), WebError> {
    match authorize(visitor.account(), action) {
        Ok(()) => Ok(()),
        Err(Denied::SignInRequired) => Err(WebError::SignInRequired {
            back_to: visitor.path.clone(),
        }),
        Err(Denied::Forbidden) => Err(WebError::Forbidden),
    }
}

/// The plan evaluated in `year` (none: its default year), if the visitor may read it.
pub async fn readable(
    state: &AppState,
    visitor: &Visitor,
    plan_id: i64,
    year: Option<FiscalYear>,
) -> Result<(Arc<StoredPlan>, Arc<PlanYear>), WebError> {
    let (stored, py) = state.plans.year(&state.store, plan_id, year).await?;
    allow(
        visitor,
        Action::ReadPlan {
            municipality: &stored.municipality_code,
        },
    )?;
    Ok((stored, py))
}

/// The place in the plan of the indicator with database id `id`; an id of another plan's
/// indicator is not found here.
pub fn indicator_at(stored: &StoredPlan, id: i64) -> Result<usize, WebError> {
    stored
        .indicator_ids
        .iter()
        .position(|i| *i == id)
        .ok_or(WebError::NotFound)
}

/// Percent-encodes a text for a query string.
pub fn encode_query(text: &str) -> String {
    shinchoku_report::percent_encode(text, b"/")
}

/// A path after sign-in must stay on this site: `/…` but not `//host`.
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_owned(),
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path(Some("/plans/1?year=R5")), "/plans/1?year=R5");
        assert_eq!(local_path(Some("//evil.example/")), "/");
        assert_eq!(local_path(Some("https://evil.example/")), "/");
        assert_eq!(local_path(Some("/\\evil.example")), "/");
        assert_eq!(local_path(None), "/");
        assert_eq!(encode_query("/plans/1?year=R5"), "/plans/1%3Fyear%3DR5");
    }
}
