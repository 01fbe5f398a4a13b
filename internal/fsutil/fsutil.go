// Package fsutil holds the two file-system helpers that the archive, the
// backups and the configuration check share.
package fsutil

import (
	"os"
	"path/filepath"
	"strings"
)

// SyncDir makes the renames and creations in dir durable across a power
// loss.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// Overlap reports whether one of the directories a and b is, or is inside,
// the other.
func Overlap(a, b string) bool {
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	if errA != nil || errB != nil {
		return false
	}
	within := func(dir, p string) bool {
		rel, err := filepath.Rel(dir, p)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	return within(absA, absB) || within(absB, absA)
}
