//! Signing in and out. A failed sign-in says the same whatever failed (no such account, wrong
//! password, locked), and takes as long, so that the page tells nobody which names exist.

use super::{Frame, local_path};
use crate::csrf;
use crate::error::WebError;
use crate::password::{decoy_hash, verify_password};
use crate::session::{self, Visitor};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{TimeDelta, Utc};
use serde::Deserialize;
use std::time::Instant;

/// Failures in a row that lock an account, and for how long.
const LOCK_AFTER: i64 = 5;
const LOCK_FOR: TimeDelta = TimeDelta::minutes(15);

const FAILED: &str = "アカウント名またはパスワードが違うか、失敗が続いたため一時的にサインインできません。しばらくしてからもう一度お試しください (sign-in-failed)";

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginView {
    pub frame: Frame,
    pub name: String,
    pub next: String,
    pub error: Option<&'static str>,
}

#[derive(Debug, Deserialize)]
pub struct Next {
    pub next: Option<String>,
}

pub async fn form(visitor: Visitor, Query(q): Query<Next>) -> Response {
    let next = local_path(q.next.as_deref());
    if visitor.session.is_some() {
        return Redirect::to(&next).into_response();
    }
    LoginView {
        frame: Frame::new("サインイン", &visitor),
        name: String::new(),
        next,
        error: None,
    }
    .into_response()
}

#[derive(Debug, Deserialize)]
pub struct SignIn {
    pub name: String,
    pub password: String,
    pub next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    extensions: Extensions,
    Form(form): Form<SignIn>,
) -> Result<Response, WebError> {
    csrf::check_origin(&headers)?;
    let next = local_path(form.next.as_deref());
    let from = crate::client::address(&extensions, &headers, &state.trusted_proxies);
    let now = Instant::now();
    let refuse = |visitor: &Visitor, name: String| {
        let view = LoginView {
            frame: Frame::new("サインイン", visitor),
            name,
            next: next.clone(),
            error: Some(FAILED),
        };
        (StatusCode::UNAUTHORIZED, view).into_response()
    };
    let name = form.name.trim().to_owned();
    if !state.throttle.allows(from, now) {
        tracing::warn!(address = ?from, "sign-in throttled");
        return Ok(refuse(&visitor, name));
    }
    let held = state.store.credentials(&name).await?;
    let at = Utc::now();
    let password = form.password;
    let hash = held
        .as_ref()
        .map_or_else(|| decoy_hash().to_owned(), |c| c.password_hash.clone());
    // argon2 takes tens of milliseconds of CPU: off the threads that answer requests
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    let Some(held) = held else {
        state.throttle.failed(from, now);
        return Ok(refuse(&visitor, name));
    };
    let locked = held.locked_until.is_some_and(|t| t > at);
    if !matches || locked {
        state.throttle.failed(from, now);
        if !locked {
            let now_locked = state
                .store
                .record_failed_login(held.account.id, at, LOCK_AFTER, LOCK_FOR)
                .await?;
            if now_locked {
                tracing::warn!(account = %held.account.name, "account locked after failed sign-ins");
            }
        }
        return Ok(refuse(&visitor, name));
    }
    state.store.record_login(held.account.id).await?;
    let (cookie, _) = session::open(&state, held.account.id).await?;
    if let Some(old) = &visitor.token_hash {
        // a session fixed before sign-in is not kept
        state.store.close_session(old).await?;
        state.sessions.forget(old);
    }
    // sessions that ran out are cleared now and then: at each sign-in
    state.store.close_expired_sessions(at).await?;
    Ok(([(SET_COOKIE, cookie)], Redirect::to(&next)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct SignOut {
    pub csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Form(form): Form<SignOut>,
) -> Result<Response, WebError> {
    csrf::check_origin(&headers)?;
    csrf::check_token(visitor.csrf(), &form.csrf)?;
    if let Some(hash) = &visitor.token_hash {
        state.store.close_session(hash).await?;
        state.sessions.forget(hash);
    }
    let cookie = session::set_cookie(state.secure, None)?;
    Ok(([(SET_COOKIE, cookie)], Redirect::to("/login")).into_response())
}
