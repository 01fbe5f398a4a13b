package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

var groupBQL = fakeapi.Chat{ID: -100333, Type: "supergroup", Title: "Ban Quản lý KCN"}

// TestRequestLifecycleEndToEnd plays requests between agencies as officers
// would: lan (ldtbxh) asks the police and the Industrial Zones Board; a
// third agency presses the card's buttons; the police decline without a
// reason, then through the button with one; the Board answers with a file;
// a reply to the card is relayed; the bot restarts in the middle.
func TestRequestLifecycleEndToEnd(t *testing.T) {
	e := reportsE2E(t)
	e.say(admin, groupBQL, "/bindgroup bqlkcn", "Đã liên kết")
	after := e.lastSeq()
	e.api.SendText(lan, fakeapi.Private(lan), "/request congan,bqlkcn 2099-01-01 Đề nghị cung cấp thông tin")
	e.waitSent(after, "sendMessage", lan.ID, "không hợp lệ") // more than a year ahead
	due := "31/12/2026"
	after = e.lastSeq()
	e.api.SendText(lan, fakeapi.Private(lan), "/request congan,bqlkcn "+due+" Đề nghị xác minh hồ sơ của 3 chuyên gia")
	cardCA := e.waitSent(after, "sendMessage", groupCA.ID, "Yêu cầu phối hợp #1")
	cardBQL := e.waitSent(after, "sendMessage", groupBQL.ID, "Yêu cầu phối hợp #2")
	e.waitSent(after, "sendMessage", lan.ID, "#2 → Ban Quản lý các khu công nghiệp tỉnh (nhóm)")

	// A third agency (tuan of bqlkcn) presses the police card's buttons.
	for _, b := range buttonsOf(t, cardCA)[0] {
		after = e.lastSeq()
		e.api.PressButton(tuan, groupCA, cardCA.MessageIDs[0], b.Data)
		e.waitSent(after, "answerCallbackQuery", 0, "không tham gia yêu cầu này")
	}
	// A decline without a reason is refused.
	e.say(minh, groupCA, "/decline 1", "phải nêu rõ lý do")

	// The bot restarts; the request is in SQLite.
	e.stop()
	e.start()

	after = e.lastSeq()
	e.api.PressButton(minh, groupCA, cardCA.MessageIDs[0], "rq:d:1")
	prompt := e.waitSent(after, "sendMessage", groupCA.ID, "lý do từ chối yêu cầu #1")
	if !strings.Contains(prompt.Params["reply_markup"], "force_reply") {
		t.Fatalf("prompt without ForceReply: %v", prompt.Params)
	}
	after = e.lastSeq()
	e.api.ReplyTo(minh, groupCA, prompt.MessageIDs[0], "Không thuộc thẩm quyền của Công an tỉnh")
	e.waitSent(after, "sendMessage", lan.ID, "Lý do: Không thuộc thẩm quyền của Công an tỉnh")
	// The card pressed now says what became of the request.
	e.waitSent(after, "editMessageText", groupCA.ID, "Trạng thái: đã từ chối")

	// The Board accepts from its card, which then says so.
	after = e.lastSeq()
	e.api.PressButton(tuan, groupBQL, cardBQL.MessageIDs[0], "rq:a:2")
	accepted := e.waitSent(after, "editMessageText", groupBQL.ID, "Trạng thái: đang xử lý")
	if strings.Contains(accepted.Params["text"], "chờ tiếp nhận") || !strings.Contains(accepted.Params["reply_markup"], "rq:r:2") {
		t.Errorf("the accepted card still says it waits, or lost its answer button: %v", accepted.Params)
	}

	// The Board comments by replying to its card, then answers with a file.
	after = e.lastSeq()
	e.api.ReplyTo(tuan, groupBQL, cardBQL.MessageIDs[0], "Xin bổ sung hộ chiếu của chuyên gia thứ ba")
	e.waitSent(after, "sendMessage", lan.ID, "Tuấn Vũ: Xin bổ sung hộ chiếu")
	answer := fakeapi.File{FileID: "ANS-2", Name: "ket-qua-xac-minh.pdf", MIME: "application/pdf", Data: []byte("%PDF kết quả")}
	after = e.lastSeq()
	e.api.SendDocument(tuan, groupBQL, "/reply 2 Kết quả xác minh gửi kèm", answer)
	e.waitSent(after, "sendDocument", lan.ID, "ANS-2")
	e.waitSent(after, "sendMessage", lan.ID, "Nội dung trả lời: Kết quả xác minh gửi kèm")
	// Answered by command, not by a button, the card says so too.
	answered := e.waitSent(after, "editMessageText", groupBQL.ID, "Trạng thái: đã trả lời")
	if answered.Params["message_id"] != fmt.Sprint(cardBQL.MessageIDs[0]) {
		t.Errorf("the redrawn message is not the Board's card: %v", answered.Params)
	}
	if strings.Contains(answered.Params["reply_markup"], "rq:") {
		t.Errorf("the answered card still has buttons: %s", answered.Params["reply_markup"])
	}

	// Replaying an old button changes nothing.
	after = e.lastSeq()
	e.api.PressButton(tuan, groupBQL, cardBQL.MessageIDs[0], "rq:a:2")
	e.waitSent(after, "answerCallbackQuery", 0, "đã trả lời")
	list := e.say(lan, fakeapi.Private(lan), "/requests", "Đã gửi:")
	for _, want := range []string{"#1 [đã từ chối]", "#2 [đã trả lời]"} {
		if !strings.Contains(list.Params["text"], want) {
			t.Errorf("list lacks %q:\n%s", want, list.Params["text"])
		}
	}
}
