package redis

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/bacgiang/fwbot/coord"

	"github.com/bacgiang/fwbot/internal/ci"
)

// testPassword has the characters that a URL must percent-encode, so that
// the tests also catch a password leaking in its encoded form.
func testPassword() string { return "p@ss/w:rd#" + rand.Text() }

// withPassword is "redis://:<pw>@host/path", the password encoded as a URL
// needs it.
func withPassword(scheme, pw, host, path string) string {
	u := url.URL{Scheme: scheme, User: url.UserPassword("", pw), Host: host, Path: path}
	return u.String()
}

// assertHidden fails if text shows pw in any form.
func assertHidden(t *testing.T, text string, pws ...string) {
	t.Helper()
	for _, pw := range pws {
		for _, form := range []string{pw, url.PathEscape(pw), url.QueryEscape(pw), url.UserPassword("", pw).String()[1:]} {
			if strings.Contains(text, form) {
				t.Errorf("%q shows the password (as %q)", text, form)
			}
		}
		// rand.Text's part alone is enough to recognise a leak.
		if i := strings.LastIndex(pw, "#"); i >= 0 && strings.Contains(text, pw[i+1:]) {
			t.Errorf("%q shows part of the password", text)
		}
	}
}

func TestRedactAddr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"127.0.0.1:6379", "127.0.0.1:6379"},
		{"[::1]:6379", "[::1]:6379"},
		{"redis://redis:6379/0", "redis://redis:6379/0"},
		{"redis://:s3cret@redis:6379/0", "redis://:xxxxx@redis:6379/0"},
		{"rediss://fwbot:s3cret@redis.example:6380/2", "rediss://fwbot:xxxxx@redis.example:6380/2"},
		{"unix://:s3cret@/run/redis.sock?db=3", "unix://:xxxxx@/run/redis.sock?db=3"},
		{"unix:///run/redis.sock", "unix:///run/redis.sock"},
		{"unix:///run/a@b.sock", "unix:///run/a@b.sock"},
		{"redis://s3cret@redis:6379", "redis://xxxxx@redis:6379"},      // a bare user part is likely a password
		{"redis://:s3c%zzret@redis:6379", "redis://:xxxxx@redis:6379"}, // unparsable escape
		// A password with an unescaped / ? or # (a base64 one, say) that
		// net/url would read as the start of the path, query or fragment.
		{"redis://:/Secret@redis:6379/0", "redis://:xxxxx@redis:6379/0"},
		{"redis://:12?Secret@redis:6379", "redis://:xxxxx@redis:6379"},
		{"rediss://:#Secret@redis:6379", "rediss://:xxxxx@redis:6379"},
		{"redis:///Secret@redis:6379", "redis://xxxxx@redis:6379"},
		{"redis://:s3c@ret@redis:6379", "redis://:xxxxx@redis:6379"}, // unescaped @, as net/url reads it
		{"fwbot:s3cret@redis:6379", "xxxxx@redis:6379"},              // no scheme
		{"", ""},
	}
	for _, tt := range tests {
		if got := RedactAddr(tt.in); got != tt.want {
			t.Errorf("RedactAddr(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestAddrPassword(t *testing.T) {
	pw := testPassword()
	tests := []struct{ in, want string }{
		{"127.0.0.1:6379", ""},
		{"redis://redis:6379/0", ""},
		{withPassword("redis", pw, "redis:6379", "/0"), pw},
		{"rediss://fwbot:s3cret@redis:6380", "s3cret"},
		{"redis://s3cret@redis:6379", "s3cret"},
		{"redis://:/Secret@redis:6379/0", "/Secret"},
		{"redis://:12?Secret@redis:6379", "12?Secret"},
		{"rediss://:#Secret@redis:6379", "#Secret"},
	}
	for _, tt := range tests {
		if got := AddrPassword(tt.in, true); got != tt.want {
			t.Errorf("AddrPassword(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	// With REDIS_PASSWORD set, a bare user part is an ACL user name: not a
	// secret to scrub from every log line.
	if got := AddrPassword("redis://fwbot@redis:6379/0", false); got != "" {
		t.Errorf("AddrPassword of an ACL user with a password given elsewhere = %q; want none", got)
	}
}

// authMiniredis is a miniredis that wants pw.
func authMiniredis(t *testing.T, pw string) *miniredis.Miniredis {
	t.Helper()
	mr := miniredis.RunT(t)
	mr.RequireAuth(pw)
	return mr
}

// saveOne saves a conversation through s, so that a test can find in which
// database it landed.
func saveOne(t *testing.T, s *Store) {
	t.Helper()
	if err := s.SaveConversation(t.Context(), coord.ConvKey{ChatID: 1, UserID: 2}, "bước 1"); err != nil {
		t.Fatalf("save: %v", err)
	}
}

func TestAddressForms(t *testing.T) {
	pw := testPassword()
	mr := authMiniredis(t, pw)
	mr.RequireUserAuth("fwbot", pw)
	tests := []struct {
		name string
		opts Options
		db   int // where the conversation must land
	}{
		{"HostPortAndPassword", Options{Addr: mr.Addr(), Password: pw}, 0},
		{"URLWithPasswordAndDB", Options{Addr: withPassword("redis", pw, mr.Addr(), "/2")}, 2},
		{"URLWithUser", Options{Addr: (&url.URL{Scheme: "redis", User: url.UserPassword("fwbot", pw), Host: mr.Addr(), Path: "/5"}).String()}, 5},
		{"URLWithDBQuery", Options{Addr: withPassword("redis", pw, mr.Addr(), "") + "?db=4"}, 4},
		{"URLWithoutPassword", Options{Addr: "redis://" + mr.Addr() + "/6", Password: pw}, 6},
		{"PasswordWinsOverURL", Options{Addr: withPassword("redis", "stale-"+pw, mr.Addr(), "/7"), Password: pw}, 7},
		{"DBWinsOverURL", Options{Addr: withPassword("redis", pw, mr.Addr(), "/7"), DB: 8}, 8},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Prefix = "forms" + string(rune('a'+i)) + ":"
			saveOne(t, newTestStore(t, tt.opts))
			if keys := mr.DB(tt.db).Keys(); len(keys) != 1 || !strings.HasPrefix(keys[0], tt.opts.Prefix) {
				t.Errorf("keys of db %d = %q; want the conversation under %s", tt.db, keys, tt.opts.Prefix)
			}
		})
	}
}

func TestAuthErrors(t *testing.T) {
	pw, wrong := testPassword(), testPassword()
	mr := authMiniredis(t, pw)
	tests := []struct {
		name  string
		opts  Options
		shown string // the address as the error must show it
	}{
		{"ErrNoPassword", Options{Addr: mr.Addr()}, mr.Addr()},
		{"ErrWrongPassword", Options{Addr: mr.Addr(), Password: wrong}, mr.Addr()},
		{"ErrWrongPasswordInURL", Options{Addr: withPassword("redis", wrong, mr.Addr(), "/0")}, "redis://:xxxxx@" + mr.Addr() + "/0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(t.Context(), tt.opts)
			if err == nil {
				s.Close()
				t.Fatal("New succeeded")
			}
			if !errors.Is(err, ErrAuth) {
				t.Errorf("error %q does not wrap ErrAuth", err)
			}
			if !strings.Contains(err.Error(), "connect to redis at "+tt.shown+":") {
				t.Errorf("error %q does not name the address as %s", err, tt.shown)
			}
			assertHidden(t, err.Error(), pw, wrong)
		})
	}
}

func TestBadAddresses(t *testing.T) {
	pw := testPassword()
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"ErrNotHostPort", Options{Addr: "redis-host"}, `address redis-host is not host:port`},
		{"ErrNoScheme", Options{Addr: ":" + pw + "@redis:6379"}, `address xxxxx@redis:6379 is not host:port`},
		{"ErrScheme", Options{Addr: "http://redis:6379"}, "invalid URL scheme: http"},
		{"ErrDBNumber", Options{Addr: withPassword("redis", pw, "redis:6379", "/zero")}, `invalid database number: "zero"`},
		{"ErrBadEscape", Options{Addr: "redis://:%zz" + pw + "@redis:6379"}, "address redis://:xxxxx@redis:6379: not a valid URL"},
		{"ErrOption", Options{Addr: withPassword("redis", pw, "redis:6379", "/0") + "?dial_timeout=5s"}, `option "dial_timeout" is not supported`},
		{"ErrSkipVerify", Options{Addr: withPassword("rediss", pw, "redis:6379", "/0") + "?skip_verify=true"}, `option "skip_verify" is not supported`},
		{"ErrEmptySocket", Options{Addr: "unix://"}, "empty unix socket path"},
		{"ErrCAFileWithoutTLS", Options{Addr: withPassword("redis", pw, "redis:6379", "/0"), CAFile: "ca.pem"}, "a CA file is for rediss:// addresses"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(t.Context(), tt.opts)
			if err == nil {
				s.Close()
				t.Fatal("New succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q; want it to contain %q", err, tt.want)
			}
			assertHidden(t, err.Error(), pw)
		})
	}
}

