package main

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestEmptyFileRefused checks issue 17 item 5: a 0-byte file is refused
// with what to do, whether captioned or sent to the wizard, nothing is
// recorded and nothing reaches the recipients' group; the same report with
// content then goes through as the first version.
func TestEmptyFileRefused(t *testing.T) {
	e := reportsE2E(t)
	empty := fakeapi.File{FileID: "EMPTY-6.4", Name: "bao-cao-trong.pdf", MIME: "application/pdf", Data: []byte{}}

	after := e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-11", empty)
	got := e.waitSent(after, "sendMessage", lan.ID, "trống (0 byte)")
	for _, want := range []string{"bao-cao-trong.pdf", "gửi lại tệp có nội dung", "Chưa có gì được nộp"} {
		if !strings.Contains(got.Params["text"], want) {
			t.Errorf("refusal lacks %q:\n%s", want, got.Params["text"])
		}
	}

	t.Run("Wizard", func(t *testing.T) {
		e.say(lan, fakeapi.Private(lan), "/submit 6.4 2026-11", "Hãy gửi tệp báo cáo")
		after := e.lastSeq()
		e.api.SendDocument(lan, fakeapi.Private(lan), "", empty)
		e.waitSent(after, "sendMessage", lan.ID, "trống (0 byte)")
		e.say(lan, fakeapi.Private(lan), "/cancel", "")
	})

	status := e.say(lan, fakeapi.Private(lan), "/status", "6.4")
	if line := lineWith(status.Params["text"], "2026-11:"); !strings.Contains(line, "chưa nộp") {
		t.Errorf("/status counts an empty file: %q\n%s", line, status.Params["text"])
	}
	e.say(minh, groupCA, "/whoami", "Công an tỉnh") // the group's queue, flushed
	if n := e.deliveriesTo(groupCA.ID); n != 0 {
		t.Fatalf("%d files reached the police group after an empty file", n)
	}
	after = e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-11", reportPDF)
	receipt := e.waitSent(after, "sendMessage", lan.ID, "Đã ghi nhận báo cáo")
	if strings.Contains(receipt.Params["text"], "bổ sung") {
		t.Errorf("the empty file made a version:\n%s", receipt.Params["text"])
	}
	e.waitSent(after, "sendDocument", groupCA.ID, "6.4")
}

// TestArchiveGivesUpTellsSubmitterAndAdmins checks issue 17 item 5: a file
// the archive gives up on — over the size limit once downloaded, empty once
// downloaded, or refused by Telegram for good — is told to the submitter
// and the admins, naming the report, the period and the reason; the report
// was delivered and stays counted. The file changes while the archive's
// getFile hangs, after the submission took Telegram's announced size.
func TestArchiveGivesUpTellsSubmitterAndAdmins(t *testing.T) {
	cases := []struct {
		name   string
		change func(api *fakeapi.Server, fileID string)
		reason string
	}{
		{"TooLargeAfterDownload", func(api *fakeapi.Server, id string) {
			api.SetMaxDownload(0) // as a local Bot API server, which hands out anything
			api.AddFileFunc(id, "bao-cao.pdf", 21<<20, func() io.Reader { return fakeapi.PatternReader(21 << 20) })
		}, "lớn hơn giới hạn lưu trữ 20 MB"},
		{"EmptyAfterDownload", func(api *fakeapi.Server, id string) {
			api.AddFile(fakeapi.File{FileID: id, Name: "bao-cao.pdf", MIME: "application/pdf", Data: []byte{}})
		}, "tệp tải về không có nội dung (0 byte)"},
		{"RefusedForGood", func(api *fakeapi.Server, id string) {
			// The cloud Bot API refuses to hand out a file over 20 MB.
			api.AddFileFunc(id, "bao-cao.pdf", 21<<20, func() io.Reader { return fakeapi.PatternReader(21 << 20) })
		}, "không tải được tệp từ Telegram"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := reportsE2E(t)
			file := fakeapi.File{FileID: "GROW-" + c.name, Name: "bao-cao.pdf", MIME: "application/pdf", Data: []byte("%PDF-1.7 báo cáo")}
			e.api.FailNext("getFile", 1, fakeapi.Fault{Kind: fakeapi.Hang, Delay: time.Second})
			after := e.lastSeq()
			e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-11", file)
			e.api.WaitFaulted(t, wait, "getFile")
			c.change(e.api, file.FileID)
			e.waitSent(after, "sendMessage", lan.ID, "Đã ghi nhận báo cáo")
			e.waitSent(after, "sendDocument", groupCA.ID, "6.4")

			told := e.waitSent(after, "sendMessage", lan.ID, "không lưu trữ được tệp")
			for _, want := range []string{"bao-cao.pdf", "6.4", "2026-11", c.reason, "vẫn được ghi nhận là đã nộp", "/submit 6.4 2026-11"} {
				if !strings.Contains(told.Params["text"], want) {
					t.Errorf("the submitter's notice lacks %q:\n%s", want, told.Params["text"])
				}
			}
			toAdmin := e.waitSent(after, "sendMessage", adminID, "Kho lưu trữ đã bỏ qua tệp")
			for _, want := range []string{"bao-cao.pdf", "6.4", "Sở Lao động - Thương binh và Xã hội", "2026-11", "Lan Nguyễn", c.reason} {
				if !strings.Contains(toAdmin.Params["text"], want) {
					t.Errorf("the admin's notice lacks %q:\n%s", want, toAdmin.Params["text"])
				}
			}
			// Counted: /status shows the period submitted.
			status := e.say(lan, fakeapi.Private(lan), "/status", "6.4")
			if line := lineWith(status.Params["text"], "2026-11:"); line == "" || strings.Contains(line, "chưa nộp") {
				t.Errorf("/status does not count the report: %q\n%s", line, status.Params["text"])
			}

			// Once: a restart does not tell again.
			e.stop()
			e.start()
			e.say(lan, fakeapi.Private(lan), "/whoami", "Cơ quan")
			e.say(admin, fakeapi.Private(admin), "/whoami", "Cơ quan")
			if n := count(e.api.Sent(), lan.ID, "không lưu trữ được tệp"); n != 1 {
				t.Errorf("the submitter was told %d times, want once", n)
			}
			if n := count(e.api.Sent(), adminID, "Kho lưu trữ đã bỏ qua tệp"); n != 1 {
				t.Errorf("the admin was told %d times, want once", n)
			}
		})
	}
}

// lineWith is the first line of text containing s, "" when none.
func lineWith(text, s string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}
