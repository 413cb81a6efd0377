package calc

import (
	"encoding/json"
	"fmt"
)

// Optional is a value that may be missing: a cost that was not given, an
// amount applied for. It cannot be half-set: Some gives one with a value,
// the zero Optional has none. It marshals as the value, or as null.
type Optional[T any] struct {
	v  T
	ok bool
}

// Some is an Optional with a value.
func Some[T any](v T) Optional[T] { return Optional[T]{v: v, ok: true} }

// Get returns the value and whether there is one.
func (o Optional[T]) Get() (T, bool) { return o.v, o.ok }

// Ok reports whether there is a value.
func (o Optional[T]) Ok() bool { return o.ok }

// Or returns the value, or d when there is none.
func (o Optional[T]) Or(d T) T {
	if o.ok {
		return o.v
	}
	return d
}

// MarshalJSON writes the value, or null.
func (o Optional[T]) MarshalJSON() ([]byte, error) {
	if !o.ok {
		return []byte("null"), nil
	}
	return json.Marshal(o.v)
}

// UnmarshalJSON reads a value, or null for none.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*o = Optional[T]{}
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*o = Some(v)
	return nil
}

// String writes the value as fmt does, or "none".
func (o Optional[T]) String() string {
	if !o.ok {
		return "none"
	}
	return fmt.Sprint(o.v)
}
