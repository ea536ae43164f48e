//! What a request can fail with, and the page each failure shows: a Japanese sentence with its
//! English key, and the HTTP status that says the same to a program.

use crate::pages::ErrorPage;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use shinchoku_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Not signed in: the page asks for a sign-in first.
    #[error("サインインしてください (sign-in-required)")]
    SignInRequired { back_to: String },
    #[error("このページを見る権限がありません (forbidden)")]
    Forbidden,
    #[error("ページが見つかりません (not-found)")]
    NotFound,
    #[error(
        "フォームの有効期限が切れたか、別のサイトから送られました。ページを読み込み直してから、もう一度送信してください (csrf)"
    )]
    Csrf,
    #[error("{0} (bad-request)")]
    BadRequest(String),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("ページを表示できませんでした (template)")]
    Template(#[from] askama::Error),
    /// A failure of the server's own (no randomness, a worker thread lost): 500, logged.
    #[error("{0} (internal)")]
    Internal(String),
    /// Something this server lacks (the browser that prints PDF): 503, said as it is.
    #[error("{0}")]
    Unavailable(String),
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::SignInRequired { .. } => StatusCode::SEE_OTHER,
            WebError::Forbidden => StatusCode::FORBIDDEN,
            WebError::NotFound
            | WebError::Store(StoreError::PlanNotFound(_))
            | WebError::Store(StoreError::IndicatorNotFound { .. }) => StatusCode::NOT_FOUND,
            WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Store(StoreError::Conflict { .. } | StoreError::StaleVersion { .. }) => {
                StatusCode::CONFLICT
            }
            WebError::Store(_) | WebError::Template(_) | WebError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            WebError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let WebError::SignInRequired { back_to } = &self {
            let to = format!("/login?next={}", crate::pages::encode_query(back_to));
            return Redirect::to(&to).into_response();
        }
        let status = self.status();
        if status.is_server_error() {
            // the person sees a plain sentence; the log keeps the cause
            tracing::error!(error = %self, "request failed");
        }
        let message = if status.is_server_error() && status != StatusCode::SERVICE_UNAVAILABLE {
            "サーバーで問題が起きました。しばらくしてからもう一度お試しください (server-error)"
                .to_owned()
        } else {
            self.to_string()
        };
        ErrorPage::new(status, message).into_response()
    }
}
