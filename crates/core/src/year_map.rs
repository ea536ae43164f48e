//! `YearMap`: values by fiscal year, as a vector sorted by year. An indicator has a handful of
//! years, written in order; a vector holds them in one right-sized allocation where a B-tree
//! leaf would reserve room for eleven. Reads like a map and serialises as one.

use crate::fiscal_year::FiscalYear;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// Values keyed by fiscal year, in year order.
#[derive(Debug, Clone, PartialEq)]
pub struct YearMap<V> {
    entries: Vec<(FiscalYear, V)>,
}

impl<V> Default for YearMap<V> {
    fn default() -> Self {
        YearMap {
            entries: Vec::new(),
        }
    }
}

impl<V> YearMap<V> {
    pub fn new() -> Self {
        Self::default()
    }

    fn position(&self, year: FiscalYear) -> Result<usize, usize> {
        // years usually arrive in order: check the end before searching
        match self.entries.last() {
            Some((last, _)) if *last < year => Err(self.entries.len()),
            _ => self.entries.binary_search_by_key(&year, |(y, _)| *y),
        }
    }

    /// Sets the value of `year`, returning the one it replaces.
    pub fn insert(&mut self, year: FiscalYear, value: V) -> Option<V> {
        match self.position(year) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (year, value));
                None
            }
        }
    }

    pub fn remove(&mut self, year: &FiscalYear) -> Option<V> {
        self.position(*year).ok().map(|i| self.entries.remove(i).1)
    }

    pub fn get(&self, year: &FiscalYear) -> Option<&V> {
        self.position(*year).ok().map(|i| &self.entries[i].1)
    }

    pub fn contains_key(&self, year: &FiscalYear) -> bool {
        self.position(*year).is_ok()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Room for exactly `additional` more years: a reader that knows a table's years asks for
    /// them once, where growth by doubling would leave up to half of each map unused.
    pub fn reserve_exact(&mut self, additional: usize) {
        self.entries.reserve_exact(additional);
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries in year order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&FiscalYear, &V)> + ExactSizeIterator {
        self.entries.iter().map(|(y, v)| (y, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &FiscalYear> + ExactSizeIterator {
        self.entries.iter().map(|(y, _)| y)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// Entries of the years before `year`, in year order.
    pub fn before(
        &self,
        year: FiscalYear,
    ) -> impl DoubleEndedIterator<Item = (&FiscalYear, &V)> + ExactSizeIterator {
        let end = self.entries.partition_point(|(y, _)| *y < year);
        self.entries[..end].iter().map(|(y, v)| (y, v))
    }
}

impl<'a, V> IntoIterator for &'a YearMap<V> {
    type Item = (&'a FiscalYear, &'a V);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (FiscalYear, V)>,
        fn(&'a (FiscalYear, V)) -> (&'a FiscalYear, &'a V),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(y, v)| (y, v))
    }
}

impl<V> FromIterator<(FiscalYear, V)> for YearMap<V> {
    fn from_iter<I: IntoIterator<Item = (FiscalYear, V)>>(iter: I) -> Self {
        let mut m = YearMap::new();
        for (y, v) in iter {
            m.insert(y, v);
        }
        m
    }
}

impl<V: Serialize> Serialize for YearMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for YearMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<FiscalYear, V>::deserialize(deserializer)?;
        Ok(map.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fy(y: i32) -> FiscalYear {
        FiscalYear::new(y).expect("in range")
    }

    proptest! {
        /// Whatever the order of inserts, a YearMap answers as a BTreeMap does.
        #[test]
        fn behaves_like_a_btree_map(ops in prop::collection::vec((2000i32..2030, 0u8..100, prop::bool::ANY), 0..60)) {
            let mut ours = YearMap::new();
            let mut theirs = BTreeMap::new();
            for (y, v, remove) in ops {
                if remove {
                    prop_assert_eq!(ours.remove(&fy(y)), theirs.remove(&fy(y)));
                } else {
                    prop_assert_eq!(ours.insert(fy(y), v), theirs.insert(fy(y), v));
                }
                prop_assert_eq!(ours.iter().collect::<Vec<_>>(), theirs.iter().collect::<Vec<_>>());
            }
            for y in 2000..2030 {
                prop_assert_eq!(ours.get(&fy(y)), theirs.get(&fy(y)));
                prop_assert_eq!(ours.before(fy(y)).collect::<Vec<_>>(), theirs.range(..fy(y)).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn serialises_as_a_map_by_year() {
        let m: YearMap<u8> = [(fy(2021), 2), (fy(2020), 1)].into_iter().collect();
        assert_eq!(
            serde_json::to_string(&m).ok().as_deref(),
            Some(r#"{"2020":1,"2021":2}"#)
        );
        let back: YearMap<u8> = serde_json::from_str(r#"{"2021":2,"2020":1}"#).expect("parses");
        assert_eq!(back, m);
    }
}
