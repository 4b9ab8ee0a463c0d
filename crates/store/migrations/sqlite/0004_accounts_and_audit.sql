-- Accounts, roles, sessions, API tokens and the audit log.

CREATE TABLE users (
    id               INTEGER PRIMARY KEY,
    login            TEXT NOT NULL UNIQUE,
    display_name     TEXT NOT NULL,
    password_hash    TEXT NOT NULL,
    -- The staff record this account belongs to (職員 and 所属長 roles).
    staff_number     TEXT,
    disabled         INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);

-- A person may hold several roles; a 所属長 role names the unit it heads.
CREATE TABLE user_roles (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    role       TEXT NOT NULL,
    unit_code  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (user_id, role, unit_code)
);

-- Sessions: only a hash of the cookie's secret is stored.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    csrf_token  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed logins per login name, for throttling.
CREATE TABLE login_failures (
    login         TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    first_failed  TEXT NOT NULL,
    locked_until  TEXT
);

-- API tokens: issued by an administrator for one role of one user.
CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    role        TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);

-- Append-only, hash-chained: each entry's hash covers the previous hash.
CREATE TABLE audit_log (
    seq          INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    record_type  TEXT NOT NULL,
    record_key   TEXT NOT NULL,
    detail       TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_actor ON audit_log (actor, seq);
CREATE INDEX audit_record ON audit_log (record_type, record_key, seq);

-- The chain's head: updated first in every append, which serialises
-- appenders on both engines (a row lock here, the write lock on SQLite).
CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY,
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
