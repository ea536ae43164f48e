//! Every route, declared once with the access it needs: the router is built from this table,
//! and the authorization tests walk the same table, so a route cannot exist without a rule.

use crate::authz::{Access, Action, Denied, authorize};
use crate::error::WebError;
use crate::headers;
use crate::pages;
use crate::session::Visitor;
use crate::state::AppState;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Request, State};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use tower_http::LatencyUnit;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

/// A route as the authorization matrix sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: &'static str,
    /// axum's pattern: `/plans/{plan}`.
    pub path: &'static str,
    pub access: Access,
}

/// The largest form body accepted (uploads get their own limit on their route).
const FORM_LIMIT: usize = 256 * 1024;

fn table() -> Vec<(RouteInfo, MethodRouter<AppState>)> {
    use Access::{Admin, Editor, Public, SignedIn};
    let r = |method, path, access| RouteInfo {
        method,
        path,
        access,
    };
    vec![
        (r("GET", "/login", Public), get(pages::login::form)),
        (r("POST", "/login", Public), post(pages::login::submit)),
        (r("POST", "/logout", SignedIn), post(pages::login::logout)),
        (r("GET", "/", SignedIn), get(pages::plans::list)),
        (
            r("GET", "/plans/{plan}", SignedIn),
            get(pages::overview::show),
        ),
        (
            r("GET", "/plans/{plan}/tree", SignedIn),
            get(pages::tree::show),
        ),
        (
            r("GET", "/plans/{plan}/download/{format}", SignedIn),
            get(pages::download::file),
        ),
        (
            r("GET", "/plans/{plan}/indicators/{indicator}", SignedIn),
            get(pages::indicator::show),
        ),
        (
            r("GET", "/plans/{plan}/indicators/{indicator}/entry", Editor),
            get(pages::entry::form),
        ),
        (
            r("POST", "/plans/{plan}/indicators/{indicator}/entry", Editor),
            post(pages::entry::submit),
        ),
        (r("GET", "/import", Admin), get(pages::upload::form)),
        (
            r("POST", "/import", Admin),
            post(pages::upload::submit).layer(DefaultBodyLimit::max(pages::upload::UPLOAD_LIMIT)),
        ),
        (
            r("POST", "/import/{upload}/confirm", Admin),
            post(pages::upload::confirm),
        ),
        (
            r("GET", "/account/password", SignedIn),
            get(pages::account::form),
        ),
        (
            r("POST", "/account/password", SignedIn),
            post(pages::account::submit),
        ),
        (
            r("GET", "/static/app.css", Public),
            get(pages::assets::stylesheet),
        ),
    ]
}

/// The routes, for the authorization matrix.
pub fn route_table() -> Vec<RouteInfo> {
    table().into_iter().map(|(info, _)| info).collect()
}

/// The application: every route behind its gate, the security headers, request logs.
pub fn app(state: AppState) -> Router {
    let mut router = Router::new();
    for (info, handler) in table() {
        let gated = handler.route_layer(from_fn_with_state((state.clone(), info.access), gate));
        router = router.route(info.path, gated);
    }
    router
        .fallback(pages::not_found)
        .layer(from_fn_with_state(state.secure, headers::secure))
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Micros),
                ),
        )
        .with_state(state)
}

/// Lets a request through its route's gate, or answers for it: a sign-in for an anonymous
/// visitor, 403 for an account without the right. The visitor found is handed on, so the
/// handler does not look the session up again.
async fn gate(
    State((state, access)): State<(AppState, Access)>,
    request: Request,
    next: Next,
) -> Response {
    if access == Access::Public {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let visitor = match Visitor::from_request_parts(&mut parts, &state).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    match authorize(visitor.account(), Action::Enter(access)) {
        Ok(()) => {}
        Err(Denied::SignInRequired) => {
            return WebError::SignInRequired {
                back_to: visitor.path,
            }
            .into_response();
        }
        Err(Denied::Forbidden) => return WebError::Forbidden.into_response(),
    }
    parts.extensions.insert(visitor);
    next.run(Request::from_parts(parts, body)).await
}
