package main

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alicebob/miniredis/v2"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// TestInviteCodeLeavesNoTrace checks issue 10 item 7: once the admin has
// the invite message, nothing the bot keeps — any value of any table of the
// database, Redis, the log at debug level — holds the code, while the
// invitee can still enrol with it (invites keep only its hash).
func TestInviteCodeLeavesNoTrace(t *testing.T) {
	e := newE2E(t)
	e.env["BOT_LOG_LEVEL"] = "debug" // every update is logged: /start <code> must not be
	e.start()
	code := e.invite("yte officer")

	// The sender records a chat's message as delivered before it sends
	// that chat the next one, so once the admin has this reply the invite
	// message is marked sent (and scrubbed).
	e.say(admin, fakeapi.Private(admin), "/help", "/invite")
	dbPath := e.env["BOT_DB_PATH"]
	assertNotInDatabase(t, dbPath, code)

	e.say(lan, fakeapi.Private(lan), "/start "+code, "Chào mừng Lan Nguyễn")
	e.say(lan, fakeapi.Private(lan), "/whoami", "Cơ quan: Sở Y tế (yte)")
	if exit := e.stop(); exit != 0 {
		t.Fatalf("exit code %d", exit)
	}
	// After shutdown too: the log (-wal) is copied back into the file.
	assertNotInDatabase(t, dbPath, code)
	// Nor in the bytes of the file: the scrubbed row's old content is
	// zeroed, not left in the page's free space (secure_delete).
	for _, f := range []string{dbPath, dbPath + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(code)) {
			t.Errorf("the bytes of %s hold the invite code", filepath.Base(f))
		}
	}
	assertNotInRedis(t, e.mr, code)
	if strings.Contains(e.logs.String(), code) {
		t.Errorf("the invite code appears in the log")
	}
}

// assertNotInDatabase reads every value of every row of every table of the
// SQLite file at path, whatever its column type, and fails the test where
// one contains secret.
func assertNotInDatabase(t *testing.T, path, secret string) {
	t.Helper()
	u := url.URL{Path: filepath.ToSlash(path)}
	db, err := sql.Open("sqlite3", "file:"+u.EscapedPath()+"?_query_only=1&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if len(tables) < 10 {
		t.Fatalf("found only the tables %v in %s", tables, path)
	}
	values := 0
	for _, table := range tables {
		rows, err := db.Query(fmt.Sprintf(`SELECT * FROM %q`, table))
		if err != nil {
			t.Fatal(err)
		}
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				var s string
				switch v := v.(type) {
				case string:
					s = v
				case []byte:
					s = string(v)
				default:
					continue // numbers, times, NULL
				}
				values++
				if strings.Contains(s, secret) {
					t.Errorf("%s.%s holds the secret: %s", table, cols[i], s)
				}
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	if values == 0 {
		t.Fatalf("read no text at all from %s", path)
	}
}

// assertNotInRedis fails the test where a key or a value kept in Redis
// contains secret.
func assertNotInRedis(t *testing.T, mr *miniredis.Miniredis, secret string) {
	t.Helper()
	for _, k := range mr.Keys() {
		var vals []string
		switch typ := mr.Type(k); typ {
		case "string":
			v, err := mr.Get(k)
			if err != nil {
				t.Fatal(err)
			}
			vals = []string{v}
		case "set":
			v, err := mr.Members(k)
			if err != nil {
				t.Fatal(err)
			}
			vals = v
		case "hash":
			fields, err := mr.HKeys(k)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fields {
				vals = append(vals, f, mr.HGet(k, f))
			}
		case "list":
			v, err := mr.List(k)
			if err != nil {
				t.Fatal(err)
			}
			vals = v
		default:
			t.Errorf("redis key %s has type %s, which this test does not read", k, typ)
		}
		for _, v := range append(vals, k) {
			if strings.Contains(v, secret) {
				t.Errorf("redis key %s holds the invite code", k)
			}
		}
	}
}

// TestTokenHiddenWhateverAnUpstreamEchoes checks issue 17 item 7: an
// upstream error that echoes the request's path — the token query-escaped
// (7000001%3A…), with lowercase hex, escaped twice — reaches neither the
// log nor the database (the outbox keeps a failed attempt's error), and the
// reply still arrives.
func TestTokenHiddenWhateverAnUpstreamEchoes(t *testing.T) {
	e := newE2E(t)
	e.start()
	e.api.FailNext("getUpdates", 1, fakeapi.Fault{Kind: fakeapi.EchoURL})
	e.api.FailNext("sendMessage", 1, fakeapi.Fault{Kind: fakeapi.EchoURL})
	e.say(admin, fakeapi.Private(admin), "/whoami", "quản trị viên")
	if exit := e.stop(); exit != 0 {
		t.Fatalf("exit code %d", exit)
	}
	if n := len(e.api.CallsTo("sendMessage")); n < 2 {
		t.Fatalf("%d sendMessage calls: the echoing failure was not retried", n)
	}
	_, key, _ := strings.Cut(testToken, ":")
	logs := e.logs.String()
	for _, leak := range []string{key, url.QueryEscape(testToken), url.QueryEscape(url.QueryEscape(testToken))} {
		if strings.Contains(logs, leak) {
			t.Errorf("the log shows the token as %q", leak)
		}
	}
	if !strings.Contains(logs, "upstream refused path=") || !strings.Contains(logs, "[redacted]") {
		t.Errorf("the echoing error was not logged, redacted")
	}
	assertNotInDatabase(t, e.env["BOT_DB_PATH"], key)
}
