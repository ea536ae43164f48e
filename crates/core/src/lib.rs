//! shinchoku's domain core: fiscal years and eras, reading a cell, the plan model, data-quality
//! checks and evaluation. Pure functions over values: no I/O, no async, no database types.

pub mod builder;
pub mod cell;
pub mod collection;
pub mod document;
pub mod era;
pub mod evaluate;
pub mod finding;
pub mod fiscal_year;
pub mod ids;
pub mod indicator;
pub mod location;
pub mod long;
pub mod municipality;
pub mod plan;
pub mod plan_term;
pub mod quality;
pub mod statement;
pub mod text;
pub mod unit;
pub mod vocabulary;
pub mod year_map;

#[cfg(test)]
mod test_support;

pub use builder::PlanBuilder;
pub use cell::{Cell, CellKind, CellValue, Direction, Quantity};
pub use era::Era;
pub use evaluate::{Evaluation, Evaluator, Policy, evaluate};
pub use finding::{Finding, FindingKind};
pub use fiscal_year::FiscalYear;
pub use indicator::{Accumulation, BlankReason, Indicator, Polarity, Series};
pub use location::Location;
pub use plan::{PeriodSource, Plan, PlanPeriod};
pub use unit::Unit;
pub use year_map::YearMap;
