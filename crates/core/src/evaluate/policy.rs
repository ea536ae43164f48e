//! The evaluation policy of a plan, as data: grade bands and labels, the tolerance of a
//! maintain target, what counts as 横ばい, how a year's expected value is derived. Cities
//! judge differently (design.md §4); each practice is a preset value, not a branch in code.

use super::rollup::RollUpRule;
use serde::{Deserialize, Serialize};

/// A grade as a plan names it: `A` `達成`, `◎`, or `7` points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradeLabel {
    pub label: String,
    pub meaning: String,
    /// Points for a point-sum roll-up (佐野市).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u8>,
}

impl GradeLabel {
    pub fn new(label: &str, meaning: &str) -> GradeLabel {
        GradeLabel {
            label: label.to_owned(),
            meaning: meaning.to_owned(),
            points: None,
        }
    }

    fn with_points(mut self, points: u8) -> GradeLabel {
        self.points = Some(points);
        self
    }
}

/// When a band applies. Bands are tried in order; the first that applies gives the grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub enum BandRule {
    /// 達成率 ≥ `min` (1.0 = 100 %).
    AchievementAtLeast { min: f64 },
    /// The actual is better than the baseline by more than `margin` (relative; −0.10 means
    /// "within △10 %"); `inclusive` admits the bound itself. Needs a baseline.
    BetterThanBaseline { margin: f64, inclusive: bool },
    /// Always applies: the last band.
    Always,
}

/// One band of the grade scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradeBand {
    pub grade: GradeLabel,
    #[serde(flatten)]
    pub rule: BandRule,
}

/// How the value a year is judged against is derived when only a plan-end target exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expectation {
    /// The target in force as it stands (the default).
    TargetInForce,
    /// Year k of n is judged against k/n of the target (多摩市).
    ProRata,
    /// The year's point on the straight line from 基準値 to 目標値 (静岡県 期待値).
    LinearFromBaseline,
}

/// The achievement formula for an increase indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncreaseFormula {
    /// 実績 ÷ 目標
    Ratio,
    /// (実績 − 基準値) ÷ (目標 − 基準値), when a baseline is known.
    ProgressFromBaseline,
}

/// When a maintain target (→ 維持) is met.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaintainBand {
    /// For counts of things or events (開催回数, 相談件数), keeping or exceeding the level
    /// (維持以上); for rates and measures, staying within the tolerance either side.
    #[default]
    AtLeastForCounts,
    /// Keeping or exceeding the level, whatever is measured.
    AtLeast,
    /// Within the tolerance either side: more is as far off as less.
    Symmetric,
}

/// What counts as 横ばい between two years.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FlatBand {
    /// Relative change counted as flat (0.01 = ±1 %).
    pub relative: f64,
    /// For indicators in %, a change under this many points is flat (福岡市: 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_points: Option<f64>,
}

/// Thresholds of the plan-end outlook, on the projected 達成率.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OutlookThresholds {
    /// At least this: 順調.
    pub on_track: f64,
    /// At least this: 要注意; below: 困難.
    pub caution: f64,
}

/// A plan's evaluation policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// The preset's key (`default`, `nagareyama` …).
    pub key: String,
    pub name: String,
    pub bands: Vec<GradeBand>,
    /// Direction and state targets that are met.
    pub met: GradeLabel,
    /// Direction and state targets that are not met.
    pub not_met: GradeLabel,
    pub unevaluable: GradeLabel,
    /// The grade for a blank actual, where a plan grades it (流山市: D 未実施).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_implemented: Option<GradeLabel>,
    /// A maintain target is met within this relative distance of its reference (0.05 = ±5 %).
    pub maintain_tolerance: f64,
    /// Whether exceeding a maintained level still meets it.
    #[serde(default)]
    pub maintain_band: MaintainBand,
    /// How grades roll up to a 施策 or 基本目標.
    #[serde(default = "share_of_a_and_b")]
    pub rollup: RollUpRule,
    pub flat: FlatBand,
    pub expectation: Expectation,
    pub increase_formula: IncreaseFormula,
    pub outlook: OutlookThresholds,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy::standard()
    }
}

fn share_of_a_and_b() -> RollUpRule {
    share_of(&["A", "B"])
}

fn share_of(labels: &[&str]) -> RollUpRule {
    RollUpRule::ShareOf {
        labels: labels.iter().map(|l| (*l).to_owned()).collect(),
    }
}

