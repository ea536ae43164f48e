//! Results a sentence under a table states for the table's indicators: `平成30年度実績 特定健診
//! 受診率 38.1パーセント 特定保健指導実施率 67.2パーセント`. A city that publishes its targets as a
//! table often gives the latest results in a line of prose under it.

use shinchoku_core::era::Era;
use shinchoku_core::fiscal_year::{self, FiscalYear};
use shinchoku_core::text::normalize;
use shinchoku_core::{Cell, CellValue};

/// The year a sentence gives its results for: a year followed by 実績 (or 結果) at its start.
pub(super) fn results_year(text: &str, era: Option<Era>) -> Option<FiscalYear> {
    let t = normalize(text);
    let (year, at) = fiscal_year::find_in(&t, era)?;
    let after = t[at.end..].trim_start();
    (at.start <= 6
        && (after.starts_with("実績") || after.starts_with("の実績") || after.starts_with("結果")))
    .then_some(year)
}

/// The figure written right after `name` in `text` (`特定健診受診率 38.1パーセント`), if any.
pub(super) fn figure_after(text: &str, name: &str) -> Option<String> {
    let t = normalize(text);
    let name = normalize(name);
    if name.chars().count() < 2 {
        return None;
    }
    let at = t.find(name.as_ref())?;
    let rest = t[at + name.len()..].trim_start_matches([' ', '\u{3000}', ':', '：', 'は']);
    let token: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '、' | '。' | ','))
        .collect();
    matches!(Cell::read(&token).value, CellValue::Number(_)).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_of_results_under_a_table() {
        let line = "平成30年度実績 特定健診受診率 38.1パーセント 特定保健指導実施率 67.2パーセント";
        assert_eq!(
            results_year(line, None).map(FiscalYear::start_year),
            Some(2018)
        );
        assert_eq!(
            figure_after(line, "特定健診受診率").as_deref(),
            Some("38.1パーセント")
        );
        assert_eq!(
            figure_after(line, "特定保健指導実施率").as_deref(),
            Some("67.2パーセント")
        );
        assert_eq!(figure_after(line, "乳児健診受診率"), None);
        // a year later in a sentence is not the year of its results
        assert_eq!(
            results_year("計画期間は、平成30年度から令和5年度の6年間です。", None),
            None
        );
    }
}
