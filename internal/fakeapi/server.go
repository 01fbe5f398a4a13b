// Package fakeapi is an in-process fake of the Telegram Bot API for
// end-to-end tests.
//
// It is written from the protocol, not from the client library, so a test
// that passes against it says something about the bot's use of the real API:
// the same paths (/bot<token>/<method>, /file/bot<token>/<path>), the same
// encodings (form, multipart, JSON), the same error bodies (429 with
// retry_after, 403 for blocked users, an HTML 502 from the proxy in front)
// and the same update semantics (offset confirmation, long polling).
//
// Tests push updates with helpers such as SendText and PressButton, then wait
// on what the bot sent with WaitFor; nothing in the package sleeps to
// synchronise.
package fakeapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// BotID is the user id of the fake bot, fixed so tests can recognise the
// bot's own messages in what they receive.
const BotID int64 = 1000

// DefaultBotUsername is the bot's username until SetBotUsername changes it;
// commands addressed as /cmd@fwbot_test_bot are for this bot.
const DefaultBotUsername = "fwbot_test_bot"

// DownloadMethod is the Method recorded for file downloads, so tests can
// wait on a download and FailNext can break one like any API method.
const DownloadMethod = "download"

// DefaultMaxDownload is the cloud Bot API's 20 MB limit on getFile; bots
// must cope with "file is too big" unless they run a local API server.
const DefaultMaxDownload int64 = 20 << 20

// maxUpload is the cloud Bot API's 50 MB limit on uploads; larger bodies
// are refused with 413 as Telegram does.
const maxUpload int64 = 50 << 20

// errClosed is returned by waits when the server shuts down under them.
var errClosed = errors.New("fakeapi: server closed")

// Server is a fake Telegram Bot API. All methods are safe for concurrent use,
// because the bot under test calls it from many goroutines while the test
// inspects it.
type Server struct {
	ts        *httptest.Server
	closed    chan struct{}
	closeOnce sync.Once

	mu sync.Mutex
	// changed is closed and replaced on every state change that a waiter
	// might care about (a call recorded, an update queued or confirmed).
	changed chan struct{}
	now     func() time.Time

	botUsername   string
	requiredToken string
	tokens        []string
	tokenSeen     map[string]bool
	requests      int

	seq     int
	records []record

	// Updates.
	queue          []queuedUpdate
	lastUpdateID   int64
	confirmed      int64
	pollGen        uint64
	allowedUpdates map[string]bool

	// Chats, users and the messages in them.
	chats        map[int64]*chatState
	users        map[int64]User
	callbacks    map[string]bool
	nextCallback int64
	nextGroup    int64

	// Files.
	files       map[string]*storedFile
	paths       map[string]*storedFile
	nextFile    int
	maxDownload int64

	commands map[string]json.RawMessage
	webhook  webhookState

	faults    []faultRule
	faulted   []Call // calls that met an injected fault, as they began
	forbidden map[int64]bool

	limits    Limits
	globalLog []time.Time
	chatLog   map[int64][]time.Time
	tooMany   int
}

type webhookState struct {
	url            string
	allowedUpdates json.RawMessage
	maxConnections int
}

// New starts a fake server on a loopback port. Close it when the test ends
// (t.Cleanup(s.Close)); Close also releases long polls in progress.
func New() *Server {
	s := &Server{
		closed:      make(chan struct{}),
		changed:     make(chan struct{}),
		now:         time.Now,
		botUsername: DefaultBotUsername,
		tokenSeen:   map[string]bool{},
		chats:       map[int64]*chatState{},
		users:       map[int64]User{},
		callbacks:   map[string]bool{},
		files:       map[string]*storedFile{},
		paths:       map[string]*storedFile{},
		maxDownload: DefaultMaxDownload,
		commands:    map[string]json.RawMessage{},
		forbidden:   map[int64]bool{},
		chatLog:     map[int64][]time.Time{},
	}
	s.ts = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s
}

// URL is the base URL the bot is configured with; it calls
// <URL>/bot<token>/<method> and downloads from <URL>/file/bot<token>/<path>.
func (s *Server) URL() string { return s.ts.URL }

