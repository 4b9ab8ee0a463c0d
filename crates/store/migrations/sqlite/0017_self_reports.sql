-- 自己申告: a window per fiscal year, its named readers, the reports and
-- their wishes. The health and family field is read only by HR and the
-- window's readers (checked by the use cases; every read audited).

CREATE TABLE self_report_windows (
    id              INTEGER PRIMARY KEY,
    fiscal_year     INTEGER NOT NULL UNIQUE,
    opens_on        TEXT NOT NULL,
    closes_on       TEXT NOT NULL,
    reference_date  TEXT NOT NULL,
    readers         TEXT NOT NULL,
    opened_by       TEXT NOT NULL,
    opened_at       TEXT NOT NULL
);

CREATE TABLE self_reports (
    id            INTEGER PRIMARY KEY,
    window_id     INTEGER NOT NULL REFERENCES self_report_windows(id),
    staff_id      INTEGER NOT NULL REFERENCES staff(id),
    duties        TEXT NOT NULL,
    stay          INTEGER NOT NULL,
    career        TEXT,
    health        TEXT,
    free_opinion  TEXT,
    submitted_at  TEXT NOT NULL,
    UNIQUE (window_id, staff_id)
);

CREATE TABLE self_report_wishes (
    report_id  INTEGER NOT NULL REFERENCES self_reports(id),
    rank       INTEGER NOT NULL,
    unit_code  TEXT,
    work       TEXT,
    PRIMARY KEY (report_id, rank)
);
