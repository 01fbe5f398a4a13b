-- 0020_topics: a group bound from a forum topic.
--
-- /bindgroup sent inside a topic of a forum supergroup binds the group to
-- that topic: the agency's deliveries are posted there (message_thread_id).
-- 0 is the general chat, and every group that is not a forum; binding again
-- from the general chat sets it back to 0.
ALTER TABLE chat_bindings ADD COLUMN thread_id INTEGER NOT NULL DEFAULT 0;
