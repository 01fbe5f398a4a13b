// Package sandbox is `fwbot sandbox`: the real bot against the built-in
// Bot API (internal/fakeapi), and a web page that plays every side of the
// conversation — personas, their private chats, the agencies' groups — with
// a clock that can jump to a deadline morning. Nothing here talks to
// Telegram.
package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// Button is an inline keyboard button as the page shows it.
type Button struct {
	Text string `json:"text"`
	Data string `json:"data,omitempty"`
	URL  string `json:"url,omitempty"`
}

// FileView is a file in a message, with where the page downloads it.
type FileView struct {
	Name  string `json:"name"`
	URL   string `json:"url"`
	Photo bool   `json:"photo,omitempty"`
}

// Event is one thing the page shows: a message (from the bot or a
// persona), an edit or deletion of one, a toast answering a button, or the
// clock moving.
type Event struct {
	Seq        int        `json:"seq"`
	Type       string     `json:"type"` // message, edit, delete, toast, clock
	Chat       int64      `json:"chat,omitempty"`
	ID         int        `json:"id,omitempty"`   // message id in Chat
	From       int64      `json:"from,omitempty"` // persona; 0 is the bot
	Text       string     `json:"text,omitempty"`
	HasText    bool       `json:"has_text,omitempty"` // an edit that changes the text
	Buttons    [][]Button `json:"buttons,omitempty"`
	ForceReply bool       `json:"force_reply,omitempty"`
	ReplyTo    int        `json:"reply_to,omitempty"`
	Files      []FileView `json:"files,omitempty"`
	Alert      bool       `json:"alert,omitempty"`
	At         string     `json:"at,omitempty"` // sandbox time, RFC 3339
}

// Options configure the page.
type Options struct {
	API      *fakeapi.Server
	Clock    *Clock
	Location *time.Location
	// Demo is who and what the sandbox plays (NewDemo).
	Demo Demo
	Log  *slog.Logger
	// Drained, when set, returns once the bot has sent everything it
	// queued: the seed waits for it before moving the clock, so that what
	// the bot said on a day is shown on that day.
	Drained func(ctx context.Context) error
}

// Server is the page and the record of everything said in the sandbox.
type Server struct {
	opt      Options
	personas map[int64]Persona
	chats    map[int64]Chat

	mu        sync.Mutex
	events    []Event
	changed   chan struct{}
	callbacks map[string]press // callback id → who pressed, where
	uploads   map[string]fakeapi.Upload
	lastCall  int
	ready     bool
}

type press struct {
	persona, chat int64
}

// New makes the page's server; Run must run for the bot's side to appear.
func New(opt Options) *Server {
	s := &Server{opt: opt, personas: map[int64]Persona{}, chats: map[int64]Chat{},
		changed: make(chan struct{}), callbacks: map[string]press{}, uploads: map[string]fakeapi.Upload{}}
	for _, p := range opt.Demo.Personas {
		s.personas[p.ID] = p
	}
	for _, c := range opt.Demo.Chats {
		s.chats[c.ID] = c
	}
	opt.Clock.OnJump(s.jumped) // every chat shows where the clock jumped
	return s
}

// jumped tells the page that the clock moved to t (Clock.OnJump).
func (s *Server) jumped(t time.Time) {
	s.add(Event{Type: "clock", At: t.In(s.opt.Location).Format(time.RFC3339)})
}

// add records e under the next sequence number and wakes the page's
// streams.
func (s *Server) add(e Event) Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	e.Seq = len(s.events) + 1
	if e.At == "" {
		e.At = s.opt.Clock.Now().In(s.opt.Location).Format(time.RFC3339)
	}
	s.events = append(s.events, e)
	close(s.changed)
	s.changed = make(chan struct{})
	return e
}

// after returns the events after seq and a channel closed at the next one.
func (s *Server) after(seq int) ([]Event, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if seq < 0 || seq > len(s.events) {
		seq = len(s.events)
	}
	return append([]Event(nil), s.events[seq:]...), s.changed
}

// Events returns every event so far, for tests and the seed.
func (s *Server) Events() []Event {
	evs, _ := s.after(0)
	return evs
}

// SetReady marks the demo as ready to play (the seed is done), which the
// page shows.
func (s *Server) SetReady() {
	s.mu.Lock()
	s.ready = true
	s.mu.Unlock()
	s.add(Event{Type: "ready"})
}

// Run turns what the bot sent to the built-in Bot API into events, until
// ctx ends.
func (s *Server) Run(ctx context.Context) error {
	for {
		s.mu.Lock()
		last := s.lastCall
		s.mu.Unlock()
		if _, err := s.opt.API.Wait(ctx, func(c fakeapi.Call) bool { return c.Seq > last }); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		for _, c := range s.opt.API.Calls() {
			if c.Seq <= last {
				continue
			}
			last = c.Seq
			if c.OK() {
				s.translate(c)
			}
		}
		s.mu.Lock()
		s.lastCall = last
		s.mu.Unlock()
	}
}

// Handler serves the page and its API.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /", s.page)
	mux.HandleFunc("GET /api/info", s.info)
	mux.HandleFunc("GET /api/events", s.stream)
	mux.HandleFunc("POST /api/send", s.sendHTTP)
	mux.HandleFunc("POST /api/press", s.pressHTTP)
	mux.HandleFunc("POST /api/upload", s.uploadHTTP)
	mux.HandleFunc("POST /api/clock", s.clockHTTP)
	mux.HandleFunc("GET /api/file", s.fileHTTP)
	return mux
}

func (s *Server) info(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	ready := s.ready
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"personas": s.opt.Demo.Personas, "chats": s.opt.Demo.Chats, "ready": ready, "timezone": s.opt.Location.String(),
		"now": s.opt.Clock.Now().In(s.opt.Location).Format(time.RFC3339),
	})
}

// stream sends the events after ?since=N, then each new one, as
// server-sent events.
func (s *Server) stream(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	since, _ := strconv.Atoi(r.URL.Query().Get("since"))
	if last, err := strconv.Atoi(r.Header.Get("Last-Event-ID")); err == nil {
		since = last // a reconnecting EventSource resumes where it was
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	keepalive := time.NewTicker(15 * time.Second)
	defer keepalive.Stop()
	for {
		evs, ch := s.after(since)
		for _, e := range evs {
			b, _ := json.Marshal(e)
			if _, err := fmt.Fprintf(w, "id: %d\ndata: %s\n\n", e.Seq, b); err != nil {
				return
			}
			since = e.Seq
		}
		fl.Flush()
		select {
		case <-ch:
		case <-keepalive.C:
			if _, err := w.Write([]byte(": keepalive\n\n")); err != nil {
				return
			}
		case <-r.Context().Done():
			return
		}
	}
}

// problem is a refusal the page shows as it is, in Vietnamese.
type problem struct{ msg string }

func (p problem) Error() string { return p.msg }

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// errInternal is what the page shows of a fault of the sandbox itself; the
// details go to the log, not to the person at the page.
var errInternal = "Hộp cát gặp lỗi khi xử lý thao tác này. Hãy thử lại; nếu vẫn lỗi, xem nhật ký của chương trình."

func (s *Server) writeErr(w http.ResponseWriter, err error) {
	var p problem
	if errors.As(err, &p) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": p.msg})
		return
	}
	s.opt.Log.Error("sandbox page action failed", "component", "sandbox", "err", err)
	writeJSON(w, http.StatusInternalServerError, map[string]string{"error": errInternal})
}
