//! Keys set aside for a large load on PostgreSQL: some constraints and indexes are dropped
//! before the rows go in and made again before commit, as its manual advises for bulk loads.
//! PostgreSQL checks a foreign key by a query per inserted row and grows an index row by row;
//! made afterwards, an index is built by one sort and a foreign key checked by one join. The
//! definitions are the catalog's own, so what is made again is exactly what was dropped.
//! Everything stays in the load's one transaction: a failed load keeps every constraint.

use crate::StoreError;
use sqlx::PgConnection;

/// What a large load sets aside of one table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SetAsideTable {
    pub table: &'static str,
    /// The kinds of constraint, as `pg_constraint.contype` writes them.
    pub kinds: &'static str,
    /// How many constraints of those kinds the schema gives the table (`Store::check` counts
    /// them).
    pub constraints: i64,
    /// How many indexes that back no constraint the schema gives the table; all are set aside.
    pub indexes: i64,
}

/// The tables whose keys a large load sets aside: the values' primary and foreign key; the
/// indicators' foreign keys, their `(plan_id, key)` uniqueness and the index by plan (their
/// primary key stays: the values' foreign key refers to it); the plans' fiscal years' foreign
/// key. On the national load (2.09 M values, 104 k indicators) the indicators' rows went in in
/// 286 ms with their indexes and 47 ms without, the fiscal years' in 93 ms with their foreign
/// key and 16 ms without.
pub(crate) const SET_ASIDE: [SetAsideTable; 3] = [
    SetAsideTable {
        table: "indicator_values",
        kinds: "pf",
        constraints: 2,
        indexes: 0,
    },
    SetAsideTable {
        table: "indicators",
        kinds: "fu",
        constraints: 5,
        indexes: 1,
    },
    SetAsideTable {
        table: "plan_fiscal_years",
        kinds: "f",
        constraints: 1,
        indexes: 0,
    },
];

/// The indexes of a table that back no constraint (of any table: a foreign key elsewhere may
/// rely on one), by name and definition.
pub(crate) const PLAIN_INDEXES: &str = "SELECT quote_ident(i.relname), pg_get_indexdef(i.oid) \
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid \
     WHERE x.indrelid = $1::regclass \
     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) \
     ORDER BY i.relname";

/// What was set aside of one table, to be made again.
#[derive(Debug, Default)]
struct Removed {
    table: &'static str,
    /// (name, definition), the primary key before the others.
    constraints: Vec<(String, String)>,
    /// `CREATE INDEX` statements.
    indexes: Vec<String>,
}

/// Constraints and indexes dropped for the load, to be made again.
#[derive(Debug, Default)]
pub(super) struct SetAside {
    removed: Vec<Removed>,
}

impl SetAside {
    /// Drops the constraints and indexes of [`SET_ASIDE`], remembering their definitions.
    pub(super) async fn remove(c: &mut PgConnection) -> Result<SetAside, StoreError> {
        let mut removed = Vec::new();
        for t in SET_ASIDE {
            let constraints: Vec<(String, String)> = sqlx::query_as(
                "SELECT quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint \
                 WHERE conrelid = $1::regclass AND strpos($2, contype::text) > 0 \
                 ORDER BY contype DESC, conname",
            )
            .bind(t.table)
            .bind(t.kinds)
            .fetch_all(&mut *c)
            .await?;
            if !constraints.is_empty() {
                let drops: Vec<String> = constraints
                    .iter()
                    .map(|(name, _)| format!("DROP CONSTRAINT {name}"))
                    .collect();
                sqlx::query(&format!("ALTER TABLE {} {}", t.table, drops.join(", ")))
                    .execute(&mut *c)
                    .await?;
            }
            let indexes: Vec<(String, String)> = if t.indexes > 0 {
                sqlx::query_as(PLAIN_INDEXES)
                    .bind(t.table)
                    .fetch_all(&mut *c)
                    .await?
            } else {
                Vec::new()
            };
            if !indexes.is_empty() {
                let names: Vec<&str> = indexes.iter().map(|(n, _)| n.as_str()).collect();
                sqlx::query(&format!("DROP INDEX {}", names.join(", ")))
                    .execute(&mut *c)
                    .await?;
            }
            removed.push(Removed {
                table: t.table,
                constraints,
                indexes: indexes.into_iter().map(|(_, def)| def).collect(),
            });
        }
        Ok(SetAside { removed })
    }

    /// Makes the constraints and indexes again, one statement per table and index; fails as
    /// the rows would have.
    pub(super) async fn restore(&self, c: &mut PgConnection) -> Result<(), StoreError> {
        for r in &self.removed {
            if !r.constraints.is_empty() {
                let adds: Vec<String> = r
                    .constraints
                    .iter()
                    .map(|(name, def)| format!("ADD CONSTRAINT {name} {def}"))
                    .collect();
                sqlx::query(&format!("ALTER TABLE {} {}", r.table, adds.join(", ")))
                    .execute(&mut *c)
                    .await?;
            }
            for index in &r.indexes {
                sqlx::query(index).execute(&mut *c).await?;
            }
        }
        Ok(())
    }
}
