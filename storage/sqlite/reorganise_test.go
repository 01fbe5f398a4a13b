package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bacgiang/fwbot/coord"
)

// reorganised is the catalogue after a reorganisation: ldtbxh became
// sonoivu, and khdt merged into bqlkcn, which existed before.
func reorganised(t *testing.T, retired ...string) *coord.Catalogue {
	t.Helper()
	cat, err := coord.NewCatalogue([]coord.Agency{
		{Code: "sonoivu", Name: "Sở Nội vụ", Kind: coord.KindDepartment, Coordinator: true, RenamedFrom: []string{"ldtbxh"}},
		{Code: "ca", Name: "Công an tỉnh", Kind: coord.KindPolice},
		{Code: "bqlkcn", Name: "Ban Quản lý các KCN", Kind: coord.KindBoard, RenamedFrom: []string{"khdt"}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := cat.SetRetired(retired); err != nil {
		t.Fatal(err)
	}
	return cat
}

// seedHistory fills a database made with the old catalogue (ldtbxh, ca,
// bqlkcn, khdt) with records of every kind.
func seedHistory(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	old := append(slices.Clone(testAgencies), coord.Agency{Code: "khdt", Name: "Sở Kế hoạch và Đầu tư", Kind: coord.KindDepartment})
	if err := db.SyncAgencies(ctx, old); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO users (telegram_id, agency, role, created_at, updated_at) VALUES (1, 'ldtbxh', 'officer', ?1, ?1), (2, 'khdt', 'lead', ?1, ?1), (3, 'ca', 'officer', ?1, ?1)`,
		`INSERT INTO invites (code_hash, agency, role, created_by, created_at, expires_at) VALUES ('h1', 'ldtbxh', 'officer', 1, ?1, ?1)`,
		`INSERT INTO chat_bindings (chat_id, code, bound_by, bound_at) VALUES (-100, 'ldtbxh', 1, ?1), (-200, 'khdt', 1, ?1), (-300, 'bqlkcn', 1, ?1), (-400, 'coord', 1, ?1)`,
		`INSERT INTO submissions (id, obligation, agency, period, version, kind, submitted_by, chat_id, submitted_at) VALUES
		 (1, '6.6', 'ldtbxh', '2026-H1', 1, 'nil', 1, 1, ?1),
		 (2, '10.2', 'khdt', '2026', 1, 'nil', 2, 2, ?1), (3, '10.2', 'khdt', '2026', 2, 'nil', 2, 2, ?1),
		 (4, '10.2', 'bqlkcn', '2026', 1, 'nil', 2, 2, ?1)`,
		`INSERT INTO deliveries (submission_id, agency, mode, created_at) VALUES (1, 'ca', 'group', ?1), (2, 'ldtbxh', 'group', ?1), (4, 'ldtbxh', 'group', ?1), (4, 'khdt', 'private', ?1), (4, 'bqlkcn', 'group', ?1)`,
		`INSERT INTO requests (id, type, from_agency, to_agency, due_date, state, created_by, created_at, updated_at) VALUES (7, 'info', 'ldtbxh', 'ca', '2026-12-20', 'open', 1, ?1, ?1)`,
		`INSERT INTO request_events (request_id, at, actor, actor_agency, action) VALUES (7, ?1, 1, 'ldtbxh', 'create')`,
		`INSERT INTO inspections (id, year, kind, lead, members, state, created_by, created_at, updated_at) VALUES
		 (3, 2026, 'annual', 'ldtbxh', '[{"agency":"khdt","answer":"join"},{"agency":"bqlkcn"},{"agency":"ca"}]', 'issued', 1, ?1, ?1)`,
		`INSERT INTO meetings (id, title, start_at, chair, invitees, conclusions, state, created_by, chat_id, created_at, updated_at) VALUES
		 (5, 'Họp', ?1, 'ca', '[{"agency":"ldtbxh"},{"agency":"khdt"}]', '[{"agency":"ldtbxh","due":"2026-12-30","text":"Rà soát"}]', 'held', 3, 3, ?1, ?1)`,
		`INSERT INTO once_keys (key, at) VALUES ('rem:6.6:ldtbxh:2026-H1:2026-07-10', ?1), ('reqesc:7', ?1), ('bcrem:2:khdt', ?1), ('bcrem:2:bqlkcn', ?1)`,
	} {
		if _, err := db.x.ExecContext(ctx, q, t0); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestApplyCatalogueCarriesHistoryOver(t *testing.T) {
	ctx := context.Background()
	db := openAt(t, filepath.Join(t.TempDir(), "bot.db"))
	seedHistory(t, db)

	carried, err := db.ApplyCatalogue(ctx, reorganised(t))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, c := range carried {
		got[c.From+">"+c.To+" "+c.Kind] = c.Count
	}
	for key, want := range map[string]int64{
		"ldtbxh>sonoivu officers": 1, "ldtbxh>sonoivu group bindings": 1, "ldtbxh>sonoivu submissions": 1,
		"ldtbxh>sonoivu requests sent": 1, "ldtbxh>sonoivu inspections led": 1, "ldtbxh>sonoivu meeting conclusions": 1,
		"ldtbxh>sonoivu reminders already sent": 1, "ldtbxh>sonoivu deliveries": 2,
		"khdt>bqlkcn officers": 1, "khdt>bqlkcn group bindings dropped (the new agency has its own)": 1,
		"khdt>bqlkcn submissions": 2, "khdt>bqlkcn deliveries dropped (the new agency has its own)": 1,
		"khdt>bqlkcn inspection memberships": 1, "khdt>bqlkcn reminders already sent": 1,
	} {
		if got[key] != want {
			t.Errorf("carried %q = %d, want %d (all: %v)", key, got[key], want, got)
		}
	}

	query := func(q string, args ...any) []string {
		t.Helper()
		var out []string
		if err := db.x.SelectContext(ctx, &out, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return out
	}
	same := func(what string, got []string, want ...string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s = %q, want %q", what, got, want)
		}
	}
	same("users", query(`SELECT telegram_id || ':' || agency || ':' || role FROM users ORDER BY telegram_id`), "1:sonoivu:officer", "2:bqlkcn:lead", "3:ca:officer")
	same("bindings", query(`SELECT chat_id || ':' || code FROM chat_bindings ORDER BY chat_id DESC`), "-100:sonoivu", "-300:bqlkcn", "-400:coord")
	// The merged agency's versions of 10.2 come after bqlkcn's own.
	same("submissions", query(`SELECT id || ':' || agency || ':v' || version FROM submissions ORDER BY id`),
		"1:sonoivu:v1", "2:bqlkcn:v2", "3:bqlkcn:v3", "4:bqlkcn:v1")
	same("deliveries", query(`SELECT submission_id || ':' || agency FROM deliveries ORDER BY submission_id, agency`),
		"1:ca", "2:sonoivu", "4:bqlkcn", "4:sonoivu")
	same("request 7", query(`SELECT from_agency || '>' || to_agency FROM requests WHERE id = 7`), "sonoivu>ca")
	same("request 7 steps", query(`SELECT actor_agency FROM request_events WHERE request_id = 7`), "sonoivu")
	same("inspection 3", query(`SELECT lead || ' ' || members FROM inspections WHERE id = 3`),
		`sonoivu [{"agency":"bqlkcn"},{"agency":"ca"}]`)
	same("meeting 5", query(`SELECT invitees || ' ' || conclusions FROM meetings WHERE id = 5`),
		`[{"agency":"sonoivu"},{"agency":"bqlkcn"}] [{"agency":"sonoivu","due":"2026-12-30","text":"Rà soát"}]`)
	same("once keys", query(`SELECT key FROM once_keys ORDER BY key`),
		"bcrem:2:bqlkcn", "rem:6.6:sonoivu:2026-H1:2026-07-10", "reqesc:7")
	same("agencies", query(`SELECT code || ':' || active FROM agencies ORDER BY code`),
		"bqlkcn:1", "ca:1", "khdt:0", "ldtbxh:0", "sonoivu:1")
	audits := query(`SELECT subject || ' ' || after_json FROM audit_log WHERE action = 'agency.carry_over' ORDER BY subject`)
	if len(audits) != 2 || !strings.HasPrefix(audits[0], `khdt {"records":{`) || !strings.Contains(audits[1], `"to":"sonoivu"`) {
		t.Errorf("audit rows: %q", audits)
	}

	// A second start with the same catalogue moves nothing and audits nothing.
	again, err := db.ApplyCatalogue(ctx, reorganised(t))
	if err != nil || len(again) != 0 {
		t.Fatalf("second start carried %v, %v; want nothing", again, err)
	}
	if n := query(`SELECT COUNT(*) FROM audit_log WHERE action = 'agency.carry_over'`); n[0] != "2" {
		t.Errorf("audit rows after the second start: %s, want 2", n[0])
	}
}

func TestApplyCatalogueRefusesARemovedAgencyWithRecords(t *testing.T) {
	ctx := context.Background()
	db := openAt(t, filepath.Join(t.TempDir(), "bot.db"))
	seedHistory(t, db)
	// khdt simply removed: bqlkcn does not say renamed_from.
	cat, err := coord.NewCatalogue([]coord.Agency{
		{Code: "sonoivu", Name: "Sở Nội vụ", Kind: coord.KindDepartment, Coordinator: true, RenamedFrom: []string{"ldtbxh"}},
		{Code: "ca", Name: "Công an tỉnh", Kind: coord.KindPolice},
		{Code: "bqlkcn", Name: "Ban Quản lý các KCN", Kind: coord.KindBoard},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.ApplyCatalogue(ctx, cat)
	var orphans *OrphanedAgenciesError
	if !errors.As(err, &orphans) {
		t.Fatalf("start with khdt removed: %v, want an OrphanedAgenciesError", err)
	}
	msg := err.Error()
	for _, want := range []string{`agency "khdt"`, "officers: 1", "submissions: 2", "group bindings: 1", "renamed_from: [khdt]", "retired_agencies"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, `"ldtbxh"`) {
		t.Errorf("error names ldtbxh, which is renamed: %s", msg)
	}
	// Nothing changed: the refused start was one transaction.
	var agency string
	if err := db.x.GetContext(ctx, &agency, `SELECT agency FROM users WHERE telegram_id = 1`); err != nil || agency != "ldtbxh" {
		t.Errorf("user 1 after a refused start: %q, %v; want ldtbxh kept", agency, err)
	}
	// Retired, its records stay as history and the start goes on.
	if _, err := db.ApplyCatalogue(ctx, withRetired(t, cat, "khdt")); err != nil {
		t.Fatalf("start with khdt retired: %v", err)
	}
	if err := db.x.GetContext(ctx, &agency, `SELECT agency FROM users WHERE telegram_id = 2`); err != nil || agency != "khdt" {
		t.Errorf("user 2 of the retired agency: %q, %v; want khdt kept", agency, err)
	}
}

func withRetired(t *testing.T, cat *coord.Catalogue, codes ...string) *coord.Catalogue {
	t.Helper()
	if err := cat.SetRetired(codes); err != nil {
		t.Fatal(err)
	}
	return cat
}

// TestEveryAgencyColumnIsCarried reads the schema: a column that names an
// agency and is not in agencyColumns or jsonAgencyColumns would keep old
// codes after a reorganisation.
func TestEveryAgencyColumnIsCarried(t *testing.T) {
	db := openAt(t, Memory)
	var tables []string
	if err := db.x.Select(&tables, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`); err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{"agencies.code": true}
	for _, c := range append(slices.Clone(agencyColumns), jsonAgencyColumns...) {
		known[c.table+"."+c.column] = true
	}
	named := regexp.MustCompile(`(^|_)(agency|agencies|lead|chair|organiser|organisers|members|invitees|conclusions)$|^code$`)
	for _, table := range tables {
		var cols []struct {
			Name string `db:"name"`
		}
		if err := db.x.Select(&cols, `SELECT name FROM pragma_table_info(?)`, table); err != nil {
			t.Fatal(err)
		}
		for _, c := range cols {
			if named.MatchString(c.Name) && !known[table+"."+c.Name] {
				t.Errorf("%s.%s looks like it names an agency but a reorganisation does not carry it (add it to agencyColumns)", table, c.Name)
			}
		}
	}
}
