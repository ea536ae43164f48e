//! Importing a collection: its rows are read on a thread of their own and handed to the
//! store in batches, so that reading the text and writing the database overlap; what could not
//! be taken is listed by line and column afterwards.

use super::database;
use crate::cli::ImportArgs;
use shinchoku_core::collection::RejectedRow;
use shinchoku_import::collection::Collection;
use shinchoku_store::{Actor, CollectionFeed, CollectionRequest, SourceFile, Via};
use std::io::Write;
use std::path::Path;
use tokio::sync::mpsc;

/// Rows handed over at a time, and batches in flight: enough to keep both threads busy.
const BATCH: usize = 8_192;
const IN_FLIGHT: usize = 4;

/// Rows of each kind of problem shown before the count of the rest.
const SHOWN: usize = 20;

pub fn load(
    collection: Collection,
    args: &ImportArgs,
    source: SourceFile,
    data_dir: Option<&Path>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let plan_name = args.plan.clone().unwrap_or_else(|| {
        collection.file.file_stem().map_or_else(
            || "一括取込".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        )
    });
    let file = collection.file.display().to_string();
    for f in &collection.findings {
        writeln!(out, "{}", crate::terminal::visible(&f.to_string()))?;
    }
    let request = CollectionRequest {
        plan_name: plan_name.clone(),
        source,
        actor: Actor::from_environment(Via::Import),
        dry_run: args.dry_run,
        expected_values: collection.estimated_rows(),
    };
    let (tx, rx) = mpsc::channel(IN_FLIGHT);
    let rows = &collection;
    let (outcome, rejected) = std::thread::scope(|scope| {
        // the sender moves to the reader: should it stop early, the loader sees the feed
        // close without its end and keeps nothing
        let reader = scope.spawn(move || feed(rows, &tx));
        let outcome = database::with_store(data_dir, async |store| {
            store.load_collection(request, rx).await
        });
        // the reader stops at its next send once the loader has gone
        let rejected = reader.join();
        (outcome, rejected)
    });
    let (rejected, rejected_count) = rejected.unwrap_or_default();
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => {
            // why the rows were left out is what the user needs to mend the file
            list(
                &mut std::io::stderr(),
                "取り込めなかった行",
                &rejected,
                rejected_count,
            )?;
            return Err(e);
        }
    };
    let verb = super::import::created(outcome.dry_run);
    writeln!(
        out,
        "「{file}」から計画「{plan_name}」を{}団体に{verb}: 指標 {}件、値 {}件",
        outcome.plans.len(),
        outcome.indicators,
        outcome.values
    )?;
    if let (Some((c, first)), Some((_, last))) = (outcome.plans.first(), outcome.plans.last()) {
        writeln!(out, "  計画ID {first}({c})〜 {last}")?;
    }
    list(out, "取り込めなかった行", &rejected, rejected_count)?;
    list(
        out,
        "重複して取らなかった行",
        &outcome.duplicates,
        outcome.duplicates.len(),
    )?;
    Ok(())
}

fn list(
    out: &mut impl Write,
    what: &str,
    rows: &[RejectedRow],
    count: usize,
) -> anyhow::Result<()> {
    if count == 0 {
        return Ok(());
    }
    writeln!(out, "{what} {count}件 (rejected-row):")?;
    for r in rows.iter().take(SHOWN) {
        writeln!(out, "  {}", crate::terminal::visible(&r.to_string()))?;
    }
    if count > SHOWN {
        writeln!(out, "  ほか {}件", count - SHOWN)?;
    }
    Ok(())
}

/// Reads every row into the channel, then says it is done. Returns the rows left out (the
/// first thousand) and how many there were.
fn feed(collection: &Collection, tx: &mpsc::Sender<CollectionFeed>) -> (Vec<RejectedRow>, usize) {
    let mut rejected = Vec::new();
    let mut count = 0;
    let mut batch = Vec::with_capacity(BATCH);
    for row in collection.rows() {
        match row {
            Ok(r) => batch.push(r),
            Err(r) => {
                count += 1;
                if rejected.len() < 1_000 {
                    rejected.push(r);
                }
            }
        }
        if batch.len() == BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            if tx.blocking_send(CollectionFeed::Rows(full)).is_err() {
                return (rejected, count);
            }
        }
    }
    if !batch.is_empty() && tx.blocking_send(CollectionFeed::Rows(batch)).is_err() {
        return (rejected, count);
    }
    let _ = tx.blocking_send(CollectionFeed::End);
    (rejected, count)
}
