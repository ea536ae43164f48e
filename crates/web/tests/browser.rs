//! End to end in Debian's headless chromium, against SQLite and PostgreSQL: the test site is
//! served on a real socket and `e2e/run.mjs` (playwright-core driving /usr/bin/chromium, axe-core
//! on every page) signs in, enters an actual, sees the grade and chart change, meets a
//! conflict, and uploads a sheet, sees its diff and confirms. Screenshots go to `$SHINCHOKU_ARTEFACTS/e2e-<backend>` (default
//! `artefacts/` at the repository's root). Chromium, node and `npm ci --prefix crates/web/e2e`
//! are needed: their absence fails the test, it is never skipped.

mod site;

use shinchoku_core::{Evaluator, FiscalYear, Policy};
use site::Site;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// An indicator of Kamaishi's plan whose actual for `year` is not yet graded, and the figure
/// that meets its target.
async fn an_indicator_to_enter(site: &Site, year: FiscalYear) -> (i64, String) {
    let stored = site.db.store.load_plan(site.kamaishi).await.expect("plan");
    let policy = Policy::default();
    stored
        .plan
        .indicators
        .iter()
        .zip(&stored.indicator_ids)
        .find_map(|(ind, id)| {
            let target = ind.targets.get(&year)?;
            let figure = target.number()?;
            let graded = Evaluator::in_plan(&stored.plan, ind, &policy).at(year);
            (!graded.is_evaluable() && figure.value > 0.0)
                .then(|| (*id, format!("{}", figure.value)))
        })
        .expect("an indicator with a target and no actual in the year")
}

fn artefacts() -> PathBuf {
    std::env::var_os("SHINCHOKU_ARTEFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artefacts"))
}

async fn a_person_signs_in_enters_an_actual_and_meets_a_conflict(site: &Site) {
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e");
    assert!(
        e2e.join("node_modules/playwright-core").is_dir(),
        "the browser test needs its npm packages: npm ci --prefix crates/web/e2e"
    );
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "the browser test needs Debian's chromium: apt-get install -y chromium"
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let address = listener.local_addr().expect("bound");
    let service = site
        .app
        .clone()
        .into_make_service_with_connect_info::<SocketAddr>();
    let server = tokio::spawn(async move { axum::serve(listener, service).await });

    let year = FiscalYear::new(2024).expect("a year");
    let (indicator, value) = an_indicator_to_enter(site, year).await;
    let backend = site.db.store.backend().to_string().to_lowercase();
    let shots = artefacts().join(format!("e2e-{backend}"));
    let run = tokio::process::Command::new("node")
        .arg("run.mjs")
        .current_dir(&e2e)
        .env("E2E_BASE", format!("http://{address}"))
        .env("E2E_PLAN", site.kamaishi.to_string())
        .env("E2E_INDICATOR", indicator.to_string())
        .env("E2E_YEAR", year.start_year().to_string())
        .env("E2E_VALUE", &value)
        .env("E2E_PASSWORD", site::PASSWORD)
        .env("E2E_SHOTS", &shots)
        .env(
            "E2E_SHEET",
            site::samples().join("kamaishi-priority-projects.txt"),
        )
        .env("E2E_MUNICIPALITY", site::KAMAISHI)
        .output()
        .await
        .expect("node runs (apt-get install -y nodejs)");
    server.abort();
    let out = String::from_utf8_lossy(&run.stdout);
    let err = String::from_utf8_lossy(&run.stderr);
    println!("{out}");
    assert!(
        run.status.success(),
        "the browser run failed:\n{out}\n{err}"
    );
    assert!(out.contains("no accessibility violation"), "{out}");
    let taken = std::fs::read_dir(&shots).map(|d| d.count()).unwrap_or(0);
    assert!(
        taken >= 9,
        "a screenshot of each page in {}",
        shots.display()
    );
}

on_both_backends!(a_person_signs_in_enters_an_actual_and_meets_a_conflict);
