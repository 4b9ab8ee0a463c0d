-- The evaluation cycle: each evaluatee's sheet for a period, its ratings
-- per stage and item, the steps taken, the talks held and the complaints.

CREATE TABLE evaluation_sheets (
    id             INTEGER PRIMARY KEY,
    period_id      INTEGER NOT NULL REFERENCES evaluation_periods(id),
    evaluatee_id   INTEGER NOT NULL REFERENCES staff(id),
    state          TEXT NOT NULL CHECK (state IN ('not_started', 'goals_submitted', 'goals_agreed', 'self_done', 'first_done', 'second_done', 'adjusted', 'confirmed', 'disclosed')),
    -- The goals (業績評価) as JSON: [{title, measure, weight}].
    goals          TEXT,
    -- The 調整者's band, when they changed the overall one, and why.
    adjusted_band  TEXT,
    adjust_reason  TEXT,
    -- The band confirmed (確認), which 開示 shows and publication counts.
    final_band     TEXT,
    disclosed_on   TEXT,
    updated_at     TEXT NOT NULL,
    UNIQUE (period_id, evaluatee_id)
);
CREATE INDEX evaluation_sheets_evaluatee ON evaluation_sheets (evaluatee_id);

CREATE TABLE evaluation_ratings (
    sheet_id   INTEGER NOT NULL REFERENCES evaluation_sheets(id),
    stage      TEXT NOT NULL CHECK (stage IN ('self', 'first', 'second')),
    item       TEXT NOT NULL,
    band       TEXT NOT NULL,
    comment    TEXT,
    rated_by   INTEGER REFERENCES staff(id),
    rated_at   TEXT NOT NULL,
    PRIMARY KEY (sheet_id, stage, item)
);

-- Every step taken on a sheet, with who took it and any reason.
CREATE TABLE evaluation_events (
    id          INTEGER PRIMARY KEY,
    sheet_id    INTEGER NOT NULL REFERENCES evaluation_sheets(id),
    step        TEXT NOT NULL CHECK (step IN ('submit_goals', 'agree_goals', 'return_goals', 'self_evaluate', 'rate_first', 'rate_second', 'adjust', 'send_back', 'confirm', 'readjust', 'disclose')),
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    actor       TEXT NOT NULL,
    reason      TEXT,
    at          TEXT NOT NULL
);
CREATE INDEX evaluation_events_sheet ON evaluation_events (sheet_id, id);

-- Talks (面談): with whom, what kind, when, who held it.
CREATE TABLE interviews (
    id              INTEGER PRIMARY KEY,
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    kind            TEXT NOT NULL CHECK (kind IN ('goal_setting', 'mid_year', 'feedback', 'career')),
    held_on         TEXT NOT NULL,
    interviewer_id  INTEGER NOT NULL REFERENCES staff(id),
    sheet_id        INTEGER REFERENCES evaluation_sheets(id),
    attendees       TEXT,
    note            TEXT,
    recorded_by     TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    UNIQUE (staff_id, kind, held_on)
);
CREATE INDEX interviews_kind ON interviews (kind, held_on);
CREATE INDEX interviews_interviewer ON interviews (interviewer_id, held_on);

-- A complaint (苦情) about a disclosed sheet: one per sheet.
CREATE TABLE evaluation_complaints (
    id          INTEGER PRIMARY KEY,
    sheet_id    INTEGER NOT NULL UNIQUE REFERENCES evaluation_sheets(id),
    filed_on    TEXT NOT NULL,
    body        TEXT NOT NULL,
    filed_by    TEXT NOT NULL,
    outcome     TEXT CHECK (outcome IN ('upheld', 'partly_upheld', 'dismissed', 'withdrawn')),
    response    TEXT,
    handled_by  TEXT,
    handled_on  TEXT
);
