-- 0007_prune_indexes: indexes for the scheduler's daily deletes. Same
-- portable SQL and conventions as 0001.
--
-- Once keys older than 90 days are forgotten every day (DELETE FROM
-- once_keys WHERE at < ?), and delivered outbox items older than
-- outbox.keep_delivered (state = 'sent' AND sent_at < ?). Without these
-- indexes both deletes read their whole table, which is exactly the table
-- that grows. The (state, id) index of 0001 stays: it serves the sender's
-- "pending after id" cursor, which this one cannot.
CREATE INDEX once_keys_at ON once_keys (at);
CREATE INDEX outbox_state_sent_at ON outbox (state, sent_at);
