//! A site for handler tests: a fresh database of either backend holding both samples, their
//! indicators given to departments, one account of each kind, and the application answering
//! requests in process (no socket). Requests carry a session cookie as a browser would.
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use shinchoku_core::municipality::MunicipalityCode;
use shinchoku_store::testing::TestDb;
use shinchoku_store::{
    Actor, Backend, ImportRequest, NewAccount, NewRights, Role, SourceFile, Via,
};
use shinchoku_web::{AppState, app};
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery";
pub const NAGAREYAMA: &str = "122203";
pub const KAMAISHI: &str = "032115";

/// The accounts every site has: (name, role, municipality, department).
pub const ACCOUNTS: [(&str, Role, Option<&str>, Option<&str>); 4] = [
    ("admin", Role::Admin, None, None),
    (
        "kodomo",
        Role::Editor,
        Some(NAGAREYAMA),
        Some("子ども家庭課"),
    ),
    (
        "kamaishi",
        Role::Editor,
        Some(KAMAISHI),
        Some("子育て支援課"),
    ),
    ("viewer", Role::Viewer, None, None),
];

pub struct Site {
    pub db: TestDb,
    pub app: Router,
    pub nagareyama: i64,
    pub kamaishi: i64,
    /// Each plan's indicator ids, in the plan's order.
    pub nagareyama_indicators: Vec<i64>,
    pub kamaishi_indicators: Vec<i64>,
}

/// A response, read whole.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }

    /// The session cookie this response sets, as `name=value`.
    pub fn cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| c.split(';').next().map(str::to_owned))
    }

    /// The value of the first hidden `csrf` field.
    pub fn csrf(&self) -> Option<String> {
        let at = self.body.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
        let end = self.body[at..].find('"')?;
        Some(self.body[at..at + end].to_owned())
    }

    /// The text of the page without its tags, to look for words as a person reads them.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in self.body.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push(' ');
                }
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// The argon2 hash of [`PASSWORD`], made once for every test of this binary.
fn hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| shinchoku_web::hash_password(PASSWORD).expect("hashed"))
}

pub fn samples() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples"))
}

async fn import(db: &TestDb, file: &str, municipality: &str) -> i64 {
    let path = samples().join(file);
    let bytes = std::fs::read(&path).expect("the sample");
    let sheet = shinchoku_import::read_bytes(&path, &bytes, &Default::default()).expect("read");
    db.store
        .import(ImportRequest {
            municipality,
            plan_name: None,
            plan: &sheet.plan,
            source: SourceFile::of_bytes(file, &bytes, Some(sheet.layout.to_owned())),
            actor: Actor::new("tester", Via::Import),
            dry_run: false,
        })
        .await
        .expect("imported")
        .plan_id
        .expect("a plan")
}

impl Site {
    pub async fn new(backend: Backend) -> Site {
        let db = TestDb::new(backend).await;
        let nagareyama = import(&db, "nagareyama-progress-sheet.txt", NAGAREYAMA).await;
        let kamaishi = import(&db, "kamaishi-priority-projects.txt", KAMAISHI).await;
        let actor = Actor::new("tester", Via::Cli);
        let n = db.store.load_plan(nagareyama).await.expect("loaded");
        let k = db.store.load_plan(kamaishi).await.expect("loaded");
        // Nagareyama's first indicator is 子ども家庭課's, the second 保育課's; Kamaishi's all
        // 子育て支援課's
        let give = [
            (nagareyama, n.indicator_ids[0], "子ども家庭課"),
            (nagareyama, n.indicator_ids[1], "保育課"),
        ];
        for (plan, id, dept) in give {
            db.store
                .assign_department(plan, id, Some(dept), &actor)
                .await
                .expect("assigned");
        }
        for id in &k.indicator_ids {
            db.store
                .assign_department(kamaishi, *id, Some("子育て支援課"), &actor)
                .await
                .expect("assigned");
        }
        for (name, role, municipality, department) in ACCOUNTS {
            let code = municipality.map(|m| MunicipalityCode::parse(m).expect("a code"));
            db.store
                .add_account(
                    NewAccount {
                        name,
                        password_hash: hash(),
                        rights: NewRights {
                            role,
                            municipality: code.as_ref(),
                            department,
                        },
                    },
                    &actor,
                )
                .await
                .expect("account");
        }
        // what the application keeps (sessions, evaluated plans) is trusted for an hour: a
        // page that shows a change made through it does so because the change was forgotten
        // there, not because time passed
        let app =
            app(AppState::new(db.store.clone(), false).trusting_for(Duration::from_secs(3600)));
        Site {
            db,
            app,
            nagareyama,
            kamaishi,
            nagareyama_indicators: n.indicator_ids,
            kamaishi_indicators: k.indicator_ids,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Page {
        self.send_to(&self.app, request).await
    }

    /// A download: its status, headers and body as bytes.
    pub async fn download(
        &self,
        path: &str,
        cookie: Option<&str>,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let mut r = Request::get(path);
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        let response = self
            .app
            .clone()
            .oneshot(r.body(Body::empty()).expect("a request"))
            .await
            .expect("answered");
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), 64 << 20)
            .await
            .expect("a body")
            .to_vec();
        (status, headers, body)
    }

    /// Sends a request to another instance of the application on the same database.
    pub async fn send_to(&self, app: &Router, request: Request<Body>) -> Page {
        let response = app.clone().oneshot(request).await.expect("answered");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 16 << 20)
            .await
            .expect("a body");
        Page {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).expect("UTF-8"),
        }
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Page {
        let mut r = Request::get(path);
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        self.send(r.body(Body::empty()).expect("a request")).await
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)], cookie: Option<&str>) -> Page {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut r = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "localhost");
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        self.send(r.body(Body::from(body)).expect("a request"))
            .await
    }

    /// Submits one entry through an indicator's form, as a browser does: the field, the text
    /// typed and the version the form was read at.
    #[allow(clippy::too_many_arguments)]
    pub async fn enter(
        &self,
        path: &str,
        csrf: &str,
        year: &str,
        field: &str,
        value: &str,
        version: &str,
        cookie: &str,
    ) -> Page {
        let form = [
            ("csrf", csrf),
            ("year", year),
            ("field", field),
            ("value", value),
            ("version", version),
        ];
        self.post(path, &form, Some(cookie)).await
    }

    /// Sends a multipart form with text fields and one file, as a browser's upload does.
    pub async fn upload(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &[u8]),
        cookie: Option<&str>,
    ) -> Page {
        const BOUNDARY: &str = "----shinchoku-test-boundary";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                file.0
            )
            .as_bytes(),
        );
        body.extend_from_slice(file.1);
        body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let mut r = Request::post(path)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .header(header::HOST, "localhost");
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        self.send(r.body(Body::from(body)).expect("a request"))
            .await
    }

    /// Signs in; returns the session cookie.
    pub async fn sign_in(&self, name: &str) -> String {
        let page = self
            .post("/login", &[("name", name), ("password", PASSWORD)], None)
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{name} signs in: {}",
            page.text()
        );
        page.cookie().expect("a session cookie")
    }

    pub async fn finish(self) {
        self.db.finish().await;
    }
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Runs one async scenario `$f(&Site)` as two tests, one per backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let site = $crate::site::Site::new(shinchoku_store::Backend::Sqlite).await;
                    super::$name(&site).await;
                    site.finish().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let site = $crate::site::Site::new(shinchoku_store::Backend::Postgres).await;
                    super::$name(&site).await;
                    site.finish().await;
                }
            )*
        }
    };
}
