package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

var (
	tuan      = fakeapi.User{ID: 204, FirstName: "Tuấn", LastName: "Vũ"}
	thu       = fakeapi.User{ID: 205, FirstName: "Thu", LastName: "Đặng"}
	groupCA   = fakeapi.Chat{ID: -100222, Type: "supergroup", Title: "Công an tỉnh - NLĐNN"}
	reportPDF = fakeapi.File{FileID: "PDF-6.4-2026-01", Name: "ds-gplđ-01-2026.pdf", MIME: "application/pdf",
		Data: bytes.Repeat([]byte("%PDF-1.7 danh sách người lao động nước ngoài\n"), 2000)}
)

type button struct {
	Text string `json:"text"`
	Data string `json:"callback_data"`
}

// buttonsOf decodes the inline keyboard of a recorded call.
func buttonsOf(t *testing.T, c fakeapi.Call) [][]button {
	t.Helper()
	var kb struct {
		Rows [][]button `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(c.Params["reply_markup"]), &kb); err != nil {
		t.Fatalf("reply_markup of %s: %v", c.Method, err)
	}
	return kb.Rows
}

// reportsE2E enrols lan (ldtbxh), minh (congan), tuan (bqlkcn) and thu
// (ldtbxh), and binds the police group.
func reportsE2E(t *testing.T) *e2e {
	t.Helper()
	e := newE2E(t)
	e.start()
	for _, p := range []struct {
		u    fakeapi.User
		args string
	}{{lan, "ldtbxh"}, {minh, "congan"}, {tuan, "bqlkcn"}, {thu, "ldtbxh"}} {
		code := e.invite(p.args)
		e.say(p.u, fakeapi.Private(p.u), "/start "+code, "Chào mừng")
	}
	e.say(admin, groupCA, "/bindgroup congan", "Đã liên kết")
	return e
}

// waitSent waits for a successful call of method to chat, after seq.
func (e *e2e) waitSent(after int, method string, chat int64, want string) fakeapi.Call {
	e.t.Helper()
	return e.api.WaitFor(e.t, wait, method+" to chat containing "+want, func(c fakeapi.Call) bool {
		text := c.Params["text"] + c.Params["caption"] + c.Params["media"] + c.Params["reply_markup"] + c.Params["document"]
		return c.Seq > after && c.Method == method && c.ChatID() == chat && strings.Contains(text, want)
	})
}

func (e *e2e) deliveriesTo(chat int64) int {
	n := 0
	for _, c := range e.api.Sent() {
		if c.ChatID() == chat && (c.Method == "sendDocument" || c.Method == "sendPhoto" || c.Method == "sendMediaGroup") {
			n++
		}
	}
	return n
}

// waitArchived waits until the archive holds data under its SHA-256.
func (e *e2e) waitArchived(data []byte) string {
	e.t.Helper()
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	path := filepath.Join(e.env["BOT_FILES_DIR"], sha[:2], sha)
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if got, err := os.ReadFile(path); err == nil {
			if !bytes.Equal(got, data) {
				e.t.Fatalf("archived bytes differ from the sent bytes")
			}
			return path
		}
		select {
		case <-ctx.Done():
			e.t.Fatalf("%s never appeared in the archive", path)
		case <-tick.C:
		}
	}
}

func TestReportSubmittedDeliveredAcknowledgedArchived(t *testing.T) {
	e := reportsE2E(t)
	after := e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-01", reportPDF)
	doc := e.waitSent(after, "sendDocument", groupCA.ID, "6.4")
	for _, want := range []string{"Sở Lao động - Thương binh và Xã hội", "2026-01", "Đã nhận"} {
		if !strings.Contains(doc.Params["caption"]+doc.Params["reply_markup"], want) {
			t.Errorf("delivery lacks %q: %v", want, doc.Params)
		}
	}
	if doc.Params["document"] != reportPDF.FileID {
		t.Errorf("the file was not re-sent by file_id: %q", doc.Params["document"])
	}
	receipt := e.waitSent(after, "sendMessage", lan.ID, "Đã ghi nhận báo cáo")
	for _, want := range []string{"6.4", "Kỳ: 2026-01", "Công an tỉnh (nhóm)", "Chưa gửi được tới: Sở Ngoại vụ"} {
		if !strings.Contains(receipt.Params["text"], want) {
			t.Errorf("receipt lacks %q:\n%s", want, receipt.Params["text"])
		}
	}
	e.waitArchived(reportPDF.Data)

	ack := buttonsOf(t, doc)[0][0]
	t.Run("ErrAckByAnotherAgency", func(t *testing.T) {
		after := e.lastSeq()
		e.api.PressButton(lan, groupCA, doc.MessageIDs[0], ack.Data)
		e.waitSent(after, "answerCallbackQuery", 0, "Chỉ cán bộ của Công an tỉnh")
	})
	after = e.lastSeq()
	e.api.PressButton(minh, groupCA, doc.MessageIDs[0], ack.Data)
	e.waitSent(after, "editMessageReplyMarkup", groupCA.ID, "Minh Trần")
	e.waitSent(after, "sendMessage", lan.ID, "Công an tỉnh đã xác nhận")
	e.say(lan, fakeapi.Private(lan), "/status", "6.4")
}

func TestAlbumReachesOfficersPrivately(t *testing.T) {
	e := reportsE2E(t)
	files := []fakeapi.File{
		{FileID: "K1", Name: "kcn-1.pdf", MIME: "application/pdf", Data: []byte("%PDF kcn 1")},
		{FileID: "K2", Name: "kcn-2.xlsx", MIME: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: []byte("PK xlsx kcn 2")},
	}
	after := e.lastSeq()
	e.api.SendAlbum(tuan, fakeapi.Private(tuan), files, "/submit 7.3 2026-01")
	// ldtbxh has no group: each of its officers gets the album privately.
	for _, officer := range []int64{lan.ID, thu.ID, adminID} {
		album := e.waitSent(after, "sendMediaGroup", officer, "K1")
		if !strings.Contains(album.Params["media"], "K2") {
			t.Errorf("album to %d lacks the second file: %s", officer, album.Params["media"])
		}
		e.waitSent(after, "sendMessage", officer, "Đã nhận")
	}
	receipt := e.waitSent(after, "sendMessage", tuan.ID, "Đã ghi nhận báo cáo")
	if !strings.Contains(receipt.Params["text"], "2 tệp") || !strings.Contains(receipt.Params["text"], "gửi riêng 3 cán bộ") {
		t.Errorf("receipt:\n%s", receipt.Params["text"])
	}
	e.waitArchived(files[0].Data)
	e.waitArchived(files[1].Data)
}

func TestEveryRefusalForwardsNothing(t *testing.T) {
	e := reportsE2E(t)
	exe := fakeapi.File{FileID: "EXE", Name: "baocao.exe", MIME: "application/x-msdownload", Data: []byte("MZ")}
	cases := []struct {
		from    fakeapi.User
		caption string
		file    fakeapi.File
		want    string
	}{
		{lan, "/submit 99.9", reportPDF, "Không có báo cáo mã"},
		{lan, "/submit 8.8", reportPDF, "không có nghĩa vụ này"},
		{lan, "/submit 6.4 2099-01", reportPDF, "chưa bắt đầu"},
		{lan, "/submit 6.4 2026-Q1", reportPDF, "không phải là kỳ báo cáo hợp lệ"},
		{lan, "/submit 6.4 2026-01", exe, "không thuộc loại được chấp nhận"},
		{stranger, "/submit 6.4 2026-01", reportPDF, "chưa được ghi danh"},
	}
	for _, c := range cases {
		after := e.lastSeq()
		e.api.SendDocument(c.from, fakeapi.Private(c.from), c.caption, c.file)
		e.waitSent(after, "sendMessage", c.from.ID, c.want)
	}
	big := fakeapi.File{FileID: "BIG", Name: "lon.pdf", MIME: "application/pdf", Data: make([]byte, 21<<20)}
	e.say(lan, fakeapi.Private(lan), "/whoami", "Sở Lao động") // the queue is flushed up to here
	after := e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-01", big)
	e.waitSent(after, "sendMessage", lan.ID, "quá lớn")
	e.say(minh, groupCA, "/whoami", "Công an tỉnh") // the group's queue, flushed
	if n := e.deliveriesTo(groupCA.ID); n != 0 {
		t.Fatalf("%d files reached the police group after refusals", n)
	}
}

func TestWizardSurvivesARestart(t *testing.T) {
	e := reportsE2E(t)
	start := e.say(lan, fakeapi.Private(lan), "/submit", "Chọn báo cáo")
	after := e.lastSeq()
	e.api.PressButton(lan, fakeapi.Private(lan), start.MessageIDs[0], "sub:o:6.4")
	e.waitSent(after, "editMessageText", lan.ID, "Chọn kỳ")
	after = e.lastSeq()
	e.api.PressButton(lan, fakeapi.Private(lan), start.MessageIDs[0], "sub:p:2026-02")
	e.waitSent(after, "sendMessage", lan.ID, "Hãy gửi tệp báo cáo")

	// The bot restarts in the middle; the wizard lives in Redis.
	e.stop()
	e.start()
	file := fakeapi.File{FileID: "W-1", Name: "bao-cao-02.pdf", MIME: "application/pdf", Data: []byte("%PDF tháng 2")}
	after = e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "", file)
	got := e.waitSent(after, "sendMessage", lan.ID, "Đã nhận 1 tệp")
	after = e.lastSeq()
	e.api.PressButton(lan, fakeapi.Private(lan), got.MessageIDs[0], "sub:done")
	e.waitSent(after, "sendMessage", lan.ID, "ghi chú")
	confirm := e.say(lan, fakeapi.Private(lan), "Đã đối chiếu số liệu", "Kiểm tra trước khi gửi")
	after = e.lastSeq()
	e.api.PressButton(lan, fakeapi.Private(lan), confirm.MessageIDs[0], "sub:ok")
	e.waitSent(after, "sendMessage", lan.ID, "Đã ghi nhận báo cáo")
	doc := e.waitSent(after, "sendDocument", groupCA.ID, "2026-02")
	if !strings.Contains(doc.Params["caption"], "Ghi chú: Đã đối chiếu số liệu") {
		t.Errorf("caption: %s", doc.Params["caption"])
	}
}

func TestTwoOfficersSubmitAtTheSameMoment(t *testing.T) {
	e := reportsE2E(t)
	after := e.lastSeq()
	var wg sync.WaitGroup
	for i, u := range []fakeapi.User{lan, thu} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := fakeapi.File{FileID: "SAME-" + u.FirstName, Name: "bc.pdf", MIME: "application/pdf", Data: []byte{byte(i)}}
			e.api.SendDocument(u, fakeapi.Private(u), "/submit 6.4 2026-03", f)
		}()
	}
	wg.Wait()
	r1 := e.waitSent(after, "sendMessage", lan.ID, "Đã ghi nhận báo cáo")
	r2 := e.waitSent(after, "sendMessage", thu.ID, "Đã ghi nhận báo cáo")
	both := r1.Params["text"] + r2.Params["text"]
	if !strings.Contains(both, "Phiên bản: 1") || !strings.Contains(both, "Phiên bản: 2") {
		t.Fatalf("versions not 1 and 2:\n%s", both)
	}
	e.api.WaitCount(t, wait, "two deliveries to the police group", func(c fakeapi.Call) bool {
		return c.Seq > after && c.Method == "sendDocument" && c.ChatID() == groupCA.ID
	}, 2)
}

func TestFailedDownloadIsRetriedLater(t *testing.T) {
	e := reportsE2E(t)
	e.api.FailNext(fakeapi.DownloadMethod, 1, fakeapi.Fault{Kind: fakeapi.ServerError})
	e.api.FailNext("getFile", 1, fakeapi.Fault{Kind: fakeapi.BadGatewayHTML})
	after := e.lastSeq()
	f := fakeapi.File{FileID: "RETRY", Name: "thang-4.pdf", MIME: "application/pdf", Data: []byte("%PDF tháng 4, tải lại")}
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-04", f)
	e.waitSent(after, "sendMessage", lan.ID, "Đã ghi nhận báo cáo")
	e.waitArchived(f.Data)
	if !strings.Contains(e.logs.String(), "component=archive") {
		t.Errorf("the failed attempts were not logged")
	}
}
