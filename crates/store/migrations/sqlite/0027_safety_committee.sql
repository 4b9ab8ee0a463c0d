-- The safety and health committee's meetings (安全衛生委員会): kept at
-- least three years, so a meeting is corrected in place and never deleted.
-- Attendees are a JSON list of names and posts.

CREATE TABLE committee_meetings (
    id           INTEGER PRIMARY KEY,
    held_on      TEXT NOT NULL,
    attendees    TEXT NOT NULL,
    agenda       TEXT NOT NULL,
    opinions     TEXT NOT NULL,
    measures     TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX committee_meetings_held ON committee_meetings (held_on);
