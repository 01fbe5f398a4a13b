package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// The bot runs on both shipped profiles: the province of the seed's
// regulation (config.yaml) and the reorganised province of 2025
// (configs/bac-ninh-2025.yaml, an example), by configuration alone.

const reorganised = "configs/bac-ninh-2025.yaml"

// TestCalendarOnBothProfiles: each profile's calendar lists its own
// agencies' deadlines; the reorganised one has no old code left, the Home
// Affairs department in the labour department's place and communes sending
// 16.4.
func TestCalendarOnBothProfiles(t *testing.T) {
	for _, tt := range []struct {
		profile, coordinator string
		reports164           int
		absent               []string
	}{
		{"config.yaml", "ldtbxh", 20, []string{"sonoivu"}},
		{reorganised, "sonoivu", 8, []string{"ldtbxh", "khdt", "bo-ldtbxh", "ubnd-tpbacgiang", "ubnd-hiephoa"}},
	} {
		t.Run(tt.profile, func(t *testing.T) {
			code, out, errOut := calendarRun(t, map[string]string{"BOT_CONFIG": tt.profile}, "--from", "2027-01-01", "--to", "2028-01-01")
			if code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", code, errOut)
			}
			rows := calendarCSV(t, out)
			n164, coordinator := 0, false
			for _, r := range rows {
				switch {
				case r[0] == "16.4":
					n164++
				case r[0] == "6.4" && r[1] == tt.coordinator:
					coordinator = true
				}
			}
			if n164 != tt.reports164 || !coordinator {
				t.Errorf("16.4 rows %d (want %d), 6.4 from %s: %v", n164, tt.reports164, tt.coordinator, coordinator)
			}
			for _, code := range tt.absent {
				if strings.Contains(out, ","+code+",") {
					t.Errorf("the calendar names %s", code)
				}
			}
		})
	}
}

// TestReorganisedProvinceEndToEnd plays an officer's journey on the
// reorganised profile: a stranger is told which province and whom to ask,
// the Home Affairs department (the coordinator) enrols an officer, the
// Police bind their group, the monthly report reaches them and its
// acknowledgement comes back, and a request type's senders are the
// profile's.
func TestReorganisedProvinceEndToEnd(t *testing.T) {
	e := newE2E(t)
	e.env["BOT_CONFIG"] = reorganised
	e.start()
	m := e.say(stranger, fakeapi.Private(stranger), "/start", "chưa được ghi danh")
	for _, want := range []string{"tỉnh Bắc Ninh", "Sở Nội vụ"} {
		if !strings.Contains(m.Params["text"], want) {
			t.Errorf("the reply to a stranger lacks %q:\n%s", want, m.Params["text"])
		}
	}
	if strings.Contains(m.Params["text"], "Bắc Giang") || strings.Contains(m.Params["text"], "Lao động - Thương binh") {
		t.Errorf("the reply to a stranger names the old province:\n%s", m.Params["text"])
	}
	e.say(admin, fakeapi.Private(admin), "/invite ldtbxh officer", "Không có cơ quan")
	for _, p := range []struct {
		u    fakeapi.User
		args string
	}{{lan, "sonoivu"}, {minh, "congan"}} {
		code := e.invite(p.args)
		e.say(p.u, fakeapi.Private(p.u), "/start "+code, "Chào mừng")
	}
	e.say(admin, groupCA, "/bindgroup congan", "Đã liên kết")
	after := e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-11", reportPDF)
	doc := e.waitSent(after, "sendDocument", groupCA.ID, "Sở Nội vụ")
	e.waitSent(after, "sendMessage", lan.ID, "Đã ghi nhận báo cáo")
	e.api.PressButton(minh, groupCA, doc.MessageIDs[0], buttonsOf(t, doc)[0][0].Data)
	e.waitSent(after, "sendMessage", lan.ID, "Công an tỉnh đã xác nhận")
	e.say(lan, fakeapi.Private(lan), "/request record congan 31/12/2026 Tra cứu", "Chỉ Sở Tư pháp mới gửi được")
}

