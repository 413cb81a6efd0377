package batch

import "fmt"

// Error is a batch that cannot start: an input that cannot be read, a
// column that is missing. Hint says what to do.
type Error struct {
	Err  error
	hint string
	flag bool // about a flag (--map), not the input
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Hint says what to do about the error.
func (e *Error) Hint() string { return e.hint }

func errorf(hint, format string, args ...any) *Error {
	return &Error{Err: fmt.Errorf(format, args...), hint: hint}
}

func flagErrorf(hint, format string, args ...any) *Error {
	return &Error{Err: fmt.Errorf(format, args...), hint: hint, flag: true}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
