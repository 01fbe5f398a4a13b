package fsutil

import (
	"path/filepath"
	"testing"
)

func TestOverlap(t *testing.T) {
	root := t.TempDir()
	cases := []struct {
		a, b string
		want bool
	}{
		{"data", "data", true},
		{"data/backups", "data", true},
		{"data", "data/files", true},
		{"data/files", "data/backups", false},
		{"data", "database", false},
		{"backups", "data/files", false},
	}
	for _, c := range cases {
		if got := Overlap(filepath.Join(root, c.a), filepath.Join(root, c.b)); got != c.want {
			t.Errorf("Overlap(%s, %s) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestSyncDir(t *testing.T) {
	if err := SyncDir(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if err := SyncDir(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("SyncDir of a missing folder succeeded")
	}
}
