-- A period's rating distribution, once HR publishes it (withheld cells and
-- all), shows on the public page; publishing is recorded here and audited.
ALTER TABLE evaluation_periods ADD COLUMN published_at TEXT;
ALTER TABLE evaluation_periods ADD COLUMN published_by TEXT;
