//! `shinchoku set --plan ID --indicator ID --year R6 --actual "25回"` (or `--target`,
//! `--comment`, `--blank-reason`): changes one entry of a stored plan, read by the same cell
//! grammar as a sheet, and says how it was understood.

use super::UserError;
use super::database;
use crate::cli::{CommentField, SetArgs};
use shinchoku_core::{Cell, FiscalYear};
use shinchoku_store::{Actor, BlankReason, CommentAspect, Edit, Entry, Via};
use std::io::Write;
use std::path::Path;

pub fn run(args: &SetArgs, data_dir: Option<&Path>, out: &mut impl Write) -> anyhow::Result<()> {
    let year = FiscalYear::parse(&args.year)
        .map_err(|e| UserError::new("bad-year", format!("--year: {e}")))?;
    let edit = edit(args)?;
    let actor = Actor::from_environment(Via::Cli);
    let edited = database::with_store(data_dir, async |store| {
        let id = store.find_plan(&args.plan).await?;
        let indicator = store.load_plan(id).await?.find_indicator(&args.indicator)?;
        let entry = Entry {
            plan_id: id,
            indicator_id: indicator.id,
            indicator_name: &indicator.name,
            year,
        };
        store.edit(&entry, &edit, args.version, &actor).await
    })?;
    let before = edited.before.as_deref().unwrap_or("(なし)");
    let after = edited.after.as_deref().unwrap_or("(なし)");
    if edited.unchanged {
        writeln!(
            out,
            "{}はすでに「{after}」です。変更はありません",
            edited.subject
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "{}: {before} → {after}(版 {})",
        edited.subject, edited.version
    )?;
    if let (Edit::Actual(raw) | Edit::Target { raw, .. }, Some(_)) = (&edit, &edited.after) {
        writeln!(out, "  読み取り: {}", Cell::read(raw.trim()).reading())?;
    }
    Ok(())
}

fn edit(args: &SetArgs) -> anyhow::Result<Edit> {
    if let Some(raw) = &args.actual {
        return Ok(Edit::Actual(raw.clone()));
    }
    if let Some(raw) = &args.target {
        return Ok(Edit::Target {
            raw: raw.clone(),
            reason: args.reason.clone(),
        });
    }
    if let Some(body) = &args.comment {
        let aspect = match args.field {
            CommentField::Evaluation => CommentAspect::Evaluation,
            CommentField::Issues => CommentAspect::Issues,
            CommentField::Direction => CommentAspect::Direction,
        };
        return Ok(Edit::Comment {
            aspect,
            body: body.clone(),
        });
    }
    match args.blank_reason.as_deref().map(str::trim) {
        Some("") => Ok(Edit::BlankReason(None)),
        Some(text) => BlankReason::parse(text).map(|r| Edit::BlankReason(Some(r))).ok_or_else(|| {
            UserError::new(
                "bad-blank-reason",
                format!("--blank-reason「{text}」は 未把握・調査年でない・事業終了 のどれでもありません"),
            )
            .into()
        }),
        None => Err(UserError::new("nothing-to-set", "--actual, --target, --comment, --blank-reason のどれかを指定してください").into()),
    }
}
