//! `shinchoku backup FILE` and `shinchoku restore FILE`: the whole database in one portable,
//! deterministic file, to move between SQLite and PostgreSQL or keep aside.

use super::UserError;
use super::database;
use crate::cli::{BackupArgs, RestoreArgs};
use std::io::Write;
use std::path::Path;

pub fn backup(
    args: &BackupArgs,
    data_dir: Option<&Path>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let to_stdout = args.file.as_os_str() == "-";
    // written beside the target and renamed, so that a failed backup never leaves half a file
    let partial = args.file.with_extension("partial");
    let rows = if to_stdout {
        let mut w = std::io::BufWriter::new(std::io::stdout().lock());
        database::with_store(data_dir, async |store| store.backup(&mut w).await)
    } else {
        let file = std::fs::File::create(&partial).map_err(|e| {
            UserError::new(
                "cannot-write",
                format!("{} に書き込めません: {e}", partial.display()),
            )
        })?;
        let mut w = std::io::BufWriter::new(file);
        database::with_store(data_dir, async |store| store.backup(&mut w).await).inspect_err(|_| {
            let _ = std::fs::remove_file(&partial);
        })
    }?;
    if !to_stdout {
        std::fs::rename(&partial, &args.file)?;
        writeln!(out, "{} に {rows}行を書き出しました", args.file.display())?;
    }
    Ok(())
}

pub fn restore(
    args: &RestoreArgs,
    data_dir: Option<&Path>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let name = args.file.display().to_string();
    let file = std::fs::File::open(&args.file).map_err(|e| {
        UserError::new(
            "cannot-read",
            format!("バックアップ {name} を開けません: {e}"),
        )
    })?;
    let input = std::io::BufReader::new(file);
    let rows = database::with_store(data_dir, async |store| store.restore(&name, input).await)?;
    writeln!(out, "{name} から {rows}行を復元しました")?;
    Ok(())
}
