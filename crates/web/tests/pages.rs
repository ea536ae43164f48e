//! Every page and form, in process, against SQLite and PostgreSQL: what it shows, what it
//! refuses and how it says so.

mod site;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use shinchoku_core::FiscalYear;
use shinchoku_store::{Actor, Edit, Entry, Via};
use site::Site;
use std::time::Duration;

async fn an_anonymous_visitor_is_sent_to_sign_in(site: &Site) {
    let page = site.get("/plans/1?year=2023", None).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), Some("/login?next=/plans/1%3Fyear%3D2023"));
    let login = site.get("/login?next=/plans/1", None).await;
    assert_eq!(login.status, StatusCode::OK);
    assert!(login.body.contains("<html lang=\"ja\">"));
    assert!(login.body.contains("name=\"next\" value=\"/plans/1\""));
    let css = site.get("/static/app.css", None).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.body.contains("@media print"));
    let missing = site.get("/no/such/page", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

async fn signing_in_fails_alike_whatever_failed(site: &Site) {
    let wrong = site
        .post(
            "/login",
            &[("name", "admin"), ("password", "wrong password")],
            None,
        )
        .await;
    let unknown = site
        .post(
            "/login",
            &[("name", "nobody"), ("password", "wrong password")],
            None,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert!(
        wrong.text().contains("(sign-in-failed)"),
        "{}",
        wrong.text()
    );
    assert_eq!(
        wrong.text().replace("admin", "nobody"),
        unknown.text(),
        "no difference tells a name that exists"
    );
    assert!(wrong.cookie().is_none());
    // five failures in a row lock the account: the right password is refused too
    for _ in 0..4 {
        site.post(
            "/login",
            &[("name", "admin"), ("password", "wrong password")],
            None,
        )
        .await;
    }
    let locked = site
        .post(
            "/login",
            &[("name", "admin"), ("password", site::PASSWORD)],
            None,
        )
        .await;
    assert_eq!(locked.status, StatusCode::UNAUTHORIZED);
    assert_eq!(locked.text(), wrong.text());
    // another account is not affected
    site.sign_in("viewer").await;
}

async fn a_form_from_another_site_is_refused(site: &Site) {
    let request = axum::http::Request::post("/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "localhost")
        .header("origin", "https://evil.example")
        .body(axum::body::Body::from(format!(
            "name=viewer&password={}",
            site::PASSWORD.replace(' ', "+")
        )))
        .expect("a request");
    let page = site.send(request).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.text().contains("(csrf)"));
    assert!(page.cookie().is_none(), "no session is opened");
}

async fn the_plans_listed_are_the_ones_the_account_may_read(site: &Site) {
    let viewer = site.sign_in("viewer").await;
    let all = site.get("/", Some(&viewer)).await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.text().contains("釜石市"), "{}", all.text());
    assert!(all.text().contains("流山市"));
    let kamaishi = site.sign_in("kamaishi").await;
    let own = site.get("/", Some(&kamaishi)).await;
    assert!(own.text().contains("釜石市"));
    assert!(
        !own.text().contains("流山市"),
        "another municipality's plan is not listed"
    );
    assert!(
        own.text().contains("kamaishi(編集者)"),
        "who is signed in is shown"
    );
}

async fn the_overview_shows_grades_rule_risks_and_changes(site: &Site) {
    let cookie = site.sign_in("viewer").await;
    let path = format!("/plans/{}?year=2023", site.kamaishi);
    let page = site.get(&path, Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let text = page.text();
    assert!(text.contains("令和5年度の概要"), "{text}");
    assert!(
        text.contains("まとめ方: A・B の割合"),
        "the roll-up rule is printed: {text}"
    );
    assert!(page.body.contains("<svg role=\"img\""));
    assert!(
        page.body
            .contains("<title id=\"bars-title\">令和5年度の評価の分布")
    );
    assert!(text.contains("注意が必要な指標"));
    assert!(text.contains("令和4年度から評価が変わった指標"), "{text}");
    assert!(
        page.body.contains("aria-current=\"page\">令和5年度"),
        "the year shown is marked"
    );
    // 和暦 in the year links, never the Gregorian year alone
    assert!(text.contains("令和2年度") && text.contains("令和6年度"));

    let other = site
        .get(&format!("/plans/{}?year=R4", site.kamaishi), Some(&cookie))
        .await;
    assert!(other.text().contains("令和4年度の概要"));
    let bad = site
        .get(
            &format!("/plans/{}?year=来年", site.kamaishi),
            Some(&cookie),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.text().contains("年度「来年」を読めません"),
        "{}",
        bad.text()
    );
    let outside = site
        .get(
            &format!("/plans/{}?year=1990", site.kamaishi),
            Some(&cookie),
        )
        .await;
    assert_eq!(outside.status, StatusCode::BAD_REQUEST);
    assert!(outside.text().contains("(year-outside-plan)"));
    let none = site.get("/plans/999", Some(&cookie)).await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
}

async fn an_indicator_page_shows_its_figures_chart_and_history(site: &Site) {
    let id = site.kamaishi_indicators[0];
    let stored = site.db.store.load_plan(site.kamaishi).await.expect("plan");
    let name = stored.plan.indicators[0].name.clone();
    site.db
        .store
        .edit(
            &Entry {
                plan_id: site.kamaishi,
                indicator_id: id,
                indicator_name: &name,
                year: FiscalYear::new(2024).expect("a year"),
            },
            &Edit::Actual("99".into()),
            None,
            &Actor::new("kamaishi", Via::Web),
        )
        .await
        .expect("edited");
    let cookie = site.sign_in("viewer").await;
    let page = site
        .get(
            &format!("/plans/{}/indicators/{id}?year=2024", site.kamaishi),
            Some(&cookie),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let text = page.text();
    assert!(text.contains(&name), "{text}");
    assert!(text.contains("令和6年度の評価"));
    assert!(text.contains("所管課 子育て支援課"), "{text}");
    assert!(page.body.contains("<title id=\"line-title\">"));
    assert!(page.body.contains("<desc id=\"line-desc\">"));
    assert!(text.contains("変更履歴"));
    assert!(text.contains("kamaishi web"), "who and how: {text}");
    assert!(text.contains("99"), "the new figure is shown");
    // an indicator of another plan is not found through this plan
    let foreign = site.nagareyama_indicators[0];
    let page = site
        .get(
            &format!("/plans/{}/indicators/{foreign}", site.kamaishi),
            Some(&cookie),
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

async fn another_municipalitys_plan_is_forbidden(site: &Site) {
    let cookie = site.sign_in("kamaishi").await;
    let page = site
        .get(&format!("/plans/{}", site.nagareyama), Some(&cookie))
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.text().contains("(forbidden)"));
    assert!(
        !page.text().contains("子育てしやすいまち"),
        "nothing of the plan shows"
    );
    let id = site.nagareyama_indicators[0];
    let page = site
        .get(
            &format!("/plans/{}/indicators/{id}", site.nagareyama),
            Some(&cookie),
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

async fn signing_out_needs_the_forms_token_and_ends_the_session(site: &Site) {
    let cookie = site.sign_in("viewer").await;
    let home = site.get("/", Some(&cookie)).await;
    let csrf = home.csrf().expect("the sign-out form carries a token");
    let forged = site
        .post("/logout", &[("csrf", "0000")], Some(&cookie))
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        site.get("/", Some(&cookie)).await.status,
        StatusCode::OK,
        "still in"
    );
    let out = site
        .post("/logout", &[("csrf", &csrf)], Some(&cookie))
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(
        out.cookie().is_some_and(|c| c.ends_with('=')),
        "the cookie is cleared"
    );
    let after = site.get("/", Some(&cookie)).await;
    assert_eq!(
        after.status,
        StatusCode::SEE_OTHER,
        "the old cookie opens nothing"
    );
}

async fn a_password_is_changed_with_the_current_one(site: &Site) {
    let cookie = site.sign_in("kamaishi").await;
    let other = site.sign_in("kamaishi").await;
    assert_eq!(site.get("/", Some(&other)).await.status, StatusCode::OK);
    let form = site.get("/account/password", Some(&cookie)).await;
    let csrf = form.csrf().expect("a token");
    let new = "a much longer passphrase";
    let wrong = site
        .post(
            "/account/password",
            &[
                ("csrf", &csrf),
                ("current", "not it at all"),
                ("new", new),
                ("again", new),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text().contains("(wrong-password)"));
    let differ = site
        .post(
            "/account/password",
            &[
                ("csrf", &csrf),
                ("current", site::PASSWORD),
                ("new", new),
                ("again", "something else"),
            ],
            Some(&cookie),
        )
        .await;
    assert!(differ.text().contains("(passwords-differ)"));
    let short = site
        .post(
            "/account/password",
            &[
                ("csrf", &csrf),
                ("current", site::PASSWORD),
                ("new", "short"),
                ("again", "short"),
            ],
            Some(&cookie),
        )
        .await;
    assert!(short.text().contains("(password-too-short)"));
    let done = site
        .post(
            "/account/password",
            &[
                ("csrf", &csrf),
                ("current", site::PASSWORD),
                ("new", new),
                ("again", new),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    assert!(done.text().contains("パスワードを変更しました"));
    let renewed = done.cookie().expect("a new session");
    assert_eq!(site.get("/", Some(&renewed)).await.status, StatusCode::OK);
    assert_eq!(
        site.get("/", Some(&other)).await.status,
        StatusCode::SEE_OTHER,
        "the other session ended"
    );
    let old = site
        .post(
            "/login",
            &[("name", "kamaishi"), ("password", site::PASSWORD)],
            None,
        )
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let fresh = site
        .post("/login", &[("name", "kamaishi"), ("password", new)], None)
        .await;
    assert_eq!(fresh.status, StatusCode::SEE_OTHER);
    let log = site.db.store.account_log().await.expect("log");
    assert!(
        log.iter()
            .any(|e| e.action == "account.password" && e.actor == "kamaishi" && e.via == "web")
    );
}

async fn every_response_carries_the_security_headers(site: &Site) {
    let cookie = site.sign_in("viewer").await;
    for (path, cookie) in [
        ("/login", None),
        ("/", Some(cookie.as_str())),
        ("/static/app.css", None),
        ("/nowhere", None),
    ] {
        let page = site.get(path, cookie).await;
        let h = &page.headers;
        let csp = h
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(
            h.get("x-content-type-options").map(|v| v.as_bytes()),
            Some(&b"nosniff"[..])
        );
        assert_eq!(
            h.get("x-frame-options").map(|v| v.as_bytes()),
            Some(&b"DENY"[..])
        );
        assert!(h.get("referrer-policy").is_some(), "{path}");
    }
    let page = site
        .post(
            "/login",
            &[("name", "viewer"), ("password", site::PASSWORD)],
            None,
        )
        .await;
    let set = page
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    assert!(!set.contains("Secure"), "plain HTTP on this test site");
}

fn entry_path(plan: i64, indicator: i64) -> String {
    format!("/plans/{plan}/indicators/{indicator}/entry")
}

async fn an_editor_enters_this_years_actual_and_sees_how_it_was_read(site: &Site) {
    let cookie = site.sign_in("kamaishi").await;
    let id = site.kamaishi_indicators[2];
    let path = entry_path(site.kamaishi, id);
    let form = site.get(&format!("{path}?year=2024"), Some(&cookie)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text());
    assert!(form.text().contains("令和6年度の実績値"), "{}", form.text());
    let csrf = form.csrf().expect("a token");
    let saved = site
        .enter(&path, &csrf, "2024", "actual", "1,234人", "0", &cookie)
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let to = saved.location().expect("back to the form").to_owned();
    assert!(to.ends_with("year=2024&saved=actual"), "{to}");
    let after = site.get(&to, Some(&cookie)).await;
    let text = after.text();
    assert!(text.contains("保存しました。読み取り:"), "{text}");
    assert!(
        text.contains("保存しました。読み取り: 数値 1,234人"),
        "the figure as read: {text}"
    );
    assert!(
        after.body.contains("value=\"1,234人\""),
        "the field shows the text as typed"
    );
    // the indicator's page shows it, graded, in its chart and its history
    let page = site
        .get(
            &format!("/plans/{}/indicators/{id}?year=2024", site.kamaishi),
            Some(&cookie),
        )
        .await;
    assert!(page.text().contains("1,234人"), "{}", page.text());
    assert!(
        page.body.contains("令和6年度 実績値: 1,234人"),
        "a point of the chart"
    );
    assert!(
        page.text().contains("kamaishi web"),
        "the history says who and how"
    );

    // a comment, and a blank reason that is not one of the three
    let csrf = after.csrf().expect("a token");
    let comment = site
        .enter(
            &path,
            &csrf,
            "2024",
            "issues",
            "参加者の確保が課題",
            "0",
            &cookie,
        )
        .await;
    assert_eq!(comment.status, StatusCode::SEE_OTHER);
    let page = site
        .get(
            &format!("/plans/{}/indicators/{id}?year=2024", site.kamaishi),
            Some(&cookie),
        )
        .await;
    assert!(
        page.text().contains("令和6年度 課題 参加者の確保が課題"),
        "{}",
        page.text()
    );
    let bad = site
        .enter(&path, &csrf, "2024", "blank_reason", "忘れた", "0", &cookie)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("(bad-blank-reason)"), "{}", bad.text());
    let outside = site
        .enter(&path, &csrf, "1990", "actual", "1", "0", &cookie)
        .await;
    assert_eq!(outside.status, StatusCode::BAD_REQUEST);
    let forged = site
        .enter(&path, "x", "2024", "actual", "9", "1", &cookie)
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

async fn an_editor_changes_only_their_departments_indicators(site: &Site) {
    let cookie = site.sign_in("kodomo").await;
    let own = site.nagareyama_indicators[0];
    let other = site.nagareyama_indicators[1];
    let mine = site
        .get(&entry_path(site.nagareyama, own), Some(&cookie))
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.text());
    let theirs = site
        .get(&entry_path(site.nagareyama, other), Some(&cookie))
        .await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN, "保育課's indicator");
    let csrf = mine.csrf().expect("a token");
    let post = site
        .enter(
            &entry_path(site.nagareyama, other),
            &csrf,
            "2021",
            "actual",
            "9",
            "0",
            &cookie,
        )
        .await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
    // the indicator pages offer the form only where it may be used
    let page = |id: i64| format!("/plans/{}/indicators/{id}", site.nagareyama);
    assert!(
        site.get(&page(own), Some(&cookie))
            .await
            .body
            .contains("/entry?year=")
    );
    assert!(
        !site
            .get(&page(other), Some(&cookie))
            .await
            .body
            .contains("/entry?year=")
    );
    let history = site.db.store.history(other).await.expect("history");
    assert!(
        history.iter().all(|e| e.action != "value.set"),
        "nothing written"
    );
}

async fn two_editors_changing_one_value_meet_a_conflict_not_an_overwrite(site: &Site) {
    let first = site.sign_in("kamaishi").await;
    let second = site.sign_in("admin").await;
    let id = site.kamaishi_indicators[3];
    let path = entry_path(site.kamaishi, id);
    let a = site.get(&format!("{path}?year=2024"), Some(&first)).await;
    let b = site.get(&format!("{path}?year=2024"), Some(&second)).await;
    let version = |page: &site::Page| {
        let at = page
            .body
            .find("name=\"field\" value=\"actual\"")
            .expect("the actual's form");
        let rest = &page.body[at..];
        const V: &str = "name=\"version\" value=\"";
        let v = rest.find(V).expect("its version") + V.len();
        rest[v..v + rest[v..].find('"').expect("end")].to_owned()
    };
    let seen = version(&a);
    assert_eq!(seen, version(&b));
    let saved = site
        .enter(
            &path,
            &a.csrf().expect("token"),
            "2024",
            "actual",
            "30回",
            &seen,
            &first,
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let late = site
        .enter(
            &path,
            &b.csrf().expect("token"),
            "2024",
            "actual",
            "31回",
            &seen,
            &second,
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.text());
    let text = late.text();
    assert!(
        text.contains("kamaishi さんの値(保存済み) あなたの値(未保存) 30回 31回"),
        "side by side: {text}"
    );
    let entries = site.db.store.entries(id).await.expect("entries");
    let actual = entries
        .iter()
        .find(|e| e.year.start_year() == 2024 && e.kind == shinchoku_store::EntryKind::Actual)
        .expect("the actual");
    assert_eq!(actual.text, "30回", "not overwritten");
    // choosing to overwrite sends the version just shown
    let csrf = late.csrf().expect("token");
    let body = &late.body;
    const V: &str = "name=\"version\" value=\"";
    let v = body.rfind(V).expect("a version") + V.len();
    let newer = &body[v..v + body[v..].find('"').expect("end")];
    let overwrite = site
        .enter(&path, &csrf, "2024", "actual", "31回", newer, &second)
        .await;
    assert_eq!(
        overwrite.status,
        StatusCode::SEE_OTHER,
        "{}",
        overwrite.text()
    );
    let history = site.db.store.history(id).await.expect("history");
    let sets: Vec<(&str, Option<&str>)> = history
        .iter()
        .filter(|e| e.action == "value.set")
        .map(|e| (e.actor.as_str(), e.after.as_deref()))
        .collect();
    assert_eq!(
        sets,
        vec![("kamaishi", Some("30回")), ("admin", Some("31回"))]
    );
}

async fn the_tree_filters_by_department_grade_priority_and_text(site: &Site) {
    let cookie = site.sign_in("viewer").await;
    let tree = |query: &str| format!("/plans/{}/tree?year=2021{query}", site.nagareyama);
    let all = site.get(&tree(""), Some(&cookie)).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text());
    let total = site.nagareyama_indicators.len();
    assert!(
        all.text().contains(&format!("{total}件中 {total}件の指標")),
        "{}",
        all.text()
    );
    assert!(all.text().contains("基本目標1 子育てを支援する地域づくり"));
    assert!(
        all.body.contains("class=\"number priority\">★"),
        "★ marks are kept"
    );

    let dept = site.get(&tree("&department=保育課"), Some(&cookie)).await;
    assert!(
        dept.text().contains(&format!("{total}件中 1件の指標")),
        "{}",
        dept.text()
    );
    assert!(dept.body.contains("<option value=\"保育課\" selected>"));

    let priority = site.get(&tree("&priority=1"), Some(&cookie)).await;
    let text = priority.text();
    let shown: usize = text
        .split("件中 ")
        .nth(1)
        .and_then(|t| t.split('件').next())
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert!(
        shown > 0 && shown < total,
        "only ★ projects' indicators: {shown} of {total}"
    );

    // searched as typed: half-width kana (ｱﾝｹｰﾄ) finds アンケート
    let found = site
        .get(
            &tree("&q=%EF%BD%B1%EF%BE%9D%EF%BD%B9%EF%BD%B0%EF%BE%84"),
            Some(&cookie),
        )
        .await;
    let text = found.text();
    assert!(!text.contains(&format!("{total}件中 0件")), "{text}");
    assert!(text.contains("アンケート"), "{text}");
    let none = site.get(&tree("&q=存在しない言葉"), Some(&cookie)).await;
    assert!(none.text().contains(&format!("{total}件中 0件の指標")));
    let graded = site.get(&tree("&grade=A"), Some(&cookie)).await;
    assert_eq!(graded.status, StatusCode::OK);
}

async fn an_uploaded_sheet_is_shown_with_its_diff_and_imported_only_when_confirmed(site: &Site) {
    let admin = site.sign_in("admin").await;
    let form = site.get("/import", Some(&admin)).await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = form.csrf().expect("a token");
    let original =
        std::fs::read(site::samples().join("kamaishi-priority-projects.txt")).expect("the sample");
    let text = String::from_utf8(original.clone()).expect("UTF-8");
    // one figure of the sheet changed, as a city's next version would
    let edited = text.replacen("22回", "27回", 1);
    assert_ne!(edited, text);
    let before = site
        .db
        .store
        .plan_log(site.kamaishi)
        .await
        .expect("log")
        .len();
    let preview = site
        .upload(
            "/import",
            &[
                ("csrf", &csrf),
                ("municipality", site::KAMAISHI),
                ("plan", ""),
            ],
            ("kamaishi.txt", edited.as_bytes()),
            Some(&admin),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text());
    let shown = preview.text();
    assert!(shown.contains("まだ書き込んでいません"), "{shown}");
    assert!(
        shown.contains("22回") && shown.contains("27回"),
        "the diff: {shown}"
    );
    assert_eq!(
        site.db
            .store
            .plan_log(site.kamaishi)
            .await
            .expect("log")
            .len(),
        before,
        "nothing written before the confirmation"
    );
    let at = preview.body.find("/import/").expect("the confirm form") + "/import/".len();
    let id: String = preview.body[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let confirmed = site
        .post(
            &format!("/import/{id}/confirm"),
            &[("csrf", &csrf)],
            Some(&admin),
        )
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.text()
    );
    assert_eq!(
        confirmed.location(),
        Some(format!("/plans/{}", site.kamaishi).as_str())
    );
    let log = site.db.store.plan_log(site.kamaishi).await.expect("log");
    assert!(
        log.iter()
            .any(|e| e.after.as_deref() == Some("27回") && e.via == "web" && e.actor == "admin"),
        "the change is audited as admin's, through the web: {log:?}"
    );
    assert!(log.len() > before);
    let again = site
        .post(
            &format!("/import/{id}/confirm"),
            &[("csrf", &csrf)],
            Some(&admin),
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::NOT_FOUND,
        "an upload is imported once"
    );
}

async fn a_hostile_upload_is_refused_in_one_sentence_and_the_site_goes_on(site: &Site) {
    let admin = site.sign_in("admin").await;
    let csrf = site
        .get("/import", Some(&admin))
        .await
        .csrf()
        .expect("a token");
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(std::iter::repeat_n(0u8, 4096));
    let garbage = site
        .upload(
            "/import",
            &[
                ("csrf", &csrf),
                ("municipality", site::KAMAISHI),
                ("plan", ""),
            ],
            ("plan.xlsx", &png),
            Some(&admin),
        )
        .await;
    assert_eq!(
        garbage.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        garbage.text()
    );
    assert!(
        garbage.text().contains("「plan.xlsx」を読めません"),
        "{}",
        garbage.text()
    );
    let bad_code = site
        .upload(
            "/import",
            &[("csrf", &csrf), ("municipality", "032116"), ("plan", "")],
            ("k.txt", b"x"),
            Some(&admin),
        )
        .await;
    assert!(
        bad_code.text().contains("(bad-check-digit)"),
        "{}",
        bad_code.text()
    );
    let forged = site
        .upload(
            "/import",
            &[("csrf", "nope"), ("municipality", site::KAMAISHI)],
            ("k.txt", b"x"),
            Some(&admin),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        site.get("/", Some(&admin)).await.status,
        StatusCode::OK,
        "still serving"
    );
}

async fn a_change_made_elsewhere_shows_once_the_kept_revision_is_read_again(site: &Site) {
    // an instance that trusts nothing it keeps: every page reads the plan's revision; the page
    // is seen (and its evaluation kept), then another instance changes the plan
    let instance = shinchoku_web::app(
        shinchoku_web::AppState::new(site.db.store.clone(), false).trusting_for(Duration::ZERO),
    );
    let cookie = site.sign_in("viewer").await;
    let id = site.kamaishi_indicators[5];
    let path = format!("/plans/{}/indicators/{id}?year=2024", site.kamaishi);
    let get = |path: String| {
        let request = Request::get(path)
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .expect("a request");
        site.send_to(&instance, request)
    };
    let first = get(path.clone()).await;
    assert!(
        !first.body.contains("令和6年度 実績値: 777"),
        "{}",
        first.text()
    );
    let stored = site.db.store.load_plan(site.kamaishi).await.expect("plan");
    site.db
        .store
        .edit(
            &Entry {
                plan_id: site.kamaishi,
                indicator_id: id,
                indicator_name: &stored.plan.indicators[5].name,
                year: FiscalYear::new(2024).expect("a year"),
            },
            &Edit::Actual("777".into()),
            None,
            &Actor::new("elsewhere", Via::Cli),
        )
        .await
        .expect("edited");
    let second = get(path).await;
    // the chart's point, drawn from the evaluated plan (the history alone would say 777 too)
    assert!(
        second.body.contains("令和6年度 実績値: 777"),
        "not the kept evaluation: {}",
        second.text()
    );
    assert!(
        second.text().contains("elsewhere"),
        "the kept history is read again too: {}",
        second.text()
    );
    let overview = get(format!("/plans/{}?year=2024", site.kamaishi)).await;
    assert_eq!(overview.status, StatusCode::OK);
}

async fn a_change_made_here_shows_at_once_whatever_is_kept(site: &Site) {
    // the site trusts what it keeps for an hour: only forgetting it on the change shows it
    let cookie = site.sign_in("kamaishi").await;
    let id = site.kamaishi_indicators[4];
    let page = format!("/plans/{}/indicators/{id}?year=2024", site.kamaishi);
    let overview = format!("/plans/{}?year=2024", site.kamaishi);
    let before = site.get(&page, Some(&cookie)).await;
    assert!(!before.body.contains("令和6年度 実績値: 4,321"));
    assert_eq!(
        site.get(&overview, Some(&cookie)).await.status,
        StatusCode::OK
    );
    let path = entry_path(site.kamaishi, id);
    let form = site.get(&format!("{path}?year=2024"), Some(&cookie)).await;
    let csrf = form.csrf().expect("a token");
    let saved = site
        .enter(&path, &csrf, "2024", "actual", "4,321", "0", &cookie)
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let after = site.get(&page, Some(&cookie)).await;
    assert!(
        after.body.contains("令和6年度 実績値: 4,321"),
        "the kept evaluation was used: {}",
        after.text()
    );
    assert!(
        after.text().contains("kamaishi web"),
        "the kept history was used: {}",
        after.text()
    );
}

async fn a_kept_page_is_shown_with_each_visitors_own_frame_and_rights(site: &Site) {
    // the first visitor's page is rendered and kept; the next ones get it in their own frame,
    // with the entry form offered only where their rights allow
    let id = site.kamaishi_indicators[3];
    let path = format!("/plans/{}/indicators/{id}?year=2024", site.kamaishi);
    let entry = format!("/plans/{}/indicators/{id}/entry", site.kamaishi);
    let mut seen = Vec::new();
    for (name, role, may_edit) in [
        ("kamaishi", "編集者", true),
        ("viewer", "閲覧者", false),
        ("admin", "管理者", true),
        ("kamaishi", "編集者", true),
    ] {
        let cookie = site.sign_in(name).await;
        let page = site.get(&path, Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{name}: {}", page.text());
        assert!(
            page.text().contains(&format!("{name}({role})")),
            "{name}'s own frame: {}",
            page.text()
        );
        assert_eq!(
            page.body.contains(&entry),
            may_edit,
            "{name}: the entry form"
        );
        let home = site.get("/", Some(&cookie)).await;
        assert_eq!(
            page.csrf(),
            home.csrf(),
            "{name}: the sign-out form's own token"
        );
        seen.push(page.body);
        let overview = site
            .get(
                &format!("/plans/{}?year=2024", site.kamaishi),
                Some(&cookie),
            )
            .await;
        assert!(overview.text().contains(&format!("{name}({role})")));
    }
    assert_ne!(seen[0], seen[3], "each sign-in has its own token");
}

async fn the_plan_downloads_as_the_council_sheet_and_open_data(site: &Site) {
    let cookie = site.sign_in("viewer").await;
    let overview = site
        .get(
            &format!("/plans/{}?year=2023", site.kamaishi),
            Some(&cookie),
        )
        .await;
    let xlsx_link = format!("/plans/{}/download/xlsx?year=2023", site.kamaishi);
    assert!(overview.body.contains(&xlsx_link), "the overview offers it");

    let (status, headers, bytes) = site.download(&xlsx_link, Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let disposition = headers[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("ASCII");
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''") && disposition.contains("%E4%BB%A4%E5%92%8C5"),
        "the plan's name and 令和5年度, encoded: {disposition}"
    );
    let read = shinchoku_import::read_bytes(
        std::path::Path::new("council.xlsx"),
        &bytes,
        &Default::default(),
    )
    .expect("the council sheet reads back");
    let stored = site.db.store.load_plan(site.kamaishi).await.expect("plan");
    assert_eq!(read.plan.indicators.len(), stored.plan.indicators.len());

    let (_, _, csv) = site
        .download(
            &format!("/plans/{}/download/csv", site.kamaishi),
            Some(&cookie),
        )
        .await;
    let text = std::str::from_utf8(&csv).expect("UTF-8");
    assert!(
        text.starts_with("\u{feff}団体コード,団体名,計画"),
        "a BOM for Excel"
    );
    assert!(text.contains("032115,"), "the 団体コード on every row");
    let (_, _, sjis) = site
        .download(
            &format!("/plans/{}/download/csv?encoding=shift_jis", site.kamaishi),
            Some(&cookie),
        )
        .await;
    let (decoded, _, malformed) = encoding_rs::SHIFT_JIS.decode(&sjis);
    assert!(!malformed && decoded.starts_with("団体コード"));
    let json = site
        .get(
            &format!("/plans/{}/download/json", site.kamaishi),
            Some(&cookie),
        )
        .await;
    let rows: serde_json::Value = serde_json::from_str(&json.body).expect("JSON");
    assert_eq!(
        rows.as_array().map(Vec::len),
        Some(text.lines().count() - 1),
        "a JSON row per CSV row"
    );
    let bad = site
        .get(
            &format!("/plans/{}/download/csv?encoding=latin1", site.kamaishi),
            Some(&cookie),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let (status, headers, pdf) = site
        .download(
            &format!("/plans/{}/download/pdf?year=2023&paper=a3", site.kamaishi),
            Some(&cookie),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    assert!(pdf.starts_with(b"%PDF"), "the printed report");
    let paper = site
        .get(
            &format!("/plans/{}/download/pdf?paper=b5", site.kamaishi),
            Some(&cookie),
        )
        .await;
    assert_eq!(paper.status, StatusCode::BAD_REQUEST);
    let unknown = site
        .get(
            &format!("/plans/{}/download/docx", site.kamaishi),
            Some(&cookie),
        )
        .await;
    assert_ne!(unknown.status, StatusCode::OK);
}

async fn behind_a_trusted_proxy_failures_are_counted_per_client(site: &Site) {
    use axum::extract::connect_info::MockConnectInfo;
    use tower::ServiceExt;
    // every request arrives from the proxy; X-Forwarded-For says who sent it
    let proxy: std::net::SocketAddr = "10.0.0.1:40000".parse().expect("an address");
    let behind = shinchoku_web::app(
        shinchoku_web::AppState::new(site.db.store.clone(), false).behind_proxies(vec![proxy.ip()]),
    )
    .layer(MockConnectInfo(proxy));
    let attempt = |client: &str, name: &str, password: &str| {
        Request::post("/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "localhost")
            .header("x-forwarded-for", client)
            .body(Body::from(format!(
                "name={name}&password={}",
                password.replace(' ', "+")
            )))
            .expect("a request")
    };
    for n in 0..20 {
        let r = behind
            .clone()
            .oneshot(attempt("203.0.113.5", &format!("nobody{n}"), "wrong"))
            .await
            .expect("answered");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let slowed = behind
        .clone()
        .oneshot(attempt("203.0.113.5", "viewer", site::PASSWORD))
        .await
        .expect("answered");
    assert_eq!(
        slowed.status(),
        StatusCode::UNAUTHORIZED,
        "that client is slowed"
    );
    let other = behind
        .clone()
        .oneshot(attempt("203.0.113.9", "viewer", site::PASSWORD))
        .await
        .expect("answered");
    assert_eq!(
        other.status(),
        StatusCode::SEE_OTHER,
        "another client behind the same proxy signs in"
    );

    // without trust, the header is ignored: a client cannot pick the address it is counted under
    let direct: std::net::SocketAddr = "192.0.2.44:40000".parse().expect("an address");
    let plain = site.app.clone().layer(MockConnectInfo(direct));
    for n in 0..20 {
        let r = plain
            .clone()
            .oneshot(attempt(
                &format!("198.51.100.{n}"),
                &format!("nobody{n}"),
                "wrong",
            ))
            .await
            .expect("answered");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let spoofed = plain
        .clone()
        .oneshot(attempt("198.51.100.200", "viewer", site::PASSWORD))
        .await
        .expect("answered");
    assert_eq!(
        spoofed.status(),
        StatusCode::UNAUTHORIZED,
        "a made-up X-Forwarded-For does not escape the count"
    );
}

async fn behind_tls_cookies_are_secure_and_hsts_is_sent(site: &Site) {
    use tower::ServiceExt;
    let tls = shinchoku_web::app(shinchoku_web::AppState::new(site.db.store.clone(), true));
    let request = axum::http::Request::post("/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "localhost")
        .body(axum::body::Body::from(format!(
            "name=viewer&password={}",
            site::PASSWORD.replace(' ', "+")
        )))
        .expect("a request");
    let response = tls.oneshot(request).await.expect("answered");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(cookie.starts_with("__Host-shinchoku="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    assert!(
        response
            .headers()
            .get("strict-transport-security")
            .is_some(),
        "HSTS behind TLS"
    );
}

async fn many_failures_from_one_address_are_slowed(site: &Site) {
    use axum::extract::connect_info::MockConnectInfo;
    use tower::ServiceExt;
    let from: std::net::SocketAddr = "192.0.2.7:40000".parse().expect("an address");
    let app = site.app.clone().layer(MockConnectInfo(from));
    let attempt = |name: &str, password: &str| {
        axum::http::Request::post("/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "localhost")
            .body(axum::body::Body::from(format!(
                "name={name}&password={}",
                password.replace(' ', "+")
            )))
            .expect("a request")
    };
    // failures spread over names that do not exist: no account is locked by them
    for n in 0..20 {
        let r = app
            .clone()
            .oneshot(attempt(&format!("nobody{n}"), "wrong"))
            .await
            .expect("answered");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let right = app
        .clone()
        .oneshot(attempt("viewer", site::PASSWORD))
        .await
        .expect("answered");
    assert_eq!(
        right.status(),
        StatusCode::UNAUTHORIZED,
        "the address is slowed even for a right password"
    );
    // another address signs in
    let elsewhere = site
        .post(
            "/login",
            &[("name", "viewer"), ("password", site::PASSWORD)],
            None,
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::SEE_OTHER);
}

on_both_backends!(
    behind_tls_cookies_are_secure_and_hsts_is_sent,
    many_failures_from_one_address_are_slowed,
    behind_a_trusted_proxy_failures_are_counted_per_client,
    a_change_made_elsewhere_shows_once_the_kept_revision_is_read_again,
    a_change_made_here_shows_at_once_whatever_is_kept,
    a_kept_page_is_shown_with_each_visitors_own_frame_and_rights,
    the_plan_downloads_as_the_council_sheet_and_open_data,
    an_uploaded_sheet_is_shown_with_its_diff_and_imported_only_when_confirmed,
    a_hostile_upload_is_refused_in_one_sentence_and_the_site_goes_on,
    the_tree_filters_by_department_grade_priority_and_text,
    an_editor_enters_this_years_actual_and_sees_how_it_was_read,
    an_editor_changes_only_their_departments_indicators,
    two_editors_changing_one_value_meet_a_conflict_not_an_overwrite,
    an_anonymous_visitor_is_sent_to_sign_in,
    signing_in_fails_alike_whatever_failed,
    a_form_from_another_site_is_refused,
    the_plans_listed_are_the_ones_the_account_may_read,
    the_overview_shows_grades_rule_risks_and_changes,
    an_indicator_page_shows_its_figures_chart_and_history,
    another_municipalitys_plan_is_forbidden,
    signing_out_needs_the_forms_token_and_ends_the_session,
    a_password_is_changed_with_the_current_one,
    every_response_carries_the_security_headers,
);
