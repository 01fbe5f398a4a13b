package coord

import (
	"fmt"
	"strings"
)

// The templates of the list reports (spec §11): which columns a submitted
// spreadsheet of a list obligation has, in the words officers read. They
// live in config.yaml so an operator can add a column or an allowed value
// without a release; the same columns make the workbook /template sends and
// tell the import how to read each cell.

// ColumnType says how a cell of a list column is written and read.
type ColumnType string

// Column types of the templates.
const (
	ColText     ColumnType = "text"
	ColDate     ColumnType = "date"     // dd/mm/yyyy, or an Excel date (ParseCellDate)
	ColNumber   ColumnType = "number"   // 1.234 or 1,5 as Vietnamese offices write them (ParseNumber)
	ColEnum     ColumnType = "enum"     // one of Values (MatchEnum)
	ColPassport ColumnType = "passport" // ParsePassport
	ColTaxCode  ColumnType = "tax_code" // mã số thuế (ParseTaxCode)
)

// ColumnTypes are the known column types, in the order errors list them.
var ColumnTypes = []ColumnType{ColText, ColDate, ColNumber, ColEnum, ColPassport, ColTaxCode}

// Valid reports whether t is a known column type.
func (t ColumnType) Valid() bool {
	for _, k := range ColumnTypes {
		if t == k {
			return true
		}
	}
	return false
}

// ListKind is what the rows of a list are: it decides what the import
// makes of them in the register.
type ListKind string

// List kinds of spec §11's table. A list whose rows are of several kinds
// (6.4: permits and exemptions; 8.8: visas, cards, extensions; 10.3:
// criminal-record certificates and lawyers' licences) has the kind of its
// main rows and an enum column that tells each row apart.
const (
	ListWorkPermits      ListKind = "work_permits"      // 6.4, 7.3
	ListExemptions       ListKind = "exemptions"        // exemption confirmations alone
	ListVisas            ListKind = "visas"             // 8.8
	ListResidenceCards   ListKind = "residence_cards"   // residence cards alone
	ListNGOs             ListKind = "ngos"              // 9.4
	ListCriminalRecords  ListKind = "criminal_records"  // 10.3
	ListLawyers          ListKind = "lawyers"           // foreign lawyers alone
	ListFDI              ListKind = "fdi"               // 11.2
	ListHealthFacilities ListKind = "health_facilities" // 12.3
	ListRepOffices       ListKind = "rep_offices"       // 13.3
	ListSchools          ListKind = "schools"           // 14.3
	ListContractors      ListKind = "contractors"       // 15.2
)

// ListKinds are the known list kinds, in the order errors list them.
var ListKinds = []ListKind{ListWorkPermits, ListExemptions, ListVisas, ListResidenceCards, ListNGOs,
	ListCriminalRecords, ListLawyers, ListFDI, ListHealthFacilities, ListRepOffices, ListSchools, ListContractors}

// Valid reports whether k is a known list kind.
func (k ListKind) Valid() bool {
	for _, l := range ListKinds {
		if k == l {
			return true
		}
	}
	return false
}

// ListColumn is one column of a list template. (Column is a column of a
// Sheet the bot writes; this one is a column officers fill in.)
type ListColumn struct {
	// Key names the column for the import (passport, birth_date…): lower
	// case letters, digits and underscores, unique in the template.
	Key string `json:"key"`
	// Header is the column's heading in the spreadsheet, in Vietnamese; a
	// submitted file is matched against it with MatchHeader.
	Header   string     `json:"header"`
	Type     ColumnType `json:"type"`
	Required bool       `json:"required,omitempty"`
	// Values are the allowed values of an enum column, as they should be
	// written.
	Values []string `json:"values,omitempty"`
	// Note is shown in the instructions sheet: what to write, in
	// Vietnamese.
	Note string `json:"note,omitempty"`
	// Aliases are other headings offices give the column in sheets not
	// made from the template ("Họ tên" for "Họ và tên", "MST" for "Mã số
	// thuế"); MatchHeader accepts them too.
	Aliases []string `json:"aliases,omitempty"`
}

// ListTemplate is the shape of a list report's spreadsheet.
type ListTemplate struct {
	Kind    ListKind     `json:"kind"`
	Columns []ListColumn `json:"columns"`
}

