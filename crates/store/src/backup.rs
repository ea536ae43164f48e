//! Backup and restore in one portable, deterministic format: JSON Lines, a header, then each
//! table's columns and its rows in key order, timestamps as RFC 3339 with microseconds. The
//! same data gives the same bytes on either backend, so a deployment moves from SQLite to
//! PostgreSQL and back losing nothing, the audit log included. A restore goes into an empty
//! database in one transaction and adds nothing of its own.

use crate::rows::{self, Param};
use crate::{Store, StoreError};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;
use sqlx::Row;
use std::io::{BufRead, Write};

const FORMAT: &str = "shinchoku-backup";
const FORMAT_VERSION: i64 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Text,
    Float,
    Time,
}

use Kind::{Float, Int, Text, Time};

/// A table as it is backed up: its name, columns, how many lead the key, whether `id` is an
/// identity column.
struct Table {
    name: &'static str,
    columns: &'static [(&'static str, Kind)],
    key: usize,
    identity: bool,
}

/// Every table, parents before children; all but `sessions`, which a restore ends (a session is
/// a sign-in on one deployment, not data to move), and `held_uploads`, sheets waiting a day at
/// most for their confirmation.
const TABLES: &[Table] = &[
    Table {
        name: "municipalities",
        columns: &[("code", Text), ("name", Text), ("created_at", Time)],
        key: 1,
        identity: false,
    },
    Table {
        name: "accounts",
        columns: &[
            ("id", Int),
            ("name", Text),
            ("password_hash", Text),
            ("role", Text),
            ("municipality_code", Text),
            ("department", Text),
            ("created_at", Time),
            ("password_changed_at", Time),
            ("failed_logins", Int),
            ("locked_until", Time),
            ("version", Int),
            ("disabled_at", Time),
        ],
        key: 1,
        identity: true,
    },
    Table {
        name: "departments",
        columns: &[("id", Int), ("municipality_code", Text), ("name", Text)],
        key: 1,
        identity: true,
    },
    Table {
        name: "plans",
        columns: &[
            ("id", Int),
            ("municipality_code", Text),
            ("name", Text),
            ("title", Text),
            ("municipality_name", Text),
            ("period_first", Int),
            ("period_last", Int),
            ("period_source", Text),
            ("policy", Text),
            ("policy_overrides", Text),
            ("council_layout", Text),
            ("source_layout", Text),
            ("status", Text),
            ("created_at", Time),
            ("updated_at", Time),
            ("version", Int),
        ],
        key: 1,
        identity: true,
    },
    Table {
        name: "plan_fiscal_years",
        columns: &[("plan_id", Int), ("position", Int), ("fiscal_year", Int)],
        key: 2,
        identity: false,
    },
    Table {
        name: "goals",
        columns: &[
            ("plan_id", Int),
            ("position", Int),
            ("title", Text),
            ("parent", Int),
            ("location", Text),
        ],
        key: 2,
        identity: false,
    },
    Table {
        name: "projects",
        columns: &[
            ("plan_id", Int),
            ("position", Int),
            ("number", Text),
            ("name", Text),
            ("category", Text),
            ("goal", Int),
            ("location", Text),
        ],
        key: 2,
        identity: false,
    },
    Table {
        name: "outcomes",
        columns: &[
            ("plan_id", Int),
            ("position", Int),
            ("statement", Text),
            ("goal", Int),
        ],
        key: 2,
        identity: false,
    },
    Table {
        name: "outcome_projects",
        columns: &[
            ("plan_id", Int),
            ("outcome", Int),
            ("position", Int),
            ("project", Int),
        ],
        key: 3,
        identity: false,
    },
    Table {
        name: "notes",
        columns: &[
            ("plan_id", Int),
            ("position", Int),
            ("text", Text),
            ("location", Text),
        ],
        key: 2,
        identity: false,
    },
    Table {
        name: "indicators",
        columns: &[
            ("id", Int),
            ("plan_id", Int),
            ("key", Text),
            ("position", Int),
            ("name", Text),
            ("group_name", Text),
            ("definition", Text),
            ("category", Text),
            ("department_id", Int),
            ("unit", Text),
            ("goal", Int),
            ("outcome", Int),
            ("polarity", Text),
            ("polarity_set_by", Text),
            ("polarity_reason", Text),
            ("accumulation", Text),
            ("accumulation_set_by", Text),
            ("accumulation_reason", Text),
            ("baseline_raw", Text),
            ("baseline_year", Int),
            ("location", Text),
            ("version", Int),
        ],
        key: 1,
        identity: true,
    },
    Table {
        name: "indicator_projects",
        columns: &[
            ("indicator_id", Int),
            ("position", Int),
            ("plan_id", Int),
            ("project", Int),
        ],
        key: 2,
        identity: false,
    },
    Table {
        name: "indicator_notes",
        columns: &[
            ("indicator_id", Int),
            ("position", Int),
            ("plan_id", Int),
            ("note", Int),
        ],
        key: 2,
        identity: false,
    },
    Table {
        name: "indicator_values",
        columns: &[
            ("indicator_id", Int),
            ("series", Text),
            ("fiscal_year", Int),
            ("raw", Text),
            ("number", Float),
            ("version", Int),
            ("updated_at", Time),
            ("updated_by", Text),
        ],
        key: 3,
        identity: false,
    },
    Table {
        name: "read_cells",
        columns: &[
            ("indicator_id", Int),
            ("read_order", Int),
            ("series", Text),
            ("fiscal_year", Int),
            ("read_row", Int),
            ("read_column", Int),
        ],
        key: 2,
        identity: false,
    },
    Table {
        name: "blank_reasons",
        columns: &[
            ("indicator_id", Int),
            ("fiscal_year", Int),
            ("reason", Text),
            ("version", Int),
            ("updated_at", Time),
            ("updated_by", Text),
        ],
        key: 2,
        identity: false,
    },
    Table {
        name: "comments",
        columns: &[
            ("indicator_id", Int),
            ("fiscal_year", Int),
            ("aspect", Text),
            ("body", Text),
            ("version", Int),
            ("updated_at", Time),
            ("updated_by", Text),
        ],
        key: 3,
        identity: false,
    },
    Table {
        name: "target_revisions",
        columns: &[
            ("id", Int),
            ("indicator_id", Int),
            ("fiscal_year", Int),
            ("before_raw", Text),
            ("after_raw", Text),
            ("reason", Text),
            ("revised_at", Time),
            ("revised_by", Text),
        ],
        key: 1,
        identity: true,
    },
    Table {
        name: "findings",
        columns: &[
            ("plan_id", Int),
            ("position", Int),
            ("kind", Text),
            ("message", Text),
            ("location", Text),
            ("indicator", Int),
            ("detail", Text),
        ],
        key: 2,
        identity: false,
    },
    Table {
        name: "import_batches",
        columns: &[
            ("id", Int),
            ("plan_id", Int),
            ("file_name", Text),
            ("sha256", Text),
            ("byte_size", Int),
            ("layout", Text),
            ("changes", Int),
            ("imported_at", Time),
            ("imported_by", Text),
        ],
        key: 1,
        identity: true,
    },
    Table {
        name: "audit_log",
        columns: &[
            ("id", Int),
            ("at", Time),
            ("actor", Text),
            ("via", Text),
            ("action", Text),
            ("plan_id", Int),
            ("indicator_id", Int),
            ("subject", Text),
            ("before", Text),
            ("after", Text),
            ("batch_id", Int),
        ],
        key: 1,
        identity: true,
    },
];

fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Reads one column of a row of either backend as JSON.
macro_rules! column {
    ($row:expr, $i:expr, $kind:expr) => {
        match $kind {
            Int => $row.try_get::<Option<i64>, _>($i)?.map(Value::from),
            Text => $row.try_get::<Option<String>, _>($i)?.map(Value::from),
            Float => $row.try_get::<Option<f64>, _>($i)?.map(Value::from),
            Time => $row
                .try_get::<Option<DateTime<Utc>>, _>($i)?
                .map(|t| Value::from(time_text(t))),
        }
        .unwrap_or(Value::Null)
    };
}

impl Store {
    /// Writes the whole database to `out`; returns the number of rows written.
    pub async fn backup(&self, out: &mut impl Write) -> Result<u64, StoreError> {
        let version = self.status().await?.applied.last().map_or(0, |(v, _)| *v);
        let header =
            serde_json::json!({"format": FORMAT, "version": FORMAT_VERSION, "schema": version});
        writeln!(out, "{header}").map_err(StoreError::Write)?;
        let mut count = 0;
        for table in TABLES {
            let names: Vec<&str> = table.columns.iter().map(|(n, _)| *n).collect();
            let sql = format!("SELECT {} FROM {}", names.join(", "), table.name);
            let mut rows: Vec<Vec<Value>> = on_pool!(self, p => {
                let fetched = sqlx::query(&sql).fetch_all(p).await?;
                let mut rows = Vec::with_capacity(fetched.len());
                for row in &fetched {
                    let mut values = Vec::with_capacity(table.columns.len());
                    for (i, (_, kind)) in table.columns.iter().enumerate() {
                        values.push(column!(row, i, *kind));
                    }
                    rows.push(values);
                }
                rows
            });
            // sorted here, not by the database: collations differ, bytes do not
            rows.sort_by(|a, b| compare_keys(&a[..table.key], &b[..table.key]));
            let head =
                serde_json::json!({"table": table.name, "columns": names, "rows": rows.len()});
            writeln!(out, "{head}").map_err(StoreError::Write)?;
            count += rows.len() as u64;
            for r in rows {
                writeln!(out, "{}", Value::Array(r)).map_err(StoreError::Write)?;
            }
        }
        out.flush().map_err(StoreError::Write)?;
        Ok(count)
    }

