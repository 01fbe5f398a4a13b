package fakeapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testToken is the token the tests' client uses.
const testToken = "123456:TEST-token"

// wait is the deadline for anything that should happen promptly.
const wait = 5 * time.Second

func newServer(t *testing.T) *Server {
	t.Helper()
	s := New()
	t.Cleanup(s.Close)
	return s
}

// apiReply is the Bot API envelope as a client decodes it.
type apiReply struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  *struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// message is the part of a Message the tests look at.
type message struct {
	MessageID int `json:"message_id"`
	From      struct {
		ID    int64 `json:"id"`
		IsBot bool  `json:"is_bot"`
	} `json:"from"`
	Chat struct {
		ID      int64  `json:"id"`
		Type    string `json:"type"`
		IsForum bool   `json:"is_forum"`
	} `json:"chat"`
	Thread   int    `json:"message_thread_id"`
	InTopic  bool   `json:"is_topic_message"`
	Date     int64  `json:"date"`
	Text     string `json:"text"`
	Caption  string `json:"caption"`
	Document *struct {
		FileID   string `json:"file_id"`
		FileName string `json:"file_name"`
		MimeType string `json:"mime_type"`
		FileSize int64  `json:"file_size"`
	} `json:"document"`
	Photo []struct {
		FileID string `json:"file_id"`
		Width  int    `json:"width"`
	} `json:"photo"`
	MediaGroupID    string           `json:"media_group_id"`
	ReplyMarkup     json.RawMessage  `json:"reply_markup"`
	ReplyTo         *message         `json:"reply_to_message"`
	Entities        []entity         `json:"entities"`
	CaptionEntities []entity         `json:"caption_entities"`
	ForwardFrom     *json.RawMessage `json:"forward_from"`
}

type entity struct {
	Type   string `json:"type"`
	Offset int    `json:"offset"`
	Length int    `json:"length"`
}

// do sends req and decodes the envelope; a transport error fails the test.
func do(t *testing.T, req *http.Request) (int, apiReply) {
	t.Helper()
	status, r, err := tryDo(req)
	if err != nil {
		t.Fatal(err)
	}
	return status, r
}

// tryDo is do for goroutines, which must not call t.Fatal.
func tryDo(req *http.Request) (int, apiReply, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, apiReply{}, fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, apiReply{}, fmt.Errorf("read body: %w", err)
	}
	var r apiReply
	if err := json.Unmarshal(body, &r); err != nil {
		return resp.StatusCode, r, fmt.Errorf("%s: status %d, body not JSON: %q", req.URL.Path, resp.StatusCode, body)
	}
	return resp.StatusCode, r, nil
}

// polled is the outcome of a getUpdates made in a goroutine.
type polled struct {
	status int
	reply  apiReply
	ups    []update
	err    error
}

// pollAsync starts getUpdates in a goroutine and delivers the outcome on
// the returned channel.
func pollAsync(t *testing.T, s *Server, params map[string]string) <-chan polled {
	t.Helper()
	req := formRequest(t, context.Background(), s, "getUpdates", params)
	out := make(chan polled, 1)
	go func() {
		var p polled
		p.status, p.reply, p.err = tryDo(req)
		if p.err == nil && p.reply.OK {
			p.err = json.Unmarshal(p.reply.Result, &p.ups)
		}
		out <- p
	}()
	return out
}

func methodURL(s *Server, method string) string {
	return s.URL() + "/bot" + testToken + "/" + method
}

// postForm calls method with a form-encoded body, as tgbotapi does.
func postForm(t *testing.T, s *Server, method string, params map[string]string) (int, apiReply) {
	t.Helper()
	req := formRequest(t, context.Background(), s, method, params)
	return do(t, req)
}

func formRequest(t *testing.T, ctx context.Context, s *Server, method string, params map[string]string) *http.Request {
	t.Helper()
	vals := url.Values{}
	for k, v := range params {
		vals.Set(k, v)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, methodURL(s, method), strings.NewReader(vals.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// postJSON calls method with a JSON body.
func postJSON(t *testing.T, s *Server, method string, body any) (int, apiReply) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, methodURL(s, method), bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	return do(t, req)
}

// upload is one file part of a multipart request.
type upload struct {
	field, name string
	data        []byte
}

// postMultipart calls method with a multipart body, as tgbotapi uploads.
func postMultipart(t *testing.T, s *Server, method string, params map[string]string, files ...upload) (int, apiReply) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range params {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		w, err := mw.CreateFormFile(f.field, f.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, methodURL(s, method), &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return do(t, req)
}

// mustOK fails unless the call succeeded, and decodes its result into v.
func mustOK(t *testing.T, status int, r apiReply, v any) {
	t.Helper()
	if status != http.StatusOK || !r.OK {
		t.Fatalf("want ok, got status %d: %d %s", status, r.ErrorCode, r.Description)
	}
	if v != nil {
		if err := json.Unmarshal(r.Result, v); err != nil {
			t.Fatalf("decode result %s: %v", r.Result, err)
		}
	}
}

// mustFail fails unless the call was refused with code and a description
// containing desc.
func mustFail(t *testing.T, status int, r apiReply, code int, desc string) {
	t.Helper()
	if status != code || r.OK || r.ErrorCode != code || !strings.Contains(r.Description, desc) {
		t.Fatalf("want %d %q, got status %d: ok=%v %d %q", code, desc, status, r.OK, r.ErrorCode, r.Description)
	}
}

// sendText has the bot send text to chatID and returns the message.
func sendText(t *testing.T, s *Server, chatID int64, text string) message {
	t.Helper()
	status, r := postForm(t, s, "sendMessage", map[string]string{"chat_id": fmt.Sprint(chatID), "text": text})
	var m message
	mustOK(t, status, r, &m)
	return m
}

// update is the part of an Update the tests look at.
type update struct {
	UpdateID      int64    `json:"update_id"`
	Message       *message `json:"message"`
	CallbackQuery *struct {
		ID      string  `json:"id"`
		Data    string  `json:"data"`
		Message message `json:"message"`
		From    struct {
			ID int64 `json:"id"`
		} `json:"from"`
	} `json:"callback_query"`
}

// getUpdates polls once with the given parameters.
func getUpdates(t *testing.T, s *Server, params map[string]string) []update {
	t.Helper()
	status, r := postForm(t, s, "getUpdates", params)
	var ups []update
	mustOK(t, status, r, &ups)
	return ups
}

// until blocks until cond (run under the server's lock) holds: the tests'
// way to know the server reached a state without sleeping.
func until(t *testing.T, s *Server, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	for {
		s.mu.Lock()
		ok := cond()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return
		}
		if err := s.waitChange(ctx, ch); err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
	}
}

// fakeTB records failures instead of failing, to test the failure paths
// of WaitFor and WaitConfirmed.
type fakeTB struct {
	testing.TB
	failed bool
	msg    string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = true
	f.msg = fmt.Sprintf(format, args...)
}

func itoa(n int) string { return strconv.Itoa(n) }
