-- Personnel evaluation (人事評価): the city's scheme, the periods of each
-- fiscal year and each evaluatee's chain of evaluators.

-- The scheme in force (one row, JSON: jinzai_domain::evaluation::Scheme);
-- none stored: the default.
CREATE TABLE evaluation_scheme (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    scheme      TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- A fiscal year's periods, each with the scheme it was opened under (a
-- later change of the scheme leaves past periods as they were).
CREATE TABLE evaluation_periods (
    id           INTEGER PRIMARY KEY,
    fiscal_year  INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('ability', 'performance')),
    term         TEXT NOT NULL CHECK (term IN ('year', 'first_half', 'second_half')),
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    scheme       TEXT NOT NULL,
    opened_by    TEXT NOT NULL,
    opened_at    TEXT NOT NULL,
    UNIQUE (fiscal_year, kind, term)
);

-- An evaluatee's chain for a fiscal year from valid_from until the day
-- before valid_to (the next chain's first day; NULL while it is the last).
CREATE TABLE evaluation_chains (
    id                  INTEGER PRIMARY KEY,
    fiscal_year         INTEGER NOT NULL,
    evaluatee_id        INTEGER NOT NULL REFERENCES staff(id),
    first_id            INTEGER NOT NULL REFERENCES staff(id),
    second_id           INTEGER REFERENCES staff(id),
    adjuster_id         INTEGER REFERENCES staff(id),
    confirmer_id        INTEGER REFERENCES staff(id),
    valid_from          TEXT NOT NULL,
    valid_to            TEXT,
    training_exception  TEXT,
    set_by              TEXT NOT NULL,
    set_at              TEXT NOT NULL,
    UNIQUE (fiscal_year, evaluatee_id, valid_from)
);
CREATE INDEX evaluation_chains_first ON evaluation_chains (first_id, fiscal_year);
CREATE INDEX evaluation_chains_second ON evaluation_chains (second_id, fiscal_year);
CREATE INDEX evaluation_chains_adjuster ON evaluation_chains (adjuster_id, fiscal_year);
CREATE INDEX evaluation_chains_confirmer ON evaluation_chains (confirmer_id, fiscal_year);
