-- Women's advancement (女性活躍推進法): the records its figures need that no
-- other module keeps — children's births, family leave, each person's pay
-- over a fiscal year — and the city's targets, its minimum group size and
-- the years it has published to citizens.

CREATE TABLE child_births (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    born_on     TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (staff_id, born_on)
);
CREATE INDEX child_births_born_on ON child_births (born_on);

CREATE TABLE family_leaves (
    id             INTEGER PRIMARY KEY,
    staff_id       INTEGER NOT NULL REFERENCES staff(id),
    kind           TEXT NOT NULL CHECK (kind IN ('childcare', 'spouse_birth', 'participation')),
    valid_from     TEXT NOT NULL,
    valid_to       TEXT NOT NULL,
    child_born_on  TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (staff_id, kind, valid_from),
    CHECK (valid_to >= valid_from)
);
CREATE INDEX family_leaves_from ON family_leaves (valid_from);

CREATE TABLE annual_pay (
    staff_id     INTEGER NOT NULL REFERENCES staff(id),
    fiscal_year  INTEGER NOT NULL,
    amount       INTEGER NOT NULL CHECK (amount >= 0),
    months       INTEGER NOT NULL CHECK (months BETWEEN 1 AND 12),
    -- From the attendance system, when it gives them: overtime hours over
    -- the year, annual leave days granted and taken.
    overtime_hours INTEGER CHECK (overtime_hours >= 0),
    leave_granted  REAL CHECK (leave_granted >= 0),
    leave_taken    REAL CHECK (leave_taken >= 0),
    PRIMARY KEY (staff_id, fiscal_year)
);
CREATE INDEX annual_pay_year ON annual_pay (fiscal_year);

CREATE TABLE women_targets (
    item           TEXT NOT NULL,
    grp            TEXT NOT NULL,
    value          REAL NOT NULL,
    target_year    INTEGER NOT NULL,
    baseline_year  INTEGER,
    actions        TEXT,
    updated_by     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (item, grp)
);

CREATE TABLE women_settings (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    min_group  INTEGER NOT NULL CHECK (min_group BETWEEN 1 AND 1000)
);
INSERT INTO women_settings (id, min_group) VALUES (1, 10);

CREATE TABLE women_publications (
    fiscal_year   INTEGER PRIMARY KEY,
    published_at  TEXT NOT NULL,
    published_by  TEXT NOT NULL
);
