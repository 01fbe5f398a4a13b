// Package fuzzseed keeps the seeds of the fuzz targets committed as corpus
// files: a test lists its f.Add seeds and Check fails when a seed has no
// file (or, with FWBOT_WRITE_FUZZ_SEEDS set, writes it), so the two never
// drift apart.
package fuzzseed

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Check checks (or writes) the corpus file of one seed of target, encoded
// as `go test -fuzz` encodes its own.
func Check(t testing.TB, target string, vals ...any) {
	t.Helper()
	var b strings.Builder
	b.WriteString("go test fuzz v1\n")
	for _, v := range vals {
		switch v := v.(type) {
		case string:
			fmt.Fprintf(&b, "string(%q)\n", v)
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		case int:
			fmt.Fprintf(&b, "int(%d)\n", v)
		default:
			t.Fatalf("seed value of type %T", v)
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	path := filepath.Join("testdata", "fuzz", target, "seed-"+hex.EncodeToString(sum[:8]))
	got, err := os.ReadFile(path)
	if err == nil && string(got) == b.String() {
		return
	}
	if os.Getenv("FWBOT_WRITE_FUZZ_SEEDS") == "" {
		t.Errorf("seed %q of %s is not committed as %s; run FWBOT_WRITE_FUZZ_SEEDS=1 go test -run TestFuzzSeedCorpus", vals, target, path)
		return
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
