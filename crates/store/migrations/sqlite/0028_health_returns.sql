-- Return to work (職場復帰支援): one row a case. The whole case — its
-- notes, the 試し出勤 stages, the work limits, what the 所属長 is told —
-- is sealed with the health key; the plain columns are the days counts and
-- lists need (the leave's first day, the return, the end).

CREATE TABLE health_returns (
    id            INTEGER PRIMARY KEY,
    staff_id      INTEGER NOT NULL REFERENCES staff(id),
    leave_from    TEXT NOT NULL,
    returned_on   TEXT,
    completed_on  TEXT,
    closed_on     TEXT,
    sealed        BLOB NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL
);
CREATE INDEX health_returns_staff ON health_returns (staff_id);
CREATE INDEX health_returns_leave ON health_returns (leave_from);
