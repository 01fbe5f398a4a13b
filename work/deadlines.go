package work

import (
	"context"
	"fmt"
	"time"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// DeadlineTx is what a deadline reminder reads.
type DeadlineTx interface {
	coord.Submissions
	coord.Directory
}

// Due is one deadline reminder the plan holds for today: an agency, an
// obligation's period and which reminder it is.
type Due struct {
	Kind       coord.ReminderKind
	Obligation coord.Obligation
	Agency     string
	Deadline   coord.Deadline
}

// Reminded is the outcome of RemindDeadline.
type Reminded struct {
	Out
	// Submitted: the period arrived, so nothing is sent. Nowhere: the
	// agency has no group and no officer yet, so nothing could be sent.
	Submitted, Nowhere bool
}

// RemindDeadline reminds an agency of a period it has not submitted, in
// its group or else privately to each officer in their language. It reads
// the submissions in the caller's transaction, so a report that arrived a
// moment ago stops its reminder.
func (s *Service) RemindDeadline(ctx context.Context, tx DeadlineTx, now time.Time, d Due) (Reminded, error) {
	var res Reminded
	subs, err := tx.Submissions(ctx, coord.SubmissionFilter{Obligation: d.Obligation.ID, Agency: d.Agency, Period: d.Deadline.Period.String(), NoFiles: true})
	if err != nil {
		return res, fmt.Errorf("list submissions: %w", err)
	}
	if len(subs) > 0 {
		res.Submitted = true
		return res, nil
	}
	recipients, mode, err := coord.Reach(ctx, tx, d.Agency)
	if err != nil {
		return res, err
	}
	if mode == coord.Unreachable {
		res.Nowhere = true
		return res, nil
	}
	day := s.Calendar.Today(now)
	for _, rc := range recipients {
		res.send(coord.OutMessage{Kind: coord.OutText, ChatID: rc.ChatID,
			Text: texts.DeadlineReminder(d.Kind, d.Obligation, d.Deadline, day, rc.Lang)})
	}
	return res, nil
}
