package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/bacgiang/fwbot/coord"
)

// agencyColumn is a column that holds one agency code per row. unique names
// the other columns of a UNIQUE constraint the column is part of: a merge
// may find the new code already there, and then the old row is dropped
// (the new agency's own row wins).
type agencyColumn struct {
	table, column, kind string
	unique              []string
}

// agencyColumns are every column of the schema that names an agency. A new
// table with an agency column is added here, or a reorganisation leaves its
// rows behind (TestEveryAgencyColumnIsCarried checks the schema against it).
var agencyColumns = []agencyColumn{
	{table: "users", column: "agency", kind: "officers"},
	{table: "invites", column: "agency", kind: "invites"},
	{table: "chat_bindings", column: "code", kind: "group bindings", unique: []string{}},
	{table: "submissions", column: "agency", kind: "submissions"}, // versions renumbered first, see carrySubmissions
	{table: "deliveries", column: "agency", kind: "deliveries", unique: []string{"submission_id"}},
	{table: "requests", column: "from_agency", kind: "requests sent"},
	{table: "requests", column: "to_agency", kind: "requests received"},
	{table: "request_events", column: "actor_agency", kind: "request steps"},
	{table: "inspections", column: "lead", kind: "inspections led"},
	{table: "inspection_events", column: "actor_agency", kind: "inspection steps"},
	{table: "notices", column: "from_agency", kind: "notices sent"},
	{table: "notice_recipients", column: "agency", kind: "notices received", unique: []string{"notice_id"}},
	{table: "broadcasts", column: "from_agency", kind: "broadcasts sent"},
	{table: "broadcast_targets", column: "agency", kind: "broadcasts received", unique: []string{"broadcast_id"}},
	{table: "meetings", column: "chair", kind: "meetings chaired"},
	{table: "trainings", column: "organiser", kind: "trainings organised"},
	{table: "feedback", column: "agency", kind: "difficulties reported"},
	{table: "register_facts", column: "agency", kind: "register rows"},
	{table: "register_alerts", column: "closed_agency", kind: "register alerts closed"},
}

// jsonAgencyColumns hold JSON arrays of objects with an "agency" field
// (coord.InspectionMember, coord.Conclusion).
var jsonAgencyColumns = []agencyColumn{
	{table: "inspections", column: "members", kind: "inspection memberships"},
	{table: "meetings", column: "invitees", kind: "meeting invitations"},
	{table: "meetings", column: "conclusions", kind: "meeting conclusions"},
	{table: "trainings", column: "co_organisers", kind: "training co-organisations"},
	{table: "register_alerts", column: "agencies", kind: "register alerts told"},
}

