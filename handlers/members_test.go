package handlers_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/bot"
	"github.com/bacgiang/fwbot/coord"
)

// admin2 is an admin by invite (not a bootstrap admin), so that a second
// admin can be the one asking, revoked, or demoted.
var admin2 = bot.Person{ID: 501, FirstName: "Thảo", LastName: "Đinh", Username: "thao_dinh"}

// accessEnv: lan is an officer of ldtbxh (with @lan_nguyen), Hùng an
// officer of congan (no group), Bình ldtbxh's lead, Thảo a second admin;
// yte's group is bound. It is Monday 1 March 2027.
func accessEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.enrol(bot.Person{ID: officerA.ID, FirstName: officerA.FirstName, LastName: officerA.LastName, Username: "lan_nguyen"}, "ldtbxh")
	e.enrol(officerCA, "congan")
	e.enrol(leadLDTBXH, "ldtbxh lead")
	e.enrol(admin2, "ldtbxh admin")
	e.text(admin, group(groupYTE), "/bindgroup yte")
	e.newMessages()
	return e
}

// answer is the toast of a press among msgs ("" if none).
func answer(msgs []coord.OutMessage) string {
	for _, m := range msgs {
		if m.Kind == coord.OutCallbackAnswer {
			return m.Text
		}
	}
	return ""
}

// buttonData lists the data of a message's buttons, row by row.
func buttonData(m coord.OutMessage) []string {
	var out []string
	for _, row := range m.Buttons {
		for _, b := range row {
			out = append(out, b.Data)
		}
	}
	return out
}

func (e *env) hasConversation(chat, user int64) bool {
	e.t.Helper()
	var raw json.RawMessage
	ok, err := e.state.LoadConversation(context.Background(), coord.ConvKey{ChatID: chat, UserID: user}, &raw)
	if err != nil {
		e.t.Fatal(err)
	}
	return ok
}

