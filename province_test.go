package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/config"
)

// TestNothingProvinceSpecificInCode: the province, its regulation and its
// agencies come from config.yaml alone (issue 16), so a reorganised
// province is a configuration change. No non-test Go source names the
// shipped province, its decision, or any agency code of the shipped
// catalogue — not in a text, not in a comment.
func TestNothingProvinceSpecificInCode(t *testing.T) {
	cfg, err := config.Load("config.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	words := []string{regexp.QuoteMeta(cfg.Catalogue.Regulation.Province), "Bac Giang", "608/"}
	for _, a := range cfg.Catalogue.Agencies {
		words = append(words, regexp.QuoteMeta(a.Code))
	}
	if cfg.Catalogue.Regulation.Province == "" || len(cfg.Catalogue.Agencies) < 10 {
		t.Fatalf("config.yaml names no province or too few agencies: %+v", cfg.Catalogue.Regulation)
	}
	// Codes are words: "yte" in "bytes" is no code; the module path
	// (github.com/bacgiang/…) is no name either.
	re := regexp.MustCompile(`(?i)(^|[^\pL\pN_-])(` + strings.Join(words, "|") + `)($|[^\pL\pN_-])`)
	var found []string
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || isTestSupport(path) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			line = strings.ReplaceAll(line, "github.com/bacgiang/fwbot", "")
			if m := re.FindStringSubmatch(line); m != nil {
				found = append(found, path+":"+strconv.Itoa(i+1)+": "+m[2]+": "+strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Error(f)
	}
}

// isTestSupport: packages only tests import (the fake Bot API, the test
// kit) may name the shipped catalogue's agencies.
func isTestSupport(path string) bool {
	p := filepath.ToSlash(path)
	return strings.HasPrefix(p, "internal/fakeapi/") || strings.HasPrefix(p, "internal/testkit/") ||
		strings.HasPrefix(p, "storage/storetest/") ||
		// The sandbox seeds a demo of the shipped profile: its personas,
		// groups and first reports name that catalogue. Deriving them from
		// any catalogue is still to do (issue 16).
		strings.HasPrefix(p, "sandbox/")
}
