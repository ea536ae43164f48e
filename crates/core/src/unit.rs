//! Units of measure as sheets write them (`人`, `か所`, `人日/年`), kept as written and
//! compared through a canonical form so that `箇所` and `か所` are one unit.

use crate::text::normalize;
use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

/// A unit as written in the sheet (after NFKC).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Unit(CompactString);

/// Units seen in Japanese plan sheets. Used to recognise a unit column and a unit suffix; a
/// cell may still carry a unit that is not listed.
const KNOWN: &[&str] = &[
    "%",
    "‰",
    "パーセント",
    "人",
    "名",
    "件",
    "回",
    "か所",
    "ヵ所",
    "ヶ所",
    "カ所",
    "ケ所",
    "箇所",
    "個所",
    "施設",
    "団体",
    "エピソード",
    "世帯",
    "校",
    "園",
    "クラブ",
    "時間",
    "日",
    "円",
    "千円",
    "万円",
    "億円",
    "兆円",
    "ポイント",
    "pt",
    "点",
    "組",
    "台",
    "冊",
    "部",
    "戸",
    "床",
    "室",
    "社",
    "店",
    "種類",
    "事業",
    "講座",
    "割",
    "倍",
    "歳",
    "km",
    "m",
    "ha",
    "m2",
    "人日",
    "か月",
    "ヶ月",
    "カ月",
    "日間",
    "年",
    "分",
    "秒",
    "本",
    "枚",
    "通",
    "区画",
    "拠点",
    "地区",
    "コース",
    "グループ",
    "チーム",
    "サークル",
    "人/年",
    "人日/年",
    "件/年",
    "回/年",
    "人/日",
    "人/月",
    "件/月",
    "回/月",
    "g",
    "kg",
    "t",
    "人分",
    "食",
    "局",
    "箇所数",
    "%ポイント",
    "品目",
    "ページ",
    "PV",
    "名/年",
];

impl Unit {
    /// A unit from its written form; `None` for an empty text.
    pub fn new(s: &str) -> Option<Unit> {
        let n = normalize(s);
        if n.is_empty() {
            None
        } else {
            Some(Unit(CompactString::from(n.as_ref())))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form two units are compared in: spelling variants of one unit share it.
    pub fn canonical(&self) -> &str {
        canonical(&self.0)
    }

    /// True when both name the same unit, whatever the spelling (箇所 and か所).
    pub fn same_as(&self, other: &Unit) -> bool {
        self.canonical() == other.canonical()
    }

    /// True for a unit that counts things or events (人, 件, 回, か所, 人日/年): a kept level
    /// of such a count is not worse for being exceeded. Rates (%), money and measures are not
    /// counts.
    pub fn is_count(&self) -> bool {
        let base = self.canonical().split('/').next().unwrap_or("");
        matches!(
            canonical(base),
            "人" | "件"
                | "回"
                | "か所"
                | "施設"
                | "団体"
                | "エピソード"
                | "世帯"
                | "校"
                | "園"
                | "クラブ"
                | "組"
                | "台"
                | "冊"
                | "部"
                | "戸"
                | "床"
                | "室"
                | "社"
                | "店"
                | "種類"
                | "事業"
                | "講座"
                | "本"
                | "枚"
                | "通"
                | "区画"
                | "拠点"
                | "地区"
                | "コース"
                | "グループ"
                | "チーム"
                | "サークル"
                | "人日"
                | "人分"
                | "食"
                | "局"
                | "箇所数"
                | "品目"
                | "ページ"
                | "PV"
        )
    }

    /// True for a rate per month (`件/月`), which a year's figure is twelve of.
    pub fn is_per_month(&self) -> bool {
        self.0.ends_with("/月")
    }

    /// True for a text that is one of the units sheets use, or a rate built from them
    /// (`人日/年`). Used to recognise a unit column by its content.
    pub fn is_known(s: &str) -> bool {
        static SET: LazyLock<HashSet<&'static str>> =
            LazyLock::new(|| KNOWN.iter().copied().collect());
        let n = normalize(s);
        if n.len() > 24 {
            return false;
        }
        if SET.contains(n.as_ref()) {
            return true;
        }
        match n.split_once('/') {
            Some((a, b)) => SET.contains(a) && SET.contains(b),
            None => false,
        }
    }
}

fn canonical(s: &str) -> &str {
    match s {
        "ヵ所" | "ヶ所" | "カ所" | "ケ所" | "箇所" | "個所" => "か所",
        "ヶ月" | "カ月" | "ヵ月" | "箇月" => "か月",
        "名" => "人",
        "pt" | "ポイント" => "ポイント",
        "パーセント" => "%",
        other => other,
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(s: &str) -> Unit {
        Unit::new(s).expect("non-empty")
    }

    #[test]
    fn spelling_variants_are_the_same_unit() {
        assert!(unit("箇所").same_as(&unit("か所")));
        assert!(unit("ヶ所").same_as(&unit("カ所")));
        assert!(unit("パーセント").same_as(&unit("%")));
        assert!(!unit("人").same_as(&unit("件")));
    }

    #[test]
    fn counts_are_told_from_rates_money_and_measures() {
        for u in ["人", "件", "回", "箇所", "人日/年", "名", "団体"] {
            assert!(unit(u).is_count(), "{u}");
        }
        for u in ["%", "円", "千円", "歳", "km", "時間", "ポイント", "倍"] {
            assert!(!unit(u).is_count(), "{u}");
        }
        assert!(unit("件/月").is_per_month());
        assert!(!unit("件/年").is_per_month());
    }

    #[test]
    fn known_units_and_rates() {
        assert!(Unit::is_known("人日/年"));
        assert!(Unit::is_known("％"));
        assert!(Unit::is_known("団体"));
        assert!(!Unit::is_known("目標値"));
        assert!(!Unit::is_known(""));
    }
}
