package scheduler

import (
	"github.com/bacgiang/fwbot/coord"
	"github.com/bacgiang/fwbot/texts"
)

// What the scheduler posts into groups is in Vietnamese, which groups read;
// what it sends an officer privately is in that officer's language
// (coord.Recipient.Lang). Deadlines and periods are put into words by
// package texts, the same words every view of the handlers uses.

type msg = texts.Msg

func agencyName(cat *coord.Catalogue, code string) string {
	return texts.AgencyName(cat, code, coord.LangVI)
}
