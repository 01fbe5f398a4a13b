-- 0011_notices: notices of the results of handling administrative
-- violations (Điều 5.1, spec §9) and their acknowledgements. Same portable
-- SQL and conventions as 0001/0003. (0010 belongs to the inspections.)

-- One numbered notice from the agency that decided the sanction. employer,
-- people and sanction are JSON objects/arrays of coord.Employer,
-- coord.Person and coord.Sanction; people carries passport numbers, which
-- only the sender, the recipients and admins are shown. decision_date is
-- YYYY-MM-DD. files is the JSON array of coord.FileRef (the decision).
CREATE TABLE notices (
    id            INTEGER   PRIMARY KEY AUTOINCREMENT,
    kind          TEXT      NOT NULL,
    from_agency   TEXT      NOT NULL REFERENCES agencies (code),
    decision_no   TEXT      NOT NULL,
    decision_date TEXT      NOT NULL,
    employer      TEXT      NOT NULL,
    people        TEXT      NOT NULL,
    violation     TEXT      NOT NULL DEFAULT '',
    sanction      TEXT      NOT NULL,
    files         TEXT      NOT NULL DEFAULT '[]',
    created_by    BIGINT    NOT NULL,
    chat_id       BIGINT    NOT NULL,
    created_at    TIMESTAMP NOT NULL
);

CREATE INDEX notices_from ON notices (from_agency, created_at);
CREATE INDEX notices_created ON notices (created_at);

-- One recipient agency of a notice: how it was reached, when it is reminded
-- if it has not acknowledged (remind_on, YYYY-MM-DD), and who acknowledged
-- when. The Go code acknowledges with a conditional UPDATE, so of two
-- presses only one is recorded.
CREATE TABLE notice_recipients (
    id          INTEGER   PRIMARY KEY AUTOINCREMENT,
    notice_id   BIGINT    NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    agency      TEXT      NOT NULL REFERENCES agencies (code),
    mode        TEXT      NOT NULL,
    remind_on   TEXT      NOT NULL,
    acked_by    BIGINT    NULL,
    acked_at    TIMESTAMP NULL,
    reminded_at TIMESTAMP NULL,
    UNIQUE (notice_id, agency)
);

CREATE INDEX notice_recipients_agency ON notice_recipients (agency, notice_id);
CREATE INDEX notice_recipients_pending ON notice_recipients (remind_on) WHERE acked_at IS NULL AND reminded_at IS NULL;
