-- Which versions of list reports were read into the register (issue 15),
-- so that the importer reads each once, across restarts. A submission made
-- before this migration is recorded as read: the register starts with the
-- lists submitted from now on (an operator can re-submit older ones).
CREATE TABLE register_imports (
    submission_id BIGINT    PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
    state         TEXT      NOT NULL CHECK (state IN ('done', 'superseded', 'unreadable')),
    entered       INTEGER   NOT NULL DEFAULT 0,
    rejected      INTEGER   NOT NULL DEFAULT 0,
    skipped       INTEGER   NOT NULL DEFAULT 0,
    replaced      INTEGER   NOT NULL DEFAULT 0,
    imported_at   TIMESTAMP NOT NULL
);

INSERT INTO register_imports (submission_id, state, imported_at)
SELECT id, 'superseded', submitted_at FROM submissions WHERE kind = 'files';