// APIEndpoint is URL in the Sprintf form tgbotapi's SetAPIEndpoint expects,
// so wiring a client takes one line.
func (s *Server) APIEndpoint() string { return s.ts.URL + "/bot%s/%s" }

// Close stops the server. Long polls and hung requests end at once, so a
// test never waits for a 50 s poll timeout at cleanup. It is idempotent.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closed)
		s.ts.CloseClientConnections()
		s.ts.Close()
	})
}

// SetBotUsername changes the bot's username reported by getMe and used in
// command entities, for tests of commands addressed to another bot.
func (s *Server) SetBotUsername(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.botUsername = name
}

// BotUsername is the username getMe reports, so tests can address commands
// (/start@name) without repeating the default.
func (s *Server) BotUsername() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.botUsername
}

// RequireToken makes the server accept only token, answering others with
// 401 Unauthorized as Telegram does for a revoked token. By default every
// token is accepted.
func (s *Server) RequireToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requiredToken = token
}

// Tokens lists the distinct tokens seen in API calls, in first-seen order,
// so a test can check the bot used the configured one (and only that one).
func (s *Server) Tokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.tokens...)
}

// Requests counts every HTTP request received, including downloads, unknown
// paths and requests that were dropped, to assert that retries happened or
// that nothing was called at all.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// SetNow replaces the clock used for message dates and rate-limit windows,
// so limit tests can move time instead of sleeping. nil restores time.Now.
// Long-poll and Hang timeouts always use real time.
func (s *Server) SetNow(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if now == nil {
		now = time.Now
	}
	s.now = now
}

// SetMaxDownload changes the largest file getFile will hand out (default
// DefaultMaxDownload, the cloud API's 20 MB); 0 removes the limit, as a
// local Bot API server does, for tests of large downloads.
func (s *Server) SetMaxDownload(n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxDownload = n
}

// notifyLocked wakes every waiter; the caller holds s.mu.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitChange blocks until the state changes, ctx ends or the server closes.
// ch must have been read from s.changed under the lock.
func (s *Server) waitChange(ctx context.Context, ch <-chan struct{}) error {
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.closed:
		return errClosed
	}
}

// serveHTTP routes API calls and downloads.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	at := s.now()
	s.notifyLocked()
	s.mu.Unlock()

	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/file/bot"):
		s.serveFile(w, r, at, strings.TrimPrefix(p, "/file/bot"))
	case strings.HasPrefix(p, "/bot"):
		s.serveMethod(w, r, at, strings.TrimPrefix(p, "/bot"))
	default:
		writeReply(w, errReply(http.StatusNotFound, "Not Found"))
	}
}

// serveMethod answers /bot<token>/<method>.
func (s *Server) serveMethod(w http.ResponseWriter, r *http.Request, at time.Time, rest string) {
	token, name, ok := strings.Cut(rest, "/")
	if !ok || token == "" || name == "" || strings.Contains(name, "/") {
		writeReply(w, errReply(http.StatusNotFound, "Not Found"))
		return
	}
	method, known := canonicalMethod(name)
	call := Call{Method: method, At: at}

	params, uploads, perr := parseParams(r)
	call.Params, call.Uploads = params, uploads
	if call.Params == nil {
		call.Params = map[string]string{}
	}

	s.mu.Lock()
	if !s.tokenSeen[token] {
		s.tokenSeen[token] = true
		s.tokens = append(s.tokens, token)
	}
	bad := s.requiredToken != "" && token != s.requiredToken
	s.mu.Unlock()

	switch {
	case bad:
		s.finish(w, call, errReply(http.StatusUnauthorized, "Unauthorized"))
		return
	case perr != nil:
		s.finish(w, call, *perr)
		return
	}

	if f, ok := s.takeFault(method); ok {
		s.mu.Lock()
		s.faulted = append(s.faulted, call)
		s.notifyLocked()
		s.mu.Unlock()
		if done := s.applyFault(w, r, call, f); done {
			return
		}
		if f.Kind == LoseResponse {
			s.dispatch(r.Context(), known, call)
			dropConnection(w)
			return
		}
	}

	rep := s.dispatch(r.Context(), known, call)
	if rep.status == 0 {
		return // the client went away during a long poll: nothing to answer
	}
	writeReply(w, rep)
}

