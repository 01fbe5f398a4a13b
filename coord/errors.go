package coord

import (
	"errors"
	"fmt"
)

// Code classifies an error so that the handlers' error sink can pick a safe,
// polite reply without looking at internal details.
type Code string

// Error codes shared by every package.
const (
	ENotFound    Code = "not_found"   // a record the caller named does not exist
	EForbidden   Code = "forbidden"   // the caller may not do this
	EInvalid     Code = "invalid"     // the input is malformed
	EConflict    Code = "conflict"    // the record changed state meanwhile (used invite, …)
	EExpired     Code = "expired"     // the record is past its validity
	EUnavailable Code = "unavailable" // a dependency (Redis, the database) is down for now
	ERefused     Code = "refused"     // the person was told why, in their own words: their mistake, not ours
	EInternal    Code = "internal"    // a bug or an unexpected failure
)

// Error is a domain error: a code for the sink and an internal message for
// the log. The message is never shown to officers.
type Error struct {
	Code    Code
	Message string
	Err     error
}

func (e *Error) Error() string {
	switch {
	case e.Err != nil && e.Message != "":
		return e.Message + ": " + e.Err.Error()
	case e.Err != nil:
		return e.Err.Error()
	default:
		return e.Message
	}
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error with a formatted internal message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap marks err with code; a nil err stays nil.
func Wrap(code Code, err error, msg string) error {
	if err == nil {
		return nil
	}
	return &Error{Code: code, Message: msg, Err: err}
}

// Coder is an error that knows its code without being an *Error: a
// refusal worded for the officer (texts.Refusal) is one.
type Coder interface{ ErrorCode() Code }

// ErrorCode returns the code of the outermost *Error in err's chain, else
// that of the first Coder, or EInternal for any other non-nil error.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var c Coder
	if errors.As(err, &c) {
		return c.ErrorCode()
	}
	return EInternal
}

// ErrNotFound is returned by stores when a record does not exist.
var ErrNotFound = &Error{Code: ENotFound, Message: "not found"}

// ErrUnavailable is returned by the state store while Redis cannot be reached.
var ErrUnavailable = &Error{Code: EUnavailable, Message: "temporarily unavailable"}

// ErrCannotWrite marks a database that cannot write for now: the disk is
// full, the file system went read-only, or the disk fails (SQLite's FULL,
// READONLY, IOERR, CANTOPEN). Reads usually still work. The store wraps its
// error with it (CannotWrite finds it under any other wrapping), and its
// code is EUnavailable: nothing was written, and the same update succeeds
// once the operator frees the disk.
var ErrCannotWrite = &Error{Code: EUnavailable, Message: "database cannot write"}

// CannotWrite reports whether err is, somewhere in its chain, the
// database's refusal to write (ErrCannotWrite): the components that write
// in the background log it once a minute rather than at every attempt.
func CannotWrite(err error) bool { return errors.Is(err, ErrCannotWrite) }
