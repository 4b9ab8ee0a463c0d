-- The note on a self-development application: the reason for a rejection
-- (required then), or anything HR records with a step.
ALTER TABLE self_development ADD COLUMN note TEXT;
