//! `shinchoku evaluate SHEET [--year Y] [--format table|json|csv] [--policy KEY] [--rollup R]
//! [--polarity N=…] [--accumulation N=…] [--baseline N=V@Y] [--encoding utf-8|shift_jis]`:
//! reads a sheet, applies what the user states, evaluates one year and renders it.

pub(super) mod export;
mod table;

use super::UserError;
use crate::cli::{EvaluateArgs, Format, RollUpChoice};
use shinchoku_core::evaluate::rollup::{self, GoalRollUp, RollUp, RollUpRule};
use shinchoku_core::statement::{self, Statement, StatementError};
use shinchoku_core::{Evaluation, Finding, FiscalYear, Plan, Policy};
use std::io::Write;
use std::time::{Duration, Instant};

/// Which year is shown, and what kind of year it is for the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// A year of the plan, graded.
    Graded,
    /// A year before the plan, asked for: its figures are the baseline.
    BeforePlan { first: FiscalYear },
    /// No year of the plan has an actual yet: the baseline and the outlook are what there is.
    NoActualsYet,
}

/// Where the evaluated plan came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A sheet file, by its path as given.
    File(String),
    /// A plan kept in the database.
    Stored { id: i64, name: String },
}

impl Source {
    /// The label and the name a heading shows: `ファイル: x.csv`, `計画: 1 名前`.
    pub fn heading(&self) -> (&'static str, String) {
        match self {
            Source::File(f) => ("ファイル", f.clone()),
            Source::Stored { id, name } => ("計画", format!("{id} {name}")),
        }
    }

    /// The plan, as a sentence names it: ファイル「x.csv」の計画, 計画 1「名前」.
    pub fn plan(&self) -> String {
        match self {
            Source::File(_) => format!("{self}の計画"),
            Source::Stored { .. } => self.to_string(),
        }
    }

    /// What the JSON's `file` field says: the path, or `計画 1: 名前`.
    pub fn name(&self) -> String {
        match self {
            Source::File(f) => f.clone(),
            Source::Stored { id, name } => format!("計画 {id}: {name}"),
        }
    }
}

impl std::fmt::Display for Source {
    /// As a sentence names it: ファイル「x.csv」, 計画 1「名前」.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::File(file) => write!(f, "ファイル「{file}」"),
            Source::Stored { id, name } => write!(f, "計画 {id}「{name}」"),
        }
    }
}

/// Everything a rendering shows: the plan, the year, the evaluations and what follows from them.
#[derive(Debug)]
pub struct Report<'a> {
    pub source: Source,
    pub plan: &'a Plan,
    pub keys: Vec<String>,
    pub year: FiscalYear,
    pub focus: Focus,
    pub policy: &'a Policy,
    pub rule: RollUpRule,
    pub evaluations: Vec<Evaluation<'a>>,
    /// The evaluation's findings and the reading's, most important first.
    pub findings: Vec<Finding>,
    pub rollups: Vec<GoalRollUp>,
    pub overall: RollUp,
    /// What the user stated on the command line, in words.
    pub stated: Vec<String>,
}

pub fn run(
    args: &EvaluateArgs,
    data_dir: Option<&std::path::Path>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let policy = Policy::preset(&args.policy).ok_or_else(|| {
        let keys: Vec<String> = Policy::presets().into_iter().map(|p| p.key).collect();
        UserError::new(
            "unknown-policy",
            format!(
                "評価基準「{}」はありません。使えるもの: {}",
                args.policy,
                keys.join(", ")
            ),
        )
    })?;
    let rule = rollup_rule(args.rollup, &policy)?;
    let started = Instant::now();
    let (source, mut plan, loading) = match &args.plan {
        Some(spec) => stored_plan(spec, data_dir, args.timings)?,
        None => {
            let sheet = super::load(&args.input)?;
            (
                Source::File(sheet.file.display().to_string()),
                sheet.plan,
                (started.elapsed(), None),
            )
        }
    };
    let (loading, loading_again) = loading;
    let read = started.elapsed();
    let keys = shinchoku_core::ids::indicator_keys(&plan);
    let stated = apply_statements(args, &mut plan, &keys)?;
    let (year, focus) = choose_year(args.year.as_deref(), &plan, &source)?;
    let evaluations = shinchoku_core::evaluate::evaluate_plan(&plan, year, &policy);
    let findings = shinchoku_core::evaluate::with_reading(
        shinchoku_core::evaluate::findings(&evaluations),
        &plan.findings,
    );
    let rollups = rollup::by_goal(&plan, &policy, &evaluations, &rule);
    let overall = rollup::roll_up(&policy, &evaluations, &rule);
    let report = Report {
        source,
        plan: &plan,
        keys,
        year,
        focus,
        policy: &policy,
        rule,
        evaluations,
        findings,
        rollups,
        overall,
        stated,
    };
    let evaluated = started.elapsed() - read;
    match args.format {
        Format::Table => table::write(out, &report, crate::wrap::terminal_width()),
        Format::Json => export::json(out, &report),
        Format::Csv => export::csv(out, &report, args.encoding),
    }?;
    if args.timings {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        out.flush()?;
        let again = loading_again
            .map(|d| format!("、同じ接続でもう一度読み込み {:.3} ms", ms(d)))
            .unwrap_or_default();
        eprintln!(
            "計測: データベースを開く {:.3} ms、読み込み {:.3} ms、評価 {:.3} ms、出力 {:.3} ms{again} (timings)",
            ms(read - loading - loading_again.unwrap_or_default()),
            ms(loading),
            ms(evaluated),
            ms(started.elapsed() - read - evaluated)
        );
    }
    Ok(())
}

