-- 0009_users_revoked: access that can be taken back. Same portable SQL and
-- conventions as 0001.
--
-- A revoked person keeps their row, so that their name still shows in the
-- histories of requests and acknowledgements and the audit log can be read;
-- revoked_at (UTC, NULL while enrolled) makes them a stranger to the bot and
-- takes them out of the people an agency's messages reach. A new invite
-- re-enrols them and clears it.
ALTER TABLE users ADD COLUMN revoked_at TIMESTAMP NULL;
