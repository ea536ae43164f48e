//! The council-sheet writer timed in process, for `benches/council.py`: `ours` writes the
//! matrix council sheet of a plan read from FILE, `bare` writes the same cells as the peer
//! (`../shared/bench/peer_ops.py write_xlsxwriter`: its layout, merges and formats) with
//! rust_xlsxwriter in a plain loop — the floor of a writer on this crate.
//! Prints `write<TAB>seconds` (and for `ours` `evaluate<TAB>seconds`); the sheet goes to OUT.
//!
//!     council_bench ours|bare FILE OUT

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook};
use shinchoku_core::ids::indicator_keys;
use shinchoku_core::{CellValue, Policy};
use shinchoku_report::council::{CouncilYear, matrix_xlsx};
use shinchoku_report::{PlanYear, Subject};
use std::path::Path;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, mode, file, out] = args.as_slice() else {
        return Err("usage: council_bench ours|bare FILE OUT".into());
    };
    let plan = shinchoku_import::read_file(Path::new(file), &Default::default())?.plan;
    let years = plan.all_years();
    let bytes = match mode.as_str() {
        "ours" => {
            let keys = indicator_keys(&plan);
            let policy = Policy::preset("default").ok_or("no default policy")?;
            let year = *years.last().ok_or("no years")?;
            let started = Instant::now();
            let py = PlanYear::evaluate(&plan, &keys, policy, year);
            println!("evaluate\t{:.6}", started.elapsed().as_secs_f64());
            let comments = vec![String::new(); plan.indicators.len()];
            let started = Instant::now();
            let bytes = matrix_xlsx(
                &Subject {
                    municipality_code: "011002",
                    plan_name: "総合戦略",
                    plan: &plan,
                    keys: &keys,
                },
                &CouncilYear {
                    py: &py,
                    comments: &comments,
                },
            )?;
            println!("write\t{:.6}", started.elapsed().as_secs_f64());
            bytes
        }
        "bare" => {
            // the peer's own loop (../shared/bench/peer_ops.py write_xlsxwriter), cell for cell
            let started = Instant::now();
            let mut book = Workbook::new();
            let ws = book.add_worksheet();
            ws.set_name("KPI進捗")?;
            let f_title = Format::new()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center);
            let f_note = Format::new().set_font_size(9).set_align(FormatAlign::Right);
            let f_head = Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap();
            let f_sect = Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xFCE4D6))
                .set_border(FormatBorder::Thin);
            let f_lab = Format::new()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter);
            let f_int = Format::new()
                .set_border(FormatBorder::Thin)
                .set_num_format("#,##0");
            let f_dec = Format::new()
                .set_border(FormatBorder::Thin)
                .set_num_format("0.0");
            let f_int_t = f_int.clone().set_background_color(Color::RGB(0xF2F2F2));
            let f_dec_t = f_dec.clone().set_background_color(Color::RGB(0xF2F2F2));
            let f_txt = Format::new()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center);
            let f_grade = f_txt.clone().set_bold();
            let ncols: u16 = 16;
            ws.set_column_width(0, 5)?;
            ws.set_column_range_width(1, 2, 24)?;
            ws.set_column_range_width(3, 4, 7)?;
            ws.set_column_range_width(5, 14, 10)?;
            ws.set_column_width(15, 6)?;
            ws.set_landscape()
                .set_paper_size(9)
                .set_print_fit_to_pages(1, 0);
            ws.set_repeat_rows(2, 3)?;
            ws.merge_range(
                0,
                0,
                0,
                ncols - 1,
                "重要業績評価指標(KPI)の進捗状況",
                &f_title,
            )?;
            ws.merge_range(1, 0, 1, ncols - 1, "出典:各課照会", &f_note)?;
            for (c, label) in ["No.", "事業", "指標", "単位", "区分"].iter().enumerate() {
                ws.write_string_with_format(2, c as u16, *label, &f_head)?;
            }
            ws.merge_range(2, 5, 2, 14, "年度別推移", &f_head)?;
            ws.write_string_with_format(2, 15, "評価", &f_head)?;
            for c in 0..5 {
                ws.write_blank(3, c, &f_head)?;
            }
            for (c, y) in years.iter().enumerate() {
                ws.write_string_with_format(3, 5 + c as u16, y.to_string(), &f_head)?;
            }
            ws.write_blank(3, 15, &f_head)?;
            ws.set_freeze_panes(4, 5)?;
            let mut r = 4;
            let mut goal = None;
            for (i, ind) in plan.indicators.iter().enumerate() {
                let path = plan.path(ind.goal);
                let g = path.first().copied().unwrap_or("");
                if goal != Some(g) {
                    goal = Some(g);
                    ws.merge_range(r, 0, r, ncols - 1, g, &f_sect)?;
                    r += 1;
                }
                let unit = ind
                    .unit
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let pct = unit == "%";
                let project = plan
                    .projects_of(ind)
                    .first()
                    .map(|p| plan.project(*p).name.clone())
                    .unwrap_or_default();
                for (kind, series, int, dec) in [
                    ("目標値", &ind.targets, &f_int_t, &f_dec_t),
                    ("実績値", &ind.actuals, &f_int, &f_dec),
                ] {
                    ws.write_number_with_format(r, 0, (i + 1) as f64, &f_lab)?;
                    ws.write_string_with_format(r, 1, project.as_str(), &f_lab)?;
                    ws.write_string_with_format(r, 2, ind.name.as_str(), &f_lab)?;
                    ws.write_string_with_format(r, 3, unit.as_str(), &f_lab)?;
                    ws.write_string_with_format(r, 4, kind, &f_lab)?;
                    let nf = if pct { dec } else { int };
                    for (c, y) in years.iter().enumerate() {
                        let col = 5 + c as u16;
                        match series.get(y).map(|cell| (&cell.value, cell)) {
                            Some((CellValue::Number(q), _)) => {
                                ws.write_number_with_format(r, col, q.value, nf)?;
                            }
                            Some((_, cell)) => {
                                ws.write_string_with_format(r, col, cell.raw.as_str(), &f_txt)?;
                            }
                            None => {
                                ws.write_blank(r, col, &f_txt)?;
                            }
                        }
                    }
                    if kind == "実績値" {
                        ws.write_string_with_format(r, 15, "A", &f_grade)?;
                    } else {
                        ws.write_blank(r, 15, &f_grade)?;
                    }
                    r += 1;
                }
            }
            let bytes = book.save_to_buffer()?;
            println!("write\t{:.6}", started.elapsed().as_secs_f64());
            bytes
        }
        other => return Err(format!("unknown mode {other}").into()),
    };
    std::fs::write(out, bytes)?;
    Ok(())
}
