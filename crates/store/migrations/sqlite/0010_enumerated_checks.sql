-- Enumerated columns hold only their code lists' codes (the domain's
-- `Coded` enums and code lists; the store test
-- `enumerated_columns_are_checked_against_their_code_lists` keeps these
-- lists the same as the code lists).
--
-- SQLite cannot add a CHECK to an existing table: the tables are rebuilt
-- with it (no other table refers to them). `courses`, which sessions and
-- topics refer to, gets triggers that refuse other values instead, with
-- the message a CHECK gives.

CREATE TABLE participations_checked (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES training_sessions(id),
    staff_id      INTEGER NOT NULL REFERENCES staff(id),
    status        TEXT NOT NULL CONSTRAINT participations_status_check
                  CHECK (status IN ('applied', 'approved', 'rejected', 'attended', 'absent', 'completed')),
    result        TEXT,
    certificate   TEXT,
    satisfaction  INTEGER,
    comment       TEXT,
    UNIQUE (session_id, staff_id)
);
INSERT INTO participations_checked SELECT id, session_id, staff_id, status, result, certificate,
    satisfaction, comment FROM participations;
DROP TABLE participations;
ALTER TABLE participations_checked RENAME TO participations;
CREATE INDEX participations_staff ON participations (staff_id);

CREATE TABLE self_development_checked (
    id              INTEGER PRIMARY KEY,
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    kind            TEXT NOT NULL CONSTRAINT self_development_kind_check
                    CHECK (kind IN ('qualification', 'correspondence', 'lecture')),
    title           TEXT NOT NULL,
    applied_date    TEXT NOT NULL,
    status          TEXT NOT NULL CONSTRAINT self_development_status_check
                    CHECK (status IN ('applied', 'approved', 'rejected', 'completed', 'withdrawn')),
    subsidy         INTEGER,
    completed_date  TEXT,
    qualification   TEXT,
    note            TEXT,
    UNIQUE (staff_id, title, applied_date)
);
INSERT INTO self_development_checked SELECT id, staff_id, kind, title, applied_date, status,
    subsidy, completed_date, qualification, note FROM self_development;
DROP TABLE self_development;
ALTER TABLE self_development_checked RENAME TO self_development;
CREATE INDEX self_development_applied ON self_development (applied_date);

CREATE TABLE personnel_events_checked (
    id            INTEGER PRIMARY KEY,
    staff_id      INTEGER NOT NULL REFERENCES staff(id),
    kind          TEXT NOT NULL CONSTRAINT personnel_events_kind_check
                  CHECK (kind IN ('hire', 'promotion', 'demotion', 'transfer', 'secondment_out', 'secondment_in', 'exchange_out', 'exchange_in', 'reemployment', 'early_retirement', 'retirement')),
    event_date    TEXT NOT NULL,
    end_date      TEXT,
    voluntary     INTEGER NOT NULL,
    partner_type  TEXT,
    partner       TEXT,
    from_grade    TEXT,
    to_grade      TEXT,
    note          TEXT,
    UNIQUE (staff_id, kind, event_date)
);
INSERT INTO personnel_events_checked SELECT id, staff_id, kind, event_date, end_date, voluntary,
    partner_type, partner, from_grade, to_grade, note FROM personnel_events;
DROP TABLE personnel_events;
ALTER TABLE personnel_events_checked RENAME TO personnel_events;
CREATE INDEX personnel_events_kind ON personnel_events (kind, event_date);

-- Categories were once stored as typed (a label, in either language, any
-- case): they become their codes before the constraint holds them.
UPDATE courses SET category = CASE
    WHEN LOWER(REPLACE(REPLACE(TRIM(category), '（', '('), '）', ')')) IN ('in-house training', 'in_house', '庁内研修')
        OR TRIM(category) = '庁内研修' THEN 'in_house'
    WHEN LOWER(REPLACE(REPLACE(TRIM(category), '（', '('), '）', ')')) IN ('ojt', 'on-the-job training', '職場研修(ojt)')
        OR TRIM(category) = '職場研修（OJT）' THEN 'ojt'
    WHEN LOWER(REPLACE(REPLACE(TRIM(category), '（', '('), '）', ')')) IN ('institute', 'training institute', '研修所派遣')
        OR TRIM(category) = '研修所派遣' THEN 'institute'
    WHEN LOWER(REPLACE(REPLACE(TRIM(category), '（', '('), '）', ')')) IN ('specialist', 'specialist training', '専門研修')
        OR TRIM(category) = '専門研修' THEN 'specialist'
    WHEN LOWER(REPLACE(REPLACE(TRIM(category), '（', '('), '）', ')')) IN ('company', 'secondment to a company', '民間企業派遣研修')
        OR TRIM(category) = '民間企業派遣研修' THEN 'company'
    WHEN LOWER(REPLACE(REPLACE(TRIM(category), '（', '('), '）', ')')) IN ('university', 'university programme', '大学等との連携')
        OR TRIM(category) = '大学等との連携' THEN 'university'
    WHEN LOWER(REPLACE(REPLACE(TRIM(category), '（', '('), '）', ')')) IN ('correspondence', 'correspondence course', '通信教育')
        OR TRIM(category) = '通信教育' THEN 'correspondence'
    ELSE category END;

CREATE TRIGGER courses_category_check_insert BEFORE INSERT ON courses
WHEN NOT (NEW.category IN ('in_house', 'ojt', 'institute', 'specialist', 'company', 'university', 'correspondence'))
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: courses_category_check'); END;

CREATE TRIGGER courses_category_check_update BEFORE UPDATE OF category ON courses
WHEN NOT (NEW.category IN ('in_house', 'ojt', 'institute', 'specialist', 'company', 'university', 'correspondence'))
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: courses_category_check'); END;
