package sandbox

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/internal/fakeapi"
)

// SeedStart is the sandbox time a new demo province begins at: the first
// Monday of 2027, so that every deadline the demo shows is one the bot owes.
var SeedStart = func(loc *time.Location) time.Time { return time.Date(2027, time.January, 4, 9, 0, 0, 0, loc) }

// inviteLink finds the code in the bot's invite message.
var inviteLink = regexp.MustCompile(`\?start=([A-Za-z0-9_-]+)`)

// Seed plays the demo province into being through the real bot, as people
// would in chat: the admin enrols every officer with an invite and binds
// the groups; then, a month later, reports are sent (one on time, one late,
// a nil report) and requests made; two weeks on, one of them is overdue.
// Each step waits until the bot has handled the one before.
func (s *Server) Seed(ctx context.Context) error {
	step := func(id int64, err error) error {
		if err != nil {
			return err
		}
		return s.opt.API.Confirmed(ctx, id)
	}
	say := func(persona, chat int64, text string) error {
		return step(s.Say(persona, chat, text, 0))
	}
	if err := say(AdminID, AdminID, "/start"); err != nil {
		return err
	}
	for _, p := range s.opt.Demo.Personas {
		if p.Admin || p.Agency == "" {
			continue
		}
		code, err := s.invite(ctx, p.Agency)
		if err != nil {
			return err
		}
		if err := say(p.ID, p.ID, "/start "+code); err != nil {
			return err
		}
	}
	for _, c := range s.opt.Demo.Chats {
		if c.Group {
			if err := say(AdminID, c.ID, "/bindgroup "+c.Agency); err != nil {
				return err
			}
		}
	}
	loc := s.opt.Location
	if err := s.drained(ctx); err != nil {
		return err
	}
	if err := s.opt.Clock.JumpTo(time.Date(2027, time.February, 2, 9, 0, 0, 0, loc)); err != nil {
		return err
	}
	pdf := func(title string) []byte {
		return []byte("%PDF-1.4\n% " + title + "\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	}
	demo := s.opt.Demo
	for _, r := range demo.Reports {
		if r.Nil {
			if err := say(r.Persona, r.Persona, fmt.Sprintf("/nil %s %s", r.Obligation, r.Period)); err != nil {
				return err
			}
			continue
		}
		name, data := fmt.Sprintf("%s-%s.pdf", r.Obligation, r.Period), pdf(r.Obligation+" "+r.Period)
		if r.List != nil {
			var b bytes.Buffer
			w := csv.NewWriter(&b)
			if err := w.WriteAll(r.List); err != nil {
				return err
			}
			name, data = fmt.Sprintf("danh-sach-%s-%s.csv", r.Obligation, r.Period), b.Bytes()
		}
		if err := step(s.Send(r.Persona, r.Persona, name, data, fmt.Sprintf("/submit %s %s", r.Obligation, r.Period))); err != nil {
			return err
		}
	}
	// The police leave the first request unanswered: it becomes overdue.
	lan := int64(2001)
	for _, q := range demo.Requests {
		if err := say(lan, lan, fmt.Sprintf("/request %s %s %s", q.To, q.Due, q.Subject)); err != nil {
			return err
		}
	}
	if demo.Accept > 0 {
		if err := say(2003, 2003, fmt.Sprintf("/accept %d", demo.Accept)); err != nil {
			return err
		}
	}
	if err := s.drained(ctx); err != nil {
		return err
	}
	if err := s.opt.Clock.JumpTo(time.Date(2027, time.February, 15, 9, 0, 0, 0, loc)); err != nil {
		return err
	}
	return s.drained(ctx)
}

func (s *Server) drained(ctx context.Context) error {
	if s.opt.Drained == nil {
		return nil
	}
	return s.opt.Drained(ctx)
}

// invite asks the bot, as the admin, for an invite code of agency.
func (s *Server) invite(ctx context.Context, agency string) (string, error) {
	before := 0
	if calls := s.opt.API.Calls(); len(calls) > 0 {
		before = calls[len(calls)-1].Seq
	}
	id, err := s.Say(AdminID, AdminID, "/invite "+agency+" officer", 0)
	if err != nil {
		return "", err
	}
	if err := s.opt.API.Confirmed(ctx, id); err != nil {
		return "", err
	}
	c, err := s.opt.API.Wait(ctx, func(c fakeapi.Call) bool {
		return c.Seq > before && c.Method == "sendMessage" && c.ChatID() == AdminID && strings.Contains(c.Params["text"], "?start=")
	})
	if err != nil {
		return "", err
	}
	m := inviteLink.FindStringSubmatch(c.Params["text"])
	if m == nil {
		return "", fmt.Errorf("no invite code in %q", c.Params["text"])
	}
	return m[1], nil
}
