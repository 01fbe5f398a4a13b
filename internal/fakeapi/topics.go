package fakeapi

import "net/http"

// Forum topics. A user's message comes from a topic when its Chat has a
// Topic; the bot posts in one with message_thread_id, and its message
// carries the topic as Telegram's do, so a button pressed under it comes
// from that topic too. Every topic id is taken to exist (the fake does not
// track topic creation) until DeleteTopic or CloseTopic says otherwise.

// DeleteTopic makes sends to topic thread of chatID fail as Telegram
// answers once the topic was deleted: 400 "message thread not found".
func (s *Server) DeleteTopic(chatID int64, thread int) {
	s.goneTopic(chatID, thread, "Bad Request: message thread not found")
}

// CloseTopic makes sends to topic thread of chatID fail as Telegram
// answers a bot that may not manage topics once the topic was closed: 400
// "TOPIC_CLOSED".
func (s *Server) CloseTopic(chatID int64, thread int) {
	s.goneTopic(chatID, thread, "Bad Request: TOPIC_CLOSED")
}

func (s *Server) goneTopic(chatID int64, thread int, desc string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chatLocked(chatID)
	cs.forum = true
	if cs.gone == nil {
		cs.gone = map[int]string{}
	}
	cs.gone[thread] = desc
}

// threadLocked reads a send's message_thread_id: the topic to post in (0
// for none), or the refusal of a topic that is gone.
func (s *Server) threadLocked(r *request, cs *chatState) (int, *reply) {
	v, ok, err := r.int64Param("message_thread_id")
	if !ok || (err == nil && v == 0) {
		return 0, nil
	}
	if err != nil || v < 0 {
		return 0, ptr(badRequest("message thread not found"))
	}
	if desc, gone := cs.gone[int(v)]; gone {
		return 0, ptr(errReply(http.StatusBadRequest, desc))
	}
	return int(v), nil
}