// ApplyCatalogue makes the database follow the catalogue at start, in one
// transaction: the agencies table is synced (SyncAgencies), the records of
// every renamed or merged code (Catalogue.Moves) become the new agency's —
// officers, invites, group bindings, submissions, deliveries, requests and
// their steps, inspections, notices, broadcasts, meetings, trainings and the
// scheduler's once keys, numbers kept — each move audited, and then a code
// that left the catalogue while records still name it, neither renamed nor
// retired, stops the start (nothing is changed). Running it again moves
// nothing: it returns what it carried over, one entry per record kind.
func (db *DB) ApplyCatalogue(ctx context.Context, cat *coord.Catalogue) ([]coord.CarriedOver, error) {
	now := db.Now().UTC()
	var out []coord.CarriedOver
	err := db.writeTx(ctx, func(t *sqlx.Tx) error {
		out = nil
		if err := syncAgencies(ctx, t, cat.Agencies, now); err != nil {
			return err
		}
		for _, m := range cat.Moves() {
			moved, err := carryOver(ctx, t, m)
			if err != nil {
				return fmt.Errorf("carry %s over to %s: %w", m.From, m.To, err)
			}
			if len(moved) == 0 {
				continue
			}
			counts := map[string]int64{}
			for _, c := range moved {
				counts[c.Kind] = c.Count
			}
			after, _ := json.Marshal(map[string]any{"to": m.To, "records": counts})
			if _, err := t.ExecContext(ctx, t.Rebind(`INSERT INTO audit_log (at, actor, action, subject, before_json, after_json)
VALUES (?, 0, 'agency.carry_over', ?, NULL, ?)`), now, m.From, string(after)); err != nil {
				return wrapErr("audit carry-over", err)
			}
			out = append(out, moved...)
		}
		return checkOrphans(ctx, t, cat)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// carryOver moves the records of m.From to m.To.
func carryOver(ctx context.Context, t *sqlx.Tx, m coord.Move) ([]coord.CarriedOver, error) {
	var out []coord.CarriedOver
	add := func(kind string, n int64) {
		if n == 0 {
			return
		}
		for i := range out {
			if out[i].Kind == kind {
				out[i].Count += n
				return
			}
		}
		out = append(out, coord.CarriedOver{Move: m, Kind: kind, Count: n})
	}
	if err := renumberSubmissions(ctx, t, m); err != nil {
		return nil, err
	}
	for _, c := range agencyColumns {
		if c.unique != nil {
			// Where the new agency already has the row, the old one goes.
			cond := "1 = 1" // a code unique on its own: one group per agency
			if len(c.unique) > 0 {
				var on []string
				for _, u := range c.unique {
					on = append(on, fmt.Sprintf("x.%s = %s.%s", u, c.table, u))
				}
				cond = strings.Join(on, " AND ")
			}
			del := fmt.Sprintf(`DELETE FROM %[1]s WHERE %[2]s = ? AND EXISTS (SELECT 1 FROM %[1]s x WHERE x.%[2]s = ? AND %[3]s)`,
				c.table, c.column, cond)
			res, err := t.ExecContext(ctx, t.Rebind(del), m.From, m.To)
			if err != nil {
				return nil, wrapErr("drop "+c.table+" rows the new agency has", err)
			}
			n, _ := res.RowsAffected()
			add(c.kind+" dropped (the new agency has its own)", n)
		}
		res, err := t.ExecContext(ctx, t.Rebind(fmt.Sprintf(`UPDATE %s SET %s = ? WHERE %s = ?`, c.table, c.column, c.column)), m.To, m.From)
		if err != nil {
			return nil, wrapErr("carry "+c.table+"."+c.column, err)
		}
		n, _ := res.RowsAffected()
		add(c.kind, n)
	}
	for _, c := range jsonAgencyColumns {
		n, err := carryJSON(ctx, t, c, m)
		if err != nil {
			return nil, err
		}
		add(c.kind, n)
	}
	n, err := carryOnceKeys(ctx, t, m)
	if err != nil {
		return nil, err
	}
	add("reminders already sent", n)
	return out, nil
}

// renumberSubmissions makes room for a merge: where both agencies have
// versions of one obligation's period, the old agency's versions come after
// the new one's (versions are unique per obligation, agency and period).
func renumberSubmissions(ctx context.Context, t *sqlx.Tx, m coord.Move) error {
	var clashes []struct {
		Obligation string `db:"obligation"`
		Period     string `db:"period"`
		Top        int    `db:"top"`
	}
	err := t.SelectContext(ctx, &clashes, t.Rebind(`SELECT o.obligation, o.period, MAX(n.version) AS top
FROM submissions o JOIN submissions n ON n.obligation = o.obligation AND n.period = o.period AND n.agency = ?
WHERE o.agency = ? GROUP BY o.obligation, o.period`), m.To, m.From)
	if err != nil {
		return wrapErr("find merged submissions", err)
	}
	for _, c := range clashes {
		// Highest first, so no step collides with a version not yet moved.
		var ids []int64
		if err := t.SelectContext(ctx, &ids, t.Rebind(`SELECT id FROM submissions
WHERE agency = ? AND obligation = ? AND period = ? ORDER BY version DESC`), m.From, c.Obligation, c.Period); err != nil {
			return wrapErr("renumber merged submissions", err)
		}
		for _, id := range ids {
			if _, err := t.ExecContext(ctx, t.Rebind(`UPDATE submissions SET version = version + ? WHERE id = ?`), c.Top, id); err != nil {
				return wrapErr("renumber merged submissions", err)
			}
		}
	}
	return nil
}

// carryJSON rewrites the "agency" field of the objects of a JSON array
// column; an object of the old agency where the new one is already listed
// is dropped.
func carryJSON(ctx context.Context, t *sqlx.Tx, c agencyColumn, m coord.Move) (int64, error) {
	var rows []struct {
		ID   int64  `db:"id"`
		JSON string `db:"v"`
	}
	q := fmt.Sprintf(`SELECT id, %s AS v FROM %s WHERE %s LIKE ?`, c.column, c.table, c.column)
	if err := t.SelectContext(ctx, &rows, t.Rebind(q), `%"`+m.From+`"%`); err != nil {
		return 0, wrapErr("read "+c.table+"."+c.column, err)
	}
	var n int64
	for _, r := range rows {
		var items []map[string]any
		if err := json.Unmarshal([]byte(r.JSON), &items); err != nil {
			return 0, fmt.Errorf("%s %d: %s: %w", c.table, r.ID, c.column, err)
		}
		hasNew := slices.ContainsFunc(items, func(it map[string]any) bool { return it["agency"] == m.To })
		changed := false
		kept := items[:0]
		for _, it := range items {
			if it["agency"] == m.From {
				changed = true
				if hasNew && c.column != "conclusions" { // each conclusion is its own request
					continue
				}
				it["agency"] = m.To
			}
			kept = append(kept, it)
		}
		if !changed {
			continue
		}
		b, err := json.Marshal(kept)
		if err != nil {
			return 0, err
		}
		if _, err := t.ExecContext(ctx, t.Rebind(fmt.Sprintf(`UPDATE %s SET %s = ? WHERE id = ?`, c.table, c.column)), string(b), r.ID); err != nil {
			return 0, wrapErr("carry "+c.table+"."+c.column, err)
		}
		n++
	}
	return n, nil
}

// carryOnceKeys renames the scheduler's marks of what it already sent
// ("rem:6.4:<agency>:2027-01:…", "bcrem:3:<agency>"), so a reminder sent
// before the reorganisation is not sent again after it.
func carryOnceKeys(ctx context.Context, t *sqlx.Tx, m coord.Move) (int64, error) {
	var keys []string
	if err := t.SelectContext(ctx, &keys, t.Rebind(`SELECT key FROM once_keys WHERE key LIKE ?`), "%:"+m.From+"%"); err != nil {
		return 0, wrapErr("read once keys", err)
	}
	var n int64
	for _, k := range keys {
		parts := strings.Split(k, ":")
		changed := false
		for i, p := range parts {
			if p == m.From {
				parts[i], changed = m.To, true
			}
		}
		if !changed {
			continue
		}
		if _, err := t.ExecContext(ctx, t.Rebind(`INSERT INTO once_keys (key, at) SELECT ?, at FROM once_keys WHERE key = ?
ON CONFLICT (key) DO NOTHING`), strings.Join(parts, ":"), k); err != nil {
			return 0, wrapErr("carry once key", err)
		}
		if _, err := t.ExecContext(ctx, t.Rebind(`DELETE FROM once_keys WHERE key = ?`), k); err != nil {
			return 0, wrapErr("carry once key", err)
		}
		n++
	}
	return n, nil
}

// OrphanedAgenciesError is a start stopped because records name agency
// codes the catalogue no longer has.
type OrphanedAgenciesError struct {
	// Codes maps each such code to what still names it ("3 officers").
	Codes map[string][]string
}

func (e *OrphanedAgenciesError) Error() string {
	codes := make([]string, 0, len(e.Codes))
	for c := range e.Codes {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	var b strings.Builder
	for i, c := range codes {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "agency %q is no longer in the catalogue but the database still has records of it (%s)", c, strings.Join(e.Codes[c], ", "))
	}
	fmt.Fprintf(&b, ". Add renamed_from: [%s] to the agency that took over its duties (agencies: - {code: <new>, …, renamed_from: [%s]}) "+
		"to carry its officers, groups and records over, or list it under retired_agencies: to keep them as history without a successor",
		strings.Join(codes, ", "), strings.Join(codes, ", "))
	return b.String()
}

// checkOrphans refuses records naming a code that is neither in the
// catalogue, nor renamed, nor retired.
func checkOrphans(ctx context.Context, t *sqlx.Tx, cat *coord.Catalogue) error {
	known := []string{coord.CoordGroup}
	for _, a := range cat.Agencies {
		known = append(known, a.Code)
	}
	known = append(known, cat.Retired...)
	orphans := map[string][]string{}
	for _, c := range agencyColumns {
		q, args, err := sqlx.In(fmt.Sprintf(`SELECT %[1]s AS code, COUNT(*) AS n FROM %[2]s WHERE %[1]s <> '' AND %[1]s NOT IN (?) GROUP BY %[1]s`,
			c.column, c.table), known)
		if err != nil {
			return err
		}
		var rows []struct {
			Code string `db:"code"`
			N    int64  `db:"n"`
		}
		if err := t.SelectContext(ctx, &rows, t.Rebind(q), args...); err != nil {
			return wrapErr("find records of removed agencies", err)
		}
		for _, r := range rows {
			orphans[r.Code] = append(orphans[r.Code], fmt.Sprintf("%s: %d", c.kind, r.N))
		}
	}
	if len(orphans) > 0 {
		return &OrphanedAgenciesError{Codes: orphans}
	}
	return nil
}
