package batch

import "github.com/alis-tilskudd/alis/internal/msg"

// Error is a batch that cannot start: an input that cannot be read, a
// column that is missing. Hint says what to do.
type Error struct {
	Err  error
	hint msg.Texter
	flag bool // about a flag (--map), not the input
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Text is the error in l.
func (e *Error) Text(l msg.Lang) string { return msg.Text(l, e.Err) }

// Hint says what to do about the error, in l.
func (e *Error) Hint(l msg.Lang) string {
	if e.hint == nil {
		return ""
	}
	return e.hint.Text(l)
}

// errorf is an input that cannot be read.
//
//msg:format
func errorf(format string, args ...any) *Error {
	return &Error{Err: msg.Errorf(format, args...)}
}

// flagErrorf is a flag about the input (--map) that cannot be used.
//
//msg:format
func flagErrorf(format string, args ...any) *Error {
	return &Error{Err: msg.Errorf(format, args...), flag: true}
}

// withHint adds what to do.
//
//msg:format
func (e *Error) withHint(format string, args ...any) *Error {
	e.hint = msg.New(format, args...)
	return e
}
