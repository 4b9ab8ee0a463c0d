-- Suspected leaks of health records (要配慮個人情報の漏えい等): each one
-- recorded by an administrator with its two reports' deadlines (速報,
-- 確報) and the people affected. Kept, never deleted.

CREATE TABLE health_leaks (
    id                   INTEGER PRIMARY KEY,
    discovered_on        TEXT NOT NULL,
    description          TEXT NOT NULL,
    intentional          INTEGER NOT NULL,
    preliminary_due      TEXT NOT NULL,
    final_due            TEXT NOT NULL,
    preliminary_sent_on  TEXT,
    final_sent_on        TEXT,
    recorded_by          TEXT NOT NULL,
    recorded_at          TEXT NOT NULL
);

CREATE TABLE health_leak_people (
    leak_id   INTEGER NOT NULL REFERENCES health_leaks(id),
    staff_id  INTEGER NOT NULL REFERENCES staff(id),
    PRIMARY KEY (leak_id, staff_id)
);
