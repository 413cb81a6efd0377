//go:build !unix

package outfile

import "io/fs"

// umask is the usual mask where the system has none to read. Windows has
// no umask and no POSIX modes: a file's mode there only says read-only or
// not, and os.CreateTemp's files are writable by their owner, which is
// what the mask of 0o022 gives on a POSIX system.
func umask() fs.FileMode { return 0o022 }
