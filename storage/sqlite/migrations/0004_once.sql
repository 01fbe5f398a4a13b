-- Keys of things that must happen at most once: a reminder for one
-- (obligation, agency, period, day), a digest, a request escalation. The row
-- is written in the same transaction as the messages it sends.
CREATE TABLE once_keys (
    key TEXT PRIMARY KEY,
    at  TIMESTAMP NOT NULL
);
