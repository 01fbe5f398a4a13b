package main

import (
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestRedisDownOneMessageCommands: Redis stops. A report sent as one
// message (the file, its caption naming the report and the period) is
// still accepted, delivered to the recipients' group once and
// acknowledged, and /start with an invite code still enrols: neither needs
// a conversation, and SQLite's handled mark keeps them from being handled
// twice. A command that needs a conversation gets "tạm thời gián đoạn".
// When Redis is back, nothing is delivered again.
func TestRedisDownOneMessageCommands(t *testing.T) {
	e := reportsE2E(t)
	code := e.invite("yte")
	e.mr.Close()

	e.say(lan, fakeapi.Private(lan), "/submit", "tạm thời gián đoạn, vui lòng thử lại")
	after := e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-01", reportPDF)
	e.waitSent(after, "sendDocument", groupCA.ID, reportPDF.FileID)
	receipt := e.waitSent(after, "sendMessage", lan.ID, "Đã ghi nhận báo cáo")
	if !strings.Contains(receipt.Params["text"], "Công an tỉnh (nhóm)") {
		t.Errorf("the receipt does not say where the report went:\n%s", receipt.Params["text"])
	}
	e.say(hoa, fakeapi.Private(hoa), "/start "+code, "Chào mừng")
	e.say(hoa, fakeapi.Private(hoa), "/requests", "tạm thời gián đoạn")

	if err := e.mr.Restart(); err != nil {
		t.Fatal(err)
	}
	// The Redis client redials in the background: the first tries may
	// still be early.
	deadline := time.Now().Add(wait)
	for {
		c := e.say(hoa, fakeapi.Private(hoa), "/whoami", "")
		if strings.Contains(c.Params["text"], "Sở Y tế") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery; last reply %q", c.Params["text"])
		}
	}
	e.say(lan, fakeapi.Private(lan), "/whoami", "Sở Lao động")
	if n := e.deliveriesTo(groupCA.ID); n != 1 {
		t.Errorf("the report reached the group %d times, want once", n)
	}
	if n := count(e.api.Sent(), lan.ID, "Đã ghi nhận báo cáo"); n != 1 {
		t.Errorf("%d receipts, want one", n)
	}
	if n := count(e.api.Sent(), hoa.ID, "Chào mừng"); n != 1 {
		t.Errorf("the enrolment was answered %d times", n)
	}
}
