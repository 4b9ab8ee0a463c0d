-- Bumped by every write to the records indicators count (imports,
-- attendance), so counts cached by the server are dropped when records
-- change, whichever process changed them.
CREATE TABLE records_version (
    id       BIGINT PRIMARY KEY,
    version  BIGINT NOT NULL
);
INSERT INTO records_version (id, version) VALUES (1, 0);
