//! The web application: staff sign in, see how a plan is doing, and look after it. Pages are
//! rendered on the server (axum, askama) and work without JavaScript. Handlers are thin: they
//! parse the request, ask [`authz::authorize`], call one store or domain function and render a
//! template; every route is declared once in [`routes`] with the access it needs.

mod authz;
mod cache;
mod client;
mod csrf;
mod error;
mod evaluation;
mod headers;
mod pages;
mod password;
mod rendered;
mod routes;
mod server;
mod session;
mod session_cache;
mod state;
mod throttle;

pub use authz::{Access, Action, authorize};
pub use error::WebError;
pub use password::{PasswordError, check_new_password, hash_password};
pub use routes::{RouteInfo, app, route_table};
pub use server::{ServeOptions, serve};
pub use state::AppState;
