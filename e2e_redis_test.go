package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"maps"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/bacgiang/fwbot/internal/fakeapi"
	redisstore "github.com/bacgiang/fwbot/storage/redis"

	"github.com/bacgiang/fwbot/internal/ci"
)

// redisURL is redis://:<pw>@addr/db with the password encoded as a URL
// needs it; pw "" leaves the user part out.
func redisURL(pw, addr string, db int) string {
	u := url.URL{Scheme: "redis", Host: addr, Path: fmt.Sprintf("/%d", db)}
	if pw != "" {
		u.User = url.UserPassword("", pw)
	}
	return u.String()
}

// assertLogHides fails if the bot's log shows any of the passwords, raw or
// percent-encoded.
func assertLogHides(t *testing.T, log string, pws ...string) {
	t.Helper()
	for _, pw := range pws {
		for _, form := range []string{pw, url.PathEscape(pw), url.QueryEscape(pw), url.UserPassword("", pw).String()[1:]} {
			if strings.Contains(log, form) {
				t.Errorf("the log shows a Redis password (as %q)", form)
			}
		}
	}
}

// redisEnv sets the bot's Redis variables, and may set up its miniredis.
type redisEnv func(e *e2e) map[string]string

// runAnswers starts the bot with the Redis settings of env, checks that it
// answers officers, stops it and checks that the log hid every password.
func runAnswers(t *testing.T, env redisEnv, pws ...string) {
	e := newE2E(t)
	maps.Copy(e.env, env(e))
	e.start()
	e.say(admin, fakeapi.Private(admin), "/whoami", "quản trị viên")
	code := e.invite("yte")
	e.say(lan, fakeapi.Private(lan), "/start "+code, "Sở Y tế")
	if code := e.stop(); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	log := e.logs.String()
	want := `msg="connected to Redis" component=redis addr=` + redisstore.RedactAddr(e.env["REDIS_ADDR"])
	if !strings.Contains(log, want) {
		t.Errorf("the log does not say which Redis the bot uses: want %s", want)
	}
	assertLogHides(t, log, pws...)
}

// runRefused starts the bot with credentials Redis refuses and checks that
// it stops with an error that names Redis and what to check, and that no
// password reaches the log.
func runRefused(t *testing.T, env redisEnv, pws ...string) {
	e := newE2E(t)
	maps.Copy(e.env, env(e))
	e.start()
	select {
	case code := <-e.done:
		e.cancel()
		e.cancel = nil // Main has returned; the harness must not wait again
		if code != 1 {
			t.Errorf("exit code %d; want 1", code)
		}
	case <-time.After(wait):
		t.Fatal("the bot kept running with credentials Redis refuses")
	}
	log := e.logs.String()
	var line string
	for l := range strings.Lines(log) {
		if strings.Contains(l, `msg="bot stopped"`) {
			line = l
		}
	}
	if !strings.Contains(line, "connect to redis at ") || !strings.Contains(line, "redis refused the credentials") ||
		!strings.Contains(line, "check REDIS_PASSWORD") {
		t.Errorf("the error line %q does not say that Redis refused the credentials and what to check", line)
	}
	assertLogHides(t, log, pws...)
}

// redisPassword has characters a URL must encode, so that the test also
// catches a password leaking in its encoded form.
func redisPassword() string { return "p@ss/w:rd#" + rand.Text() }

// onMiniredis is env on the harness's miniredis, which then wants pw.
func onMiniredis(pw string, env func(addr string) map[string]string) redisEnv {
	return func(e *e2e) map[string]string {
		e.mr.RequireAuth(pw)
		return env(e.mr.Addr())
	}
}

func TestRedisPasswordEndToEnd(t *testing.T) {
	pw, stale := redisPassword(), redisPassword()
	tests := []struct {
		name string
		env  func(addr string) map[string]string
	}{
		{"PasswordInURL", func(addr string) map[string]string {
			return map[string]string{"REDIS_ADDR": redisURL(pw, addr, 0)}
		}},
		{"REDIS_PASSWORD", func(addr string) map[string]string {
			return map[string]string{"REDIS_ADDR": addr, "REDIS_PASSWORD": pw}
		}},
		{"REDIS_PASSWORDWinsOverURL", func(addr string) map[string]string {
			return map[string]string{"REDIS_ADDR": redisURL(stale, addr, 0), "REDIS_PASSWORD": pw}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { runAnswers(t, onMiniredis(pw, tt.env), pw, stale) })
	}
}

func TestRedisWrongPasswordEndToEnd(t *testing.T) {
	pw, wrong := redisPassword(), redisPassword()
	tests := []struct {
		name string
		env  func(addr string) map[string]string
	}{
		{"ErrWrongPasswordInURL", func(addr string) map[string]string {
			return map[string]string{"REDIS_ADDR": redisURL(wrong, addr, 0)}
		}},
		{"ErrWrongREDIS_PASSWORD", func(addr string) map[string]string {
			return map[string]string{"REDIS_ADDR": addr, "REDIS_PASSWORD": wrong}
		}},
		{"ErrNoPassword", func(addr string) map[string]string {
			return map[string]string{"REDIS_ADDR": addr}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { runRefused(t, onMiniredis(pw, tt.env), pw, wrong) })
	}
}

// TestRealRedisPasswordEndToEnd runs the bot against the password-protected
// Redis of .ci/run (REDIS_AUTH_ADDR, REDIS_AUTH_PASSWORD). Each case uses
// its own database, flushed first: a bot that finds another run's dedupe
// marks would skip the fake API's updates, whose ids start at 1 every time.
func TestRealRedisPasswordEndToEnd(t *testing.T) {
	addr, pw := os.Getenv("REDIS_AUTH_ADDR"), os.Getenv("REDIS_AUTH_PASSWORD")
	if addr == "" || pw == "" {
		ci.Skip(t, "REDIS_AUTH_ADDR and REDIS_AUTH_PASSWORD are unset; .ci/run sets them for a Redis started with --requirepass")
	}
	wrong := redisPassword()
	flush := func(t *testing.T, db int) {
		t.Helper()
		c := goredis.NewClient(&goredis.Options{Addr: addr, Password: pw, DB: db})
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := c.FlushDB(ctx).Err(); err != nil {
			t.Fatalf("flush db %d: %v", db, err)
		}
	}
	fixed := func(env map[string]string) redisEnv { return func(*e2e) map[string]string { return env } }
	for _, tt := range []struct {
		name string
		db   int
		env  map[string]string
	}{
		{"PasswordInURL", 11, map[string]string{"REDIS_ADDR": redisURL(pw, addr, 11)}},
		{"REDIS_PASSWORD", 12, map[string]string{"REDIS_ADDR": redisURL("", addr, 12), "REDIS_PASSWORD": pw}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			flush(t, tt.db)
			runAnswers(t, fixed(tt.env), pw)
		})
	}
	for _, tt := range []struct {
		name string
		env  map[string]string
	}{
		{"ErrWrongPasswordInURL", map[string]string{"REDIS_ADDR": redisURL(wrong, addr, 13)}},
		{"ErrWrongREDIS_PASSWORD", map[string]string{"REDIS_ADDR": addr, "REDIS_PASSWORD": wrong}},
		{"ErrNoPassword", map[string]string{"REDIS_ADDR": addr}},
	} {
		t.Run(tt.name, func(t *testing.T) { runRefused(t, fixed(tt.env), pw, wrong) })
	}
}
