-- 0010_inspections: joint inspection plans (spec §9, Điều 5.2 and 6.5) and
-- their histories. Same portable SQL and conventions as 0001.

-- One plan. id is the number officers see, never reused. members and
-- targets are JSON arrays of coord.InspectionMember and
-- coord.InspectionTarget: a plan has a handful of members and at most a few
-- hundred targets, always read and written whole with the plan. version
-- makes every save conditional, so of two officers acting at once only one
-- wins.
CREATE TABLE inspections (
    id         INTEGER   PRIMARY KEY AUTOINCREMENT,
    year       INTEGER   NOT NULL,
    kind       TEXT      NOT NULL CHECK (kind IN ('annual', 'thematic')),
    title      TEXT      NOT NULL DEFAULT '',
    basis      TEXT      NOT NULL DEFAULT '',
    lead       TEXT      NOT NULL REFERENCES agencies (code),
    members    TEXT      NOT NULL DEFAULT '[]',
    targets    TEXT      NOT NULL DEFAULT '[]',
    state      TEXT      NOT NULL CHECK (state IN ('draft', 'issued', 'in_progress', 'concluded')),
    created_by BIGINT    NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version    INTEGER   NOT NULL DEFAULT 1
);

CREATE INDEX inspections_year ON inspections (year, id);

-- Every step of a plan: target is the 1-based target number, 0 for the
-- plan itself; actor 0 is the scheduler.
CREATE TABLE inspection_events (
    id            INTEGER   PRIMARY KEY AUTOINCREMENT,
    inspection_id BIGINT    NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    target        INTEGER   NOT NULL DEFAULT 0,
    at            TIMESTAMP NOT NULL,
    actor         BIGINT    NOT NULL,
    actor_agency  TEXT      NOT NULL DEFAULT '',
    action        TEXT      NOT NULL,
    text          TEXT      NOT NULL DEFAULT '',
    files         TEXT      NOT NULL DEFAULT '[]'
);

CREATE INDEX inspection_events_inspection ON inspection_events (inspection_id, id);
