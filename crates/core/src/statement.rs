//! What a person states about an indicator over what the reader inferred: which way is better,
//! how yearly figures add up, the baseline. On the command line today (`--polarity 21=decrease`);
//! the database will keep each with who stated it and why.

use crate::cell::Cell;
use crate::fiscal_year::FiscalYear;
use crate::indicator::{Accumulation, Baseline, Indicator, Polarity};
use crate::plan::Plan;

/// One thing stated about an indicator.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    Polarity(Polarity),
    Accumulation(Accumulation),
    Baseline(Baseline),
}

/// Why a statement cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    #[error("指標「{0}」がありません。表の番号(1〜{1})、指標ID、または指標名で指定してください")]
    NoSuchIndicator(String, usize),
    #[error(
        "「{0}」は方向として読めません。increase(増加)、decrease(減少)、maintain(維持)のどれかです"
    )]
    NotAPolarity(String),
    #[error(
        "「{0}」は累計の扱いとして読めません。sum(年ごとの値の合計)、running(累計値)、none(なし)のどれかです"
    )]
    NotAnAccumulation(String),
    #[error("「{0}」は基準値として読めません。数値@年度 (例: 26@R1、7.9@2019) と書いてください")]
    NotABaseline(String),
    #[error("「{0}」は「指標=値」の形ではありません")]
    NotAnAssignment(String),
    #[error("指標名「{0}」の指標は複数あります({1})。表の番号か指標IDで指定してください")]
    AmbiguousIndicator(String, String),
}

impl Statement {
    /// Applies the statement to `indicator`, replacing what was stated or inferred before.
    pub fn apply_to(&self, indicator: &mut Indicator) {
        match self {
            Statement::Polarity(p) => indicator.polarity = Some(*p),
            Statement::Accumulation(a) => indicator.accumulation = Some(*a),
            Statement::Baseline(b) => indicator.baseline = Some(b.clone()),
        }
    }

    /// Reads a polarity as a person writes it: `decrease`, `減少`, `down`, `↓` …
    pub fn polarity(s: &str) -> Result<Statement, StatementError> {
        let p = match crate::text::compact(s).to_lowercase().as_str() {
            "increase" | "up" | "増加" | "上昇" | "↑" | "多いほど良い" => {
                Polarity::Increase
            }
            "decrease" | "down" | "減少" | "低下" | "↓" | "少ないほど良い" => {
                Polarity::Decrease
            }
            "maintain" | "keep" | "維持" | "→" => Polarity::Maintain,
            _ => return Err(StatementError::NotAPolarity(s.to_owned())),
        };
        Ok(Statement::Polarity(p))
    }

    /// Reads an accumulation: `sum` (each year's amount, summed), `running` (already a running
    /// total), `none`.
    pub fn accumulation(s: &str) -> Result<Statement, StatementError> {
        let a = match crate::text::compact(s).to_lowercase().as_str() {
            "sum" | "yearly_sum" | "合計" | "年ごとの値の合計" => Accumulation::YearlySum,
            "running" | "running_total" | "total" | "累計" | "累計値" => {
                Accumulation::RunningTotal
            }
            "none" | "なし" | "level" => Accumulation::None,
            _ => return Err(StatementError::NotAnAccumulation(s.to_owned())),
        };
        Ok(Statement::Accumulation(a))
    }

    /// Reads a baseline: `26@R1`, `7.9%@2019`, or a value without a year.
    pub fn baseline(s: &str) -> Result<Statement, StatementError> {
        let bad = || StatementError::NotABaseline(s.to_owned());
        let (value, year) = match s.rsplit_once(['@', '＠']) {
            Some((v, y)) => (v, Some(FiscalYear::parse(y).map_err(|_| bad())?)),
            None => (s, None),
        };
        let cell = Cell::read(value.trim());
        if cell.number().is_none() {
            return Err(bad());
        }
        Ok(Statement::Baseline(Baseline { cell, year }))
    }
}

