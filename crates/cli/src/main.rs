//! The `shinchoku` binary: thin over `shinchoku-import` and `shinchoku-core`. Errors reach the
//! user as one Japanese line with the file, the line and an English key, and a non-zero exit.

mod cli;
mod commands;
mod output;
mod terminal;
mod wrap;

use clap::Parser;

// Reading a sheet makes many small allocations (cells, names); mimalloc handles them in about
// three quarters of glibc's time on the 10,000-indicator benchmark. Built without transparent
// huge pages (`no_thp`): with them every 2 MiB region touched was resident, and a 50,000-row
// read peaked at 52–55 MB instead of 25–31 MB, for 2–3 % of its time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    if let cli::Command::WorkbookWorker = cli.command {
        let served =
            shinchoku_import::worker::serve(std::io::stdin().lock(), std::io::stdout().lock());
        return if served {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    // serde_json and the table writers make many small writes: buffer them
    // what is read by people has its control characters escaped; JSON escapes its own, and
    // CSV is data, kept as it was
    let data = match &cli.command {
        cli::Command::Read(a) => a.json || a.csv,
        cli::Command::Evaluate(a) => !matches!(a.format, cli::Format::Table),
        cli::Command::Backup(_) | cli::Command::Export(_) => true,
        _ => false,
    };
    let stdout: Box<dyn Write> = if data {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(terminal::Visible(std::io::stdout().lock()))
    };
    let mut out = std::io::BufWriter::new(stdout);
    let data_dir = cli.data_dir.as_deref();
    let result = match &cli.command {
        cli::Command::Read(args) => commands::read::run(args, &mut out),
        cli::Command::Evaluate(args) => commands::evaluate::run(args, data_dir, &mut out),
        cli::Command::Policies => commands::policies::run(&mut out),
        cli::Command::Import(args) => commands::import::run(args, data_dir, &mut out),
        cli::Command::Plans => commands::plans::run(data_dir, &mut out),
        cli::Command::Set(args) => commands::set::run(args, data_dir, &mut out),
        cli::Command::History(args) => commands::history::run(args, data_dir, &mut out),
        cli::Command::Export(args) => commands::export::run(args, data_dir, &mut out),
        cli::Command::Backup(args) => commands::backup::backup(args, data_dir, &mut out),
        cli::Command::Restore(args) => commands::backup::restore(args, data_dir, &mut out),
        cli::Command::Db(command) => commands::db::run(command, data_dir, &mut out),
        cli::Command::Serve(args) => commands::serve::run(args, data_dir, &mut out),
        cli::Command::User(command) => commands::user::run(command, data_dir, &mut out),
        cli::Command::WorkbookWorker => Ok(()),
    };
    match result.and_then(|()| out.flush().map_err(anyhow::Error::from)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", terminal::visible(&commands::describe(&e)));
            ExitCode::FAILURE
        }
    }
}

/// `shinchoku read x | head` closes the pipe early: that is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
