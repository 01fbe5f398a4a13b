-- 0015_meetings: interagency meetings (Điều 5.3, spec §10). Same portable
-- SQL and conventions as 0010. (0013, 0014 and 0016 belong to broadcasts,
-- difficulties and trainings.)

-- One meeting. id is the number officers see, never reused. invitees is
-- the JSON array of coord.InspectionMember (each invited agency and its
-- answer: attend with names, or decline with a reason); agenda_files and
-- minutes are JSON arrays of coord.FileRef; conclusions the JSON array of
-- coord.Conclusion, each naming the coordination request it became. A
-- meeting is read and written whole; version makes every save conditional.
CREATE TABLE meetings (
    id           INTEGER   PRIMARY KEY AUTOINCREMENT,
    title        TEXT      NOT NULL,
    start_at     TIMESTAMP NOT NULL,
    place        TEXT      NOT NULL DEFAULT '',
    agenda       TEXT      NOT NULL DEFAULT '',
    agenda_files TEXT      NOT NULL DEFAULT '[]',
    chair        TEXT      NOT NULL REFERENCES agencies (code),
    invitees     TEXT      NOT NULL DEFAULT '[]',
    state        TEXT      NOT NULL CHECK (state IN ('scheduled', 'held', 'cancelled')),
    reason       TEXT      NOT NULL DEFAULT '',
    minutes      TEXT      NOT NULL DEFAULT '[]',
    conclusions  TEXT      NOT NULL DEFAULT '[]',
    moves        INTEGER   NOT NULL DEFAULT 0,
    moved_at     TIMESTAMP NULL,
    created_by   BIGINT    NOT NULL,
    chat_id      BIGINT    NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    version      INTEGER   NOT NULL DEFAULT 1
);

CREATE INDEX meetings_start ON meetings (start_at, id);
