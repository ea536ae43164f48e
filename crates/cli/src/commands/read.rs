//! `shinchoku read SHEET [--json] [--explain]`: what the reader recovered from a sheet.

use crate::cli::ReadArgs;
use crate::output;
use shinchoku_core::document::PlanDocument;
use shinchoku_core::{FiscalYear, Series};
use std::io::Write;

pub fn run(args: &ReadArgs, out: &mut impl Write) -> anyhow::Result<()> {
    if let Some(encoding) = &args.encoding_alias {
        let mut args = ReadArgs {
            encoding_alias: None,
            ..args.clone()
        };
        args.input.input_encoding = Some(encoding.clone());
        return run(&args, out);
    }
    if args.suggest_mapping {
        let file = super::sheet_file(&args.input)?;
        let options = super::options(&args.input)?;
        let bytes = shinchoku_import::untrusted::read(file, &options.limits)?;
        let text = shinchoku_import::suggest_mapping(file, &bytes, &options)?;
        out.write_all(text.as_bytes())?;
        return Ok(());
    }
    let sheet = match super::load(&args.input) {
        Ok(sheet) => sheet,
        Err(e) => {
            // asked why: every layout's reasons, before the one-line error
            if args.explain
                && let Some(shinchoku_import::ImportError::NoLayout { reasons, .. }) =
                    e.downcast_ref()
            {
                writeln!(out, "レイアウトの判定:")?;
                for r in reasons {
                    writeln!(out, "  {r}")?;
                }
            }
            return Err(e);
        }
    };
    if args.json {
        let doc = PlanDocument::new(&sheet.plan, Some(sheet.source_info()));
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    if args.csv {
        return write_long_csv(&sheet.plan, out);
    }
    let plan = &sheet.plan;
    writeln!(
        out,
        "ファイル: {} ({}, レイアウト: {})",
        sheet.file.display(),
        sheet.encoding,
        sheet.layout
    )?;
    if let Some(t) = &plan.title {
        writeln!(out, "表題: {t}")?;
    }
    if let Some(m) = &plan.municipality {
        writeln!(out, "団体: {m}")?;
    }
    if let Some(p) = plan.effective_period() {
        writeln!(
            out,
            "計画期間: {}〜{} ({})",
            p.first,
            p.last,
            plan.effective_period_source()
        )?;
    }
    if args.explain {
        writeln!(out, "\nレイアウトの判定:")?;
        for s in &sheet.sheets {
            if let Some(name) = &s.name {
                let verdict = s
                    .layout
                    .map_or("読まない".to_owned(), |l| format!("{l} で読む"));
                writeln!(out, "  シート「{name}」: {verdict}")?;
            }
            for (name, r) in &s.recognitions {
                writeln!(out, "    {name}: {:.2}  {}", r.score, r.reasons.join("、"))?;
            }
        }
    }
    writeln!(out, "指標: {} 件\n", plan.indicators.len())?;

    let years: &[FiscalYear] = &plan.fiscal_years;
    let mut header: Vec<String> = vec!["No".into(), "指標".into(), "単位".into(), "区分".into()];
    header.extend(years.iter().map(|y| y.short()));
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut table = output::table(&header_refs);
    for (n, ind) in plan.indicators.iter().enumerate() {
        for series in [Series::Target, Series::Actual] {
            let first = series == Series::Target;
            let mut row = vec![
                comfy_table::Cell::new(if first {
                    (n + 1).to_string()
                } else {
                    String::new()
                }),
                output::text(if first { &ind.name } else { "" }),
                output::text(&if first {
                    ind.effective_unit()
                        .map(|u| u.to_string())
                        .unwrap_or_default()
                } else {
                    String::new()
                }),
                comfy_table::Cell::new(series.to_string()),
            ];
            row.extend(
                years.iter().map(|y| {
                    output::figure(ind.series(series).get(y).map_or("", |c| c.raw.trim()))
                }),
            );
            table.add_row(row);
        }
    }
    output::cap_widths(&mut table, &[(1, 40)]);
    writeln!(out, "{table}")?;
    if plan.findings.is_empty() {
        writeln!(out, "\nデータ品質の指摘はありません")?;
    } else {
        writeln!(out, "\nデータ品質の指摘 ({} 件):", plan.findings.len())?;
        for f in &plan.findings {
            writeln!(out, "  - {f} [{}]", f.kind.key())?;
        }
    }
    Ok(())
}

/// The long CSV, line by line: a national plan has millions of rows.
fn write_long_csv(plan: &shinchoku_core::Plan, out: &mut impl Write) -> anyhow::Result<()> {
    use shinchoku_core::long;
    let mut line = String::new();
    let header = long::header(plan);
    long::csv_line(
        &mut line,
        &header.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let mut result = out.write_all(line.as_bytes());
    long::for_each_row(plan, |row| {
        if result.is_ok() {
            line.clear();
            long::csv_line(&mut line, row);
            result = out.write_all(line.as_bytes());
        }
    });
    Ok(result?)
}
