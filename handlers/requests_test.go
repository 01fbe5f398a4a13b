package handlers_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
)

// requestsEnv: lan (ldtbxh), Hùng (congan, group bound), Mai (congthuong);
// it is Monday 1 March 2027.
func requestsEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.enrol(officerA, "ldtbxh")
	e.enrol(officerCA, "congan")
	e.enrol(officerCT, "congthuong")
	e.text(admin, group(groupCongAn), "/bindgroup congan")
	e.newMessages()
	return e
}

func (e *env) request(id int64) coord.Request {
	e.t.Helper()
	var r coord.Request
	err := e.store.View(context.Background(), func(tx coord.Tx) error {
		var err error
		r, err = tx.Request(context.Background(), id)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func TestRequestOneLine(t *testing.T) {
	e := requestsEnv(t)
	msgs := e.text(officerA, private(officerA), "/request congan,tuphap 2027-03-15 Đề nghị tra cứu lý lịch tư pháp ông John Smith")
	card := to(msgs, groupCongAn)
	if len(card) != 1 {
		t.Fatalf("card: %+v", msgs)
	}
	contains(t, card[0], "Yêu cầu phối hợp #1", "Sở Lao động", "Đề nghị tra cứu lý lịch tư pháp ông John Smith", "15/03/2027")
	if b := card[0].Buttons; len(b) != 1 || len(b[0]) != 3 || b[0][0].Data != "rq:a:1" || b[0][1].Data != "rq:d:1" || b[0][2].Data != "rq:r:1" {
		t.Fatalf("card buttons %+v", b)
	}
	if card[0].Ref != "request:1" {
		t.Errorf("card ref %q", card[0].Ref)
	}
	contains(t, texts(msgs, officerA.ID), "#1 → Công an tỉnh (nhóm)", "#2 → Sở Tư pháp (chưa gửi được")
	if r := e.request(2); r.To != "tuphap" || r.State != coord.ReqOpen || r.Due.String() != "2027-03-15" {
		t.Fatalf("request 2: %+v", r)
	}
	if n := len(e.audit("request.create")); n != 2 {
		t.Errorf("%d request.create audit rows", n)
	}
}

func TestRequestRefusals(t *testing.T) {
	e := requestsEnv(t)
	for _, c := range []struct{ text, want string }{
		{"/request congan 2027-02-28 Quá hạn", "không hợp lệ"},
		{"/request congan 2028-03-02 Quá xa", "không hợp lệ"},
		{"/request congan 31-12-2027 Sai dạng", "không hợp lệ"},
		{"/request sohonglam 2027-03-15 Không có", `Không có cơ quan mã "sohonglam"`},
		{"/request ldtbxh 2027-03-15 Tự gửi", "chính cơ quan mình"},
		{"/request congan", "Cú pháp: /request"},
	} {
		only(t, e.text(officerA, private(officerA), c.text), officerA.ID, c.want)
	}
	contains(t, texts(e.text(officerA, private(officerA), "/request congan 15/03/2027 Dạng ngày Việt Nam"), officerA.ID), "#1 → Công an tỉnh", "15/03/2027")
	only(t, e.text(stranger, private(stranger), "/request congan 2027-03-15 X"), stranger.ID, "chưa được ghi danh")
	if n := len(e.audit("request.create")); n != 1 {
		t.Errorf("%d requests created, want 1", n)
	}
}

func TestRequestLifecycle(t *testing.T) {
	e := requestsEnv(t)
	e.text(officerA, private(officerA), "/request congan 2027-03-15 Xác minh hồ sơ công ty ABC")
	t.Run("ErrAcceptByRequester", func(t *testing.T) {
		only(t, e.text(officerA, private(officerA), "/accept 1"), officerA.ID, "Chỉ cán bộ của Công an tỉnh")
	})
	msgs := e.press(officerCA, group(groupCongAn), 70, "rq:a:1")
	contains(t, texts(msgs, officerA.ID), "#1", "Công an tỉnh đã nhận xử lý")
	var edit *coord.OutMessage
	for i := range msgs {
		if msgs[i].Kind == coord.OutEditButtons {
			edit = &msgs[i]
		}
	}
	if edit == nil || len(edit.Buttons[0]) != 2 {
		t.Fatalf("card not narrowed to decline/answer: %+v", msgs)
	}
	t.Run("ErrReplayedAccept", func(t *testing.T) {
		msgs := e.press(officerCA, group(groupCongAn), 70, "rq:a:1")
		if len(msgs) != 1 || msgs[0].Kind != coord.OutCallbackAnswer || !strings.Contains(msgs[0].Text, "đang xử lý") {
			t.Fatalf("replay: %+v", msgs)
		}
	})
	msgs = e.file(officerCA, group(groupCongAn), "/reply 1\nCông ty ABC hoạt động hợp pháp, kèm văn bản xác minh", pdf("R1", "xac-minh.pdf"))
	notice := texts(msgs, officerA.ID)
	contains(t, notice, "đã trả lời", "Công ty ABC hoạt động hợp pháp", "Tệp kèm theo: 1")
	var resent bool
	for _, m := range to(msgs, officerA.ID) {
		resent = resent || (m.Kind == coord.OutFiles && m.Files[0].FileID == "R1")
	}
	if !resent {
		t.Fatalf("the answer's file was not re-sent: %+v", msgs)
	}
	if r := e.request(1); r.State != coord.ReqAnswered {
		t.Fatalf("state %s", r.State)
	}
	t.Run("ErrCancelAfterAnswer", func(t *testing.T) {
		only(t, e.text(officerA, private(officerA), "/cancelrequest 1"), officerA.ID, "đã trả lời nên không thể")
	})
	contains(t, texts(e.text(officerA, private(officerA), "/request 1"), officerA.ID), "Lịch sử:", "tạo yêu cầu", "nhận xử lý", "trả lời: Công ty ABC", "[1 tệp]")
}

func TestDeclineNeedsAReason(t *testing.T) {
	e := requestsEnv(t)
	e.text(officerA, private(officerA), "/request congan 2027-03-15 Tra cứu")
	t.Run("ErrDeclineWithoutReason", func(t *testing.T) {
		only(t, e.text(officerCA, group(groupCongAn), "/decline 1"), groupCongAn, "phải nêu rõ lý do", "/decline 1 <lý do>")
		if r := e.request(1); r.State != coord.ReqOpen {
			t.Fatalf("declined without a reason: %s", r.State)
		}
	})
	t.Run("ButtonAsksThenDeclines", func(t *testing.T) {
		msgs := e.press(officerCA, group(groupCongAn), 71, "rq:d:1")
		var prompt *coord.OutMessage
		for i := range msgs {
			if msgs[i].ForceReply {
				prompt = &msgs[i]
			}
		}
		if prompt == nil || !strings.Contains(prompt.Text, "lý do từ chối yêu cầu #1") {
			t.Fatalf("no ForceReply prompt: %+v", msgs)
		}
		if r := e.request(1); r.State != coord.ReqOpen {
			t.Fatalf("the button declined before the reason: %s", r.State)
		}
		// A colleague's reply to the prompt, who could decline it himself,
		// does not decline it: the prompt waits for the one who pressed.
		colleague := bot.Person{ID: 303, FirstName: "Tuấn", LastName: "Lê"}
		e.enrol(colleague, "congan")
		e.newMessages()
		u := bot.Update{Chat: group(groupCongAn), From: colleague, MessageID: 80, Text: "tôi không đồng ý", ReplyTo: &bot.Reply{MessageID: 72, FromBot: true}}
		e.handle(u)
		if r := e.request(1); r.State != coord.ReqOpen {
			t.Fatalf("another person's reply declined it: %s", r.State)
		}
		u = bot.Update{Chat: group(groupCongAn), From: officerCA, MessageID: 81, Text: "Người này không có hồ sơ tại Công an tỉnh", ReplyTo: &bot.Reply{MessageID: 72, FromBot: true}}
		msgs = e.handle(u)
		contains(t, texts(msgs, officerA.ID), "đã từ chối", "Lý do: Người này không có hồ sơ tại Công an tỉnh")
		if r := e.request(1); r.State != coord.ReqDeclined {
			t.Fatalf("state %s", r.State)
		}
	})
}

func TestRequestAuthorisationMatrix(t *testing.T) {
	// Request #1 goes from congthuong (Mai) to congan (Hùng); lan is a third
	// agency; the admin belongs to ldtbxh, also a third agency.
	actions := []struct {
		name  string
		text  string
		allow map[string]bool
	}{
		{"accept", "/accept 1", map[string]bool{"target": true}},
		{"decline", "/decline 1 Không thuộc thẩm quyền", map[string]bool{"target": true}},
		{"reply", "/reply 1 Đã xử lý", map[string]bool{"target": true}},
		{"cancel", "/cancelrequest 1", map[string]bool{"requester": true}},
		{"view", "/request 1", map[string]bool{"requester": true, "target": true, "admin": true}},
	}
	who := map[string]bot.Person{"requester": officerCT, "target": officerCA, "third": officerA, "admin": admin, "stranger": stranger}
	for _, a := range actions {
		for role, p := range who {
			t.Run(a.name+"/"+role, func(t *testing.T) {
				e := requestsEnv(t)
				e.text(officerCT, private(officerCT), "/request congan 2027-03-15 Cung cấp danh sách")
				msgs := e.text(p, private(p), a.text)
				r := e.request(1)
				changed := r.State != coord.ReqOpen
				if a.allow[role] {
					if a.name != "view" && !changed {
						t.Fatalf("allowed action did nothing: %+v", msgs)
					}
					if a.name == "view" && !strings.Contains(texts(msgs, p.ID).Text, "Lịch sử") {
						t.Fatalf("view refused: %+v", msgs)
					}
					return
				}
				if changed {
					t.Fatalf("%s could %s: state %s", role, a.name, r.State)
				}
				if len(msgs) != 1 || msgs[0].ChatID != p.ID {
					t.Fatalf("refusal: %+v", msgs)
				}
			})
		}
	}
}

func TestCommentByReplyToCard(t *testing.T) {
	e := requestsEnv(t)
	e.text(officerA, private(officerA), "/request congan 2027-03-15 Xin số liệu quý I")
	// The card was delivered as message 500 in the police group.
	if err := e.store.MarkSent(context.Background(), cardItemID(t, e), []int{500}, e.now); err != nil {
		t.Fatal(err)
	}
	u := bot.Update{Chat: group(groupCongAn), From: officerCA, MessageID: 90, Text: "Cho hỏi số liệu tính đến ngày nào?", ReplyTo: &bot.Reply{MessageID: 500, FromBot: true}}
	msgs := e.handle(u)
	contains(t, texts(msgs, officerA.ID), "#1", "Hùng Phạm: Cho hỏi số liệu tính đến ngày nào?")
	contains(t, texts(msgs, groupCongAn), "Đã chuyển ý kiến tới Sở Lao động")
	if r := e.request(1); r.State != coord.ReqOpen {
		t.Fatalf("a comment changed the state: %s", r.State)
	}
}

// cardItemID finds the outbox item of request 1's card.
func cardItemID(t *testing.T, e *env) int64 {
	t.Helper()
	items, err := e.store.PendingOutbox(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Msg.Ref == "request:1" && it.Msg.ChatID == groupCongAn {
			return it.ID
		}
	}
	t.Fatal("no card in the outbox")
	return 0
}

func TestRequestsList(t *testing.T) {
	e := requestsEnv(t)
	e.text(officerA, private(officerA), "/request congan 2027-03-05 Việc gấp")
	e.text(officerCT, private(officerCT), "/request ldtbxh 2027-03-20 Việc của Công Thương")
	e.text(officerCA, private(officerCA), "/accept 1")
	e.now = e.now.Add(7 * 24 * time.Hour)
	m := only(t, e.text(officerA, private(officerA), "/requests"), officerA.ID, "Nhận được:", "Đã gửi:")
	in := m.Text[strings.Index(m.Text, "Nhận được:"):strings.Index(m.Text, "Đã gửi:")]
	out := m.Text[strings.Index(m.Text, "Đã gửi:"):]
	if !strings.Contains(in, "#2") || !strings.Contains(out, "#1 [đang xử lý]") || !strings.Contains(out, "quá hạn") {
		t.Fatalf("list:\n%s", m.Text)
	}
	only(t, e.text(admin, private(admin), "/requests all"), adminID, "#1", "#2")
}

func TestRequestWizard(t *testing.T) {
	e := requestsEnv(t)
	m := only(t, e.text(officerA, private(officerA), "/request"), officerA.ID, "chọn loại yêu cầu")
	if m.Buttons[1][0].Data != "rqw:t:verify" {
		t.Fatalf("type buttons %+v", m.Buttons)
	}
	e.press(officerA, private(officerA), 60, "rqw:t:verify")
	e.press(officerA, private(officerA), 60, "rqw:g:congan")
	e.press(officerA, private(officerA), 60, "rqw:g:tuphap")
	msgs := e.press(officerA, private(officerA), 60, "rqw:g:tuphap") // unselect
	contains(t, msgs[0], "Đã chọn: Công an tỉnh")
	e.press(officerA, private(officerA), 60, "rqw:g:yte")
	contains(t, texts(e.press(officerA, private(officerA), 60, "rqw:gd"), officerA.ID), "Nhập nội dung yêu cầu")
	only(t, e.text(officerA, private(officerA), "Tra cứu lý lịch tư pháp 3 chuyên gia"), officerA.ID, "thông tin chi tiết")
	only(t, e.text(officerA, private(officerA), "Danh sách kèm theo"), officerA.ID, "tệp đính kèm")
	only(t, e.file(officerA, private(officerA), "", pdf("Q1", "danh-sach.pdf")), officerA.ID, "Đã nhận 1 tệp")
	m = only(t, e.press(officerA, private(officerA), 61, "rqw:fd")[:1], officerA.ID, "08/03/2027", "5 ngày làm việc")
	only(t, e.text(officerA, private(officerA), "12/03/2027"), officerA.ID, "Kiểm tra trước khi gửi", "Xác minh hồ sơ (Điều 8.7)", "Công an tỉnh, Sở Y tế", "12/03/2027")
	msgs = e.press(officerA, private(officerA), 62, "rqw:ok")
	contains(t, texts(msgs, officerA.ID), "#1 → Công an tỉnh", "#2 → Sở Y tế")
	if files := to(msgs, groupCongAn); len(files) != 2 || files[0].Kind != coord.OutFiles || files[0].Files[0].FileID != "Q1" {
		t.Fatalf("card with files: %+v", files)
	}
	if r := e.request(1); r.Type != coord.RequestType("verify") || r.Body != "Danh sách kèm theo" || len(r.Files) != 1 {
		t.Fatalf("stored %+v", r)
	}
}

// TestRequestWizardKeepsTheOfferedDueDate checks that the default due date
// button sets the date it shows, even when pressed days later.
func TestRequestWizardKeepsTheOfferedDueDate(t *testing.T) {
	e := requestsEnv(t)
	e.text(officerA, private(officerA), "/request")
	e.press(officerA, private(officerA), 60, "rqw:t:verify")
	e.press(officerA, private(officerA), 60, "rqw:g:congan")
	e.press(officerA, private(officerA), 60, "rqw:gd")
	e.text(officerA, private(officerA), "Tra cứu lý lịch tư pháp")
	e.text(officerA, private(officerA), "Danh sách kèm theo")
	only(t, e.press(officerA, private(officerA), 61, "rqw:fd")[:1], officerA.ID, "08/03/2027")
	e.now = e.now.Add(3 * 24 * time.Hour) // Thursday: five working days on would be 11/03
	only(t, e.press(officerA, private(officerA), 62, "rqw:due")[:1], officerA.ID, "Kiểm tra trước khi gửi", "08/03/2027")
}

// TestRequestWizardSurvivesAFailedCommit: when the transaction creating the
// wizard's request fails, pressing Send again creates it, files included.
func TestRequestWizardSurvivesAFailedCommit(t *testing.T) {
	e := requestsEnv(t)
	e.text(officerA, private(officerA), "/request")
	e.press(officerA, private(officerA), 60, "rqw:t:verify")
	e.press(officerA, private(officerA), 60, "rqw:g:congan")
	e.press(officerA, private(officerA), 60, "rqw:gd")
	e.text(officerA, private(officerA), "Tra cứu lý lịch tư pháp")
	e.text(officerA, private(officerA), "Danh sách kèm theo")
	e.file(officerA, private(officerA), "", pdf("Q1", "danh-sach.pdf"))
	e.press(officerA, private(officerA), 61, "rqw:fd")
	e.press(officerA, private(officerA), 62, "rqw:due")
	e.failCommit = true
	e.nextID++
	send := bot.Update{ID: e.nextID, Chat: private(officerA), From: officerA, MessageID: 63,
		Callback: &bot.Callback{ID: "cbrqw:ok", Data: "rqw:ok", MessageID: 63}}
	if err := e.d.Handle(context.Background(), send); err == nil {
		t.Fatal("the update whose transaction failed was reported handled")
	}
	e.failCommit = false
	contains(t, texts(e.press(officerA, private(officerA), 63, "rqw:ok"), officerA.ID), "#1 → Công an tỉnh")
	if r := e.request(1); len(r.Files) != 1 {
		t.Fatalf("stored %+v, want its file", r)
	}
}

// TestRequestsListOrder checks /requests lists open requests by due date,
// most urgent first, then closed ones, newest first.
func TestRequestsListOrder(t *testing.T) {
	e := requestsEnv(t)
	for _, due := range []string{"2027-03-20", "2027-03-10", "2027-03-15", "2027-03-12"} {
		e.text(officerA, private(officerA), "/request congan "+due+" Việc")
	}
	e.text(officerCA, private(officerCA), "/decline 1 Không thuộc thẩm quyền")
	e.text(officerCA, private(officerCA), "/decline 4 Không thuộc thẩm quyền")
	m := only(t, e.text(officerA, private(officerA), "/requests"), officerA.ID, "Đã gửi:")
	out := m.Text[strings.Index(m.Text, "Đã gửi:"):]
	var at []int
	for _, id := range []string{"#2 ", "#3 ", "#4 ", "#1 "} {
		at = append(at, strings.Index(out, id))
	}
	if slices.Contains(at, -1) || !slices.IsSorted(at) {
		t.Fatalf("want #2, #3 (open, by due) then #4, #1 (closed, newest first):\n%s", out)
	}
}

// TestDeclineReasonSurvivesAFailedCommit: the reason typed into the decline
// prompt declines the request even when the first transaction recording it
// failed; the conversation is forgotten only with the commit, so the
// redelivered reply is not taken for a comment.
func TestDeclineReasonSurvivesAFailedCommit(t *testing.T) {
	e := requestsEnv(t)
	e.text(officerA, private(officerA), "/request congan 2027-03-15 Tra cứu")
	e.press(officerCA, group(groupCongAn), 71, "rq:d:1")
	e.markSent(func(m coord.OutMessage) bool { return m.ForceReply }, 72)

	e.nextID++
	reply := bot.Update{ID: e.nextID, Chat: group(groupCongAn), From: officerCA, MessageID: 81,
		Text: "Người này không có hồ sơ tại Công an tỉnh", ReplyTo: &bot.Reply{MessageID: 72, FromBot: true}}
	e.failCommit = true
	if err := e.d.Handle(context.Background(), reply); err == nil {
		t.Fatal("the update whose transaction failed was reported handled")
	}
	e.failCommit = false
	if r := e.request(1); r.State != coord.ReqOpen {
		t.Fatalf("state %s after the failed commit", r.State)
	}
	msgs := e.handle(reply) // Telegram offers it again
	contains(t, texts(msgs, officerA.ID), "đã từ chối", "Lý do: Người này không có hồ sơ tại Công an tỉnh")
	if r := e.request(1); r.State != coord.ReqDeclined {
		t.Fatalf("the redelivered reason left the request %s", r.State)
	}
	for _, ev := range e.events(1) {
		if ev.Action == coord.ActComment {
			t.Fatalf("the reason was relayed as a comment: %+v", ev)
		}
	}
}

// TestLostWizardStepIsOwnedUp: when Redis cannot keep a wizard step after
// its reply was committed, the officer is told to repeat it, and the step
// does not half-exist.
func TestLostWizardStepIsOwnedUp(t *testing.T) {
	e := requestsEnv(t)
	e.failSaves = true
	msgs := e.text(officerA, private(officerA), "/request")
	e.failSaves = false
	if len(msgs) != 2 || !strings.Contains(msgs[1].Text, "chưa được ghi nhớ") || msgs[1].ChatID != officerA.ID {
		t.Fatalf("want the wizard's first card, then the apology: %+v", msgs)
	}
	only(t, e.press(officerA, private(officerA), 60, "rqw:t:verify"), officerA.ID, "đã hết hạn")
}

func (e *env) events(id int64) []coord.RequestEvent {
	e.t.Helper()
	var evs []coord.RequestEvent
	err := e.store.View(context.Background(), func(tx coord.Tx) error {
		var err error
		evs, err = tx.RequestEvents(context.Background(), id)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return evs
}

// TestRequestDetailsOnlyToTheParties: a request's history and files go only
// to a private chat or a party's own group, never into the coordination
// group or a third agency's group where somebody typed the command; the
// same holds for an agency's list of requests and its report status.
func TestRequestDetailsOnlyToTheParties(t *testing.T) {
	e := requestsEnv(t)
	const groupCoord, groupCT = int64(-2101), int64(-2102)
	e.text(admin, group(groupCoord), "/bindgroup coord")
	e.text(admin, group(groupCT), "/bindgroup congthuong")
	e.newMessages()
	e.file(officerA, private(officerA), "/request congan 2027-03-15 Tra cứu hồ sơ", pdf("R1", "ho-so.pdf"))

	refused := func(msgs []coord.OutMessage, chat int64, want string) {
		t.Helper()
		m := only(t, msgs, chat, want)
		if m.Kind != coord.OutText || len(m.Files) != 0 {
			t.Fatalf("refusal carries more than text: %+v", m)
		}
	}
	t.Run("CoordGroup", func(t *testing.T) {
		refused(e.text(admin, group(groupCoord), "/request 1"), groupCoord, "chỉ được gửi trong trò chuyện riêng với bot")
		refused(e.text(admin, group(groupCoord), "/requests all"), groupCoord, "chỉ xem được trong trò chuyện riêng")
	})
	t.Run("ThirdAgencyGroup", func(t *testing.T) {
		refused(e.text(admin, group(groupCT), "/requests 1"), groupCT, "chỉ được gửi trong trò chuyện riêng với bot")
		refused(e.text(officerA, group(groupCongAn), "/requests"), groupCongAn, "Danh sách yêu cầu của Sở Lao động")
		refused(e.text(officerA, group(groupCongAn), "/status"), groupCongAn, "chỉ xem được trong nhóm của cơ quan đó")
		refused(e.text(officerA, group(groupCongAn), "/calendar"), groupCongAn, "chỉ xem được trong nhóm của cơ quan đó")
		m := only(t, e.text(officerA, group(groupCongAn), "/calendar 6.4"), groupCongAn, "Các hạn sắp tới")
		if strings.Contains(m.Text, "còn phải nộp") {
			t.Errorf("what ldtbxh owes is shown in the police group:\n%s", m.Text)
		}
		m = only(t, e.text(admin, group(groupCongAn), "/calendar"), groupCongAn, "8.8")
		if strings.Contains(m.Text, "6.4") || strings.Contains(m.Text, "Sở Lao động") {
			t.Errorf("an admin's /calendar in the police group shows other agencies:\n%s", m.Text)
		}
	})
	t.Run("PartyGroup", func(t *testing.T) {
		msgs := e.text(officerCA, group(groupCongAn), "/request 1")
		if got := to(msgs, groupCongAn); len(got) != 2 || got[0].Kind != coord.OutFiles || !strings.Contains(got[1].Text, "Lịch sử:") {
			t.Fatalf("in the target's group: %+v", msgs)
		}
	})
	t.Run("Private", func(t *testing.T) {
		contains(t, texts(e.text(admin, private(admin), "/request 1"), adminID), "Lịch sử:", "Tra cứu hồ sơ")
		contains(t, texts(e.text(admin, private(admin), "/requests all"), adminID), "#1")
		contains(t, texts(e.text(admin, group(groupCoord), "/status congan"), groupCoord), "Công an tỉnh")
	})
}

// TestStalePromptGivesWay: a decline prompt whose conversation outlived its
// request (the clear after the commit was lost) no longer swallows the
// officer's replies: a reply to the card is relayed as a comment again.
func TestStalePromptGivesWay(t *testing.T) {
	e := requestsEnv(t)
	e.text(officerA, private(officerA), "/request congan 2027-03-15 Tra cứu")
	e.markSent(func(m coord.OutMessage) bool { return m.ChatID == groupCongAn && m.Ref == "request:1" }, 70)
	e.text(officerCA, group(groupCongAn), "/decline 1 Không thuộc thẩm quyền")
	key := coord.ConvKey{ChatID: groupCongAn, UserID: officerCA.ID}
	if err := e.state.SaveConversation(context.Background(), key, map[string]any{"flow": "rq_decline", "request": 1}); err != nil {
		t.Fatal(err)
	}
	msgs := e.handle(bot.Update{Chat: group(groupCongAn), From: officerCA, MessageID: 90,
		Text: "Xin gửi thêm thông tin", ReplyTo: &bot.Reply{MessageID: 70, FromBot: true}})
	contains(t, texts(msgs, officerA.ID), "Hùng Phạm: Xin gửi thêm thông tin")
	var left map[string]any
	if ok, err := e.state.LoadConversation(context.Background(), key, &left); err != nil || ok {
		t.Errorf("the stale prompt is still kept: %v %v", left, err)
	}
}
