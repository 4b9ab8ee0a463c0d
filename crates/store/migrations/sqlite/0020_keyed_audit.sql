-- The audit chain is keyed (see crates/store/src/audit.rs): entries from
-- the seal on carry an HMAC under a key kept outside the database. The head
-- records which entry is the seal, and may only advance with the log.

ALTER TABLE audit_head ADD COLUMN sealed_at INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER audit_head_no_insert BEFORE INSERT ON audit_head
BEGIN SELECT RAISE(ABORT, 'the audit head is a single row'); END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'the audit head cannot be deleted'); END;
-- One step forward, onto the entry just appended; the seal is set once.
CREATE TRIGGER audit_head_advances BEFORE UPDATE ON audit_head
WHEN NEW.id IS NOT OLD.id
  OR NEW.seq IS NOT OLD.seq + 1
  OR NEW.hash IS NOT (SELECT hash FROM audit_log WHERE seq = NEW.seq)
  OR (NEW.sealed_at IS NOT OLD.sealed_at AND (OLD.sealed_at != 0 OR NEW.sealed_at != NEW.seq))
BEGIN SELECT RAISE(ABORT, 'the audit head only advances with the log'); END;
