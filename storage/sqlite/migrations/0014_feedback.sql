-- 0014_feedback: difficulties reported to the coordinator (Điều 18, spec
-- §10: phản ánh khó khăn, vướng mắc). Same portable SQL and conventions as
-- 0010 and 0015.

-- One item. id is the number officers see, never reused. files and
-- response_files are JSON arrays of coord.FileRef. response is the
-- coordinator's answer (state answered) or its note (state compiled: to be
-- included in the next report to the provincial People's Committee). An
-- item is read and written whole; version makes every save conditional.
CREATE TABLE feedback (
    id             INTEGER   PRIMARY KEY AUTOINCREMENT,
    agency         TEXT      NOT NULL REFERENCES agencies (code),
    subject        TEXT      NOT NULL,
    body           TEXT      NOT NULL DEFAULT '',
    files          TEXT      NOT NULL DEFAULT '[]',
    state          TEXT      NOT NULL CHECK (state IN ('open', 'answered', 'compiled')),
    response       TEXT      NOT NULL DEFAULT '',
    response_files TEXT      NOT NULL DEFAULT '[]',
    responded_by   BIGINT    NOT NULL DEFAULT 0,
    responded_at   TIMESTAMP NULL,
    created_by     BIGINT    NOT NULL,
    chat_id        BIGINT    NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    version        INTEGER   NOT NULL DEFAULT 1
);

CREATE INDEX feedback_created ON feedback (created_at, id);
CREATE INDEX feedback_open ON feedback (state, id);
