-- 0018_sent_messages_ref: find the messages sent about one thing.
--
-- A request's every step redraws each of its cards (ref "request-card:<n>")
-- wherever they were sent; without this index that look-up would read the
-- whole sent_messages table, which keeps every message with a ref.
CREATE INDEX sent_messages_ref ON sent_messages (ref);
