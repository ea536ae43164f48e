//! A mapping for the sheets no layout recognises: a small TOML file that names the header row,
//! the data rows, the column of each part of an indicator, and where its figures are. A person
//! writes it once per kind of sheet; `--suggest-mapping` writes the reader's best guess, with
//! comments, for that person to correct.
//!
//! ```toml
//! header_row = 3                 # the row of column titles (from 1)
//! first_data_row = 4             # optional: defaults to the row after the header
//! [columns]
//! indicator = "B"                # a column letter, a number from 1, or the header text
//! unit = "単位"
//! goal = ["A"]                   # levels of the goal path, outermost first
//! label = "F"                    # optional: a column saying 目標値 / 実績値 on each row
//! [years]                        # columns holding one fiscal year each
//! G = "令和2年度"
//! H = "令和3年度"
//! [[values]]                     # or: columns with a year and a kind each
//! column = "I"
//! year = "令和6年度"
//! kind = "目標値"
//! [long]                         # or: a long sheet's year, kind and value columns
//! year = "年度"
//! kind = "区分"
//! value = "値"
//! ```

use crate::grid::{Grid, Row};
use crate::header::{self, Role, label_of, role_of, row_label_of};
use crate::layout::years::cell_year;
use crate::layout::{Layout, Recognition, SheetContext};
use serde::{Deserialize, Serialize};
use shinchoku_core::fiscal_year::FiscalYear;
use shinchoku_core::ids::{GoalId, IndicatorId};
use shinchoku_core::indicator::Baseline;
use shinchoku_core::location::column_letters;
use shinchoku_core::plan::{Outcome, PeriodSource, PlanPeriod, Project, ProjectNumber};
use shinchoku_core::{Cell, Finding, FindingKind, Indicator, PlanBuilder, Series, Unit};
use std::collections::{BTreeMap, HashMap};

/// A column named by letter (`B`), number from 1 (`2`), or header text (`指標`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ColumnRef {
    Number(usize),
    Name(String),
}

/// The columns of an indicator's parts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    pub indicator: Option<ColumnRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goal: Vec<ColumnRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<ColumnRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<ColumnRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<ColumnRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<ColumnRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ColumnRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<ColumnRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<ColumnRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<ColumnRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<ColumnRef>,
    /// A column saying 目標値 or 実績値 on each row (the matrix form).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<ColumnRef>,
}

/// A value column with its year and kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueColumn {
    pub column: ColumnRef,
    /// Optional when each cell carries its year (`54.6% (22年度)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// 目標値 or 実績値.
    pub kind: String,
}

/// A long sheet's columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LongColumns {
    pub year: ColumnRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ColumnRef>,
    pub value: ColumnRef,
}

/// How to read a sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The sheet of a workbook to read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The row of column titles, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_data_row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_data_row: Option<usize>,
    /// The kind of values when nothing else says (default 実績値).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_kind: Option<String>,
    #[serde(default)]
    pub columns: Columns,
    /// Year columns: column → fiscal year.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub years: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<ValueColumn>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub long: Option<LongColumns>,
}

/// Why a mapping cannot be used, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error("対応づけの書式が正しくありません({line}行{column}列): {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("対応づけの「{field}」: 列「{column}」が見つかりません")]
    NoSuchColumn { field: String, column: String },
    #[error("対応づけの「{field}」: 「{value}」は年度として読めません")]
    BadYear { field: String, value: String },
    #[error("対応づけの「{field}」: 「{value}」は目標値・実績値のどちらでもありません")]
    BadKind { field: String, value: String },
    #[error("対応づけに指標の列(columns.indicator)がありません")]
    NoIndicator,
    #[error("対応づけに値の列(years・values・long のどれか)がありません")]
    NoValues,
}

