-- The province register (issue 15): one row per row of an accepted list,
-- with its source. A later version of the same report, agency and period
-- replaces the rows of the earlier one. Dates are YYYY-MM-DD text (NULL
-- when the list gave none); the *_fold columns hold names folded for
-- search (lower case, no diacritics).
CREATE TABLE register_facts (
    id            INTEGER   PRIMARY KEY AUTOINCREMENT,
    submission_id BIGINT    NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    obligation    TEXT      NOT NULL,
    agency        TEXT      NOT NULL,
    period        TEXT      NOT NULL,
    version       INTEGER   NOT NULL,
    sheet         TEXT      NOT NULL DEFAULT '',
    row_no        INTEGER   NOT NULL,
    passport      TEXT      NULL,
    nationality   TEXT      NOT NULL DEFAULT '',
    person_name   TEXT      NOT NULL DEFAULT '',
    person_fold   TEXT      NOT NULL DEFAULT '',
    birth_date    TEXT      NULL,
    sex           TEXT      NOT NULL DEFAULT '',
    doc_kind      TEXT      NULL,
    doc_number    TEXT      NOT NULL DEFAULT '',
    purpose       TEXT      NOT NULL DEFAULT '',
    position      TEXT      NOT NULL DEFAULT '',
    valid_from    TEXT      NULL,
    valid_to      TEXT      NULL,
    revoked       INTEGER   NOT NULL DEFAULT 0,
    org_kind      TEXT      NULL,
    org_name      TEXT      NOT NULL DEFAULT '',
    org_fold      TEXT      NOT NULL DEFAULT '',
    tax_code      TEXT      NULL,
    licence       TEXT      NOT NULL DEFAULT '',
    address       TEXT      NOT NULL DEFAULT '',
    zone          TEXT      NOT NULL DEFAULT '',
    -- 1: the organisation is the row's subject (a list of organisations);
    -- 0: it is the employer of the row's person.
    org_subject   INTEGER   NOT NULL DEFAULT 0,
    imported_at   TIMESTAMP NOT NULL
);

CREATE INDEX register_by_source ON register_facts (obligation, agency, period);
CREATE INDEX register_by_passport ON register_facts (passport, nationality) WHERE passport IS NOT NULL;
CREATE INDEX register_by_tax_code ON register_facts (tax_code) WHERE tax_code IS NOT NULL;
CREATE INDEX register_by_org_kind ON register_facts (org_kind) WHERE org_subject = 1;
