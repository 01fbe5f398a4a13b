-- Cross-check alerts of the register (issue 15): once per finding key,
-- open until an agency told says it was dealt with or is not a violation.
-- facts is the JSON of the rows the finding was about, as they were;
-- agencies the JSON array of {"agency": code} told.
CREATE TABLE register_alerts (
    id            INTEGER   PRIMARY KEY AUTOINCREMENT,
    alert_key     TEXT      NOT NULL UNIQUE,
    kind          TEXT      NOT NULL,
    passport      TEXT      NOT NULL DEFAULT '',
    nationality   TEXT      NOT NULL DEFAULT '',
    day           TEXT      NULL,
    facts         TEXT      NOT NULL DEFAULT '[]',
    org           TEXT      NULL,
    agencies      TEXT      NOT NULL DEFAULT '[]',
    state         TEXT      NOT NULL CHECK (state IN ('open', 'handled', 'not_violation')),
    reason        TEXT      NOT NULL DEFAULT '',
    closed_by     BIGINT    NOT NULL DEFAULT 0,
    closed_agency TEXT      NOT NULL DEFAULT '',
    closed_at     TIMESTAMP NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER   NOT NULL DEFAULT 1
);

CREATE INDEX register_alerts_open ON register_alerts (state, id);
