//! Keys set aside for a large load on PostgreSQL: some constraints are dropped before the rows
//! go in and made again before commit, as its manual advises for bulk loads. PostgreSQL checks
//! a foreign key by a query per inserted row and grows an index row by row; made afterwards,
//! an index is built by one sort and a foreign key checked by one join. The definitions are the
//! catalog's own, so what is made again is exactly what was dropped. Everything stays in the
//! load's one transaction: a failed load keeps every constraint.

use crate::StoreError;
use sqlx::PgConnection;

/// The constraints set aside, per table: the values' primary key and foreign key, and the
/// indicators' foreign keys (their primary key stays: the values' foreign key refers to it).
/// Each: the table, the kinds as `pg_constraint.contype` writes them, and how many of them the
/// schema gives the table (`Store::check` counts them).
pub(crate) const SET_ASIDE: [(&str, &str, i64); 2] =
    [("indicator_values", "pf", 2), ("indicators", "f", 4)];

/// Constraints dropped for the load, to be made again.
#[derive(Debug, Default)]
pub(super) struct SetAside {
    /// (table, name, definition), each table's primary key before its foreign keys.
    constraints: Vec<(String, String, String)>,
}

impl SetAside {
    /// Drops the constraints of [`SET_ASIDE`], remembering their definitions.
    pub(super) async fn remove(c: &mut PgConnection) -> Result<SetAside, StoreError> {
        let mut constraints = Vec::new();
        for (table, kinds, _) in SET_ASIDE {
            let found: Vec<(String, String)> = sqlx::query_as(
                "SELECT quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint \
                 WHERE conrelid = $1::regclass AND strpos($2, contype::text) > 0 \
                 ORDER BY contype DESC, conname",
            )
            .bind(table)
            .bind(kinds)
            .fetch_all(&mut *c)
            .await?;
            if found.is_empty() {
                continue;
            }
            let drops: Vec<String> = found
                .iter()
                .map(|(name, _)| format!("DROP CONSTRAINT {name}"))
                .collect();
            sqlx::query(&format!("ALTER TABLE {table} {}", drops.join(", ")))
                .execute(&mut *c)
                .await?;
            constraints.extend(
                found
                    .into_iter()
                    .map(|(name, def)| (table.to_owned(), name, def)),
            );
        }
        Ok(SetAside { constraints })
    }

    /// Makes the constraints again, one statement per table; fails as the rows would have.
    pub(super) async fn restore(&self, c: &mut PgConnection) -> Result<(), StoreError> {
        for (table, _, _) in SET_ASIDE {
            let adds: Vec<String> = self
                .constraints
                .iter()
                .filter(|(t, _, _)| t == table)
                .map(|(_, name, def)| format!("ADD CONSTRAINT {name} {def}"))
                .collect();
            if !adds.is_empty() {
                sqlx::query(&format!("ALTER TABLE {table} {}", adds.join(", ")))
                    .execute(&mut *c)
                    .await?;
            }
        }
        Ok(())
    }
}
