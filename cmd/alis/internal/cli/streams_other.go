//go:build !unix

package cli

import "os"

// startedClosed: where the system cannot tell, a stream is taken as given.
// On Windows a process started without a standard stream has an invalid
// handle for it, and Go's os.Stdout writes to it fail with an error: alis
// then reports that the output cannot be written (exit 2) at the first
// write, instead of before it starts as on a POSIX system.
func startedClosed(*os.File) bool { return false }
