package config

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// redisPassword is recognisable in any output it leaks into.
const redisPassword = "s3cretREDISpw"

func TestRedisAddrForms(t *testing.T) {
	for _, addr := range []string{
		"127.0.0.1:6379",
		"[::1]:6379",
		"redis:6379",
		"redis://redis",
		"redis://redis:6379/0",
		"redis://:" + redisPassword + "@redis:6379/0",
		"redis://fwbot:" + redisPassword + "@redis:6379/15",
		"redis://:p%40ss%2Fw%3Ard%23@redis:6379", // p@ss/w:rd# percent-encoded
		"redis://redis:6379?db=2",
		"REDIS://redis:6379",
		"rediss://:" + redisPassword + "@redis.example:6380/2",
		"unix:///run/redis/redis.sock",
		"unix://:" + redisPassword + "@/run/redis/redis.sock?db=1",
	} {
		t.Run(addr, func(t *testing.T) {
			c := loadRepo(t, map[string]string{"REDIS_ADDR": addr})
			if c.Redis.Addr != addr {
				t.Errorf("redis.addr = %q; want %q", c.Redis.Addr, addr)
			}
		})
	}
}

func TestRedisPassword(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		file string // redis.password in config.yaml, if any
		want string
	}{
		{"Env", map[string]string{"REDIS_ADDR": "redis:6379", "REDIS_PASSWORD": " " + redisPassword + "\n"}, "", redisPassword},
		{"EmptyEnvIsUnset", map[string]string{"REDIS_PASSWORD": "  "}, "", ""},
		{"File", map[string]string{"REDIS_ADDR": "redis:6379"}, "fromfile", "fromfile"},
		{"EnvWinsOverFile", map[string]string{"REDIS_ADDR": "redis:6379", "REDIS_PASSWORD": redisPassword}, "fromfile", redisPassword},
		{"URLPasswordStaysInAddr", map[string]string{"REDIS_ADDR": "redis://:inurl@redis:6379/0"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := repoText(t)
			if tt.file != "" {
				text = strings.Replace(text, "  state_ttl: 30m\n", "  state_ttl: 30m\n  password: "+tt.file+"\n", 1)
			}
			c, err := Parse([]byte(text), "config.yaml", env(tt.vars))
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Redis.Password.Reveal(); got != tt.want {
				t.Errorf("redis.password = %q; want %q", got, tt.want)
			}
		})
	}
}

// TestRedisPasswordWithoutServer: a password with no address would be
// silently ignored by the embedded Redis; the operator is told instead.
func TestRedisPasswordWithoutServer(t *testing.T) {
	_, err := Parse([]byte(repoText(t)), "config.yaml", env(map[string]string{"REDIS_PASSWORD": redisPassword}))
	if err == nil || !strings.Contains(err.Error(), "redis.addr is empty") || strings.Contains(err.Error(), redisPassword) {
		t.Fatalf("err = %v; want one naming the empty address, without the password", err)
	}
}

func TestBadRedisAddr(t *testing.T) {
	tests := []struct {
		name, addr, want string
	}{
		{"ErrNotHostPort", "redis-host", `"redis-host" is not host:port`},
		{"ErrPort", "redis:0", `"redis:0" is not host:port`},
		{"ErrNoSchemeWithPassword", ":" + redisPassword + "@redis:6379", `"xxxxx@redis:6379" is not host:port`},
		{"ErrScheme", "http://:" + redisPassword + "@redis:6379", `"http://:xxxxx@redis:6379" has the scheme "http"`},
		{"ErrDBPath", "redis://:" + redisPassword + "@redis:6379/zero", `"redis://:xxxxx@redis:6379/zero" has path "/zero"`},
		{"ErrDBQuery", "redis://:" + redisPassword + "@redis:6379?db=x", `has db="x"`},
		{"ErrOption", "redis://:" + redisPassword + "@redis:6379/0?dial_timeout=5s", `has the option "dial_timeout"; only db is supported`},
		{"ErrURLPort", "rediss://:" + redisPassword + "@redis:99999/0", `has port "99999"`},
		{"ErrBadEscape", "redis://:" + redisPassword + "%zz@redis:6379", `"redis://:xxxxx@redis:6379" is not a valid URL`},
		{"ErrUnencodedSlash", "redis://:" + redisPassword + "/x@redis:6379", `is not a valid URL (percent-encode`},
		{"ErrUnencodedHash", "redis://:" + redisPassword + "#x@redis:6379", `"redis://:xxxxx@redis:6379" is not a valid URL`},
		{"ErrUnixWithHost", "unix://:" + redisPassword + "@redis/run/redis.sock", `does not name a socket`},
		{"ErrUnixWithoutPath", "unix://", `does not name a socket`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(repoText(t)), "config.yaml", env(map[string]string{"REDIS_ADDR": tt.addr}))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), "environment: REDIS_ADDR: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to name REDIS_ADDR and contain:\n%s", err, tt.want)
			}
			if strings.Contains(err.Error(), redisPassword) {
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}

	t.Run("ErrInFile", func(t *testing.T) {
		text := strings.Replace(repoText(t), `  addr: ""`, `  addr: "redis://:`+redisPassword+`@redis:6379/x"`, 1)
		_, err := Parse([]byte(text), "config.yaml", nil)
		if err == nil || !strings.Contains(err.Error(), `config.yaml: redis.addr: "redis://:xxxxx@redis:6379/x" has path`) {
			t.Errorf("got %v; want the key named and the address redacted", err)
		}
		if err != nil && strings.Contains(err.Error(), redisPassword) {
			t.Errorf("the error shows the password: %v", err)
		}
	})
}

