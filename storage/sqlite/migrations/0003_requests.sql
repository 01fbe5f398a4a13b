-- 0003_requests: coordination requests between agencies (spec §4), their
-- history, and the messages the bot sent about something, so that a reply
-- to one of them can be routed. Same portable SQL and conventions as 0001.

-- One request from one agency to one target agency; a request to several
-- agencies is several rows. id is the number officers see ("#12"), so it is
-- AUTOINCREMENT: never reused. due_date is a calendar day written as
-- YYYY-MM-DD, which sorts and compares as text the way the days do. files is
-- the JSON array of the coord.FileRef attached at creation ('[]' for none).
-- The Go code moves state with a conditional UPDATE, so of two officers
-- acting at once only one wins.
CREATE TABLE requests (
    id          INTEGER   PRIMARY KEY AUTOINCREMENT,
    type        TEXT      NOT NULL,
    from_agency TEXT      NOT NULL REFERENCES agencies (code),
    to_agency   TEXT      NOT NULL REFERENCES agencies (code),
    subject     TEXT      NOT NULL DEFAULT '',
    body        TEXT      NOT NULL DEFAULT '',
    due_date    TEXT      NOT NULL,
    state       TEXT      NOT NULL CHECK (state IN ('open', 'accepted', 'answered', 'declined', 'cancelled')),
    created_by  BIGINT    NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    files       TEXT      NOT NULL DEFAULT '[]'
);

-- An agency's inbox and outbox by state; the overdue scan by state and day.
CREATE INDEX requests_to_state ON requests (to_agency, state);
CREATE INDEX requests_from_state ON requests (from_agency, state);
CREATE INDEX requests_state_due ON requests (state, due_date);

-- Every step of a request: who (actor 0 is the scheduler, with agency ''),
-- when, what, with which text and files (JSON, as in requests.files).
CREATE TABLE request_events (
    id           INTEGER   PRIMARY KEY AUTOINCREMENT,
    request_id   BIGINT    NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    at           TIMESTAMP NOT NULL,
    actor        BIGINT    NOT NULL,
    actor_agency TEXT      NOT NULL DEFAULT '',
    action       TEXT      NOT NULL,
    text         TEXT      NOT NULL DEFAULT '',
    files        TEXT      NOT NULL DEFAULT '[]'
);

CREATE INDEX request_events_request ON request_events (request_id, id);

-- What a delivered message is about: the Ref of the outbox item that
-- produced it, one row per Telegram message, written when the sender marks
-- the item sent.
CREATE TABLE sent_messages (
    chat_id    BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    ref        TEXT   NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);

-- The Ref of a queued message; NULL when it has none.
ALTER TABLE outbox ADD COLUMN ref TEXT NULL;
