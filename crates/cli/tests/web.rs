//! `shinchoku user` and `shinchoku serve` as a person runs them, on both backends: accounts
//! made with the password on standard input, refusals in one line, the demo started on a free
//! port, answering, and stopping cleanly on SIGTERM.

mod databases;

use databases::Db;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn with_stdin(db: &Db, args: &[&str], input: &str) -> std::process::Output {
    let mut child = db
        .command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // a command that refuses its arguments ends before it reads the password: its stdin is
    // then closed, which is no failure of the test
    match child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
    {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => panic!("the password is not written: {e}"),
    }
    child.wait_with_output().expect("it ends")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn accounts_are_added_with_the_password_from_standard_input() {
    for db in Db::both() {
        let made = with_stdin(
            &db,
            &[
                "user",
                "add",
                "tanaka",
                "--role",
                "editor",
                "--department",
                "子ども課",
                "--municipality",
                "032115",
            ],
            "a long enough password\n",
        );
        assert!(made.status.success(), "{}", text(&made.stderr));
        assert!(
            text(&made.stdout)
                .contains("アカウント「tanaka」(編集者 子ども課 032115) を作成しました"),
            "{}",
            text(&made.stdout)
        );
        let list = db.ok(&["user", "list"]);
        assert_eq!(list.trim(), "tanaka\t編集者 子ども課 032115");

        let cases: [(&[&str], &str, &str); 5] = [
            (
                &["user", "add", "tanaka", "--role", "viewer"],
                "a long enough password\n",
                "(account-exists)",
            ),
            (
                &["user", "add", "sato", "--role", "editor"],
                "a long enough password\n",
                "(missing-department)",
            ),
            (
                &["user", "add", "sato", "--role", "viewer"],
                "short\n",
                "(password-too-short)",
            ),
            (
                &["user", "add", "sato", "--role", "viewer"],
                "",
                "(missing-password)",
            ),
            (
                &[
                    "user",
                    "add",
                    "sato",
                    "--role",
                    "viewer",
                    "--municipality",
                    "032116",
                ],
                "a long enough password\n",
                "(bad-check-digit)",
            ),
        ];
        for (args, input, key) in cases {
            let o = with_stdin(&db, args, input);
            let err = text(&o.stderr);
            assert!(!o.status.success(), "{args:?}");
            assert!(err.contains(key), "{args:?}: {err}");
            assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        }
        assert_eq!(
            db.ok(&["user", "list"]).lines().count(),
            1,
            "nothing half-made"
        );

        // rights set anew: exactly as given
        let set = db.ok(&["user", "set", "tanaka", "--role", "viewer"]);
        assert!(
            set.contains("アカウント「tanaka」を 閲覧者 全団体 にしました"),
            "{set}"
        );
        assert_eq!(db.ok(&["user", "list"]).trim(), "tanaka\t閲覧者 全団体");
        for (args, key) in [
            (
                &["user", "set", "tanaka", "--role", "editor"][..],
                "(missing-department)",
            ),
            (
                &["user", "set", "nobody", "--role", "viewer"][..],
                "(account-not-found)",
            ),
        ] {
            let o = db.run(args);
            let err = text(&o.stderr);
            assert!(!o.status.success() && err.contains(key), "{args:?}: {err}");
            assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        }
        assert_eq!(db.ok(&["user", "list"]).trim(), "tanaka\t閲覧者 全団体");

        // disabled and enabled again, the account and its history kept
        assert!(
            db.ok(&["user", "disable", "tanaka"])
                .contains("無効にしました")
        );
        assert_eq!(
            db.ok(&["user", "list"]).trim(),
            "tanaka\t閲覧者 全団体\t(無効)"
        );
        assert!(
            db.ok(&["user", "enable", "tanaka"])
                .contains("有効にしました")
        );
        assert_eq!(db.ok(&["user", "list"]).trim(), "tanaka\t閲覧者 全団体");
        let o = db.run(&["user", "disable", "nobody"]);
        assert!(text(&o.stderr).contains("(account-not-found)"));
    }
}

#[test]
fn the_demo_serves_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().expect("a folder");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["serve", "--demo", "--listen", "127.0.0.1:0"])
        .env_remove("DATABASE_URL")
        .env("SHINCHOKU_DATA_DIR", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut said = String::new();
    let mut address = None;
    let started = Instant::now();
    while address.is_none() && started.elapsed() < Duration::from_secs(60) {
        let mut line = String::new();
        if out.read_line(&mut line).expect("a line") == 0 {
            break;
        }
        said.push_str(&line);
        address = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .map(str::to_owned);
    }
    let address = address.unwrap_or_else(|| panic!("no address printed: {said}"));
    for _ in 0..6 {
        let mut line = String::new();
        out.read_line(&mut line).expect("a line");
        said.push_str(&line);
    }
    assert!(said.contains("デモ: 計画 1"), "{said}");
    assert!(said.contains("admin"), "the accounts are listed: {said}");
    assert!(
        said.contains(dir.path().join("demo").to_string_lossy().as_ref()),
        "{said}"
    );

    let mut stream = std::net::TcpStream::connect(&address).expect("it listens");
    stream
        .write_all(
            format!("GET /login HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .expect("a request");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("サインイン"));

    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .expect("signalled");
    let status = child.wait().expect("it ends");
    assert!(status.success(), "a clean stop: {status:?}");
    let mut log = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut log)
        .expect("the log");
    assert!(
        log.contains("uri=/login") && log.contains("latency="),
        "each request logged: {log}"
    );
    assert!(log.contains("shutting down"), "{log}");

    // the demo database holds each sample once, where the message said
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["plans"])
        .env_remove("DATABASE_URL")
        .env("SHINCHOKU_DATA_DIR", dir.path().join("demo"))
        .output()
        .expect("plans");
    assert_eq!(
        text(&again.stdout).matches("122203").count(),
        1,
        "{}",
        text(&again.stdout)
    );
}