// writeCA writes a self-signed CA certificate as PEM and returns its path.
func writeCA(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "fwbot test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, "ca.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRedisCAFile(t *testing.T) {
	const tlsAddr = "rediss://redis.example:6380/0"
	ca := writeCA(t)

	t.Run("OK", func(t *testing.T) {
		c := loadRepo(t, map[string]string{"REDIS_ADDR": tlsAddr, "REDIS_CA_FILE": " " + ca + "\n"})
		if c.Redis.CAFile != ca {
			t.Errorf("redis.ca_file = %q; want %q", c.Redis.CAFile, ca)
		}
	})
	t.Run("OKInFile", func(t *testing.T) {
		text := strings.Replace(repoText(t), `  ca_file: ""`, fmt.Sprintf("  ca_file: %q", ca), 1)
		c, err := Parse([]byte(text), "config.yaml", env(map[string]string{"REDIS_ADDR": tlsAddr}))
		if err != nil || c.Redis.CAFile != ca {
			t.Fatalf("got %v; want redis.ca_file %s", err, ca)
		}
	})

	key := writeFile(t, "key.pem", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1, 2, 3}}))
	broken := writeFile(t, "broken.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1, 2, 3}}))
	tests := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"ErrMissing", map[string]string{"REDIS_ADDR": tlsAddr, "REDIS_CA_FILE": filepath.Join(t.TempDir(), "none.pem")},
			"environment: REDIS_CA_FILE: cannot be read: "},
		{"ErrNotPEM", map[string]string{"REDIS_ADDR": tlsAddr, "REDIS_CA_FILE": writeFile(t, "ca.txt", []byte("not a certificate"))},
			"ca.txt holds no PEM certificate"},
		{"ErrKey", map[string]string{"REDIS_ADDR": tlsAddr, "REDIS_CA_FILE": key},
			"holds a PRIVATE KEY block; only CERTIFICATE blocks belong in a CA file"},
		{"ErrBrokenCertificate", map[string]string{"REDIS_ADDR": tlsAddr, "REDIS_CA_FILE": broken},
			"certificate 1 does not parse"},
		{"ErrWithoutTLS", map[string]string{"REDIS_ADDR": "redis://:" + redisPassword + "@redis:6379/0", "REDIS_CA_FILE": ca},
			"environment: REDIS_CA_FILE: is for TLS, but redis.addr is not a rediss:// URL"},
		{"ErrWithEmbedded", map[string]string{"REDIS_CA_FILE": ca},
			"environment: REDIS_CA_FILE: is for TLS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(repoText(t)), "config.yaml", env(tt.vars))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
			if strings.Contains(err.Error(), redisPassword) {
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}
}

// The Redis password, given on its own or inside the address, must not leak
// through any way a Config or its Redis settings might be printed.
func TestRedisPasswordNeverPrinted(t *testing.T) {
	const inURL = "urlPASSWORDsecret"
	c := loadRepo(t, map[string]string{
		"REDIS_ADDR":     "redis://fwbot:" + inURL + "@redis:6379/0",
		"REDIS_PASSWORD": redisPassword,
	})
	outputs := map[string]string{"String": c.String()}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		outputs["*Config "+verb] = fmt.Sprintf(verb, c)
		outputs["Config "+verb] = fmt.Sprintf(verb, *c)
		outputs["Redis "+verb] = fmt.Sprintf(verb, c.Redis)
	}
	for name, h := range map[string]func(*bytes.Buffer) slog.Handler{
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	} {
		var buf bytes.Buffer
		slog.New(h(&buf)).Info("start", "config", c, "redis", c.Redis)
		outputs["slog "+name] = buf.String()
	}
	for name, out := range outputs {
		if strings.Contains(out, redisPassword) || strings.Contains(out, inURL) {
			t.Errorf("%s shows a password: %s", name, out)
		}
	}
	for _, name := range []string{"String", "Redis %v", "slog json", "slog text"} {
		out := outputs[name]
		if !strings.Contains(out, "redis://fwbot:xxxxx@redis:6379/0") || !strings.Contains(out, "[redacted]") {
			t.Errorf("%s: want the address redacted and the password [redacted] in %s", name, out)
		}
	}
}