func (e *env) user(id int64) coord.User {
	e.t.Helper()
	var u coord.User
	err := e.store.View(context.Background(), func(tx coord.Tx) error {
		var err error
		u, err = tx.User(context.Background(), id)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

func TestMembers(t *testing.T) {
	e := accessEnv(t)
	t.Run("AdminOwnAgency", func(t *testing.T) {
		m := only(t, e.text(admin, private(admin), "/members"), adminID,
			"Người đã ghi danh của Sở Lao động - Thương binh và Xã hội (ldtbxh): 4 người.",
			"• Lan Nguyễn (@lan_nguyen) — mã 201 — cán bộ — ghi danh từ 01/03/2027 — Tiếng Việt",
			"• Bình Hoàng — mã 401 — lãnh đạo cơ quan",
			"• Thảo Đinh (@thao_dinh) — mã 501 — quản trị viên —",
			"mã 111 — quản trị viên (khởi tạo, BOT_ADMIN_IDS)",
			"Chưa liên kết nhóm nào", "/revoke <mã Telegram>")
		if strings.Contains(m.Text, "Hùng") {
			t.Errorf("another agency's officer is listed:\n%s", m.Text)
		}
	})
	t.Run("AdminOtherAgencyAndAll", func(t *testing.T) {
		only(t, e.text(admin, private(admin), "/members congan"), adminID, "Công an tỉnh (congan): 1 người.", "Hùng Phạm — mã 301")
		only(t, e.text(admin, private(admin), "/members yte"), adminID, "Chưa có ai ghi danh cho Sở Y tế (yte).", "/invite yte")
		m := only(t, e.text(admin, private(admin), "/members all"), adminID,
			"Người đã ghi danh: 5 người ở 2 cơ quan.", "Chưa có ai ghi danh: ", "yte",
			"Sở Lao động - Thương binh và Xã hội (ldtbxh): 4 người.", "Công an tỉnh (congan): 1 người.")
		if strings.Index(m.Text, "(ldtbxh): 4") > strings.Index(m.Text, "(congan): 1") {
			t.Errorf("agencies not in catalogue order:\n%s", m.Text)
		}
		only(t, e.text(admin, private(admin), "/members nowhere"), adminID, `Không có cơ quan mã "nowhere"`, "all")
	})
	t.Run("BoundGroupIsNamed", func(t *testing.T) {
		e.enrol(officerB, "yte")
		only(t, e.text(admin, private(admin), "/members yte"), adminID, "Nhóm liên kết: Nhóm thử", "Minh Trần — mã 202")
	})
	t.Run("LeadOwnAgencyOnly", func(t *testing.T) {
		only(t, e.text(leadLDTBXH, private(leadLDTBXH), "/members"), leadLDTBXH.ID, "(ldtbxh): 4 người.", "Lan Nguyễn")
		m := only(t, e.text(leadLDTBXH, private(leadLDTBXH), "/members ldtbxh"), leadLDTBXH.ID, "Lan Nguyễn")
		if strings.Contains(m.Text, "/revoke") {
			t.Errorf("a lead is told about admin commands:\n%s", m.Text)
		}
		for _, arg := range []string{"congan", "all", "nowhere"} {
			m := only(t, e.text(leadLDTBXH, private(leadLDTBXH), "/members "+arg), leadLDTBXH.ID, "chỉ xem được danh sách người của cơ quan mình")
			if strings.Contains(m.Text, "Hùng") {
				t.Errorf("/members %s showed another agency to a lead:\n%s", arg, m.Text)
			}
		}
	})
	t.Run("ErrOfficer", func(t *testing.T) {
		only(t, e.text(officerA, private(officerA), "/members"), officerA.ID, "không có quyền dùng /members", "lãnh đạo cơ quan và quản trị viên")
	})
	t.Run("ErrInGroup", func(t *testing.T) {
		only(t, e.text(admin, group(groupYTE), "/members"), groupYTE, "chỉ dùng trong trò chuyện riêng", "@"+botName)
	})
	t.Run("English", func(t *testing.T) {
		e.text(leadLDTBXH, private(leadLDTBXH), "/lang en")
		only(t, e.text(leadLDTBXH, private(leadLDTBXH), "/members"), leadLDTBXH.ID, "People enrolled in", "id 201 — officer — enrolled since 01/03/2027")
	})
}

func TestRevoke(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		e := accessEnv(t)
		// Hùng asked ldtbxh something and has a wizard open.
		contains(t, texts(e.text(officerCA, private(officerCA), "/request ldtbxh 2027-03-15 Đề nghị cung cấp danh sách"), officerCA.ID), "#1")
		e.text(officerCA, private(officerCA), "/request")
		if !e.hasConversation(officerCA.ID, officerCA.ID) {
			t.Fatal("no wizard to drop")
		}
		card := only(t, e.text(admin, private(admin), "/revoke 301"), adminID,
			"Hùng Phạm (mã 301)", "Cơ quan: Công an tỉnh (congan)", "Vai trò: cán bộ", "Các nhóm đã liên kết giữ nguyên")
		if got := buttonData(card); len(got) != 2 || got[0] != "rv:ok:301" || got[1] != "rv:no" || card.Buttons[0][0].Text != "Xác nhận thu hồi" || card.Buttons[0][1].Text != "Hủy" {
			t.Fatalf("card buttons %+v", card.Buttons)
		}
		if n := len(e.audit("user.revoke")); n != 0 {
			t.Fatal("asking revoked already")
		}
		only(t, e.text(officerCA, private(officerCA), "/whoami"), officerCA.ID, "Công an tỉnh")

		msgs := e.press(admin, private(admin), 60, "rv:ok:301")
		var edit *coord.OutMessage
		for i := range msgs {
			if msgs[i].Kind == coord.OutEdit && msgs[i].MessageID == 60 {
				edit = &msgs[i]
			}
		}
		if edit == nil || !strings.Contains(edit.Text, "Đã thu hồi quyền sử dụng bot của Hùng Phạm (mã 301") || len(edit.Buttons) != 0 {
			t.Fatalf("the card did not become the result: %+v", msgs)
		}
		contains(t, texts(msgs, officerCA.ID), "đã được quản trị viên thu hồi", "mã mời mới")
		rows := e.audit("user.revoke")
		if len(rows) != 1 || rows[0].Actor != adminID || rows[0].Subject != "user:301" ||
			strings.Contains(rows[0].Before, "revoked_at") || !strings.Contains(rows[0].After, `"revoked_at":"2027-03-01T`) {
			t.Fatalf("audit %+v", rows)
		}
		if e.hasConversation(officerCA.ID, officerCA.ID) {
			t.Error("the revoked officer's wizard survived")
		}
		if e.hasConversation(adminID, adminID) {
			t.Error("the admin's confirmation survived")
		}

		// From the next update on: a stranger, for commands, buttons and
		// replies to cards alike.
		only(t, e.text(officerCA, private(officerCA), "/whoami"), officerCA.ID, "chưa được ghi danh", "Mã Telegram của bạn: 301")
		only(t, e.text(officerCA, private(officerCA), "/requests"), officerCA.ID, "chưa được ghi danh")
		if a := answer(e.press(officerCA, private(officerCA), 5, "lang:en")); !strings.Contains(a, "chưa được ghi danh") {
			t.Errorf("a revoked officer's press: %q", a)
		}
		reply := bot.Update{Chat: private(officerCA), From: officerCA, MessageID: 90, Text: "bổ sung", ReplyTo: &bot.Reply{MessageID: 70, FromBot: true}}
		only(t, e.handle(reply), officerCA.ID, "chưa được ghi danh")

		// Nothing reaches him any more; his name stays in the history.
		msgs = e.text(officerA, private(officerA), "/request congan 2027-03-20 Xác minh hồ sơ")
		if got := to(msgs, officerCA.ID); len(got) != 0 {
			t.Fatalf("a revoked officer was sent a request: %+v", got)
		}
		contains(t, texts(msgs, officerA.ID), "#2 → Công an tỉnh (chưa gửi được")
		contains(t, texts(e.text(officerA, private(officerA), "/request 1"), officerA.ID), "Hùng Phạm")
		if u := e.user(officerCA.ID); u.Name != "Hùng Phạm" || u.Enrolled() {
			t.Errorf("record %+v: want it kept, revoked", u)
		}

		// A fresh invite enrols him again.
		code := e.invite("congan")
		only(t, e.text(officerCA, private(officerCA), "/start "+code), officerCA.ID, "Chào mừng Hùng Phạm")
		only(t, e.text(officerCA, private(officerCA), "/whoami"), officerCA.ID, "Công an tỉnh")
		enrol := e.audit("user.enrol") // newest first
		if last := enrol[0]; !strings.Contains(last.Before, "revoked_at") || strings.Contains(last.After, "revoked_at") {
			t.Errorf("re-enrolment audit %+v: want the revoked record before", last)
		}
		if got := to(e.text(officerA, private(officerA), "/request congan 2027-03-20 Lần nữa"), officerCA.ID); len(got) != 1 {
			t.Errorf("the re-enrolled officer is not reached: %+v", got)
		}
	})
	t.Run("GroupBindingsUntouched", func(t *testing.T) {
		e := accessEnv(t)
		e.text(admin2, group(groupYTE2), "/bindgroup tuphap")
		e.text(admin, private(admin), "/revoke 501")
		e.press(admin, private(admin), 61, "rv:ok:501")
		only(t, e.text(admin, group(groupYTE2), "/whoami"), groupYTE2, "Nhóm này được liên kết với: Sở Tư pháp")
		only(t, e.text(admin2, group(groupYTE2), "/whoami"), groupYTE2, "chưa được ghi danh")
		if n := len(e.audit("chat.unbind")); n != 0 {
			t.Errorf("revoking unbound %d groups", n)
		}
	})
	t.Run("Refusals", func(t *testing.T) {
		e := accessEnv(t)
		for _, c := range []struct {
			who  bot.Person
			text string
			want []string
		}{
			{admin, "/revoke", []string{"Cú pháp: /revoke <mã Telegram>", "/members"}},
			{admin, "/revoke Hùng", []string{"Cú pháp: /revoke"}},
			{admin, "/revoke -5", []string{"Cú pháp: /revoke"}},
			{admin, "/revoke 111", []string{"không thể tự thu hồi"}},
			{admin2, "/revoke 501", []string{"không thể tự thu hồi"}},
			{admin2, "/revoke 111", []string{"quản trị viên khởi tạo (BOT_ADMIN_IDS)", "xóa mã này khỏi BOT_ADMIN_IDS", "khởi động lại bot"}},
			{admin, "/revoke 999", []string{"Không có ai đã ghi danh với mã Telegram 999", "/members"}},
		} {
			only(t, e.text(c.who, private(c.who), c.text), c.who.ID, c.want...)
		}
		only(t, e.text(officerA, private(officerA), "/revoke 301"), officerA.ID, "không có quyền")
		only(t, e.text(admin, group(groupYTE), "/revoke 301"), groupYTE, "chỉ dùng trong trò chuyện riêng")
		e.text(admin, private(admin), "/revoke 301")
		e.press(admin, private(admin), 62, "rv:ok:301")
		only(t, e.text(admin, private(admin), "/revoke 301"), adminID, "Hùng Phạm (mã 301) đã bị thu hồi quyền từ ngày 01/03/2027", "/invite")
		if n := len(e.audit("user.revoke")); n != 1 {
			t.Errorf("%d user.revoke rows, want 1", n)
		}
	})
	t.Run("PressIsAuthorisedAgain", func(t *testing.T) {
		e := accessEnv(t)
		noChange := func(t *testing.T, who bot.Person, data, want string) {
			t.Helper()
			msgs := e.press(who, private(who), 63, data)
			if len(msgs) != 1 || !strings.Contains(answer(msgs), want) {
				t.Fatalf("%d pressed %s: %+v, want one toast with %q", who.ID, data, msgs, want)
			}
			if n := len(e.audit("user.revoke")); n != 0 {
				t.Fatalf("%d pressing %s revoked someone", who.ID, data)
			}
		}
		noChange(t, admin, "rv:ok:301", "hết hạn") // no question asked
		e.text(admin, private(admin), "/revoke 301")
		noChange(t, admin, "rv:ok:201", "hết hạn")            // a forged target
		noChange(t, admin2, "rv:ok:301", "hết hạn")           // another admin: not their question
		noChange(t, officerCA, "rv:ok:301", "không có quyền") // the person himself
		// A newer question replaces the older one: its card is stale.
		e.text(admin, private(admin), "/revoke 201")
		noChange(t, admin, "rv:ok:301", "hết hạn")

		// The asking admin is demoted before pressing.
		e.text(admin2, private(admin2), "/revoke 301")
		e.text(admin, private(admin), "/role 501 officer")
		noChange(t, admin2, "rv:ok:301", "không có quyền")

		// The person was revoked meanwhile by someone else.
		e.text(admin, private(admin), "/role 501 admin")
		e.text(admin2, private(admin2), "/revoke 301")
		e.text(admin, private(admin), "/revoke 301")
		e.press(admin, private(admin), 64, "rv:ok:301")
		msgs := e.press(admin2, private(admin2), 65, "rv:ok:301")
		if a := answer(msgs); !strings.Contains(a, "đã bị thu hồi quyền") || len(e.audit("user.revoke")) != 1 {
			t.Fatalf("second revoke: %+v", msgs)
		}
	})
	t.Run("Cancel", func(t *testing.T) {
		e := accessEnv(t)
		e.text(admin, private(admin), "/revoke 301")
		msgs := e.press(admin, private(admin), 66, "rv:no")
		if len(msgs) != 2 || msgs[0].Kind != coord.OutEditButtons || len(msgs[0].Buttons) != 0 || !strings.Contains(answer(msgs), "Đã hủy") {
			t.Fatalf("cancel: %+v", msgs)
		}
		if e.hasConversation(adminID, adminID) {
			t.Error("the question survived «Hủy»")
		}
		if a := answer(e.press(admin, private(admin), 66, "rv:ok:301")); !strings.Contains(a, "hết hạn") {
			t.Errorf("confirm after cancel: %q", a)
		}
		only(t, e.text(officerCA, private(officerCA), "/whoami"), officerCA.ID, "Công an tỉnh")
	})
}

func TestRole(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		e := accessEnv(t)
		only(t, e.text(officerA, private(officerA), "/members"), officerA.ID, "không có quyền")
		msgs := e.text(admin, private(admin), "/role 201 LEAD")
		contains(t, texts(msgs, adminID), "Đã đổi vai trò của Lan Nguyễn (mã 201, Sở Lao động - Thương binh và Xã hội): cán bộ → lãnh đạo cơ quan")
		contains(t, texts(msgs, officerA.ID), "nay bạn là lãnh đạo cơ quan của Sở Lao động", "trước đây: cán bộ", "/help")
		rows := e.audit("user.role")
		if len(rows) != 1 || rows[0].Subject != "user:201" || rows[0].Before != `{"role":"officer"}` || rows[0].After != `{"role":"lead"}` {
			t.Fatalf("audit %+v", rows)
		}
		only(t, e.text(officerA, private(officerA), "/members"), officerA.ID, "(ldtbxh): 4 người.")
		only(t, e.text(admin, private(admin), "/role 201 lead"), adminID, "Lan Nguyễn (mã 201) đã là lãnh đạo cơ quan; không có gì thay đổi")
		e.text(admin, private(admin), "/role 201 admin")
		only(t, e.text(officerA, private(officerA), "/invite yte"), officerA.ID, "https://t.me/")
	})
	t.Run("Refusals", func(t *testing.T) {
		e := accessEnv(t)
		for _, c := range []struct {
			who  bot.Person
			text string
			want []string
		}{
			{admin, "/role 201", []string{"Cú pháp: /role <mã Telegram> officer|lead|admin"}},
			{admin, "/role lan lead", []string{"Cú pháp: /role"}},
			{admin, "/role 201 boss", []string{`Vai trò "boss" không hợp lệ`, "officer", "lead", "admin"}},
			{admin, "/role 999 lead", []string{"Không có ai đã ghi danh với mã Telegram 999"}},
			{admin2, "/role 501 officer", []string{"không thể tự hạ vai trò"}},
			{admin2, "/role 111 officer", []string{"quản trị viên khởi tạo (BOT_ADMIN_IDS)", "khởi động lại bot"}},
			{admin, "/role 111 lead", []string{"quản trị viên khởi tạo"}},
		} {
			only(t, e.text(c.who, private(c.who), c.text), c.who.ID, c.want...)
		}
		only(t, e.text(leadLDTBXH, private(leadLDTBXH), "/role 201 lead"), leadLDTBXH.ID, "không có quyền")
		if n := len(e.audit("user.role")); n != 0 {
			t.Errorf("%d refused role changes were recorded", n)
		}
		e.text(admin, private(admin), "/revoke 301")
		e.press(admin, private(admin), 67, "rv:ok:301")
		only(t, e.text(admin, private(admin), "/role 301 lead"), adminID, "đã bị thu hồi quyền")
	})
}

