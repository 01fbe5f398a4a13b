-- 0013_broadcasts: broadcasts with read receipts (spec §10): a document or
-- a text sent to many agencies at once. Same portable SQL and conventions
-- as 0011 (notices and their acknowledgements).

-- One numbered broadcast (B-n). from_agency is the sender's agency; files
-- is the JSON array of coord.FileRef.
CREATE TABLE broadcasts (
    id          INTEGER   PRIMARY KEY AUTOINCREMENT,
    title       TEXT      NOT NULL,
    body        TEXT      NOT NULL DEFAULT '',
    files       TEXT      NOT NULL DEFAULT '[]',
    from_agency TEXT      NOT NULL REFERENCES agencies (code),
    created_by  BIGINT    NOT NULL,
    chat_id     BIGINT    NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE INDEX broadcasts_created ON broadcasts (created_at);

-- One target agency of a broadcast: its place in the list the sender
-- named (position, from 0), how it was reached, the working day on
-- which it is reminded if it has not read (remind_on, YYYY-MM-DD), who read
-- it and when, and when it was reminded. The Go code marks it read with a
-- conditional UPDATE, so of two presses only the first is recorded.
CREATE TABLE broadcast_targets (
    broadcast_id BIGINT    NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    agency       TEXT      NOT NULL REFERENCES agencies (code),
    position     INTEGER   NOT NULL,
    mode         TEXT      NOT NULL,
    remind_on    TEXT      NOT NULL,
    read_by      BIGINT    NULL,
    read_at      TIMESTAMP NULL,
    reminded_at  TIMESTAMP NULL,
    PRIMARY KEY (broadcast_id, agency)
);

CREATE INDEX broadcast_targets_agency ON broadcast_targets (agency, broadcast_id);
CREATE INDEX broadcast_targets_pending ON broadcast_targets (remind_on) WHERE read_at IS NULL AND reminded_at IS NULL;
