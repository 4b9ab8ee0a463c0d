-- Training (研修): the catalogue, the sessions held and who took part; the
-- units' workplace-training plans, self-development support and the
-- training-needs survey.
CREATE TABLE courses (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    category         TEXT NOT NULL,
    provider         TEXT,
    audience_types   TEXT NOT NULL,
    audience_grades  TEXT NOT NULL,
    hours            REAL,
    cost             INTEGER,
    note             TEXT
);

-- A course's topics, one row each, so that indicators filter on them.
CREATE TABLE course_topics (
    course_id  INTEGER NOT NULL REFERENCES courses(id),
    topic      TEXT NOT NULL,
    PRIMARY KEY (course_id, topic)
);
CREATE INDEX course_topics_topic ON course_topics (topic, course_id);

CREATE TABLE training_sessions (
    id          INTEGER PRIMARY KEY,
    course_id   INTEGER NOT NULL REFERENCES courses(id),
    start_date  TEXT NOT NULL,
    end_date    TEXT,
    place       TEXT,
    capacity    INTEGER,
    unit_code   TEXT,
    note        TEXT,
    UNIQUE (course_id, start_date)
);
CREATE INDEX training_sessions_start ON training_sessions (start_date);

CREATE TABLE participations (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES training_sessions(id),
    staff_id      INTEGER NOT NULL REFERENCES staff(id),
    status        TEXT NOT NULL,
    result        TEXT,
    certificate   TEXT,
    satisfaction  INTEGER,
    comment       TEXT,
    UNIQUE (session_id, staff_id)
);
CREATE INDEX participations_staff ON participations (staff_id);

CREATE TABLE ojt_plans (
    id                INTEGER PRIMARY KEY,
    unit_code         TEXT NOT NULL,
    fiscal_year       INTEGER NOT NULL,
    theme             TEXT NOT NULL,
    planned_sessions  INTEGER NOT NULL,
    note              TEXT,
    UNIQUE (unit_code, fiscal_year)
);

CREATE TABLE self_development (
    id              INTEGER PRIMARY KEY,
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    applied_date    TEXT NOT NULL,
    status          TEXT NOT NULL,
    subsidy         INTEGER,
    completed_date  TEXT,
    qualification   TEXT,
    UNIQUE (staff_id, title, applied_date)
);
CREATE INDEX self_development_applied ON self_development (applied_date);

CREATE TABLE training_needs (
    id           INTEGER PRIMARY KEY,
    fiscal_year  INTEGER NOT NULL,
    staff_id     INTEGER REFERENCES staff(id),
    topic        TEXT NOT NULL,
    request      TEXT
);
CREATE INDEX training_needs_year ON training_needs (fiscal_year, topic);
