-- Notices (お知らせ) and the e-mails that carry them.

-- Where an account's notices are also sent by e-mail (none: the inbox only).
ALTER TABLE users ADD COLUMN email TEXT;

-- One notice per account and occasion. The idempotency key names the
-- occasion (a round's reminder slot, an escalation, a return), so a run
-- that is repeated or resumed after downtime adds nothing twice.
CREATE TABLE notices (
    id               INTEGER PRIMARY KEY,
    idempotency_key  TEXT NOT NULL UNIQUE,
    user_id          INTEGER NOT NULL REFERENCES users(id),
    kind             TEXT NOT NULL CHECK (kind IN ('reminder', 'escalation', 'returned')),
    plan_id          INTEGER NOT NULL REFERENCES plans(id),
    round_id         INTEGER REFERENCES rounds(id),
    payload          TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    read_at          TEXT
);
CREATE INDEX notices_user ON notices (user_id, id);

-- The transactional outbox: an e-mail is written in the same transaction
-- as its notice and sent afterwards. A sender claims a row (committed)
-- before it talks to the relay, so two senders never send it both. A
-- failed send stays here, says why and is tried again later; a sent one
-- keeps when it went. A claim never answered (the sender stopped while
-- sending: the relay may have it) is marked in doubt and not sent again:
-- the notice is in the inbox either way.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    notice_id        INTEGER NOT NULL UNIQUE REFERENCES notices(id),
    recipient        TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    last_error       TEXT,
    claimed_at       TEXT,
    in_doubt         INTEGER NOT NULL DEFAULT 0,
    sent_at          TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, next_attempt_at);
