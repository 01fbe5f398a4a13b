package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
)

// The authorisation matrix: every command and button, tried by each kind of
// person, in a world where
//   - lan is an officer of ldtbxh (the owning agency of 6.4 and the target of
//     request #1, which congan sent), lead is ldtbxh's lead, admin is an admin;
//   - Hùng is an officer of congan (another agency: the requester of #1);
//   - the "unbound" persona is lan writing in a group nobody bound.
// Each cell says whether the action is allowed (it takes effect) or refused
// (one polite reply, nothing changes).

var (
	leadLDTBXH   = bot.Person{ID: 401, FirstName: "Bình", LastName: "Hoàng"}
	unboundGroup = int64(-7777)
)

type persona struct {
	name string
	who  bot.Person
	chat func(p bot.Person) bot.Chat
}

var personas = []persona{
	{"stranger", stranger, private},
	{"owner", officerA, private},
	{"other", officerCA, private},
	{"lead", leadLDTBXH, private},
	{"admin", admin, private},
	{"unbound", officerA, func(bot.Person) bot.Chat { return group(unboundGroup) }},
}

// matrixEnv builds the world; ackData is the "Đã nhận" button of a report
// ldtbxh sent to congan (so congan owns the acknowledgement).
func matrixEnv(t *testing.T) (e *env, ackData string) {
	t.Helper()
	e = withSpool(newEnv(t))
	e.enrol(officerA, "ldtbxh")
	e.enrol(officerCA, "congan")
	e.enrol(leadLDTBXH, "ldtbxh lead")
	e.text(admin, group(groupCongAn), "/bindgroup congan")
	e.now = time.Date(2027, 3, 1, 9, 0, 0, 0, e.now.Location())
	e.text(officerCA, private(officerCA), "/request ldtbxh 2027-03-15 Đề nghị cung cấp danh sách")
	msgs := e.file(officerA, private(officerA), "/submit 6.4 2027-01", pdf("M1", "a.pdf"))
	ackData = to(msgs, groupCongAn)[0].Buttons[0][0].Data
	e.newMessages()
	return e, ackData
}

// effects counts the audit rows, which every change of state writes.
func (e *env) effects() int {
	all, err := e.store.AuditLog(context.Background(), 0)
	if err != nil {
		e.t.Fatal(err)
	}
	return len(all)
}

// txtInternalVI starts the apology for an unexpected error.
const txtInternalVI = "Rất tiếc, đã có lỗi ngoài ý muốn"

