-- A revision's actual may be the one computed from records, or a person's
-- override of it, with the reason kept in the history.
ALTER TABLE progress_revisions ADD COLUMN actual_computed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE progress_revisions ADD COLUMN override_reason TEXT;
