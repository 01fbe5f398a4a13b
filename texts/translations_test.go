package texts_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestEveryTextHasBothLanguages reads every non-test Go file of the module
// and fails on a Msg literal (texts.Msg, or the handlers' and scheduler's
// aliases Msg and msg) whose Vietnamese or English is missing or empty: an
// officer who chose /lang en must never get a blank reply, and the
// Vietnamese is the default for everyone else.
func TestEveryTextHasBothLanguages(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		// Literals whose type is elided inside a map or slice of texts.
		elided := map[*ast.CompositeLit]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			var elem ast.Expr
			switch x := lit.Type.(type) {
			case *ast.MapType:
				elem = x.Value
			case *ast.ArrayType:
				elem = x.Elt
			}
			if elem != nil && isMsgType(elem) {
				for _, e := range lit.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						e = kv.Value
					}
					if c, ok := e.(*ast.CompositeLit); ok && c.Type == nil {
						elided[c] = true
					}
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok || !(isMsgType(lit.Type) || elided[lit]) {
				return true
			}
			checked++
			fields := map[string]bool{}
			for _, e := range lit.Elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				key, _ := kv.Key.(*ast.Ident)
				if key == nil {
					continue
				}
				fields[key.Name] = nonEmpty(kv.Value)
			}
			for _, lang := range []string{"VI", "EN"} {
				if !fields[lang] {
					t.Errorf("%s: a text without %s", fset.Position(lit.Pos()), lang)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d texts checked", checked)
	if checked < 100 {
		t.Fatalf("only %d texts found: the walk is broken", checked)
	}
}

func isMsgType(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name == "Msg" || x.Name == "msg"
	case *ast.SelectorExpr:
		return x.Sel.Name == "Msg"
	}
	return false
}

// nonEmpty reports whether v is not the empty string literal (a value that
// is computed counts as present).
func nonEmpty(v ast.Expr) bool {
	if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		s, err := strconv.Unquote(lit.Value)
		return err != nil || s != ""
	}
	return true
}