impl Mapping {
    pub fn parse(text: &str) -> Result<Mapping, MappingError> {
        toml::from_str(text).map_err(|e| {
            // the parser's own text spans several lines with a drawing of the place; one line
            // with the place named is what a message on the command line can carry
            let at = e.span().map_or(0, |s| s.start.min(text.len()));
            let before = text.get(..at).unwrap_or("");
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            MappingError::Syntax {
                line,
                column,
                message: e.message().trim().replace('\n', " "),
            }
        })
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}

/// A mapping with every column resolved against a grid.
#[derive(Debug)]
struct Resolved {
    header: Option<usize>,
    first: usize,
    last: usize,
    indicator: usize,
    goal: Vec<usize>,
    unit: Option<usize>,
    group: Option<usize>,
    number: Option<usize>,
    project: Option<usize>,
    outcome: Option<usize>,
    category: Option<usize>,
    department: Option<usize>,
    definition: Option<usize>,
    baseline: Option<usize>,
    label: Option<usize>,
    default_kind: Series,
    years: Vec<(usize, FiscalYear)>,
    values: Vec<(usize, Option<FiscalYear>, Series)>,
    long: Option<(usize, Option<usize>, usize)>,
}

fn row_index(grid: &Grid, line: usize) -> Option<usize> {
    grid.rows.iter().position(|r| r.line == line)
}

fn resolve_column(
    grid: &Grid,
    header: Option<usize>,
    field: &str,
    c: &ColumnRef,
) -> Result<usize, MappingError> {
    let not_found = || MappingError::NoSuchColumn {
        field: field.to_owned(),
        column: match c {
            ColumnRef::Number(n) => n.to_string(),
            ColumnRef::Name(s) => s.clone(),
        },
    };
    let absolute = match c {
        ColumnRef::Number(n) => n.checked_sub(1).ok_or_else(not_found)?,
        ColumnRef::Name(s)
            if !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_alphabetic()) =>
        {
            s.bytes().fold(0usize, |acc, b| {
                acc * 26 + usize::from(b.to_ascii_uppercase() - b'A') + 1
            }) - 1
        }
        ColumnRef::Name(s) => {
            let row = header.map(|h| &grid.rows[h]).ok_or_else(not_found)?;
            let want = shinchoku_core::text::compact(s);
            let found = row
                .filled()
                .find(|(_, t)| shinchoku_core::text::compact(t) == want)
                .map(|(c, _)| c);
            return found.ok_or_else(not_found);
        }
    };
    absolute
        .checked_sub(grid.first_column)
        .ok_or_else(not_found)
}

fn kind(field: &str, text: &str) -> Result<Series, MappingError> {
    row_label_of(text).ok_or_else(|| MappingError::BadKind {
        field: field.to_owned(),
        value: text.to_owned(),
    })
}

fn year(field: &str, text: &str, ctx: &SheetContext) -> Result<FiscalYear, MappingError> {
    FiscalYear::parse_in_era(text, ctx.era).map_err(|_| MappingError::BadYear {
        field: field.to_owned(),
        value: text.to_owned(),
    })
}

