//! The style sheet, compiled into the binary: one file — the palette and charts the printed
//! report shares, then the pages' own — no build step, cacheable.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use std::sync::LazyLock;

static STYLESHEET: LazyLock<String> = LazyLock::new(|| {
    [
        shinchoku_report::chart::STYLE,
        include_str!("../../static/app.css"),
    ]
    .concat()
});

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET.as_str(),
    )
}