fn band(label: &str, meaning: &str, rule: BandRule) -> GradeBand {
    GradeBand {
        grade: GradeLabel::new(label, meaning),
        rule,
    }
}

fn at_least(min: f64) -> BandRule {
    BandRule::AchievementAtLeast { min }
}

impl Policy {
    /// design.md §4: A 達成 ≥ 100 %, B 概ね達成 ≥ 80 %, C 未達成 ≥ 50 %, D 大幅未達成 < 50 %.
    pub fn standard() -> Policy {
        Policy {
            key: "default".into(),
            name: "既定 (A ≥100% / B ≥80% / C ≥50% / D)".into(),
            bands: vec![
                band("A", "達成", at_least(1.0)),
                band("B", "概ね達成", at_least(0.8)),
                band("C", "未達成", at_least(0.5)),
                band("D", "大幅未達成", BandRule::Always),
            ],
            met: GradeLabel::new("A", "達成"),
            not_met: GradeLabel::new("C", "未達成"),
            unevaluable: GradeLabel::new("−", "評価不能"),
            not_implemented: None,
            maintain_tolerance: 0.05,
            maintain_band: MaintainBand::AtLeastForCounts,
            rollup: share_of_a_and_b(),
            flat: FlatBand {
                relative: 0.01,
                percent_points: None,
            },
            expectation: Expectation::TargetInForce,
            increase_formula: IncreaseFormula::Ratio,
            outlook: OutlookThresholds {
                on_track: 1.0,
                caution: 0.8,
            },
        }
    }

    /// 流山市 子ども・子育て会議 (事業評価): A 90–100 %, B 80–89 %, C < 80 %, D 未実施.
    pub fn nagareyama() -> Policy {
        Policy {
            key: "nagareyama".into(),
            name: "流山市 子ども・子育て会議 (A ≥90% / B ≥80% / C / D 未実施)".into(),
            bands: vec![
                band("A", "達成", at_least(0.9)),
                band("B", "概ね達成", at_least(0.8)),
                band("C", "未達成", BandRule::Always),
            ],
            not_implemented: Some(GradeLabel::new("D", "未実施")),
            ..Policy::standard()
        }
    }

    /// 長与町 総合計画: S above the target, A above the 基準値, B within △10 % of it, C below.
    pub fn nagayo() -> Policy {
        Policy {
            key: "nagayo".into(),
            name: "長与町 総合計画 (S 目標達成 / A 基準値超 / B 基準値△10%以内 / C)".into(),
            bands: vec![
                band("S", "目標達成", at_least(1.0)),
                band(
                    "A",
                    "基準値より改善",
                    BandRule::BetterThanBaseline {
                        margin: 0.0,
                        inclusive: false,
                    },
                ),
                band(
                    "B",
                    "基準値から△10%以内",
                    BandRule::BetterThanBaseline {
                        margin: -0.10,
                        inclusive: true,
                    },
                ),
                band("C", "基準値を下回る", BandRule::Always),
            ],
            met: GradeLabel::new("S", "目標達成"),
            not_met: GradeLabel::new("C", "基準値を下回る"),
            rollup: share_of(&["S", "A"]),
            ..Policy::standard()
        }
    }

    /// 福岡市 保健福祉総合計画: for survey indicators (%), a change under ±3 points is 現状維持.
    pub fn fukuoka() -> Policy {
        Policy {
            key: "fukuoka".into(),
            name: "福岡市 保健福祉総合計画 (意識調査は±3ポイント未満を横ばい)".into(),
            flat: FlatBand {
                relative: 0.01,
                percent_points: Some(3.0),
            },
            ..Policy::standard()
        }
    }

    /// いの町 総合戦略: ◎ ≥ target, ○ about the target, △ below, × no progress.
    pub fn ino() -> Policy {
        Policy {
            key: "ino".into(),
            name: "いの町 総合戦略 (◎ 達成 / ○ 概ね達成 / △ 未達成 / × 進捗なし)".into(),
            bands: vec![
                band("◎", "達成", at_least(1.0)),
                band("○", "概ね達成", at_least(0.9)),
                band(
                    "△",
                    "未達成",
                    BandRule::BetterThanBaseline {
                        margin: 0.0,
                        inclusive: false,
                    },
                ),
                band("×", "進捗なし", BandRule::Always),
            ],
            met: GradeLabel::new("◎", "達成"),
            not_met: GradeLabel::new("×", "進捗なし"),
            rollup: share_of(&["◎", "○"]),
            ..Policy::standard()
        }
    }

