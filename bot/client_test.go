package bot

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestParseCommand(t *testing.T) {
	cases := []struct {
		text, cmd, args string
		ok              bool
	}{
		{"/start abc", "start", "abc", true},
		{"/Start@FwBot_Test_Bot  code ", "start", "code", true},
		{"/whoami@other_bot", "", "", false},
		{"/submit 6.4 2027-01\nghi chú", "submit", "6.4 2027-01\nghi chú", true},
		{"/help\nthêm", "help", "thêm", true},
		{"/start\u00a0mã-mời", "start", "mã-mời", true},
		{"/reply\r\n12 trả lời", "reply", "12 trả lời", true},
		{"xin chào", "", "", true},
		{"/", "", "", true},
	}
	for _, c := range cases {
		cmd, args, ok := parseCommand(c.text, "fwbot_test_bot")
		if cmd != c.cmd || args != c.args || ok != c.ok {
			t.Errorf("parseCommand(%q) = %q, %q, %v; want %q, %q, %v", c.text, cmd, args, ok, c.cmd, c.args, c.ok)
		}
	}
}

const testToken = "123456:SECRET-token_value"

// apiStub answers getMe, then whatever answer() says for other methods.
func apiStub(t *testing.T, answer func(w http.ResponseWriter, method string)) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		if method == "getMe" {
			w.Write([]byte(`{"ok":true,"result":{"id":1000,"is_bot":true,"first_name":"Bot","username":"fwbot_test_bot"}}`))
			return
		}
		answer(w, method)
	}))
	t.Cleanup(ts.Close)
	return ts
}

func TestClientClassifiesErrors(t *testing.T) {
	cases := []struct {
		name      string
		answer    func(w http.ResponseWriter)
		code      int
		retry     time.Duration
		temporary bool
	}{
		{"429", func(w http.ResponseWriter) {
			w.WriteHeader(429)
			w.Write([]byte(`{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`))
		}, 429, 7 * time.Second, true},
		{"500", func(w http.ResponseWriter) {
			w.WriteHeader(500)
			w.Write([]byte(`{"ok":false,"error_code":500,"description":"Internal Server Error"}`))
		}, 500, 0, true},
		{"502HTML", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			w.Write([]byte("<html><body><h1>502 Bad Gateway</h1></body></html>"))
		}, 0, 0, true},
		{"403", func(w http.ResponseWriter) {
			w.WriteHeader(403)
			w.Write([]byte(`{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`))
		}, 403, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ts := apiStub(t, func(w http.ResponseWriter, _ string) { c.answer(w) })
			cl, err := NewClient(context.Background(), ts.URL, testToken, nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err = cl.GetUpdates(context.Background(), 0, 0)
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("error %v is not an *APIError", err)
			}
			if ae.Code != c.code || ae.RetryAfter != c.retry || ae.Temporary != c.temporary {
				t.Errorf("got code %d retry %v temporary %v; want %d %v %v", ae.Code, ae.RetryAfter, ae.Temporary, c.code, c.retry, c.temporary)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error leaks the token: %v", err)
			}
		})
	}
}

func TestNetworkErrorsNeverShowTheToken(t *testing.T) {
	ts := apiStub(t, func(w http.ResponseWriter, _ string) {})
	cl, err := NewClient(context.Background(), ts.URL, testToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts.Close() // every later call fails with a transport error naming the URL
	_, err = cl.GetUpdates(context.Background(), 0, 0)
	var ae *APIError
	if !errors.As(err, &ae) || !ae.Temporary {
		t.Fatalf("got %v, want a temporary *APIError", err)
	}
	if strings.Contains(err.Error(), testToken) || !strings.Contains(err.Error(), "[redacted]") {
		t.Errorf("error not redacted: %v", err)
	}
	_, _, err = cl.Download(context.Background(), "file")
	if err == nil || strings.Contains(err.Error(), testToken) {
		t.Errorf("download error not redacted: %v", err)
	}
}

func TestRedactingHandler(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewRedactingHandler(slog.NewJSONHandler(&buf, nil), testToken))
	log.With("url", "https://api.telegram.org/bot"+testToken+"/getMe").
		Error("call failed: "+testToken, "err", errors.New("Post /bot"+testToken+"/x"), slog.Group("g", "t", testToken))
	if strings.Contains(buf.String(), testToken) {
		t.Fatalf("log leaks the token: %s", buf.String())
	}
	if strings.Count(buf.String(), "[redacted]") != 4 {
		t.Errorf("want 4 redactions: %s", buf.String())
	}
}
