//! Who is asking: the session cookie read into the signed-in account (or none), and the cookie
//! written at sign-in. The cookie holds a random token; the database keeps only its SHA-256.

use crate::error::WebError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, HeaderValue};
use axum::http::request::Parts;
use chrono::{TimeDelta, Utc};
use sha2::{Digest, Sha256};
use shinchoku_store::{Account, Session};

/// How long a sign-in lasts: a working day.
pub const LIFETIME: TimeDelta = TimeDelta::hours(10);

/// The cookie's name: `__Host-` (bound to this host, Secure, path /) when served over TLS.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-shinchoku"
    } else {
        "shinchoku"
    }
}

/// 32 random bytes as hex: a session token or a CSRF token.
pub fn random_token() -> Result<String, WebError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| WebError::Internal(format!("乱数を得られません: {e}")))?;
    Ok(hex(&bytes))
}

pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `Set-Cookie` value that holds `token` (or, empty with no lifetime, removes it).
pub fn set_cookie(secure: bool, token: Option<&str>) -> Result<HeaderValue, WebError> {
    let name = cookie_name(secure);
    let value = match token {
        Some(t) => format!(
            "{name}={t}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
            LIFETIME.num_seconds(),
            if secure { "; Secure" } else { "" }
        ),
        None => format!(
            "{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
            if secure { "; Secure" } else { "" }
        ),
    };
    HeaderValue::from_str(&value).map_err(|e| WebError::Internal(e.to_string()))
}

/// Opens a session for the account until a working day from now: the `Set-Cookie` value that
/// holds its token, and the CSRF token its forms carry.
pub async fn open(state: &AppState, account_id: i64) -> Result<(HeaderValue, String), WebError> {
    let token = random_token()?;
    let csrf = random_token()?;
    state
        .store
        .open_session(
            &token_hash(&token),
            account_id,
            &csrf,
            Utc::now() + LIFETIME,
        )
        .await?;
    Ok((set_cookie(state.secure, Some(&token))?, csrf))
}

/// The request's visitor: signed in or not.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub session: Option<Session>,
    /// The hash of the presented token, to end the session at sign-out.
    pub token_hash: Option<String>,
    /// The path asked for, to come back to after signing in.
    pub path: String,
}

impl Visitor {
    pub fn account(&self) -> Option<&Account> {
        self.session.as_ref().map(|s| &s.account)
    }

    /// The CSRF token its forms carry (empty when not signed in).
    pub fn csrf(&self) -> &str {
        self.session.as_ref().map_or("", |s| s.csrf_token.as_str())
    }
}

fn presented_token<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        // the route's gate has found it already
        if let Some(found) = parts.extensions.get::<Visitor>() {
            return Ok(found.clone());
        }
        let path = parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
        let Some(token) = presented_token(parts, cookie_name(state.secure)) else {
            return Ok(Visitor {
                session: None,
                token_hash: None,
                path,
            });
        };
        let hash = token_hash(token);
        let now = Utc::now();
        let session = match state.sessions.get(&hash, now) {
            Some(kept) => Some(kept),
            None => {
                let read = state.store.session(&hash, now).await?;
                if let Some(s) = &read {
                    state.sessions.keep(&hash, s);
                }
                read
            }
        };
        Ok(Visitor {
            session,
            token_hash: Some(hash),
            path,
        })
    }
}