    /// 多摩市 総合戦略: year k of n judged against k/n of the target.
    pub fn tama() -> Policy {
        Policy {
            key: "tama".into(),
            name: "多摩市 総合戦略 (年次按分した目標で判定)".into(),
            expectation: Expectation::ProRata,
            ..Policy::standard()
        }
    }

    /// 静岡県 総合計画: 期待値 = the year's point on the line from 基準値 to 目標値.
    pub fn shizuoka() -> Policy {
        Policy {
            key: "shizuoka".into(),
            name: "静岡県 総合計画 (基準値から目標値への直線上の期待値で判定)".into(),
            expectation: Expectation::LinearFromBaseline,
            ..Policy::standard()
        }
    }

    /// 佐野市 施策評価: points from 達成率, 100 % = 7 … < 50 % = 1, summed per 施策.
    pub fn sano() -> Policy {
        let p = |label: &str, meaning: &str, points: u8, rule| GradeBand {
            grade: GradeLabel::new(label, meaning).with_points(points),
            rule,
        };
        Policy {
            key: "sano".into(),
            name: "佐野市 施策評価 (達成率から1〜7点)".into(),
            bands: vec![
                p("7", "100%以上", 7, at_least(1.0)),
                p("6", "90%以上", 6, at_least(0.9)),
                p("5", "80%以上", 5, at_least(0.8)),
                p("4", "70%以上", 4, at_least(0.7)),
                p("3", "60%以上", 3, at_least(0.6)),
                p("2", "50%以上", 2, at_least(0.5)),
                p("1", "50%未満", 1, BandRule::Always),
            ],
            met: GradeLabel::new("7", "達成").with_points(7),
            not_met: GradeLabel::new("1", "未達成").with_points(1),
            rollup: RollUpRule::PointSum,
            ..Policy::standard()
        }
    }

    /// Every preset shipped.
    pub fn presets() -> Vec<Policy> {
        vec![
            Policy::standard(),
            Policy::nagareyama(),
            Policy::nagayo(),
            Policy::fukuoka(),
            Policy::ino(),
            Policy::tama(),
            Policy::shizuoka(),
            Policy::sano(),
        ]
    }

    /// The preset with this key.
    pub fn preset(key: &str) -> Option<Policy> {
        Policy::presets().into_iter().find(|p| p.key == key)
    }

    /// Every label the policy can give, best first, for a distribution table.
    pub fn labels(&self) -> Vec<&GradeLabel> {
        let mut out: Vec<&GradeLabel> = Vec::new();
        let all = self
            .bands
            .iter()
            .map(|b| &b.grade)
            .chain([&self.met, &self.not_met])
            .chain(self.not_implemented.as_ref())
            .chain([&self.unevaluable]);
        for g in all {
            if !out.iter().any(|o| o.label == g.label) {
                out.push(g);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_have_unique_keys_and_end_with_a_catch_all_band() {
        let presets = Policy::presets();
        for (i, p) in presets.iter().enumerate() {
            assert!(presets[i + 1..].iter().all(|q| q.key != p.key), "{}", p.key);
            assert_eq!(
                p.bands.last().map(|b| &b.rule),
                Some(&BandRule::Always),
                "{}",
                p.key
            );
            assert_eq!(Policy::preset(&p.key).as_ref(), Some(p));
        }
    }

    #[test]
    fn a_policy_is_data_that_round_trips() {
        for p in Policy::presets() {
            let json = serde_json::to_string(&p).expect("serialises");
            let back: Policy = serde_json::from_str(&json).expect("deserialises");
            assert_eq!(back, p);
        }
    }

    #[test]
    fn labels_are_listed_once_best_first() {
        let labels: Vec<_> = Policy::standard()
            .labels()
            .iter()
            .map(|g| g.label.clone())
            .collect();
        assert_eq!(labels, ["A", "B", "C", "D", "−"]);
        let labels: Vec<_> = Policy::nagareyama()
            .labels()
            .iter()
            .map(|g| g.label.clone())
            .collect();
        assert_eq!(labels, ["A", "B", "C", "D", "−"]);
    }
}