// Validate checks the template; the error starts with the key it concerns
// relative to the template ("columns[2].type: …"), so that config can name
// the whole key path.
func (t ListTemplate) Validate() error {
	if !t.Kind.Valid() {
		return fmt.Errorf("kind: %q is not one of %s", t.Kind, joinKinds(ListKinds))
	}
	if len(t.Columns) == 0 {
		return fmt.Errorf("columns: a list needs at least one column")
	}
	keys := map[string]int{}
	headers := map[string]int{}
	required := false
	for i, c := range t.Columns {
		key := fmt.Sprintf("columns[%d]", i)
		if !validColumnKey(c.Key) {
			return fmt.Errorf("%s.key: %q must be lower-case letters, digits and underscores", key, c.Key)
		}
		if j, dup := keys[c.Key]; dup {
			return fmt.Errorf("%s.key: %q is already the key of columns[%d]", key, c.Key, j)
		}
		keys[c.Key] = i
		if strings.TrimSpace(c.Header) == "" {
			return fmt.Errorf("%s.header: empty; write the column's heading in Vietnamese", key)
		}
		h := FoldHeader(c.Header)
		if j, dup := headers[h]; dup {
			return fmt.Errorf("%s.header: %q reads like the header of columns[%d]", key, c.Header, j)
		}
		headers[h] = i
		for k, a := range c.Aliases {
			f := FoldHeader(a)
			if f == "" {
				return fmt.Errorf("%s.aliases[%d]: empty", key, k)
			}
			if j, dup := headers[f]; dup {
				return fmt.Errorf("%s.aliases[%d]: %q reads like a header of columns[%d]", key, k, a, j)
			}
			headers[f] = i
		}
		if !c.Type.Valid() {
			return fmt.Errorf("%s.type: %q is not one of %s", key, c.Type, joinKinds(ColumnTypes))
		}
		switch {
		case c.Type == ColEnum && len(c.Values) == 0:
			return fmt.Errorf("%s.values: an enum column needs its allowed values", key)
		case c.Type != ColEnum && len(c.Values) > 0:
			return fmt.Errorf("%s.values: only an enum column has allowed values (this one is %s)", key, c.Type)
		}
		seen := map[string]int{}
		for j, v := range c.Values {
			f := FoldName(v)
			if f == "" {
				return fmt.Errorf("%s.values[%d]: empty value", key, j)
			}
			if k, dup := seen[f]; dup {
				return fmt.Errorf("%s.values[%d]: %q reads like values[%d]", key, j, v, k)
			}
			seen[f] = j
		}
		required = required || c.Required
	}
	if !required {
		return fmt.Errorf("columns: no column is required; mark at least the identity of a row (required: true)")
	}
	return nil
}

// Column looks a column up by key.
func (t ListTemplate) Column(key string) (ListColumn, bool) {
	for _, c := range t.Columns {
		if c.Key == key {
			return c, true
		}
	}
	return ListColumn{}, false
}

func validColumnKey(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

func joinKinds[T ~string](ks []T) string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return strings.Join(out, ", ")
}

// ListObligations are the obligations that have a list template, in config
// order.
func (c *Catalogue) ListObligations() []Obligation {
	var out []Obligation
	for _, o := range c.Obligations {
		if o.List != nil {
			out = append(out, o)
		}
	}
	return out
}

// TemplateBook is the workbook a list's template is sent as, as data (like
// Sheet for an export): the sheet to fill in with the list's columns, the
// hints the spreadsheet shows on its cells, and the instructions sheet, in
// the words of the officer's language; xlsx/ encodes it.
type TemplateBook struct {
	Sheet string // the sheet to fill in
	List  ListTemplate
	// RequiredMark follows the header of a required column ("*").
	RequiredMark string
	// Hints are what the spreadsheet says on a cell of each type: when it
	// is selected (Title, Text) and when what was typed is refused (Error).
	Hints map[ColumnType]CellHint
	// ValuesSheet holds the allowed values the drop-down lists offer
	// (hidden).
	ValuesSheet string
	// Guide is the instructions sheet: every column, required or not, its
	// type in words, its allowed values and note.
	Guide Sheet
}

// CellHint is a spreadsheet's message on a cell of a column.
type CellHint struct {
	Title, Text, Error string
}