// TestReorganisationCarriesHistoryOver: a database used under the shipped
// catalogue is started with the reorganised profile. Without renamed_from the
// start stops and names the key to add; with it, the coordinator's officer,
// its group, its request (number kept) and its report's versions are Sở Nội
// vụ's, and the next start carries nothing again.
func TestReorganisationCarriesHistoryOver(t *testing.T) {
	e := newE2E(t)
	e.start()
	for _, p := range []struct {
		u    fakeapi.User
		code string
	}{{lan, "ldtbxh"}, {minh, "congan"}} {
		e.say(p.u, fakeapi.Private(p.u), "/start "+e.invite(p.code), "Chào mừng")
	}
	e.say(admin, groupLDTBXH, "/bindgroup ldtbxh", "Đã liên kết")
	e.say(admin, groupCA, "/bindgroup congan", "Đã liên kết")
	e.say(lan, fakeapi.Private(lan), "/request congan 2027-04-15 Đề nghị cung cấp danh sách thị thực", "#1 → Công an tỉnh")
	after := e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-11", reportPDF)
	e.waitSent(after, "sendDocument", groupCA.ID, "Phiên bản 1")
	e.stop()

	// The coordinator's old code removed without saying where it went.
	profile, err := os.ReadFile(reorganised)
	if err != nil {
		t.Fatal(err)
	}
	bare := strings.Replace(string(profile), ", renamed_from: [ldtbxh]", "", 1)
	if bare == string(profile) {
		t.Fatal("the profile no longer renames ldtbxh to sonoivu")
	}
	e.env["BOT_CONFIG"] = filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(e.env["BOT_CONFIG"], []byte(bare), 0o600); err != nil {
		t.Fatal(err)
	}
	e.start()
	select {
	case code := <-e.done:
		if code == 0 {
			t.Fatal("Main started with ldtbxh's records left behind")
		}
	case <-time.After(wait):
		t.Fatal("Main did not stop on ldtbxh's records left behind")
	}
	e.cancel()
	e.cancel = nil
	for _, want := range []string{`agency \"ldtbxh\" is no longer in the catalogue`, "officers: 2", "submissions: 1", "renamed_from: [ldtbxh]"} {
		if !strings.Contains(e.logs.String(), want) {
			t.Errorf("the refused start does not say %q", want)
		}
	}

	e.env["BOT_CONFIG"] = reorganised
	e.start()
	e.say(lan, fakeapi.Private(lan), "/whoami", "Cơ quan: Sở Nội vụ (sonoivu)")
	view := e.say(minh, fakeapi.Private(minh), "/request 1", "Lịch sử:")
	if !strings.Contains(view.Params["text"], "Sở Nội vụ") {
		t.Errorf("request 1 after the reorganisation does not come from Sở Nội vụ:\n%s", view.Params["text"])
	}
	// The report's history is the new agency's: this is its second version.
	after = e.lastSeq()
	e.api.SendDocument(lan, fakeapi.Private(lan), "/submit 6.4 2026-11", reportPDF)
	doc := e.waitSent(after, "sendDocument", groupCA.ID, "Phiên bản 2")
	if !strings.Contains(doc.Params["caption"], "Từ: Sở Nội vụ") {
		t.Errorf("the second version's caption: %s", doc.Params["caption"])
	}
	// The coordinator's group is still bound: the police's report reaches it.
	after = e.lastSeq()
	e.api.SendDocument(minh, fakeapi.Private(minh), "/submit 8.8 2026-Q3", reportPDF)
	e.waitSent(after, "sendDocument", groupLDTBXH.ID, "Công an tỉnh")
	for _, want := range []string{"carried records over to the renamed agency", "kind=officers", "kind=\"group bindings\""} {
		if !strings.Contains(e.logs.String(), want) {
			t.Errorf("the log lacks %q", want)
		}
	}
	e.stop()
	carried := strings.Count(e.logs.String(), "carried records over")
	e.start()
	e.say(lan, fakeapi.Private(lan), "/whoami", "Cơ quan: Sở Nội vụ (sonoivu)")
	if n := strings.Count(e.logs.String(), "carried records over"); n != carried {
		t.Errorf("the third start carried records over again (%d log lines, %d before)", n, carried)
	}
}
