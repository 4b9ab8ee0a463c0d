-- Each evaluatee's current chain of a year (the last one: no end), which
-- the 被評価者 indicator counts: a partial index holding exactly those.
CREATE INDEX evaluation_chains_current ON evaluation_chains (fiscal_year, evaluatee_id) WHERE valid_to IS NULL;
