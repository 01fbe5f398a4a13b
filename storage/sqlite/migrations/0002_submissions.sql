-- 0002_submissions: agencies' reports, their files and archive state, their
-- deliveries to recipient agencies, and the album parts waiting to be
-- handled as one message. Same portable SQL and conventions as 0001.

-- One version of an agency's report for one period. period is '' (never
-- NULL) for event-driven obligations, so the UNIQUE key still holds for
-- them: NULLs would never collide. version is numbered by the Go code inside
-- the write transaction; the UNIQUE constraint is the backstop.
CREATE TABLE submissions (
    id               INTEGER   PRIMARY KEY AUTOINCREMENT,
    obligation       TEXT      NOT NULL,
    agency           TEXT      NOT NULL REFERENCES agencies (code),
    period           TEXT      NOT NULL DEFAULT '',
    version          INTEGER   NOT NULL CHECK (version > 0),
    kind             TEXT      NOT NULL CHECK (kind IN ('files', 'nil')),
    note             TEXT      NOT NULL DEFAULT '',
    submitted_by     BIGINT    NOT NULL,
    chat_id          BIGINT    NOT NULL,
    submitted_at     TIMESTAMP NOT NULL,
    replaces_wrong   BOOLEAN   NOT NULL DEFAULT FALSE,
    due_at           TIMESTAMP NULL,
    effective_due_at TIMESTAMP NULL,
    late_days        INTEGER   NOT NULL DEFAULT 0,
    UNIQUE (obligation, agency, period, version)
);

-- Status pages look up an agency's periods; digests scan by time.
CREATE INDEX submissions_agency_obligation_period ON submissions (agency, obligation, period);
CREATE INDEX submissions_submitted_at ON submissions (submitted_at);

-- The files of a submission, in the order they were sent (seq 1..n), with
-- the archiver's state: sha256 and archived_at are set once the bytes are in
-- the archive; until then attempts, next_attempt_at and last_error record the
-- retries, and given_up stops them.
CREATE TABLE submission_files (
    id              INTEGER   PRIMARY KEY AUTOINCREMENT,
    submission_id   BIGINT    NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    seq             INTEGER   NOT NULL,
    file_id         TEXT      NOT NULL,
    file_unique_id  TEXT      NOT NULL DEFAULT '',
    name            TEXT      NOT NULL DEFAULT '',
    mime            TEXT      NOT NULL DEFAULT '',
    size            BIGINT    NOT NULL DEFAULT 0,
    photo           BOOLEAN   NOT NULL DEFAULT FALSE,
    sha256          TEXT      NULL,
    archived_at     TIMESTAMP NULL,
    attempts        INTEGER   NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NULL,
    given_up        BOOLEAN   NOT NULL DEFAULT FALSE,
    last_error      TEXT      NOT NULL DEFAULT '',
    UNIQUE (submission_id, seq)
);

-- The archiver's queue: files neither archived nor given up, by id.
CREATE INDEX submission_files_pending ON submission_files (archived_at, given_up, id);

-- A submission's way to one recipient agency and its acknowledgement
-- ("Đã nhận"). acked_by is NULL until someone acknowledges; the Go code
-- claims it with a conditional UPDATE.
CREATE TABLE deliveries (
    id            INTEGER   PRIMARY KEY AUTOINCREMENT,
    submission_id BIGINT    NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    agency        TEXT      NOT NULL,
    mode          TEXT      NOT NULL CHECK (mode IN ('group', 'private', 'unreachable')),
    created_at    TIMESTAMP NOT NULL,
    acked_by      BIGINT    NULL,
    acked_at      TIMESTAMP NULL,
    UNIQUE (submission_id, agency)
);

-- Messages of a Telegram album (media group) kept until no new part has
-- arrived for a while; payload is the transport's own encoding. The update id
-- is the key, so a redelivered update adds nothing.
CREATE TABLE album_parts (
    update_id      BIGINT    NOT NULL PRIMARY KEY,
    media_group_id TEXT      NOT NULL,
    chat_id        BIGINT    NOT NULL,
    received_at    TIMESTAMP NOT NULL,
    payload        TEXT      NOT NULL
);

CREATE INDEX album_parts_media_group ON album_parts (media_group_id);