func TestUnbind(t *testing.T) {
	t.Run("InsideTheGroup", func(t *testing.T) {
		e := accessEnv(t)
		e.enrol(officerB, "yte")
		card := only(t, e.text(admin, group(groupYTE), "/unbind"), groupYTE,
			"Hủy liên kết nhóm «Nhóm thử» với Sở Y tế (yte)?", "gửi riêng cho từng người đã ghi danh", "/bindgroup yte")
		if got := buttonData(card); len(got) != 2 || got[0] != "ub:ok:yte" || got[1] != "ub:no" || card.Buttons[0][0].Text != "Xác nhận hủy liên kết" {
			t.Fatalf("card buttons %+v", card.Buttons)
		}
		// Only the admin who asked can confirm.
		if a := answer(e.press(officerB, group(groupYTE), 70, "ub:ok:yte")); !strings.Contains(a, "không có quyền") {
			t.Fatalf("an officer's press: %q", a)
		}
		if a := answer(e.press(admin2, group(groupYTE), 70, "ub:ok:yte")); !strings.Contains(a, "hết hạn") {
			t.Fatalf("another admin's press: %q", a)
		}
		msgs := e.press(admin, group(groupYTE), 70, "ub:ok:yte")
		if len(msgs) != 2 || msgs[0].Kind != coord.OutEdit || msgs[0].ChatID != groupYTE || len(msgs[0].Buttons) != 0 {
			t.Fatalf("confirm: %+v", msgs)
		}
		contains(t, msgs[0], "không còn được liên kết với Sở Y tế (yte)", "gửi riêng cho từng người đã ghi danh", "/bindgroup")
		rows := e.audit("chat.unbind")
		if len(rows) != 1 || rows[0].Subject != "chat:-1001" || !strings.Contains(rows[0].Before, `"code":"yte"`) || rows[0].After != "" {
			t.Fatalf("audit %+v", rows)
		}
		only(t, e.text(admin, group(groupYTE), "/whoami"), groupYTE, "chưa được liên kết")
		err := e.store.View(context.Background(), func(tx coord.Tx) error {
			rs, mode, err := coord.Reach(context.Background(), tx, "yte")
			if err != nil || mode != coord.ToOfficers || len(rs) != 1 || rs[0].ChatID != officerB.ID {
				t.Errorf("yte is reached by %+v, %s, %v; want Minh privately", rs, mode, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		only(t, e.text(admin, group(groupYTE), "/unbind"), groupYTE, "Nhóm này chưa được liên kết với cơ quan nào; không có gì để hủy")
	})
	t.Run("FromPrivateChat", func(t *testing.T) {
		e := accessEnv(t)
		only(t, e.text(admin, private(admin), "/unbind YTE"), adminID, "«Nhóm thử» với Sở Y tế (yte)?")
		msgs := e.press(admin, private(admin), 71, "ub:ok:yte")
		contains(t, texts(msgs, groupYTE), "không còn được liên kết với Sở Y tế (yte)")
		var edit *coord.OutMessage
		for i := range msgs {
			if msgs[i].Kind == coord.OutEdit {
				edit = &msgs[i]
			}
		}
		if edit == nil || edit.ChatID != adminID || !strings.Contains(edit.Text, "Nhóm đã được thông báo") {
			t.Fatalf("admin's card: %+v", msgs)
		}
		only(t, e.text(admin, group(groupYTE), "/whoami"), groupYTE, "chưa được liên kết")
	})
	t.Run("CoordGroup", func(t *testing.T) {
		e := accessEnv(t)
		e.text(admin, group(groupYTE2), "/bindgroup coord")
		only(t, e.text(admin, private(admin), "/unbind coord"), adminID, "Nhóm phối hợp liên ngành (coord)", "/bindgroup coord")
		msgs := e.press(admin, private(admin), 72, "ub:ok:coord")
		contains(t, texts(msgs, groupYTE2), "không còn được liên kết với Nhóm phối hợp liên ngành", "bản tổng hợp")
	})
	t.Run("Refusals", func(t *testing.T) {
		e := accessEnv(t)
		only(t, e.text(admin, private(admin), "/unbind"), adminID, "Cú pháp: /unbind <mã cơ quan|coord>", "coord")
		only(t, e.text(admin, private(admin), "/unbind nowhere"), adminID, "Cú pháp: /unbind")
		only(t, e.text(admin, private(admin), "/unbind tuphap"), adminID, "Sở Tư pháp (tuphap) chưa được liên kết với nhóm nào")
		only(t, e.text(admin, group(unboundGroup), "/unbind"), unboundGroup, "Nhóm này chưa được liên kết")
		only(t, e.text(officerA, group(groupYTE), "/unbind"), groupYTE, "không có quyền")
		only(t, e.text(officerA, private(officerA), "/unbind yte"), officerA.ID, "không có quyền")
		if a := answer(e.press(admin, private(admin), 73, "ub:ok:yte")); !strings.Contains(a, "hết hạn") {
			t.Errorf("unasked confirm: %q", a)
		}
		// The binding moved between the question and the press.
		e.text(admin, private(admin), "/unbind yte")
		e.text(admin, group(groupYTE2), "/bindgroup yte")
		if a := answer(e.press(admin, private(admin), 74, "ub:ok:yte")); !strings.Contains(a, "đã thay đổi") {
			t.Errorf("confirm after a move: %q", a)
		}
		// Unbound meanwhile.
		e.text(admin, private(admin), "/unbind yte")
		e.text(admin, group(groupYTE2), "/unbind")
		e.press(admin, group(groupYTE2), 75, "ub:ok:yte")
		if a := answer(e.press(admin, private(admin), 76, "ub:ok:yte")); !strings.Contains(a, "chưa được liên kết với nhóm nào") {
			t.Errorf("confirm after an unbind: %q", a)
		}
		if n := len(e.audit("chat.unbind")); n != 1 {
			t.Errorf("%d chat.unbind rows, want the one confirmed", n)
		}
	})
	t.Run("Cancel", func(t *testing.T) {
		e := accessEnv(t)
		e.text(admin, group(groupYTE), "/unbind")
		msgs := e.press(admin, group(groupYTE), 77, "ub:no")
		if !strings.Contains(answer(msgs), "Đã hủy") {
			t.Fatalf("cancel: %+v", msgs)
		}
		if a := answer(e.press(admin, group(groupYTE), 77, "ub:ok:yte")); !strings.Contains(a, "hết hạn") {
			t.Errorf("confirm after cancel: %q", a)
		}
		only(t, e.text(admin, group(groupYTE), "/whoami"), groupYTE, "Nhóm này được liên kết với: Sở Y tế")
	})
}

func TestHelpListsAccessCommands(t *testing.T) {
	e := accessEnv(t)
	only(t, e.text(admin, private(admin), "/help"), adminID, "/members [cơ quan|all]", "/revoke <mã Telegram>", "/role <mã Telegram> officer|lead|admin", "/unbind")
	m := only(t, e.text(leadLDTBXH, private(leadLDTBXH), "/help"), leadLDTBXH.ID, "/members")
	for _, cmd := range []string{"/revoke", "/role", "/unbind"} {
		if strings.Contains(m.Text, cmd) {
			t.Errorf("a lead is shown %s:\n%s", cmd, m.Text)
		}
	}
	m = only(t, e.text(officerA, private(officerA), "/help"), officerA.ID, "/whoami")
	if strings.Contains(m.Text, "/members") {
		t.Errorf("an officer is shown /members:\n%s", m.Text)
	}
	only(t, e.text(admin, group(groupYTE), "/help"), groupYTE, "/unbind")
}

// TestRevokedPersonIsAStranger revokes through the store, as /revoke does,
// and checks the router's side: every kind of update is refused as a
// stranger's, and a new invite gives access back.
func TestRevokedPersonIsAStranger(t *testing.T) {
	e := newEnv(t)
	e.enrol(officerA, "yte")
	e.text(officerA, private(officerA), "/lang en")
	e.text(admin, group(groupYTE), "/bindgroup yte")
	e.newMessages()
	err := e.store.Update(context.Background(), func(tx coord.Tx) error {
		u, err := tx.User(context.Background(), officerA.ID)
		if err != nil {
			return err
		}
		at := e.now
		u.RevokedAt = &at
		return tx.PutUser(context.Background(), u)
	})
	if err != nil {
		t.Fatal(err)
	}
	only(t, e.text(officerA, private(officerA), "/whoami"), officerA.ID, "chưa được ghi danh", "Mã Telegram của bạn: 201")
	only(t, e.text(officerA, group(groupYTE), "/status"), groupYTE, "Bạn chưa được ghi danh")
	if a := answer(e.press(officerA, private(officerA), 5, "lang:vi")); !strings.Contains(a, "chưa được ghi danh") {
		t.Errorf("a revoked person's press: %q", a)
	}
	reply := bot.Update{Chat: group(groupYTE), From: officerA, MessageID: 90, Text: "bổ sung", ReplyTo: &bot.Reply{MessageID: 70, FromBot: true}}
	// Already told in this group within the hour: the group hears no second
	// refusal (its messages are for its reports).
	if msgs := e.handle(reply); len(msgs) != 0 {
		t.Errorf("a second refusal in the group within the hour: %+v", msgs)
	}
	for _, a := range e.audit("user.lang") {
		if strings.Contains(a.After, `"vi"`) {
			t.Errorf("a revoked person changed their language: %+v", a)
		}
	}

	code := e.invite("yte")
	only(t, e.text(officerA, private(officerA), "/start "+code), officerA.ID, "Welcome Lan Nguyễn")
	only(t, e.text(officerA, private(officerA), "/whoami"), officerA.ID, "Agency: Sở Y tế")
	enrol := e.audit("user.enrol") // newest first
	if !strings.Contains(enrol[0].Before, "revoked_at") || strings.Contains(enrol[0].After, "revoked_at") {
		t.Errorf("re-enrolment audit %+v: want the revoked record before, none after", enrol[0])
	}
}

// TestInvitesDieWithTheirIssuersPower: an invite issued by an admin who was
// then revoked or demoted enrols nobody, so a revoked admin cannot let
// himself back in with a code he kept; a bootstrap admin's invites stay
// good.
func TestInvitesDieWithTheirIssuersPower(t *testing.T) {
	issue := func(e *env, by bot.Person, args string) string {
		t.Helper()
		m := only(t, e.text(by, private(by), "/invite "+args), by.ID, "?start=")
		return codeRe.FindStringSubmatch(m.Text)[1]
	}
	t.Run("Revoked", func(t *testing.T) {
		e := accessEnv(t)
		code := issue(e, admin2, "ldtbxh admin")
		e.text(admin, private(admin), "/revoke 501")
		e.press(admin, private(admin), 61, "rv:ok:501")
		e.newMessages()
		only(t, e.text(admin2, private(admin2), "/start "+code), admin2.ID, "người cấp mã không còn là quản trị viên")
		if u := e.user(admin2.ID); u.Enrolled() {
			t.Fatalf("the revoked admin re-enrolled himself: %+v", u)
		}
	})
	t.Run("Demoted", func(t *testing.T) {
		e := accessEnv(t)
		code := issue(e, admin2, "ldtbxh admin")
		e.text(admin, private(admin), "/role 501 officer")
		e.newMessages()
		only(t, e.text(admin2, private(admin2), "/start "+code), admin2.ID, "người cấp mã không còn là quản trị viên")
		if u := e.user(admin2.ID); u.Role != coord.RoleOfficer {
			t.Fatalf("the demoted admin made himself admin again: %+v", u)
		}
	})
	t.Run("Bootstrap", func(t *testing.T) {
		e := accessEnv(t)
		code := issue(e, admin, "yte officer")
		only(t, e.text(stranger, private(stranger), "/start "+code), stranger.ID, "Chào mừng")
	})
}
