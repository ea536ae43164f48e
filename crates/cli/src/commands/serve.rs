//! `shinchoku serve [--demo] [--listen ADDR] [--secure]`: the web application, on the database
//! this command works on (or, with `--demo`, on a demo database of its own), until SIGTERM or
//! Ctrl-C.

use super::demo;
use crate::cli::ServeArgs;
use shinchoku_store::{DatabaseLocation, Store};
use shinchoku_web::ServeOptions;
use std::io::{IsTerminal, Write};
use std::path::Path;

pub fn run(args: &ServeArgs, data_dir: Option<&Path>, out: &mut impl Write) -> anyhow::Result<()> {
    // lines wait for the writer (none is dropped); it flushes whenever it has caught up, so a
    // line is seen as soon as the server is idle; the guard flushes the rest at shutdown
    let (writer, _flushed_at_exit) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .thread_name("shinchoku-log")
        .finish(std::io::BufWriter::new(std::io::stderr()));
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .with_writer(writer)
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (store, accounts) = if args.demo {
            let location = demo::location(data_dir);
            let store = Store::open(&location).await?;
            let accounts = demo::prepare(&store, out).await?;
            (store, Some(accounts))
        } else {
            let location = DatabaseLocation::from_env(data_dir)?;
            (Store::open(&location).await?, None)
        };
        let options = ServeOptions {
            listen: args.listen,
            secure: args.secure,
            trusted_proxies: args.trusted_proxies.clone(),
            reading: shinchoku_import::ReadOptions {
                worker: Some(super::worker()?),
                ..Default::default()
            },
        };
        let database = store.location().describe();
        let mut said = Ok(());
        shinchoku_web::serve(store, options, |bound| {
            said = announce(out, bound, &database, accounts.as_deref());
        })
        .await
        .map_err(|e| listen_error(e, args.listen))?;
        said
    })
}

fn announce(
    out: &mut impl Write,
    bound: std::net::SocketAddr,
    database: &str,
    accounts: Option<&[demo::DemoAccount]>,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "shinchoku を http://{bound}/ で公開しています (Ctrl-C で終了)"
    )?;
    writeln!(out, "データベース: {database}")?;
    if let Some(accounts) = accounts {
        writeln!(
            out,
            "デモ用のアカウント(パスワードはすべて「{}」):",
            demo::PASSWORD
        )?;
        for a in accounts {
            writeln!(out, "  {:<18} {}", a.name, a.describe)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn listen_error(e: std::io::Error, listen: std::net::SocketAddr) -> anyhow::Error {
    let why = match e.kind() {
        std::io::ErrorKind::AddrInUse => "ほかのプログラムが使っています".to_owned(),
        std::io::ErrorKind::PermissionDenied => "権限がありません".to_owned(),
        _ => e.to_string(),
    };
    super::UserError::new(
        "cannot-listen",
        format!("{listen} で待ち受けられません: {why}。--listen で別のアドレスを指定してください"),
    )
    .into()
}
