-- 0008_scrub_sent_invites: erase invite codes from the outbox rows written
-- before messages could be marked secret. Same portable SQL and conventions
-- as 0001 (|| and SUBSTR are standard; no JSON functions).
--
-- Invites keep only the hash of their code, but the message that showed
-- the code to the admin used to stay in outbox.payload as sent, so a copy
-- of the database could still enrol someone while the invite was valid. The
-- invite message is the only one the bot writes with a deep link
-- ("https://t.me/<bot>?start=<code>"). A delivered or given-up one becomes
-- what MarkSent keeps of a secret message now (coord.OutMessage.Scrubbed:
-- the chat, the secret flag and coord.ScrubbedText); a pending one is marked
-- secret (the flag goes first in the JSON object), so MarkSent scrubs it
-- once it is delivered.
UPDATE outbox
   SET payload = '{"kind":"text","chat_id":' || chat_id || ',"text":"(nội dung bảo mật đã được xóa sau khi gửi)","secret":true}'
 WHERE state <> 'pending' AND payload LIKE '%https://t.me/%?start=%';

UPDATE outbox
   SET payload = '{"secret":true,' || SUBSTR(payload, 2)
 WHERE state = 'pending' AND payload LIKE '%https://t.me/%?start=%';
