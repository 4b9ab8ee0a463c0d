-- Organisation units, versioned over date ranges (a reorganisation closes a
-- version and opens another; nothing is rewritten).
CREATE TABLE units (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    kana         TEXT NOT NULL,
    parent_code  TEXT,
    rotation     TEXT NOT NULL,
    valid_from   TEXT NOT NULL,
    valid_to     TEXT,
    UNIQUE (code, valid_from)
);

-- Names are kept as entered; *_key columns are for search and 五十音 order.
CREATE TABLE staff (
    id               INTEGER PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    kana             TEXT NOT NULL,
    name_key         TEXT NOT NULL,
    kana_key         TEXT NOT NULL,
    gender           TEXT,
    birth_date       TEXT,
    hire_date        TEXT NOT NULL,
    hiring_route     TEXT NOT NULL,
    employment_type  TEXT NOT NULL,
    job_grade        TEXT,
    qualifications   TEXT NOT NULL,
    status           TEXT NOT NULL,
    leaving_date     TEXT,
    leaving_reason   TEXT,
    updated_at       TEXT NOT NULL
);
CREATE INDEX staff_kana_key ON staff (kana_key);
CREATE INDEX staff_name_key ON staff (name_key);

CREATE TABLE assignments (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    unit_code   TEXT NOT NULL,
    post        TEXT,
    start_date  TEXT NOT NULL,
    end_date    TEXT,
    is_primary  INTEGER NOT NULL,
    UNIQUE (staff_id, unit_code, start_date, is_primary)
);
CREATE INDEX assignments_unit ON assignments (unit_code, start_date);