/// The indicator a person names: by its number in the sheet (`21`), its key (`3f2a9c1be07d`),
/// or its whole name. `keys` are the plan's indicator keys.
pub fn find(plan: &Plan, keys: &[String], spec: &str) -> Result<usize, StatementError> {
    let spec = spec.trim();
    let n = plan.indicators.len();
    if let Ok(no) = crate::text::normalize(spec).parse::<usize>()
        && (1..=n).contains(&no)
    {
        return Ok(no - 1);
    }
    if let Some(i) = keys.iter().position(|k| k == spec) {
        return Ok(i);
    }
    // a name shared by indicators of several groups (就学前児童 / 小学生) names none of them
    let wanted = crate::text::compact(spec);
    let named: Vec<usize> = (0..n)
        .filter(|i| crate::text::compact(&plan.indicators[*i].name) == wanted)
        .collect();
    match named.as_slice() {
        [] => Err(StatementError::NoSuchIndicator(spec.to_owned(), n)),
        [i] => Ok(*i),
        many => Err(StatementError::AmbiguousIndicator(
            spec.to_owned(),
            many.iter()
                .map(|i| format!("{} = {}", i + 1, keys.get(*i).map_or("", String::as_str)))
                .collect::<Vec<_>>()
                .join("、"),
        )),
    }
}

/// Splits `INDICATOR=VALUE` at its last `=`: an indicator's name may hold one.
pub fn split_assignment(s: &str) -> Result<(&str, &str), StatementError> {
    s.rsplit_once(['=', '＝'])
        .filter(|(a, b)| !a.trim().is_empty() && !b.trim().is_empty())
        .ok_or_else(|| StatementError::NotAnAssignment(s.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        let mut p = Plan::default();
        for name in ["相談件数", "釜石市への児童虐待通告件数"] {
            p.indicators.push(Indicator::new(name));
        }
        p
    }

    #[test]
    fn an_indicator_is_named_by_number_key_or_name() {
        let p = plan();
        let keys = crate::ids::indicator_keys(&p);
        assert_eq!(find(&p, &keys, "2"), Ok(1));
        assert_eq!(find(&p, &keys, "２"), Ok(1));
        assert_eq!(find(&p, &keys, &keys[0]), Ok(0));
        assert_eq!(find(&p, &keys, "釜石市への児童虐待通告件数"), Ok(1));
        assert_eq!(
            find(&p, &keys, "3"),
            Err(StatementError::NoSuchIndicator("3".into(), 2))
        );
    }

    #[test]
    fn a_name_two_indicators_share_names_neither() {
        let mut p = plan();
        for group in ["就学前児童", "小学生"] {
            let mut i = Indicator::new("朝食を毎日食べる割合");
            i.group = Some(group.into());
            p.indicators.push(i);
        }
        let keys = crate::ids::indicator_keys(&p);
        let Err(StatementError::AmbiguousIndicator(name, which)) =
            find(&p, &keys, "朝食を毎日食べる割合")
        else {
            panic!("ambiguous")
        };
        assert_eq!(name, "朝食を毎日食べる割合");
        assert!(
            which.contains(&format!("3 = {}", keys[2])) && which.contains("4 = "),
            "{which}"
        );
        assert_eq!(find(&p, &keys, "4"), Ok(3));
    }

    #[test]
    fn statements_read_as_people_write_them() {
        assert_eq!(
            Statement::polarity("decrease"),
            Ok(Statement::Polarity(Polarity::Decrease))
        );
        assert_eq!(
            Statement::polarity("減少"),
            Ok(Statement::Polarity(Polarity::Decrease))
        );
        assert!(Statement::polarity("less").is_err());
        assert_eq!(
            Statement::accumulation("sum"),
            Ok(Statement::Accumulation(Accumulation::YearlySum))
        );
        let Ok(Statement::Baseline(b)) = Statement::baseline("26@R1") else {
            panic!("a baseline")
        };
        assert_eq!(b.cell.number().map(|q| q.value), Some(26.0));
        assert_eq!(b.year.map(FiscalYear::start_year), Some(2019));
        assert!(Statement::baseline("多い@R1").is_err());
        assert!(Statement::baseline("26@R99x").is_err());
        assert_eq!(split_assignment("a=b=c"), Ok(("a=b", "c")));
        assert!(split_assignment("21").is_err());
        assert!(split_assignment("=decrease").is_err());
    }

    #[test]
    fn a_statement_replaces_the_inference() {
        let mut i = Indicator::new("通告件数");
        Statement::Polarity(Polarity::Decrease).apply_to(&mut i);
        assert_eq!(i.polarity, Some(Polarity::Decrease));
    }
}