func TestAuthorisationMatrix(t *testing.T) {
	type row struct {
		name   string
		text   string // a command, or "" for a button
		button string
		file   bool
		// allowed lists the personas for whom the action takes effect (or,
		// for read-only commands, is answered with the content in ok).
		allowed map[string]bool
		ok      string // a word of the allowed answer
		writes  bool   // whether the allowed action changes state
		// asked, if set, is sent by the admin in their private chat first:
		// the question a confirming button answers.
		asked string
		// alerts, if set, fills the register and raises its alerts first
		// (see raiseAlerts: #1 and #2 to congan and ldtbxh, #3 to ldtbxh).
		alerts bool
	}
	all := func(names ...string) map[string]bool {
		m := map[string]bool{}
		for _, n := range names {
			m[n] = true
		}
		return m
	}
	enrolledPrivate := all("owner", "other", "lead", "admin")
	const mtg = "/meeting 20/03/2027 09:00 congan Họp giao ban"
	const bc = "/broadcast congan,ldtbxh Hướng dẫn mới về giấy phép lao động"
	const fb = "/feedback Thiếu hướng dẫn: Chưa có mẫu biên bản"
	const trn = "/training 20/03/2027 Tập huấn pháp luật lao động\nĐối tượng: doanh nghiệp\nPhối hợp: congan"
	rows := []row{
		{name: "whoami", text: "/whoami", allowed: all("owner", "other", "lead", "admin", "unbound"), ok: "Cơ quan"},
		{name: "help", text: "/help", allowed: all("owner", "other", "lead", "admin", "unbound"), ok: "Các lệnh"},
		{name: "lang", text: "/lang en", allowed: enrolledPrivate, ok: "English", writes: true},
		{name: "invite", text: "/invite yte", allowed: all("admin"), ok: "https://t.me/", writes: true},
		{name: "bindgroup", text: "/bindgroup yte", allowed: all(), ok: "Đã liên kết"}, // private chats: nobody
		{name: "submit", text: "/submit 6.4 2027-02", file: true, allowed: all("owner", "lead", "admin"), ok: "Đã ghi nhận", writes: true},
		{name: "nil", text: "/nil 13.3 2027-01", allowed: all(), ok: "không phát sinh"}, // congthuong's: none of them
		{name: "template", text: "/template 6.4", allowed: enrolledPrivate, ok: "Tệp mẫu danh sách 6.4"},
		{name: "template-list", text: "/template", allowed: enrolledPrivate, ok: "15.2"},
		{name: "template-not-a-list", text: "/template 6.6", allowed: all()}, // refused for all: 6.6 is not a list
		{name: "calendar", text: "/calendar", allowed: enrolledPrivate, ok: "Lịch hạn nộp"},
		{name: "btn-calendar-page", button: "calp:1", allowed: enrolledPrivate, ok: "Lịch hạn nộp"},
		{name: "status", text: "/status", allowed: enrolledPrivate, ok: "Tình hình nộp báo cáo"},
		{name: "status-other", text: "/status yte", allowed: all("admin"), ok: "Sở Y tế"},
		{name: "request", text: "/request yte 2027-03-20 Hỏi thông tin", allowed: enrolledPrivate, ok: "Đã gửi yêu cầu", writes: true},
		{name: "requests", text: "/requests", allowed: enrolledPrivate, ok: "Nhận được:"},
		{name: "request-view", text: "/request 1", allowed: all("owner", "other", "lead", "admin"), ok: "Lịch sử"},
		{name: "accept", text: "/accept 1", allowed: all("owner", "lead", "admin"), ok: "nhận xử lý", writes: true},
		{name: "decline", text: "/decline 1 Không thuộc thẩm quyền", allowed: all("owner", "lead", "admin"), ok: "từ chối", writes: true},
		{name: "reply", text: "/reply 1 Danh sách gửi kèm", allowed: all("owner", "lead", "admin"), ok: "trả lời", writes: true},
		{name: "cancelrequest", text: "/cancelrequest 1", allowed: all("other"), ok: "hủy", writes: true},
		{name: "notice-new", text: "/notice new", allowed: enrolledPrivate, ok: "Bước 1/7"},
		{name: "notice-new-plan", text: "/notice new 1 1", allowed: all()}, // no plan 1: refused for all
		{name: "btn-notice-from-target", button: "nfi:1:1", allowed: all()},
		{name: "btn-notice-kind", button: "nwk:other", allowed: all()}, // no guided notice pending
		{name: "btn-notice-no-extra", button: "nwx", allowed: all()},
		// Meetings: the admin (ldtbxh, the chair) calls #1 inviting congan.
		{name: "meeting-new", text: "/meeting 20/03/2027 09:00 yte Họp thử", allowed: enrolledPrivate, ok: "Đã gửi giấy mời họp", writes: true},
		{name: "meeting-view", text: "/meeting 1", asked: mtg, allowed: all("owner", "other", "lead", "admin"), ok: "Giấy mời họp"},
		{name: "meetings", text: "/meetings", asked: mtg, allowed: enrolledPrivate, ok: "Họp giao ban"},
		{name: "meeting-attend", text: "/meeting attend 1 Hùng Phạm", asked: mtg, allowed: all("other"), ok: "Đã ghi nhận", writes: true},
		{name: "meeting-decline", text: "/meeting decline 1 Trùng lịch tiếp dân", asked: mtg, allowed: all("other"), ok: "Đã ghi nhận", writes: true},
		{name: "meeting-decline-no-reason", text: "/meeting decline 1", asked: mtg, allowed: all()},
		{name: "meeting-move", text: "/meeting move 1 21/03/2027 14:00 Trùng lịch", asked: mtg, allowed: all("owner", "lead", "admin"), ok: "Đã dời", writes: true},
		{name: "meeting-cancel", text: "/meeting cancel 1 Lãnh đạo đi công tác", asked: mtg, allowed: all("owner", "lead", "admin"), ok: "Đã hủy", writes: true},
		{name: "meeting-cancel-no-reason", text: "/meeting cancel 1", asked: mtg, allowed: all()},
		{name: "meeting-minutes-early", text: "/meeting minutes 1\ncongan 30/03/2027 Rà soát", file: true, asked: mtg, allowed: all()}, // not held yet
		{name: "btn-meet-attend", button: "mtg:a:1:congan", asked: mtg, allowed: all("other"), ok: "họ tên"},
		{name: "btn-meet-decline", button: "mtg:d:1:congan", asked: mtg, allowed: all("other"), ok: "lý do"},
		{name: "btn-meet-forged", button: "mtg:d:1:ldtbxh", asked: mtg, allowed: all()}, // ldtbxh chairs: not invited
		// Broadcasts: admins send to anyone, a lead to their own agency; the
		// admin's B-1 goes to congan and ldtbxh, whose officers alone mark
		// their own card read.
		{name: "broadcast-all", text: "/broadcast all Nghị định mới\nĐề nghị triển khai", allowed: all("admin"), ok: "Đã gửi thông báo B-1", writes: true},
		{name: "broadcast-file", text: "/broadcast congan Hướng dẫn", file: true, allowed: all("admin"), ok: "Đã gửi thông báo B-1", writes: true},
		{name: "broadcast-own", text: "/broadcast ldtbxh Lịch trực tháng 3", allowed: all("lead", "admin"), ok: "Đã gửi thông báo B-1", writes: true},
		{name: "broadcast-other", text: "/broadcast congan Lịch trực tháng 3", allowed: all("admin"), ok: "Đã gửi thông báo B-1", writes: true},
		{name: "broadcast-wizard", text: "/broadcast", allowed: all("lead", "admin"), ok: "bước 1/3"},
		{name: "broadcast-view", text: "/broadcast B-1", asked: bc, allowed: all("owner", "other", "lead", "admin"), ok: "Thông báo B-1: Hướng dẫn mới"},
		{name: "broadcasts", text: "/broadcasts", asked: bc, allowed: enrolledPrivate, ok: "Hướng dẫn mới"},
		{name: "btn-bc-read", button: "bc:r:1:congan", asked: bc, allowed: all("other"), ok: "Đã ghi nhận", writes: true},
		{name: "btn-bc-read-own", button: "bc:r:1:ldtbxh", asked: bc, allowed: all("owner", "lead", "admin"), ok: "Đã ghi nhận", writes: true},
		{name: "btn-bc-read-forged", button: "bc:r:1:yte", asked: bc, allowed: all()}, // yte is not a target
		{name: "btn-bc-read-unknown", button: "bc:r:9:congan", asked: bc, allowed: all()},
		// Trainings: the admin (ldtbxh, the organiser) plans T-1 with congan as co-organiser.
		{name: "training-new", text: "/training 25/02/2027 Phổ biến pháp luật\nĐối tượng: cán bộ\nSố người: 30", allowed: enrolledPrivate, ok: "Đã ghi nhận hoạt động T-1", writes: true},
		{name: "training-new-for-other", text: "/training 20/03/2027 Tập huấn\nĐối tượng: cán bộ\nCơ quan tổ chức: yte", allowed: all("owner", "lead", "admin"), ok: "Đã ghi nhận hoạt động T-1", writes: true}, // the coordinator's plan
		{name: "training-wizard", text: "/training", allowed: enrolledPrivate, ok: "bước 1/6"},
		{name: "training-view", text: "/training 1", asked: trn, allowed: all("owner", "other", "lead", "admin"), ok: "T-1"},
		{name: "trainings", text: "/trainings", asked: trn, allowed: enrolledPrivate, ok: "Tập huấn pháp luật lao động"},
		{name: "training-plan", text: "/training plan", asked: trn, allowed: enrolledPrivate, ok: "Tập huấn pháp luật lao động"},
		{name: "training-join", text: "/training 1 join", asked: trn, allowed: all("other"), ok: "Đã ghi nhận", writes: true},
		{name: "training-decline", text: "/training 1 decline Trùng lịch tuần tra", asked: trn, allowed: all("other"), ok: "Đã ghi nhận", writes: true},
		{name: "training-decline-no-reason", text: "/training 1 decline", asked: trn, allowed: all()},
		{name: "training-held-early", text: "/training 1 held 40", asked: trn, allowed: all()}, // its day is ahead
		{name: "training-cancel", text: "/training 1 cancel Lãnh đạo đi công tác", asked: trn, allowed: all("owner", "lead", "admin"), ok: "Đã hủy", writes: true},
		{name: "training-cancel-no-reason", text: "/training 1 cancel", asked: trn, allowed: all()},
		{name: "btn-train-join", button: "trn:j:1", asked: trn, allowed: all("other"), ok: "tham gia phối hợp", writes: true},
		{name: "btn-train-decline", button: "trn:d:1", asked: trn, allowed: all("other"), ok: "lý do"},
		{name: "btn-train-unknown", button: "trn:j:7", asked: trn, allowed: all()},
		// Difficulties reported to the coordinator (ldtbxh): the admin's #1;
		// only ldtbxh's people see it and take a step, whatever a button says.
		{name: "feedback-new", text: "/feedback Vướng mắc thủ tục: Đề nghị hướng dẫn", allowed: enrolledPrivate, ok: "Đã gửi phản ánh #1", writes: true},
		{name: "feedback-file", text: "/feedback Vướng mắc thủ tục\nĐề nghị hướng dẫn", file: true, allowed: enrolledPrivate, ok: "Đã gửi phản ánh #1", writes: true},
		{name: "feedback-subject-only", text: "/feedback Vướng mắc thủ tục", allowed: all()},
		{name: "feedback-wizard", text: "/feedback", allowed: enrolledPrivate, ok: "bước 1/3"},
		{name: "feedback-view", text: "/feedback 1", asked: fb, allowed: all("owner", "lead", "admin"), ok: "Phản ánh khó khăn, vướng mắc #1"},
		{name: "feedbacks", text: "/feedbacks", asked: fb, allowed: all("owner", "lead", "admin"), ok: "Thiếu hướng dẫn"}, // congan sees none
		{name: "feedback-answer", text: "/feedback 1 answer Đã có công văn hướng dẫn", asked: fb, allowed: all("owner", "lead", "admin"), ok: "Đã trả lời phản ánh #1", writes: true},
		{name: "feedback-compile", text: "/feedback 1 compile Đưa vào báo cáo 6 tháng", asked: fb, allowed: all("owner", "lead", "admin"), ok: "Đã đưa phản ánh #1", writes: true},
		{name: "feedback-answer-no-text", text: "/feedback 1 answer", asked: fb, allowed: all()},
		{name: "btn-fb-answer", button: "fb:a:1", asked: fb, allowed: all("owner", "lead", "admin"), ok: "Nhập nội dung trả lời"},
		{name: "btn-fb-compile", button: "fb:c:1", asked: fb, allowed: all("owner", "lead", "admin"), ok: "Nhập ghi chú"}, // "other": a forged press by congan
		{name: "btn-fb-unknown", button: "fb:a:9", asked: fb, allowed: all()},
		// Cross-check alerts: whoever the stored alert went to closes it.
		{name: "btn-alert-handled", button: "ra:h:1", alerts: true, allowed: all("owner", "other", "lead", "admin"), ok: "đã xử lý", writes: true},
		{name: "btn-alert-handled-not-told", button: "ra:h:3", alerts: true, allowed: all("owner", "lead", "admin"), ok: "đã xử lý", writes: true}, // congan was not told of #3
		{name: "btn-alert-not-violation", button: "ra:n:1", alerts: true, allowed: all("owner", "other", "lead", "admin"), ok: "Nhập lý do"},
		{name: "btn-alert-unknown", button: "ra:h:9", alerts: true, allowed: all()},
		// The register's search: the agencies register.search names, in
		// the private chat; each search is audited.
		{name: "find", text: "/find M1234567", alerts: true, allowed: all("owner", "other", "lead", "admin"), ok: "Kết quả tra cứu", writes: true},
		{name: "digest", text: "/digest", allowed: all("admin"), ok: "Đã gửi bản tổng hợp", writes: true},
		{name: "btn-lang", button: "lang:vi", allowed: enrolledPrivate, writes: true},
		{name: "btn-invite", button: "inv:a:yte", allowed: all(), writes: true}, // no wizard pending: stale for all
		{name: "btn-bind", button: "bind:yte", allowed: all(), writes: true},    // private chat: nobody
		{name: "btn-ack", button: "ACK", allowed: all("other"), writes: true},
		{name: "btn-accept", button: "rq:a:1", allowed: all("owner", "lead", "admin"), writes: true},
		{name: "btn-decline", button: "rq:d:1", allowed: all("owner", "lead", "admin"), ok: "Nhập lý do từ chối"},
		{name: "btn-answer", button: "rq:r:1", allowed: all("owner", "lead", "admin"), ok: "Nhập nội dung trả lời"},
		{name: "members", text: "/members", allowed: all("lead", "admin"), ok: "Lan Nguyễn — mã 201"},
		{name: "members-other", text: "/members congan", allowed: all("admin"), ok: "Hùng Phạm — mã 301"},
		{name: "members-all", text: "/members all", allowed: all("admin"), ok: "Hùng Phạm — mã 301"},
		{name: "revoke", text: "/revoke 301", allowed: all("admin"), ok: "Xác nhận thu hồi"},
		{name: "role", text: "/role 301 lead", allowed: all("admin"), ok: "Đã đổi vai trò", writes: true},
		{name: "unbind", text: "/unbind congan", allowed: all("admin"), ok: "Xác nhận hủy liên kết"},
		{name: "btn-revoke", button: "rv:ok:301", asked: "/revoke 301", allowed: all("admin"), ok: "Đã thu hồi", writes: true},
		{name: "btn-revoke-unasked", button: "rv:ok:301", allowed: all()},
		{name: "btn-revoke-cancel", button: "rv:no", asked: "/revoke 301", allowed: all("admin"), ok: "Đã hủy"},
		{name: "btn-unbind", button: "ub:ok:congan", asked: "/unbind congan", allowed: all("admin"), ok: "Đã hủy liên kết", writes: true},
		{name: "btn-unbind-unasked", button: "ub:ok:congan", allowed: all()},
		{name: "btn-unbind-cancel", button: "ub:no", asked: "/unbind congan", allowed: all("admin"), ok: "Đã hủy"},
	}
	for _, r := range rows {
		for _, p := range personas {
			t.Run(r.name+"/"+p.name, func(t *testing.T) {
				t.Parallel() // each cell has its own database and Redis
				e, ackData := matrixEnv(t)
				if r.asked != "" {
					e.text(admin, private(admin), r.asked)
				}
				if r.alerts {
					e.raiseAlerts()
				}
				chat := p.chat(p.who)
				before := e.effects()
				var msgs []coord.OutMessage
				switch {
				case r.button != "":
					data := strings.ReplaceAll(r.button, "ACK", ackData)
					msgs = e.press(p.who, chat, 99, data)
				case r.file:
					msgs = e.file(p.who, chat, r.text, pdf("X1", "x.pdf"))
				default:
					msgs = e.text(p.who, chat, r.text)
				}
				changed := e.effects() != before
				allowed := r.allowed[p.name]
				if !allowed {
					if changed {
						t.Fatalf("refused action changed state; messages %+v", msgs)
					}
					if len(msgs) != 1 || msgs[0].ChatID != chat.ID {
						t.Fatalf("want one refusal in the same chat, got %+v", msgs)
					}
					if r.button != "" && msgs[0].Kind != coord.OutCallbackAnswer {
						t.Fatalf("a refused button must be answered with a toast: %+v", msgs)
					}
					return
				}
				if r.writes && !changed {
					t.Fatalf("allowed action changed nothing; messages %+v", msgs)
				}
				if strings.Contains(fmt.Sprint(msgs), txtInternalVI) {
					t.Fatalf("allowed action failed: %+v", msgs)
				}
				if r.ok != "" && !strings.Contains(fmt.Sprint(msgs), r.ok) {
					t.Fatalf("allowed answer lacks %q: %+v", r.ok, msgs)
				}
			})
		}
	}
}
