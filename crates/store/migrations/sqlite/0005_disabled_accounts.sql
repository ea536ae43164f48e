-- An account an administrator has disabled (staff who left): it cannot sign in and its
-- sessions are ended; it is kept, with its history, and may be enabled again.
ALTER TABLE accounts ADD COLUMN disabled_at TEXT;