impl Mapping {
    fn resolve(&self, grid: &Grid, ctx: &SheetContext) -> Result<Resolved, MappingError> {
        let header = self.header_row.and_then(|l| row_index(grid, l));
        let col = |field: &str, c: &ColumnRef| resolve_column(grid, header, field, c);
        let opt =
            |field: &str, c: &Option<ColumnRef>| c.as_ref().map(|c| col(field, c)).transpose();
        let cols = &self.columns;
        let indicator = col(
            "columns.indicator",
            cols.indicator.as_ref().ok_or(MappingError::NoIndicator)?,
        )?;
        let goal = cols
            .goal
            .iter()
            .map(|g| col("columns.goal", g))
            .collect::<Result<Vec<_>, _>>()?;
        let years = self
            .years
            .iter()
            .map(|(c, y)| {
                let field = format!("years.{c}");
                Ok((
                    col(&field, &ColumnRef::Name(c.clone()))?,
                    year(&field, y, ctx)?,
                ))
            })
            .collect::<Result<Vec<_>, MappingError>>()?;
        let values = self
            .values
            .iter()
            .map(|v| {
                let y = v
                    .year
                    .as_deref()
                    .map(|y| year("values.year", y, ctx))
                    .transpose()?;
                Ok((
                    col("values.column", &v.column)?,
                    y,
                    kind("values.kind", &v.kind)?,
                ))
            })
            .collect::<Result<Vec<_>, MappingError>>()?;
        let long = self
            .long
            .as_ref()
            .map(|l| -> Result<_, MappingError> {
                Ok((
                    col("long.year", &l.year)?,
                    opt("long.kind", &l.kind)?,
                    col("long.value", &l.value)?,
                ))
            })
            .transpose()?;
        if years.is_empty() && values.is_empty() && long.is_none() {
            return Err(MappingError::NoValues);
        }
        let first = self
            .first_data_row
            .and_then(|l| row_index(grid, l))
            .or(header.map(|h| h + 1))
            .unwrap_or(0);
        let last = self
            .last_data_row
            .and_then(|l| row_index(grid, l))
            .unwrap_or(grid.rows.len().saturating_sub(1));
        let default_kind = match &self.default_kind {
            Some(k) => kind("default_kind", k)?,
            None => Series::Actual,
        };
        Ok(Resolved {
            header,
            first,
            last,
            indicator,
            goal,
            unit: opt("columns.unit", &cols.unit)?,
            group: opt("columns.group", &cols.group)?,
            number: opt("columns.number", &cols.number)?,
            project: opt("columns.project", &cols.project)?,
            outcome: opt("columns.outcome", &cols.outcome)?,
            category: opt("columns.category", &cols.category)?,
            department: opt("columns.department", &cols.department)?,
            definition: opt("columns.definition", &cols.definition)?,
            baseline: opt("columns.baseline", &cols.baseline)?,
            label: opt("columns.label", &cols.label)?,
            default_kind,
            years,
            values,
            long,
        })
    }
}

/// A layout that reads by a mapping.
#[derive(Debug)]
pub struct MappingLayout {
    pub mapping: Mapping,
}

impl Layout for MappingLayout {
    /// Nothing: a mapping names its rows and columns, and is resolved on the whole sheet (it may
    /// name a row past the first rows recognition sees).
    type Found = ();

    fn name(&self) -> &'static str {
        "mapping"
    }

    fn description(&self) -> &'static str {
        "対応づけ: 利用者が書いた対応づけ(TOML)のとおりに読む"
    }

    fn recognise(&self, grid: &Grid, ctx: &SheetContext) -> (Recognition, Option<()>) {
        match self.mapping.resolve(grid, ctx) {
            Ok(_) => {
                let mut r = Recognition::default();
                r.add(1.0, "対応づけのとおり");
                (r, Some(()))
            }
            Err(e) => (Recognition::none(e.to_string()), None),
        }
    }

    fn read(&self, _: (), grid: &Grid, ctx: &SheetContext, plan: &mut PlanBuilder) {
        match self.mapping.resolve(grid, ctx) {
            Ok(m) => read(grid, ctx, &m, plan),
            Err(e) => plan.report(Finding::new(FindingKind::UnplacedCell {
                raw: String::new(),
                reason: e.to_string(),
            })),
        }
    }
}

/// Checks a mapping against a grid before reading, for a clear error naming the field.
pub fn check(mapping: &Mapping, grid: &Grid, ctx: &SheetContext) -> Result<(), MappingError> {
    mapping.resolve(grid, ctx).map(|_| ())
}

