-- Plans are versioned: importing a changed file adds a version, never rewrites one.
CREATE TABLE plans (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

CREATE TABLE plan_versions (
    id            INTEGER PRIMARY KEY,
    plan_id       INTEGER NOT NULL REFERENCES plans(id),
    version       INTEGER NOT NULL,
    title         TEXT NOT NULL,
    content_json  TEXT NOT NULL,
    source_toml   TEXT NOT NULL,
    imported_at   TEXT NOT NULL,
    imported_by   TEXT NOT NULL,
    UNIQUE (plan_id, version)
);

-- Every change to a measure's progress in a year is a new revision.
CREATE TABLE progress_revisions (
    id                INTEGER PRIMARY KEY,
    plan_id           INTEGER NOT NULL REFERENCES plans(id),
    node_code         TEXT NOT NULL,
    fiscal_year       INTEGER NOT NULL,
    revision          INTEGER NOT NULL,
    plan_version      INTEGER NOT NULL,
    status            TEXT NOT NULL,
    actual_value      REAL,
    actual_unit       TEXT,
    actual_text       TEXT,
    achievements      TEXT,
    issues            TEXT,
    direction         TEXT,
    grade             TEXT,
    grade_computed    INTEGER NOT NULL,
    grade_reason      TEXT,
    target_value      REAL,
    achievement_rate  REAL,
    owner_division    TEXT,
    author            TEXT NOT NULL,
    sample            INTEGER NOT NULL DEFAULT 0,
    recorded_at       TEXT NOT NULL,
    UNIQUE (plan_id, node_code, fiscal_year, revision)
);

CREATE TABLE year_locks (
    plan_id      INTEGER NOT NULL REFERENCES plans(id),
    fiscal_year  INTEGER NOT NULL,
    locked_at    TEXT NOT NULL,
    locked_by    TEXT NOT NULL,
    PRIMARY KEY (plan_id, fiscal_year)
);
