-- Enumerated columns hold only their code lists' codes (the domain's
-- `Coded` enums and code lists; a store test keeps these lists the same).

ALTER TABLE participations ADD CONSTRAINT participations_status_check CHECK (status IN ('applied', 'approved', 'rejected', 'attended', 'absent', 'completed'));

ALTER TABLE self_development ADD CONSTRAINT self_development_status_check CHECK (status IN ('applied', 'approved', 'rejected', 'completed', 'withdrawn'));

ALTER TABLE self_development ADD CONSTRAINT self_development_kind_check CHECK (kind IN ('qualification', 'correspondence', 'lecture'));

ALTER TABLE personnel_events ADD CONSTRAINT personnel_events_kind_check CHECK (kind IN ('hire', 'promotion', 'demotion', 'transfer', 'secondment_out', 'secondment_in', 'exchange_out', 'exchange_in', 'reemployment', 'early_retirement', 'retirement'));

ALTER TABLE courses ADD CONSTRAINT courses_category_check CHECK (category IN ('in_house', 'ojt', 'institute', 'specialist', 'company', 'university', 'correspondence'));
