package sandbox

import (
	"slices"
	"strings"

	"github.com/bacgiang/fwbot/coord"
)

// Persona is someone the page can play: an officer, the admin, a stranger.
type Persona struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Role   string `json:"role"`   // in words, for the list
	Agency string `json:"agency"` // the agency they enrol into; "" for the stranger
	Admin  bool   `json:"admin"`  // a bootstrap admin (admin_ids)
}

// Chat is a chat of the sandbox: a persona's private chat with the bot, an
// agency's group or the interagency coordination group.
type Chat struct {
	ID     int64  `json:"id"`
	Title  string `json:"title"`
	Group  bool   `json:"group"`
	Owner  int64  `json:"owner,omitempty"`  // private: the persona whose chat it is
	Agency string `json:"agency,omitempty"` // group: the agency (or "coord") it is for
}

// The demo province, made from the configured catalogue: the
// coordinator's admin; officers of the coordinator, of the police, of the
// industrial zones board and of one more agency with a report that may be
// nil; a stranger; the groups of those agencies and the coordination group.
// The ids stay the same whatever the catalogue, in that order.
const (
	AdminID    int64 = 1001
	StrangerID int64 = 9001
)

// Demo is the province the sandbox plays: who is in it, its chats, and what
// the seed does (Server.Seed).
type Demo struct {
	Personas []Persona
	Chats    []Chat
	// Reports are sent a month in: a file or a nil report each.
	Reports []DemoReport
	// Requests are made by the coordinator's officer; Accept is the
	// request the board's officer accepts (0: none).
	Requests []DemoRequest
	Accept   int
}

// DemoReport is one report of the seed.
type DemoReport struct {
	Persona    int64
	Obligation string
	Period     string
	Nil        bool
	// List, for a list report, is the file's rows (a header and a few
	// workers, one with a mistake), sent as a CSV file so that the register
	// has something to find and to cross-check; nil sends a PDF.
	List [][]string
}

// DemoRequest is one request of the seed, from the coordinator's officer.
type DemoRequest struct {
	To, Due, Subject string
}

// NewDemo picks the demo's agencies and reports from cat.
func NewDemo(cat *coord.Catalogue) Demo {
	coordinator := cat.Coordinator()
	chosen := []string{coordinator.Code}
	pick := func(ok func(coord.Agency) bool) coord.Agency {
		for _, want := range []bool{true, false} { // the kind asked for, else any agency with duties
			for _, a := range cat.Agencies {
				if a.External() || slices.Contains(chosen, a.Code) || (want && !ok(a)) {
					continue
				}
				chosen = append(chosen, a.Code)
				return a
			}
		}
		return coord.Agency{}
	}
	police := pick(func(a coord.Agency) bool { return a.Kind == coord.KindPolice })
	board := pick(func(a coord.Agency) bool { return a.Kind == coord.KindBoard })
	fourth := pick(func(a coord.Agency) bool { return monthly(cat, a.Code, true) != "" })

	d := Demo{Personas: []Persona{
		{ID: AdminID, Name: "Nguyễn Văn An", Role: "Quản trị viên — " + coordinator.Name, Agency: coordinator.Code, Admin: true},
		{ID: 2001, Name: "Trần Thị Lan", Role: "Cán bộ " + coordinator.Name, Agency: coordinator.Code},
	}}
	for _, p := range []struct {
		id   int64
		name string
		a    coord.Agency
	}{{2002, "Phạm Văn Hùng", police}, {2003, "Đỗ Thị Mai", board}, {2004, "Lê Minh Tuấn", fourth}} {
		if p.a.Code != "" {
			d.Personas = append(d.Personas, Persona{ID: p.id, Name: p.name, Role: "Cán bộ " + p.a.Name, Agency: p.a.Code})
		}
	}
	d.Personas = append(d.Personas, Persona{ID: StrangerID, Name: "Peter Smith", Role: "Người lạ (chưa ghi danh)"})
	for _, p := range d.Personas {
		d.Chats = append(d.Chats, Chat{ID: p.ID, Title: p.Name, Owner: p.ID})
	}
	for i, a := range []coord.Agency{coordinator, police, board, fourth} {
		if a.Code != "" {
			d.Chats = append(d.Chats, Chat{ID: -1001000000001 - int64(i), Title: "Nhóm " + a.Name, Group: true, Agency: a.Code})
		}
	}
	d.Chats = append(d.Chats, Chat{ID: -1001000000009, Title: "Nhóm phối hợp liên ngành", Group: true, Agency: coord.CoordGroup})

	// January's reports: the coordinator's on time, the board's late, the
	// fourth agency's nil.
	january := coord.PeriodContaining(coord.Monthly, coord.Date{Year: 2027, Month: 1, Day: 15}).String()
	for _, r := range []struct {
		id   int64
		code string
		nil  bool
	}{{2001, coordinator.Code, false}, {2003, board.Code, false}, {2004, fourth.Code, true}} {
		if ob := monthly(cat, r.code, r.nil); r.code != "" && ob != "" {
			rep := DemoReport{Persona: r.id, Obligation: ob, Period: january, Nil: r.nil}
			if o, ok := cat.Obligation(ob); ok && o.List != nil && !r.nil {
				rep.List = demoList(*o.List, r.id)
			}
			d.Reports = append(d.Reports, rep)
		}
	}
	if police.Code != "" {
		d.Requests = append(d.Requests, DemoRequest{To: police.Code, Due: "09/02/2027",
			Subject: "Xác minh nơi tạm trú của 12 lao động nước ngoài tại khu công nghiệp"})
	}
	if board.Code != "" {
		d.Requests = append(d.Requests, DemoRequest{To: board.Code, Due: "26/02/2027",
			Subject: "Danh sách NLĐNN được cấp giấy phép lao động trong tháng 01/2027"})
		d.Accept = len(d.Requests)
	}
	return d
}

