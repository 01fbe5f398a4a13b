package main

import (
	"strings"
	"testing"

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