// testCA is a certificate authority made for one test, and a server
// certificate for 127.0.0.1 that it signed.
type testCA struct {
	pemFile string // the CA certificate, as an operator's CA file
	server  tls.Certificate
}

func newTestCA(t *testing.T) testCA {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "fwbot test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "redis"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return testCA{pemFile: path, server: tls.Certificate{Certificate: [][]byte{leafDER}, PrivateKey: key}}
}

func TestTLS(t *testing.T) {
	pw := testPassword()
	ca := newTestCA(t)
	mr := miniredis.NewMiniRedis()
	if err := mr.StartTLS(&tls.Config{Certificates: []tls.Certificate{ca.server}, MinVersion: tls.VersionTLS12}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(mr.Close)
	mr.RequireAuth(pw)
	addr := withPassword("rediss", pw, mr.Addr(), "/1")

	t.Run("OK", func(t *testing.T) {
		saveOne(t, newTestStore(t, Options{Addr: addr, CAFile: ca.pemFile}))
		if keys := mr.DB(1).Keys(); len(keys) != 1 {
			t.Errorf("keys of db 1 = %q; want the conversation", keys)
		}
	})
	t.Run("ErrUnknownCA", func(t *testing.T) {
		s, err := New(t.Context(), Options{Addr: addr})
		if err == nil {
			s.Close()
			t.Fatal("New trusted a certificate of an unknown CA")
		}
		if !strings.Contains(err.Error(), "certificate") {
			t.Errorf("error %q does not say it is the certificate", err)
		}
		assertHidden(t, err.Error(), pw)
	})
	t.Run("ErrPlainToTLS", func(t *testing.T) {
		s, err := New(t.Context(), Options{Addr: withPassword("redis", pw, mr.Addr(), "/1")})
		if err == nil {
			s.Close()
			t.Fatal("a plain connection to a TLS server succeeded")
		}
		assertHidden(t, err.Error(), pw)
	})
	t.Run("ErrNotPEM", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "ca.pem")
		if err := os.WriteFile(bad, []byte("not a certificate"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := New(t.Context(), Options{Addr: addr, CAFile: bad})
		if err == nil || !strings.Contains(err.Error(), "holds no PEM certificate") {
			t.Errorf("got %v; want the CA file refused", err)
		}
	})
	t.Run("ErrMissingCAFile", func(t *testing.T) {
		_, err := New(t.Context(), Options{Addr: addr, CAFile: filepath.Join(t.TempDir(), "none.pem")})
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("got %v; want a not-exist error", err)
		}
	})
}

