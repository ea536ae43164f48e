//! Forms cannot be sent from another site: each form of a session carries the session's token
//! (synchronizer token), and a browser that says the request is cross-site (`Sec-Fetch-Site`)
//! or comes from another origin (`Origin`) is refused before anything is read.

use crate::error::WebError;
use axum::http::HeaderMap;
use axum::http::header::{HOST, ORIGIN};

/// Refuses a form whose token is not the session's, compared in constant time.
pub fn check_token(expected: &str, sent: &str) -> Result<(), WebError> {
    let same = expected.len() == sent.len()
        && !expected.is_empty()
        && expected
            .bytes()
            .zip(sent.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if same { Ok(()) } else { Err(WebError::Csrf) }
}

/// Refuses a request the browser marks as sent from another site.
pub fn check_origin(headers: &HeaderMap) -> Result<(), WebError> {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if matches!(site, Some("cross-site" | "same-site")) {
        return Err(WebError::Csrf);
    }
    let origin = headers.get(ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(HOST).and_then(|v| v.to_str().ok());
    match (origin, host) {
        (Some("null"), _) => Err(WebError::Csrf),
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map_or(origin, |(_, h)| h);
            if origin_host.eq_ignore_ascii_case(host) {
                Ok(())
            } else {
                Err(WebError::Csrf)
            }
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn only_the_sessions_token_passes() {
        assert!(check_token("abc123", "abc123").is_ok());
        assert!(check_token("abc123", "abc124").is_err());
        assert!(check_token("abc123", "abc12").is_err());
        assert!(check_token("", "").is_err(), "no session, no form");
    }

    #[test]
    fn another_origin_is_refused() {
        let mut h = HeaderMap::new();
        h.insert(HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(check_origin(&h).is_ok(), "an old browser sends neither");
        h.insert(ORIGIN, HeaderValue::from_static("http://127.0.0.1:8080"));
        assert!(check_origin(&h).is_ok());
        h.insert(ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(check_origin(&h).is_err());
        h.insert(ORIGIN, HeaderValue::from_static("null"));
        assert!(check_origin(&h).is_err());
        h.remove(ORIGIN);
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(check_origin(&h).is_err());
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(check_origin(&h).is_ok());
    }
}
