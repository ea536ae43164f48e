-- shinchoku's schema for SQLite; migrations/postgres holds the same model in PostgreSQL's
-- dialect. Timestamps are UTC, RFC 3339 text with microseconds. Parts of a plan that are
-- replaced whole when a newer sheet is imported (goals, projects, outcomes, notes, findings)
-- are keyed by their position in the plan; indicators keep an id of their own, so that their
-- values, comments and history survive a re-import.

CREATE TABLE municipalities (
    code        TEXT PRIMARY KEY CHECK (length(code) = 6),
    name        TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE departments (
    id                INTEGER PRIMARY KEY,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    name              TEXT NOT NULL,
    UNIQUE (municipality_code, name)
);

CREATE TABLE plans (
    id                INTEGER PRIMARY KEY,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    name              TEXT NOT NULL,
    title             TEXT,
    municipality_name TEXT,
    period_first      INTEGER,
    period_last       INTEGER,
    period_source     TEXT CHECK (period_source IN ('stated', 'statutory', 'sheet_columns')),
    policy            TEXT NOT NULL DEFAULT 'default',
    policy_overrides  TEXT,
    council_layout    TEXT,
    source_layout     TEXT,
    status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    UNIQUE (municipality_code, name)
);

CREATE TABLE plan_fiscal_years (
    plan_id     INTEGER NOT NULL REFERENCES plans (id),
    position    INTEGER NOT NULL,
    fiscal_year INTEGER NOT NULL,
    PRIMARY KEY (plan_id, position)
);

CREATE TABLE goals (
    plan_id  INTEGER NOT NULL REFERENCES plans (id),
    position INTEGER NOT NULL,
    title    TEXT NOT NULL,
    parent   INTEGER,
    location TEXT,
    PRIMARY KEY (plan_id, position),
    FOREIGN KEY (plan_id, parent) REFERENCES goals (plan_id, position) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE projects (
    plan_id  INTEGER NOT NULL REFERENCES plans (id),
    position INTEGER NOT NULL,
    number   TEXT,
    name     TEXT NOT NULL,
    category TEXT,
    goal     INTEGER,
    location TEXT,
    PRIMARY KEY (plan_id, position),
    FOREIGN KEY (plan_id, goal) REFERENCES goals (plan_id, position) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE outcomes (
    plan_id   INTEGER NOT NULL REFERENCES plans (id),
    position  INTEGER NOT NULL,
    statement TEXT NOT NULL,
    goal      INTEGER,
    PRIMARY KEY (plan_id, position),
    FOREIGN KEY (plan_id, goal) REFERENCES goals (plan_id, position) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE outcome_projects (
    plan_id  INTEGER NOT NULL,
    outcome  INTEGER NOT NULL,
    position INTEGER NOT NULL,
    project  INTEGER NOT NULL,
    PRIMARY KEY (plan_id, outcome, position),
    FOREIGN KEY (plan_id, outcome) REFERENCES outcomes (plan_id, position) DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (plan_id, project) REFERENCES projects (plan_id, position) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE notes (
    plan_id  INTEGER NOT NULL REFERENCES plans (id),
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    location TEXT,
    PRIMARY KEY (plan_id, position)
);

CREATE TABLE indicators (
    id                  INTEGER PRIMARY KEY,
    plan_id             INTEGER NOT NULL REFERENCES plans (id),
    key                 TEXT NOT NULL,
    position            INTEGER,
    name                TEXT NOT NULL,
    group_name          TEXT,
    definition          TEXT,
    category            TEXT,
    department_id       INTEGER REFERENCES departments (id),
    unit                TEXT,
    goal                INTEGER,
    outcome             INTEGER,
    polarity            TEXT CHECK (polarity IN ('increase', 'decrease', 'maintain')),
    polarity_set_by     TEXT,
    polarity_reason     TEXT,
    accumulation        TEXT CHECK (accumulation IN ('none', 'running_total', 'yearly_sum')),
    accumulation_set_by TEXT,
    accumulation_reason TEXT,
    baseline_raw        TEXT,
    baseline_year       INTEGER,
    location            TEXT,
    version             INTEGER NOT NULL DEFAULT 1,
    UNIQUE (plan_id, key),
    FOREIGN KEY (plan_id, goal) REFERENCES goals (plan_id, position) DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (plan_id, outcome) REFERENCES outcomes (plan_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX indicators_by_plan ON indicators (plan_id, position);

CREATE TABLE indicator_projects (
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    position     INTEGER NOT NULL,
    plan_id      INTEGER NOT NULL,
    project      INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, position),
    FOREIGN KEY (plan_id, project) REFERENCES projects (plan_id, position) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE indicator_notes (
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    position     INTEGER NOT NULL,
    plan_id      INTEGER NOT NULL,
    note         INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, position),
    FOREIGN KEY (plan_id, note) REFERENCES notes (plan_id, position) DEFERRABLE INITIALLY DEFERRED
);

-- One figure of an indicator: target, actual, the grade the city gave itself, the 達成率 the
-- sheet states. The raw text is the record; number is the figure it reads as, for SQL readers.
CREATE TABLE indicator_values (
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    series       TEXT NOT NULL CHECK (series IN ('target', 'actual', 'self_grade', 'stated_achievement')),
    fiscal_year  INTEGER NOT NULL,
    raw          TEXT NOT NULL,
    number       REAL,
    version      INTEGER NOT NULL DEFAULT 1,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    PRIMARY KEY (indicator_id, series, fiscal_year)
);

-- Where each target and actual (blank cells too, so that a finding can point at the cell to
-- fill in) and each self-assessed grade was read in the indicator's sheet, in reading order.
CREATE TABLE read_cells (
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    read_order   INTEGER NOT NULL,
    series       TEXT NOT NULL CHECK (series IN ('target', 'actual', 'self_grade', 'stated_achievement')),
    fiscal_year  INTEGER NOT NULL,
    read_row     INTEGER NOT NULL,
    read_column  INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, read_order)
);

CREATE TABLE blank_reasons (
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    fiscal_year  INTEGER NOT NULL,
    reason       TEXT NOT NULL CHECK (reason IN ('not_known', 'not_survey_year', 'project_ended')),
    version      INTEGER NOT NULL DEFAULT 1,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    PRIMARY KEY (indicator_id, fiscal_year)
);

-- 評価・課題・今後の方向性 of an indicator in a fiscal year.
CREATE TABLE comments (
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    fiscal_year  INTEGER NOT NULL,
    aspect       TEXT NOT NULL CHECK (aspect IN ('evaluation', 'issues', 'direction')),
    body         TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    PRIMARY KEY (indicator_id, fiscal_year, aspect)
);

-- A target changed after it was first set (中間見直し), with its reason.
CREATE TABLE target_revisions (
    id           INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    fiscal_year  INTEGER NOT NULL,
    before_raw   TEXT,
    after_raw    TEXT,
    reason       TEXT,
    revised_at   TEXT NOT NULL,
    revised_by   TEXT NOT NULL
);
CREATE INDEX target_revisions_by_indicator ON target_revisions (indicator_id, fiscal_year);

-- What the reading of the plan's sheet found; the data-quality checks over the whole plan are
-- made again on every load, so that they follow later edits.
CREATE TABLE findings (
    plan_id   INTEGER NOT NULL REFERENCES plans (id),
    position  INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    message   TEXT NOT NULL,
    location  TEXT,
    indicator INTEGER,
    detail    TEXT NOT NULL,
    PRIMARY KEY (plan_id, position)
);

CREATE TABLE import_batches (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plans (id),
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    byte_size   INTEGER NOT NULL,
    layout      TEXT,
    changes     INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);
CREATE INDEX import_batches_by_plan ON import_batches (plan_id, id);

-- Every change, who made it, when, by which way, before → after. Nothing updates or deletes
-- a row of it.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    via      TEXT NOT NULL CHECK (via IN ('web', 'cli', 'import', 'restore')),
    action   TEXT NOT NULL,
    plan_id      INTEGER,
    indicator_id INTEGER,
    subject  TEXT NOT NULL,
    before   TEXT,
    after    TEXT,
    batch_id INTEGER
);
CREATE INDEX audit_log_by_indicator ON audit_log (indicator_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
