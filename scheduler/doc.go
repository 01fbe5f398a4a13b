// Package scheduler decides when things happen without being asked: deadline
// reminders, overdue nudges, request escalation and digests (issue 5). It
// talks to the outside only through coord's interfaces and an injected
// clock.
package scheduler