fn read(grid: &Grid, ctx: &SheetContext, m: &Resolved, plan: &mut PlanBuilder) {
    let mut goals: HashMap<(Option<GoalId>, String), GoalId> = HashMap::new();
    let mut indicators: HashMap<String, IndicatorId> = HashMap::new();
    let mut current: Option<IndicatorId> = None;
    let mut years: Vec<FiscalYear> = Vec::new();
    let last = m.last.min(grid.rows.len().saturating_sub(1));
    for row in grid.rows.get(m.first..=last).unwrap_or(&[]) {
        if row.is_blank() || Some(row.line) == m.header.map(|h| grid.rows[h].line) {
            continue;
        }
        let text = |c: Option<usize>| {
            c.map(|c| row.cell(c).trim())
                .filter(|t| !t.is_empty() && !c.is_some_and(|c| row.is_merge_fill(c)))
        };
        let name = text(Some(m.indicator));
        let group = text(m.group);
        let label = m.label.and_then(|c| row_label_of(row.cell(c)));
        let id = match (name, current) {
            (Some(name), _) => {
                // the goal path, outermost first; a cell left empty keeps the level above it
                let mut parent = ctx.root;
                for &c in &m.goal {
                    if let Some(title) = text(Some(c)) {
                        let key = (parent, title.to_owned());
                        let id = *goals.entry(key).or_insert_with(|| {
                            plan.add_goal(parent, title, Some(grid.location(row, c)))
                        });
                        parent = Some(id);
                    }
                }
                let key = format!("{parent:?}\u{1F}{name}\u{1F}{}", group.unwrap_or(""));
                match (m.long.is_some(), indicators.get(&key)) {
                    (true, Some(id)) => *id,
                    _ => {
                        // without a unit column, a unit after the name: 保育所定員(人)
                        let (name, unit_in_name) = match m.unit {
                            Some(_) => (name.to_owned(), None),
                            None => header::name_and_unit(name),
                        };
                        let mut ind = Indicator::new(name);
                        ind.unit = unit_in_name;
                        ind.reserve_years(m.years.len());
                        ind.goal = parent;
                        ind.group = group.map(str::to_owned);
                        ind.location = Some(grid.location(row, m.indicator));
                        if let Some(unit) = text(m.unit).and_then(Unit::new) {
                            ind.unit = Some(unit);
                        }
                        ind.category = text(m.category).map(str::to_owned);
                        ind.department = text(m.department).map(str::to_owned);
                        ind.definition = text(m.definition).map(str::to_owned);
                        let id = plan.add_indicator(ind);
                        indicators.insert(key, id);
                        id
                    }
                }
            }
            // a row that only labels the next series of the indicator above (the matrix form)
            (None, Some(cur)) if label.is_some() => cur,
            (None, _) => {
                for (c, _) in row.filled() {
                    plan.report(grid.unplaced(
                        row,
                        c,
                        "指標名のない行(対応づけの columns.indicator の列が空)",
                    ));
                }
                continue;
            }
        };
        current = Some(id);
        if let Some(name) = text(m.project) {
            let number = text(m.number).and_then(ProjectNumber::parse);
            let goal = plan.plan().indicator(id).goal;
            let p = plan.add_project(Project {
                number,
                name: name.to_owned(),
                category: text(m.category).map(str::to_owned),
                goal,
                location: m.project.map(|c| grid.location(row, c)),
            });
            plan.indicator_mut(id).projects.push(p);
        }
        if let Some(statement) = text(m.outcome)
            && plan.plan().indicator(id).outcome.is_none()
        {
            let goal = plan.plan().indicator(id).goal;
            let o = plan.add_outcome(Outcome {
                statement: statement.to_owned(),
                projects: Vec::new(),
                goal,
            });
            plan.indicator_mut(id).outcome = Some(o);
        }
        if let Some(raw) = text(m.baseline) {
            plan.indicator_mut(id).baseline.get_or_insert(Baseline {
                cell: Cell::read(raw),
                year: None,
            });
        }
        let series = label.unwrap_or(m.default_kind);
        for &(c, y) in &m.years {
            plan.indicator_mut(id).record(
                series,
                y,
                Cell::read(row.cell(c)),
                Some(grid.location(row, c)),
            );
            years.push(y);
        }
        for &(c, y, s) in &m.values {
            let raw = row.cell(c);
            if raw.trim().is_empty() {
                continue;
            }
            match y.or_else(|| cell_year(raw, ctx.era).map(|(y, _)| y)) {
                Some(y) => {
                    plan.indicator_mut(id).record(
                        s,
                        y,
                        Cell::read(raw),
                        Some(grid.location(row, c)),
                    );
                    years.push(y);
                }
                None => plan.report(grid.unplaced(
                    row,
                    c,
                    "年度が分からない値(対応づけにもセルにも年度がない)",
                )),
            }
        }
        if let Some((yc, kc, vc)) = m.long {
            let raw = row.cell(vc);
            let y = header::year_of(row.cell(yc), ctx.era);
            let s = kc.map_or(Some(m.default_kind), |kc| row_label_of(row.cell(kc)));
            match (y, s) {
                (Some(y), Some(s)) => {
                    plan.indicator_mut(id).record(
                        s,
                        y,
                        Cell::read(raw),
                        Some(grid.location(row, vc)),
                    );
                    years.push(y);
                }
                _ if raw.trim().is_empty() => {}
                _ => plan.report(grid.unplaced(row, vc, "年度か区分が読めない行")),
            }
        }
    }
    plan.add_fiscal_years(years.iter().copied());
    if let (Some(a), Some(b)) = (years.iter().min(), years.iter().max()) {
        plan.set_period_from(PlanPeriod::new(*a, *b), PeriodSource::SheetColumns);
    }
}

