-- A sheet uploaded in the browser, held between its preview (what was read, the diff) and the
-- confirmation that imports it: nothing reaches a plan before the person confirms. Held in the
-- database so that the confirmation may reach another instance behind a proxy; only the account
-- that uploaded it may confirm it; a day later it is removed. Not backed up.
CREATE TABLE held_uploads (
    id                INTEGER PRIMARY KEY,
    account_id        INTEGER NOT NULL REFERENCES accounts (id),
    file_name         TEXT NOT NULL,
    municipality_code TEXT NOT NULL,
    plan_name         TEXT,
    bytes             BLOB NOT NULL,
    created_at        TEXT NOT NULL
);

-- The audit log by plan: its newest entry is the plan's revision, which the web checks on
-- every page to know whether the evaluation it keeps is still the plan's.
CREATE INDEX audit_log_by_plan ON audit_log (plan_id, id);
