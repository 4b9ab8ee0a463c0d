-- Fiscal years of a plan's progress that HR has published to citizens
-- (the public page shows these and nothing else).
CREATE TABLE publications (
    plan_id       INTEGER NOT NULL REFERENCES plans(id),
    fiscal_year   INTEGER NOT NULL,
    published_at  TEXT NOT NULL,
    published_by  TEXT NOT NULL,
    PRIMARY KEY (plan_id, fiscal_year)
);
