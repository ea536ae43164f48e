-- The people who sign in to the web application, and their sessions.
--
-- An account belongs to one municipality or, left empty, to the whole deployment (a
-- prefecture's staff); an editor changes only the indicators of its department. Failed
-- sign-ins are counted on the account so that its lockout holds across every instance behind
-- a proxy. A session is kept by the SHA-256 of its token: the token itself lives only in the
-- browser's cookie, so reading this table does not sign anyone in.
CREATE TABLE accounts (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE,
    password_hash       TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (CASE role WHEN 'admin' THEN 1 WHEN 'editor' THEN 1 WHEN 'viewer' THEN 1 ELSE 0 END),
    municipality_code   TEXT REFERENCES municipalities (code),
    department          TEXT,
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL,
    failed_logins       INTEGER NOT NULL DEFAULT 0,
    locked_until        TEXT,
    version             INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    csrf_token  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);
