//! Typed ids for the parts of a plan, so that an indicator's index can never be used as a
//! goal's. Within a [`crate::plan::Plan`] they are positions in its arenas.

use serde::{Deserialize, Serialize};

macro_rules! decl_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(u32);

        impl $name {
            /// The id of the part at position `i` of the plan's list of this kind (a plan read
            /// back from the database is rebuilt so).
            pub fn from_index(i: usize) -> Self {
                // a plan holds far fewer than 4 billion parts of any kind
                Self(u32::try_from(i).unwrap_or(u32::MAX))
            }

            /// The position in the plan's list of this kind.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

decl_id!(
    /// A node of the goal tree (基本目標, 施策, ①…).
    GoalId
);
decl_id!(
    /// A project (事業).
    ProjectId
);
decl_id!(
    /// An outcome statement (成果目標).
    OutcomeId
);
decl_id!(
    /// An indicator (指標).
    IndicatorId
);
decl_id!(
    /// A footnote (※).
    NoteId
);

/// The stable key of each indicator of a plan, in the plan's order: twelve hex digits of a
/// hash of its goal path, name and group, so that the same indicator keeps its key when
/// rows are added or moved, and `read`, `evaluate` and the exports join on it. Indicators
/// that share all three (a sheet that repeats one) are told apart by `-2`, `-3` in order.
pub fn indicator_keys(plan: &crate::plan::Plan) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(plan.indicators.len());
    let mut seen: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
    for ind in &plan.indicators {
        let mut h = Fnv1a::new();
        for part in plan.path(ind.goal) {
            h.text(part);
            h.separator();
        }
        h.separator();
        h.text(&ind.name);
        h.separator();
        if let Some(g) = &ind.group {
            h.text(g);
        }
        let hash = h.0 >> 16;
        let n = seen.entry(hash).or_insert(0);
        *n += 1;
        out.push(if *n == 1 {
            format!("{hash:012x}")
        } else {
            format!("{hash:012x}-{n}")
        });
    }
    out
}

/// FNV-1a, 64 bits: written out here because the key must never change with a library.
struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }

    /// The text as compared everywhere else: NFKC, spaces removed.
    fn text(&mut self, s: &str) {
        for b in crate::text::compact(s).bytes() {
            self.byte(b);
        }
    }

    fn separator(&mut self) {
        self.byte(0x1f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::Indicator;
    use crate::plan::{Goal, Plan};

    fn plan(names: &[(&str, Option<&str>)]) -> Plan {
        let mut p = Plan::default();
        p.goals.push(Goal {
            title: "基本目標1".into(),
            parent: None,
            location: None,
        });
        for (name, group) in names {
            let mut i = Indicator::new(*name);
            i.goal = Some(GoalId::from_index(0));
            i.group = group.map(str::to_owned);
            p.indicators.push(i);
        }
        p
    }

    #[test]
    fn keys_follow_the_indicator_not_its_row() {
        let a = plan(&[("相談件数", None), ("待機児童数", None)]);
        let b = plan(&[
            ("待機児童数", None),
            ("新しい指標", None),
            ("相談件数", None),
        ]);
        let ka = indicator_keys(&a);
        let kb = indicator_keys(&b);
        assert_eq!(ka[0], kb[2]);
        assert_eq!(ka[1], kb[0]);
        assert_eq!(ka[0].len(), 12);
        assert!(ka[0].bytes().all(|c| c.is_ascii_hexdigit()));
        // full-width and spacing do not change a key
        assert_eq!(ka[0], indicator_keys(&plan(&[("相談 件数", None)]))[0]);
    }

    #[test]
    fn groups_and_repeats_are_told_apart() {
        let p = plan(&[
            ("利用率", Some("就学前児童")),
            ("利用率", Some("小学生")),
            ("利用率", Some("小学生")),
        ]);
        let k = indicator_keys(&p);
        assert_ne!(k[0], k[1]);
        assert_eq!(k[2], format!("{}-2", k[1]));
    }
}
