-- 希望降任: a window per fiscal year with its named reviewers; requests
-- with their reason (confidential: read only by the person, HR and the
-- reviewers, checked by the use cases and every read audited), the
-- decision, and the personnel event made when it took effect; the yearly
-- re-promotion reviews (再昇任の検討).

CREATE TABLE demotion_windows (
    id            INTEGER PRIMARY KEY,
    fiscal_year   INTEGER NOT NULL UNIQUE,
    opens_on      TEXT NOT NULL,
    closes_on     TEXT NOT NULL,
    effective_on  TEXT NOT NULL,
    reviewers     TEXT NOT NULL,
    opened_by     TEXT NOT NULL,
    opened_at     TEXT NOT NULL
);

CREATE TABLE demotion_requests (
    id             INTEGER PRIMARY KEY,
    window_id      INTEGER NOT NULL REFERENCES demotion_windows(id),
    staff_id       INTEGER NOT NULL REFERENCES staff(id),
    requested_on   TEXT NOT NULL,
    from_grade     TEXT,
    reason         TEXT NOT NULL CHECK (reason IN ('illness', 'family', 'duties', 'other')),
    details        TEXT NOT NULL,
    wished_grade   TEXT,
    status         TEXT NOT NULL CHECK (status IN ('requested', 'withdrawn', 'approved', 'rejected')),
    withdrawn_on   TEXT,
    decided_on     TEXT,
    decided_by     TEXT,
    to_grade       TEXT,
    effective_on   TEXT,
    decision_note  TEXT,
    event_id       INTEGER REFERENCES personnel_events(id),
    UNIQUE (window_id, staff_id)
);
CREATE INDEX demotion_requests_staff ON demotion_requests (staff_id);

CREATE TABLE demotion_reviews (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES demotion_requests(id),
    fiscal_year  INTEGER NOT NULL,
    reviewed_on  TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('continue', 'repromote')),
    note         TEXT,
    reviewed_by  TEXT NOT NULL,
    UNIQUE (request_id, fiscal_year)
);
