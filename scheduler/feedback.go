package scheduler

import (
	"context"
	"fmt"

	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// Difficulties reported to the coordinator (Điều 18) in the digests: the
// open ones in the weekly digest, those of the report's period with the
// inputs digest of the coordinator's half-year and yearly report.

// feedbackItems are fs as the digests list them.
func (s *Scheduler) feedbackItems(fs []coord.Feedback) []texts.FeedbackItem {
	out := make([]texts.FeedbackItem, 0, len(fs))
	for _, f := range fs {
		out = append(out, texts.FeedbackItem{ID: f.ID, AgencyName: agencyName(s.opt.Catalogue, f.Agency), Subject: f.Subject,
			Received: s.opt.Calendar.Today(f.CreatedAt), State: f.State, Response: f.Response})
	}
	return out
}

// openFeedbacks are the items still waiting for the coordinator.
func (s *Scheduler) openFeedbacks(ctx context.Context, tx coord.Tx) ([]texts.FeedbackItem, error) {
	fs, err := tx.OpenFeedbacks(ctx)
	if err != nil {
		return nil, fmt.Errorf("open feedback: %w", err)
	}
	return s.feedbackItems(fs), nil
}

// periodFeedbacks are the items received in period p, whatever their state.
func (s *Scheduler) periodFeedbacks(ctx context.Context, tx coord.Tx, p coord.Period) ([]texts.FeedbackItem, error) {
	loc := s.opt.Calendar.Location
	fs, err := tx.FeedbacksBetween(ctx, p.Start().At(loc), p.End().AddDays(1).At(loc))
	if err != nil {
		return nil, fmt.Errorf("feedback of %s: %w", p, err)
	}
	return s.feedbackItems(fs), nil
}
