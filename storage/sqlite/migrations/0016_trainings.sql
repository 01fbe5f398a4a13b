-- 0016_trainings: dissemination and training activities (Điều 3.1, 6.2,
-- clause 1 of Điều 7–16; spec §10). Same portable SQL and conventions as
-- 0010 and 0015.

-- One activity. id is the number officers see (T-n), never reused. day is
-- its date as YYYY-MM-DD text. co_organisers is the JSON array of
-- coord.InspectionMember (each co-organising agency and its answer: take
-- part, or decline with a reason); audiences the JSON array of
-- coord.Audience; materials the JSON array of coord.FileRef. An activity is
-- read and written whole; version makes every save conditional.
CREATE TABLE trainings (
    id            INTEGER   PRIMARY KEY AUTOINCREMENT,
    title         TEXT      NOT NULL,
    day           TEXT      NOT NULL,
    organiser     TEXT      NOT NULL REFERENCES agencies (code),
    co_organisers TEXT      NOT NULL DEFAULT '[]',
    audiences     TEXT      NOT NULL DEFAULT '[]',
    attendees     INTEGER   NOT NULL DEFAULT 0,
    materials     TEXT      NOT NULL DEFAULT '[]',
    state         TEXT      NOT NULL CHECK (state IN ('planned', 'held', 'cancelled')),
    reason        TEXT      NOT NULL DEFAULT '',
    held_at       TIMESTAMP NULL,
    created_by    BIGINT    NOT NULL,
    chat_id       BIGINT    NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER   NOT NULL DEFAULT 1
);

CREATE INDEX trainings_day ON trainings (day, id);
