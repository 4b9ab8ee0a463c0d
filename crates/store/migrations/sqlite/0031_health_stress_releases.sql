-- A year's stress-check group analysis as the health staff released it to
-- HR, once, as of a fixed day: HR reads only this, so two reads can never
-- differ by one person's result. `groups` holds the groups as HR sees them
-- (JSON: means and risks of groups of ten or more; the rest withheld).

CREATE TABLE health_stress_releases (
    fiscal_year  INTEGER PRIMARY KEY,
    released_on  TEXT NOT NULL,
    as_of        TEXT NOT NULL,
    groups       TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
