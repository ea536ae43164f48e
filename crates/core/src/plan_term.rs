//! The terms the law fixes for some municipal plans: a title that names one (`第2期釜石市子ども・
//! 子育て支援事業計画`) states the plan's period as surely as `令和2年度〜令和6年度` would.
//! 子ども・子育て支援法 §61 sets five-year terms from 平成27年度; 障害者総合支援法 §88, 児童福祉法
//! §33-20 and 介護保険法 §117 set three-year terms.

use crate::fiscal_year::FiscalYear;
use crate::plan::PlanPeriod;

/// A kind of plan whose terms are fixed by law.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Statute {
    /// The plan's name as titles write it, without `・` and spaces.
    name: &'static str,
    /// The fiscal year the first term starts.
    first_start: i32,
    /// Years per term.
    years: i32,
}

/// Longer names first: 障害児福祉計画 is not 障害福祉計画.
const STATUTES: &[Statute] = &[
    Statute {
        name: "子ども子育て支援事業計画",
        first_start: 2015,
        years: 5,
    },
    Statute {
        name: "子ども子育て支援事業支援計画",
        first_start: 2015,
        years: 5,
    },
    Statute {
        name: "障害児福祉計画",
        first_start: 2018,
        years: 3,
    },
    Statute {
        name: "障害福祉計画",
        first_start: 2006,
        years: 3,
    },
    Statute {
        name: "介護保険事業支援計画",
        first_start: 2000,
        years: 3,
    },
    Statute {
        name: "介護保険事業計画",
        first_start: 2000,
        years: 3,
    },
];

/// A statutory term named in a text: which plan, which term, and the years it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatutoryTerm {
    /// The plan's name as the law writes it (`子ども・子育て支援事業計画`).
    pub plan: &'static str,
    pub term: u32,
    pub period: PlanPeriod,
}

/// How far (in characters) the plan's name may follow `第N期`: room for a municipality's name
/// (第2期釜石市子ども・子育て支援事業計画, 第7期長野県障害福祉計画).
const MAX_GAP: usize = 12;

/// The statutory term a text names: `第N期` followed closely by one of the plans whose terms
/// the law fixes. `None` when the text names no such term.
pub fn find_in(text: &str) -> Option<StatutoryTerm> {
    let t: String = crate::text::nfkc(text)
        .chars()
        .filter(|c| !matches!(c, '・' | '･' | ' ' | '　'))
        .collect();
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '第'
            && let Some((term, after)) = term_number(&chars, i + 1)
        {
            let rest: String = chars[after..].iter().take(MAX_GAP + 20).collect();
            // the nearest name is the term's: 第7期障害福祉計画・第3期障害児福祉計画
            let nearest = STATUTES
                .iter()
                .filter_map(|s| rest.find(s.name).map(|at| (rest[..at].chars().count(), s)))
                .filter(|(gap, _)| *gap <= MAX_GAP)
                .min_by_key(|(gap, _)| *gap);
            if let Some((_, statute)) = nearest
                && let Some(period) = statute.period_of(term)
            {
                return Some(StatutoryTerm {
                    plan: display_name(statute.name),
                    term,
                    period,
                });
            }
            i = after;
        } else {
            i += 1;
        }
    }
    None
}

impl Statute {
    fn period_of(&self, term: u32) -> Option<PlanPeriod> {
        let term = i32::try_from(term).ok().filter(|t| (1..=40).contains(t))?;
        let first = FiscalYear::new(self.first_start + (term - 1) * self.years).ok()?;
        let last = FiscalYear::new(first.start_year() + self.years - 1).ok()?;
        Some(PlanPeriod::new(first, last))
    }
}

/// The name as the law writes it, with its `・`.
fn display_name(name: &'static str) -> &'static str {
    match name {
        "子ども子育て支援事業計画" => "子ども・子育て支援事業計画",
        "子ども子育て支援事業支援計画" => "子ども・子育て支援事業支援計画",
        other => other,
    }
}

/// The number after `第` and before `期`, in digits or kanji, and the position after `期`.
fn term_number(chars: &[char], from: usize) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut i = from;
    let mut seen = false;
    while let Some(&c) = chars.get(i) {
        let digit = match c {
            '0'..='9' => c.to_digit(10),
            '一' => Some(1),
            '二' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            '十' => {
                // 十 = 10, 十二 = 12, 二十 = 20
                n = if seen { n * 10 } else { 10 };
                seen = true;
                i += 1;
                continue;
            }
            _ => None,
        };
        let Some(d) = digit else { break };
        n = if seen && n >= 10 && n % 10 == 0 && !c.is_ascii_digit() {
            n + d
        } else {
            n.checked_mul(10)?.checked_add(d)?
        };
        seen = true;
        i += 1;
    }
    (seen && chars.get(i) == Some(&'期')).then_some((n, i + 1))
}

impl std::fmt::Display for StatutoryTerm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "第{}期{}", self.term, self.plan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(text: &str) -> Option<(u32, i32, i32)> {
        find_in(text).map(|t| {
            (
                t.term,
                t.period.first.start_year(),
                t.period.last.start_year(),
            )
        })
    }

    #[test]
    fn child_care_plans_run_five_years_from_2015() {
        assert_eq!(
            years("第2期釜石市子ども・子育て支援事業計画 重点プロジェクト進捗状況【数値指標】"),
            Some((2, 2020, 2024))
        );
        assert_eq!(
            years("第1期子ども・子育て支援事業計画"),
            Some((1, 2015, 2019))
        );
        assert_eq!(
            years("第三期 子ども子育て支援事業計画"),
            Some((3, 2025, 2029))
        );
        assert_eq!(
            years("第２期〇〇町子ども･子育て支援事業計画"),
            Some((2, 2020, 2024))
        );
    }

    #[test]
    fn welfare_and_care_plans_run_three_years() {
        assert_eq!(
            years("第7期障害福祉計画・第3期障害児福祉計画"),
            Some((7, 2024, 2026))
        );
        assert_eq!(years("第3期障害児福祉計画"), Some((3, 2024, 2026)));
        assert_eq!(
            years("第9期高齢者保健福祉計画・介護保険事業計画"),
            Some((9, 2024, 2026))
        );
        assert_eq!(years("第十二期介護保険事業計画"), Some((12, 2033, 2035)));
    }

    #[test]
    fn other_plans_and_far_names_state_nothing() {
        assert_eq!(years("第2期まち・ひと・しごと創生総合戦略"), None);
        assert_eq!(years("第6次総合計画"), None);
        assert_eq!(years("子ども・子育て支援事業計画 進捗状況"), None);
        assert_eq!(
            years("第2期 これはとても長い前置きの文章で名前から遠い子ども・子育て支援事業計画"),
            None
        );
        assert_eq!(years("第0期子ども・子育て支援事業計画"), None);
        assert_eq!(years("第期子ども・子育て支援事業計画"), None);
    }
}
