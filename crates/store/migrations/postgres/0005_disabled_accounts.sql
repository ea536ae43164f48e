-- An account an administrator has disabled (as in SQLite's 0005).
ALTER TABLE accounts ADD COLUMN disabled_at TIMESTAMPTZ;
