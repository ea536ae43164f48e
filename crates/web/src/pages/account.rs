//! Changing one's own password: the current one first, the new one twice. Every other session
//! of the account ends (the store closes them all; this one is opened again).

use super::Frame;
use crate::csrf;
use crate::error::WebError;
use crate::password::{check_new_password, hash_password, verify_password};
use crate::session::{self, Visitor};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use shinchoku_store::{Actor, Via};

#[derive(Template, WebTemplate)]
#[template(path = "password.html")]
pub struct PasswordView {
    pub frame: Frame,
    pub error: Option<String>,
    pub done: bool,
}

pub async fn form(visitor: Visitor) -> PasswordView {
    PasswordView {
        frame: Frame::new("パスワードの変更", &visitor),
        error: None,
        done: false,
    }
}

#[derive(Debug, Deserialize)]
pub struct Change {
    pub csrf: String,
    pub current: String,
    pub new: String,
    pub again: String,
}

pub async fn submit(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Form(form): Form<Change>,
) -> Result<Response, WebError> {
    csrf::check_origin(&headers)?;
    csrf::check_token(visitor.csrf(), &form.csrf)?;
    let Some(account) = visitor.account().cloned() else {
        return Err(WebError::Forbidden);
    };
    let refuse = |message: String| {
        let view = PasswordView {
            frame: Frame::new("パスワードの変更", &visitor),
            error: Some(message),
            done: false,
        };
        Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response())
    };
    let held = state
        .store
        .credentials(&account.name)
        .await?
        .ok_or(WebError::Forbidden)?;
    let current = form.current;
    let hash = held.password_hash;
    let matches = tokio::task::spawn_blocking(move || verify_password(&current, &hash))
        .await
        .unwrap_or(false);
    if !matches {
        return refuse("今のパスワードが違います (wrong-password)".to_owned());
    }
    if form.new != form.again {
        return refuse("新しいパスワードが2回とも同じではありません (passwords-differ)".to_owned());
    }
    if let Err(e) = check_new_password(&account.name, &form.new) {
        return refuse(e.to_string());
    }
    let new = form.new;
    let hashed = tokio::task::spawn_blocking(move || hash_password(&new))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let actor = Actor::new(account.name.clone(), Via::Web);
    state
        .store
        .change_password(account.id, &hashed, &actor)
        .await?;
    state.sessions.forget_account(account.id);
    // every session ended, this one included: open a new one so the person stays signed in
    let (cookie, csrf_token) = session::open(&state, account.id).await?;
    let mut frame = Frame::new("パスワードの変更", &visitor);
    frame.csrf = csrf_token;
    let view = PasswordView {
        frame,
        error: None,
        done: true,
    };
    Ok(([(SET_COOKIE, cookie)], view).into_response())
}
