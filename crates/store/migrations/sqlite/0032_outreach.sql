-- Outreach lectures (出前講座): the catalogue, citizens' groups' requests
-- with the decision and the delivery, and the staff who gave each. A
-- request's contact details are personal data: HR and the lecture's
-- department read them; `address_key` (a keyed hash of the requesting
-- address, never the address) throttles floods from the public form, and
-- `form_key` (a keyed hash of the form's token) makes each form send once.

CREATE TABLE outreach_settings (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    min_audience  INTEGER NOT NULL,
    lead_days     INTEGER NOT NULL
);

CREATE TABLE outreach_lectures (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    unit_code   TEXT NOT NULL,
    summary     TEXT NOT NULL,
    minutes     INTEGER NOT NULL,
    audience    TEXT NOT NULL,
    active      INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE outreach_requests (
    id                 INTEGER PRIMARY KEY,
    lecture_id         INTEGER NOT NULL REFERENCES outreach_lectures(id),
    source             TEXT NOT NULL CHECK (source IN ('public', 'staff')),
    status             TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'declined', 'delivered')),
    group_name         TEXT NOT NULL,
    contact_name       TEXT NOT NULL,
    contact_phone      TEXT NOT NULL,
    contact_email      TEXT NOT NULL,
    wished_on          TEXT NOT NULL,
    wished_time        TEXT NOT NULL,
    venue              TEXT NOT NULL,
    expected_audience  INTEGER NOT NULL,
    purpose            TEXT NOT NULL,
    requested_on       TEXT NOT NULL,
    requested_at       TEXT NOT NULL,
    address_key        TEXT NOT NULL,
    form_key           TEXT,
    decided_on         TEXT,
    decided_by         TEXT,
    decision_note      TEXT NOT NULL DEFAULT '',
    delivered_on       TEXT,
    audience           INTEGER,
    feedback           TEXT NOT NULL DEFAULT '',
    recorded_by        TEXT
);
CREATE INDEX outreach_requests_delivered ON outreach_requests (delivered_on);
CREATE INDEX outreach_requests_address ON outreach_requests (address_key, requested_at);
-- A public form's token is used once: a second request with it (the page
-- sent again) is refused.
CREATE UNIQUE INDEX outreach_requests_form ON outreach_requests (form_key);

CREATE TABLE outreach_lecturers (
    request_id  INTEGER NOT NULL REFERENCES outreach_requests(id),
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    PRIMARY KEY (request_id, staff_id)
);
CREATE INDEX outreach_lecturers_staff ON outreach_lecturers (staff_id);
