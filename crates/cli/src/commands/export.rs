//! `shinchoku export --plan ID [--year Y] --format xlsx|pdf|csv|json [-o FILE]`: a stored plan
//! as the council sheet or the printed report (evaluated in the year) or as open data, written
//! by `shinchoku-report`.

use super::UserError;
use super::evaluate::{Source, choose_year};
use crate::cli::{ExportArgs, ExportFormat, OutputEncoding, PaperChoice};
use shinchoku_report::council::{CouncilYear, council_xlsx};
use shinchoku_report::open_data::{self, CsvEncoding};
use shinchoku_report::pdf::Printer;
use shinchoku_report::printed::{Paper, report_html};
use shinchoku_report::{PlanYear, Subject};
use std::io::{IsTerminal, Write};
use std::path::Path;

pub fn run(args: &ExportArgs, data_dir: Option<&Path>, out: &mut impl Write) -> anyhow::Result<()> {
    if args.format == ExportFormat::Xlsx && args.output.is_none() && std::io::stdout().is_terminal()
    {
        return Err(UserError::new(
            "output-required",
            "xlsx は端末に書けません。-o 計画.xlsx のように書き出すファイルを指定してください",
        )
        .into());
    }
    let stored = super::database::with_store(data_dir, async |store| {
        let id = store.find_plan(&args.plan).await?;
        store.load_plan(id).await
    })?;
    let subject = Subject {
        municipality_code: &stored.municipality_code,
        plan_name: &stored.name,
        plan: &stored.plan,
        keys: &stored.keys,
    };
    let bytes = match args.format {
        ExportFormat::Xlsx | ExportFormat::Pdf => {
            let source = Source::Stored {
                id: stored.id,
                name: stored.name.clone(),
            };
            let (year, _) = choose_year(args.year.as_deref(), &stored.plan, &source)?;
            // the browser is looked for first: without it, nothing else is worth doing
            let printer = match args.format {
                ExportFormat::Pdf => {
                    Some(Printer::find().map_err(|e| UserError::new("no-browser", e.to_string()))?)
                }
                _ => None,
            };
            let comments = super::database::with_store(data_dir, async |store| {
                store.year_comments(&stored, year).await
            })?;
            let py =
                PlanYear::evaluate(&stored.plan, &stored.keys, stored.evaluation_policy(), year);
            match printer {
                Some(printer) => {
                    let paper = match args.paper {
                        PaperChoice::A4 => Paper::A4Portrait,
                        PaperChoice::A3 => Paper::A3Landscape,
                    };
                    printer.print(&report_html(&subject, &py, &comments, paper)?)?
                }
                None => council_xlsx(
                    &subject,
                    &CouncilYear {
                        py: &py,
                        comments: &comments,
                    },
                    stored.layout.as_deref(),
                )?,
            }
        }
        ExportFormat::Csv => {
            let encoding = match args.encoding {
                OutputEncoding::Utf8 => CsvEncoding::Utf8,
                OutputEncoding::ShiftJis => CsvEncoding::ShiftJis,
            };
            let (bytes, replaced) = open_data::to_csv(&open_data::rows(&subject), encoding)?;
            super::evaluate::export::warn_unmappable(&replaced);
            bytes
        }
        ExportFormat::Json => open_data::to_json(&open_data::rows(&subject))?,
    };
    match &args.output {
        Some(path) => std::fs::write(path, &bytes).map_err(|e| {
            UserError::new(
                "cannot-write",
                format!("{} に書き出せません: {e}", path.display()),
            )
        })?,
        None => out.write_all(&bytes)?,
    }
    Ok(())
}
