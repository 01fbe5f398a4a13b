package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// healthcheckRun runs `fwbot healthcheck` through Main, as the container's
// HEALTHCHECK does, with the given environment.
func healthcheckRun(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code = Main(context.Background(), append([]string{"healthcheck"}, args...), getenv, &out, &errb)
	return code, out.String(), errb.String()
}

func TestHealthcheck(t *testing.T) {
	serve := func(status int, body string) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/healthz" {
				http.NotFound(w, r)
				return
			}
			w.WriteHeader(status)
			w.Write([]byte(body))
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	// A port that was just free: nothing listens there.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	nobody := ln.Addr().String()
	ln.Close()

	for _, tc := range []struct {
		name       string
		env        map[string]string
		args       []string
		code       int
		stdout     string // substring
		stderr     string // substring
		stderrNone bool
	}{
		{name: "200 is healthy", args: []string{"--url", serve(200, "ok\n").URL + "/healthz"},
			code: 0, stdout: "/healthz: ok", stderrNone: true},
		{name: "503 is unhealthy", args: []string{"--url", serve(503, "stopping\n").URL + "/healthz"},
			code: 1, stderr: "503 Service Unavailable: stopping"},
		{name: "404 is unhealthy", args: []string{"--url", serve(200, "ok").URL + "/elsewhere"},
			code: 1, stderr: "404"},
		{name: "no server is unhealthy", args: []string{"--url", "http://" + nobody + "/healthz"},
			code: 1, stderr: "connection refused"},
		{name: "address from BOT_METRICS_LISTEN",
			env:  map[string]string{"BOT_CONFIG": "config.yaml", "BOT_METRICS_LISTEN": strings.TrimPrefix(serve(200, "ok").URL, "http://")},
			code: 0, stdout: "/healthz: ok"},
		{name: "endpoints off", env: map[string]string{"BOT_CONFIG": "config.yaml", "BOT_METRICS_LISTEN": "off"},
			code: 1, stderr: "endpoints are off"},
		{name: "a bad flag is 1, not Docker's reserved 2", args: []string{"--nope"}, code: 1, stderr: "not defined: -nope"},
		{name: "help", args: []string{"--help"}, code: 0, stderr: "Usage: fwbot healthcheck"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := healthcheckRun(t, tc.env, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stdout %q, stderr %q", code, tc.code, stdout, stderr)
			}
			if !strings.Contains(stdout, tc.stdout) {
				t.Errorf("stdout %q, want it to contain %q", stdout, tc.stdout)
			}
			if !strings.Contains(stderr, tc.stderr) || (tc.stderrNone && stderr != "") {
				t.Errorf("stderr %q, want it to contain %q", stderr, tc.stderr)
			}
		})
	}
}

func TestHealthzURL(t *testing.T) {
	for listen, want := range map[string]string{
		"127.0.0.1:9090": "http://127.0.0.1:9090/healthz",
		"0.0.0.0:9090":   "http://127.0.0.1:9090/healthz",
		":9090":          "http://127.0.0.1:9090/healthz",
		"[::]:9090":      "http://[::1]:9090/healthz",
		"[::1]:9191":     "http://[::1]:9191/healthz",
		"10.0.0.5:9090":  "http://10.0.0.5:9090/healthz",
		"localhost:9090": "http://localhost:9090/healthz",
	} {
		if got := healthzURL(listen); got != want {
			t.Errorf("healthzURL(%q) = %q, want %q", listen, got, want)
		}
	}
}
