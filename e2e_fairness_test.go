package main

import (
	"fmt"
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

// TestAnotherAgencysReportIsNotStuckBehindAFlood: one officer's burst of
// twelve versions of a report fills the police group's queue (a group takes
// a message a second, twenty a minute); another agency's report, sent just
// after the burst was accepted, reaches the group next in turn instead of
// behind the twelve.
func TestAnotherAgencysReportIsNotStuckBehindAFlood(t *testing.T) {
	e := newE2E(t)
	e.start()
	e.say(lan, fakeapi.Private(lan), "/start "+e.invite("ldtbxh"), "Chào mừng")
	e.say(thu, fakeapi.Private(thu), "/start "+e.invite("ngoaivu"), "Chào mừng")
	e.say(admin, groupCA, "/bindgroup congan", "Đã liên kết")
	handled := `fwbot_updates_handled_total{kind="message"}`
	_, body := eventually(t, e.metricsAddr()+"/metrics", "the metrics served", func(code int, body string) bool {
		return code == http.StatusOK
	})
	base := sample(body, handled)
	const flood = 12
	for i := range flood {
		f := fakeapi.File{FileID: fmt.Sprintf("FLOOD-%d", i), FileUniqueID: fmt.Sprintf("FLOOD-%d-U", i),
			Name: fmt.Sprintf("ban-%d.pdf", i), MIME: "application/pdf", Data: []byte(fmt.Sprintf("%%PDF bản %d", i))}
		e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-11", f)
	}
	// Every version is accepted (and queued for the group) before the
	// other agency's report comes in.
	eventually(t, e.metricsAddr()+"/metrics", "the burst handled", func(code int, body string) bool {
		return code == http.StatusOK && sample(body, handled) >= base+flood
	})
	after := e.lastSeq()
	ngo := fakeapi.File{FileID: "NGO-1", FileUniqueID: "NGO-1-U", Name: "to-chuc-phi-chinh-phu.pdf", MIME: "application/pdf", Data: []byte("%PDF danh sách")}
	e.api.SendDocument(thu, fakeapi.Private(thu), "/submit 9.4 2026-Q3", ngo)
	report := e.waitSent(after, "sendDocument", groupCA.ID, "9.4")
	ahead := 0
	for _, c := range e.api.Sent() {
		if c.Seq < report.Seq && c.ChatID() == groupCA.ID && c.Method == "sendDocument" && strings.Contains(c.Params["caption"], "6.4") {
			ahead++
		}
	}
	// The group was sending the burst at a message a second; the report
	// waits at most for the one in flight and the one of the burst's turn.
	if ahead >= 5 {
		t.Errorf("%d of the burst's %d versions reached the group before the other agency's report; it should wait for at most a few", ahead, flood)
	}
}