// monthly is the first monthly report agency owes (one that may be nil,
// if nilOnly), or "".
func monthly(cat *coord.Catalogue, agency string, nilOnly bool) string {
	for _, o := range cat.Obligations {
		if !slices.Contains(o.From, agency) || (nilOnly && !o.NilAllowed) {
			continue
		}
		for _, s := range o.Schedules {
			if s.Cadence == coord.Monthly {
				return o.ID
			}
		}
	}
	return ""
}

// demoWorkers are the rows of the demo's lists, by column key; the second
// has a date of birth that does not exist, for the refusal to show, and
// their employer is an FDI company missing from 11.2, for an alert.
var demoWorkers = []map[string]string{
	{"name": "KIM MIN JUN", "birth_date": "12/04/1985", "sex": "Nam", "nationality": "Hàn Quốc", "passport": "M12345678",
		"number": "BG-2027-0001", "issued": "15/01/2027", "valid_from": "15/01/2027", "valid_to": "14/01/2029", "position": "Chuyên gia"},
	{"name": "LI WEI", "birth_date": "31/02/1990", "sex": "Nam", "nationality": "Trung Quốc", "passport": "E12345678",
		"number": "BG-2027-0002", "issued": "20/01/2027", "valid_from": "20/01/2027", "valid_to": "19/01/2029", "position": "Lao động kỹ thuật"},
	{"name": "TANAKA HIRO", "birth_date": "01/01/1980", "sex": "Nam", "nationality": "Nhật Bản", "passport": "TK1234567",
		"number": "BG-2027-0003", "issued": "25/01/2027", "valid_from": "25/01/2027", "valid_to": "24/01/2029", "position": "Nhà quản lý"},
}

// demoList is a list of the demo workers in the columns of t, the
// passports and numbers told apart by who sends it.
func demoList(t coord.ListTemplate, persona int64) [][]string {
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Header
	}
	rows := [][]string{header}
	for n, w := range demoWorkers {
		row := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			v := w[c.Key]
			switch c.Key {
			case "passport":
				if persona != 2003 {
					v = v[:len(v)-1] + "9" // the coordinator's own list: other people
				}
			case "number":
				if persona != 2003 {
					v = "LĐ" + strings.TrimPrefix(v, "BG")
				}
			case "doc_type":
				v = c.Values[0]
			case "employer":
				v = "Công ty TNHH Điện tử Sao Mai"
			case "employer_kind":
				v = "Doanh nghiệp có vốn đầu tư nước ngoài"
			case "tax_code":
				v = "2400555555"
			case "zone":
				v = "KCN Quang Châu"
			case "address":
				v = "Lô A" + string(rune('1'+n)) + ", KCN Quang Châu, Việt Yên"
			}
			if c.Type == coord.ColEnum && v != "" && !slices.Contains(c.Values, v) {
				v = ""
			}
			row[i] = v
		}
		rows = append(rows, row)
	}
	return rows
}
