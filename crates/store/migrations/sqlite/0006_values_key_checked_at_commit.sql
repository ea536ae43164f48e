-- The values' foreign key is checked at commit (DEFERRABLE INITIALLY DEFERRED); same columns,
-- same rows.
--
-- A statement that inserts many rows and may abort half-way (an immediate foreign key, or the
-- default ON CONFLICT ABORT) makes SQLite keep a statement journal: a copy of each page the
-- transaction wrote before the statement and the statement changes or moves out of the cache.
-- A large load's pages keep leaving the cache, so the journal held more bytes than the database
-- itself (174 MB for the 146 MB of 2.09 million values). With the key checked
-- at commit, the bulk insert (INSERT OR FAIL: a failure fails the whole load anyway) needs no
-- statement journal. The transaction still cannot commit a value of no indicator.
CREATE TABLE indicator_values_deferred (
    indicator_id INTEGER NOT NULL REFERENCES indicators (id) DEFERRABLE INITIALLY DEFERRED,
    series       TEXT NOT NULL CHECK (CASE series WHEN 'target' THEN 1 WHEN 'actual' THEN 1 WHEN 'self_grade' THEN 1 WHEN 'stated_achievement' THEN 1 ELSE 0 END),
    fiscal_year  INTEGER NOT NULL,
    raw          TEXT NOT NULL,
    number       REAL,
    version      INTEGER NOT NULL DEFAULT 1,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    PRIMARY KEY (indicator_id, series, fiscal_year)
) WITHOUT ROWID;

INSERT INTO indicator_values_deferred
    (indicator_id, series, fiscal_year, raw, number, version, updated_at, updated_by)
SELECT indicator_id, series, fiscal_year, raw, number, version, updated_at, updated_by
FROM indicator_values;

DROP TABLE indicator_values;
ALTER TABLE indicator_values_deferred RENAME TO indicator_values;
