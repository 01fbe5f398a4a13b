package coord

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// FoldName is s as names are compared in the register and spreadsheet
// headers are matched: lower case, without Vietnamese diacritics (đ is d),
// words separated by one space. "  NGUYỄN  Văn Đức " and "nguyen van duc"
// fold alike.
func FoldName(s string) string {
	if isASCII(s) { // most cells of a list: passports, numbers, dates
		return strings.Join(strings.Fields(strings.ToLower(s)), " ")
	}
	t := folders.Get().(transform.Transformer)
	t.Reset()
	out, _, err := transform.String(t, s)
	folders.Put(t)
	if err != nil {
		out = s
	}
	out = dStroke.Replace(out)
	return strings.Join(strings.Fields(strings.ToLower(out)), " ")
}

// folders are the transformers that drop diacritics; one is not safe for
// two goroutines at once, and making one allocates, so they are reused.
var folders = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

var dStroke = strings.NewReplacer("đ", "d", "Đ", "d")

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
