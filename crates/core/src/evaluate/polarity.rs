//! Which way is better for an indicator, stated or inferred, always with the reason shown to
//! the user (design.md §4): a direction target, a bound (以下), the name (減少, 削減), a target
//! of 0, or targets below the baseline mean what they say; otherwise more is better.

use super::baseline::BaselineRef;
use crate::cell::{Bound, CellValue, Direction, format_number};
use crate::indicator::{Indicator, Polarity};
use serde::Serialize;
use std::fmt;

/// The polarity used and why.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PolarityInference {
    pub polarity: Polarity,
    pub source: PolaritySource,
}

/// Why an indicator has its polarity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "by")]
pub enum PolaritySource {
    /// Stated by the sheet or a person.
    Stated,
    /// A target written as ↑ → ↓.
    DirectionTarget { direction: Direction },
    /// A target written with 以上 / 以下.
    BoundTarget { bound: Bound },
    /// The name says so (減少, 削減, 防止件数, 待機児童 …).
    Name { word: &'static str },
    /// A numeric target of 0.
    ZeroTarget,
    /// A target of 0 above where the indicator starts, below zero (転入超過数 ▲120 → 0): the
    /// plan wants it up to zero.
    ZeroTargetAboveNegativeStart { start: BaselineRef },
    /// Every numeric target lies below the baseline.
    BelowBaseline { target: f64, baseline: BaselineRef },
    /// Nothing says otherwise: more is better.
    Default,
}

/// Words in an indicator's name that mean less is better. 待機児童 and 死亡 name measures
/// that no plan wants more of.
const DECREASE_WORDS: &[&str] = &[
    "減少",
    "削減",
    "防止件数",
    "低減",
    "抑制",
    "待機児童",
    "死亡",
];

/// Infers the polarity of `indicator`, given its baseline.
pub fn infer(indicator: &Indicator, baseline: Option<BaselineRef>) -> PolarityInference {
    let of = |polarity, source| PolarityInference { polarity, source };
    if let Some(p) = indicator.polarity {
        return of(p, PolaritySource::Stated);
    }
    for cell in indicator.targets.values() {
        if let CellValue::Direction(d) = cell.value {
            return of(d.into(), PolaritySource::DirectionTarget { direction: d });
        }
    }
    for cell in indicator.targets.values() {
        if let Some(bound) = cell.number().and_then(|q| q.bound) {
            let p = match bound {
                Bound::AtLeast | Bound::Above => Polarity::Increase,
                Bound::AtMost | Bound::Below => Polarity::Decrease,
            };
            return of(p, PolaritySource::BoundTarget { bound });
        }
    }
    if let Some(word) = DECREASE_WORDS.iter().find(|w| indicator.name.contains(**w)) {
        return of(Polarity::Decrease, PolaritySource::Name { word });
    }
    let numeric_targets = || {
        indicator
            .targets
            .values()
            .filter_map(|c| c.number().map(|q| q.value))
    };
    if numeric_targets().any(|v| v == 0.0) {
        // a balance (転入超過数, 収支) that starts below zero wants to rise to zero
        let start = baseline.or_else(|| first_actual(indicator));
        if let Some(start) = start.filter(|s| s.value < 0.0) {
            return of(
                Polarity::Increase,
                PolaritySource::ZeroTargetAboveNegativeStart { start },
            );
        }
        return of(Polarity::Decrease, PolaritySource::ZeroTarget);
    }
    if let Some(b) = baseline {
        let mut targets = numeric_targets().peekable();
        if targets.peek().is_some() {
            let highest = targets.fold(f64::MIN, f64::max);
            if highest < b.value {
                return of(
                    Polarity::Decrease,
                    PolaritySource::BelowBaseline {
                        target: highest,
                        baseline: b,
                    },
                );
            }
        }
    }
    of(Polarity::Increase, PolaritySource::Default)
}

/// The earliest numeric actual, where an indicator with no baseline starts.
fn first_actual(indicator: &Indicator) -> Option<BaselineRef> {
    indicator.actuals.iter().find_map(|(y, c)| {
        c.number().map(|q| BaselineRef {
            value: q.value,
            year: Some(*y),
            stated: false,
        })
    })
}

impl PolaritySource {
    /// A stable English key.
    pub fn key(&self) -> &'static str {
        match self {
            PolaritySource::Stated => "stated",
            PolaritySource::DirectionTarget { .. } => "direction_target",
            PolaritySource::BoundTarget { .. } => "bound_target",
            PolaritySource::Name { .. } => "name",
            PolaritySource::ZeroTarget => "zero_target",
            PolaritySource::ZeroTargetAboveNegativeStart { .. } => {
                "zero_target_above_negative_start"
            }
            PolaritySource::BelowBaseline { .. } => "below_baseline",
            PolaritySource::Default => "default",
        }
    }
}

impl fmt::Display for PolaritySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolaritySource::Stated => f.write_str("指定による"),
            PolaritySource::DirectionTarget { direction } => write!(f, "目標値が「{direction}」"),
            PolaritySource::BoundTarget { bound } => f.write_str(match bound {
                Bound::AtLeast => "目標値が「以上」",
                Bound::Above => "目標値が「超」",
                Bound::AtMost => "目標値が「以下」",
                Bound::Below => "目標値が「未満」",
            }),
            PolaritySource::Name { word } => write!(f, "指標名に「{word}」を含む"),
            PolaritySource::ZeroTarget => f.write_str("目標値が0"),
            PolaritySource::ZeroTargetAboveNegativeStart { start } => {
                write!(f, "目標値0がマイナスの{} {start} を上回る", start.word())
            }
            PolaritySource::BelowBaseline { target, baseline } => write!(
                f,
                "目標値 {} が基準値 {} を下回る",
                format_number(*target, Some(2)),
                baseline
            ),
            PolaritySource::Default => f.write_str("既定(多いほど良い)"),
        }
    }
}

impl fmt::Display for PolarityInference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match self.source {
            PolaritySource::Stated => "指定",
            PolaritySource::Default => "既定",
            _ => "推定",
        };
        write!(f, "{} ({source}: {})", self.polarity, self.source)
    }
}
