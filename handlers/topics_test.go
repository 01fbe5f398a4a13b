package handlers_test

import (
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
)

// textIn sends text in a forum topic of chat (0: its general chat).
func (e *env) textIn(from bot.Person, chat bot.Chat, thread int, text string) []coord.OutMessage {
	e.t.Helper()
	u := bot.Update{Chat: chat, From: from, MessageID: 10, Text: text, ThreadID: thread}
	if head, rest, _ := strings.Cut(strings.TrimPrefix(text, "/"), " "); strings.HasPrefix(text, "/") {
		u.Command, u.Args = strings.ToLower(head), strings.TrimSpace(rest)
	}
	return e.handle(u)
}

// TestBindGroupFromATopic: /bindgroup sent in a forum topic binds the
// group to that topic, where the agency's reports then arrive; answers go
// to the topic a command came from; binding again from the general chat
// moves the deliveries back there.
func TestBindGroupFromATopic(t *testing.T) {
	e := reportsEnv(t) // the police group bound from its general chat
	police, topic := group(groupCongAn), 7

	m := only(t, e.textIn(admin, police, topic, "/bindgroup congan"), groupCongAn, "Đã liên kết nhóm này với Công an tỉnh", "chủ đề (topic)")
	if m.ThreadID != topic {
		t.Errorf("the confirmation went to topic %d, want %d", m.ThreadID, topic)
	}
	// The audit log lists the newest first.
	if a := e.audit("chat.bind"); len(a) != 2 || !strings.Contains(a[0].After, `"thread_id":7`) {
		t.Errorf("audit %+v", a)
	}
	m = only(t, e.textIn(officerCA, police, topic, "/whoami"), groupCongAn, "chủ đề (topic) này")
	if m.ThreadID != topic {
		t.Errorf("/whoami in the topic answered in %d", m.ThreadID)
	}
	m = only(t, e.textIn(officerCA, police, 0, "/whoami"), groupCongAn, "không phải nơi này")
	if m.ThreadID != coord.GeneralTopic {
		t.Errorf("/whoami in the general chat answered in %d, want the general chat", m.ThreadID)
	}

	msgs := e.file(officerA, private(officerA), "/submit 6.4 2027-01", pdf("F1", "a.pdf"))
	report := to(msgs, groupCongAn)
	if len(report) == 0 {
		t.Fatalf("no delivery to the police group: %+v", msgs)
	}
	for _, d := range report {
		if d.ThreadID != topic {
			t.Errorf("delivery %q went to topic %d, want %d", d.Text, d.ThreadID, topic)
		}
	}
	for _, r := range to(msgs, officerA.ID) {
		if r.ThreadID != 0 {
			t.Errorf("the private receipt carries topic %d", r.ThreadID)
		}
	}

	t.Run("RebindFromTheGeneralChat", func(t *testing.T) {
		m := only(t, e.textIn(admin, police, 0, "/bindgroup congan"), groupCongAn, "Đã liên kết")
		if strings.Contains(m.Text, "chủ đề") {
			t.Errorf("bound from the general chat, but told about a topic: %s", m.Text)
		}
		msgs := e.file(officerA, private(officerA), "/submit 6.4 2027-02", pdf("F2", "b.pdf"))
		for _, d := range to(msgs, groupCongAn) {
			if d.ThreadID != 0 {
				t.Errorf("after rebinding from the general chat, delivery went to topic %d", d.ThreadID)
			}
		}
	})

	t.Run("MovedElsewhereTellsTheOldTopic", func(t *testing.T) {
		e.textIn(admin, police, topic, "/bindgroup congan")
		msgs := e.textIn(admin, group(groupYTE2), 0, "/bindgroup congan")
		old := to(msgs, groupCongAn)
		if len(old) != 1 || old[0].ThreadID != topic || !strings.Contains(old[0].Text, "không còn được liên kết") {
			t.Fatalf("the old group was told %+v, want in topic %d", old, topic)
		}
	})
}

// TestGroupBoundFromATopicLost: what was pending for the topic of a group
// that removed the bot goes to the agency's officers privately, without
// the group's topic.
func TestGroupBoundFromATopicLost(t *testing.T) {
	e := reportsEnv(t)
	e.textIn(admin, group(groupCongAn), 7, "/bindgroup congan")
	e.markAllSent()
	e.file(officerA, private(officerA), "/submit 6.4 2027-01", pdf("F1", "a.pdf"))
	msgs := e.handle(bot.Update{Chat: group(groupCongAn), From: admin, BotRemoved: "kicked"})
	copies := to(msgs, officerCA.ID)
	if len(copies) != 2 {
		t.Fatalf("to the police officer: %+v", copies)
	}
	for _, m := range copies {
		if m.ThreadID != 0 {
			t.Errorf("a copy for a private chat carries the group's topic %d: %+v", m.ThreadID, m)
		}
	}
}
