package main

import (
	"testing"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestForumTopicsEndToEnd: the police group is a forum. Bound from its
// topic 7, it gets the reports there; a command typed in a topic is
// answered in that topic, one typed in the general chat there; once the
// topic is deleted, the next report still reaches the group, in its
// general chat.
func TestForumTopicsEndToEnd(t *testing.T) {
	e := reportsE2E(t) // the police group bound from its general chat
	reports := groupCA.InTopic(7)

	bound := e.say(admin, reports, "/bindgroup congan", "chủ đề (topic)")
	if bound.Thread() != 7 {
		t.Errorf("/bindgroup in topic 7 answered in topic %d", bound.Thread())
	}

	after := e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-01", reportPDF)
	doc := e.waitSent(after, "sendDocument", groupCA.ID, "6.4")
	if doc.Thread() != 7 {
		t.Errorf("the report reached topic %d of the police group, want 7: %v", doc.Thread(), doc)
	}
	if receipt := e.waitSent(after, "sendMessage", lan.ID, "Đã ghi nhận báo cáo"); receipt.Thread() != 0 {
		t.Errorf("the private receipt carries topic %d", receipt.Thread())
	}

	for _, c := range []struct {
		chat   fakeapi.Chat
		want   string
		thread int
	}{
		{reports, "chủ đề (topic) này", 7},
		{groupCA.InTopic(9), "không phải nơi này", 9},
		{groupCA, "không phải nơi này", 0},
	} {
		got := e.say(minh, c.chat, "/whoami", c.want)
		if got.Thread() != c.thread {
			t.Errorf("/whoami in topic %d answered in topic %d", c.chat.Topic, got.Thread())
		}
		if _, set := got.Params["message_thread_id"]; set != (c.thread != 0) {
			t.Errorf("/whoami in topic %d: message_thread_id %q", c.chat.Topic, got.Params["message_thread_id"])
		}
	}

	// Someone deletes the topic: the next report is refused there, and
	// posted in the general chat instead of being lost.
	e.api.DeleteTopic(groupCA.ID, 7)
	after = e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-02", reportPDF)
	doc = e.waitSent(after, "sendDocument", groupCA.ID, "2026-02")
	if doc.Thread() != 0 {
		t.Errorf("after the topic was deleted the report went to topic %d", doc.Thread())
	}
	refused := 0
	for _, c := range e.api.CallsTo("sendDocument") {
		if c.Seq > after && c.ChatID() == groupCA.ID && c.Thread() == 7 && !c.OK() {
			refused++
		}
	}
	if refused != 1 {
		t.Errorf("%d refused sends to the deleted topic, want 1 (then the general chat)", refused)
	}
	e.logs.WaitFor(t, wait, "forum topic gone; message posted in the group's general chat instead")
}