/// The mapping the reader would guess for `grid`, as commented TOML for a person to correct.
pub fn suggest(grid: &Grid, ctx: &SheetContext) -> String {
    // the header: among the first rows, the one naming most roles, labels and years
    let score = |r: &Row| {
        r.filled()
            .filter(|(_, t)| {
                role_of(t).is_some()
                    || label_of(t).is_some()
                    || header::year_of(t, ctx.era).is_some()
            })
            .count()
    };
    let header = grid
        .rows
        .iter()
        .enumerate()
        .take(40)
        .max_by_key(|(i, r)| (score(r), std::cmp::Reverse(*i)));
    let mut notes: Vec<String> = Vec::new();
    let mut m = Mapping::default();
    let Some((h, header_row)) = header.filter(|(_, r)| score(r) > 0) else {
        return "# 見出しの行が見つかりませんでした。header_row と columns を書いてください。\nheader_row = 1\n[columns]\nindicator = \"A\"\n".to_owned();
    };
    m.header_row = Some(header_row.line);
    notes.push(format!("{}行目を見出しの行とみなしました", header_row.line));
    let letter = |c: usize| column_letters(u32::try_from(c + grid.first_column + 1).unwrap_or(1));
    let data: Vec<&Row> = grid.rows[h + 1..]
        .iter()
        .filter(|r| !r.is_blank())
        .take(60)
        .collect();
    let mut long_year = None;
    let mut long_value = None;
    let mut long_kind = None;
    for (c, t) in header_row.filled() {
        let col = || Some(ColumnRef::Name(letter(c)));
        if let Some(y) = header::year_of(t, ctx.era) {
            m.years.insert(letter(c), y.to_string());
            continue;
        }
        if let Some(s) = label_of(t) {
            let y = shinchoku_core::fiscal_year::find_in(t, ctx.era).map(|(y, _)| y.to_string());
            m.values.push(ValueColumn {
                column: ColumnRef::Name(letter(c)),
                year: y,
                kind: if s == Series::Target {
                    "目標値"
                } else {
                    "実績値"
                }
                .to_owned(),
            });
            continue;
        }
        let cols = &mut m.columns;
        match role_of(t) {
            Some(Role::Indicator) if cols.indicator.is_none() => cols.indicator = col(),
            Some(Role::Goal | Role::PlanName) => cols.goal.extend(col()),
            Some(Role::Unit) if cols.unit.is_none() => cols.unit = col(),
            Some(Role::Group) if cols.group.is_none() => cols.group = col(),
            Some(Role::Number) if cols.number.is_none() => cols.number = col(),
            Some(Role::Project) if cols.project.is_none() => cols.project = col(),
            Some(Role::Outcome) if cols.outcome.is_none() => cols.outcome = col(),
            Some(Role::Category) => {
                // a 区分 column saying 目標値/実績値 on its rows is the label
                let labels = data
                    .iter()
                    .filter(|r| row_label_of(r.cell(c)).is_some())
                    .count();
                if labels * 3 >= data.len().max(1) {
                    cols.label = col();
                    long_kind = col();
                } else if cols.category.is_none() {
                    cols.category = col();
                }
            }
            Some(Role::Department) if cols.department.is_none() => cols.department = col(),
            Some(Role::Definition) if cols.definition.is_none() => cols.definition = col(),
            Some(Role::Baseline) if cols.baseline.is_none() => cols.baseline = col(),
            Some(Role::FiscalYear) => long_year = col(),
            Some(Role::Value) => long_value = col(),
            _ => {}
        }
    }
    // a label column the header leaves unnamed: a column whose cells say 目標値/実績値
    if m.columns.label.is_none() {
        let first_year = header_row
            .filled()
            .find(|(_, t)| header::year_of(t, ctx.era).is_some())
            .map(|(c, _)| c);
        let label = (0..first_year.unwrap_or(0)).find(|c| {
            data.iter()
                .filter(|r| row_label_of(r.cell(*c)).is_some())
                .count()
                * 3
                >= data.len().max(1)
        });
        if let Some(c) = label {
            m.columns.label = Some(ColumnRef::Name(letter(c)));
            notes.push(format!(
                "{}列に目標値・実績値の区分があるとみなしました",
                letter(c)
            ));
        }
    }
    if let (Some(y), Some(v)) = (long_year, long_value) {
        m.long = Some(LongColumns {
            year: y,
            kind: long_kind,
            value: v,
        });
        m.columns.label = None;
        notes.push("縦持ち(年度・区分・値の列)とみなしました".into());
    }
    if !m.years.is_empty() && m.columns.label.is_none() && m.long.is_none() {
        notes.push(
            "目標値・実績値の区分の列がないため、年度の列はすべて実績値として読みます(目標値なら default_kind = \"目標値\" と書いてください)".into(),
        );
    }
    if m.columns.indicator.is_none() {
        notes.push("指標の列が分かりませんでした: columns.indicator を書いてください".into());
    }
    if m.years.is_empty() && m.values.is_empty() && m.long.is_none() {
        notes.push(
            "値の列が分かりませんでした: years・values・long のどれかを書いてください".into(),
        );
    }
    let mut out = String::from(
        "# shinchoku の対応づけ(推定)。内容を確かめ、違うところを直してから --mapping で指定してください。\n",
    );
    for n in notes {
        out.push_str(&format!("# - {n}\n"));
    }
    out.push('\n');
    out.push_str(&m.to_toml());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_reads_from_toml_and_back() {
        let text = r#"
header_row = 2
[columns]
indicator = "B"
goal = ["A"]
unit = 3
[years]
D = "令和2年度"
[[values]]
column = "目標値"
kind = "目標値"
year = "R6"
[long]
year = "年度"
value = "値"
"#;
        let m = Mapping::parse(text).expect("parses");
        assert_eq!(m.columns.unit, Some(ColumnRef::Number(3)));
        assert_eq!(m.years.get("D").map(String::as_str), Some("令和2年度"));
        assert_eq!(Mapping::parse(&m.to_toml()), Ok(m));
        let bad = Mapping::parse("[columns]\nindicatr = \"B\"\n");
        assert!(
            matches!(&bad, Err(MappingError::Syntax { line: 2, message, .. }) if message.contains("indicatr")),
            "{bad:?}"
        );
    }
}