/// A plan kept in the database, named as the report names its source (`計画 1: 名前`), and
/// how long finding and loading it took once the database was open; with `timed`, also how long
/// loading it again took on the same connection, as a server's pooled connection does (a new
/// connection first fills its caches: PostgreSQL's catalog, the prepared statements).
fn stored_plan(
    spec: &str,
    data_dir: Option<&std::path::Path>,
    timed: bool,
) -> anyhow::Result<(Source, Plan, (Duration, Option<Duration>))> {
    let (stored, took) = super::database::with_store(data_dir, async |store| {
        let started = Instant::now();
        let id = store.find_plan(spec).await?;
        let stored = store.load_plan(id).await?;
        let took = started.elapsed();
        let again = if timed {
            let started = Instant::now();
            store.load_plan(id).await?;
            Some(started.elapsed())
        } else {
            None
        };
        Ok((stored, (took, again)))
    })?;
    let source = Source::Stored {
        id: stored.id,
        name: stored.name,
    };
    Ok((source, stored.plan, took))
}

/// The year asked for, or the latest year of the plan with an actual.
pub(super) fn choose_year(
    asked: Option<&str>,
    plan: &Plan,
    source: &Source,
) -> anyhow::Result<(FiscalYear, Focus)> {
    let period = plan.effective_period();
    let (year, focus) = match asked {
        Some(y) => {
            let year = FiscalYear::parse(y)
                .map_err(|e| UserError::new("bad-year", format!("--year: {e}")))?;
            match period {
                Some(p) if year < p.first => (year, Focus::BeforePlan { first: p.first }),
                _ => (year, Focus::Graded),
            }
        }
        None => match plan.default_evaluation_year() {
            Ok(year) => (year, Focus::Graded),
            Err(Some(first)) => (first, Focus::NoActualsYet),
            Err(None) => {
                return Err(UserError::new(
                    "no-actuals",
                    format!(
                        "{source}には実績値が1つもないため、評価する年度を決められません。--year で指定してください"
                    ),
                )
                .into());
            }
        },
    };
    if !plan.covers(year) {
        let span = period.map_or_else(String::new, |p| {
            format!("(計画期間: {}〜{})", p.first, p.last)
        });
        return Err(UserError::new(
            "year-outside-plan",
            format!(
                "{year} は{}の年度ではありません{span}。--year を確かめてください",
                source.plan()
            ),
        )
        .into());
    }
    Ok((year, focus))
}

/// The roll-up rule: the one asked for, else the policy's.
fn rollup_rule(choice: Option<RollUpChoice>, policy: &Policy) -> anyhow::Result<RollUpRule> {
    Ok(match choice {
        None => policy.rollup.clone(),
        Some(RollUpChoice::Worst) => RollUpRule::WorstOf,
        Some(RollUpChoice::Share) => match &policy.rollup {
            share @ RollUpRule::ShareOf { .. } => share.clone(),
            // the two best grades of the scale
            _ => RollUpRule::ShareOf {
                labels: policy
                    .labels()
                    .iter()
                    .take(2)
                    .map(|l| l.label.clone())
                    .collect(),
            },
        },
        Some(RollUpChoice::Points) => {
            if policy.bands.iter().all(|b| b.grade.points.is_none()) {
                return Err(UserError::new(
                    "bad-rollup",
                    format!(
                        "評価基準「{}」の評価には点数がないため、--rollup points は使えません (点数があるのは sano です)",
                        policy.key
                    ),
                )
                .into());
            }
            RollUpRule::PointSum
        }
    })
}

/// Applies `--polarity`, `--accumulation` and `--baseline` to the plan's indicators, and says
/// what was stated, in words.
fn apply_statements(
    args: &EvaluateArgs,
    plan: &mut Plan,
    keys: &[String],
) -> anyhow::Result<Vec<String>> {
    type Reader = fn(&str) -> Result<Statement, StatementError>;
    let options: [(&str, &[String], Reader); 3] = [
        ("--polarity", &args.polarity, Statement::polarity),
        (
            "--accumulation",
            &args.accumulation,
            Statement::accumulation,
        ),
        ("--baseline", &args.baseline, Statement::baseline),
    ];
    let mut said = Vec::new();
    for (option, values, read) in options {
        for value in values {
            let refuse = |e: StatementError| {
                UserError::new("bad-statement", format!("{option} 「{value}」: {e}"))
            };
            let (who, what) = statement::split_assignment(value).map_err(refuse)?;
            let index = statement::find(plan, keys, who).map_err(refuse)?;
            let stated = read(what.trim()).map_err(refuse)?;
            let ind = &mut plan.indicators[index];
            stated.apply_to(ind);
            let words = match &stated {
                Statement::Polarity(p) => format!("方向を「{p}」"),
                Statement::Accumulation(a) => {
                    format!(
                        "累計の扱いを「{}」",
                        shinchoku_core::vocabulary::accumulation_word(*a)
                    )
                }
                Statement::Baseline(b) => match b.year {
                    Some(y) => format!("基準値を「{} ({y})」", b.cell.raw),
                    None => format!("基準値を「{}」", b.cell.raw),
                },
            };
            said.push(format!("{}「{}」の{words}と指定", index + 1, ind.name));
        }
    }
    Ok(said)
}
