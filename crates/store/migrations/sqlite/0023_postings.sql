-- 職員公募: postings (a project team or a post: duties, slots, window, the
-- assignment's term, who may apply, whether applications are hidden from
-- the applicant's 所属長 until selected) and the applications to them.

CREATE TABLE postings (
    id                    INTEGER PRIMARY KEY,
    fiscal_year           INTEGER NOT NULL,
    kind                  TEXT NOT NULL CHECK (kind IN ('project_team', 'post')),
    title                 TEXT NOT NULL,
    unit_code             TEXT NOT NULL,
    post                  TEXT,
    duties                TEXT NOT NULL,
    slots                 INTEGER NOT NULL CHECK (slots > 0),
    opens_on              TEXT NOT NULL,
    closes_on             TEXT NOT NULL,
    starts_on             TEXT NOT NULL,
    ends_on               TEXT,
    grades                TEXT NOT NULL,
    employment_types      TEXT NOT NULL,
    min_years_of_service  INTEGER NOT NULL CHECK (min_years_of_service >= 0),
    min_years_in_post     INTEGER NOT NULL CHECK (min_years_in_post >= 0),
    confidential          INTEGER NOT NULL,
    created_by            TEXT NOT NULL,
    created_at            TEXT NOT NULL,
    UNIQUE (fiscal_year, title)
);

CREATE TABLE posting_applications (
    id          INTEGER PRIMARY KEY,
    posting_id  INTEGER NOT NULL REFERENCES postings(id),
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    applied_on  TEXT NOT NULL,
    motivation  TEXT,
    status      TEXT NOT NULL CHECK (status IN ('applied', 'withdrawn', 'selected', 'not_selected')),
    decided_on  TEXT,
    decided_by  TEXT,
    UNIQUE (posting_id, staff_id)
);
CREATE INDEX posting_applications_staff ON posting_applications (staff_id);
