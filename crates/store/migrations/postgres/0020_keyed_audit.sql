-- The audit chain is keyed (see crates/store/src/audit.rs): entries from
-- the seal on carry an HMAC under a key kept outside the database. The head
-- records which entry is the seal, and may only advance with the log.
--
-- The rules of 0004 turned an UPDATE or DELETE of the log into nothing,
-- silently, and did not cover TRUNCATE: triggers that raise replace them.

ALTER TABLE audit_head ADD COLUMN sealed_at BIGINT NOT NULL DEFAULT 0;

DROP RULE audit_log_no_update ON audit_log;
DROP RULE audit_log_no_delete ON audit_log;

CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER audit_head_no_insert_delete BEFORE INSERT OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();

-- One step forward, onto the entry just appended; the seal is set once.
CREATE FUNCTION audit_head_advance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM OLD.id
       OR NEW.seq IS DISTINCT FROM OLD.seq + 1
       OR NEW.hash IS DISTINCT FROM (SELECT hash FROM audit_log WHERE seq = NEW.seq)
       OR (NEW.sealed_at IS DISTINCT FROM OLD.sealed_at
           AND (OLD.sealed_at <> 0 OR NEW.sealed_at <> NEW.seq)) THEN
        RAISE EXCEPTION 'the audit head only advances with the log'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER audit_head_advances BEFORE UPDATE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_advance();
