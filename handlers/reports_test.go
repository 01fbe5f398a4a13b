package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
)

var (
	groupCongAn = int64(-2001)
	groupLDTBXH = int64(-2002)
	officerCA   = bot.Person{ID: 301, FirstName: "Hùng", LastName: "Phạm"}
	officerCT   = bot.Person{ID: 302, FirstName: "Mai", LastName: "Đỗ"}
	officerBQL  = bot.Person{ID: 303, FirstName: "Tuấn", LastName: "Vũ"}
)

func pdf(id, name string) bot.File {
	return bot.File{FileID: id, FileUniqueID: "u" + id, Name: name, MIME: "application/pdf", Size: 1000}
}

// reportsEnv: lan is an officer of ldtbxh; congan has a bound group, ngoaivu
// has neither group nor officers; it is 3 Feb 2027, 09:00.
func reportsEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.enrol(officerA, "ldtbxh")
	e.enrol(officerCA, "congan")
	e.text(admin, group(groupCongAn), "/bindgroup congan")
	e.newMessages()
	e.now = time.Date(2027, 2, 3, 9, 0, 0, 0, e.now.Location())
	return e
}

func (e *env) file(from bot.Person, chat bot.Chat, caption string, files ...bot.File) []coord.OutMessage {
	e.t.Helper()
	u := bot.Update{Chat: chat, From: from, MessageID: 20, Text: caption, Files: files}
	if strings.HasPrefix(caption, "/") {
		head, rest, _ := strings.Cut(caption[1:], " ")
		u.Command, u.Args = head, strings.TrimSpace(rest)
	}
	return e.handle(u)
}