// lineWatcher is a process's output that closes ready once it contains
// want (lower case), whatever the case of the output.
type lineWatcher struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	want  string
	ready chan struct{}
	once  sync.Once
}

func (w *lineWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(strings.ToLower(w.buf.String()), w.want) {
		w.once.Do(func() { close(w.ready) })
	}
	return len(p), nil
}

func (w *lineWatcher) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// startRedisServer runs redis-server with args in the foreground and waits
// until it says it accepts connections; it is stopped at the end of the
// test. Skips when redis-server is not installed.
func startRedisServer(t *testing.T, args ...string) {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		ci.Skip(t, "redis-server is not on PATH; install it (apt-get install redis-server) to run this test")
	}
	dir := t.TempDir()
	args = append([]string{"--save", "", "--appendonly", "no", "--dir", dir}, args...)
	// "Ready to accept connections tcp" or "… ready to accept connections at <socket>".
	out := &lineWatcher{want: "ready to accept connections", ready: make(chan struct{})}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	select {
	case <-out.ready:
	case err := <-exited:
		t.Fatalf("redis-server exited (%v):\n%s", err, out)
	case <-time.After(10 * time.Second):
		t.Fatalf("redis-server did not get ready:\n%s", out)
	}
}

// TestUnixSocket connects over a unix socket to a real redis-server, since
// miniredis listens on TCP only.
func TestUnixSocket(t *testing.T) {
	pw := testPassword()
	// Socket paths are limited to about 100 bytes; this test's temp dir is
	// short enough (/tmp/TestUnixSocket…/001).
	sock := filepath.Join(t.TempDir(), "redis.sock")
	if len(sock) > 100 {
		t.Skipf("temp dir too long for a socket path: %s", sock)
	}
	startRedisServer(t, "--port", "0", "--unixsocket", sock, "--requirepass", pw)
	addr := withPassword("unix", pw, "", sock) + "?db=3"

	t.Run("OK", func(t *testing.T) {
		s := newTestStore(t, Options{Addr: addr, Prefix: "unix:"})
		saveOne(t, s)
		n, err := s.client.DBSize(t.Context()).Result()
		if err != nil || n != 1 {
			t.Errorf("db 3 holds %d keys (%v); want the conversation", n, err)
		}
	})
	t.Run("ErrWrongPassword", func(t *testing.T) {
		wrong := testPassword()
		_, err := New(t.Context(), Options{Addr: "unix://" + sock, Password: wrong})
		if !errors.Is(err, ErrAuth) {
			t.Errorf("got %v; want ErrAuth", err)
		}
		if err != nil {
			assertHidden(t, err.Error(), pw, wrong)
		}
	})
}

