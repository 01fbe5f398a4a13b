package fakeapi

import (
	"net/http"
	"strconv"
	"testing"
)

func TestForumTopics(t *testing.T) {
	s := newServer(t)
	officer := User{ID: 42, FirstName: "Lan"}
	group := Chat{ID: -1001234567890, Title: "Diễn đàn"}
	chat := strconv.FormatInt(group.ID, 10)

	t.Run("UserMessageInTopic", func(t *testing.T) {
		s.SendText(officer, group.InTopic(7), "/whoami")
		ups := getUpdates(t, s, nil)
		m := ups[len(ups)-1].Message
		if m.Thread != 7 || !m.InTopic || !m.Chat.IsForum {
			t.Fatalf("message in topic 7: %+v", m)
		}
		s.SendText(officer, group, "/whoami")
		ups = getUpdates(t, s, nil)
		if m := ups[len(ups)-1].Message; m.Thread != 0 || m.InTopic || !m.Chat.IsForum {
			t.Fatalf("message in the general chat: %+v", m)
		}
	})

	t.Run("BotPostsInTopicAndButtonsComeFromIt", func(t *testing.T) {
		status, r := postForm(t, s, "sendMessage", map[string]string{
			"chat_id": chat, "text": "Báo cáo", "message_thread_id": "7",
			"reply_markup": `{"inline_keyboard":[[{"text":"Đã nhận","callback_data":"ack:1"}]]}`,
		})
		var sent message
		mustOK(t, status, r, &sent)
		if sent.Thread != 7 || !sent.InTopic {
			t.Fatalf("sent %+v", sent)
		}
		if c := s.Sent(); c[len(c)-1].Thread() != 7 {
			t.Fatalf("recorded thread %d", c[len(c)-1].Thread())
		}
		s.PressButton(officer, group, sent.MessageID, "ack:1")
		ups := getUpdates(t, s, nil)
		if cq := ups[len(ups)-1].CallbackQuery; cq == nil || cq.Message.Thread != 7 || !cq.Message.InTopic {
			t.Fatalf("callback %+v", cq)
		}
	})

	t.Run("GoneTopicsRefuseSends", func(t *testing.T) {
		s.DeleteTopic(group.ID, 7)
		s.CloseTopic(group.ID, 9)
		status, r := postForm(t, s, "sendMessage", map[string]string{"chat_id": chat, "text": "x", "message_thread_id": "7"})
		mustFail(t, status, r, http.StatusBadRequest, "message thread not found")
		status, r = postForm(t, s, "sendMessage", map[string]string{"chat_id": chat, "text": "x", "message_thread_id": "9"})
		mustFail(t, status, r, http.StatusBadRequest, "TOPIC_CLOSED")
		status, r = postForm(t, s, "sendMessage", map[string]string{"chat_id": chat, "text": "x"})
		mustOK(t, status, r, nil)
	})
}
