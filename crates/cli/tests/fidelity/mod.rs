//! `../shared/tools/fidelity.py`'s rule in Rust, so the corpus test scores without Python: every
//! expected target and actual cell counts once; an indicator is found by its name (NFKC, no
//! spaces) or by a name and group contained in the output's name and group fields.

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Default)]
pub struct Score {
    pub hit: usize,
    pub total: usize,
    pub found: usize,
    pub indicators: usize,
    pub misses: Vec<String>,
}

impl Score {
    pub fn share(&self) -> f64 {
        if self.total == 0 {
            return 1.0;
        }
        self.hit as f64 / self.total as f64
    }

    pub fn add(&mut self, other: &Score) {
        self.hit += other.hit;
        self.total += other.total;
        self.found += other.found;
        self.indicators += other.indicators;
    }
}

fn norm(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// An indicator's cells of one kind by year; an output's dated baseline counts as that year's
/// actual, and a lone `target` with its `target_year` as that year's target.
fn cells(ind: &Value, key: &str) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    if key == "targets" && ind.get("target").is_some() && ind.get("targets").is_none() {
        out.insert(year_key(&ind["target_year"]), ind["target"].clone());
    }
    if let Some(m) = ind.get(key).and_then(Value::as_object) {
        for (y, c) in m {
            out.insert(y.clone(), c.clone());
        }
    }
    if key == "actuals"
        && ind.get("baseline").is_some_and(|b| !b.is_null())
        && ind.get("baseline_year").is_some_and(|y| !y.is_null())
    {
        out.entry(year_key(&ind["baseline_year"]))
            .or_insert_with(|| ind["baseline"].clone());
    }
    out
}

fn year_key(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "None".to_owned(),
        other => other.to_string(),
    }
}

fn same(exp: &Value, got: Option<&Value>) -> bool {
    let Some(got) = got else {
        return text(&exp["kind"]) == "none";
    };
    let (ek, gk) = (text(&exp["kind"]), text(&got["kind"]));
    if ek != gk {
        return false;
    }
    match ek {
        "number" => match (number(&exp["value"]), number(&got["value"])) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-9,
            _ => false,
        },
        "direction" | "boolean" => {
            let pick = |v: &Value| {
                v.get("direction")
                    .filter(|d| !d.is_null())
                    .or(v.get("value"))
                    .cloned()
            };
            pick(exp) == pick(got)
        }
        _ => true,
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// The name plus anything that could carry a group label, as the Python rule serialises it.
fn text_of(g: &Value) -> String {
    let mut m = Map::new();
    for k in ["name", "group", "groups", "path", "disaggregation", "label"] {
        m.insert(k.to_owned(), g.get(k).cloned().unwrap_or(Value::Null));
    }
    norm(&Value::Object(m).to_string())
}

/// Scores `got` (what `read --json` printed, or null for a refused sheet) against `exp`.
pub fn score(exp: &Value, got: &Value) -> Score {
    let empty = Vec::new();
    let outs = got
        .get("indicators")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let mut taken = vec![false; outs.len()];
    let mut s = Score::default();
    let expected = exp["indicators"].as_array().unwrap_or(&empty);
    s.indicators = expected.len();
    for e in expected {
        let key = norm(text(&e["name"]));
        let grp = norm(text(&e["group"]));
        let mut pick = None;
        'strict: for strict in [true, false] {
            for (i, g) in outs.iter().enumerate() {
                if taken[i] {
                    continue;
                }
                let hit = if strict {
                    norm(text(&g["name"])) == key && grp.is_empty()
                } else {
                    let t = text_of(g);
                    t.contains(&key) && t.contains(&grp)
                };
                if hit {
                    pick = Some(i);
                    break 'strict;
                }
            }
        }
        let g = pick.map(|i| {
            taken[i] = true;
            s.found += 1;
            &outs[i]
        });
        for kind in ["targets", "actuals"] {
            let gc = g.map(|g| cells(g, kind)).unwrap_or_default();
            for (y, c) in cells(e, kind) {
                s.total += 1;
                if g.is_some() && same(&c, gc.get(&y)) {
                    s.hit += 1;
                } else {
                    let name: String = text(&e["name"]).chars().take(40).collect();
                    s.misses.push(format!(
                        "{name} {kind} {y}: expected {:?} got {:?}",
                        text(&c["raw"]),
                        gc.get(&y).map(|c| text(&c["raw"]).to_owned())
                    ));
                }
            }
        }
    }
    s
}
