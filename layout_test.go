package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/bacgiang/fwbot/"

// TestImportsPointOneWay keeps the layout the README describes: the domain
// imports nothing of ours and no infrastructure, the use cases and the
// words know nothing of Telegram or storage, only bot talks to Telegram,
// nothing below the handlers reaches up into them, and only ops talks to
// Prometheus, seeing the rest of the bot only through what main hands it.
func TestImportsPointOneWay(t *testing.T) {
	imports := map[string]map[string]bool{} // package dir → imported paths
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		if imports[dir] == nil {
			imports[dir] = map[string]bool{}
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			imports[dir][p] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	forbidden := func(dir string, why string, bad func(p string) bool) {
		t.Helper()
		if imports[dir] == nil {
			t.Fatalf("package %s not found: the layout changed, change this test with it", dir)
		}
		for p := range imports[dir] {
			if bad(p) {
				t.Errorf("%s imports %s: %s", dir, p, why)
			}
		}
	}
	ours := func(p string) bool { return strings.HasPrefix(p, module) }
	infra := func(p string) bool {
		return strings.Contains(p, "telegram-bot-api") || strings.Contains(p, "sqlx") ||
			strings.Contains(p, "go-sqlite3") || strings.Contains(p, "go-redis") || p == "database/sql"
	}
	telegram := func(p string) bool { return strings.Contains(p, "telegram-bot-api") }
	of := func(pkgs ...string) func(string) bool {
		return func(p string) bool {
			for _, q := range pkgs {
				if p == module+q {
					return true
				}
			}
			return false
		}
	}
	either := func(a, b func(string) bool) func(string) bool { return func(p string) bool { return a(p) || b(p) } }

	forbidden("coord", "the domain stands alone", either(ours, infra))
	forbidden("texts", "words need only the domain", either(of("bot", "handlers", "scheduler", "work", "storage/sqlite", "storage/redis"), infra))
	forbidden("work", "use cases return messages as data", either(of("bot", "handlers", "scheduler", "storage/sqlite", "storage/redis"), infra))
	forbidden("scheduler", "the scheduler says what work/ and texts/ say", either(of("bot", "handlers"), telegram))
	forbidden("backup", "a backup copies storage and knows nothing of the chat", of("bot", "handlers", "scheduler", "work", "texts"))
	forbidden("handlers", "handlers talk to Telegram through bot only", either(of("scheduler", "storage/sqlite", "storage/redis"), infra))
	forbidden("ops", "ops sees the bot through the checks and counters main and the packages hand it", either(ours, infra))
	prometheus := func(p string) bool { return strings.HasPrefix(p, "github.com/prometheus/") }
	forbidden("xlsx", "the spreadsheet writer knows sheets, not the bot", either(of("bot", "handlers", "scheduler", "work", "texts", "storage/sqlite", "storage/redis"), infra))
	excelize := func(p string) bool { return strings.Contains(p, "xuri/excelize") }
	for dir, ims := range imports {
		for p := range ims {
			if telegram(p) && dir != "bot" {
				t.Errorf("%s imports %s: only bot talks to Telegram", dir, p)
			}
			if prometheus(p) && dir != "ops" {
				t.Errorf("%s imports %s: only ops talks to Prometheus; count through a small interface that ops.Metrics implements", dir, p)
			}
			if excelize(p) && dir != "xlsx" {
				t.Errorf("%s imports %s: only xlsx writes spreadsheets; the others describe them as coord.Sheet", dir, p)
			}
		}
	}
}