    /// Restores a backup into this database, which must hold no data; one transaction.
    pub async fn restore(&self, file: &str, input: impl BufRead) -> Result<u64, StoreError> {
        let held: i64 = on_pool!(self, p => sqlx::query_scalar(
            "SELECT (SELECT count(*) FROM municipalities) + (SELECT count(*) FROM accounts)",
        ).fetch_one(p).await)?;
        if held > 0 {
            let plans: i64 = on_pool!(self, p => sqlx::query_scalar("SELECT count(*) FROM plans").fetch_one(p).await)?;
            return Err(StoreError::NotEmpty { plans });
        }
        let bad = |line: usize, reason: String| StoreError::BadBackup {
            file: file.to_owned(),
            line,
            reason,
        };
        let mut lines = input.lines().enumerate().map(|(n, l)| (n + 1, l));
        let mut next = |expect: &str| -> Result<(usize, Value), StoreError> {
            match lines.next() {
                Some((n, Ok(text))) => serde_json::from_str(&text)
                    .map(|v| (n, v))
                    .map_err(|e| bad(n, format!("JSONではありません: {e}"))),
                Some((n, Err(e))) => Err(bad(n, format!("読めません: {e}"))),
                None => Err(bad(0, format!("{expect}の前でファイルが終わっています"))),
            }
        };
        let (n, header) = next("見出し")?;
        if header.get("format").and_then(Value::as_str) != Some(FORMAT) {
            return Err(bad(n, "shinchokuのバックアップではありません".into()));
        }
        if header.get("version").and_then(Value::as_i64) != Some(FORMAT_VERSION) {
            return Err(bad(n, "この版のshinchokuでは読めない形式です".into()));
        }
        let schema = self.status().await?.applied.last().map_or(0, |(v, _)| *v);
        if header.get("schema").and_then(Value::as_i64) != Some(schema) {
            return Err(bad(
                n,
                format!("スキーマの版が違います(このデータベースは {schema})"),
            ));
        }
        let mut tx = self.begin_write().await?;
        let mut count = 0;
        for table in TABLES {
            let (n, head) = next(table.name)?;
            let names: Vec<&str> = table.columns.iter().map(|(n, _)| *n).collect();
            let columns: Option<Vec<&str>> = head
                .get("columns")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect());
            if head.get("table").and_then(Value::as_str) != Some(table.name)
                || columns.as_deref() != Some(&names[..])
            {
                return Err(bad(n, format!("表 {} の見出しがありません", table.name)));
            }
            let rows = head
                .get("rows")
                .and_then(Value::as_u64)
                .ok_or_else(|| bad(n, "行数がありません".into()))?;
            // read whole before it is written: a table is at most a few million small rows,
            // and a bad row is named before anything of its table reaches the database
            let mut batch: Vec<Vec<Param>> = Vec::new();
            for _ in 0..rows {
                let (n, row) = next(table.name)?;
                let values = match row {
                    Value::Array(values) if values.len() == table.columns.len() => values,
                    _ => return Err(bad(n, format!("表 {} の行ではありません", table.name))),
                };
                let typed = values
                    .iter()
                    .zip(table.columns)
                    .map(|(v, (name, kind))| {
                        param(v, *kind).ok_or_else(|| {
                            bad(
                                n,
                                format!("表 {} の列 {name} の値 {v} は型が違います", table.name),
                            )
                        })
                    })
                    .collect::<Result<Vec<Param>, StoreError>>()?;
                batch.push(typed);
            }
            rows::insert(&mut tx, table.name, &names, &batch).await?;
            count += rows;
        }
        if let Some((n, _)) = lines
            .next()
            .filter(|(_, l)| l.as_ref().is_ok_and(|l| !l.trim().is_empty()))
        {
            return Err(bad(n, "最後の表の後に余分な行があります".into()));
        }
        let identities: Vec<&str> = TABLES
            .iter()
            .filter(|t| t.identity)
            .map(|t| t.name)
            .collect();
        tx.move_ids_past_written(&identities).await?;
        tx.commit().await?;
        Ok(count)
    }
}

fn compare_keys(a: &[Value], b: &[Value]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = match (x, y) {
            (Value::Number(x), Value::Number(y)) => x.as_i64().cmp(&y.as_i64()),
            (Value::String(x), Value::String(y)) => x.as_bytes().cmp(y.as_bytes()),
            (Value::Null, Value::Null) => std::cmp::Ordering::Equal,
            (Value::Null, _) => std::cmp::Ordering::Less,
            (_, Value::Null) => std::cmp::Ordering::Greater,
            _ => std::cmp::Ordering::Equal,
        };
        if o.is_ne() {
            return o;
        }
    }
    std::cmp::Ordering::Equal
}

/// A backed-up value as the column's type; `None` when it is not of that type.
fn param(v: &Value, kind: Kind) -> Option<Param> {
    if v.is_null() {
        return Some(match kind {
            Int => Param::Int(None),
            Text => Param::Text(None),
            Float => Param::Float(None),
            Time => Param::Time(None),
        });
    }
    Some(match kind {
        Int => Param::Int(Some(v.as_i64()?)),
        Text => Param::Text(Some(v.as_str()?.to_owned())),
        Float => Param::Float(Some(v.as_f64()?)),
        Time => Param::Time(Some(
            DateTime::parse_from_rfc3339(v.as_str()?)
                .ok()?
                .with_timezone(&Utc),
        )),
    })
}