func (e *env) submissions(f coord.SubmissionFilter) []coord.Submission {
	e.t.Helper()
	var out []coord.Submission
	err := e.store.View(context.Background(), func(tx coord.Tx) error {
		var err error
		out, err = tx.Submissions(context.Background(), f)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func to(msgs []coord.OutMessage, chat int64) []coord.OutMessage {
	var out []coord.OutMessage
	for _, m := range msgs {
		if m.ChatID == chat {
			out = append(out, m)
		}
	}
	return out
}

// texts joins every text queued for chat into one message for contains.
func texts(msgs []coord.OutMessage, chat int64) coord.OutMessage {
	var parts []string
	for _, m := range to(msgs, chat) {
		parts = append(parts, m.Text)
	}
	return coord.OutMessage{ChatID: chat, Text: strings.Join(parts, "\n")}
}

func contains(t *testing.T, m coord.OutMessage, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(m.Text, w) {
			t.Fatalf("message to %d lacks %q:\n%s", m.ChatID, w, m.Text)
		}
	}
}

func TestSubmitOneMessage(t *testing.T) {
	e := reportsEnv(t)
	msgs := e.file(officerA, private(officerA), "/submit 6.4 2027-01", pdf("F1", "ds-gplđ-01-2027.pdf"))
	group := to(msgs, groupCongAn)
	if len(group) != 1 || group[0].Kind != coord.OutFiles || group[0].Files[0].FileID != "F1" {
		t.Fatalf("to the police group: %+v", group)
	}
	contains(t, group[0], "6.4", "Sở Lao động - Thương binh và Xã hội", "2027-01", "đúng hạn")
	if b := group[0].Buttons; len(b) != 1 || b[0][0].Text != "Đã nhận" || !strings.HasPrefix(b[0][0].Data, "ack:") {
		t.Fatalf("button %+v", b)
	}
	receipt := to(msgs, officerA.ID)
	if len(receipt) != 1 {
		t.Fatalf("receipt: %+v", receipt)
	}
	contains(t, receipt[0], "Đã ghi nhận", "6.4", "2027-01", "đúng hạn", "Hạn cuối 04/02/2027 (được kéo dài đến hết 11/02/2027 vì trùng ngày nghỉ)",
		"Công an tỉnh (nhóm)", "Chưa gửi được tới: Sở Ngoại vụ")
	subs := e.submissions(coord.SubmissionFilter{Obligation: "6.4"})
	if len(subs) != 1 || subs[0].Period != "2027-01" || subs[0].Version != 1 || subs[0].LateDays != 0 || len(subs[0].Files) != 1 {
		t.Fatalf("stored %+v", subs)
	}
	if e.archiveWakes != 1 {
		t.Errorf("the archiver was woken %d times", e.archiveWakes)
	}
}

func TestSubmitLateAgainstTheEffectiveDue(t *testing.T) {
	e := reportsEnv(t)
	// 6.4 for 2027-01 is due 05/02/2027, but 4–5 and 8–10 Feb are Tết
	// holidays: the last on-time day is Thursday 11 Feb.
	e.now = time.Date(2027, 2, 11, 23, 0, 0, 0, e.now.Location())
	msgs := e.file(officerA, private(officerA), "/submit 6.4 2027-01", pdf("F1", "a.pdf"))
	contains(t, to(msgs, officerA.ID)[0], "đúng hạn", "11/02/2027")
	e.now = time.Date(2027, 2, 14, 8, 0, 0, 0, e.now.Location())
	msgs = e.file(officerA, private(officerA), "/submit 6.4 2027-01", pdf("F2", "b.pdf"))
	contains(t, to(msgs, officerA.ID)[0], "Phiên bản: 2 (bản bổ sung)", "đúng hạn")
	contains(t, to(msgs, groupCongAn)[0], "Phiên bản 2")
	e.now = time.Date(2027, 2, 14, 9, 0, 0, 0, e.now.Location())
	msgs = e.file(officerA, private(officerA), "/submit 6.4 2027-01 thay-the", pdf("F3", "c.pdf"))
	contains(t, to(msgs, officerA.ID)[0], "trễ hạn 3 ngày", "thay thế bản sai")
}

func TestSubmitDefaultPeriodIsTheOldestOwed(t *testing.T) {
	e := reportsEnv(t)
	e.now = time.Date(2027, 2, 20, 9, 0, 0, 0, e.now.Location())
	// Tracking starts 2027-01-01: 2026-12 (due 05/01/2027) is the oldest owed.
	msgs := e.file(officerA, private(officerA), "/submit 6.4", pdf("F1", "a.pdf"))
	contains(t, to(msgs, officerA.ID)[0], "Kỳ: 2026-12", "trễ hạn")
	msgs = e.file(officerA, private(officerA), "/submit 6.4", pdf("F2", "b.pdf"))
	contains(t, to(msgs, officerA.ID)[0], "Kỳ: 2027-01", "trễ hạn 9 ngày")
	msgs = e.file(officerA, private(officerA), "/submit 6.4", pdf("F3", "c.pdf"))
	contains(t, to(msgs, officerA.ID)[0], "Kỳ: 2027-02")
}

func TestSubmitRefusals(t *testing.T) {
	cases := []struct {
		name    string
		from    bot.Person
		caption string
		file    bot.File
		want    string
	}{
		{"ErrUnknownObligation", officerA, "/submit 99.9", pdf("F", "a.pdf"), `Không có báo cáo mã "99.9"`},
		{"ErrOtherAgency", officerA, "/submit 8.8", pdf("F", "a.pdf"), "do Công an tỉnh nộp"},
		{"ErrPeriodNotBegun", officerA, "/submit 6.4 2027-03", pdf("F", "a.pdf"), "chưa bắt đầu"},
		{"ErrPeriodOfOtherCadence", officerA, "/submit 6.4 2027-Q1", pdf("F", "a.pdf"), "hàng tháng"},
		{"ErrNoSuchPeriod", officerA, "/submit 6.4 2027-13", pdf("F", "a.pdf"), "không phải là kỳ báo cáo hợp lệ"},
		{"ErrPeriodTooOld", officerA, "/submit 6.4 2000-01", pdf("F", "a.pdf"), "quá cũ"},
		{"ErrFileType", officerA, "/submit 6.4 2027-01", bot.File{FileID: "X", Name: "virus.exe", MIME: "application/x-msdownload", Size: 10}, "không thuộc loại được chấp nhận"},
		{"ErrFileSize", officerA, "/submit 6.4 2027-01", bot.File{FileID: "X", Name: "big.pdf", Size: 21 << 20}, "quá lớn"},
		{"ErrStranger", stranger, "/submit 6.4 2027-01", pdf("F", "a.pdf"), "chưa được ghi danh"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := reportsEnv(t)
			msgs := e.file(c.from, private(c.from), c.caption, c.file)
			only(t, msgs, c.from.ID, c.want)
			if subs := e.submissions(coord.SubmissionFilter{}); len(subs) != 0 {
				t.Fatalf("a refused submission was stored: %+v", subs)
			}
		})
	}
}

func TestNilReport(t *testing.T) {
	e := reportsEnv(t)
	e.enrol(officerCT, "congthuong")
	msgs := e.text(officerCT, private(officerCT), "/nil 13.3 2027-01")
	contains(t, to(msgs, officerCT.ID)[0], "báo cáo không phát sinh", "13.3", "đúng hạn")
	group := to(msgs, groupCongAn)
	if len(group) != 1 || group[0].Kind != coord.OutText || len(group[0].Buttons) != 1 {
		t.Fatalf("nil report to the police group: %+v", group)
	}
	contains(t, group[0], "không phát sinh", "Sở Công Thương")
	only(t, e.text(officerA, private(officerA), "/nil 6.4 2027-01"), officerA.ID, "không cho phép")
	if subs := e.submissions(coord.SubmissionFilter{Obligation: "6.4"}); len(subs) != 0 {
		t.Fatal("a refused nil report was stored")
	}
}

func TestAcknowledgement(t *testing.T) {
	e := reportsEnv(t)
	msgs := e.file(officerA, private(officerA), "/submit 6.4 2027-01", pdf("F1", "a.pdf"))
	data := to(msgs, groupCongAn)[0].Buttons[0][0].Data
	t.Run("ErrOtherAgency", func(t *testing.T) {
		msgs := e.press(officerA, group(groupCongAn), 77, data)
		if len(msgs) != 1 || msgs[0].Kind != coord.OutCallbackAnswer || !strings.Contains(msgs[0].Text, "Chỉ cán bộ của Công an tỉnh") {
			t.Fatalf("got %+v", msgs)
		}
	})
	t.Run("ErrForgedID", func(t *testing.T) {
		msgs := e.press(officerCA, group(groupCongAn), 77, "ack:99999")
		if len(msgs) != 1 || msgs[0].Kind != coord.OutCallbackAnswer {
			t.Fatalf("got %+v", msgs)
		}
	})
	msgs = e.press(officerCA, group(groupCongAn), 77, data)
	var edit, notice *coord.OutMessage
	for i := range msgs {
		switch {
		case msgs[i].Kind == coord.OutEditButtons:
			edit = &msgs[i]
		case msgs[i].ChatID == officerA.ID:
			notice = &msgs[i]
		}
	}
	if edit == nil || !strings.Contains(edit.Buttons[0][0].Text, "Đã nhận — Hùng Phạm") {
		t.Fatalf("button not updated: %+v", msgs)
	}
	if notice == nil {
		t.Fatalf("submitter not told: %+v", msgs)
	}
	contains(t, *notice, "Công an tỉnh đã xác nhận", "6.4", "Hùng Phạm")
	again := e.press(officerCA, group(groupCongAn), 77, data)
	if len(again) != 1 || !strings.Contains(again[0].Text, "đã được Hùng Phạm xác nhận") {
		t.Fatalf("second press: %+v", again)
	}
	if n := len(e.audit("delivery.ack")); n != 1 {
		t.Errorf("%d ack audit rows", n)
	}
}

func TestSubmitWizard(t *testing.T) {
	e := reportsEnv(t)
	m := only(t, e.text(officerA, private(officerA), "/submit"), officerA.ID, "Chọn báo cáo")
	if len(m.Buttons) != 3 || m.Buttons[0][0].Data != "sub:o:6.4" || m.Buttons[1][0].Data != "sub:o:6.6" {
		t.Fatalf("obligation buttons %+v", m.Buttons)
	}
	msgs := e.press(officerA, private(officerA), 40, "sub:o:6.4")
	if msgs[0].Kind != coord.OutEdit || msgs[0].Buttons[0][0].Data != "sub:p:2026-12" || !strings.Contains(msgs[0].Buttons[0][0].Text, "trễ hạn") {
		t.Fatalf("period buttons %+v", msgs[0])
	}
	msgs = e.press(officerA, private(officerA), 40, "sub:p:2027-01")
	contains(t, texts(msgs, officerA.ID), "Hãy gửi tệp báo cáo", "2027-01")
	t.Run("ErrTextInsteadOfFile", func(t *testing.T) {
		only(t, e.text(officerA, private(officerA), "đây là báo cáo"), officerA.ID, "gửi tệp báo cáo")
	})
	only(t, e.file(officerA, private(officerA), "", pdf("W1", "phan-1.pdf")), officerA.ID, "Đã nhận 1 tệp")
	only(t, e.file(officerA, private(officerA), "", pdf("W2", "phan-2.xlsx"), bot.File{FileID: "W3", Name: "photo.jpg", Photo: true, Size: 10}), officerA.ID, "Đã nhận 3 tệp")
	msgs = e.press(officerA, private(officerA), 41, "sub:done")
	contains(t, texts(msgs, officerA.ID), "ghi chú")
	msgs = e.text(officerA, private(officerA), "Số liệu đã đối chiếu với Công an")
	m = only(t, msgs, officerA.ID, "Kiểm tra trước khi gửi", "3 tệp", "Số liệu đã đối chiếu")
	if m.Buttons[0][0].Data != "sub:ok" {
		t.Fatalf("confirm buttons %+v", m.Buttons)
	}
	msgs = e.press(officerA, private(officerA), 42, "sub:ok")
	contains(t, texts(msgs, officerA.ID), "Đã ghi nhận", "3 tệp")
	group := to(msgs, groupCongAn)
	// Two documents as an album, one photo alone, then the button.
	if len(group) != 3 || len(group[0].Files) != 2 || len(group[1].Files) != 1 || !group[1].Files[0].Photo || len(group[2].Buttons) != 1 {
		t.Fatalf("delivery %+v", group)
	}
	contains(t, group[0], "Ghi chú: Số liệu đã đối chiếu")
	t.Run("ErrReplayedConfirm", func(t *testing.T) {
		msgs := e.press(officerA, private(officerA), 42, "sub:ok")
		if len(msgs) != 1 || msgs[0].Kind != coord.OutCallbackAnswer {
			t.Fatalf("replay: %+v", msgs)
		}
		if n := len(e.submissions(coord.SubmissionFilter{})); n != 1 {
			t.Fatalf("%d submissions after a replayed confirm", n)
		}
	})
}

func TestFileWithoutCommandStartsTheWizard(t *testing.T) {
	e := reportsEnv(t)
	m := only(t, e.file(officerA, private(officerA), "", pdf("D1", "bao-cao.pdf")), officerA.ID, "bao-cao.pdf", "báo cáo nào")
	if m.Buttons[0][0].Data != "sub:o:6.4" {
		t.Fatalf("%+v", m.Buttons)
	}
	e.press(officerA, private(officerA), 50, "sub:o:6.4")
	msgs := e.press(officerA, private(officerA), 50, "sub:p:2027-01")
	contains(t, texts(msgs, officerA.ID), "Đã nhận 1 tệp: bao-cao.pdf")
	e.press(officerA, private(officerA), 51, "sub:done")
	e.press(officerA, private(officerA), 52, "sub:skip")
	msgs = e.press(officerA, private(officerA), 53, "sub:ok")
	if len(to(msgs, groupCongAn)) != 1 {
		t.Fatalf("not delivered: %+v", msgs)
	}
	t.Run("ErrNotInGroup", func(t *testing.T) {
		e.text(admin, group(groupLDTBXH), "/bindgroup ldtbxh")
		e.newMessages()
		if msgs := e.file(officerA, group(groupLDTBXH), "", pdf("D2", "x.pdf")); len(msgs) != 0 {
			t.Fatalf("a file posted in a group started something: %+v", msgs)
		}
	})
}

func TestPrivateDeliveryWhenNoGroup(t *testing.T) {
	e := reportsEnv(t)
	e.enrol(officerBQL, "bqlkcn")
	// 7.3 goes to ldtbxh, which has no group but has an enrolled officer (lan).
	msgs := e.file(officerBQL, private(officerBQL), "/submit 7.3 2027-02", pdf("B1", "kcn.pdf"))
	if d := to(msgs, officerA.ID); len(d) != 1 || d[0].Kind != coord.OutFiles {
		t.Fatalf("private delivery: %+v", msgs)
	}
	// ldtbxh's officers are lan and the bootstrap admin.
	contains(t, to(msgs, officerBQL.ID)[0], "gửi riêng 2 cán bộ")
}

func TestStatusAndCalendar(t *testing.T) {
	e := reportsEnv(t)
	e.enrol(officerBQL, "bqlkcn")
	e.file(officerBQL, private(officerBQL), "/submit 7.3 2027-01", pdf("B1", "kcn.pdf"))
	e.now = time.Date(2027, 2, 20, 9, 0, 0, 0, e.now.Location())
	m := only(t, e.text(officerA, private(officerA), "/status"), officerA.ID, "Sở Lao động", "6.4")
	contains(t, m, "2026-12: trễ hạn, chưa nộp", "2027-02: chưa nộp — hạn cuối 04/03/2027",
		"Đầu vào kỳ 2027-01: 7.3 Ban Quản lý các khu công nghiệp tỉnh ✅", "Đầu vào kỳ 2027-02: 7.3 Ban Quản lý các khu công nghiệp tỉnh ⏳")
	only(t, e.text(officerA, private(officerA), "/status congan"), officerA.ID, "chỉ xem được tình hình của cơ quan mình")
	only(t, e.text(admin, private(admin), "/status congan"), adminID, "Công an tỉnh", "8.8")
	m = only(t, e.text(officerA, private(officerA), "/calendar"), officerA.ID, "Lịch hạn nộp", "Quá hạn, chưa nộp", "Hạn cuối 04/03/2027 (*) — 6.4")
	if strings.Contains(m.Text, "8.8") {
		t.Errorf("an officer sees another agency's deadlines:\n%s", m.Text)
	}
	// The province's calendar is too long for one message: it comes in
	// pages of whole agencies, turned with buttons, each under Telegram's
	// 4,096 characters, together listing every agency.
	page := only(t, e.text(admin, private(admin), "/calendar"), adminID, "(trang 1/", "Công an tỉnh (congan)", "8.8")
	all := page.Text
	for i := 0; len(page.Buttons) > 0 && i < 10; i++ {
		if n := utf8.RuneCountInString(page.Text); n > 4096 {
			t.Fatalf("page %d has %d characters", i+1, n)
		}
		next := page.Buttons[0][len(page.Buttons[0])-1]
		if !strings.Contains(next.Text, "»") {
			break
		}
		var edited []coord.OutMessage
		for _, m := range e.press(admin, private(admin), 77, next.Data) {
			if m.Kind == coord.OutEdit {
				edited = append(edited, m)
			}
		}
		if len(edited) != 1 || edited[0].MessageID != 77 {
			t.Fatalf("pressing %q did not turn the page: %+v", next.Text, edited)
		}
		page = edited[0]
		all += page.Text
	}
	for _, want := range []string{"UBND huyện Hiệp Hòa", "UBND huyện Yên Thế", "Ban Quản lý các khu công nghiệp tỉnh (bqlkcn)"} {
		if !strings.Contains(all, want) {
			t.Errorf("the pages never show %q", want)
		}
	}
}

func TestAlbumSubmittedInOneMessage(t *testing.T) {
	e := reportsEnv(t)
	// The dispatcher combines an album's parts into one update.
	msgs := e.file(officerA, private(officerA), "/submit 6.4 2027-01", pdf("A1", "a.pdf"), pdf("A2", "b.pdf"))
	group := to(msgs, groupCongAn)
	if len(group) != 2 || len(group[0].Files) != 2 || len(group[1].Buttons) != 1 {
		t.Fatalf("album delivery: %+v", group)
	}
}

// TestSubmitWizardSurvivesAFailedCommit checks that when the transaction
// recording a wizard's submission fails, the wizard and its files are kept:
// pressing Send again records the submission, nothing re-sent.
func TestSubmitWizardSurvivesAFailedCommit(t *testing.T) {
	e := reportsEnv(t)
	e.text(officerA, private(officerA), "/submit 6.4 2027-01")
	only(t, e.file(officerA, private(officerA), "", pdf("F1", "bao-cao.pdf")), officerA.ID, "Đã nhận 1 tệp")
	e.press(officerA, private(officerA), 41, "sub:done")
	only(t, e.text(officerA, private(officerA), "-"), officerA.ID, "Kiểm tra trước khi gửi")
	e.failCommit = true
	e.nextID++
	press := bot.Update{ID: e.nextID, Chat: private(officerA), From: officerA, MessageID: 42,
		Callback: &bot.Callback{ID: "cbsub:ok", Data: "sub:ok", MessageID: 42}}
	if err := e.d.Handle(context.Background(), press); err == nil {
		t.Fatal("the update whose transaction failed was reported handled")
	}
	e.failCommit = false
	msgs := e.press(officerA, private(officerA), 42, "sub:ok")
	contains(t, texts(msgs, officerA.ID), "Đã ghi nhận", "1 tệp")
}

// TestEnglishRefusalHasNoVietnamese checks that an officer who chose
// English gets the period hint in English too.
func TestEnglishRefusalHasNoVietnamese(t *testing.T) {
	e := reportsEnv(t)
	e.text(officerA, private(officerA), "/lang en")
	m := only(t, e.text(officerA, private(officerA), "/submit 6.4 abc"), officerA.ID, "not a valid period", "monthly (e.g. 2027-01)")
	if strings.Contains(m.Text, "hàng tháng") {
		t.Errorf("Vietnamese in an English reply: %q", m.Text)
	}
}

// TestAdminsAreNotToldToTellAnAdmin: the advice that ends a receipt with an
// unreachable recipient, or an export on a bot without its spool, tells an
// officer to tell an admin, and an admin what to do.
func TestAdminsAreNotToldToTellAnAdmin(t *testing.T) {
	e := newEnv(t) // no group bound: 6.4's recipients cannot be reached
	e.enrol(officerA, "ldtbxh")
	officer := only(t, to(e.file(officerA, private(officerA), "/submit 6.4 2027-01", pdf("F1", "a.pdf")), officerA.ID), officerA.ID, "Chưa gửi được tới")
	contains(t, officer, "hãy báo quản trị viên")
	adm := only(t, to(e.file(admin, private(admin), "/submit 6.4 2027-02", pdf("F2", "b.pdf")), adminID), adminID, "Chưa gửi được tới")
	contains(t, adm, "/bindgroup", "/invite")
	if strings.Contains(strings.ToLower(adm.Text), "báo quản trị viên") {
		t.Errorf("an admin is told to tell an admin:\n%s", adm.Text)
	}
	only(t, e.text(officerA, private(officerA), "/export status"), officerA.ID, "Hãy báo quản trị viên")
	only(t, e.text(admin, private(admin), "/export status"), adminID, "bot được khởi động không có thư mục xuất tệp")
}

// TestExportUsageNamesEveryKind: a mistyped /export answers with the usage,
// every kind with its example filled in (the guard in newMessages fails a
// text with a formatting mistake), also after an argument it cannot read.
func TestExportUsageNamesEveryKind(t *testing.T) {
	e := newEnv(t)
	e.enrol(officerA, "ldtbxh")
	for _, cmd := range []string{"/export", "/export foo", "/export status 27"} {
		m := only(t, e.text(officerA, private(officerA), cmd), officerA.ID, "Cú pháp: /export")
		contains(t, m, "/export register 2027", "/export status 2027 bqlkcn")
	}
}