// dispatch runs the method; all methods but getUpdates run under the lock
// and are recorded in the same critical section, so the order of recorded
// calls is the order in which messages got their ids.
func (s *Server) dispatch(ctx context.Context, known bool, call Call) reply {
	if known && call.Method == "getUpdates" {
		return s.getUpdates(ctx, call)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rep := errReply(http.StatusNotFound, "Not Found")
	if known {
		rep = methods[call.Method](s, &request{params: call.Params, uploads: call.Uploads})
	}
	s.recordLocked(call, rep)
	return rep
}

// finish records call with rep's outcome and writes rep.
func (s *Server) finish(w http.ResponseWriter, call Call, rep reply) {
	s.mu.Lock()
	s.recordLocked(call, rep)
	s.mu.Unlock()
	writeReply(w, rep)
}

// reply is a method's outcome: what to answer and what to record.
type reply struct {
	status     int
	result     any
	desc       string
	retryAfter int
	html       string

	msgIDs []int
	texts  []string
}

func okReply(result any) reply { return reply{status: http.StatusOK, result: result} }

func errReply(status int, desc string) reply { return reply{status: status, desc: desc} }

func badRequest(desc string) reply { return errReply(http.StatusBadRequest, "Bad Request: "+desc) }

// apiResponse is the envelope of every JSON answer.
type apiResponse struct {
	OK          bool            `json:"ok"`
	Result      any             `json:"result,omitempty"`
	ErrorCode   int             `json:"error_code,omitempty"`
	Description string          `json:"description,omitempty"`
	Parameters  *responseParams `json:"parameters,omitempty"`
}

type responseParams struct {
	RetryAfter int `json:"retry_after,omitempty"`
}

// writeReply encodes rep the way Telegram does: JSON with ok/result or
// ok/error_code/description, or an HTML page for proxy errors.
func writeReply(w http.ResponseWriter, rep reply) {
	if rep.html != "" {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", strconv.Itoa(len(rep.html)))
		w.WriteHeader(rep.status)
		_, _ = io.WriteString(w, rep.html)
		return
	}
	resp := apiResponse{OK: rep.status == http.StatusOK}
	if resp.OK {
		resp.Result = rep.result
		if resp.Result == nil {
			resp.Result = json.RawMessage("null")
		}
	} else {
		resp.ErrorCode, resp.Description = rep.status, rep.desc
		if rep.retryAfter > 0 {
			resp.Parameters = &responseParams{RetryAfter: rep.retryAfter}
		}
	}
	body, err := json.Marshal(resp)
	if err != nil {
		body = []byte(`{"ok":false,"error_code":500,"description":"Internal Server Error: fakeapi: ` + err.Error() + `"}`)
		rep.status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rep.status)
	_, _ = w.Write(body)
}

// dropConnection closes the connection without an answer, the way a
// crashed proxy or a network cut looks to the client.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// request carries a call's decoded parameters to a method handler.
type request struct {
	params  map[string]string
	uploads map[string]Upload
}

func (r *request) has(key string) bool { _, ok := r.params[key]; return ok }

// int64Param parses an integer parameter; ok is false if it is absent.
func (r *request) int64Param(key string) (v int64, ok bool, err error) {
	raw, ok := r.params[key]
	if !ok || raw == "" {
		return 0, false, nil
	}
	v, err = strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
	return v, true, err
}

// chatID reads chat_id (or another chat parameter) as Telegram does: a
// missing one is "chat_id is empty", an @username this fake does not know
// is "chat not found".
func (r *request) chatID(key string) (int64, *reply) {
	v, ok, err := r.int64Param(key)
	if !ok {
		rep := badRequest(key + " is empty")
		return 0, &rep
	}
	if err != nil {
		rep := badRequest("chat not found")
		return 0, &rep
	}
	return v, nil
}

// messageID reads message_id; Telegram calls a missing one "message
// identifier is not specified".
func (r *request) messageID(key string) (int, *reply) {
	v, ok, err := r.int64Param(key)
	if !ok || err != nil || v <= 0 {
		rep := badRequest("message identifier is not specified")
		return 0, &rep
	}
	return int(v), nil
}

// parseParams reads the URL query and a form, multipart or JSON body into
// one string map, the way the Bot API accepts all four.
func parseParams(r *http.Request) (map[string]string, map[string]Upload, *reply) {
	params := map[string]string{}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			params[k] = v[0]
		}
	}
	ct, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/x-www-form-urlencoded":
		body, err := io.ReadAll(io.LimitReader(r.Body, maxUpload+1))
		if err != nil {
			return params, nil, ptr(badRequest("can't read request body"))
		}
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return params, nil, ptr(badRequest("can't parse request body"))
		}
		for k, v := range vals {
			if len(v) > 0 {
				params[k] = v[0]
			}
		}
	case "application/json":
		var obj map[string]json.RawMessage
		dec := json.NewDecoder(io.LimitReader(r.Body, maxUpload+1))
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil {
			return params, nil, ptr(badRequest("can't parse JSON object"))
		}
		for k, raw := range obj {
			var str string
			switch {
			case string(raw) == "null":
				continue
			case json.Unmarshal(raw, &str) == nil:
				params[k] = str
			default:
				params[k] = compactJSON(raw)
			}
		}
	case "multipart/form-data":
		if ctParams["boundary"] == "" {
			return params, nil, ptr(badRequest("can't parse request body"))
		}
		return parseMultipart(r, params)
	}
	return params, nil, nil
}

