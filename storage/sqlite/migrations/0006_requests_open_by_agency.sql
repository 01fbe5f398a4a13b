-- 0006_requests_open_by_agency: count open requests per agency from an
-- index. Same portable SQL and conventions as 0001.
--
-- The weekly digest counts each agency's open (and accepted) requests, and
-- how many of them are overdue, received and sent (RequestCounts). With only
-- the indexes of 0003, SQLite found the open requests through (state,
-- due_date) and then read every one of their rows for the agency; these
-- indexes hold the state, the agency and the due date, so the counts are
-- read from them alone.
CREATE INDEX requests_state_to_due ON requests (state, to_agency, due_date);
CREATE INDEX requests_state_from_due ON requests (state, from_agency, due_date);
