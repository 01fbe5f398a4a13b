package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestStrangerRefusedOnceAnHourInAGroup: a stranger typing commands in a
// bound group is told once; the rest are dropped (counted in the metrics),
// so the group's 20 messages a minute stay for its reports. In the private
// chat every command still gets its answer.
func TestStrangerRefusedOnceAnHourInAGroup(t *testing.T) {
	e := newE2E(t)
	e.start()
	e.say(minh, fakeapi.Private(minh), "/start "+e.invite("congan"), "Chào mừng")
	e.say(admin, groupCA, "/bindgroup congan", "Đã liên kết")
	refusal := "Bạn chưa được ghi danh"
	e.say(stranger, groupCA, "/status", refusal)
	for range 20 {
		e.api.SendText(stranger, groupCA, "/status")
	}
	// Updates of one chat are handled in order: once the officer's reply
	// is out, the stranger's twenty were handled.
	e.say(minh, groupCA, "/whoami", "Công an tỉnh")
	n := 0
	for _, text := range e.api.TextsTo(groupCA.ID) {
		if strings.Contains(text, refusal) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the stranger was refused %d times in the group, want once", n)
	}
	// The private chat is not the group's budget: each gets its answer.
	e.say(stranger, fakeapi.Private(stranger), "/status", "chưa được ghi danh")
	e.say(stranger, fakeapi.Private(stranger), "/status", "chưa được ghi danh")
	_, body := eventually(t, e.metricsAddr()+"/metrics", "the dropped refusals counted", func(code int, body string) bool {
		return code == http.StatusOK && sample(body, `fwbot_refusals_total{reason="stranger_quiet"}`) == 20
	})
	if got := sample(body, `fwbot_refusals_total{reason="stranger"}`); got != 3 {
		t.Errorf("stranger refusals answered: %v, want 3 (one in the group, two in private)", got)
	}
}

// TestIdenticalSubmissionIsNotDeliveredTwice: the same file sent again for
// the same period (a double tap, a flood) is refused politely and queues
// nothing in the recipients' groups; a different file is a new version.
func TestIdenticalSubmissionIsNotDeliveredTwice(t *testing.T) {
	e := newE2E(t)
	e.start()
	e.say(lan, fakeapi.Private(lan), "/start "+e.invite("ldtbxh"), "Chào mừng")
	e.say(admin, groupCA, "/bindgroup congan", "Đã liên kết")
	same := reportPDF
	same.FileUniqueID = "RPT-1-U" // Telegram's id of the same bytes, whoever sends them
	after := e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-11", same)
	e.waitSent(after, "sendDocument", groupCA.ID, "Phiên bản 1")
	for range 3 {
		after = e.lastSeq()
		e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-11", same)
		e.waitSent(after, "sendMessage", lan.ID, "giống hệt phiên bản 1")
	}
	other := fakeapi.File{FileID: "RPT-2", FileUniqueID: "RPT-2-U", Name: "bao-cao-sua.pdf", MIME: "application/pdf", Data: []byte("%PDF bản sửa")}
	after = e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-11", other)
	e.waitSent(after, "sendDocument", groupCA.ID, "Phiên bản 2")
	if n := e.deliveriesTo(groupCA.ID); n != 2 {
		t.Errorf("the police group got %d reports, want 2 (the repeats not sent)", n)
	}
}
