-- The yearly progress round (進行管理): who owns each measure, the rounds
-- HR opens, where each measure's entry stands in a round, and every step
-- taken on it.

-- Owner assignments are kept: each change adds a set, the newest is in
-- force, the older ones are the history.
CREATE TABLE measure_owner_sets (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plans(id),
    node_code    TEXT NOT NULL,
    accountable  TEXT NOT NULL,
    assigned_at  TEXT NOT NULL,
    assigned_by  TEXT NOT NULL,
    source       TEXT NOT NULL CHECK (source IN ('screen', 'api', 'csv', 'cli'))
);
CREATE INDEX measure_owner_sets_node ON measure_owner_sets (plan_id, node_code, id);

-- A set's contributing divisions and named accounts. An account keeps the
-- person's unit when assigned, so a later move shows as a task for HR.
CREATE TABLE measure_owner_members (
    set_id     INTEGER NOT NULL REFERENCES measure_owner_sets(id),
    kind       TEXT NOT NULL CHECK (kind IN ('contributor', 'account')),
    value      TEXT NOT NULL,
    unit_then  TEXT,
    position   INTEGER NOT NULL,
    PRIMARY KEY (set_id, kind, value)
);

CREATE TABLE rounds (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plans(id),
    fiscal_year  INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('year_end', 'interim')),
    opens_on     TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    review_by    TEXT NOT NULL,
    opened_at    TEXT NOT NULL,
    opened_by    TEXT NOT NULL,
    UNIQUE (plan_id, fiscal_year, kind)
);

-- One row per measure of the round. `revision` is the entry's latest
-- revision while in the round; `approved_revision` the one approved, which
-- is what reports show.
CREATE TABLE round_cells (
    round_id           INTEGER NOT NULL REFERENCES rounds(id),
    node_code          TEXT NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('not_started', 'drafting', 'submitted', 'returned', 'confirmed', 'approved', 'not_applicable')),
    revision           INTEGER,
    approved_revision  INTEGER,
    submitted_by       TEXT,
    confirmed_by       TEXT,
    reason             TEXT,
    updated_at         TEXT NOT NULL,
    PRIMARY KEY (round_id, node_code)
);
CREATE INDEX round_cells_state ON round_cells (round_id, state);

-- Every step on a cell, with its reason: the history owners and reviewers
-- read (the audit log keeps the same).
CREATE TABLE round_events (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES rounds(id),
    node_code   TEXT NOT NULL,
    step        TEXT NOT NULL CHECK (step IN ('save', 'submit', 'return', 'confirm', 'approve', 'exclude', 'reopen')),
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    revision    INTEGER,
    actor       TEXT NOT NULL,
    actor_name  TEXT NOT NULL,
    on_behalf   INTEGER NOT NULL,
    reason      TEXT,
    at          TEXT NOT NULL
);
CREATE INDEX round_events_cell ON round_events (round_id, node_code, id);

-- Who saved a revision (the account's login); `author` keeps the name shown.
ALTER TABLE progress_revisions ADD COLUMN recorded_by TEXT;

-- Why a year was locked although not every measure was settled.
ALTER TABLE year_locks ADD COLUMN forced_reason TEXT;
