//! The authorization matrix: every route of the router × every kind of visitor. The routes come
//! from the router's own table, so a route added without a line here fails this test; each
//! line says what each visitor must get.

mod site;

use axum::http::StatusCode;
use shinchoku_web::route_table;
use site::Site;

/// What a visitor gets from a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gets {
    /// The route answers (whatever its handler then says of the request).
    In,
    /// Sent to sign in.
    SignIn,
    /// 403.
    Refused,
}

use Gets::{In, Refused, SignIn};

/// Visitors, in the order of each line's expectations.
const VISITORS: [Option<&str>; 5] = [
    None,
    Some("viewer"),
    Some("kodomo"),
    Some("kamaishi"),
    Some("admin"),
];

/// (method, route, what each of VISITORS gets). `{plan}` is Kamaishi's plan, `{indicator}` its
/// first indicator: `kodomo` (流山市) may not read it.
const EXPECTED: &[(&str, &str, [Gets; 5])] = &[
    ("GET", "/login", [In, In, In, In, In]),
    ("POST", "/login", [In, In, In, In, In]),
    ("POST", "/logout", [SignIn, In, In, In, In]),
    ("GET", "/", [SignIn, In, In, In, In]),
    ("GET", "/plans/{plan}", [SignIn, In, Refused, In, In]),
    ("GET", "/plans/{plan}/tree", [SignIn, In, Refused, In, In]),
    (
        "GET",
        "/plans/{plan}/download/{format}",
        [SignIn, In, Refused, In, In],
    ),
    (
        "GET",
        "/plans/{plan}/indicators/{indicator}",
        [SignIn, In, Refused, In, In],
    ),
    (
        "GET",
        "/plans/{plan}/indicators/{indicator}/entry",
        [SignIn, Refused, Refused, In, In],
    ),
    (
        "POST",
        "/plans/{plan}/indicators/{indicator}/entry",
        [SignIn, Refused, Refused, In, In],
    ),
    ("GET", "/import", [SignIn, Refused, Refused, Refused, In]),
    ("POST", "/import", [SignIn, Refused, Refused, Refused, In]),
    (
        "POST",
        "/import/{upload}/confirm",
        [SignIn, Refused, Refused, Refused, In],
    ),
    ("GET", "/account/password", [SignIn, In, In, In, In]),
    ("POST", "/account/password", [SignIn, In, In, In, In]),
    ("GET", "/static/app.css", [In, In, In, In, In]),
];

async fn every_route_answers_each_visitor_as_its_rule_says(site: &Site) {
    let routes = route_table();
    for r in &routes {
        assert!(
            EXPECTED
                .iter()
                .any(|(m, p, _)| *m == r.method && *p == r.path),
            "{} {} has no line in the authorization matrix: add what each visitor gets",
            r.method,
            r.path
        );
    }
    for (method, path, _) in EXPECTED {
        assert!(
            routes
                .iter()
                .any(|r| r.method == *method && r.path == *path),
            "{method} {path} is in the matrix but not in the router"
        );
    }
    let mut cookies = Vec::new();
    for v in VISITORS {
        cookies.push(match v {
            Some(name) => Some(site.sign_in(name).await),
            None => None,
        });
    }
    let indicator = site.kamaishi_indicators[0].to_string();
    let plan = site.kamaishi.to_string();
    for (method, pattern, gets) in EXPECTED {
        let path = pattern
            .replace("{plan}", &plan)
            .replace("{indicator}", &indicator)
            .replace("{upload}", "1")
            .replace("{format}", "csv");
        for ((visitor, cookie), expected) in VISITORS.iter().zip(&cookies).zip(gets) {
            let page = match *method {
                "GET" => site.get(&path, cookie.as_deref()).await,
                // an empty form: the gate decides before the form is read
                _ => site.post(&path, &[], cookie.as_deref()).await,
            };
            let got = match (page.status, page.location()) {
                (StatusCode::SEE_OTHER, Some(to)) if to.starts_with("/login") => SignIn,
                (StatusCode::FORBIDDEN, _) if page.text().contains("(forbidden)") => Refused,
                _ => In,
            };
            assert_eq!(
                got,
                *expected,
                "{method} {path} for {visitor:?}: {} {}",
                page.status,
                page.text()
            );
        }
    }
}

on_both_backends!(every_route_answers_each_visitor_as_its_rule_says);