// parseMultipart streams a multipart body: value parts become parameters,
// file parts become uploads (with the file name as the parameter's value).
func parseMultipart(r *http.Request, params map[string]string) (map[string]string, map[string]Upload, *reply) {
	mr, err := r.MultipartReader()
	if err != nil {
		return params, nil, ptr(badRequest("can't parse request body"))
	}
	uploads := map[string]Upload{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return params, uploads, ptr(badRequest("can't parse request body"))
		}
		name := part.FormName()
		data, err := io.ReadAll(io.LimitReader(part, maxUpload+1))
		if err != nil {
			return params, uploads, ptr(badRequest("can't read request body"))
		}
		if int64(len(data)) > maxUpload {
			return params, uploads, ptr(errReply(http.StatusRequestEntityTooLarge, "Request Entity Too Large"))
		}
		if part.FileName() == "" {
			params[name] = string(data)
			continue
		}
		fname := baseName(part.FileName())
		uploads[name] = Upload{Name: fname, MIME: guessMIME(fname, part.Header.Get("Content-Type")), Data: data}
		params[name] = fname
	}
	return params, uploads, nil
}

func ptr[T any](v T) *T { return &v }

// baseName strips directories from an uploaded file name: tgbotapi's
// FilePath sends the full local path, Telegram keeps only the last element.
func baseName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	return path.Base(name)
}

// compactJSON re-encodes raw without insignificant spaces, so a parameter
// sent as JSON is recorded the same way as one sent form-encoded.
func compactJSON(raw json.RawMessage) string {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return string(raw)
	}
	return buf.String()
}

// decodeJSON decodes a JSON-valued parameter keeping numbers exact.
func decodeJSON(raw string, v any) error {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	return dec.Decode(v)
}

// sortedKeys returns m's keys in order, for stable dumps.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// describe formats a parameter map for failure messages.
func describe(params map[string]string) string {
	var b strings.Builder
	for i, k := range sortedKeys(params) {
		if i > 0 {
			b.WriteByte(' ')
		}
		v := params[k]
		if r := []rune(v); len(r) > 120 {
			v = string(r[:120]) + "…"
		}
		fmt.Fprintf(&b, "%s=%q", k, v)
	}
	return b.String()
}
