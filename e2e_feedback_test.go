package main

import (
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestFeedbackEndToEnd plays the difficulties reported to the coordinator
// (Điều 18) through Main and the fake Bot API:
//   - on Tuesday 22/06/2027 minh (congan) reports a difficulty from the
//     police group with the official letter attached; the coordinator's
//     group (ldtbxh's) gets the letter and the card with «Trả lời» and
//     «Tổng hợp báo cáo UBND tỉnh»; minh pressing «Trả lời» there is
//     refused; lan presses it, is asked by a ForceReply and answers by
//     replying; the card shows the answer, and minh and the police group are
//     told;
//   - minh reports a second difficulty, which lan marks for the report to
//     the provincial People's Committee with a note, and a third, left open;
//   - on Monday 12/07/2027, the day of the inputs digest of the half-year
//     report 6.6 (its inputs were due on Saturday 10/07), the weekly digest
//     in the coordination group names the open item, and the inputs digest
//     in ldtbxh's group lists the half-year's three items with their state,
//     the answer and the note; /export feedback gives lan the year's items.
func TestFeedbackEndToEnd(t *testing.T) {
	e := newE2E(t)
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	at := func(month time.Month, day, hour, minute int) time.Time {
		return time.Date(2027, month, day, hour, minute, 0, 0, loc)
	}
	e.clock.Set(at(time.June, 22, 9, 0))
	e.start()
	for _, g := range []struct {
		chat fakeapi.Chat
		code string
	}{{groupCA, "congan"}, {groupLDTBXH, "ldtbxh"}, {groupCoord, "coord"}} {
		e.say(admin, g.chat, "/bindgroup "+g.code, "Đã liên kết")
	}
	for _, p := range []struct {
		u    fakeapi.User
		args string
	}{{lan, "ldtbxh"}, {minh, "congan"}} {
		e.say(p.u, fakeapi.Private(p.u), "/start "+e.invite(p.args), "Chào mừng")
	}

	// minh reports from the police group, with the letter.
	after := e.lastSeq()
	letter := fakeapi.File{FileID: "CV-77", Name: "cv-77-ca.pdf", MIME: "application/pdf", Data: []byte("%PDF công văn")}
	e.api.SendDocument(minh, groupCA, "/feedback Vướng mắc xác minh lý lịch người nước ngoài: Chưa có hướng dẫn với người có hai quốc tịch\n"+
		"Đề nghị Sở hướng dẫn thống nhất.", letter)
	e.waitSent(after, "sendMessage", groupCA.ID, "Đã gửi phản ánh #1 «Vướng mắc xác minh lý lịch người nước ngoài» tới Sở Lao động - Thương binh và Xã hội (1 chat)")
	e.waitSent(after, "sendDocument", groupLDTBXH.ID, "Phản ánh #1")
	card := e.waitSent(after, "sendMessage", groupLDTBXH.ID, "📮 Phản ánh khó khăn, vướng mắc #1 (Điều 18)")
	for _, want := range []string{"Cơ quan gửi: Công an tỉnh", "Người gửi: Minh Trần", "Ngày gửi: 22/06/2027",
		"Nội dung: Chưa có hướng dẫn với người có hai quốc tịch\nĐề nghị Sở hướng dẫn thống nhất.", "Tệp kèm theo: 1 tệp", "Tình trạng: chưa trả lời"} {
		if !strings.Contains(card.Params["text"], want) {
			t.Errorf("the coordinator's card lacks %q:\n%s", want, card.Params["text"])
		}
	}
	buttons := buttonsOf(t, card)[0]
	if buttons[0].Text != "Trả lời" || buttons[1].Text != "Tổng hợp báo cáo UBND tỉnh" || buttons[0].Data != "fb:a:1" || buttons[1].Data != "fb:c:1" {
		t.Fatalf("card buttons %+v", buttons)
	}

	// A police officer may not answer, even pressing the coordinator's card.
	after = e.lastSeq()
	e.api.PressButton(minh, groupLDTBXH, card.MessageIDs[0], buttons[0].Data)
	e.waitSent(after, "answerCallbackQuery", 0, "Chỉ cán bộ của Sở Lao động - Thương binh và Xã hội")
	// lan answers through the ForceReply prompt.
	after = e.lastSeq()
	e.api.PressButton(lan, groupLDTBXH, card.MessageIDs[0], buttons[0].Data)
	prompt := e.waitSent(after, "sendMessage", groupLDTBXH.ID, "Nhập nội dung trả lời phản ánh #1")
	if !strings.Contains(prompt.Params["reply_markup"], "force_reply") {
		t.Fatalf("prompt without ForceReply: %v", prompt.Params)
	}
	after = e.lastSeq()
	e.api.ReplyTo(lan, groupLDTBXH, prompt.MessageIDs[0], "Thực hiện theo Công văn 1234/LĐTBXH-VL ngày 15/06/2027; xác minh theo quốc tịch ghi trên hộ chiếu")
	e.waitSent(after, "sendMessage", groupLDTBXH.ID, "Đã trả lời phản ánh #1; đã báo cho Công an tỉnh (2 chat)")
	e.waitSent(after, "editMessageText", groupLDTBXH.ID, "Tình trạng: đã trả lời")
	const told = "Sở Lao động - Thương binh và Xã hội đã trả lời phản ánh #1 «Vướng mắc xác minh lý lịch người nước ngoài»"
	for _, chat := range []int64{groupCA.ID, minh.ID} {
		got := e.waitSent(after, "sendMessage", chat, told)
		if !strings.Contains(got.Params["text"], "Công văn 1234/LĐTBXH-VL") {
			t.Errorf("chat %d was told without the answer:\n%s", chat, got.Params["text"])
		}
	}
	after = e.lastSeq()
	e.api.PressButton(lan, groupLDTBXH, card.MessageIDs[0], buttons[1].Data)
	e.waitSent(after, "answerCallbackQuery", 0, "Phản ánh #1 đã được xử lý")

	// A second item, compiled with a note; a third, left open.
	e.say(minh, fakeapi.Private(minh), "/feedback Thiếu kinh phí tuyên truyền: Đề nghị bố trí kinh phí tập huấn cho công an cấp xã", "Đã gửi phản ánh #2")
	after = e.lastSeq()
	e.say(lan, groupLDTBXH, "/feedback 2 compile Kiến nghị UBND tỉnh bố trí kinh phí năm 2028", "Đã đưa phản ánh #2 vào tổng hợp báo cáo UBND tỉnh")
	e.waitSent(after, "sendMessage", minh.ID, "Ghi chú: Kiến nghị UBND tỉnh bố trí kinh phí năm 2028")
	e.say(minh, fakeapi.Private(minh), "/feedback Chậm cấp phiếu lý lịch tư pháp\nHồ sơ quá hạn 10 ngày", "Đã gửi phản ánh #3")
	e.say(minh, fakeapi.Private(minh), "/feedbacks", "Phản ánh chưa trả lời (1):\n#3 · 22/06/2027 · Công an tỉnh · «Chậm cấp phiếu lý lịch tư pháp»")
	e.stop()

	// Monday 12/07: the weekly digest and the 6.6 inputs digest.
	e.clock.Set(at(time.July, 12, 8, 30))
	after = e.lastSeq()
	e.start()
	e.waitSent(after, "sendMessage", groupCoord.ID, "📮 Phản ánh chưa trả lời: 1 — #3 Công an tỉnh «Chậm cấp phiếu lý lịch tư pháp» (22/06/2027)")
	digest := e.waitSent(after, "sendMessage", groupLDTBXH.ID, "📮 Phản ánh khó khăn, vướng mắc nhận trong 6 tháng đầu năm 2027 (Điều 18): 3")
	for _, want := range []string{"báo cáo 6.6 kỳ 2027-H1",
		"• #1 Công an tỉnh — «Vướng mắc xác minh lý lịch người nước ngoài» (22/06/2027): đã trả lời — Thực hiện theo Công văn 1234",
		"• #2 Công an tỉnh — «Thiếu kinh phí tuyên truyền» (22/06/2027): đưa vào tổng hợp báo cáo UBND tỉnh — Kiến nghị UBND tỉnh bố trí kinh phí năm 2028",
		"• #3 Công an tỉnh — «Chậm cấp phiếu lý lịch tư pháp» (22/06/2027): chưa trả lời"} {
		if !strings.Contains(digest.Params["text"], want) {
			t.Errorf("the 6.6 inputs digest lacks %q:\n%s", want, digest.Params["text"])
		}
	}

	// lan exports the year's items; the police export their own.
	after = e.lastSeq()
	e.api.SendText(lan, fakeapi.Private(lan), "/export feedback")
	f, caption := e.exportDoc(after, lan.ID, "phan-anh-2027.xlsx")
	if !strings.Contains(caption, "3 phản ánh, trong đó 1 chưa trả lời") {
		t.Errorf("caption %q", caption)
	}
	_, rows := sheetRows(t, f, "Phản ánh")
	compiled := findRow(t, rows, "Số", "#2")
	if compiled["Cơ quan gửi"] != "Công an tỉnh" || compiled["Người gửi"] != "Minh Trần" || compiled["Người xử lý"] != "Lan Nguyễn" ||
		compiled["Tình trạng"] != "đưa vào tổng hợp báo cáo UBND tỉnh" || compiled["Trả lời hoặc ghi chú"] != "Kiến nghị UBND tỉnh bố trí kinh phí năm 2028" {
		t.Errorf("row of #2: %v", compiled)
	}
}
