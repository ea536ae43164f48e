//! Reading and evaluating a generated matrix sheet of 10,000 indicators × 10 fiscal years
//! (issue 2's goal: under 100 ms in total on one core; evaluation alone over 5 million
//! indicator-years per second). Also times splitting the text into cells alone, the floor
//! any reader of this file pays, and prints our figures as ratios of it.
//!
//! Run: `cargo bench -p shinchoku-import --bench read_evaluate`

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use shinchoku_core::evaluate::Evaluator;
use shinchoku_core::{FiscalYear, Policy};
use shinchoku_import::{Grid, ReadOptions, read_bytes};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

const INDICATORS: usize = 10_000;
const YEARS: [&str; 10] = [
    "H27", "H28", "H29", "H30", "R1", "R2", "R3", "R4", "R5", "R6",
];

/// A matrix sheet in the shape of the 流山市 fixture: goal headings, project rows, a target
/// row and an actual row per indicator, with units, thousands separators, arrows and dashes.
fn generate() -> String {
    let mut s = String::with_capacity(INDICATORS * 200);
    s.push_str("進捗管理シート(ベンチマーク)\n\n");
    s.push_str("基本目標・主要課題\tカテゴリ\t番号\t事業名\t成果目標\t指標\t単位\t");
    for y in YEARS {
        write!(s, "\t{y}").ok();
    }
    s.push('\n');
    let units = ["人", "件", "回", "%", "か所", "人日/年"];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..INDICATORS {
        if i % 100 == 0 {
            writeln!(
                s,
                "基本目標{} 子育てを支援する地域づくり{}\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t",
                i / 100 + 1,
                i
            )
            .ok();
        }
        let goal = if i % 10 == 0 {
            format!("({})施策{}", i % 100 / 10 + 1, i)
        } else {
            String::new()
        };
        let unit = units[i % units.len()];
        let base = 100 + (next() % 50_000) as i64;
        write!(
            s,
            "{goal}\t支援\t{}\t事業{i}\t成果目標{i}の状態\t指標{i}の利用者数\t{unit}\t目標値",
            i + 1
        )
        .ok();
        for (k, _) in YEARS.iter().enumerate() {
            let cell = match (i % 7, k) {
                (0, _) => "↑".to_owned(),
                (1, 0..=4) => "-".to_owned(),
                _ => group(base + (k as i64) * 120),
            };
            write!(s, "\t{cell}").ok();
        }
        s.push('\n');
        write!(s, "\t\t{}\t関連事業{i}\t\t\t\t実績値", i + 100_000).ok();
        for k in 0..YEARS.len() {
            let v = base + (k as i64) * 100 + (next() % 200) as i64 - 100;
            write!(s, "\t{}", group(v)).ok();
        }
        s.push('\n');
    }
    s
}

fn group(v: i64) -> String {
    shinchoku_core::cell::format_number(v as f64, None)
}

fn bench(c: &mut Criterion) {
    let text = generate();
    let bytes = text.as_bytes();
    let file = Path::new("bench.txt");
    let options = ReadOptions::default();
    let sheet = read_bytes(file, bytes, &options).expect("the generated sheet reads");
    assert_eq!(sheet.plan.indicators.len(), INDICATORS);
    let plan = &sheet.plan;
    let policy = Policy::standard();
    let years: Vec<FiscalYear> = plan.fiscal_years.clone();
    let indicator_years = (plan.indicators.len() * years.len()) as u64;
    let evaluate_all = || {
        let mut graded = 0usize;
        for ind in &plan.indicators {
            let ev = Evaluator::in_plan(plan, ind, &policy);
            for y in &years {
                graded += usize::from(ev.at(*y).is_evaluable());
            }
        }
        graded
    };

    let mut group = c.benchmark_group("sheet_10k_indicators_x_10_years");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("split_into_cells", |b| {
        b.iter(|| black_box(Grid::from_delimited(black_box(&text), b'\t')))
    });
    group.bench_function("read", |b| {
        b.iter(|| black_box(read_bytes(file, black_box(bytes), &options)))
    });
    group.throughput(Throughput::Elements(indicator_years));
    group.bench_function("evaluate", |b| b.iter(|| black_box(evaluate_all())));
    group.bench_function("read_and_evaluate", |b| {
        b.iter_batched(
            || (),
            |()| {
                let sheet = read_bytes(file, bytes, &options).expect("reads");
                let mut n = 0usize;
                for ind in &sheet.plan.indicators {
                    let ev = Evaluator::in_plan(&sheet.plan, ind, &policy);
                    for y in &sheet.plan.fiscal_years {
                        n += usize::from(ev.at(*y).is_evaluable());
                    }
                }
                black_box(n)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();

    // One summary, medians of a few runs measured here, as ratios to splitting the text alone.
    let median = |f: &mut dyn FnMut()| {
        let mut t: Vec<f64> = (0..9)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed().as_secs_f64()
            })
            .collect();
        t.sort_by(f64::total_cmp);
        t[t.len() / 2]
    };
    let split = median(&mut || {
        black_box(Grid::from_delimited(&text, b'\t'));
    });
    let read = median(&mut || {
        black_box(read_bytes(file, bytes, &options).ok());
    });
    let eval = median(&mut || {
        black_box(evaluate_all());
    });
    println!(
        "\nsummary: {} indicators × {} years, {:.1} MB of text\n  split into cells  {:>7.1} ms  (floor, 1.0×)\n  read              {:>7.1} ms  ({:.1}× the floor)\n  evaluate          {:>7.1} ms  ({:.1} M indicator-years/s; goal > 5 M/s)\n  read + evaluate   {:>7.1} ms  (goal < 100 ms)\n",
        INDICATORS,
        years.len(),
        bytes.len() as f64 / 1e6,
        split * 1e3,
        read * 1e3,
        read / split,
        eval * 1e3,
        indicator_years as f64 / eval / 1e6,
        (read + eval) * 1e3,
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