// TestRealRedisAuth runs against the password-protected Redis that .ci/run
// starts (REDIS_AUTH_ADDR, REDIS_AUTH_PASSWORD).
func TestRealRedisAuth(t *testing.T) {
	addr, pw := os.Getenv("REDIS_AUTH_ADDR"), os.Getenv("REDIS_AUTH_PASSWORD")
	if addr == "" || pw == "" {
		ci.Skip(t, "REDIS_AUTH_ADDR and REDIS_AUTH_PASSWORD are unset; .ci/run sets them for a Redis started with --requirepass")
	}
	prefix := "fwbot-test:" + rand.Text() + ":"
	for name, opts := range map[string]Options{
		"HostPortAndPassword": {Addr: addr, Password: pw, Prefix: prefix},
		"URL":                 {Addr: withPassword("redis", pw, addr, "/0"), Prefix: prefix},
	} {
		t.Run(name, func(t *testing.T) {
			s := newTestStore(t, opts)
			saveOne(t, s)
			t.Cleanup(func() { deleteKeys(t, s, prefix) })
		})
	}
	wrong := testPassword()
	for name, opts := range map[string]Options{
		"ErrNoPassword":    {Addr: addr},
		"ErrWrongPassword": {Addr: addr, Password: wrong},
	} {
		t.Run(name, func(t *testing.T) {
			s, err := New(t.Context(), opts)
			if err == nil {
				s.Close()
				t.Fatal("New succeeded")
			}
			if !errors.Is(err, ErrAuth) || !strings.Contains(err.Error(), "connect to redis at "+addr) {
				t.Errorf("error %q; want ErrAuth naming %s", err, addr)
			}
			assertHidden(t, err.Error(), pw, wrong)
		})
	}
}
