package sandbox

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/config"
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/internal/fakeapi"
)

func catalogue(t *testing.T, path string) *coord.Catalogue {
	t.Helper()
	cfg, err := config.Load(path, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Catalogue
}

// TestDemoFromCatalogue: the demo is made of the configured province's
// agencies and reports, whichever profile it is.
func TestDemoFromCatalogue(t *testing.T) {
	for _, tt := range []struct {
		profile string
		// agencies of the admin, the four officers; groups; the reports
		agencies []string
		reports  []string
	}{
		{"../config.yaml", []string{"ldtbxh", "ldtbxh", "congan", "bqlkcn", "congthuong", ""},
			[]string{"2001 6.4 2027-01 false", "2003 7.3 2027-01 false", "2004 13.3 2027-01 true"}},
		{"../configs/bac-ninh-2025.yaml", []string{"sonoivu", "sonoivu", "congan", "bqlkcn", "congthuong", ""},
			[]string{"2001 6.4 2027-01 false", "2003 7.3 2027-01 false", "2004 13.3 2027-01 true"}},
	} {
		t.Run(tt.profile, func(t *testing.T) {
			cat := catalogue(t, tt.profile)
			d := NewDemo(cat)
			var agencies, reports []string
			for _, p := range d.Personas {
				agencies = append(agencies, p.Agency)
			}
			for _, r := range d.Reports {
				reports = append(reports, fmt.Sprint(r.Persona, " ", r.Obligation, " ", r.Period, " ", r.Nil))
			}
			if fmt.Sprint(agencies) != fmt.Sprint(tt.agencies) || fmt.Sprint(reports) != fmt.Sprint(tt.reports) {
				t.Errorf("demo agencies %q, reports %q; want %q, %q", agencies, reports, tt.agencies, tt.reports)
			}
			// The list reports are sent as lists the register reads: the
			// template's header and three workers.
			for _, r := range d.Reports {
				o, _ := cat.Obligation(r.Obligation)
				if (o.List != nil && !r.Nil) != (r.List != nil) {
					t.Errorf("report %s: list %v for a template %v", r.Obligation, r.List != nil, o.List != nil)
					continue
				}
				if r.List != nil && (len(r.List) != 4 || r.List[0][0] != o.List.Columns[0].Header) {
					t.Errorf("report %s: rows %q", r.Obligation, r.List)
				}
			}
			if len(d.Requests) != 2 || d.Requests[0].To != "congan" || d.Requests[1].To != "bqlkcn" || d.Accept != 2 {
				t.Errorf("demo requests %+v, accept %d", d.Requests, d.Accept)
			}
			for _, c := range d.Chats {
				if c.Group && c.Agency != coord.CoordGroup {
					a, ok := cat.Agency(c.Agency)
					if !ok || c.Title != "Nhóm "+a.Name {
						t.Errorf("group %+v is not an agency of the profile", c)
					}
				}
			}
			if d.Chats[0].Title != "Nguyễn Văn An" || d.Personas[0].Role != "Quản trị viên — "+cat.Coordinator().Name {
				t.Errorf("the admin: %+v, %+v", d.Personas[0], d.Chats[0])
			}
		})
	}
}

var ict = time.FixedZone("ICT", 7*3600)

func TestClockOnlyMovesForward(t *testing.T) {
	start := time.Date(2027, 1, 4, 9, 0, 0, 0, ict)
	c := NewClock(start)
	var told []time.Time
	c.OnJump(func(t time.Time) { told = append(told, t) })
	if now := c.Now(); now.Before(start) || now.Sub(start) > time.Minute {
		t.Fatalf("a new clock shows %v, want about %v", now, start)
	}
	if err := c.JumpTo(start.Add(-time.Hour)); !errors.Is(err, ErrBackwards) {
		t.Fatalf("a jump back was %v, want ErrBackwards", err)
	}
	select {
	case <-c.Wake():
		t.Fatal("a refused jump woke the scheduler")
	default:
	}
	ahead := time.Date(2027, 2, 2, 8, 0, 0, 0, ict)
	if err := c.JumpTo(ahead); err != nil {
		t.Fatal(err)
	}
	if now := c.Now(); now.Before(ahead) || now.Sub(ahead) > time.Minute {
		t.Fatalf("after the jump the clock shows %v, want about %v", now, ahead)
	}
	select {
	case <-c.Wake():
	default:
		t.Fatal("a jump did not wake the scheduler")
	}
	if len(told) != 1 || !told[0].Equal(ahead) {
		t.Fatalf("OnJump was told %v, want [%v]", told, ahead)
	}
	if err := c.JumpTo(ahead); !errors.Is(err, ErrBackwards) {
		t.Fatalf("a jump to the same instant was %v, want ErrBackwards", err)
	}
}

// page is a sandbox page with no bot behind it: the test plays the bot by
// calling the built-in Bot API itself.
type page struct {
	t   *testing.T
	api *fakeapi.Server
	s   *Server
	web *httptest.Server
}

func newPage(t *testing.T) *page {
	t.Helper()
	api := fakeapi.New()
	t.Cleanup(api.Close)
	s := New(Options{API: api, Clock: NewClock(time.Date(2027, 1, 4, 9, 0, 0, 0, ict)), Location: ict,
		Demo: NewDemo(catalogue(t, "../config.yaml")), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Run(ctx) }()
	web := httptest.NewServer(s.Handler())
	t.Cleanup(func() { web.Close(); cancel(); <-done })
	return &page{t: t, api: api, s: s, web: web}
}

// bot calls the Bot API as the bot would and returns the result.
func (p *page) bot(method string, params url.Values) map[string]any {
	p.t.Helper()
	r, err := http.PostForm(p.api.URL()+"/botsandbox:token/"+method, params)
	if err != nil {
		p.t.Fatal(err)
	}
	defer r.Body.Close()
	var out struct {
		OK     bool           `json:"ok"`
		Result map[string]any `json:"result"`
		Desc   string         `json:"description"`
	}
	_ = json.NewDecoder(r.Body).Decode(&out)
	if !out.OK {
		p.t.Fatalf("%s: %s", method, out.Desc)
	}
	return out.Result
}

// event waits for the page to record an event matching ok.
func (p *page) event(desc string, ok func(Event) bool) Event {
	p.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		evs, ch := p.s.after(0)
		for _, e := range evs {
			if ok(e) {
				return e
			}
		}
		select {
		case <-ch:
		case <-deadline:
			p.t.Fatalf("the page never showed %s; it has %+v", desc, evs)
		}
	}
}

func (p *page) post(path string, body any) (int, map[string]any) {
	p.t.Helper()
	b, _ := json.Marshal(body)
	r, err := http.Post(p.web.URL+path, "application/json", bytes.NewReader(b))
	if err != nil {
		p.t.Fatal(err)
	}
	defer r.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(r.Body).Decode(&out)
	return r.StatusCode, out
}

const ldtbxhGroup = -1001000000001

func TestPageShowsKeyboardsForceReplyAndEditsInPlace(t *testing.T) {
	p := newPage(t)
	chat := strconv.FormatInt(ldtbxhGroup, 10)
	sent := p.bot("sendMessage", url.Values{"chat_id": {chat}, "text": {"Báo cáo 7.3\ncủa Ban Quản lý"},
		"reply_markup": {`{"inline_keyboard":[[{"text":"Đã nhận","callback_data":"ack:1"}]]}`}})
	id := int(sent["message_id"].(float64))
	m := p.event("the card", func(e Event) bool { return e.Type == "message" && e.ID == id })
	if m.Chat != ldtbxhGroup || m.From != 0 || m.Text != "Báo cáo 7.3\ncủa Ban Quản lý" {
		t.Fatalf("the card is %+v", m)
	}
	if len(m.Buttons) != 1 || m.Buttons[0][0] != (Button{Text: "Đã nhận", Data: "ack:1"}) {
		t.Fatalf("the card's keyboard is %+v", m.Buttons)
	}
	p.bot("editMessageText", url.Values{"chat_id": {chat}, "message_id": {strconv.Itoa(id)}, "text": {"Báo cáo 7.3 — đã nhận"}})
	e := p.event("the edit", func(e Event) bool { return e.Type == "edit" && e.ID == id })
	if !e.HasText || e.Text != "Báo cáo 7.3 — đã nhận" || len(e.Buttons) != 0 {
		t.Fatalf("the edit is %+v, want the new text and no keyboard", e)
	}
	p.bot("sendMessage", url.Values{"chat_id": {"2003"}, "text": {"Nhập lý do từ chối:"},
		"reply_markup": {`{"force_reply":true}`}})
	f := p.event("the prompt", func(e Event) bool { return e.Type == "message" && e.Chat == 2003 })
	if !f.ForceReply {
		t.Fatalf("the prompt %+v is not shown as waiting for an answer", f)
	}
}

func TestPageRefusesWhatAUserCouldNotDo(t *testing.T) {
	p := newPage(t)
	cases := []struct {
		name string
		body map[string]any
		want string
	}{
		{"someone else's private chat", map[string]any{"persona": 2002, "chat": 2003, "text": "/start"}, "cuộc trò chuyện riêng của người khác"},
		{"a persona not in the sandbox", map[string]any{"persona": 42, "chat": ldtbxhGroup, "text": "/start"}, "Không có người dùng này"},
		{"a chat not in the sandbox", map[string]any{"persona": 2002, "chat": -5, "text": "/start"}, "Không có cuộc trò chuyện này"},
		{"an empty message", map[string]any{"persona": 2002, "chat": 2002, "text": "  "}, "Tin nhắn trống"},
	}
	for _, c := range cases {
		code, out := p.post("/api/send", c.body)
		if code != http.StatusBadRequest || !strings.Contains(out["error"].(string), c.want) {
			t.Errorf("%s: %d %v, want 400 saying %q", c.name, code, out, c.want)
		}
	}
	if n := p.api.Pending(); n != 0 {
		t.Fatalf("%d refused messages reached the bot", n)
	}
	code, out := p.post("/api/clock", map[string]string{"date": "2026-12-31"})
	if code != http.StatusBadRequest || !strings.Contains(out["error"].(string), "chỉ tiến về phía trước") {
		t.Fatalf("a jump back: %d %v", code, out)
	}
	code, out = p.post("/api/clock", map[string]string{"date": "31/01/2027"})
	if code != http.StatusBadRequest || !strings.Contains(out["error"].(string), "Ngày không hợp lệ") {
		t.Fatalf("a bad date: %d %v", code, out)
	}
	code, out = p.post("/api/clock", map[string]string{"date": "2027-02-02"})
	if code != http.StatusOK || out["now"] != "2027-02-02T08:00:00+07:00" {
		t.Fatalf("a jump forward: %d %v", code, out)
	}
	p.event("the clock moving", func(e Event) bool { return e.Type == "clock" && e.At == "2027-02-02T08:00:00+07:00" })
}

func TestUploadReachesTheBotAndDownloads(t *testing.T) {
	p := newPage(t)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("persona", "2003")
	_ = mw.WriteField("chat", "2003")
	_ = mw.WriteField("caption", "/submit 7.3 2027-01")
	fw, _ := mw.CreateFormFile("file", "bao-cao-7.3.pdf")
	pdf := []byte("%PDF-1.4 demo")
	_, _ = fw.Write(pdf)
	_ = mw.Close()
	r, err := http.Post(p.web.URL+"/api/upload", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusOK {
		t.Fatalf("upload: %d", r.StatusCode)
	}
	if p.api.Pending() != 1 {
		t.Fatalf("the bot has %d updates waiting, want the document", p.api.Pending())
	}
	m := p.event("the document", func(e Event) bool { return e.Type == "message" && e.From == 2003 })
	if len(m.Files) != 1 || m.Files[0].Name != "bao-cao-7.3.pdf" || m.Text != "/submit 7.3 2027-01" {
		t.Fatalf("the document shows as %+v", m)
	}
	got, err := http.Get(p.web.URL + m.Files[0].URL)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Body.Close()
	data, _ := io.ReadAll(got.Body)
	if !bytes.Equal(data, pdf) || !strings.Contains(got.Header.Get("Content-Disposition"), "bao-cao-7.3.pdf") {
		t.Fatalf("downloaded %q (%s)", data, got.Header.Get("Content-Disposition"))
	}
}

// TestStreamResumesWhereItStopped: a page that lost its connection gets
// what it missed, and only that.
func TestStreamResumesWhereItStopped(t *testing.T) {
	p := newPage(t)
	for _, text := range []string{"một", "hai", "ba"} {
		p.bot("sendMessage", url.Values{"chat_id": {"2001"}, "text": {text}})
	}
	p.event("the third message", func(e Event) bool { return e.Text == "ba" })
	read := func(lastID string, n int) []Event {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.web.URL+"/api/events?since=0", nil)
		if lastID != "" {
			req.Header.Set("Last-Event-ID", lastID)
		}
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		var out []Event
		sc := bufio.NewScanner(r.Body)
		for len(out) < n && sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var e Event
				if err := json.Unmarshal([]byte(data), &e); err != nil {
					t.Fatal(err)
				}
				out = append(out, e)
			}
		}
		return out
	}
	all := read("", 3)
	if len(all) != 3 || all[0].Text != "một" || all[2].Text != "ba" {
		t.Fatalf("the stream from the start: %+v", all)
	}
	p.bot("sendMessage", url.Values{"chat_id": {"2001"}, "text": {"bốn"}})
	rest := read(strconv.Itoa(all[2].Seq), 1)
	if len(rest) != 1 || rest[0].Text != "bốn" {
		t.Fatalf("resumed after %d, the stream gave %+v, want only the fourth message", all[2].Seq, rest)
	}
}
