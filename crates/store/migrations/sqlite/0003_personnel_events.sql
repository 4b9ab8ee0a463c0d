-- Personnel events (人事発令): one row per event, kept as history.
CREATE TABLE personnel_events (
    id            INTEGER PRIMARY KEY,
    staff_id      INTEGER NOT NULL REFERENCES staff(id),
    kind          TEXT NOT NULL,
    event_date    TEXT NOT NULL,
    end_date      TEXT,
    voluntary     INTEGER NOT NULL,
    partner_type  TEXT,
    partner       TEXT,
    from_grade    TEXT,
    to_grade      TEXT,
    note          TEXT,
    UNIQUE (staff_id, kind, event_date)
);
CREATE INDEX personnel_events_kind ON personnel_events (kind, event_date);
