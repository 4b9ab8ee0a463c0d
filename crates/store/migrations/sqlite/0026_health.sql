-- Health (要配慮個人情報): check-ups and consultations, in tables of their
-- own. What a record says — a check-up's outcome, follow-up and note, a
-- consultation's kind, note and follow-up — is kept only sealed with the
-- health key (`sealed`: XChaCha20-Poly1305), which is never stored here;
-- the plain columns are what counts need (who, which year, which day, with
-- whom). `health_store` holds a value sealed with the key, by which a key
-- given at start is known to be the right one.

CREATE TABLE health_store (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    key_check  BLOB NOT NULL,
    keyed_at   TEXT NOT NULL
);

CREATE TABLE health_checkups (
    id           INTEGER PRIMARY KEY,
    staff_id     INTEGER NOT NULL REFERENCES staff(id),
    fiscal_year  INTEGER NOT NULL,
    attended_on  TEXT,
    sealed       BLOB NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    UNIQUE (staff_id, fiscal_year)
);
CREATE INDEX health_checkups_year ON health_checkups (fiscal_year);

CREATE TABLE health_consultations (
    id           INTEGER PRIMARY KEY,
    staff_id     INTEGER NOT NULL REFERENCES staff(id),
    held_on      TEXT NOT NULL,
    counsellor   TEXT NOT NULL CHECK (counsellor IN ('physician', 'nurse')),
    sealed       BLOB NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX health_consultations_held ON health_consultations (held_on);
CREATE INDEX health_consultations_staff ON health_consultations (staff_id);
