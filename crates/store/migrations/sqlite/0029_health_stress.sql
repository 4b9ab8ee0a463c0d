-- The stress check (ストレスチェック): one row a person and fiscal year (the
-- row's existence: due). Whether it was taken, and when, is plain (HR sees
-- participation); the scores, the high-stress flag and the interview
-- offered, asked for and held are sealed with the health key. Results are
-- kept (at least five years): never deleted.

CREATE TABLE health_stress (
    id           INTEGER PRIMARY KEY,
    staff_id     INTEGER NOT NULL REFERENCES staff(id),
    fiscal_year  INTEGER NOT NULL,
    taken_on     TEXT,
    sealed       BLOB NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    UNIQUE (staff_id, fiscal_year)
);
CREATE INDEX health_stress_year ON health_stress (fiscal_year);

-- The method of group analysis the safety and health committee approved
-- for a year (a group under ten is shown only by it): merge_small = 1
-- merges units too small into their parent's group.
CREATE TABLE health_stress_methods (
    fiscal_year  INTEGER PRIMARY KEY,
    merge_small  INTEGER NOT NULL,
    approved_on  TEXT NOT NULL,
    description  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
