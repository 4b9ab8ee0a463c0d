-- 昇任試験・選考: a year's exam per level with its eligibility rules (judged
-- on the reference date), its components and their weights; applications
-- with the sitting, the marks per component, the result and the promotion
-- that followed; past papers and model answers (過去問題).

CREATE TABLE exams (
    id                    INTEGER PRIMARY KEY,
    fiscal_year           INTEGER NOT NULL,
    level                 TEXT NOT NULL,
    title                 TEXT NOT NULL,
    opens_on              TEXT NOT NULL,
    closes_on             TEXT NOT NULL,
    held_on               TEXT NOT NULL,
    reference_date        TEXT NOT NULL,
    min_years_of_service  INTEGER NOT NULL CHECK (min_years_of_service >= 0),
    min_years_in_grade    INTEGER NOT NULL CHECK (min_years_in_grade >= 0),
    max_age               INTEGER CHECK (max_age > 0),
    pass_mark             INTEGER NOT NULL CHECK (pass_mark BETWEEN 0 AND 100),
    created_by            TEXT NOT NULL,
    created_at            TEXT NOT NULL,
    UNIQUE (fiscal_year, level)
);

CREATE TABLE exam_eligible_grades (
    exam_id    INTEGER NOT NULL REFERENCES exams(id),
    job_grade  TEXT NOT NULL,
    PRIMARY KEY (exam_id, job_grade)
);

CREATE TABLE exam_eligible_types (
    exam_id          INTEGER NOT NULL REFERENCES exams(id),
    employment_type  TEXT NOT NULL,
    PRIMARY KEY (exam_id, employment_type)
);

CREATE TABLE exam_components (
    exam_id    INTEGER NOT NULL REFERENCES exams(id),
    position   INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('choice', 'essay', 'interview', 'record', 'other')),
    weight     INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 100),
    max_score  INTEGER NOT NULL CHECK (max_score BETWEEN 1 AND 1000),
    PRIMARY KEY (exam_id, position),
    UNIQUE (exam_id, kind)
);

CREATE TABLE exam_applications (
    id                  INTEGER PRIMARY KEY,
    exam_id             INTEGER NOT NULL REFERENCES exams(id),
    staff_id            INTEGER NOT NULL REFERENCES staff(id),
    applied_at          TEXT NOT NULL,
    withdrawn_at        TEXT,
    sat                 INTEGER CHECK (sat IN (0, 1)),
    total               REAL,
    passed              INTEGER CHECK (passed IN (0, 1)),
    promotion_event_id  INTEGER REFERENCES personnel_events(id),
    UNIQUE (exam_id, staff_id)
);
CREATE INDEX exam_applications_staff ON exam_applications (staff_id);

CREATE TABLE exam_scores (
    application_id  INTEGER NOT NULL REFERENCES exam_applications(id),
    position        INTEGER NOT NULL,
    score           INTEGER NOT NULL CHECK (score >= 0),
    PRIMARY KEY (application_id, position)
);

CREATE TABLE exam_papers (
    id            INTEGER PRIMARY KEY,
    exam_id       INTEGER NOT NULL REFERENCES exams(id),
    kind          TEXT NOT NULL CHECK (kind IN ('question', 'answer')),
    title         TEXT NOT NULL,
    content_type  TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'text/plain')),
    body          BLOB NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    published_on  TEXT NOT NULL,
    uploaded_by   TEXT NOT NULL,
    uploaded_at   TEXT NOT NULL
);
CREATE INDEX exam_papers_exam ON exam_papers (exam_id);
