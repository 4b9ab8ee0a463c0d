-- Enumerated columns hold only their code lists' codes (the domain's
-- `Coded` enums and code lists; a store test keeps these lists the same).
-- SQLite cannot add a CHECK to an existing table, so triggers refuse
-- other values on insert and update, with the same message a CHECK gives.

CREATE TRIGGER participations_status_check_insert BEFORE INSERT ON participations
WHEN NEW.status NOT IN ('applied', 'approved', 'rejected', 'attended', 'absent', 'completed')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: participations_status_check'); END;

CREATE TRIGGER participations_status_check_update BEFORE UPDATE OF status ON participations
WHEN NEW.status NOT IN ('applied', 'approved', 'rejected', 'attended', 'absent', 'completed')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: participations_status_check'); END;

CREATE TRIGGER self_development_status_check_insert BEFORE INSERT ON self_development
WHEN NEW.status NOT IN ('applied', 'approved', 'rejected', 'completed', 'withdrawn')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: self_development_status_check'); END;

CREATE TRIGGER self_development_status_check_update BEFORE UPDATE OF status ON self_development
WHEN NEW.status NOT IN ('applied', 'approved', 'rejected', 'completed', 'withdrawn')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: self_development_status_check'); END;

CREATE TRIGGER self_development_kind_check_insert BEFORE INSERT ON self_development
WHEN NEW.kind NOT IN ('qualification', 'correspondence', 'lecture')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: self_development_kind_check'); END;

CREATE TRIGGER self_development_kind_check_update BEFORE UPDATE OF kind ON self_development
WHEN NEW.kind NOT IN ('qualification', 'correspondence', 'lecture')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: self_development_kind_check'); END;

CREATE TRIGGER personnel_events_kind_check_insert BEFORE INSERT ON personnel_events
WHEN NEW.kind NOT IN ('hire', 'promotion', 'demotion', 'transfer', 'secondment_out', 'secondment_in', 'exchange_out', 'exchange_in', 'reemployment', 'early_retirement', 'retirement')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: personnel_events_kind_check'); END;

CREATE TRIGGER personnel_events_kind_check_update BEFORE UPDATE OF kind ON personnel_events
WHEN NEW.kind NOT IN ('hire', 'promotion', 'demotion', 'transfer', 'secondment_out', 'secondment_in', 'exchange_out', 'exchange_in', 'reemployment', 'early_retirement', 'retirement')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: personnel_events_kind_check'); END;

CREATE TRIGGER courses_category_check_insert BEFORE INSERT ON courses
WHEN NEW.category NOT IN ('in_house', 'ojt', 'institute', 'specialist', 'company', 'university', 'correspondence')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: courses_category_check'); END;

CREATE TRIGGER courses_category_check_update BEFORE UPDATE OF category ON courses
WHEN NEW.category NOT IN ('in_house', 'ojt', 'institute', 'specialist', 'company', 'university', 'correspondence')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: courses_category_check'); END;
